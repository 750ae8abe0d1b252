/**
 * Values from AWS features newer than this apiposture (an endpoint type, a TLS policy, an
 * authorization type it does not know) and missing optional fields. A check may FAIL on them
 * or report ERROR (invalid-data), but never PASS because it did not understand the value.
 */
import assert from 'node:assert/strict';
import { deploymentsOfDraft } from '../../src/analysis/deployed.js';
import { describe, it } from 'node:test';
import type { z } from 'zod';
import { allChecks } from '../../checks/index.js';
import { runChecks } from '../../src/engine/runner.js';
import type { CheckResult, Status } from '../../src/engine/types.js';
import { parseInventory } from '../../src/inventory/io.js';
import { inventorySchema, type Inventory, type RegionInventory, type UserPool } from '../../src/inventory/schema.js';
import { demo } from '../faults/support.js';

function evaluate(inventory: Inventory): CheckResult[] {
  return runChecks(allChecks, parseInventory(inventory, 'test'));
}

function mutated(change: (inventory: Inventory) => void): Inventory {
  const copy = structuredClone(demo);
  change(copy);
  return copy;
}

const eu = (inventory: Inventory): RegionInventory => inventory.regions.find((r) => r.region === 'eu-west-1')!;

function restApi(inventory: Inventory, name: string) {
  const apis = eu(inventory).apigateway.restApis;
  assert.ok(apis.ok);
  return apis.value.find((a) => a.name === name)!;
}

function v2Api(inventory: Inventory, name: string) {
  const apis = eu(inventory).apigatewayv2.apis;
  assert.ok(apis.ok);
  return apis.value.find((a) => a.Name === name)!;
}

function pool(inventory: Inventory, id: string): UserPool {
  const slot = Object.entries(inventory.shared.userPools).find(([arn]) => arn.endsWith(id))![1];
  assert.ok(slot.ok);
  return slot.value;
}

function resultOf(results: readonly CheckResult[], checkId: string, resourceName: string): CheckResult {
  const found = results.filter((r) => r.checkId === checkId && r.resource.name === resourceName);
  assert.equal(found.length, 1, `${checkId} on ${resourceName}: ${found.length} results`);
  return found[0]!;
}

interface UnknownValueCase {
  name: string;
  change: (inventory: Inventory) => void;
  checkId: string;
  resource: string;
  /** The fault-free result, to be sure the case starts from a PASS (or a FAIL that must stay). */
  before: Status;
  after: Status;
  /** For ERROR: the invalid-data reason names the value. */
  reason?: RegExp;
}

const CASES: UnknownValueCase[] = [
  ...['rest-method-authorization', 'rest-api-public-unauthenticated'].map(
    (checkId): UnknownValueCase => ({
      name: `REST authorizationType 'MAGIC' (${checkId})`,
      change: (inventory) => {
        const api = restApi(inventory, 'orders-api');
        assert.ok(api.resources.ok);
        for (const resource of api.resources.value) {
          for (const method of Object.values(resource.resourceMethods ?? {})) {
            if (method.httpMethod !== 'OPTIONS') method.authorizationType = 'MAGIC';
          }
        }
        // Deployed, so the stages serve it.
        api.deployments = deploymentsOfDraft(api);
      },
      checkId,
      resource: 'orders-api',
      before: 'PASS',
      after: 'ERROR',
      reason: /authorization type.*MAGIC/,
    }),
  ),
  {
    name: "REST authorizationType '' reads as NONE",
    change: (inventory) => {
      const api = restApi(inventory, 'orders-api');
      assert.ok(api.resources.ok);
      const method = api.resources.value.find((r) => r.path === '/orders')!.resourceMethods!.GET!;
      method.authorizationType = '  ';
      api.deployments = deploymentsOfDraft(api);
    },
    checkId: 'rest-method-authorization',
    resource: 'orders-api',
    before: 'PASS',
    after: 'FAIL',
  },
  {
    name: "REST endpoint type 'FUTURE' is judged as reachable, not as private",
    change: (inventory) => {
      restApi(inventory, 'legacy-partner-api').endpointConfiguration = { types: ['FUTURE'] };
    },
    checkId: 'rest-api-public-unauthenticated',
    resource: 'legacy-partner-api',
    before: 'FAIL',
    after: 'FAIL',
  },
  ...['http-route-authorization', 'v2-api-public-unauthenticated'].map(
    (checkId): UnknownValueCase => ({
      name: `HTTP route AuthorizationType 'MAGIC' (${checkId})`,
      change: (inventory) => {
        const api = v2Api(inventory, 'storefront-http');
        assert.ok(api.routes.ok);
        for (const route of api.routes.value) if (route.AuthorizationType === 'JWT') route.AuthorizationType = 'MAGIC';
      },
      checkId,
      resource: 'storefront-http',
      before: 'PASS',
      // Not shown to be authorized: reported like an open route.
      after: 'FAIL',
    }),
  ),
  {
    name: "WebSocket $connect AuthorizationType 'MAGIC'",
    change: (inventory) => {
      const api = v2Api(inventory, 'support-chat-ws');
      assert.ok(api.routes.ok);
      api.routes.value.find((r) => r.RouteKey === '$connect')!.AuthorizationType = 'MAGIC';
    },
    checkId: 'websocket-connect-authorization',
    resource: 'support-chat-ws',
    before: 'PASS',
    after: 'FAIL',
  },
  {
    name: "domain securityPolicy 'SecurityPolicy_TLS14_2030'",
    change: (inventory) => {
      const domains = eu(inventory).apigateway.domainNames;
      assert.ok(domains.ok);
      domains.value.find((d) => d.domainName === 'status.example.com')!.securityPolicy = 'SecurityPolicy_TLS14_2030';
    },
    checkId: 'domain-tls-policy',
    resource: 'status.example.com',
    before: 'PASS',
    after: 'ERROR',
    reason: /SecurityPolicy_TLS14_2030 is not one this version of apiposture recognises/,
  },
  {
    name: "domain endpoint type 'FUTURE' with TLS_1_0 still fails",
    change: (inventory) => {
      const domains = eu(inventory).apigateway.domainNames;
      assert.ok(domains.ok);
      const domain = domains.value.find((d) => d.domainName === 'orders.api.example.com')!;
      domain.securityPolicy = 'TLS_1_0';
      domain.endpointConfiguration = { types: ['FUTURE'] };
    },
    checkId: 'domain-tls-policy',
    resource: 'orders.api.example.com',
    before: 'PASS',
    after: 'FAIL',
  },
  {
    name: "user pool MfaConfiguration 'FUTURE_MODE'",
    change: (inventory) => {
      const p = pool(inventory, 'eu-west-1_Ab12Cd34E');
      p.MfaConfiguration = 'FUTURE_MODE';
      if (p.mfa.ok) p.mfa.value.MfaConfiguration = 'FUTURE_MODE';
    },
    checkId: 'cognito-mfa',
    resource: 'customers',
    before: 'PASS',
    after: 'ERROR',
    reason: /MfaConfiguration 'FUTURE_MODE' is not OFF, OPTIONAL or ON/,
  },
  {
    name: "user pool DeletionProtection 'SOMETIMES'",
    change: (inventory) => {
      pool(inventory, 'eu-west-1_Ab12Cd34E').DeletionProtection = 'SOMETIMES';
    },
    checkId: 'cognito-deletion-protection',
    resource: 'customers',
    before: 'PASS',
    after: 'FAIL',
  },
  {
    name: "user pool AdvancedSecurityMode 'FUTURE'",
    change: (inventory) => {
      pool(inventory, 'eu-west-1_Ab12Cd34E').UserPoolAddOns = { AdvancedSecurityMode: 'FUTURE' };
    },
    checkId: 'cognito-threat-protection',
    resource: 'customers',
    before: 'PASS',
    after: 'FAIL',
  },
  {
    name: "stage loggingLevel 'VERBOSE' is not taken for logging",
    change: (inventory) => {
      const api = restApi(inventory, 'orders-api');
      assert.ok(api.stages.ok);
      for (const setting of Object.values(api.stages.value[0]!.methodSettings ?? {})) setting.loggingLevel = 'VERBOSE';
    },
    checkId: 'rest-stage-execution-logging',
    resource: 'orders-api/prod',
    before: 'PASS',
    after: 'FAIL',
  },
];

describe('values newer than this apiposture never pass silently', () => {
  const baseline = evaluate(structuredClone(demo));

  for (const c of CASES) {
    it(c.name, () => {
      const before = resultOf(baseline, c.checkId, c.resource);
      assert.equal(before.status, c.before, `fault-free: ${before.message}`);
      const after = resultOf(evaluate(mutated(c.change)), c.checkId, c.resource);
      assert.equal(after.status, c.after, after.message);
      if (c.after === 'ERROR') {
        assert.equal(after.error?.kind, 'invalid-data', after.message);
        assert.match(after.message, c.reason ?? /./);
      }
    });
  }
});

// ── Missing optional fields ──────────────────────────────────────────────────────────────

/** A copy of `value` keeping only what `schema` requires: every optional member is dropped. */
function requiredOnly(schema: z.ZodType, value: unknown): unknown {
  const def = (schema as unknown as { def: Record<string, unknown> & { type: string } }).def;
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      const record = value as Record<string, unknown>;
      return Object.fromEntries(
        Object.entries(shape)
          .filter(([key, member]) => !member.safeParse(undefined).success && key in record)
          .map(([key, member]) => [key, requiredOnly(member, record[key])]),
      );
    }
    case 'array':
      return (value as unknown[]).map((item) => requiredOnly(def.element as z.ZodType, item));
    case 'record':
      return Object.fromEntries(Object.entries(value as object).map(([key, item]) => [key, requiredOnly(def.valueType as z.ZodType, item)]));
    case 'union': {
      const option = (def.options as z.ZodType[]).find((o) => o.safeParse(value).success)!;
      return requiredOnly(option, value);
    }
    default:
      return value;
  }
}

describe('missing optional fields', () => {
  const minimal = requiredOnly(inventorySchema, structuredClone(demo)) as Inventory;

  it('the stripped snapshot is still valid and lost every optional field', () => {
    parseInventory(minimal, 'minimal');
    const api = eu(minimal).apigateway.restApis;
    assert.ok(api.ok);
    assert.deepEqual(Object.keys(api.value[0]!).sort(), ['arn', 'authorizers', 'deployments', 'id', 'requestValidators', 'resources', 'stages']);
  });

  it('every check evaluates it without throwing', () => {
    const results = evaluate(minimal);
    const crashed = results.filter((r) => r.error?.kind === 'check-error');
    assert.deepEqual(
      crashed.map((r) => `${r.checkId} on ${r.resource.name}: ${r.message}`),
      [],
    );
    // User pools are found through optional fields (an authorizer's providerARNs): none is left,
    // so their checks have nothing to judge. KMS keys are found through log groups: the demo's
    // denied GetStages leaves an API's log groups, and so their keys, unknown: ERROR, never a pass.
    const silent = allChecks.filter((check) => !results.some((r) => r.checkId === check.id)).map((check) => check.id);
    assert.deepEqual(silent.sort(), [
      'cognito-client-auth-flows',
      'cognito-deletion-protection',
      'cognito-mfa',
      'cognito-password-policy',
      'cognito-self-sign-up',
      'cognito-threat-protection',
      'cognito-user-pool-waf',
    ]);
    const keys = results.filter((r) => r.checkId === 'kms-key-rotation');
    assert.ok(keys.length > 0 && keys.every((r) => r.status === 'ERROR'), JSON.stringify(keys.map((r) => [r.status, r.message])));
  });

  it('where a missing field is the only evidence of protection, no check passes', () => {
    const results = evaluate(minimal);
    // Without authorizationType every method reads as NONE; without a policy, a web ACL, a
    // security policy, MFA or deletion protection there is nothing to pass on.
    const mustNotPass = [
      'rest-method-authorization',
      'rest-api-public-unauthenticated',
      'http-route-authorization',
      'websocket-connect-authorization',
      'rest-stage-waf',
      'domain-tls-policy',
      'cognito-mfa',
      'cognito-deletion-protection',
      'cognito-threat-protection',
      'rest-stage-access-logging',
      'v2-stage-access-logging',
      'rest-stage-xray-tracing',
    ];
    const passed = results.filter((r) => mustNotPass.includes(r.checkId) && r.status === 'PASS');
    assert.deepEqual(
      passed.map((r) => `${r.checkId} on ${r.resource.name}: ${r.message}`),
      [],
    );
  });
});

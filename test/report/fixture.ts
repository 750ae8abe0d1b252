/**
 * A small scan with everything a report must cope with: a critical failure, hostile API names,
 * bidi controls, a check whose docs link is not https, a collection gap on one API and a
 * region whose API listing was denied.
 */
import xrayTracing from '../../checks/rest/rest-stage-xray-tracing.js';
import { defineCheck, type AnyCheck } from '../../src/engine/define.js';
import { runChecks } from '../../src/engine/runner.js';
import type { CheckResult } from '../../src/engine/types.js';
import type { Inventory } from '../../src/inventory/schema.js';
import type { RestApiEntity } from '../../src/inventory/view.js';
import { buildReport, type Report } from '../../src/report/model.js';
import { collectionError, failed, inventory, region, restApi, stage } from '../fixtures/builders.js';

export const GENERATED_AT = '2026-11-01T12:30:00.000Z';
export const SCRIPT_NAME = '<script>alert(1)</script>';
export const IMG_NAME = '"><img src=x onerror=alert(1)>';
export const BIDI_NAME = 'payments\u202Egnp.exe\u2066';
export const HOSTILE_DOCS = 'javascript:alert(1)';

/** A critical check invented for these tests: it fails the API called `orders-api`. */
export const openApiCheck = defineCheck<RestApiEntity, 'open' | 'closed'>({
  id: 'test-rest-api-open',
  title: 'REST APIs are not open to anonymous callers',
  severity: 'critical',
  resourceTypes: ['rest-api'],
  rationale: 'An API anyone can call without credentials exposes its backend.',
  remediation: {
    text: 'Require an authorizer on every method.',
    cli: 'aws apigateway update-method --rest-api-id <api-id> --resource-id <id> --http-method GET',
    docs: HOSTILE_DOCS,
  },
  mappings: { owaspApi2023: ['API2'] },
  messages: { open: 'Methods {methods} accept anonymous calls.', closed: 'Every method needs credentials.' },
  select: (view) => view.restApis(),
  evaluate: ({ api }, outcome) =>
    api.name === 'orders-api'
      ? outcome.fail('open', {
          methods: ['GET /', 'POST /orders'],
          policy: { Effect: 'Allow', Principal: '*' },
          authorizationType: 'NONE',
        })
      : outcome.pass('closed'),
});

export const CHECKS: readonly AnyCheck[] = [xrayTracing, openApiCheck];

export function hostileInventory(): Inventory {
  const eu = region({
    restApis: [
      restApi({ id: 'aaaaaaaaaa', name: 'orders-api', stages: [stage({ tracingEnabled: true })] }),
      restApi({ id: 'bbbbbbbbbb', name: SCRIPT_NAME, stages: [stage({ stageName: 'dev' }), stage({ stageName: 'prod' })] }),
      restApi({ id: 'cccccccccc', name: IMG_NAME, stages: [stage({ tracingEnabled: true })] }),
      restApi({ id: 'dddddddddd', name: BIDI_NAME, stages: failed('GetStages', 'AccessDeniedException', { resource: 'dddddddddd' }) }),
    ],
  });
  const us = region({ region: 'us-east-1', restApis: failed('GetRestApis', 'AccessDeniedException', { region: 'us-east-1', resource: 'us-east-1' }) });
  return inventory({
    regions: [eu, us],
    errors: [
      collectionError('GetStages', 'AccessDeniedException', { resource: 'dddddddddd' }),
      collectionError('GetRestApis', 'AccessDeniedException', { region: 'us-east-1', resource: 'us-east-1' }),
    ],
  });
}

export function cleanInventory(): Inventory {
  return inventory({ regions: [region({ restApis: [restApi({ id: 'aaaaaaaaaa', name: 'orders-api', stages: [stage({ tracingEnabled: true })] })] })] });
}

export function reportFor(inv: Inventory, results: readonly CheckResult[] = runChecks(CHECKS, inv)): Report {
  return buildReport({ inventory: inv, results, checks: CHECKS, toolVersion: '0.0.0-test', generatedAt: GENERATED_AT });
}

export function hostileReport(): Report {
  return reportFor(hostileInventory());
}

/** An account-level critical failure, as iam-api-wildcards reports an `Allow *:*` policy: no API. */
export function adminPolicyFailure(): CheckResult {
  return {
    checkId: 'iam-api-wildcards',
    status: 'FAIL',
    severity: 'critical',
    resource: {
      arn: 'arn:aws:iam::123456789012:role/ops-admin',
      type: 'iam-policy',
      name: 'ops-admin/break-glass (inline)',
      account: '123456789012',
      region: 'global',
    },
    messageId: 'admin',
    message: 'Policy ops-admin/break-glass (inline) allows every action on every resource.',
    evidence: { statements: ['Statement[0]'] },
  };
}

/** The clean scan plus an account-level `Allow *:*` policy. */
export function adminPolicyReport(): Report {
  const inv = cleanInventory();
  return reportFor(inv, [...runChecks(CHECKS, inv), adminPolicyFailure()]);
}

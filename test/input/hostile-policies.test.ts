/**
 * Resource policies as the audited account returns them: malformed ones are ERROR (never PASS,
 * never a crash), and wildcard-heavy ones cannot stall the scan (wildcards are matched without
 * a backtracking regular expression).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allChecks } from '../../checks/index.js';
import { runChecks } from '../../src/engine/runner.js';
import type { CheckResult } from '../../src/engine/types.js';
import { parseInventory } from '../../src/inventory/io.js';
import { deploymentsOfDraft } from '../../src/analysis/deployed.js';
import { wildcardMatch } from '../../src/analysis/policy.js';
import type { Inventory, RestApi } from '../../src/inventory/schema.js';
import { demo } from '../faults/support.js';

const POLICY_CHECKS = ['rest-resource-policy-public', 'rest-api-public-unauthenticated'];

/** public-status: unauthenticated methods kept from anonymous callers by an IP condition. */
function withPublicStatus(change: (api: RestApi) => void): Inventory {
  const inventory = structuredClone(demo);
  const apis = inventory.regions[0]!.apigateway.restApis;
  assert.ok(apis.ok);
  const api = apis.value.find((a) => a.name === 'public-status')!;
  change(api);
  // Deployed, so the stages serve the changed policy.
  api.deployments = deploymentsOfDraft(api);
  return inventory;
}

function policyResults(inventory: Inventory): CheckResult[] {
  const checks = allChecks.filter((c) => POLICY_CHECKS.includes(c.id));
  return runChecks(checks, parseInventory(inventory, 'test')).filter((r) => r.resource.name === 'public-status');
}

describe('malformed resource policies, through the checks', () => {
  it('the fault-free policy passes both checks', () => {
    assert.deepEqual(
      policyResults(structuredClone(demo)).map((r) => r.status),
      ['PASS', 'PASS'],
    );
  });

  const malformed: [string, string][] = [
    ['not JSON', '{"Statement": [{"Effect": "Allow",'],
    ['JSON null', 'null'],
    ['a JSON string of garbage', '"\\u001b[2J not a policy"'],
    ['Statement is a string', '{"Statement": "Allow everyone"}'],
    ['a number for Principal', '{"Statement": [{"Effect": "Allow", "Principal": 42, "Action": "execute-api:Invoke", "Resource": "*"}]}'],
    ['Condition is a list', '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "*", "Condition": []}]}'],
    ['an unknown Effect', '{"Statement": [{"Effect": "Maybe", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "*"}]}'],
    ['nested 10 000 levels deep', `{"Statement": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`],
  ];
  for (const [name, policy] of malformed) {
    it(`${name}: ERROR (invalid-data) for both checks, never PASS`, () => {
      const results = policyResults(withPublicStatus((api) => (api.policy = policy)));
      assert.equal(results.length, 2);
      for (const result of results) {
        assert.equal(result.status, 'ERROR', `${result.checkId}: ${result.message}`);
        assert.equal(result.error?.kind, 'invalid-data', `${result.checkId}: ${result.message}`);
      }
    });
  }
});

describe('wildcard-heavy policies', () => {
  it('cannot stall the evaluation (no catastrophic backtracking)', () => {
    const inventory = withPublicStatus((api) => {
      const wild = `execute-api:/${'*a'.repeat(6)}*z`;
      api.policy = JSON.stringify({
        Statement: [
          { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: wild },
          // A Deny for everyone is tested against every method ARN, the 200-character path included.
          { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: wild },
        ],
      });
      assert.ok(api.resources.ok);
      api.resources.value.push({ id: 'long', path: `/${'a'.repeat(200)}`, resourceMethods: { GET: { httpMethod: 'GET', authorizationType: 'NONE' } } });
    });
    const started = performance.now();
    const results = policyResults(inventory);
    const ms = performance.now() - started;
    assert.ok(ms < 2000, `evaluated in ${Math.round(ms)} ms`);
    assert.ok(results.every((r) => r.error?.kind !== 'check-error'));
  });

  it('wildcardMatch agrees with the regular-expression definition on random patterns', () => {
    const reference = (pattern: string, value: string, ignoreCase: boolean) => {
      const source = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
      return new RegExp(`^${source}$`, ignoreCase ? 'si' : 's').test(value);
    };
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = (alphabet: string, length: number) => Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    for (let i = 0; i < 5000; i += 1) {
      const pattern = pick('aAb*?/:.', Math.floor(random() * 8));
      const value = pick('aAb/:.\n', Math.floor(random() * 10));
      const ignoreCase = random() < 0.5;
      assert.equal(wildcardMatch(pattern, value, ignoreCase), reference(pattern, value, ignoreCase), `${JSON.stringify(pattern)} ~ ${JSON.stringify(value)} (i=${ignoreCase})`);
    }
  });
});

/**
 * examples/demo/rest-extra.ts on a copy of the demo: every check it is for shows a PASS and a
 * FAIL, the result is still a valid snapshot, and no other check loses its PASS or FAIL.
 *
 * The copy is the generator's output through JSON (what examples/demo-inventory.json holds once
 * regenerated), so the test does not depend on the committed file being up to date.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allChecks } from '../../checks/index.js';
import { addRestExtras } from '../../examples/demo/rest-extra.js';
import { demoInventory } from '../../examples/generate-demo.js';
import { runChecks } from '../../src/engine/runner.js';
import type { CheckResult, Status } from '../../src/engine/types.js';
import { parseInventory } from '../../src/inventory/io.js';
import type { Inventory } from '../../src/inventory/schema.js';

const CHECK_IDS = [
  'rest-stage-waf-rules',
  'rest-stage-client-certificate',
  'rest-stage-variables-secrets',
  'rest-integration-https',
  'rest-method-request-validation',
  'rest-authorizer-caching',
];

function demoCopy(): Inventory {
  return JSON.parse(JSON.stringify(demoInventory)) as Inventory;
}

function withExtras(): Inventory {
  const demo = demoCopy();
  addRestExtras(demo);
  return parseInventory(JSON.parse(JSON.stringify(demo)), 'demo with REST extras');
}

function statusesByCheck(results: CheckResult[]): Map<string, Set<Status>> {
  const map = new Map<string, Set<Status>>();
  for (const r of results) map.set(r.checkId, (map.get(r.checkId) ?? new Set()).add(r.status));
  return map;
}

describe('addRestExtras on the demo', () => {
  const results = runChecks(allChecks, withExtras());

  it('gives every one of its checks a PASS and a FAIL', () => {
    const statuses = statusesByCheck(results);
    for (const id of CHECK_IDS) {
      assert.ok(allChecks.some((c) => c.id === id), `${id} is not registered`);
      const seen = statuses.get(id) ?? new Set();
      assert.ok(seen.has('PASS') && seen.has('FAIL'), `${id}: ${[...seen].join(', ')}`);
    }
  });

  it('shows the intended findings', () => {
    const find = (checkId: string, resource: string) => results.find((r) => r.checkId === checkId && r.resource.name === resource);
    assert.equal(find('rest-stage-waf-rules', 'inventory-sync/prod')?.messageId, 'not-blocking');
    assert.equal(find('rest-stage-waf-rules', 'orders-api/prod')?.messageId, 'protective');
    assert.equal(find('rest-integration-https', 'legacy-partner-api/v1')?.messageId, 'plain-http');
    assert.equal(find('rest-stage-client-certificate', 'inventory-sync/prod')?.messageId, 'valid');
    assert.equal(find('rest-stage-client-certificate', 'mobile-backend/prod')?.messageId, 'expiring');
    assert.equal(find('rest-stage-client-certificate', 'legacy-partner-api/v1')?.messageId, 'missing');
    assert.equal(find('rest-stage-variables-secrets', 'legacy-partner-api/v1')?.messageId, 'secrets');
    assert.equal(find('rest-method-request-validation', 'orders-api/prod')?.messageId, 'validated');
    assert.equal(find('rest-authorizer-caching', 'webhooks-ingest/prod')?.messageId, 'caching-issues');
    assert.equal(find('rest-authorizer-caching', 'mobile-backend/prod')?.messageId, 'balanced');
  });

  it('never shows the partner token', () => {
    assert.ok(!JSON.stringify(results).includes('pt_live_8f3b2a9c7d6e5f4a3b2c1d0e'));
  });

  it('takes no PASS or FAIL away from another check, and no check throws', () => {
    const before = statusesByCheck(runChecks(allChecks, demoCopy()));
    const after = statusesByCheck(results);
    for (const [id, seen] of before) {
      for (const status of ['PASS', 'FAIL'] as const) {
        if (seen.has(status)) assert.ok(after.get(id)?.has(status), `${id} lost its ${status}`);
      }
    }
    assert.deepEqual(results.filter((r) => r.error?.kind === 'check-error').map((r) => r.message), []);
  });

  it('is idempotent', () => {
    const once = demoCopy();
    addRestExtras(once);
    const twice = demoCopy();
    addRestExtras(twice);
    addRestExtras(twice);
    assert.deepEqual(twice, once);
  });
});

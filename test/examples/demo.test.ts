import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { allChecks } from '../../checks/index.js';
import { demoInventory } from '../../examples/generate-demo.js';
import { runChecks } from '../../src/engine/runner.js';
import { parseInventory } from '../../src/inventory/io.js';

const committed = JSON.parse(readFileSync(new URL('../../examples/demo-inventory.json', import.meta.url), 'utf8')) as unknown;

describe('the demo snapshot', () => {
  it('is what examples/generate-demo.ts produces (run `npm run gen:demo` after changing it)', () => {
    assert.deepEqual(committed, JSON.parse(JSON.stringify(demoInventory)));
  });

  it('is a valid snapshot with at least 8 REST APIs across 2 regions', () => {
    const inventory = parseInventory(committed, 'demo');
    const apis = inventory.regions.flatMap((r) => (r.apigateway.restApis.ok ? r.apigateway.restApis.value : []));
    assert.ok(apis.length >= 8);
    assert.equal(new Set(inventory.regions.map((r) => r.region)).size, 2);
  });

  it('shows at least one PASS and one FAIL for every check', () => {
    const results = runChecks(allChecks, parseInventory(committed, 'demo'));
    // The demo account does not subscribe to Shield Advanced, a paid choice: NOT_APPLICABLE throughout
    // (test/examples/demo-protection.test.ts; the check's table test shows its PASS and FAIL).
    const notApplicableInDemo = new Set(['api-shield-advanced']);
    for (const check of allChecks.filter((c) => !notApplicableInDemo.has(c.id))) {
      const statuses = new Set(results.filter((r) => r.checkId === check.id).map((r) => r.status));
      assert.ok(statuses.has('PASS') && statuses.has('FAIL'), `${check.id}: ${[...statuses].join(', ')}`);
    }
  });

  it('no check throws on it', () => {
    const results = runChecks(allChecks, parseInventory(committed, 'demo'));
    assert.deepEqual(results.filter((r) => r.error?.kind === 'check-error').map((r) => r.message), []);
  });
});

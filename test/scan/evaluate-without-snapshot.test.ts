/**
 * A run's checks, then its report built after the snapshot has gone (`evaluateChecks`,
 * `reportOf`): what `scan` and `evaluate` do so that a large account's report is built in a heap
 * that no longer holds the snapshot.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { allChecks } from '../../checks/index.js';
import { parseInventory } from '../../src/inventory/io.js';
import { readMuteFile } from '../../src/mute/file.js';
import { evaluateChecks, evaluateInventory, reportOf, type EvaluateOptions, type EvaluatedRun } from '../../src/scan/evaluate.js';
import { Selection } from '../../src/selection/selection.js';
import { collectedWithin } from '../support/collected.js';

const DEMO = readFileSync(new URL('../../examples/demo-inventory.json', import.meta.url), 'utf8');
const demo = () => parseInventory(JSON.parse(DEMO), 'demo');
const AT = new Date('2026-11-01T12:30:00Z');

describe('evaluateChecks, then reportOf', () => {
  it('makes the report evaluateInventory makes: every check, a selection of checks and APIs, mute rules', async () => {
    const mutes = await readMuteFile(fileURLToPath(new URL('../../examples/demo-mutes.yaml', import.meta.url)), allChecks.map((c) => c.id));
    const someApi = demo().regions.flatMap((r) => (r.apigateway.restApis.ok ? r.apigateway.restApis.value : []))[0]!;
    const runs: EvaluateOptions[] = [
      {},
      { mutes },
      { selection: new Selection({ checks: ['rest-*'], apis: [someApi.name ?? someApi.id] }) },
      { selection: new Selection({ severity: 'high' }), mutes },
    ];
    for (const run of runs) {
      const report = reportOf(evaluateChecks(demo(), run, AT));
      assert.deepEqual(report, evaluateInventory(demo(), run, AT));
      assert.ok(report.results.length > 0);
    }
    // What the report takes from the snapshot, counted from the snapshot itself.
    const inventory = demo();
    const report = reportOf(evaluateChecks(inventory, {}, AT));
    const apis = inventory.regions.flatMap((r) => [...(r.apigateway.restApis.ok ? r.apigateway.restApis.value : []), ...(r.apigatewayv2.apis.ok ? r.apigatewayv2.apis.value : [])]);
    assert.deepEqual(report.apis.map((entry) => entry.api.arn).sort(), apis.map((api) => api.arn).sort());
    assert.deepEqual(report.scan.regions, inventory.regions.map((r) => r.region).sort());
    assert.equal(report.collectionErrors.length, inventory.errors.length);
    assert.deepEqual([report.scan.account, report.scan.partition, report.scan.collectedAt], [inventory.account.id, inventory.account.partition, inventory.collectedAt]);
  });

  it('holds nothing of the snapshot between the two: it can be collected', async () => {
    let snapshot: WeakRef<object> | undefined;
    const checked = (): EvaluatedRun => {
      const inventory = demo();
      snapshot = new WeakRef(inventory);
      return evaluateChecks(inventory, {}, AT);
    };
    const run = checked();
    assert.ok(snapshot !== undefined && (await collectedWithin(() => snapshot?.deref() === undefined)), 'the evaluated run still references the snapshot');
    assert.deepEqual(reportOf(run), evaluateInventory(demo(), {}, AT));
  });
});

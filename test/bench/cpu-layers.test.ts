/**
 * bench/cpu-layers.ts without timing: each layer judges every target the evaluation makes a result
 * of, and the table reports what the rounds measured.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SHAPES, generateAccount } from '../../bench/generate.js';
import { runLayer } from '../../bench/layers.js';
import { layerTable, mismatchedRounds, type LayerRound } from '../../bench/cpu-layers.js';
import { testCheck } from '../fixtures/test-check.js';
import { evaluateInventory } from '../../src/scan/evaluate.js';
import { shareEqualDeployments } from '../../src/inventory/share.js';

describe('bench/layers: the evaluation in layers', () => {
  const inventory = shareEqualDeployments(generateAccount(SHAPES.tiny));
  const evaluated = evaluateInventory(inventory).results.length;

  it('judges, in each layer, as many targets as the evaluation makes results', () => {
    assert.ok(evaluated > 100, `the tiny account has results to compare (${evaluated})`);
    assert.equal(runLayer(inventory, 'checks'), evaluated);
    assert.equal(runLayer(inventory, 'results'), evaluated);
  });

  it('counts gaps, and a check that throws as the check-error results the engine makes of it', () => {
    const throwsOnEvery = testCheck<'ok'>({
      id: 'throws-in-evaluate',
      messages: { ok: 'fine' },
      evaluate: () => {
        throw new Error('boom');
      },
    });
    const throwsInSelect = testCheck<'ok'>({
      id: 'throws-in-select',
      messages: { ok: 'fine' },
      select: () => {
        throw new Error('boom');
      },
      evaluate: (_target, outcome) => outcome.pass('ok', {}),
    });
    const withGap = testCheck<'ok'>({
      id: 'selects-a-gap',
      messages: { ok: 'fine' },
      select: (view) => ({
        ...view.restApis(),
        gaps: [{ ref: view.regionRef(inventory.regions[0]!.region), error: { service: 'apigateway', operation: 'GetRestApis', region: 'eu-west-1', resource: '*', code: 'AccessDenied', message: 'no' } }],
      }),
      evaluate: (_target, outcome) => outcome.pass('ok', {}),
    });
    for (const check of [throwsOnEvery, throwsInSelect, withGap]) {
      const made = runLayer(inventory, 'results', [check]);
      assert.ok(made > 0, check.id);
      assert.equal(runLayer(inventory, 'checks', [check]), made, check.id);
    }
  });
});

describe('bench/cpu-layers: the table', () => {
  const round = (checksMs: number, resultsMs: number, reportMs: number, report = 10): LayerRound => ({
    checksMs,
    resultsMs,
    reportMs,
    counts: { checks: 10, results: 10, report },
  });

  it('gives each layer min / median / max, and what it adds to the one below within each round', () => {
    const table = layerTable([round(6000, 10_000, 14_000), round(7000, 9000, 15_000), round(5000, 11_000, 16_500)]);
    const rows = table.split('\n').slice(2).map((line) => line.split('|').map((cell) => cell.trim()));
    assert.deepEqual(
      rows.map((cells) => [cells[1], cells[3], cells[4]]),
      [
        ['checks', '5.00 / 6.00 / 7.00', ''],
        // Per round: 4.00, 2.00, 6.00 (not the difference of the medians, 4.00 either way here).
        ['results', '9.00 / 10.00 / 11.00', '2.00 / 4.00 / 6.00'],
        ['report', '14.00 / 15.00 / 16.50', '4.00 / 5.50 / 6.00'],
      ],
    );
  });

  it('takes the mean of the middle two of an even number of rounds', () => {
    const table = layerTable([round(1000, 2000, 3000), round(3000, 4000, 5000)]);
    assert.match(table, /\| checks +\|[^|]+\| 1\.00 \/ 2\.00 \/ 3\.00 +\|/);
  });

  it('names the rounds whose layers did not judge the same targets', () => {
    assert.deepEqual(mismatchedRounds([round(1, 2, 3), round(1, 2, 3, 11)]), ['round 2: checks judged 10, results made 10, the evaluation 11']);
  });
});

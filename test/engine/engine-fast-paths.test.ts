/**
 * The engine's fast paths give what the plain ways give: a bounded record copied only when a
 * member changes (keeping its key order and `__proto__` keys as data), shared marker texts, and
 * one copy of each message text per run. No timing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boundEvidence, MAX_EVIDENCE_TEXT, resultEvidence } from '../../src/engine/evidence-bounds.js';
import { MessageTexts, runCheck, runChecks } from '../../src/engine/runner.js';
import { InventoryView } from '../../src/inventory/view.js';
import { allChecks } from '../../checks/index.js';
import { restApi, stage, withRestApis } from '../fixtures/builders.js';

describe('boundEvidence copies', () => {
  it('returns a record that needs no change as it is', () => {
    const record = { stage: 'prod', methods: ['GET /'], nested: { a: 1 } };
    assert.equal(boundEvidence(record), record);
  });

  it('copies a record whose later member changes, keeping every key, their order and a __proto__ key as data', () => {
    const record = JSON.parse(`{"first":"x","__proto__":"${'p'.repeat(MAX_EVIDENCE_TEXT + 5)}","last":["a","b"]}`) as Record<string, unknown>;
    const bounded = resultEvidence(record, 'PASS');
    assert.notEqual(bounded, record);
    assert.deepEqual(Object.keys(bounded), ['first', '__proto__', 'last']);
    assert.equal(Object.getPrototypeOf(bounded), Object.prototype);
    assert.equal(bounded['first'], 'x');
    assert.match(String(bounded['__proto__']), /… \(5 characters not shown\)$/);
    assert.deepEqual(bounded['last'], ['… 2 more not shown']);
    // The record given is left as it was.
    assert.deepEqual(record['last'], ['a', 'b']);
  });

  it('cuts a record with too many keys as before', () => {
    const record = Object.fromEntries(Array.from({ length: 102 }, (_, i) => [`k${i}`, i]));
    const bounded = boundEvidence(record);
    assert.equal(Object.keys(bounded).length, 101);
    assert.equal(bounded['…' as keyof typeof bounded], '… 2 more not shown');
  });

  it('writes the same marker for the same count, small or large', () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => `m${i}`);
    assert.deepEqual(resultEvidence({ a: list(3) }, 'PASS'), { a: ['… 3 more not shown'] });
    assert.deepEqual(resultEvidence({ a: list(5000) }, 'PASS'), { a: ['… 5000 more not shown'] });
    assert.deepEqual(resultEvidence({ a: list(13) }, 'FAIL'), { a: [...list(10), '… 3 more not shown'] });
  });
});

describe('MessageTexts', () => {
  it('keeps the first copy of each text and counts the distinct ones', () => {
    const texts = new MessageTexts();
    const first = ['Stage ', 'prod'].join('');
    assert.equal(texts.shared(first), first);
    assert.equal(texts.shared(`Stage ${'prod'}`), first);
    assert.equal(texts.shared('other'), 'other');
    assert.equal(texts.size, 2);
  });

  it('gives a run the results each check gives on its own', () => {
    const inventory = withRestApis(restApi({ stages: [stage({ stageName: 'prod' }), stage({ stageName: 'dev' })] }));
    const view = new InventoryView(inventory);
    const alone = allChecks.flatMap((check) => runCheck(check, view));
    const run = runChecks(allChecks, inventory);
    assert.ok(run.length > 0);
    assert.deepEqual(run, alone);
  });
});

/**
 * The engine's fast paths give what the plain ways give: a bounded record copied only when a
 * member changes (keeping its key order and `__proto__` keys as data), shared marker texts, and
 * one copy of each message text per run. No timing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boundEvidence, frozenBoundStats, MAX_EVIDENCE_TEXT, resultEvidence } from '../../src/engine/evidence-bounds.js';
import { renderResultMessage } from '../../src/engine/messages.js';
import { canonicalRef, ReportShape } from '../../src/engine/result-shape.js';
import { findingId } from '../../src/model/finding-id.js';
import { redactUrisInText } from '../../src/util/redact.js';
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

describe('frozen evidence is bounded once', () => {
  const methods = (n: number) => Array.from({ length: n }, (_, i) => `GET /r${i}`);

  it('gives a frozen list and record the bounded form of an unfrozen copy, the same object each time, computed once', () => {
    const list = Object.freeze(methods(14));
    const before = frozenBoundStats.computed;
    const first = resultEvidence({ stage: 'dev', methods: list }, 'FAIL');
    const second = resultEvidence({ stage: 'prod', methods: list }, 'FAIL');
    assert.equal(first['methods'], second['methods'], 'one bounded list shared by both results');
    assert.equal(frozenBoundStats.computed - before, 1);
    assert.deepEqual(first['methods'], resultEvidence({ methods: methods(14) }, 'FAIL')['methods']);
    assert.ok(Object.isFrozen(first['methods']));
    // Per bound: the passing result's form is its own.
    assert.deepEqual(resultEvidence({ methods: list }, 'PASS'), { methods: ['… 14 more not shown'] });
    const record = Object.freeze({ stage: 'dev', methods: list });
    assert.equal(resultEvidence(record, 'PASS'), resultEvidence(record, 'NOT_APPLICABLE'));
  });

  it('bounds again what holds an object that is not frozen, so a change shows', () => {
    const inner = { uri: 'https://a.example.com' };
    const list = Object.freeze([inner]);
    assert.deepEqual(boundEvidence({ list }), { list: [{ uri: 'https://a.example.com' }] });
    inner.uri = 'https://user:secret@b.example.com';
    assert.deepEqual(boundEvidence({ list }), { list: [{ uri: 'https://[redacted]@b.example.com' }] });
  });

  it('keeps a frozen value apart by depth: nested too deep at one depth, shown at another', () => {
    const deep = Object.freeze([Object.freeze([Object.freeze(['x'])])]);
    let nested: unknown = deep;
    for (let i = 0; i < 6; i++) nested = { n: nested };
    assert.deepEqual(boundEvidence({ d: deep }), { d: [[['x']]] });
    assert.equal(JSON.stringify(boundEvidence(nested)).includes('(nested too deep to show)'), true);
    assert.deepEqual(boundEvidence({ d: deep }), { d: [[['x']]] });
  });
});

describe('messages of frozen lists', () => {
  it('reads a frozen list as its unfrozen copy reads, and a list of records again after a change', () => {
    const items = Array.from({ length: 7 }, (_, i) => `https://u:p@h${i}.example.com/x`);
    const template = 'Methods: {methods}';
    assert.equal(renderResultMessage(template, { methods: Object.freeze([...items]) }), renderResultMessage(template, { methods: items }));
    const frozen = Object.freeze([...items]);
    assert.equal(renderResultMessage(template, { methods: frozen }), renderResultMessage(template, { methods: frozen }));
    const record = { name: 'a' };
    const records = Object.freeze([record]);
    assert.equal(renderResultMessage(template, { methods: records }), 'Methods: {"name":"a"}');
    record.name = 'b';
    assert.equal(renderResultMessage(template, { methods: records }), 'Methods: {"name":"b"}');
  });
});

describe('MessageTexts.redacted', () => {
  it('gives what redactUrisInText gives, redacting each distinct text once and sharing raw and redacted forms', () => {
    const texts = new MessageTexts();
    const raw = 'Integration https://user:pw@backend.example.com/x?key=1 is used';
    const redacted = redactUrisInText(raw);
    assert.notEqual(redacted, raw);
    assert.equal(texts.redacted(raw), redacted);
    assert.equal(texts.redacted(`${raw}`), redacted);
    assert.equal(texts.redacted(redacted), texts.redacted(raw), 'the redacted text maps to the same copy');
    assert.equal(texts.redacted('Stage prod passes'), 'Stage prod passes');
    assert.equal(texts.redactions, 2);
    assert.equal(texts.shared(redacted), texts.redacted(raw));
  });
});

describe('results in the report shape', () => {
  it('are the results buildReport would copy, with the same id and reference, one copy per reference given', () => {
    const inventory = withRestApis(restApi({ stages: [stage({ stageName: 'prod' }), stage({ stageName: 'dev' })] }));
    const plain = runChecks(allChecks, inventory);
    const shaped = runChecks(allChecks, inventory, { reportShape: true });
    assert.equal(shaped.length, plain.length);
    for (const [i, result] of shaped.entries()) {
      const { id, resource, ...rest } = result;
      const { resource: plainRef, ...plainRest } = plain[i]!;
      assert.deepEqual(rest, plainRest);
      assert.equal(id, findingId(result.checkId, resource.arn));
      assert.deepEqual(Object.keys(result), ['id', ...Object.keys(plain[i]!)]);
      assert.deepEqual(resource, plainRef);
      assert.deepEqual(Object.keys(resource), Object.keys(canonicalRef(plainRef)));
    }
    // One copy per reference the checks gave, shared by the results about it.
    assert.equal(new Set(shaped.map((r) => r.resource)).size, new Set(plain.map((r) => r.resource)).size);
  });

  it('cut an id over 512 characters with its hash, as findingId does', () => {
    const shape = new ReportShape();
    for (const arn of ['arn:short', `arn:${'x'.repeat(520)}`, `arn:${'y'.repeat(512 - 'apiposture/c/'.length - 4)}`]) {
      assert.equal(shape.findingId('c', arn), findingId('c', arn));
    }
  });
});

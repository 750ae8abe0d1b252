import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateInventory } from '../../src/scan/evaluate.js';
import { boundEvidence, EVIDENCE_ITEMS, MAX_EVIDENCE_ITEMS, MAX_EVIDENCE_TEXT, resultEvidence } from '../../src/engine/evidence-bounds.js';
import { runChecks } from '../../src/engine/runner.js';
import type { Status } from '../../src/engine/types.js';
import { reportJsonChunks } from '../../src/report/write.js';
import { resource, restApi, stage, withRestApis } from '../fixtures/builders.js';
import { testCheck } from '../fixtures/test-check.js';

describe('evidence bounds', () => {
  it('keeps small evidence exactly as it is', () => {
    const evidence = { methods: ['GET /a', 'POST /b'], count: 2, nested: { policy: 'x'.repeat(100) } };
    assert.deepEqual(boundEvidence(evidence), evidence);
  });

  it('shortens long lists and texts with a marker saying how much is left out', () => {
    const bounded = boundEvidence({
      methods: Array.from({ length: 250 }, (_, i) => `GET /p${i}`),
      uri: 'u'.repeat(MAX_EVIDENCE_TEXT + 500),
    });
    assert.equal(bounded.methods.length, MAX_EVIDENCE_ITEMS + 1);
    assert.equal(bounded.methods.at(-1), '… 150 more not shown');
    assert.equal(bounded.methods[0], 'GET /p0');
    assert.ok(bounded.uri.endsWith('… (500 characters not shown)'));
    assert.equal(bounded.uri.length, MAX_EVIDENCE_TEXT + '… (500 characters not shown)'.length);
  });

  it('never puts a marker in place of a single item where items are kept: one over the bound is shown, two over are cut', () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => `GET /p${i}`);
    assert.deepEqual(boundEvidence({ methods: list(3) }, 2).methods, list(3));
    assert.deepEqual(boundEvidence({ methods: list(4) }, 2).methods, [...list(2), '… 2 more not shown']);
    assert.deepEqual(boundEvidence({ methods: list(EVIDENCE_ITEMS.FAIL + 1) }, EVIDENCE_ITEMS.FAIL).methods, list(EVIDENCE_ITEMS.FAIL + 1));
    // A passing result keeps only the count, even of one item: its message says why it passes.
    assert.equal(EVIDENCE_ITEMS.PASS, 0);
    assert.deepEqual(boundEvidence({ protectedBy: ['arn:aws:cloudfront::123456789012:distribution/EAPI'] }, EVIDENCE_ITEMS.PASS).protectedBy, ['… 1 more not shown']);
    assert.deepEqual(boundEvidence({ protectedBy: [] }, EVIDENCE_ITEMS.PASS).protectedBy, []);
  });

  it('keeps __proto__ keys as data', () => {
    const bounded = boundEvidence(JSON.parse('{"variables":{"__proto__":"v"}}') as { variables: Record<string, string> });
    assert.deepEqual(Object.keys(bounded.variables), ['__proto__']);
  });

  it('a report grows with the account, not with methods × stages × checks', () => {
    const size = (methods: number) => {
      const resources = Array.from({ length: methods }, (_, i) => resource(`/p${i}`, { GET: { authorizationType: 'NONE' } }));
      const stages = Array.from({ length: 10 }, (_, i) => stage({ stageName: `s${i}` }));
      const report = evaluateInventory(withRestApis(restApi({ resources, stages })));
      const open = report.results.find((r) => r.checkId === 'rest-api-public-unauthenticated' && r.status === 'FAIL');
      assert.ok(open, 'the open API fails the exposure check');
      let bytes = 0;
      for (const chunk of reportJsonChunks(report)) bytes += chunk.length;
      return { bytes, open };
    };
    const small = size(200);
    const large = size(20_000);
    const listed = small.open.evidence.openMethods as string[];
    // The engine keeps 100 of the 200; the report keeps fewer of a failure's, and still counts every one.
    assert.equal(listed.at(-1), `… ${200 - EVIDENCE_ITEMS.FAIL} more not shown`);
    // 100 times the methods: the report stays within a small multiple (results per stage, not per method).
    assert.ok(large.bytes < small.bytes * 2, `200 methods: ${small.bytes} bytes; 20,000 methods: ${large.bytes} bytes`);
  });

  it('bounds a list once, at the bound of its result status, counting every item', () => {
    const methods = Array.from({ length: 5_000 }, (_, i) => `GET /p${i}`);
    for (const status of ['FAIL', 'PASS'] as const) {
      const kept = EVIDENCE_ITEMS[status];
      const bounded = resultEvidence({ methods }, status) as { methods: string[] };
      assert.deepEqual(bounded.methods, [...methods.slice(0, kept), `… ${5_000 - kept} more not shown`], status);
    }
    const nested = resultEvidence({ stages: [{ methods }] }, 'FAIL') as { stages: { methods: string[] }[] };
    assert.equal(nested.stages[0]!.methods.length, EVIDENCE_ITEMS.FAIL + 1, 'lists at any depth');
  });

  it('returns evidence that needs no change as it is, not a copy', () => {
    const evidence = { methods: ['GET /a'], nested: { list: [1, 2], text: 'plain' }, count: 1 };
    assert.equal(boundEvidence(evidence), evidence);
    assert.equal(resultEvidence(evidence, 'FAIL'), evidence);
  });

  it('redacts URIs in the same pass, copying only the records that change', () => {
    const untouched = { methods: ['GET /a'] };
    const evidence = { uri: 'https://user:secret@backend.example.com/x?token=abc', untouched };
    const bounded = resultEvidence(evidence, 'FAIL') as typeof evidence;
    assert.equal(bounded.uri, 'https://[redacted]@backend.example.com/x?token=[redacted]');
    assert.equal(bounded.untouched, untouched);
    assert.equal(evidence.uri, 'https://user:secret@backend.example.com/x?token=abc', 'the check’s evidence is not changed');
  });

  it('keeps a list the engine already cut as it is (bounding twice gives the same)', () => {
    const once = resultEvidence({ methods: Array.from({ length: 50 }, (_, i) => `m${i}`) }, 'FAIL');
    assert.equal(resultEvidence(once, 'FAIL'), once);
  });

  it('renders a message from the whole list: its first items and the count of all the others', () => {
    const check = testCheck({
      id: 'lists-methods',
      severity: 'high',
      messages: { listed: 'Methods: {methods}.' },
      evaluate: (_api, outcome) => outcome.fail('listed', { methods: Array.from({ length: 250 }, (_, i) => `GET /p${i}`) }),
    });
    const statusBounds: Record<Status, number> = { FAIL: 2, ERROR: 2, PASS: 0, NOT_APPLICABLE: 0 };
    const [result] = runChecks([check], withRestApis(restApi()), { evidenceItems: statusBounds });
    assert.equal(result!.message, 'Methods: GET /p0, GET /p1, GET /p2, GET /p3, GET /p4 (+245 more).');
    assert.deepEqual(result!.evidence.methods, ['GET /p0', 'GET /p1', '… 248 more not shown']);
  });

  it('keeps MAX_EVIDENCE_ITEMS keys of a record, with a marker', () => {
    const record = Object.fromEntries(Array.from({ length: MAX_EVIDENCE_ITEMS + 5 }, (_, i) => [`k${i}`, i]));
    const bounded = boundEvidence({ record }).record as Record<string, unknown>;
    assert.equal(Object.keys(bounded).length, MAX_EVIDENCE_ITEMS + 1);
    assert.equal(bounded['…'], '… 5 more not shown');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateInventory } from '../../src/scan/evaluate.js';
import { boundEvidence, MAX_EVIDENCE_ITEMS, MAX_EVIDENCE_TEXT } from '../../src/engine/evidence-bounds.js';
import { reportJsonChunks } from '../../src/report/write.js';
import { REPORT_EVIDENCE_ITEMS } from '../../src/report/json-form.js';
import { resource, restApi, stage, withRestApis } from '../fixtures/builders.js';

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
    assert.equal(listed.at(-1), `… ${200 - REPORT_EVIDENCE_ITEMS.FAIL} more not shown`);
    // 100 times the methods: the report stays within a small multiple (results per stage, not per method).
    assert.ok(large.bytes < small.bytes * 2, `200 methods: ${small.bytes} bytes; 20,000 methods: ${large.bytes} bytes`);
  });
});

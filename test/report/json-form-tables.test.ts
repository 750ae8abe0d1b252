import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckResult, Evidence, ResourceRef } from '../../src/engine/types.js';
import { FileTables } from '../../src/report/json-form.js';

const ref: ResourceRef = { arn: 'arn:aws:apigateway:us-east-1::/restapis/a1', type: 'rest-api', name: 'a1', account: '123456789012', region: 'us-east-1' };

function tablesOf(results: readonly Pick<CheckResult, 'messageId' | 'message' | 'evidence'>[]): FileTables {
  return new FileTables({
    apis: [],
    checks: [{ id: 'c', severity: 'low' }],
    results: results.map((r) => ({ checkId: 'c', status: 'FAIL', severity: 'low', resource: ref, ...r })),
  });
}

/** Each result's [message, evidence] places as its row in report.json names them (evidence null when none). */
function places(tables: FileTables, count: number): [number, number | null][] {
  return Array.from({ length: count }, (_, i) => {
    const [, , , message, evidence = null] = tables.result(i);
    return [message, evidence];
  });
}

describe('report.json tables: the shortcuts from the previous result', () => {
  it('lists a message per message id and text, whichever the previous result had', () => {
    const said: [string, string][] = [
      ['m', 'T'],
      ['n', 'T'],
      ['m', 'T'],
      ['m', 'U'],
      ['m', 'U'],
      ['n', 'T'],
      ['n', 'U'],
    ];
    const tables = tablesOf(said.map(([messageId, message]) => ({ messageId, message, evidence: {} })));
    assert.deepEqual(tables.messages, [
      { id: 'm', text: 'T' },
      { id: 'n', text: 'T' },
      { id: 'm', text: 'U' },
      { id: 'n', text: 'U' },
    ]);
    assert.deepEqual(
      places(tables, said.length).map(([message]) => message),
      [0, 1, 0, 2, 2, 1, 3],
    );
  });

  it('writes a record without keys as null, and lists one whose keys JSON leaves out, as {}', () => {
    const hidden: Evidence = {};
    Object.defineProperty(hidden, 'secret', { value: 1, enumerable: false });
    const evidence: Evidence[] = [{}, { gone: undefined }, Object.freeze({}), { gone: undefined }, hidden, { a: 1 }, Object.freeze({ gone: undefined })];
    const tables = tablesOf(evidence.map((e) => ({ messageId: 'm', message: 'x', evidence: e })));
    assert.deepEqual([...tables.evidenceTexts()], ['{}', '{"a":1}']);
    assert.deepEqual(
      places(tables, evidence.length).map(([, at]) => at),
      [null, 0, null, 0, null, 1, 0],
    );
  });
});

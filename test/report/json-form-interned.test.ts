import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EvidenceInterner, noteGivenEvidence } from '../../src/engine/evidence-bounds.js';
import type { CheckResult, Evidence, ResourceRef } from '../../src/engine/types.js';
import { FileTables } from '../../src/report/json-form.js';

const ref = (i: number): ResourceRef => ({ arn: `arn:aws:apigateway:us-east-1::/restapis/a${i}`, type: 'rest-api', name: `a${i}`, account: '123456789012', region: 'us-east-1' });

/** The tables of results holding `evidence`; `interner`: the one noted as their run's (as `runChecks` notes it). */
function tablesOf(evidence: readonly Evidence[], interner?: EvidenceInterner): FileTables {
  const results: CheckResult[] = evidence.map((e, i) => ({ checkId: 'c', status: 'FAIL', severity: 'low', resource: ref(i), messageId: 'm', message: 'x', evidence: e }));
  if (interner !== undefined) noteGivenEvidence(results, interner);
  return new FileTables({ apis: [], checks: [{ id: 'c', severity: 'low' }], results });
}

describe('report.json tables of interned evidence', () => {
  it('index interned evidence exactly as equal records made apart: one entry per JSON text, empty as null', () => {
    const interner = new EvidenceInterner();
    const raw: Evidence[] = [{ a: 1, list: ['x'] }, {}, { a: 1, list: ['x'] }, { b: 2 }, {}, { a: 1, list: ['x'] }, { list: ['x'], a: 1 }];
    const interned = raw.map((e) => interner.resultEvidence(structuredClone(e), 'FAIL')!);
    assert.equal(interned[0], interned[2]);
    assert.equal(interned[1], interned[4]);
    const fromInterned = tablesOf(interned, interner);
    const fromCopies = tablesOf(raw.map((e) => structuredClone(e)));
    // Interned and copied records mixed: a copy equal to an interned record still names its entry.
    const mixed = tablesOf(raw.map((e, i) => (i % 2 === 0 ? interned[i]! : structuredClone(e))), interner);
    for (const tables of [fromInterned, mixed, tablesOf(interned)]) {
      assert.deepEqual([...tables.evidenceTexts()], [...fromCopies.evidenceTexts()]);
      assert.deepEqual(raw.map((_, i) => tables.resultJson(i)), raw.map((_, i) => fromCopies.resultJson(i)));
    }
    assert.deepEqual([...fromCopies.evidenceTexts()], ['{"a":1,"list":["x"]}', '{"b":2}', '{"list":["x"],"a":1}']);
    assert.equal(fromInterned.resultJson(1), '[0,"FAIL",1,0]');
  });

  it('list each text once whatever mix of interners, copies and non-plain records gives them', () => {
    const [a, b] = [new EvidenceInterner(), new EvidenceInterner()];
    const raw: Evidence[] = [{ a: 1 }, { b: 2, list: ['x', 'y'] }, { c: 'https://u:p@h/x?k=v' }, { a: 1 }];
    const fromA = raw.map((e) => a.resultEvidence(structuredClone(e), 'FAIL')!);
    const fromB = raw.map((e) => b.resultEvidence(structuredClone(e), 'FAIL')!);
    const plain = tablesOf(fromA.map((e) => structuredClone(e)));
    const cases: [name: string, evidence: Evidence[]][] = [
      ['one interner', fromA],
      ['a copy after interned ones', [fromA[0]!, fromA[1]!, structuredClone(fromA[0]!), fromA[2]!, fromA[1]!]],
      ['a copy first', [structuredClone(fromA[1]!), fromA[0]!, fromA[1]!, fromA[2]!]],
      ['two interners', [fromA[0]!, fromA[1]!, fromB[1]!, fromB[0]!, fromB[2]!, fromA[2]!]],
      ['not plain JSON', [fromA[0]!, { a: 1, gone: undefined }, fromA[1]!]],
    ];
    for (const [name, evidence] of cases) {
      const tables = tablesOf(evidence, a);
      const copies = tablesOf(evidence.map((e) => ({ ...e })));
      assert.deepEqual([...tables.evidenceTexts()], [...copies.evidenceTexts()], name);
      assert.deepEqual(evidence.map((_, i) => tables.resultJson(i)), evidence.map((_, i) => copies.resultJson(i)), name);
      assert.equal(new Set([...tables.evidenceTexts()]).size, [...tables.evidenceTexts()].length, `${name}: each text once`);
    }
    assert.deepEqual([...tablesOf(fromA, a).evidenceTexts()], [...plain.evidenceTexts()]);
    assert.deepEqual([...tablesOf(fromA, b).evidenceTexts()], [...plain.evidenceTexts()]);
  });

  it('make no text of the run’s interner’s records until they are written', () => {
    const interner = new EvidenceInterner();
    const raw: Evidence[] = [{ a: 1 }, { b: ['x', 'y'] }, {}, { a: 1 }, { c: 'https://u:p@h/x?k=v' }];
    const interned = raw.map((e) => interner.resultEvidence(structuredClone(e), 'FAIL')!);
    const stringify = JSON.stringify;
    let made = 0;
    JSON.stringify = ((...args: Parameters<typeof stringify>) => {
      made += 1;
      return stringify(...args);
    }) as typeof stringify;
    let tables: FileTables;
    try {
      tables = tablesOf(interned, interner);
    } finally {
      JSON.stringify = stringify;
    }
    assert.equal(made, 0);
    assert.deepEqual([...tables.evidenceTexts()], [...tablesOf(interned.map((e) => structuredClone(e))).evidenceTexts()]);
  });
});

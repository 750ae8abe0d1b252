/**
 * Scoring's shortcuts of session 16 give what the plain ways give: one tally of verdicts shared
 * by every API scored, the risk tier found
 * in the score's own pass, and the grouping by API made once per results array. No timing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  groupedByApi,
  resultsByApi,
  scoreApi,
  scoreVerdicts,
  verdictsOf,
  VerdictTally,
  type Verdict,
} from '../../src/engine/scoring.js';
import { SEVERITIES, STATUSES, type CheckResult, type ResourceRef, type Severity, type Status } from '../../src/engine/types.js';

const ACCOUNT = '123456789012';
const api = (id: string) => `arn:aws:apigateway:eu-west-1::/restapis/${id}`;
const MUTED = { rule: 'r', reason: 'accepted', owner: 'o' } as const;

function ref(arn: string, extra: Partial<ResourceRef> = {}): ResourceRef {
  return { arn, type: 'rest-stage', name: arn.split('/').pop()!, account: ACCOUNT, region: 'eu-west-1', ...extra };
}

function result(checkId: string, resource: ResourceRef, status: Status, severity: Severity, extra: Partial<CheckResult> = {}): CheckResult {
  return { checkId, status, severity, resource, messageId: status, message: 'm', evidence: {}, ...extra };
}

/** A deterministic sequence in [0, 1). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('VerdictTally', () => {
  it('gives each unit the verdicts verdictsOf gives, one unit after another, checks together or apart, more than its first slots', () => {
    const next = random(11);
    const tally = new VerdictTally();
    // 70 check ids: more than the tally's first 64 slots, so it grows while units are scored.
    const ids = Array.from({ length: 70 }, (_, i) => `check-${String(i).padStart(2, '0')}`);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    for (let unit = 0; unit < 200; unit++) {
      const checks = ids.slice(0, 1 + Math.floor(next() * ids.length));
      const results = Array.from({ length: Math.floor(next() * 40) }, () => ({ checkId: pick(checks), status: pick(STATUSES), severity: pick(SEVERITIES) }));
      const grouped = [...results].sort((x, y) => (x.checkId < y.checkId ? -1 : x.checkId > y.checkId ? 1 : 0));
      for (const given of [results, grouped]) {
        for (const r of given) tally.add(r.checkId, r.status, r.severity);
        assert.deepEqual(tally.take(), verdictsOf(given), JSON.stringify(given));
      }
    }
    assert.deepEqual(tally.take(), []);
  });
});

describe('scoreApi with a shared tally', () => {
  it('scores each API as a tally of its own does, muted and ERROR results among them, and an API with none', () => {
    const [a, b] = [api('a'), api('b')];
    const stage = (arn: string, name: string) => ref(`${arn}/stages/${name}`, { apiArn: arn });
    const units: [ResourceRef, CheckResult[]][] = [
      [
        ref(a, { type: 'rest-api' }),
        [
          result('x', stage(a, 'p'), 'FAIL', 'critical'),
          result('y', stage(a, 'p'), 'ERROR', 'high', { muted: MUTED }),
          result('x', stage(a, 'q'), 'PASS', 'low'),
          result('z', stage(a, 'p'), 'ERROR', 'critical'),
          result('w', stage(a, 'p'), 'FAIL', 'high', { muted: MUTED }),
        ],
      ],
      [ref(b, { type: 'rest-api' }), []],
      [ref(b, { type: 'rest-api' }), [result('y', stage(b, 'p'), 'FAIL', 'high'), result('x', stage(b, 'p'), 'NOT_APPLICABLE', 'info')]],
    ];
    const tally = new VerdictTally();
    for (const [unit, results] of units) assert.deepEqual(scoreApi(unit, results, { y: ['x'] }, tally), scoreApi(unit, results, { y: ['x'] }));
    const [unit, results] = units[0]!;
    const score = scoreApi(unit, results, {}, tally);
    assert.deepEqual(
      score.verdicts.map((v) => [v.checkId, v.status, v.severity]),
      [['x', 'FAIL', 'critical'], ['z', 'ERROR', 'critical']],
    );
    assert.deepEqual([score.muted, score.incomplete, score.risk, score.grade], [2, true, 'critical-failure', 'F']);
    assert.deepEqual(scoreApi(units[1]![0], [], {}, tally).verdicts, []);
  });
});

describe('scoreVerdicts', () => {
  /** The risk tier as it was found before: a search of the verdicts for each tier in turn. */
  function slowRisk(verdicts: readonly Verdict[]): string {
    const has = (status: Status, severity: Severity) => verdicts.some((v) => v.status === status && v.severity === severity);
    if (has('FAIL', 'critical')) return 'critical-failure';
    if (has('FAIL', 'high')) return 'high-failure';
    if (has('ERROR', 'critical')) return 'critical-unevaluated';
    if (has('ERROR', 'high')) return 'high-unevaluated';
    return 'other';
  }

  it('finds the risk tier and the unevaluated counts as a search of the verdicts does', () => {
    const next = random(5);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    for (let round = 0; round < 500; round++) {
      const verdicts = Array.from({ length: Math.floor(next() * 6) }, (_, i) => ({ checkId: `c${i}`, status: pick(STATUSES), severity: pick(SEVERITIES) }));
      const score = scoreVerdicts(verdicts);
      assert.equal(score.risk, slowRisk(verdicts), JSON.stringify(verdicts));
      for (const severity of SEVERITIES) {
        assert.equal(score.unevaluatedBySeverity[severity], verdicts.filter((v) => v.status === 'ERROR' && v.severity === severity).length);
      }
      assert.deepEqual(Object.keys(score.unevaluatedBySeverity), [...SEVERITIES]);
    }
  });
});

describe('groupedByApi', () => {
  it('groups as resultsByApi does, once per results array, and again when the array has grown', () => {
    const [a, b] = [api('a'), api('b')];
    const results = [result('x', ref(`${a}/stages/1`, { apiArn: a }), 'PASS', 'low'), result('x', ref(`${b}/stages/1`, { apiArn: b }), 'FAIL', 'high')];
    const grouped = groupedByApi(results);
    assert.deepEqual([...grouped], [...resultsByApi(results)]);
    assert.equal(groupedByApi(results), grouped);
    assert.notEqual(groupedByApi([...results]), grouped);
    results.push(result('y', ref(`${a}/stages/1`, { apiArn: a }), 'FAIL', 'low'));
    assert.deepEqual([...groupedByApi(results)], [...resultsByApi(results)]);
  });
});

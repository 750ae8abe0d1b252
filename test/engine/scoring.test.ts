import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allChecks } from '../../checks/index.js';
import * as scoring from '../../src/engine/scoring.js';
import type { CheckResult, ResourceRef, Severity, Status } from '../../src/engine/types.js';

/** The root causes the registered checks declare (`subsumes`), as reports are scored. */
const ROOT_CAUSES = scoring.subsumptionTable(allChecks);
const scoreApi = (ref: ResourceRef, results: readonly CheckResult[]) => scoring.scoreApi(ref, results, ROOT_CAUSES);
const scoreApis = (refs: readonly ResourceRef[], results: readonly CheckResult[]) => scoring.scoreApis(refs, results, ROOT_CAUSES);

function api(name: string): ResourceRef {
  const arn = `arn:aws:apigateway:eu-west-1::/restapis/${name}`;
  return { arn, type: 'rest-api', name, account: '123456789012', region: 'eu-west-1', apiArn: arn };
}

function result(ref: ResourceRef, checkId: string, severity: Severity, status: Status): CheckResult {
  return { checkId, status, severity, resource: ref, messageId: 'm', message: 'm', evidence: {} };
}

describe('scoring', () => {
  const a = api('a');

  it('is the severity-weighted share of applicable results that pass', () => {
    // medium (3) passes, low (1) fails, high (5) passes: 8 / 9 = 89.
    const score = scoreApi(a, [
      result(a, 'c1', 'medium', 'PASS'),
      result(a, 'c2', 'low', 'FAIL'),
      result(a, 'c3', 'high', 'PASS'),
    ]);
    assert.equal(score.score, 89);
    assert.equal(score.grade, 'B');
  });

  it('leaves ERROR and NOT_APPLICABLE out of the score but marks ERROR as incomplete', () => {
    const score = scoreApi(a, [
      result(a, 'c1', 'medium', 'PASS'),
      result(a, 'c2', 'critical', 'ERROR'),
      result(a, 'c3', 'high', 'NOT_APPLICABLE'),
    ]);
    assert.equal(score.score, 100);
    assert.equal(score.incomplete, true);
    assert.equal(score.grade, 'D', 'the critical check that could not run caps the grade');
    assert.deepEqual(score.gradeCappedBy, { maxGrade: 'D', checkId: 'c2', severity: 'critical', status: 'ERROR' });
    assert.deepEqual(score.unevaluatedBySeverity, { critical: 1, high: 0, medium: 0, low: 0, info: 0 });
    assert.deepEqual(score.counts, { PASS: 1, FAIL: 0, NOT_APPLICABLE: 1, ERROR: 1 });
  });

  it('caps the grade at F for a critical failure and at C for a high one, whatever the score', () => {
    const passes = Array.from({ length: 30 }, (_, i) => result(a, `p${i}`, 'high', 'PASS'));
    const critical = scoreApi(a, [...passes, result(a, 'open', 'critical', 'FAIL')]);
    assert.ok(critical.score! >= 90);
    assert.equal(critical.grade, 'F');
    assert.deepEqual(critical.criticalFailures, ['open']);
    const high = scoreApi(a, [...passes, result(a, 'weak', 'high', 'FAIL')]);
    assert.equal(high.grade, 'C');
  });

  it('has no score when nothing applied', () => {
    const score = scoreApi(a, [result(a, 'c1', 'medium', 'NOT_APPLICABLE')]);
    assert.equal(score.score, null);
    assert.equal(score.grade, 'N/A');
  });

  it('info results weigh nothing', () => {
    assert.equal(scoreApi(a, [result(a, 'c1', 'info', 'FAIL'), result(a, 'c2', 'low', 'PASS')]).score, 100);
  });

  it('ranks a high failure before a better-graded API, then by grade and score, with unscored APIs last', () => {
    const [x, y, z, w] = [api('x'), api('y'), api('z'), api('w')];
    const ranked = scoreApis(
      [x, y, z, w],
      [
        // x: score 83 but capped at C by a high failure.
        ...Array.from({ length: 5 }, (_, i) => result(x, `p${i}`, 'high', 'PASS')),
        result(x, 'h', 'high', 'FAIL'),
        // y: score 75, grade B (no cap).
        result(y, 'm1', 'medium', 'PASS'),
        result(y, 'l1', 'low', 'FAIL'),
        // z: nothing applicable.
        result(z, 'n', 'medium', 'NOT_APPLICABLE'),
        // w: perfect.
        result(w, 'm', 'medium', 'PASS'),
      ],
    );
    assert.deepEqual(
      ranked.map((s) => [s.api.name, s.grade, s.score]),
      [
        ['x', 'C', 83],
        ['y', 'B', 75],
        ['w', 'A', 100],
        ['z', 'N/A', null],
      ],
    );
  });

  it('counts results only towards the API they roll up to', () => {
    const [x, y] = [api('x'), api('y')];
    const ranked = scoreApis([x, y], [result(x, 'c', 'high', 'FAIL'), result(y, 'c', 'high', 'PASS')]);
    assert.equal(ranked.find((s) => s.api.name === 'y')?.score, 100);
    assert.equal(ranked.find((s) => s.api.name === 'x')?.score, 0);
  });
});

function stageOf(parent: ResourceRef, stageName: string): ResourceRef {
  return { ...parent, arn: `${parent.arn}/stages/${stageName}`, type: 'rest-stage', name: `${parent.name}/${stageName}` };
}

function rank(apis: ResourceRef[], results: CheckResult[]): string[] {
  return scoreApis(apis, results).map((s) => s.api.name);
}

/** `count` distinct checks of one severity and status on `ref`. */
function many(ref: ResourceRef, prefix: string, count: number, severity: Severity, status: Status): CheckResult[] {
  return Array.from({ length: count }, (_, i) => result(ref, `${prefix}${i}`, severity, status));
}

describe('scoring: checks that could not be evaluated', () => {
  const a = api('a');
  const passes = many(a, 'p', 30, 'high', 'PASS');

  it('an ERROR on a critical check caps the grade at D, whatever the score', () => {
    const score = scoreApi(a, [...passes, result(a, 'exposure', 'critical', 'ERROR')]);
    assert.equal(score.score, 100);
    assert.equal(score.grade, 'D');
    assert.equal(score.incomplete, true);
  });

  it('an ERROR on a high check caps the grade at C', () => {
    assert.equal(scoreApi(a, [...passes, result(a, 'secrets', 'high', 'ERROR')]).grade, 'C');
  });

  it('an ERROR on a medium or low check marks the API incomplete but does not cap it', () => {
    const score = scoreApi(a, [...passes, result(a, 'logs', 'medium', 'ERROR'), result(a, 'xray', 'low', 'ERROR')]);
    assert.equal(score.grade, 'A');
    assert.equal(score.incomplete, true);
  });

  it('a known failure caps harder than an unknown one: critical FAIL is F, critical ERROR is D', () => {
    const both = scoreApi(a, [...passes, result(a, 'exposure', 'critical', 'FAIL'), result(a, 'other', 'critical', 'ERROR')]);
    assert.equal(both.grade, 'F');
  });
});

describe('scoring: each check weighs once per API', () => {
  const a = api('a');
  const apiLevelFailure = result(a, 'authorization', 'high', 'FAIL');
  const withStages = (count: number) => [
    apiLevelFailure,
    ...Array.from({ length: count }, (_, i) => result(stageOf(a, `s${i}`), 'stage-logging', 'medium', 'PASS')),
  ];

  it('an API scores the same with 1 or 5 identical passing stages', () => {
    const one = scoreApi(a, withStages(1));
    const five = scoreApi(a, withStages(5));
    // medium 3 passes, high 5 fails: 3 / 8 = 38.
    assert.equal(one.score, 38);
    assert.equal(five.score, one.score);
    assert.equal(five.grade, one.grade);
  });

  it('a check that fails on one stage of five fails for the API, once', () => {
    const results = [
      result(a, 'authorization', 'high', 'PASS'),
      ...['s0', 's1', 's2', 's3'].map((s) => result(stageOf(a, s), 'stage-logging', 'medium', 'PASS')),
      result(stageOf(a, 's4'), 'stage-logging', 'medium', 'FAIL'),
    ];
    // high 5 passes, medium 3 fails: 5 / 8 = 63.
    assert.equal(scoreApi(a, results).score, 63);
  });

  it('a check with one stage passing and another not evaluated is not evaluated', () => {
    const score = scoreApi(a, [
      result(a, 'other', 'low', 'PASS'),
      result(stageOf(a, 'prod'), 'stage-secrets', 'high', 'PASS'),
      result(stageOf(a, 'dev'), 'stage-secrets', 'high', 'ERROR'),
    ]);
    assert.equal(score.score, 100, 'the unknown check is left out of the score');
    assert.equal(score.grade, 'C', 'and caps the grade like any high check that could not run');
  });

  it('a check failing on one resource at a raised severity fails at that severity', () => {
    const score = scoreApi(a, [
      ...many(a, 'p', 30, 'high', 'PASS'),
      result(stageOf(a, 'prod'), 'wildcards', 'high', 'FAIL'),
      result(stageOf(a, 'dev'), 'wildcards', 'critical', 'FAIL'),
    ]);
    assert.equal(score.grade, 'F');
    assert.deepEqual(score.criticalFailures, ['wildcards']);
  });
});

describe('scoring: one root cause, one weight', () => {
  const rest = api('rest');
  const passes = many(rest, 'p', 4, 'medium', 'PASS');

  it('a public unauthenticated REST API is not penalised again for its unauthorized methods', () => {
    const exposureOnly = scoreApi(rest, [...passes, result(rest, 'rest-api-public-unauthenticated', 'critical', 'FAIL')]);
    const both = scoreApi(rest, [
      ...passes,
      result(rest, 'rest-api-public-unauthenticated', 'critical', 'FAIL'),
      result(rest, 'rest-method-authorization', 'high', 'FAIL'),
    ]);
    // medium 4 × 3 = 12 passes, critical 10 fails: 12 / 22 = 55.
    assert.equal(exposureOnly.score, 55);
    assert.equal(both.score, exposureOnly.score);
    assert.deepEqual(both.subsumed, [{ checkId: 'rest-method-authorization', by: 'rest-api-public-unauthenticated' }]);
    assert.equal(both.counts.FAIL, 2, 'both failures are still listed');
  });

  for (const subsumedCheck of ['http-route-authorization', 'websocket-connect-authorization']) {
    it(`v2-api-public-unauthenticated subsumes ${subsumedCheck}`, () => {
      const v2 = api('v2');
      const base = [...many(v2, 'p', 4, 'medium', 'PASS'), result(v2, 'v2-api-public-unauthenticated', 'critical', 'FAIL')];
      assert.equal(scoreApi(v2, [...base, result(v2, subsumedCheck, 'high', 'FAIL')]).score, scoreApi(v2, base).score);
    });
  }

  it('the unauthorized methods count when the API is not publicly exposed', () => {
    const score = scoreApi(rest, [
      ...passes,
      result(rest, 'rest-api-public-unauthenticated', 'critical', 'PASS'),
      result(rest, 'rest-method-authorization', 'high', 'FAIL'),
    ]);
    // 12 + 10 pass, high 5 fails: 22 / 27 = 81, capped at C by the high failure.
    assert.equal(score.score, 81);
    assert.equal(score.grade, 'C');
    assert.deepEqual(score.subsumed, []);
  });

  it('subsumes only on the same API', () => {
    const other = api('other');
    const scores = scoreApis(
      [rest, other],
      [
        result(rest, 'rest-api-public-unauthenticated', 'critical', 'FAIL'),
        result(other, 'rest-api-public-unauthenticated', 'critical', 'PASS'),
        result(other, 'rest-method-authorization', 'high', 'FAIL'),
      ],
    );
    assert.equal(scores.find((s) => s.api.name === 'other')!.score, 67);
  });

  it('the table comes from the checks’ own `subsumes` metadata', () => {
    assert.deepEqual(ROOT_CAUSES, {
      'rest-api-public-unauthenticated': ['rest-method-authorization'],
      'v2-api-public-unauthenticated': ['http-route-authorization', 'websocket-connect-authorization'],
    });
    const table = scoring.subsumptionTable([{ id: 'root', subsumes: ['symptom'] }, { id: 'symptom' }, { id: 'other', subsumes: [] }]);
    assert.deepEqual(table, { root: ['symptom'] });
    const results = [result(rest, 'root', 'critical', 'FAIL'), result(rest, 'symptom', 'high', 'FAIL'), ...passes];
    assert.deepEqual(scoring.scoreApi(rest, results, table).subsumed, [{ checkId: 'symptom', by: 'root' }]);
    assert.deepEqual(scoring.scoreApi(rest, results, {}).subsumed, []);
  });
});

describe('ranking by risk', () => {
  it('a public unauthenticated API never ranks below a private API with hygiene findings', () => {
    const [open, hygiene] = [api('open'), api('hygiene')];
    const names = rank(
      [open, hygiene],
      [
        // open: one critical failure among many passes (score 93, graded F by the cap).
        ...many(open, 'p', 27, 'high', 'PASS'),
        result(open, 'rest-api-public-unauthenticated', 'critical', 'FAIL'),
        // hygiene: only medium and low failures, a worse score (0, F).
        ...many(hygiene, 'm', 6, 'medium', 'FAIL'),
        ...many(hygiene, 'l', 6, 'low', 'FAIL'),
      ],
    );
    assert.deepEqual(names, ['open', 'hygiene']);
  });

  it('critical failures, then high failures, then unevaluated critical and high checks, then the score', () => {
    const [crit, high, unknownCrit, unknownHigh, hygiene, clean] = ['crit', 'high', 'unknown-crit', 'unknown-high', 'hygiene', 'clean'].map(api) as [
      ResourceRef, ResourceRef, ResourceRef, ResourceRef, ResourceRef, ResourceRef,
    ];
    const ranked = scoreApis(
      [clean, hygiene, unknownHigh, unknownCrit, high, crit],
      [
        ...many(crit, 'p', 40, 'high', 'PASS'),
        result(crit, 'c', 'critical', 'FAIL'),
        ...many(high, 'p', 40, 'high', 'PASS'),
        result(high, 'h', 'high', 'FAIL'),
        ...many(unknownCrit, 'p', 40, 'high', 'PASS'),
        result(unknownCrit, 'c', 'critical', 'ERROR'),
        ...many(unknownHigh, 'p', 40, 'high', 'PASS'),
        result(unknownHigh, 'h', 'high', 'ERROR'),
        result(hygiene, 'm', 'medium', 'FAIL'),
        result(hygiene, 'l', 'low', 'PASS'),
        result(clean, 'm', 'medium', 'PASS'),
      ],
    );
    assert.deepEqual(
      ranked.map((s) => [s.api.name, s.grade, s.score, s.risk]),
      [
        ['crit', 'F', 95, 'critical-failure'],
        ['high', 'C', 98, 'high-failure'],
        ['unknown-crit', 'D', 100, 'critical-unevaluated'],
        ['unknown-high', 'C', 100, 'high-unevaluated'],
        ['hygiene', 'F', 25, 'other'],
        ['clean', 'A', 100, 'other'],
      ],
    );
  });

  it('an API none of whose checks could run ranks with the risky ones, not last', () => {
    const [blind, fine] = [api('blind'), api('fine')];
    const ranked = scoreApis([fine, blind], [result(blind, 'c', 'critical', 'ERROR'), result(fine, 'l', 'low', 'FAIL')]);
    assert.deepEqual(
      ranked.map((s) => [s.api.name, s.grade, s.score]),
      [
        ['blind', 'N/A', null],
        ['fine', 'F', 0],
      ],
    );
  });
});

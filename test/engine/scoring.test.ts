import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scoreApi, scoreApis } from '../../src/engine/scoring.js';
import type { CheckResult, ResourceRef, Severity, Status } from '../../src/engine/types.js';

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

  it('ranks worst first by grade, then score, with unscored APIs last', () => {
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

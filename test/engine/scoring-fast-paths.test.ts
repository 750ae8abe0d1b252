/**
 * Scoring's fast paths give what the plain ways give: the grouping of results by API, the
 * verdict per check, the counts of an API with and without muted results, and the ranking's
 * tie-break by name. No timing: each is held to its slow equivalent.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resultsByApi, scoreApi, scoreApis, verdictsOf, type Verdict } from '../../src/engine/scoring.js';
import { eachApi, SEVERITIES, STATUSES, type CheckResult, type ResourceRef, type Severity, type Status } from '../../src/engine/types.js';

const ACCOUNT = '123456789012';
const api = (id: string) => `arn:aws:apigateway:eu-west-1::/restapis/${id}`;

function ref(arn: string, extra: Partial<ResourceRef> = {}): ResourceRef {
  return { arn, type: 'rest-stage', name: arn.split('/').pop()!, account: ACCOUNT, region: 'eu-west-1', ...extra };
}

function result(checkId: string, resource: ResourceRef, status: Status = 'PASS', severity: Severity = 'medium', extra: Partial<CheckResult> = {}): CheckResult {
  return { checkId, status, severity, resource, messageId: status, message: 'm', evidence: {}, ...extra };
}

const MUTED = { rule: 'r', reason: 'accepted', owner: 'o' } as const;

/** A deterministic sequence in [0, 1). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('resultsByApi', () => {
  /** The grouping before the fast path: every API `eachApi` visits, in the results' order. */
  function slowGroup(results: readonly CheckResult[]): Map<string, CheckResult[]> {
    const byApi = new Map<string, CheckResult[]>();
    for (const r of results) eachApi(r.resource, (arn) => byApi.set(arn, [...(byApi.get(arn) ?? []), r]));
    return byApi;
  }

  it('lists each API its own results and those of the shared resources linked to it, in order, whichever way they come', () => {
    const [a, b, c] = [api('a'), api('b'), api('c')];
    const pool = ref(`arn:aws:cognito-idp:eu-west-1:${ACCOUNT}:userpool/p`, { type: 'user-pool', linkedApiArns: [b, a] });
    const domain = ref('arn:aws:apigateway:eu-west-1::/domainnames/d', { type: 'domain', apiArn: a, linkedApiArns: [a, c, c] });
    const results = [
      result('x', ref(`${a}/stages/1`, { apiArn: a })),
      result('x', ref(`${a}/stages/2`, { apiArn: a })),
      result('x', pool),
      result('x', ref(`${b}/stages/1`, { apiArn: b })),
      result('y', ref(`${a}/stages/1`, { apiArn: a })),
      result('y', domain),
      result('y', ref(`arn:aws:iam::${ACCOUNT}:root`, { type: 'account' })),
      result('y', ref(`${b}/stages/1`, { apiArn: b })),
      result('z', ref(`${c}/stages/1`, { apiArn: c })),
    ];
    for (const order of [results, [...results].reverse()]) {
      assert.deepEqual([...resultsByApi(order)].sort(), [...slowGroup(order)].sort());
    }
  });
});

describe('verdictsOf', () => {
  /** The verdicts before the fast path: a new verdict whenever a worse status comes. */
  function slowVerdicts(results: readonly Pick<CheckResult, 'checkId' | 'status' | 'severity'>[]): Verdict[] {
    const order: Status[] = ['FAIL', 'ERROR', 'PASS', 'NOT_APPLICABLE'];
    const byCheck = new Map<string, Verdict>();
    for (const { checkId, status, severity } of results) {
      const seen = byCheck.get(checkId);
      const worse = seen ? order.indexOf(status) - order.indexOf(seen.status) : -1;
      if (worse < 0) byCheck.set(checkId, { checkId, status, severity });
      else if (worse === 0 && SEVERITIES.indexOf(severity) < SEVERITIES.indexOf(seen!.severity)) seen!.severity = severity;
    }
    return [...byCheck.values()].sort((x, y) => (x.checkId < y.checkId ? -1 : x.checkId > y.checkId ? 1 : 0));
  }

  it('takes the worst status at its gravest severity, whether a check’s results come together or apart', () => {
    const next = random(7);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    for (let round = 0; round < 300; round++) {
      const results = Array.from({ length: 1 + Math.floor(next() * 12) }, () => ({
        checkId: pick(['a', 'b', 'c']),
        status: pick(STATUSES),
        severity: pick(SEVERITIES),
      }));
      const grouped = [...results].sort((x, y) => (x.checkId < y.checkId ? -1 : x.checkId > y.checkId ? 1 : 0));
      for (const given of [results, grouped]) assert.deepEqual(verdictsOf(given), slowVerdicts(given), JSON.stringify(given));
    }
  });
});

describe('scoreApi', () => {
  const stage = ref(`${api('a')}/stages/prod`, { apiArn: api('a') });
  const results = [
    result('a', stage, 'FAIL', 'critical'),
    result('b', stage, 'ERROR', 'high', { muted: MUTED }),
    result('c', stage, 'PASS', 'low'),
    result('d', stage, 'FAIL', 'high', { muted: MUTED }),
    result('e', stage, 'NOT_APPLICABLE', 'info'),
  ];

  it('scores the unmuted results as if the muted ones were not there, and counts those apart', () => {
    for (let at = 0; at <= results.length; at++) {
      // Muted results first, last and between the others.
      const given = [...results.slice(at), ...results.slice(0, at)];
      const unmuted = given.filter((r) => r.muted === undefined);
      const score = scoreApi(stage, given, {});
      const plain = scoreApi(stage, unmuted, {});
      assert.deepEqual({ ...score, muted: 0, incomplete: false }, { ...plain, incomplete: false });
      assert.equal(score.muted, 2);
      // A muted ERROR still leaves the API incomplete.
      assert.equal(score.incomplete, true);
      assert.equal(plain.incomplete, false);
      assert.deepEqual(score.counts, { PASS: 1, FAIL: 1, NOT_APPLICABLE: 1, ERROR: 0 });
      assert.deepEqual(score.failedBySeverity, { critical: 1, high: 0, medium: 0, low: 0, info: 0 });
    }
  });
});

describe('scoreApis', () => {
  it('breaks ties in risk, grade and score by name and ARN as localeCompare orders them', () => {
    const names = ['b', 'B', 'a', 'Ä', 'a-2', 'a_1', 'A', 'b'];
    const apis = names.map((name, i) => ref(api(`${i % 3}${name}`), { type: 'rest-api', name }));
    const ranked = scoreApis(apis, [], {}).map((score) => score.api);
    const expected = [...apis].sort((x, y) => x.name.localeCompare(y.name) || x.arn.localeCompare(y.arn));
    assert.deepEqual(ranked, expected);
  });
});

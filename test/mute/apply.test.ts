import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckResult } from '../../src/model/results.js';
import { applyMutes, combineSummaries, isExpired, muteSummaryLine, muteWarnings, type Tags } from '../../src/mute/apply.js';
import type { MuteList, MuteRule } from '../../src/mute/schema.js';

const ACCOUNT = '123456789012';
const ORDERS = 'arn:aws:apigateway:eu-west-1::/restapis/orders1';
const STATUS = 'arn:aws:apigateway:us-east-1::/restapis/status1';
const NOW = new Date('2026-12-06T10:00:00.000Z');

function result(checkId: string, overrides: Partial<CheckResult['resource']> = {}, status: CheckResult['status'] = 'FAIL'): CheckResult {
  const resource = {
    arn: `${ORDERS}/stages/prod`,
    type: 'rest-stage' as const,
    name: 'orders-api/prod',
    account: ACCOUNT,
    region: 'eu-west-1',
    apiArn: ORDERS,
    ...overrides,
  };
  return { checkId, status, severity: 'high', resource, messageId: 'm', message: 'm', evidence: {} };
}

const STATUS_API = result('rest-method-authorization', { arn: STATUS, type: 'rest-api', name: 'public-status', region: 'us-east-1', apiArn: STATUS });
const ORDERS_WAF = result('rest-stage-waf');
const ORDERS_XRAY = result('rest-stage-xray-tracing');
const DOMAIN = result('domain-tls-policy', {
  arn: 'arn:aws:apigateway:eu-west-1::/domainnames/api.example.com',
  type: 'domain',
  name: 'api.example.com',
  apiArn: undefined,
  linkedApiArns: [ORDERS, STATUS],
});
const ALL = [STATUS_API, ORDERS_WAF, ORDERS_XRAY, DOMAIN];

const TAGS: Record<string, Tags> = {
  [ORDERS]: { team: 'commerce', env: 'prod' },
  [STATUS]: { team: 'platform', env: 'prod' },
  [`${ORDERS}/stages/prod`]: { stage: 'prod' },
};

function rule(matchers: Partial<MuteRule>, id = 'r'): MuteRule {
  return { id, reason: `reason of ${id}`, owner: 'owner@example.com', ...matchers };
}

function mutedBy(rules: MuteRule[], results: CheckResult[] = ALL, now = NOW) {
  const list: MuteList = { source: 'mutes.yaml', rules };
  return applyMutes(results, list, { now, tags: (arn) => TAGS[arn] });
}

/** The check ids of the muted results. */
function mutedChecks(rules: MuteRule[], results?: CheckResult[]): string[] {
  return mutedBy(rules, results).results.filter((r) => r.muted !== undefined).map((r) => r.checkId);
}

describe('which results a rule matches', () => {
  it('checks: an id, or a * pattern', () => {
    assert.deepEqual(mutedChecks([rule({ checks: ['rest-stage-waf'] })]), ['rest-stage-waf']);
    assert.deepEqual(mutedChecks([rule({ checks: ['rest-stage-*'] })]), ['rest-stage-waf', 'rest-stage-xray-tracing']);
  });

  it('resources: an ARN or a name, exact or with *', () => {
    assert.deepEqual(mutedChecks([rule({ resources: [STATUS] })]), ['rest-method-authorization']);
    assert.deepEqual(mutedChecks([rule({ resources: ['public-status'] })]), ['rest-method-authorization']);
    assert.deepEqual(mutedChecks([rule({ resources: ['orders-api/*'] })]), ['rest-stage-waf', 'rest-stage-xray-tracing']);
    assert.deepEqual(mutedChecks([rule({ resources: [`${ORDERS}*`] })]), ['rest-stage-waf', 'rest-stage-xray-tracing']);
    // A name is matched whole: the API's name does not match its stages.
    assert.deepEqual(mutedChecks([rule({ resources: ['orders-api'] })]), []);
  });

  it('accounts and regions', () => {
    assert.deepEqual(mutedChecks([rule({ regions: ['us-*'] })]), ['rest-method-authorization']);
    assert.equal(mutedChecks([rule({ accounts: [ACCOUNT] })]).length, 4);
    assert.deepEqual(mutedChecks([rule({ accounts: ['999999999999'] })]), []);
  });

  it('a list matches when any entry does', () => {
    assert.deepEqual(mutedChecks([rule({ checks: ['rest-stage-waf', 'domain-tls-policy'] })]), ['rest-stage-waf', 'domain-tls-policy']);
  });

  it('every matcher given must match (AND)', () => {
    assert.deepEqual(mutedChecks([rule({ checks: ['rest-*'], regions: ['eu-west-1'] })]), ['rest-stage-waf', 'rest-stage-xray-tracing']);
    assert.deepEqual(mutedChecks([rule({ checks: ['rest-method-authorization'], regions: ['eu-west-1'] })]), []);
  });

  it('tags: carried by the resource itself, or by the API it counts towards; values may use *', () => {
    assert.deepEqual(mutedChecks([rule({ tags: { stage: 'prod' } })]), ['rest-stage-waf', 'rest-stage-xray-tracing']);
    assert.deepEqual(mutedChecks([rule({ tags: { team: 'platform' } })]), ['rest-method-authorization']);
    assert.deepEqual(mutedChecks([rule({ tags: { team: 'commerce', env: 'prod' } })]), ['rest-stage-waf', 'rest-stage-xray-tracing']);
    assert.deepEqual(mutedChecks([rule({ tags: { team: 'commerce', env: 'dev' } })]), [], 'every tag given must be carried');
    assert.deepEqual(mutedChecks([rule({ tags: { team: 'Commerce' } })]), [], 'tag values are case-sensitive');
    assert.deepEqual(mutedChecks([rule({ tags: { team: 'comm*' } })]), ['rest-stage-waf', 'rest-stage-xray-tracing']);
  });

  it('tags on a shared resource: only when every API it counts towards carries them', () => {
    assert.ok(!mutedChecks([rule({ tags: { team: 'commerce' } })]).includes('domain-tls-policy'), 'public-status is not commerce');
    assert.ok(mutedChecks([rule({ tags: { env: 'prod' } })]).includes('domain-tls-policy'), 'both APIs are env=prod');
  });
});

describe('what a muted result carries', () => {
  it('keeps its status and gets the rule, reason, owner and expiry; the first matching rule mutes it', () => {
    const { results, summary } = mutedBy([
      rule({ checks: ['rest-stage-waf'], expires: '2027-01-31' }, 'first'),
      rule({ resources: ['orders-api/*'] }, 'second'),
    ]);
    const waf = results.find((r) => r.checkId === 'rest-stage-waf')!;
    assert.equal(waf.status, 'FAIL');
    assert.deepEqual(waf.muted, { rule: 'first', reason: 'reason of first', owner: 'owner@example.com', expires: '2027-01-31' });
    assert.equal(results.find((r) => r.checkId === 'rest-stage-xray-tracing')!.muted?.rule, 'second');
    assert.deepEqual(
      summary.rules.map((r) => [r.id, r.state, r.matched, r.muted]),
      [
        ['first', 'applied', 1, 1],
        ['second', 'applied', 2, 1],
      ],
    );
    assert.equal(summary.muted, 2);
    assert.equal(results.find((r) => r.checkId === 'rest-method-authorization')!.muted, undefined);
  });

  it('does not change the results it was given', () => {
    const input = [result('rest-stage-waf')];
    mutedBy([rule({ checks: ['rest-stage-waf'] })], input);
    assert.equal(input[0]!.muted, undefined);
  });

  it('a result already muted (an account report being merged) keeps its mute, and still counts as matched', () => {
    const earlier = { ...ORDERS_WAF, muted: { rule: 'account-rule', reason: 'r', owner: 'o' } };
    const { results, summary } = mutedBy([rule({ checks: ['rest-stage-waf'] }, 'merge-rule')], [earlier]);
    assert.equal(results[0]!.muted?.rule, 'account-rule');
    assert.deepEqual([summary.rules[0]!.state, summary.rules[0]!.matched, summary.rules[0]!.muted, summary.muted], ['applied', 1, 0, 0]);
  });
});

describe('expiry, compared with the report generation time', () => {
  it('a date mutes through the end of that day (UTC): expiring today still mutes, yesterday does not', () => {
    const today = mutedBy([rule({ checks: ['rest-stage-waf'], expires: '2026-12-06' })]);
    assert.deepEqual([today.summary.rules[0]!.state, today.summary.muted], ['applied', 1]);
    const yesterday = mutedBy([rule({ checks: ['rest-stage-waf'], expires: '2026-12-05' })]);
    assert.deepEqual([yesterday.summary.rules[0]!.state, yesterday.summary.rules[0]!.matched, yesterday.summary.muted], ['expired', 1, 0]);
    assert.ok(yesterday.results.every((r) => r.muted === undefined));
  });

  it('at the edges of the day', () => {
    assert.equal(isExpired('2026-12-06', new Date('2026-12-06T23:59:59.999Z')), false);
    assert.equal(isExpired('2026-12-06', new Date('2026-12-07T00:00:00.000Z')), true);
  });

  it('a date-time expires at that instant', () => {
    assert.equal(isExpired('2026-12-06T10:00:00Z', NOW), false);
    assert.equal(isExpired('2026-12-06T09:59:59Z', NOW), true);
    assert.equal(isExpired('2026-12-06T12:00:00+02:00', NOW), false);
  });

  it('an expired rule leaves the results to a later rule that matches them', () => {
    const { results } = mutedBy([rule({ checks: ['rest-stage-waf'], expires: '2026-01-01' }, 'old'), rule({ checks: ['rest-stage-*'] }, 'new')]);
    assert.equal(results.find((r) => r.checkId === 'rest-stage-waf')!.muted?.rule, 'new');
  });
});

describe('rules that matched nothing, expired or could not be judged are listed and warned about', () => {
  const { summary } = mutedBy([
    rule({ checks: ['rest-stage-waf'] }, 'used'),
    rule({ checks: ['rest-stage-xray-tracing'], expires: '2026-06-30' }, 'old'),
    rule({ tags: { env: 'staging' } }, 'stale'),
  ]);

  it('in the summary, in the file order', () => {
    assert.deepEqual(
      summary.rules.map((r) => [r.id, r.state, r.matched]),
      [
        ['used', 'applied', 1],
        ['old', 'expired', 1],
        ['stale', 'unmatched', 0],
      ],
    );
  });

  it('one warning line each, and one stdout line', () => {
    const warnings = muteWarnings(summary);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!, /^mute rule 'old' \(owner@example.com\) expired on 2026-06-30: it muted nothing, and the 1 result it matches counts again/);
    assert.match(warnings[1]!, /^mute rule 'stale' \(owner@example.com\) matched no result/);
    assert.equal(
      muteSummaryLine(summary),
      'Muted: 1 result by 1 of 3 rules in mutes.yaml (1 expired, 1 matched nothing); muted results count in no score, grade or exit code',
    );
  });

  it('where tags are unknown (merged reports), a rule that tests them is skipped, not unmatched', () => {
    const list: MuteList = { source: 'm.yaml', rules: [rule({ tags: { env: 'prod' } }, 'tagged'), rule({ checks: ['rest-stage-waf'] }, 'plain')] };
    const merged = applyMutes(ALL, list, { now: NOW });
    assert.deepEqual(merged.summary.rules.map((r) => [r.id, r.state]), [['tagged', 'skipped'], ['plain', 'applied']]);
    assert.match(muteWarnings(merged.summary)[0]!, /tests tags, which merged reports do not carry/);
  });

  it("a rule for other accounts only is not stale in this account's report (a multi-account scan shares one file)", () => {
    const list: MuteList = { source: 'm.yaml', rules: [rule({ accounts: ['999999999999'], checks: ['rest-stage-waf'] }, 'theirs')] };
    const here = applyMutes(ALL, list, { now: NOW, account: ACCOUNT });
    assert.equal(here.summary.rules[0]!.state, 'other-account');
    assert.deepEqual(muteWarnings(here.summary), []);
    const mine = applyMutes(ALL, { ...list, rules: [rule({ accounts: [ACCOUNT], checks: ['graphql'] }, 'mine')] }, { now: NOW, account: ACCOUNT });
    assert.equal(mine.summary.rules[0]!.state, 'unmatched');
    const merged = combineSummaries('m.yaml', [here.summary, applyMutes([], list, { now: NOW, account: '999999999999' }).summary]);
    assert.equal(merged.rules[0]!.state, 'unmatched', 'its account was merged and it matched nothing there');
  });

  it('summaries of several accounts add up (merge)', () => {
    const one = mutedBy([rule({ checks: ['rest-stage-waf'] }, 'a'), rule({ checks: ['domain-tls-policy'] }, 'b')], [ORDERS_WAF]).summary;
    const two = mutedBy([rule({ checks: ['rest-stage-waf'] }, 'a'), rule({ checks: ['domain-tls-policy'] }, 'b')], [ORDERS_WAF, DOMAIN]).summary;
    const combined = combineSummaries('mutes.yaml', [one, two]);
    assert.deepEqual(combined.rules.map((r) => [r.id, r.state, r.matched, r.muted]), [['a', 'applied', 2, 2], ['b', 'applied', 1, 1]]);
    assert.equal(combined.muted, 3);
    const none = combineSummaries('mutes.yaml', [one]);
    assert.equal(none.rules[1]!.state, 'unmatched');
  });
});

/**
 * Applying mute rules to results. Pure: the time and the tags are passed in.
 *
 * - A result matches a rule when every matcher the rule gives matches it: its check id
 *   (`checks`), its resource's ARN or name (`resources`), its account and region, and its tags
 *   (`tags`: carried by the resource itself, or by every API it counts towards, so a domain
 *   shared with an API outside the rule stays unmuted). A list matches when any entry does.
 * - The first rule in the file that matches a result mutes it: the result keeps its status and
 *   gets `muted` (rule, reason, owner, expiry).
 * - A rule past its expiry (compared with the report's generation time) mutes nothing; a date
 *   without a time mutes through the end of that day, UTC.
 * - A result already muted (an account report being merged) keeps its mute.
 */
import { apisOf } from '../engine/types.js';
import { plural } from '../util/text.js';
import type { CheckResult, Muted } from '../model/results.js';
import { hasWildcard, patternRegExp } from '../selection/patterns.js';
import type { MuteList, MuteRule, MuteRuleState, MuteRuleSummary, MuteSummary } from './schema.js';

export type Tags = Readonly<Record<string, string>>;

/** The tags of a resource or API, by ARN (undefined: none known). */
export type TagLookup = (arn: string) => Tags | undefined;

export interface MuteContext {
  /** The report's generation time: expiries are compared with it. */
  now: Date;
  /** Absent where tags are unknown (merged reports carry none): rules testing tags are skipped. */
  tags?: TagLookup;
  /** The report's account: a rule for other accounts only is `other-account` here, not stale. */
  account?: string;
}

type Test = (value: string) => boolean;

/** Any of the patterns; `*` wildcards, otherwise exact. */
function anyOf(patterns: readonly string[]): Test {
  const tests = patterns.map((pattern): Test => {
    if (!hasWildcard(pattern)) return (value) => value === pattern;
    const regExp = patternRegExp(pattern);
    return (value) => regExp.test(value);
  });
  return (value) => tests.some((test) => test(value));
}

/** Whether the rule has expired at `now`: a date expires at the end of that day (UTC), a date-time at that instant. */
export function isExpired(expires: string | undefined, now: Date): boolean {
  if (expires === undefined) return false;
  if (/^\d{4}-\d{2}-\d{2}$/.test(expires)) return now.toISOString().slice(0, 10) > expires;
  return now.getTime() > Date.parse(expires);
}

type ResultTest = (result: CheckResult) => boolean;

function carriesAll(wanted: Readonly<Record<string, Test>>, tags: Tags | undefined): boolean {
  if (tags === undefined) return false;
  // Tag keys and values are case-sensitive (AWS Tagging: "Tag keys and values are case sensitive").
  return Object.entries(wanted).every(([key, test]) => Object.hasOwn(tags, key) && test(tags[key]!));
}

function tagTest(tags: Tags, lookup: TagLookup): ResultTest {
  const wanted = Object.fromEntries(Object.entries(tags).map(([key, value]) => [key, anyOf([value])]));
  return ({ resource }) => {
    if (carriesAll(wanted, lookup(resource.arn))) return true;
    const apis = apisOf(resource);
    return apis.length > 0 && apis.every((arn) => carriesAll(wanted, lookup(arn)));
  };
}

/** The rule as one test; undefined when it cannot be judged here (tags unknown). */
function compile(rule: MuteRule, lookup: TagLookup | undefined): ResultTest | undefined {
  if (rule.tags !== undefined && lookup === undefined) return undefined;
  const tests: ResultTest[] = [];
  if (rule.checks) {
    const test = anyOf(rule.checks);
    tests.push((r) => test(r.checkId));
  }
  if (rule.resources) {
    const test = anyOf(rule.resources);
    tests.push((r) => test(r.resource.arn) || test(r.resource.name));
  }
  if (rule.accounts) {
    const test = anyOf(rule.accounts);
    tests.push((r) => test(r.resource.account));
  }
  if (rule.regions) {
    const test = anyOf(rule.regions);
    tests.push((r) => test(r.resource.region));
  }
  if (rule.tags) tests.push(tagTest(rule.tags, lookup!));
  return (result) => tests.every((test) => test(result));
}

function mutedBy(rule: MuteRule): Muted {
  return { rule: rule.id, reason: rule.reason, owner: rule.owner, ...(rule.expires !== undefined ? { expires: rule.expires } : {}) };
}

function stateOf(rule: Pick<MuteRuleSummary, 'matched'>, expired: boolean, skipped: boolean, elsewhere: boolean): MuteRuleState {
  if (skipped) return 'skipped';
  if (expired) return 'expired';
  if (rule.matched > 0) return 'applied';
  return elsewhere ? 'other-account' : 'unmatched';
}

/** A rule limited to accounts that are not this report's. */
function forOtherAccounts(rule: MuteRule, account: string | undefined): boolean {
  return account !== undefined && rule.accounts !== undefined && !anyOf(rule.accounts)(account);
}

/** The results with the rules applied, and what each rule did. */
export function applyMutes<T extends CheckResult>(results: readonly T[], list: MuteList, context: MuteContext): { results: T[]; summary: MuteSummary } {
  const rules = list.rules.map((rule) => ({
    rule,
    test: compile(rule, context.tags),
    expired: isExpired(rule.expires, context.now),
    matched: 0,
    muted: 0,
  }));
  let muted = 0;
  const out = results.map((result) => {
    let mute: Muted | undefined;
    for (const entry of rules) {
      if (!entry.test?.(result)) continue;
      entry.matched += 1;
      if (entry.expired || mute !== undefined || result.muted !== undefined) continue;
      mute = mutedBy(entry.rule);
      entry.muted += 1;
    }
    if (mute === undefined) return result;
    muted += 1;
    return { ...result, muted: mute };
  });
  const summaries = rules.map(({ rule, test, expired, matched, muted: count }): MuteRuleSummary => ({
    id: rule.id,
    reason: rule.reason,
    owner: rule.owner,
    ...(rule.expires !== undefined ? { expires: rule.expires } : {}),
    state: stateOf({ matched }, expired, test === undefined, forOtherAccounts(rule, context.account)),
    matched,
    muted: count,
  }));
  return { results: out, summary: { file: list.source, muted, rules: summaries } };
}

/** Several reports' summaries of one file (merge): counts added, states recomputed. */
export function combineSummaries(file: string, summaries: readonly MuteSummary[]): MuteSummary {
  const byId = new Map<string, MuteRuleSummary>();
  for (const summary of summaries) {
    for (const rule of summary.rules) {
      const seen = byId.get(rule.id);
      byId.set(rule.id, seen ? { ...seen, matched: seen.matched + rule.matched, muted: seen.muted + rule.muted } : { ...rule });
    }
  }
  const elsewhere = (id: string) => summaries.every((s) => s.rules.find((r) => r.id === id)?.state === 'other-account');
  const rules = [...byId.values()].map((rule) => ({
    ...rule,
    state: stateOf(rule, rule.state === 'expired', rule.state === 'skipped', elsewhere(rule.id)),
  }));
  return { file, muted: summaries.reduce((sum, s) => sum + s.muted, 0), rules };
}

/** One stderr line per rule that needs attention: expired, matched nothing, or could not be judged. */
export function muteWarnings(summary: MuteSummary): string[] {
  return summary.rules.flatMap((rule) => {
    const name = `mute rule '${rule.id}' (${rule.owner})`;
    switch (rule.state) {
      case 'expired':
        return [
          `${name} expired on ${rule.expires}: it muted nothing` +
            (rule.matched > 0 ? `, and the ${plural(rule.matched, 'result')} it matches ${rule.matched === 1 ? 'counts' : 'count'} again` : '') +
            '; renew it with a new reason or remove it',
        ];
      case 'unmatched':
        return [`${name} matched no result: remove it, or fix its matchers`];
      case 'skipped':
        return [`${name} tests tags, which merged reports do not carry: it muted nothing here (apply it when scanning)`];
      default:
        return [];
    }
  });
}

/** The stdout line: how many results were muted, by how many rules. */
export function muteSummaryLine(summary: MuteSummary): string {
  const applied = summary.rules.filter((r) => r.state === 'applied').length;
  const expired = summary.rules.filter((r) => r.state === 'expired').length;
  const unmatched = summary.rules.filter((r) => r.state === 'unmatched').length;
  const notes = [expired > 0 && `${expired} expired`, unmatched > 0 && `${unmatched} matched nothing`].filter(Boolean);
  return (
    `Muted: ${plural(summary.muted, 'result')} by ${applied} of ${plural(summary.rules.length, 'rule')} in ${summary.file}` +
    (notes.length > 0 ? ` (${notes.join(', ')})` : '') +
    '; muted results count in no score, grade or exit code'
  );
}

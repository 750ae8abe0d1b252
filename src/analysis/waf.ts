/**
 * What a WAFv2 web ACL can be shown to do, from `GetWebACL` alone.
 *
 * **Order.** Entries are read in evaluation order: Firewall Manager pre-process rule groups, the
 * ACL's own rules, Firewall Manager post-process rule groups, each set by priority, lowest first
 * (AWS WAF developer guide, "Setting rule priority" and "Rule group management for AWS WAF
 * policies"). `Allow` and `Block` are terminating: once a rule with either action matches, no
 * later rule runs for that request. `Count` is not, and `Captcha`/`Challenge` are not for a client
 * with a valid token ("How AWS WAF handles rule and rule group actions", "CAPTCHA and Challenge
 * action behavior"). So:
 *
 * - An `Allow` rule whose statement matches **every** request defeats every entry after it: they
 *   never run. A `Block` rule matching every request ends evaluation too: the ACL then blocks
 *   whatever earlier rules did not allow, an allow-list in effect.
 * - An `Allow` that matches only some requests (an IP set, a path, a managed rule overridden to
 *   Allow) makes the entries after it skip those requests: a **bypass**.
 * - A scope-down statement on a managed rule group or a rate-based rule limits it to the requests
 *   the statement matches ("Using scope-down statements in AWS WAF").
 *
 * Whether a statement matches every request is proven only for a few shapes (`statementScope`);
 * anything else is taken as narrow, and statements whose contents GetWebACL does not show (IP
 * sets, regex pattern sets, labels) are named as undetermined.
 *
 * **Effect** of each entry:
 * - A **managed rule group** (`ManagedRuleGroupStatement`) blocks unless its `OverrideAction` is
 *   `Count` (the whole group then only counts, `API_OverrideAction`). Per-rule overrides
 *   (`RuleActionOverrides` with an `ActionToUse` other than Block, and the legacy `ExcludedRules`,
 *   which count) weaken it; the group counts as switched off when they cover every rule AWS
 *   publishes for it (`MANAGED_GROUP_RULES`; other groups with overrides are taken to still
 *   block). A rule overridden to `Allow` is a narrow allow. Rule names follow the latest static
 *   versions AWS documents; a rule AWS adds later keeps blocking.
 * - A **rule group reference** (`RuleGroupReferenceStatement`, a customer or Firewall Manager
 *   group) cannot be inspected without `GetRuleGroup`: it is reported as unverified and counts
 *   neither as blocking nor as any particular protection. With `OverrideAction` `Count` it only
 *   counts.
 * - Any other rule acts through its `Action`: only `Block` blocks. `Captcha` and `Challenge` let
 *   through every client that solves them once (a browser, a headless one included), so they
 *   neither block nor limit a rate; `Count` counts, `Allow` allows.
 *
 * **Protections** looked for, each `full` when one entry gives it to every request that reaches
 * the ACL, `partial` when every entry giving it is scoped down, bypassed by an earlier narrow
 * allow, or has key rules overridden:
 * - **Common**: `AWS` `AWSManagedRulesCommonRuleSet` (the core rule set: XSS, LFI/RFI, SSRF,
 *   oversized inputs, bad bots), blocking. Its key rules are the attack signatures (XSS, LFI, RFI,
 *   SSRF); size, user-agent and extension rules may count without losing the protection.
 * - **SQL injection**: `AWS` `AWSManagedRulesSQLiRuleSet` (every rule key), blocking; or a
 *   blocking rule whose statement contains a `SqliMatchStatement` (directly or inside `And`/`Or`,
 *   never under `Not`; which parts of the request it inspects is not judged).
 * - Either of those groups running in Count mode followed by a blocking rule that matches its
 *   labels (`LabelMatchStatement` on `awswaf:managed:aws:core-rule-set…` or
 *   `…:sql-database…`), the documented way to act on a counted group's findings.
 * - **Rate limiting**: a top-level `RateBasedStatement` rule with action `Block`.
 */
import type { WebAcl } from '../inventory/schema.js';

export const COMMON_RULE_SET = 'AWSManagedRulesCommonRuleSet';
export const SQLI_RULE_SET = 'AWSManagedRulesSQLiRuleSet';

/** Rule names of AWS managed rule groups (latest static versions documented), to tell when overrides switch every rule off. */
export const MANAGED_GROUP_RULES: Readonly<Record<string, readonly string[]>> = {
  [COMMON_RULE_SET]: [
    'NoUserAgent_HEADER',
    'UserAgent_BadBots_HEADER',
    'SizeRestrictions_QUERYSTRING',
    'SizeRestrictions_Cookie_HEADER',
    'SizeRestrictions_BODY',
    'SizeRestrictions_URIPATH',
    'EC2MetaDataSSRF_BODY',
    'EC2MetaDataSSRF_COOKIE',
    'EC2MetaDataSSRF_URIPATH',
    'EC2MetaDataSSRF_QUERYARGUMENTS',
    'GenericLFI_QUERYARGUMENTS',
    'GenericLFI_URIPATH',
    'GenericLFI_BODY',
    'RestrictedExtensions_URIPATH',
    'RestrictedExtensions_QUERYARGUMENTS',
    'GenericRFI_QUERYARGUMENTS',
    'GenericRFI_BODY',
    'GenericRFI_URIPATH',
    'CrossSiteScripting_COOKIE',
    'CrossSiteScripting_QUERYARGUMENTS',
    'CrossSiteScripting_BODY',
    'CrossSiteScripting_URIPATH',
  ],
  [SQLI_RULE_SET]: [
    'SQLi_QUERYARGUMENTS',
    'SQLiExtendedPatterns_QUERYARGUMENTS',
    'SQLi_BODY',
    'SQLiExtendedPatterns_BODY',
    'SQLi_COOKIE',
    'SQLi_URIPATH',
  ],
};

/**
 * The rules that make a group the protection it stands for: overriding one of them away from
 * Block leaves that attack class (in that part of the request) unblocked.
 */
const KEY_RULE: Readonly<Record<string, (rule: string) => boolean>> = {
  [COMMON_RULE_SET]: (rule) => /^(CrossSiteScripting|GenericLFI|GenericRFI|EC2MetaDataSSRF)_/.test(rule),
  [SQLI_RULE_SET]: () => true,
};

/** Label namespaces the AWS groups add: a blocking rule on them acts on a counted group's matches. */
const LABEL_NAMESPACES: Readonly<Record<string, string>> = {
  [COMMON_RULE_SET]: 'awswaf:managed:aws:core-rule-set',
  [SQLI_RULE_SET]: 'awswaf:managed:aws:sql-database',
};

export type WafAction = 'Block' | 'Allow' | 'Count' | 'Captcha' | 'Challenge' | 'unknown';

export type WafEffect = 'blocks' | 'counts' | 'allows' | 'challenges' | 'unverified' | 'unknown';

export type WafSource = 'rule' | 'fms-pre' | 'fms-post';

/** Which requests a statement matches: every one, none, or some (or cannot be told: taken as some). */
export type MatchScope = 'all' | 'none' | 'narrow';

export interface StatementScope {
  scope: MatchScope;
  /** Parts whose contents GetWebACL does not show, so a narrow scope may in fact be wider. */
  undetermined: string[];
}

export interface WafEntry {
  source: WafSource;
  name: string;
  priority: number | undefined;
  kind: 'managed-rule-group' | 'rule-group-reference' | 'rate-based' | 'rule';
  effect: WafEffect;
  /** For evidence: `aws-common (AWS/AWSManagedRulesCommonRuleSet)`. */
  description: string;
  /** `VendorName/Name` of a managed group. */
  managedGroup?: { vendor: string; name: string };
  /**
   * Which requests the entry acts on: for a plain rule, what its statement matches; for a
   * managed group or a rate-based rule, what its scope-down statement lets it inspect (`all`
   * without one).
   */
  scope: StatementScope;
  /** Group rules whose action is overridden to something other than Block: `SizeRestrictions_BODY→Count`. */
  nonBlockingRules: string[];
  /** Group rules overridden to Allow: a narrow, terminating allow. */
  allowingRules: string[];
  /** Key rules of an AWS group overridden away from Block. */
  keyRulesOff: string[];
  /** A managed group whose every known rule is overridden away from Block. */
  allRulesOverridden: boolean;
  /** Rule statements: contains a SqliMatchStatement (not negated). */
  sqliMatch: boolean;
  /** Rule statements: label keys it matches (`awswaf:managed:aws:sql-database:SQLi_Body`). */
  labelKeys: string[];
  /** The statement is a label match alone (or an `Or` of statements with one): it acts on every labelled request. */
  labelMatchOnly: boolean;
}

export type Coverage = 'full' | 'partial' | 'missing';

export interface Protection {
  coverage: Coverage;
  /** Entries that give the protection (reachable ones only). */
  providers: string[];
  /** When partial: why each provider falls short. */
  gaps: string[];
}

export interface Bypass {
  /** The allowing entry. */
  rule: string;
  /** `narrow`, with what cannot be told when its contents are not in GetWebACL. */
  scope: string;
  /** Filtering entries after it that never see the requests it allows. */
  skips: string[];
}

export interface WebAclAnalysis {
  defaultAction: 'Allow' | 'Block' | 'unknown';
  /**
   * What happens to a request no terminating rule stopped earlier: the default action, or the
   * action of the first rule that matches every request.
   */
  effectiveDefault: 'Allow' | 'Block' | 'unknown';
  entries: WafEntry[];
  /** The first Allow/Block rule matching every request, and the entries after it that never run. */
  defeatedBy: string | null;
  defeated: string[];
  /** Reachable entries that block requests. */
  blocking: string[];
  /** Reachable entries that may stop a request: blocking, challenging, unverified groups, unknown actions. */
  filtering: string[];
  commonRuleSet: string[];
  sqlInjection: string[];
  rateBased: string[];
  protections: { common: Protection; sqlInjection: Protection; rateLimiting: Protection };
  bypasses: Bypass[];
  /** Entries that only count: a group with OverrideAction Count or every rule overridden, Count rules. */
  countOnly: string[];
  /** Managed groups that block but with some rules overridden. */
  weakened: string[];
  /** Rule group references whose rules cannot be seen from GetWebACL. */
  unverified: string[];
  allowRules: string[];
  challengeRules: string[];
  /** Reachable rules with an action this analysis does not know (it might terminate). */
  unknownActions: string[];
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function record(value: unknown): Json | undefined {
  return isRecord(value) ? value : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

const ACTIONS = ['Block', 'Allow', 'Count', 'Captcha', 'Challenge'] as const;

/** `{ Block: {} }` → `Block`; what a rule `Action`, an `OverrideAction` or an `ActionToUse` says. */
export function actionOf(action: unknown): WafAction {
  const a = record(action);
  if (!a) return 'unknown';
  return ACTIONS.find((name) => name in a) ?? 'unknown';
}

// ── Which requests a statement matches ───────────────────────────────────────────────────

/** Fields every request has: the URI path (it starts with `/`) and the method. */
const ALWAYS_PRESENT_FIELDS = ['UriPath', 'Method'];

/** Transformations that keep a URI path's leading `/`. */
const PATH_KEEPING_TRANSFORMS = new Set(['NONE', 'LOWERCASE', 'URL_DECODE', 'URL_DECODE_UNI', 'NORMALIZE_PATH', 'NORMALIZE_PATH_WIN']);

/** Regular expressions that match any string, the empty one included. */
const MATCH_ANYTHING_REGEXES = new Set(['.*', '^.*', '.*?', '^.*?', '(.*)', '^(.*)', '^']);

function inspects(statement: Json, field: string): boolean {
  return record(statement.FieldToMatch)?.[field] !== undefined;
}

function inspectsAlwaysPresentField(statement: Json): boolean {
  return ALWAYS_PRESENT_FIELDS.some((field) => inspects(statement, field));
}

function transformTypes(statement: Json): string[] {
  return list(statement.TextTransformations).map((t) => str(record(t)?.Type) ?? '?');
}

/** `SearchString` is a blob: base64 in the snapshot (src/collect/json-safe.ts). */
function searchString(statement: Json): string | undefined {
  const encoded = str(statement.SearchString);
  return encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString('utf8');
}

/** A path that starts with (or contains) `/`: every request's. */
function byteMatchScope(statement: Json): MatchScope {
  const position = str(statement.PositionalConstraint);
  const everyPath =
    inspects(statement, 'UriPath') &&
    (position === 'STARTS_WITH' || position === 'CONTAINS') &&
    searchString(statement) === '/' &&
    transformTypes(statement).every((type) => PATH_KEEPING_TRANSFORMS.has(type));
  return everyPath ? 'all' : 'narrow';
}

/** No part of a request is smaller than 0 bytes, and a path or method always has a size. */
function sizeConstraintScope(statement: Json): MatchScope {
  const operator = str(statement.ComparisonOperator);
  const size = statement.Size;
  if (operator === 'LT' && size === 0) return 'none';
  if (operator === 'GE' && size === 0 && inspectsAlwaysPresentField(statement)) return 'all';
  return 'narrow';
}

function regexScope(statement: Json): MatchScope {
  const regex = str(statement.RegexString);
  return regex !== undefined && MATCH_ANYTHING_REGEXES.has(regex) && inspectsAlwaysPresentField(statement) ? 'all' : 'narrow';
}

function negate(scope: MatchScope): MatchScope {
  if (scope === 'all') return 'none';
  if (scope === 'none') return 'all';
  return 'narrow';
}

function combine(parts: StatementScope[], operator: 'And' | 'Or'): StatementScope {
  const scopes = parts.map((p) => p.scope);
  const undetermined = parts.flatMap((p) => p.undetermined);
  const [absorbing, neutral]: [MatchScope, MatchScope] = operator === 'And' ? ['none', 'all'] : ['all', 'none'];
  if (scopes.includes(absorbing)) return { scope: absorbing, undetermined: [] };
  if (scopes.length > 0 && scopes.every((s) => s === neutral)) return { scope: neutral, undetermined: [] };
  return { scope: 'narrow', undetermined };
}

/**
 * Which requests a (nestable) statement matches. `all` and `none` are proven; `narrow` is
 * everything else, with `undetermined` naming what could make it wider.
 */
export function statementScope(statement: unknown): StatementScope {
  const s = record(statement);
  if (!s) return { scope: 'narrow', undetermined: ['no statement'] };
  const narrow = (...undetermined: string[]): StatementScope => ({ scope: 'narrow', undetermined });
  const [type, body] = Object.entries(s)[0] ?? [];
  const inner = record(body) ?? {};
  switch (type) {
    case 'NotStatement': {
      const negated = statementScope(inner.Statement);
      return { scope: negate(negated.scope), undetermined: negated.undetermined };
    }
    case 'AndStatement':
      return combine(list(inner.Statements).map(statementScope), 'And');
    case 'OrStatement':
      return combine(list(inner.Statements).map(statementScope), 'Or');
    case 'ByteMatchStatement':
      return { scope: byteMatchScope(inner), undetermined: [] };
    case 'SizeConstraintStatement':
      return { scope: sizeConstraintScope(inner), undetermined: [] };
    case 'RegexMatchStatement':
      return { scope: regexScope(inner), undetermined: [] };
    case 'IPSetReferenceStatement':
      return narrow(`IP set ${str(inner.ARN) ?? '?'} not inspected`);
    case 'RegexPatternSetReferenceStatement':
      return narrow(`regex pattern set ${str(inner.ARN) ?? '?'} not inspected`);
    case 'LabelMatchStatement':
      return narrow(`label ${str(inner.Key) ?? '?'} depends on earlier rules`);
    case 'SqliMatchStatement':
    case 'XssMatchStatement':
    case 'GeoMatchStatement':
    case 'AsnMatchStatement':
      return narrow();
    default:
      return narrow(`${type ?? 'empty statement'} not judged`);
  }
}

function scopeDownOf(statement: Json): StatementScope {
  return statement.ScopeDownStatement === undefined ? { scope: 'all', undetermined: [] } : statementScope(statement.ScopeDownStatement);
}

function scopeText(scope: StatementScope): string {
  if (scope.scope === 'all') return 'every request';
  if (scope.scope === 'none') return 'no request';
  if (scope.undetermined.length === 0) return 'narrow';
  return `narrow; cannot tell whether it matches every request (${scope.undetermined.join(', ')})`;
}

// ── Entries ──────────────────────────────────────────────────────────────────────────────

/** Walks a statement and the statements `And`/`Or` combine (never under `Not`). */
function positiveStatements(statement: unknown): Json[] {
  const s = record(statement);
  if (!s) return [];
  const nested = [s.AndStatement, s.OrStatement].flatMap((combo) => list(record(combo)?.Statements));
  return [s, ...nested.flatMap(positiveStatements)];
}

function effectOfAction(action: WafAction): WafEffect {
  switch (action) {
    case 'Block':
      return 'blocks';
    case 'Count':
      return 'counts';
    case 'Allow':
      return 'allows';
    case 'Captcha':
    case 'Challenge':
      return 'challenges';
    default:
      return 'unknown';
  }
}

function label(source: WafSource, name: string): string {
  if (source === 'fms-pre') return `Firewall Manager pre-process group ${name}`;
  if (source === 'fms-post') return `Firewall Manager post-process group ${name}`;
  return name;
}

type Base = Pick<WafEntry, 'source' | 'name' | 'priority'>;

const noStatementFacts = (): Pick<WafEntry, 'sqliMatch' | 'labelKeys' | 'labelMatchOnly'> => ({ sqliMatch: false, labelKeys: [], labelMatchOnly: false });

/** `RuleActionOverrides` (any action) and the legacy `ExcludedRules` (Count), by rule name. */
function ruleOverrides(statement: Json): Map<string, WafAction> {
  const overrides = new Map<string, WafAction>();
  for (const excluded of list(statement.ExcludedRules)) {
    const rule = str(record(excluded)?.Name);
    if (rule) overrides.set(rule, 'Count');
  }
  for (const override of list(statement.RuleActionOverrides)) {
    const o = record(override);
    const rule = str(o?.Name);
    if (rule) overrides.set(rule, actionOf(o?.ActionToUse));
  }
  return overrides;
}

function nonBlocking(overrides: Map<string, WafAction>): Array<[string, WafAction]> {
  return [...overrides].filter(([, action]) => action !== 'Block').sort(([a], [b]) => a.localeCompare(b));
}

function allowing(overrides: Map<string, WafAction>, groupCounts: boolean): string[] {
  // OverrideAction Count turns the group's result, an Allow included, into a count.
  return groupCounts ? [] : nonBlocking(overrides).flatMap(([rule, action]) => (action === 'Allow' ? [rule] : []));
}

function managedGroupEntry(base: Base, statement: Json, overrideAction: unknown): WafEntry {
  const vendor = str(statement.VendorName) ?? '?';
  const name = str(statement.Name) ?? '?';
  const overrides = ruleOverrides(statement);
  const off = nonBlocking(overrides);
  const known = vendor === 'AWS' ? MANAGED_GROUP_RULES[name] : undefined;
  const isKey = vendor === 'AWS' ? KEY_RULE[name] : undefined;
  const allRulesOverridden = known !== undefined && known.every((rule) => off.some(([r]) => r === rule));
  const groupCounts = actionOf(overrideAction) === 'Count';
  const scope = scopeDownOf(statement);
  const qualifiers = [
    ...(groupCounts ? ['OverrideAction Count'] : []),
    ...(allRulesOverridden && !groupCounts ? ['every rule overridden to a non-blocking action'] : []),
    ...(statement.ScopeDownStatement !== undefined ? ['scoped down'] : []),
  ];
  return {
    ...base,
    kind: 'managed-rule-group',
    effect: groupCounts || allRulesOverridden ? 'counts' : 'blocks',
    description: `${label(base.source, base.name)} (${[`${vendor}/${name}`, ...qualifiers].join(', ')})`,
    managedGroup: { vendor, name },
    scope,
    nonBlockingRules: off.map(([rule, action]) => `${rule}→${action}`),
    allowingRules: allowing(overrides, groupCounts),
    keyRulesOff: isKey ? off.filter(([rule]) => isKey(rule)).map(([rule, action]) => `${rule}→${action}`) : [],
    allRulesOverridden,
    ...noStatementFacts(),
  };
}

function ruleGroupReferenceEntry(base: Base, statement: Json, overrideAction: unknown): WafEntry {
  const arn = str(statement.ARN) ?? 'unknown ARN';
  const counts = actionOf(overrideAction) === 'Count';
  return {
    ...base,
    kind: 'rule-group-reference',
    effect: counts ? 'counts' : 'unverified',
    description: `${label(base.source, base.name)} (rule group ${arn}${counts ? ', OverrideAction Count' : ', contents not inspected'})`,
    scope: { scope: 'all', undetermined: [] },
    nonBlockingRules: [],
    allowingRules: allowing(ruleOverrides(statement), counts),
    keyRulesOff: [],
    allRulesOverridden: false,
    ...noStatementFacts(),
  };
}

function labelMatchOnly(statement: Json): boolean {
  if (record(statement.LabelMatchStatement)) return true;
  return list(record(statement.OrStatement)?.Statements).some((s) => record(record(s)?.LabelMatchStatement) !== undefined);
}

function ruleEntry(name: string, priority: number | undefined, statement: Json, action: unknown): WafEntry {
  const base = { source: 'rule' as const, name, priority };
  const actionText = actionOf(action);
  const rate = record(statement.RateBasedStatement);
  const parts = positiveStatements(statement);
  let description: string;
  if (rate) {
    const window = typeof rate.EvaluationWindowSec === 'number' ? rate.EvaluationWindowSec : 300;
    const key = str(rate.AggregateKeyType) ?? 'IP';
    const scoped = rate.ScopeDownStatement !== undefined ? ', scoped down' : '';
    description = `${name} (rate-based: ${String(rate.Limit ?? '?')} requests per ${window} s by ${key}${scoped}, ${actionText})`;
  } else {
    description = `${name} (${actionText})`;
  }
  return {
    ...base,
    kind: rate ? 'rate-based' : 'rule',
    effect: effectOfAction(actionText),
    description,
    scope: rate ? scopeDownOf(rate) : statementScope(statement),
    nonBlockingRules: [],
    allowingRules: [],
    keyRulesOff: [],
    allRulesOverridden: false,
    sqliMatch: parts.some((s) => record(s.SqliMatchStatement) !== undefined),
    labelKeys: parts.flatMap((s) => str(record(s.LabelMatchStatement)?.Key) ?? []),
    labelMatchOnly: labelMatchOnly(statement),
  };
}

function byPriority<T extends { Priority?: unknown }>(items: readonly T[]): T[] {
  const p = (item: T) => (typeof item.Priority === 'number' ? item.Priority : Number.MAX_SAFE_INTEGER);
  return [...items].sort((a, b) => p(a) - p(b));
}

/** Every rule and Firewall Manager group of the ACL, in evaluation order. */
export function webAclEntries(acl: WebAcl): WafEntry[] {
  const fms = (source: 'fms-pre' | 'fms-post', groups: readonly Json[] | undefined) =>
    byPriority(groups ?? []).flatMap((group): WafEntry[] => {
      const name = str(group.Name) ?? '(unnamed)';
      const priority = typeof group.Priority === 'number' ? group.Priority : undefined;
      const statement = record(group.FirewallManagerStatement) ?? {};
      const managed = record(statement.ManagedRuleGroupStatement);
      const reference = record(statement.RuleGroupReferenceStatement);
      if (managed) return [managedGroupEntry({ source, name, priority }, managed, group.OverrideAction)];
      if (reference) return [ruleGroupReferenceEntry({ source, name, priority }, reference, group.OverrideAction)];
      return [];
    });
  const rules = byPriority(acl.Rules ?? []).map((rule): WafEntry => {
    const name = rule.Name ?? '(unnamed)';
    const priority = rule.Priority;
    const statement = record(rule.Statement) ?? {};
    const managed = record(statement.ManagedRuleGroupStatement);
    const reference = record(statement.RuleGroupReferenceStatement);
    if (managed) return managedGroupEntry({ source: 'rule', name, priority }, managed, rule.OverrideAction);
    if (reference) return ruleGroupReferenceEntry({ source: 'rule', name, priority }, reference, rule.OverrideAction);
    return ruleEntry(name, priority, statement, rule.Action);
  });
  return [...fms('fms-pre', acl.PreProcessFirewallManagerRuleGroups), ...rules, ...fms('fms-post', acl.PostProcessFirewallManagerRuleGroups)];
}

// ── Analysis ─────────────────────────────────────────────────────────────────────────────

function isGroup(entry: WafEntry, groupName: string): boolean {
  return entry.managedGroup?.vendor === 'AWS' && entry.managedGroup.name === groupName;
}

/** A rule that ends evaluation for every request: nothing after it runs. */
function endsEvaluation(entry: WafEntry): boolean {
  return entry.kind === 'rule' && entry.scope.scope === 'all' && (entry.effect === 'allows' || entry.effect === 'blocks');
}

/** An entry that lets some requests through at once, past every entry after it. */
function allowsSome(entry: WafEntry): boolean {
  if (entry.scope.scope === 'none') return false;
  return (entry.kind === 'rule' && entry.effect === 'allows') || entry.allowingRules.length > 0;
}

function bypassScope(entry: WafEntry): string {
  if (entry.allowingRules.length > 0) return `narrow (rules overridden to Allow: ${entry.allowingRules.join(', ')})`;
  return scopeText(entry.scope);
}

const FILTERING: ReadonlySet<WafEffect> = new Set(['blocks', 'challenges', 'unverified', 'unknown']);

/** How well the entries at `indexes` give one protection, and why not fully. */
function protection(entries: readonly WafEntry[], indexes: number[], gapsOf: (index: number) => string[]): Protection {
  const providers = indexes.map((i) => entries[i]!.description);
  if (indexes.length === 0) return { coverage: 'missing', providers, gaps: [] };
  const gaps = indexes.map(gapsOf);
  if (gaps.some((g) => g.length === 0)) return { coverage: 'full', providers, gaps: [] };
  return { coverage: 'partial', providers, gaps: gaps.flat() };
}

/** Many stages share one web ACL: each is analysed once (the inventory is immutable during a run); callers only read it. */
const analyses = new WeakMap<WebAcl, WebAclAnalysis>();

export function analyseWebAcl(acl: WebAcl): WebAclAnalysis {
  let analysis = analyses.get(acl);
  if (!analysis) {
    analysis = Object.freeze(analyseWebAclOnce(acl));
    analyses.set(acl, analysis);
  }
  return analysis;
}

function analyseWebAclOnce(acl: WebAcl): WebAclAnalysis {
  const all = webAclEntries(acl);
  const declared = actionOf(acl.DefaultAction);
  const defaultAction = declared === 'Block' || declared === 'Allow' ? declared : 'unknown';
  const cut = all.findIndex(endsEvaluation);
  const entries = cut === -1 ? all : all.slice(0, cut + 1);
  const cutEntry = cut === -1 ? undefined : all[cut]!;
  const effectiveDefault = cutEntry ? (cutEntry.effect === 'allows' ? 'Allow' : 'Block') : defaultAction;
  const defeated = cut === -1 ? [] : all.slice(cut + 1).map((entry) => entry.description);

  const describe = (predicate: (entry: WafEntry, index: number) => boolean) => entries.filter(predicate).map((entry) => entry.description);
  const indexes = (predicate: (entry: WafEntry, index: number) => boolean) => entries.flatMap((entry, i) => (predicate(entry, i) ? [i] : []));
  const blocks = (entry: WafEntry) => entry.effect === 'blocks' && entry.scope.scope !== 'none';

  /** Narrow allows before `index`: the entry never sees what they let through. */
  const allowsBefore = (index: number) => entries.slice(0, index).filter(allowsSome);

  const labelSources = (index: number, groupName: string) => entries.slice(0, index).filter((e) => isGroup(e, groupName) && e.scope.scope !== 'none');
  const actsOnLabelsOf = (entry: WafEntry, index: number, groupName: string) =>
    blocks(entry) && entry.labelKeys.some((key) => key.startsWith(LABEL_NAMESPACES[groupName]!)) && labelSources(index, groupName).length > 0;

  const gapsOf = (groupName?: string) => (index: number) => {
    const entry = entries[index]!;
    const gaps = allowsBefore(index).map((allow) => `${entry.description} is skipped for requests ${allow.description} allows first`);
    if (entry.kind !== 'rule' && entry.scope.scope !== 'all') gaps.push(`${entry.description} inspects only requests its scope-down statement matches`);
    if (entry.keyRulesOff.length > 0) gaps.push(`${entry.description} has ${entry.keyRulesOff.join(', ')} overridden away from Block`);
    if (groupName && actsOnLabelsOf(entry, index, groupName)) {
      if (!entry.labelMatchOnly) gaps.push(`${entry.description} matches the labels only together with other conditions`);
      const sources = labelSources(index, groupName);
      if (sources.every((source) => source.scope.scope !== 'all')) gaps.push(`${entry.description} acts on labels of ${sources[0]!.description}, which is scoped down`);
    }
    return gaps;
  };

  const commonIndexes = indexes((entry, i) => (blocks(entry) && isGroup(entry, COMMON_RULE_SET)) || actsOnLabelsOf(entry, i, COMMON_RULE_SET));
  const sqliIndexes = indexes(
    (entry, i) => (blocks(entry) && (isGroup(entry, SQLI_RULE_SET) || (entry.kind === 'rule' && entry.sqliMatch))) || actsOnLabelsOf(entry, i, SQLI_RULE_SET),
  );
  const rateIndexes = indexes((entry) => blocks(entry) && entry.kind === 'rate-based');

  const filters = (entry: WafEntry) => FILTERING.has(entry.effect) && entry.scope.scope !== 'none';
  const bypasses = entries.flatMap((entry, i): Bypass[] => {
    if (!allowsSome(entry)) return [];
    const skips = entries.slice(i + 1).filter(filters).map((e) => e.description);
    return skips.length > 0 ? [{ rule: entry.description, scope: bypassScope(entry), skips }] : [];
  });

  return {
    defaultAction,
    effectiveDefault,
    entries: all,
    defeatedBy: defeated.length > 0 ? `${cutEntry!.description.replace(/\)$/, '')}; matches every request)` : null,
    defeated,
    blocking: describe(blocks),
    filtering: describe(filters),
    commonRuleSet: commonIndexes.map((i) => entries[i]!.description),
    sqlInjection: sqliIndexes.map((i) => entries[i]!.description),
    rateBased: rateIndexes.map((i) => entries[i]!.description),
    protections: {
      common: protection(entries, commonIndexes, gapsOf(COMMON_RULE_SET)),
      sqlInjection: protection(entries, sqliIndexes, gapsOf(SQLI_RULE_SET)),
      rateLimiting: protection(entries, rateIndexes, gapsOf()),
    },
    bypasses,
    countOnly: describe((entry) => entry.effect === 'counts'),
    weakened: entries
      .filter((entry) => blocks(entry) && entry.nonBlockingRules.length > 0)
      .map((entry) => `${entry.description}: ${entry.nonBlockingRules.join(', ')}`),
    unverified: describe((entry) => entry.effect === 'unverified'),
    allowRules: describe((entry) => entry.effect === 'allows'),
    challengeRules: describe((entry) => entry.effect === 'challenges'),
    unknownActions: describe((entry) => entry.effect === 'unknown'),
  };
}

/**
 * What a WAFv2 web ACL can be shown to do, from `GetWebACL` alone.
 *
 * Entries are read in evaluation order: Firewall Manager pre-process rule groups, the ACL's own
 * rules, Firewall Manager post-process rule groups (each by priority). For each entry:
 *
 * - A **managed rule group** (`ManagedRuleGroupStatement`) blocks unless its `OverrideAction` is
 *   `Count` (the whole group then only counts). Per-rule overrides (`RuleActionOverrides` with an
 *   `ActionToUse` other than Block, and the legacy `ExcludedRules`, which count) weaken it; the
 *   group counts as switched off when they cover every rule AWS publishes for it. Only the
 *   groups whose rule names are known here (`MANAGED_GROUP_RULES`) can be shown to be fully
 *   overridden: another group with overrides is taken to still block, and the overrides are
 *   listed. Rule names follow the latest static versions AWS documents; a rule AWS adds later
 *   keeps blocking, so an older override list that covers every rule here may not cover it.
 * - A **rule group reference** (`RuleGroupReferenceStatement`, a customer or Firewall Manager
 *   group) cannot be inspected without `GetRuleGroup`: it is reported as unverified and counts
 *   neither as blocking nor as any particular protection. With `OverrideAction` `Count` it only
 *   counts.
 * - Any other rule acts through its `Action`: only `Block` blocks. `Captcha` and `Challenge` let
 *   through every client that solves them once (a browser, a headless one included), so they
 *   neither block nor limit a rate; `Count` counts, `Allow` allows.
 *
 * Protections looked for:
 * - **Common**: `AWS` `AWSManagedRulesCommonRuleSet` (the core rule set: XSS, LFI/RFI, SSRF,
 *   oversized inputs, bad bots), blocking.
 * - **SQL injection**: `AWS` `AWSManagedRulesSQLiRuleSet`, blocking; or a blocking rule whose
 *   statement contains a `SqliMatchStatement` (directly or inside `And`/`Or`, never under `Not`;
 *   which parts of the request it inspects is not judged).
 * - Either of those groups running in Count mode followed by a blocking rule that matches its
 *   labels (`LabelMatchStatement` on `awswaf:managed:aws:core-rule-set…` or
 *   `…:sql-database…`), the documented way to act on a counted group's findings.
 * - **Rate limiting**: a top-level `RateBasedStatement` rule with action `Block`.
 */
import type { WebAcl } from './schema.js';

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

/** Label namespaces the AWS groups add: a blocking rule on them acts on a counted group's matches. */
const LABEL_NAMESPACES: Readonly<Record<string, string>> = {
  [COMMON_RULE_SET]: 'awswaf:managed:aws:core-rule-set',
  [SQLI_RULE_SET]: 'awswaf:managed:aws:sql-database',
};

export type WafAction = 'Block' | 'Allow' | 'Count' | 'Captcha' | 'Challenge' | 'unknown';

export type WafEffect = 'blocks' | 'counts' | 'allows' | 'challenges' | 'unverified' | 'unknown';

export type WafSource = 'rule' | 'fms-pre' | 'fms-post';

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
  /** Managed group rules whose action is overridden to something other than Block: `SizeRestrictions_BODY→Count`. */
  nonBlockingRules: string[];
  /** A managed group whose every known rule is overridden away from Block. */
  allRulesOverridden: boolean;
  /** Rule statements: contains a SqliMatchStatement (not negated). */
  sqliMatch: boolean;
  /** Rule statements: label namespaces it matches (`awswaf:managed:aws:sql-database:SQLi_Body`). */
  labelKeys: string[];
}

export interface WebAclAnalysis {
  defaultAction: 'Allow' | 'Block' | 'unknown';
  entries: WafEntry[];
  /** Entries that block requests. */
  blocking: string[];
  commonRuleSet: string[];
  sqlInjection: string[];
  rateBased: string[];
  /** Entries that only count: a group with OverrideAction Count or every rule overridden, Count rules. */
  countOnly: string[];
  /** Managed groups that block but with some rules overridden. */
  weakened: string[];
  /** Rule group references whose rules cannot be seen from GetWebACL. */
  unverified: string[];
  allowRules: string[];
  challengeRules: string[];
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

function managedGroupEntry(base: Pick<WafEntry, 'source' | 'name' | 'priority'>, statement: Json, overrideAction: unknown): WafEntry {
  const vendor = str(statement.VendorName) ?? '?';
  const name = str(statement.Name) ?? '?';
  const nonBlocking = new Map<string, string>();
  for (const excluded of list(statement.ExcludedRules)) {
    const rule = str(record(excluded)?.Name);
    if (rule) nonBlocking.set(rule, 'Count');
  }
  for (const override of list(statement.RuleActionOverrides)) {
    const o = record(override);
    const rule = str(o?.Name);
    const action = actionOf(o?.ActionToUse);
    if (rule && action !== 'Block') nonBlocking.set(rule, action);
  }
  const known = vendor === 'AWS' ? MANAGED_GROUP_RULES[name] : undefined;
  const allRulesOverridden = known !== undefined && known.every((rule) => nonBlocking.has(rule));
  const groupCounts = actionOf(overrideAction) === 'Count';
  const qualifiers = [
    ...(groupCounts ? ['OverrideAction Count'] : []),
    ...(allRulesOverridden && !groupCounts ? ['every rule overridden to a non-blocking action'] : []),
    ...(record(statement.ScopeDownStatement) ? ['scoped down'] : []),
  ];
  return {
    ...base,
    kind: 'managed-rule-group',
    effect: groupCounts || allRulesOverridden ? 'counts' : 'blocks',
    description: `${label(base.source, base.name)} (${[`${vendor}/${name}`, ...qualifiers].join(', ')})`,
    managedGroup: { vendor, name },
    nonBlockingRules: [...nonBlocking].map(([rule, action]) => `${rule}→${action}`).sort(),
    allRulesOverridden,
    sqliMatch: false,
    labelKeys: [],
  };
}

function ruleGroupReferenceEntry(base: Pick<WafEntry, 'source' | 'name' | 'priority'>, statement: Json, overrideAction: unknown): WafEntry {
  const arn = str(statement.ARN) ?? 'unknown ARN';
  const counts = actionOf(overrideAction) === 'Count';
  return {
    ...base,
    kind: 'rule-group-reference',
    effect: counts ? 'counts' : 'unverified',
    description: `${label(base.source, base.name)} (rule group ${arn}${counts ? ', OverrideAction Count' : ', contents not inspected'})`,
    nonBlockingRules: [],
    allRulesOverridden: false,
    sqliMatch: false,
    labelKeys: [],
  };
}

function ruleEntry(name: string, priority: number | undefined, statement: Json, action: unknown): WafEntry {
  const base = { source: 'rule' as const, name, priority };
  const effect = effectOfAction(actionOf(action));
  const rate = record(statement.RateBasedStatement);
  const parts = positiveStatements(statement);
  const actionText = actionOf(action);
  let description: string;
  if (rate) {
    const window = typeof rate.EvaluationWindowSec === 'number' ? rate.EvaluationWindowSec : 300;
    const key = str(rate.AggregateKeyType) ?? 'IP';
    const scoped = record(rate.ScopeDownStatement) ? ', scoped down' : '';
    description = `${name} (rate-based: ${String(rate.Limit ?? '?')} requests per ${window} s by ${key}${scoped}, ${actionText})`;
  } else {
    description = `${name} (${actionText})`;
  }
  return {
    ...base,
    kind: rate ? 'rate-based' : 'rule',
    effect,
    description,
    nonBlockingRules: [],
    allRulesOverridden: false,
    sqliMatch: parts.some((s) => record(s.SqliMatchStatement) !== undefined),
    labelKeys: parts.flatMap((s) => str(record(s.LabelMatchStatement)?.Key) ?? []),
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

function isGroup(entry: WafEntry, groupName: string): boolean {
  return entry.managedGroup?.vendor === 'AWS' && entry.managedGroup.name === groupName;
}

/**
 * A blocking rule acting on the labels of an AWS group that runs earlier (in any mode): it
 * blocks what the group matched.
 */
function actsOnLabelsOf(entries: readonly WafEntry[], index: number, groupName: string): boolean {
  const entry = entries[index]!;
  const namespace = LABEL_NAMESPACES[groupName]!;
  return (
    entry.effect === 'blocks' &&
    entry.labelKeys.some((key) => key.startsWith(namespace)) &&
    entries.slice(0, index).some((earlier) => isGroup(earlier, groupName))
  );
}

export function analyseWebAcl(acl: WebAcl): WebAclAnalysis {
  const entries = webAclEntries(acl);
  const defaultAction = actionOf(acl.DefaultAction);
  const describe = (predicate: (entry: WafEntry, index: number) => boolean) =>
    entries.filter(predicate).map((entry) => entry.description);
  const blocks = (entry: WafEntry) => entry.effect === 'blocks';
  return {
    defaultAction: defaultAction === 'Block' || defaultAction === 'Allow' ? defaultAction : 'unknown',
    entries,
    blocking: describe(blocks),
    commonRuleSet: describe(
      (entry, i) => (blocks(entry) && isGroup(entry, COMMON_RULE_SET)) || actsOnLabelsOf(entries, i, COMMON_RULE_SET),
    ),
    sqlInjection: describe(
      (entry, i) =>
        (blocks(entry) && (isGroup(entry, SQLI_RULE_SET) || (entry.kind === 'rule' && entry.sqliMatch))) ||
        actsOnLabelsOf(entries, i, SQLI_RULE_SET),
    ),
    rateBased: describe((entry) => blocks(entry) && entry.kind === 'rate-based'),
    countOnly: describe((entry) => entry.effect === 'counts'),
    weakened: entries
      .filter((entry) => blocks(entry) && entry.nonBlockingRules.length > 0)
      .map((entry) => `${entry.description}: ${entry.nonBlockingRules.join(', ')}`),
    unverified: describe((entry) => entry.effect === 'unverified'),
    allowRules: describe((entry) => entry.effect === 'allows'),
    challengeRules: describe((entry) => entry.effect === 'challenges'),
  };
}

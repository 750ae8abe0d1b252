/**
 * REST API resource policies: parsing (AWS returns them escaped) and the statement analysis the
 * policy checks share: is a principal public, does a condition restrict who can call, does a
 * Deny neutralise a public Allow.
 *
 * The analysis answers one question conservatively: can an anonymous caller on the internet (no
 * AWS credentials, any source IP, not through a VPC endpoint) invoke the API?
 *
 * - An Allow **grants** that caller access when its principal covers everyone (`"*"`,
 *   `{"AWS": "*"}`, an array holding `"*"`, or any `NotPrincipal`), its Action/NotAction covers
 *   `execute-api:Invoke`, and its Resource/NotResource names any execute-api resource. Resource
 *   matching on Allows is deliberately loose: an Allow scoped to one method still counts for the
 *   whole API, so a narrow grant is over-reported rather than missed.
 * - An Allow is **restricted** when one of its conditions pins the caller to something an
 *   anonymous internet caller cannot have: a positive operator (`StringEquals`, `StringLike`,
 *   `ArnLike`, `IpAddress`, …, not `…IfExists`, not `Null`) on a restricting key
 *   (`aws:SourceVpce`, `aws:SourceIp`, `aws:PrincipalOrgID`, … see `RESTRICTING_KEYS`) with no
 *   catch-all value (`*`, `0.0.0.0/0`, `::/0`).
 * - A Deny **neutralises** a grant when it applies to everyone (`"*"`, `{"AWS": "*"}`, or a
 *   `NotPrincipal` that does not hold `"*"`), covers `execute-api:Invoke`, covers every resource
 *   in scope (each resource pattern of the Allow, or each method ARN asked about; resources are
 *   matched here with IAM wildcards, path parameters standing for values only a wildcard
 *   matches), and every one of its conditions is true for an outsider: a negated operator
 *   (`StringNotEquals`, `NotIpAddress`, …) on a restricting key with no catch-all value. A Deny
 *   with any other condition only denies some callers and neutralises nothing.
 *
 * `Null` conditions and `…IfExists` positive operators are never treated as restrictions; keys
 * compare case-insensitively, actions case-insensitively, resources case-sensitively.
 */

export type Effect = 'Allow' | 'Deny';

/** `"*"` or a map such as `{ AWS: [...], Service: [...] }`, values normalised to arrays. */
export type PrincipalValue = '*' | Record<string, string[]>;

export interface PolicyStatement {
  Sid?: string;
  Effect: Effect;
  Principal?: PrincipalValue;
  NotPrincipal?: PrincipalValue;
  Action?: string[];
  NotAction?: string[];
  Resource?: string[];
  NotResource?: string[];
  /** Operator → condition key → values (numbers and booleans as strings). */
  Condition?: Record<string, Record<string, string[]>>;
}

export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement[];
}

export type ParsedPolicy = { ok: true; document: PolicyDocument } | { ok: false; reason: string };

// ── Parsing ────────────────────────────────────────────────────────────────────────────

class ShapeError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, where: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new ShapeError(`${where} is an empty list`);
  return list.map((item, i) => {
    if (typeof item !== 'string') throw new ShapeError(`${where}${Array.isArray(value) ? `[${i}]` : ''} must be a string`);
    return item;
  });
}

function principal(value: unknown, where: string): PrincipalValue {
  if (value === '*') return '*';
  if (!isRecord(value)) throw new ShapeError(`${where} must be "*" or an object`);
  const out: Record<string, string[]> = {};
  for (const [kind, ids] of Object.entries(value)) out[kind] = stringList(ids, `${where}.${kind}`);
  return out;
}

function conditionBlock(value: unknown, where: string): Record<string, Record<string, string[]>> {
  if (!isRecord(value)) throw new ShapeError(`${where} must be an object`);
  const out: Record<string, Record<string, string[]>> = {};
  for (const [operator, keys] of Object.entries(value)) {
    if (!isRecord(keys)) throw new ShapeError(`${where}.${operator} must be an object`);
    const entries: Record<string, string[]> = {};
    for (const [key, raw] of Object.entries(keys)) {
      const list = Array.isArray(raw) ? raw : [raw];
      entries[key] = list.map((v, i) => {
        if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
        throw new ShapeError(`${where}.${operator}.${key}${Array.isArray(raw) ? `[${i}]` : ''} must be a string, number or boolean`);
      });
    }
    out[operator] = entries;
  }
  return out;
}

function exclusive(raw: Record<string, unknown>, a: string, b: string, where: string, required: boolean): void {
  if (a in raw && b in raw) throw new ShapeError(`${where} has both ${a} and ${b}`);
  if (required && !(a in raw) && !(b in raw)) throw new ShapeError(`${where} has neither ${a} nor ${b}`);
}

/**
 * Resource policies (API Gateway) name their principals; identity policies (IAM) belong to one
 * and must name their resources.
 */
export type PolicyKind = 'resource' | 'identity';

const KIND_LABEL: Record<PolicyKind, string> = { resource: 'resource policy', identity: 'policy document' };

function statement(raw: unknown, where: string, kind: PolicyKind): PolicyStatement {
  if (!isRecord(raw)) throw new ShapeError(`${where} must be an object`);
  if (raw.Effect !== 'Allow' && raw.Effect !== 'Deny') throw new ShapeError(`${where}.Effect must be "Allow" or "Deny"`);
  exclusive(raw, 'Principal', 'NotPrincipal', where, kind === 'resource');
  exclusive(raw, 'Action', 'NotAction', where, true);
  exclusive(raw, 'Resource', 'NotResource', where, kind === 'identity');
  if (raw.Sid !== undefined && typeof raw.Sid !== 'string') throw new ShapeError(`${where}.Sid must be a string`);
  const out: PolicyStatement = { Effect: raw.Effect };
  if (typeof raw.Sid === 'string') out.Sid = raw.Sid;
  if ('Principal' in raw) out.Principal = principal(raw.Principal, `${where}.Principal`);
  if ('NotPrincipal' in raw) out.NotPrincipal = principal(raw.NotPrincipal, `${where}.NotPrincipal`);
  if ('Action' in raw) out.Action = stringList(raw.Action, `${where}.Action`);
  if ('NotAction' in raw) out.NotAction = stringList(raw.NotAction, `${where}.NotAction`);
  if ('Resource' in raw) out.Resource = stringList(raw.Resource, `${where}.Resource`);
  if ('NotResource' in raw) out.NotResource = stringList(raw.NotResource, `${where}.NotResource`);
  if ('Condition' in raw) out.Condition = conditionBlock(raw.Condition, `${where}.Condition`);
  return out;
}

/** Validates a parsed JSON value as a policy document and normalises single values to lists. */
export function validatePolicy(value: unknown, kind: PolicyKind = 'resource'): ParsedPolicy {
  try {
    if (!isRecord(value)) throw new ShapeError('the policy must be a JSON object');
    if (!('Statement' in value)) throw new ShapeError('the policy has no Statement');
    const raw = value.Statement;
    const list = Array.isArray(raw) ? raw : [raw];
    const document: PolicyDocument = {
      Statement: list.map((s, i) => statement(s, Array.isArray(raw) ? `Statement[${i}]` : 'Statement', kind)),
    };
    if (typeof value.Version === 'string') document.Version = value.Version;
    if (typeof value.Id === 'string') document.Id = value.Id;
    return { ok: true, document };
  } catch (error) {
    if (error instanceof ShapeError) return { ok: false, reason: `malformed ${KIND_LABEL[kind]}: ${error.message}` };
    throw error;
  }
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    let value: unknown = JSON.parse(text);
    // A policy serialised twice arrives as a JSON string holding the document.
    if (typeof value === 'string') value = JSON.parse(value);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Parses a resource policy as `GetRestApis` returns it. AWS often returns the document with its
 * quotes and slashes backslash-escaped (`{\"Version\":…,\"Resource\":\"arn:…\/*\"}`): plain
 * `JSON.parse` is tried first, then the same text with `\"` → `"` and `\/` → `/`.
 */
export function parsePolicy(raw: string, kind: PolicyKind = 'resource'): ParsedPolicy {
  let parsed = tryJson(raw);
  if (!parsed.ok) {
    const unescaped = raw.replace(/\\"/g, '"').replace(/\\\//g, '/');
    const second = tryJson(unescaped);
    if (!second.ok) return { ok: false, reason: `the ${KIND_LABEL[kind]} is not valid JSON: ${parsed.message}` };
    parsed = second;
  }
  return validatePolicy(parsed.value, kind);
}

// ── Matching ───────────────────────────────────────────────────────────────────────────

/**
 * IAM-style wildcard match: `*` any run of characters (across `/` and `:`), `?` one character.
 * Matched without a regular expression: policies come from the audited account, and a pattern
 * like `*a*a*a*a*a*a*z` would make a backtracking regex run for hours on a long ARN. This
 * greedy matcher backtracks to the last `*` only, in O(pattern × value) at worst.
 */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  let pi = 0;
  let vi = 0;
  let star = -1;
  let resume = 0;
  while (vi < v.length) {
    if (pi < p.length && p[pi] !== '*' && (p[pi] === '?' || p[pi] === v[vi])) {
      pi += 1;
      vi += 1;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi;
      pi += 1;
      resume = vi;
    } else if (star !== -1) {
      pi = star + 1;
      resume += 1;
      vi = resume;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi += 1;
  return pi === p.length;
}

export const INVOKE_ACTION = 'execute-api:Invoke';

/** Does the statement's Action (or NotAction) cover `execute-api:Invoke`? */
export function coversInvoke(s: PolicyStatement): boolean {
  if (s.Action) return s.Action.some((a) => wildcardMatch(a, INVOKE_ACTION, true));
  if (s.NotAction) return !s.NotAction.some((a) => wildcardMatch(a, INVOKE_ACTION, true));
  return false;
}

function listsStar(p: PrincipalValue): boolean {
  return p === '*' || (p.AWS ?? []).includes('*');
}

/** Does an Allow with this principal let anyone in (anonymous callers included)? */
export function allowsEveryone(s: PolicyStatement): boolean {
  if (s.Principal) return listsStar(s.Principal);
  // Allow + NotPrincipal: everyone except the named principals.
  if (s.NotPrincipal) return !listsStar(s.NotPrincipal);
  return false;
}

/** Does a Deny with this principal apply to an anonymous caller? */
export function deniesEveryone(s: PolicyStatement): boolean {
  if (s.Principal) return listsStar(s.Principal);
  // Deny + NotPrincipal: applies to everyone but the named principals, anonymous callers included.
  if (s.NotPrincipal) return !listsStar(s.NotPrincipal);
  return false;
}

export interface ApiContext {
  partition: string;
  region: string;
  accountId: string;
  apiId: string;
}

/** `arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5` */
export function executeApiArnBase(ctx: ApiContext): string {
  return `arn:${ctx.partition}:execute-api:${ctx.region}:${ctx.accountId}:${ctx.apiId}`;
}

/** Expands the `execute-api:/stage/VERB/path` shorthand API Gateway accepts to a full ARN. */
export function expandResource(pattern: string, ctx: ApiContext): string {
  return pattern.startsWith('execute-api:/') ? `${executeApiArnBase(ctx)}${pattern.slice('execute-api:'.length)}` : pattern;
}

/** Does a Resource pattern name (possibly with wildcards) an execute-api resource? */
export function isExecuteApiResource(pattern: string): boolean {
  return (
    pattern.startsWith('execute-api:') ||
    /^arn:[^:]*:execute-api:/i.test(pattern) ||
    // `*`, `arn:*`, `arn:aws:*` and the like reach execute-api resources too.
    wildcardMatch(pattern, 'arn:aws:execute-api:us-east-1:000000000000:api/stage/GET/')
  );
}

/**
 * A stand-in for a value only a wildcard matches. Path parameters (`{id}`), greedy parameters
 * (`{proxy+}`) and the wildcards of an Allow's own patterns become this when a Deny is tested
 * against them, so a Deny naming `/pets/123` does not count as covering `/pets/{id}`.
 */
const OPAQUE = '\u0001\u0001';

function opaque(pattern: string): string {
  return pattern.replace(/\*/g, OPAQUE).replace(/\?/g, '\u0001');
}

/**
 * The execute-api ARN of one method in one stage, path parameters opaque. An `ANY` method is
 * called with every verb, so its verb is opaque too: only a wildcard verb covers it.
 */
export function methodArn(ctx: ApiContext, stage: string, httpMethod: string, path: string): string {
  const p = path.startsWith('/') ? path : `/${path}`;
  const opaquePath = p.replace(/\{[^}]*\+\}/g, `${OPAQUE}/${OPAQUE}`).replace(/\{[^}]*\}/g, OPAQUE);
  const verb = httpMethod.toUpperCase() === 'ANY' ? OPAQUE : httpMethod.toUpperCase();
  return `${executeApiArnBase(ctx)}/${stage}/${verb}${opaquePath}`;
}

/** An ARN standing for "every method of every stage of this API". */
export function wholeApiArn(ctx: ApiContext): string {
  return `${executeApiArnBase(ctx)}/${OPAQUE}/${OPAQUE}/${OPAQUE}`;
}

/** Does the statement's Resource/NotResource cover this (opaque-segmented) ARN? */
export function coversArn(s: PolicyStatement, ctx: ApiContext, arn: string): boolean {
  if (s.Resource) return s.Resource.some((r) => wildcardMatch(expandResource(r, ctx), arn));
  if (s.NotResource) return !s.NotResource.some((r) => wildcardMatch(expandResource(r, ctx), arn));
  return true;
}

// ── Conditions ─────────────────────────────────────────────────────────────────────────

/**
 * Condition keys that pin a request to a network, an organisation, an account or a principal:
 * an anonymous internet caller either lacks the key or cannot choose its value. Lower case.
 */
export const RESTRICTING_KEYS: ReadonlySet<string> = new Set([
  'aws:sourcevpce',
  'aws:sourcevpc',
  'aws:sourceip',
  'aws:vpcsourceip',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:userid',
  'aws:username',
]);

/** The keys that pin a private API to VPC endpoints (or to VPCs). Lower case. */
export const VPC_KEYS: ReadonlySet<string> = new Set(['aws:sourcevpce', 'aws:sourcevpc']);

const POSITIVE_OPERATORS = new Set([
  'stringequals',
  'stringequalsignorecase',
  'stringlike',
  'arnequals',
  'arnlike',
  'ipaddress',
]);
const NEGATED_OPERATORS = new Set([
  'stringnotequals',
  'stringnotequalsignorecase',
  'stringnotlike',
  'arnnotequals',
  'arnnotlike',
  'notipaddress',
]);

/** Splits `ForAnyValue:StringEqualsIfExists` into its operator and qualifiers. */
function parseOperator(raw: string): { op: string; ifExists: boolean; set: 'any' | 'all' | undefined } {
  let op = raw.toLowerCase();
  const qualifier = /^for(any|all)value:/.exec(op);
  if (qualifier) op = op.slice(qualifier[0].length);
  const ifExists = op.endsWith('ifexists');
  if (ifExists) op = op.slice(0, -'ifexists'.length);
  return { op, ifExists, set: qualifier ? (qualifier[1] as 'any' | 'all') : undefined };
}

/** A value that matches every caller who has the key at all. */
function isCatchAll(op: string, value: string): boolean {
  if (op.includes('ipaddress')) return /\/0$/.test(value.trim());
  return (op.endsWith('like') || op.endsWith('notlike')) && /^[*?]+$/.test(value);
}

export interface ConditionClause {
  operator: string;
  key: string;
  values: string[];
}

function clauses(s: PolicyStatement): ConditionClause[] {
  return Object.entries(s.Condition ?? {}).flatMap(([operator, keys]) =>
    Object.entries(keys).map(([key, values]) => ({ operator, key, values })),
  );
}

/** Renders a clause for evidence: `StringEquals aws:SourceVpce vpce-1`. */
export function describeClause(c: ConditionClause): string {
  return `${c.operator} ${c.key} ${c.values.join(',')}`;
}

/** Does this clause, in an Allow, keep anonymous internet callers (or non-VPC callers) out? */
export function clauseRestrictsAllow(c: ConditionClause, keys: ReadonlySet<string> = RESTRICTING_KEYS): boolean {
  const { op, ifExists, set } = parseOperator(c.operator);
  // `…IfExists` and `ForAllValues:` are true when the key is missing: no restriction.
  if (ifExists || set === 'all' || !POSITIVE_OPERATORS.has(op)) return false;
  if (!keys.has(c.key.toLowerCase())) return false;
  return c.values.length > 0 && !c.values.some((v) => isCatchAll(op, v));
}

/** Is this clause, in a Deny, true for every caller outside the intended set? */
export function clauseRestrictsDeny(c: ConditionClause, keys: ReadonlySet<string> = RESTRICTING_KEYS): boolean {
  const { op, set } = parseOperator(c.operator);
  // `ForAnyValue:` is false when the key is missing, so such a Deny lets anonymous callers by.
  if (set === 'any' || !NEGATED_OPERATORS.has(op)) return false;
  if (!keys.has(c.key.toLowerCase())) return false;
  return c.values.length > 0 && !c.values.some((v) => isCatchAll(op, v));
}

/** The clauses of an Allow that restrict its callers; empty when it is unrestricted. */
export function allowRestrictions(s: PolicyStatement, keys: ReadonlySet<string> = RESTRICTING_KEYS): ConditionClause[] {
  return clauses(s).filter((c) => clauseRestrictsAllow(c, keys));
}

/** Does this Deny keep every outsider out: unconditional, or every clause a restricting negation? */
export function denyBlocksOutsiders(s: PolicyStatement, keys: ReadonlySet<string> = RESTRICTING_KEYS): boolean {
  return clauses(s).every((c) => clauseRestrictsDeny(c, keys));
}

// ── The analysis ───────────────────────────────────────────────────────────────────────

export function statementLabel(s: PolicyStatement, index: number): string {
  return s.Sid ? `${s.Sid} (Statement[${index}])` : `Statement[${index}]`;
}

export interface PublicAccessOptions {
  /** Which condition keys count as restricting; `VPC_KEYS` for private API pinning. */
  keys?: ReadonlySet<string>;
  /**
   * What a Deny must cover to neutralise a grant: each resource pattern of the Allow itself
   * (the default, for judging a policy as a whole), or these method ARNs (from `methodArn`).
   */
  arns?: readonly string[];
}

export interface PublicGrant {
  statement: string;
}

export interface RestrictedGrant {
  statement: string;
  restrictedBy: string[];
}

export interface NeutralisedGrant {
  statement: string;
  deniedBy: string;
}

export interface PublicAccessAnalysis {
  /** Allow statements that let anyone invoke, unrestricted and not neutralised. */
  open: PublicGrant[];
  /** Allow statements to everyone whose conditions restrict the callers. */
  restricted: RestrictedGrant[];
  /** Allow statements to everyone that a Deny neutralises. */
  neutralised: NeutralisedGrant[];
}

/** The ARNs an Allow's own Resource patterns reach on this API, wildcards made opaque. */
function allowScope(s: PolicyStatement, ctx: ApiContext): string[] {
  const whole = wholeApiArn(ctx);
  if (!s.Resource) return [whole];
  return s.Resource.filter(isExecuteApiResource).map((r) => {
    const expanded = expandResource(r, ctx);
    return wildcardMatch(expanded, whole) ? whole : opaque(expanded);
  });
}

/**
 * Which Allow statements open the API (or the given methods) to anonymous callers, which are
 * restricted by conditions, and which a Deny neutralises.
 */
export function analysePublicAccess(
  document: PolicyDocument,
  ctx: ApiContext,
  options: PublicAccessOptions = {},
): PublicAccessAnalysis {
  const keys = options.keys ?? RESTRICTING_KEYS;
  const result: PublicAccessAnalysis = { open: [], restricted: [], neutralised: [] };
  const statements = document.Statement.map((s, i) => ({ s, label: statementLabel(s, i) }));
  const blockers = statements.filter(
    ({ s }) => s.Effect === 'Deny' && deniesEveryone(s) && coversInvoke(s) && denyBlocksOutsiders(s, keys),
  );
  for (const { s, label } of statements) {
    if (s.Effect !== 'Allow' || !allowsEveryone(s) || !coversInvoke(s)) continue;
    if (s.Resource && !s.Resource.some(isExecuteApiResource)) continue;
    const restrictions = allowRestrictions(s, keys);
    if (restrictions.length > 0) {
      result.restricted.push({ statement: label, restrictedBy: restrictions.map(describeClause) });
      continue;
    }
    const scope = options.arns ?? allowScope(s, ctx);
    const blocker =
      scope.length > 0 ? blockers.find(({ s: d }) => scope.every((arn) => coversArn(d, ctx, arn))) : undefined;
    if (blocker) {
      result.neutralised.push({ statement: label, deniedBy: blocker.label });
      continue;
    }
    result.open.push({ statement: label });
  }
  return result;
}

/** The execute-api coordinates of a REST API, for resource matching. */
export function apiContext(
  api: { id: string },
  region: string,
  account: { partition: string; accountId: string },
): ApiContext {
  return { partition: account.partition, region, accountId: account.accountId, apiId: api.id };
}

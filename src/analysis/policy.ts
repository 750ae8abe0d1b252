/**
 * REST API resource policies: parsing (AWS returns them escaped) and the statement analysis the
 * policy checks share: is a principal public, can a caller satisfy a condition, does a Deny
 * neutralise a public Allow, does a statement reach a method.
 *
 * The analysis answers one question conservatively: can a caller the owner does not control
 * (see `CallerProfile`: anyone on the internet for a public API, anyone with a VPC endpoint in
 * any AWS account for a private one) invoke the API, or one method of it?
 *
 * - An Allow **grants** that caller access when its principal covers everyone (`"*"`,
 *   `{"AWS": "*"}`, an array holding `"*"`, or any `NotPrincipal`), its Action/NotAction covers
 *   `execute-api:Invoke`, and its Resource/NotResource reaches the method (some request of it:
 *   path parameters and `ANY` are filled in by the caller) or, judging the policy as a whole,
 *   some resource of this API. Anything it does not reach is implicitly denied.
 * - An Allow is **restricted** when one of its conditions is false for every such caller: a
 *   key the caller lacks under an operator that needs it, or a value the caller cannot have.
 *   Values are judged by what the caller can hold: ids AWS assigns (`vpce-…`, account ids,
 *   `o-…`) match only a pattern that matches every id of the kind (`vpce-*`, `o-*`, `*`,
 *   `?*`: these pin nothing); names the caller picks (role and user names) match any pattern
 *   they can fill in; `aws:SourceIp` lists pin nothing when, together, they cover a whole
 *   address family (`0.0.0.0/0`, or `0.0.0.0/1` + `128.0.0.0/1`, `::/0`).
 * - A Deny **neutralises** a grant when it applies to everyone (`"*"`, `{"AWS": "*"}`, or a
 *   `NotPrincipal` that does not hold `"*"`), covers `execute-api:Invoke`, covers every request
 *   in scope (resources matched with IAM wildcards, path parameters standing for values only a
 *   wildcard matches), and every one of its conditions is true for every such caller. A Deny
 *   "unless aws:SourceVpce is like vpce-*" thus blocks every internet caller (they have no
 *   VPC endpoint) but no caller through a VPC endpoint.
 *
 * Condition keys and operators compare case-insensitively, actions case-insensitively,
 * resources case-sensitively. A key or operator the analysis does not model is taken to be
 * satisfiable by the caller and never to block it.
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

/** In a method's request pattern: one path segment or verb a caller fills in (one or more characters, no `/`). */
const SEGMENT = '\u0005\u0004';
const SEGMENT_CHAR = '\u0005';
const SEGMENT_RUN = '\u0004';

/** Can a single character of pattern `a` (literal or `?`) stand where `b` has this token? */
function charsMeet(ca: string, cb: string): boolean {
  if (cb === SEGMENT_CHAR) return ca !== '/';
  return ca === '?' || cb === '?' || ca === cb;
}

/**
 * Do two wildcard patterns (`*`, `?`, literals) match at least one common string? A search
 * over both positions, O(a × b): used where one side is a policy pattern and the other a
 * method whose path parameters a caller fills in. The second pattern may also hold `SEGMENT`
 * (a path parameter: one or more characters, never `/`).
 */
export function patternsOverlap(a: string, b: string): boolean {
  const seen = new Set<number>();
  const width = b.length + 1;
  const stack: Array<[number, number]> = [[0, 0]];
  while (stack.length > 0) {
    const [i, j] = stack.pop()!;
    const id = i * width + j;
    if (seen.has(id)) continue;
    seen.add(id);
    if (i === a.length && j === b.length) return true;
    const ca = a[i];
    const cb = b[j];
    // A `*` of `a` may end here, or swallow whatever `b` produces next.
    if (ca === '*') {
      stack.push([i + 1, j]);
      if (cb !== undefined) stack.push([i, j + 1]);
    }
    // A `*` (or a segment run) of `b` may end here, or swallow the next character of `a`.
    if (cb === '*' || cb === SEGMENT_RUN) {
      stack.push([i, j + 1]);
      if (ca !== undefined && ca !== '*' && (cb === '*' || ca !== '/')) stack.push([i + 1, j]);
    }
    if (ca !== undefined && cb !== undefined && ca !== '*' && cb !== '*' && cb !== SEGMENT_RUN && charsMeet(ca, cb)) {
      stack.push([i + 1, j + 1]);
    }
  }
  return false;
}

export const INVOKE_ACTION = 'execute-api:Invoke';

/** Does the statement's Action (or NotAction) cover `execute-api:Invoke`? */
export function coversInvoke(s: PolicyStatement): boolean {
  if (s.Action) return s.Action.some((a) => wildcardMatch(a, INVOKE_ACTION, true));
  if (s.NotAction) return !s.NotAction.some((a) => wildcardMatch(a, INVOKE_ACTION, true));
  return false;
}

/**
 * `"*"` and `{"AWS": "*"}` both name everyone, anonymous callers included (IAM User Guide,
 * "AWS JSON policy elements: Principal"). A wildcard inside an ARN (`arn:aws:iam::*:root`) is
 * not allowed in a principal and names no one.
 */
function listsStar(p: PrincipalValue): boolean {
  return p === '*' || (p.AWS ?? []).some((id) => id.trim() === '*');
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
const OPAQUE_CHAR = '\u0001';
const OPAQUE = OPAQUE_CHAR.repeat(2);
const OPAQUE_RUN = new RegExp(`${OPAQUE_CHAR}+`, 'g');

function opaque(pattern: string): string {
  return pattern.replace(/\*/g, OPAQUE).replace(/\?/g, OPAQUE_CHAR);
}

/** The requests an opaque ARN stands for, as a pattern: every opaque run becomes `*`. */
function requestPattern(opaqueArn: string): string {
  return opaqueArn.replace(OPAQUE_RUN, '*');
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

/** One method in one stage, as a Deny must cover it and as an Allow may reach it. */
export interface MethodTarget {
  stage: string;
  /** `methodArn`: a Deny covers the method only if it matches this. */
  arn: string;
  /** Every request ARN of the method (parameters and `ANY` as `*`): an Allow reaches it if it overlaps. */
  requests: string;
}

export function methodTarget(ctx: ApiContext, stage: string, httpMethod: string, path: string): MethodTarget {
  const p = path.startsWith('/') ? path : `/${path}`;
  const verb = httpMethod.toUpperCase() === 'ANY' ? SEGMENT : httpMethod.toUpperCase();
  const requestPath = p.replace(/\{[^}]*\+\}/g, '*').replace(/\{[^}]*\}/g, SEGMENT);
  return { stage, arn: methodArn(ctx, stage, httpMethod, path), requests: `${executeApiArnBase(ctx)}/${stage}/${verb}${requestPath}` };
}

/** An ARN standing for "every method of every stage of this API". */
export function wholeApiArn(ctx: ApiContext): string {
  return `${executeApiArnBase(ctx)}/${OPAQUE}/${OPAQUE}/${OPAQUE}`;
}

/**
 * Does the statement's Resource/NotResource cover every request this (opaque-segmented) ARN
 * stands for? A NotResource statement covers it only if no excluded pattern reaches any of them.
 */
export function coversArn(s: PolicyStatement, ctx: ApiContext, arn: string, requests = requestPattern(arn)): boolean {
  if (s.Resource) return s.Resource.some((r) => wildcardMatch(expandResource(r, ctx), arn));
  if (s.NotResource) return !s.NotResource.some((r) => patternsOverlap(expandResource(r, ctx), requests));
  return true;
}

/**
 * Does the statement's Resource/NotResource reach at least one request this (opaque-segmented)
 * ARN stands for? An Allow on `/prod/GET/pets/7` reaches `GET /pets/{id}`: a caller picks 7.
 */
export function reachesArn(s: PolicyStatement, ctx: ApiContext, arn: string, requests = requestPattern(arn)): boolean {
  if (s.Resource) return s.Resource.some((r) => patternsOverlap(expandResource(r, ctx), requests));
  if (s.NotResource) return !s.NotResource.some((r) => wildcardMatch(expandResource(r, ctx), arn));
  return true;
}

// ── Callers and conditions ─────────────────────────────────────────────────────────────

/**
 * Who the analysis imagines calling, with nothing the API owner controls:
 *
 * - `internet`: a caller of a public (edge-optimized or regional) API from anywhere on the
 *   internet. It has `aws:SourceIp` (any address the owner did not list). It never has the VPC
 *   keys (`aws:SourceVpce`, `aws:SourceVpc`, `aws:VpcSourceIp`, `aws:Vpce*`): they are present
 *   only for requests through a VPC endpoint, and an execute-api VPC endpoint reaches private
 *   APIs only.
 * - `any-vpc-endpoint`: a caller of a private API through an execute-api interface endpoint in
 *   a VPC of its own, in any AWS account. It has `aws:SourceVpce`, `aws:SourceVpc`,
 *   `aws:VpceAccount` (ids AWS assigned to it, never the owner's) and `aws:VpcSourceIp`
 *   (whatever address it gives itself: private ranges are not unique). `aws:SourceIp` is not
 *   included for requests through a VPC endpoint; it is treated as possibly present anyway.
 *
 * Both may be anonymous or sign with their own credentials, so principal keys
 * (`aws:PrincipalOrgID`, `aws:PrincipalAccount`, …) may be absent or hold the caller's own,
 * never the owner's, values; likewise the service keys (`aws:SourceAccount`, …).
 * (IAM User Guide, "AWS global condition context keys"; API Gateway Developer Guide,
 * "Private REST APIs in API Gateway".)
 */
export type CallerProfile = 'internet' | 'any-vpc-endpoint';

export type IpFamily = 'ipv4' | 'ipv6';
export const ALL_IP_FAMILIES: readonly IpFamily[] = ['ipv4', 'ipv6'];

/** Where a value comes from: assigned by AWS (the caller cannot pick the owner's), or chosen by the caller. */
type Slot = string | { assigned: number } | 'chosen';

/** The forms a key's value takes: literal parts, AWS-assigned ids of a given length, caller-chosen parts. */
type ValueShape = { ip: 'assigned' | 'chosen' } | { forms: (partition: string) => Slot[][] };

const ORG_PATH = (): Slot[][] => [
  ['o-', { assigned: 10 }, '/r-', { assigned: 4 }, '/'],
  ['o-', { assigned: 10 }, '/r-', { assigned: 4 }, '/ou-', { assigned: 4 }, '-', { assigned: 8 }, '/'],
];
const ACCOUNT = (): Slot[][] => [[{ assigned: 12 }]];
const ORG_ID = (): Slot[][] => [['o-', { assigned: 10 }]];

const SHAPES: Record<string, ValueShape> = {
  'aws:sourceip': { ip: 'assigned' },
  'aws:vpcsourceip': { ip: 'chosen' },
  'aws:sourcevpce': { forms: () => [['vpce-', { assigned: 17 }]] },
  'aws:sourcevpc': { forms: () => [['vpc-', { assigned: 17 }]] },
  'aws:sourcevpcarn': { forms: (p) => [[`arn:${p}:ec2:`, 'chosen', ':', { assigned: 12 }, ':vpc/vpc-', { assigned: 17 }]] },
  'aws:vpceaccount': { forms: ACCOUNT },
  'aws:vpceorgid': { forms: ORG_ID },
  'aws:vpceorgpaths': { forms: ORG_PATH },
  'aws:principalorgid': { forms: ORG_ID },
  'aws:principalorgpaths': { forms: ORG_PATH },
  'aws:principalaccount': { forms: ACCOUNT },
  'aws:principalarn': {
    forms: (p) => [
      [`arn:${p}:iam::`, { assigned: 12 }, ':root'],
      [`arn:${p}:iam::`, { assigned: 12 }, ':user/', 'chosen'],
      [`arn:${p}:iam::`, { assigned: 12 }, ':role/', 'chosen'],
    ],
  },
  'aws:sourceaccount': { forms: ACCOUNT },
  'aws:sourcearn': { forms: (p) => [[`arn:${p}:`, 'chosen', ':', 'chosen', ':', { assigned: 12 }, ':', 'chosen']] },
  'aws:sourceorgid': { forms: ORG_ID },
  'aws:sourceorgpaths': { forms: ORG_PATH },
  'aws:userid': { forms: () => [['AIDA', { assigned: 17 }], ['AROA', { assigned: 17 }, ':', 'chosen'], [{ assigned: 12 }]] },
  'aws:username': { forms: () => [['chosen']] },
};

type Presence = 'present' | 'absent' | 'maybe';

const VPC_ONLY_KEYS = ['aws:sourcevpce', 'aws:sourcevpc', 'aws:sourcevpcarn', 'aws:vpcsourceip', 'aws:vpceaccount'];

/** Is the key in the caller's request context? Lower-case keys; `undefined` for a key not modelled. */
function presence(caller: CallerProfile, key: string): Presence | undefined {
  if (!(key in SHAPES)) return undefined;
  if (key === 'aws:vpceorgid' || key === 'aws:vpceorgpaths') return caller === 'internet' ? 'absent' : 'maybe';
  if (VPC_ONLY_KEYS.includes(key)) return caller === 'internet' ? 'absent' : 'present';
  if (key === 'aws:sourceip') return caller === 'internet' ? 'present' : 'maybe';
  return 'maybe';
}

// ── Values: can the caller's value match a condition value? ───────────────────────────

const LITERAL_STAR = '\u0002';
const LITERAL_QUESTION = '\u0003';

/** The condition value as a pattern: `…Like` and `Arn…` operators take wildcards, `…Equals` none. */
function valuePattern(op: string, value: string): string {
  const wildcards = op.includes('like') || op.startsWith('arn');
  const v = op.includes('ignorecase') ? value.toLowerCase() : value;
  return wildcards ? v : v.replace(/\*/g, LITERAL_STAR).replace(/\?/g, LITERAL_QUESTION);
}

/**
 * A value form as a pattern: assigned ids become opaque characters (only a wildcard matches
 * them), caller-chosen parts `*` (when `chosen` is `'free'`) or opaque too (when every choice
 * must match).
 */
function formPattern(form: Slot[], chosen: 'free' | 'opaque', lower: boolean): string {
  return form
    .map((slot) => {
      if (typeof slot === 'string') {
        if (slot === 'chosen') return chosen === 'free' ? '*' : OPAQUE_CHAR.repeat(3);
        return lower ? slot.toLowerCase() : slot;
      }
      return OPAQUE_CHAR.repeat(slot.assigned);
    })
    .join('');
}

interface IpRange {
  family: IpFamily;
  start: bigint;
  end: bigint;
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string) => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? head.length !== 8 : missing < 1) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (all.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  return all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** `203.0.113.0/24`, `2001:db8::/32`, or a bare address; `undefined` when unreadable. */
export function parseCidr(text: string): IpRange | undefined {
  const [address = '', prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const family: IpFamily = address.includes(':') ? 'ipv6' : 'ipv4';
  const bits = family === 'ipv4' ? 32 : 128;
  const value = family === 'ipv4' ? parseIpv4(address) : parseIpv6(address);
  const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (value === undefined || !(prefix >= 0 && prefix <= bits)) return undefined;
  const hostBits = BigInt(bits - prefix);
  const start = (value >> hostBits) << hostBits;
  return { family, start, end: start + (1n << hostBits) - 1n };
}

/** Do these ranges, together, hold every address of the family? */
export function coversFamily(cidrs: readonly string[], family: IpFamily): boolean {
  const ranges = cidrs
    .map(parseCidr)
    .filter((r): r is IpRange => r?.family === family)
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const last = family === 'ipv4' ? (1n << 32n) - 1n : (1n << 128n) - 1n;
  let next = 0n;
  for (const r of ranges) {
    if (r.start > next) return false;
    if (r.end + 1n > next) next = r.end + 1n;
    if (next > last) return true;
  }
  return false;
}

interface ValueContext {
  partition: string;
  families: readonly IpFamily[];
}

/** Can some caller of the profile have a value that one of these condition values matches? */
function someCallerMatches(key: string, op: string, values: string[], vc: ValueContext): boolean {
  const shape = SHAPES[key]!;
  if ('ip' in shape) {
    if (shape.ip === 'chosen') return values.some((v) => { const r = parseCidr(v); return r !== undefined && vc.families.includes(r.family); });
    return vc.families.some((f) => coversFamily(values, f));
  }
  const lower = op.includes('ignorecase');
  return shape.forms(vc.partition).some((form) => {
    const candidate = formPattern(form, 'free', lower);
    return values.some((v) => patternsOverlap(valuePattern(op, v), candidate));
  });
}

/** Does every caller of the profile have a value that one of these condition values matches? */
function everyCallerMatches(key: string, op: string, values: string[], vc: ValueContext): boolean {
  const shape = SHAPES[key]!;
  if ('ip' in shape) return vc.families.every((f) => coversFamily(values, f));
  const lower = op.includes('ignorecase');
  return shape.forms(vc.partition).every((form) => {
    const candidate = formPattern(form, 'opaque', lower);
    return values.some((v) => wildcardMatch(valuePattern(op, v), candidate));
  });
}

// ── Clauses ────────────────────────────────────────────────────────────────────────────

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
const NEGATED_TO_POSITIVE: Record<string, string> = {
  stringnotequals: 'stringequals',
  stringnotequalsignorecase: 'stringequalsignorecase',
  stringnotlike: 'stringlike',
  arnnotequals: 'arnequals',
  arnnotlike: 'arnlike',
  notipaddress: 'ipaddress',
};

/**
 * Splits `ForAnyValue:StringEqualsIfExists` into its operator and qualifiers. Operators are
 * read case-insensitively, as condition keys are.
 */
function parseOperator(raw: string): { op: string; ifExists: boolean; set: 'any' | 'all' | undefined } {
  let op = raw.trim().toLowerCase();
  // IAM spells them `ForAnyValue:` and `ForAllValues:`.
  const qualifier = /^for(any|all)values?:/.exec(op);
  if (qualifier) op = op.slice(qualifier[0].length);
  const ifExists = op.endsWith('ifexists');
  if (ifExists) op = op.slice(0, -'ifexists'.length);
  return { op, ifExists, set: qualifier ? (qualifier[1] as 'any' | 'all') : undefined };
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

/** What a clause can evaluate to for the callers of a profile. */
interface Truth {
  /** True for at least one caller (an Allow with it still lets someone in). */
  some: boolean;
  /** True for every caller (a Deny with it blocks them all). */
  every: boolean;
}

const UNKNOWN: Truth = { some: true, every: false };
const TRUE: Truth = { some: true, every: true };
const FALSE: Truth = { some: false, every: false };

/**
 * A clause for one presence of the key. IAM User Guide, "Condition operators": a missing key
 * makes a condition false, except that negated operators (`StringNotLike`, …) are then true,
 * `…IfExists` is true and `Null` tests presence; `ForAllValues:` is true and `ForAnyValue:`
 * false on a missing key ("Set operators for multivalued context keys").
 */
function clauseTruth(c: ConditionClause, key: string, present: boolean, vc: ValueContext): Truth {
  const { op, ifExists, set } = parseOperator(c.operator);
  if (op === 'null') {
    const wanted = c.values.map((v) => v.trim().toLowerCase());
    if (wanted.some((v) => v !== 'true' && v !== 'false')) return UNKNOWN;
    return wanted.includes(present ? 'false' : 'true') ? TRUE : FALSE;
  }
  const negated = NEGATED_OPERATORS.has(op);
  if (!negated && !POSITIVE_OPERATORS.has(op)) return UNKNOWN;
  if (!present) {
    if (ifExists || set === 'all') return TRUE;
    if (set === 'any') return FALSE;
    return negated ? TRUE : FALSE;
  }
  const positive = negated ? NEGATED_TO_POSITIVE[op]! : op;
  const some = someCallerMatches(key, positive, c.values, vc);
  const every = everyCallerMatches(key, positive, c.values, vc);
  return negated ? { some: !every, every: !some } : { some, every };
}

function truthFor(c: ConditionClause, caller: CallerProfile, vc: ValueContext): Truth {
  const key = c.key.trim().toLowerCase();
  const where = presence(caller, key);
  if (where === undefined) return UNKNOWN;
  if (where !== 'maybe') return clauseTruth(c, key, where === 'present', vc);
  const absent = clauseTruth(c, key, false, vc);
  const present = clauseTruth(c, key, true, vc);
  return { some: absent.some || present.some, every: absent.every && present.every };
}

export interface CallerOptions {
  /** Who is calling; `internet` unless the API is private. */
  caller?: CallerProfile;
  /** The address families that reach the API: both unless it is known to be IPv4 only. */
  families?: readonly IpFamily[];
  partition?: string;
}

function valueContext(options: CallerOptions): ValueContext {
  return { partition: options.partition ?? 'aws', families: options.families ?? ALL_IP_FAMILIES };
}

/** The clauses of an Allow no caller of the profile can satisfy: empty when it lets them in. */
export function allowRestrictions(s: PolicyStatement, options: CallerOptions = {}): ConditionClause[] {
  const vc = valueContext(options);
  return clauses(s).filter((c) => !truthFor(c, options.caller ?? 'internet', vc).some);
}

/** Does this Deny apply to every caller of the profile: unconditional, or every clause always true? */
export function denyBlocksOutsiders(s: PolicyStatement, options: CallerOptions = {}): boolean {
  const vc = valueContext(options);
  return clauses(s).every((c) => truthFor(c, options.caller ?? 'internet', vc).every);
}

/** The address families of a REST API's endpoint: IPv4 only when it says so, else both. */
export function endpointFamilies(ipAddressType: string | undefined): readonly IpFamily[] {
  return ipAddressType?.trim().toLowerCase() === 'ipv4' ? ['ipv4'] : ALL_IP_FAMILIES;
}

// ── The analysis ───────────────────────────────────────────────────────────────────────

export function statementLabel(s: PolicyStatement, index: number): string {
  return s.Sid ? `${s.Sid} (Statement[${index}])` : `Statement[${index}]`;
}

export interface PublicAccessOptions extends CallerOptions {
  /**
   * Judge one method, in each of these stages (from `methodTarget`). Without it the policy is
   * judged as a whole: each Allow over the resources it names on this API.
   */
  targets?: readonly MethodTarget[];
}

export interface PublicGrant {
  statement: string;
  /** Per method: the stages in which the grant opens it. */
  stages?: string[];
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
  /** Allow statements that let the caller invoke, unrestricted and not neutralised. */
  open: PublicGrant[];
  /** Allow statements to everyone whose conditions keep the caller out. */
  restricted: RestrictedGrant[];
  /** Allow statements to everyone that a Deny neutralises. */
  neutralised: NeutralisedGrant[];
  /** Allow statements to everyone whose resources do not reach the method (or this API). */
  elsewhere: string[];
}

/** The opaque ARNs an Allow's own Resource patterns reach on this API (empty: none). */
function allowScope(s: PolicyStatement, ctx: ApiContext): MethodTarget[] {
  const whole = wholeApiArn(ctx);
  const wholeTarget = { stage: '*', arn: whole, requests: requestPattern(whole) };
  if (!s.Resource) return reachesArn(s, ctx, whole) ? [wholeTarget] : [];
  return s.Resource.map((r) => expandResource(r, ctx))
    .filter((r) => patternsOverlap(r, wholeTarget.requests))
    .map((r) => (wildcardMatch(r, whole) ? wholeTarget : { stage: '*', arn: opaque(r), requests: r }));
}

/**
 * Which Allow statements open the API (or the given method) to the caller, which are
 * restricted by conditions, which a Deny neutralises, and which name other resources. With a
 * resource policy and no other authorization a request needs an explicit Allow, and any
 * explicit Deny wins (API Gateway Developer Guide, "How API Gateway resource policies affect
 * authorization workflow").
 */
export function analysePublicAccess(
  document: PolicyDocument,
  ctx: ApiContext,
  options: PublicAccessOptions = {},
): PublicAccessAnalysis {
  const judge = publicAccessJudge(document, ctx, options);
  return options.targets ? judge.analyse(options.targets) : judge.analyseWhole();
}

interface PreparedStatement {
  s: PolicyStatement;
  label: string;
  /** `reachesArn` (a grant) or `coversArn` (a blocker) for every method of the API, when that is one answer. */
  always: boolean | undefined;
}

/**
 * How a Resource pattern (expanded) relates to the methods of the API whose ARNs all start
 * with `prefix` (`arn:…:execute-api:<region>:<account>:<api>/`): it matches every one of them
 * (`prefix` begins with its literal head and only `*` follow), none (its literal head parts
 * from `prefix`), or it depends on the method.
 */
function patternReach(pattern: string, prefix: string): 'all' | 'none' | 'depends' {
  const wildcard = pattern.search(/[*?]/);
  const head = wildcard === -1 ? pattern : pattern.slice(0, wildcard);
  const shared = Math.min(head.length, prefix.length);
  if (head.slice(0, shared) !== prefix.slice(0, shared)) return 'none';
  if (wildcard !== -1 && head.length <= prefix.length && /^\*+$/.test(pattern.slice(wildcard))) return 'all';
  return 'depends';
}

/**
 * `reachesArn` / `coversArn` of a statement for every method of the API at once, when its
 * patterns reach all or none of them (Resource: some pattern must match; NotResource: none
 * may); undefined when the answer depends on the method.
 */
function alwaysAnswer(s: PolicyStatement, ctx: ApiContext, prefix: string | undefined): boolean | undefined {
  const patterns = s.Resource ?? s.NotResource;
  if (!patterns) return true;
  if (prefix === undefined) return undefined;
  const reach = patterns.map((r) => patternReach(expandResource(r, ctx), prefix));
  const some = reach.includes('all') ? true : reach.every((r) => r === 'none') ? false : undefined;
  if (some === undefined) return undefined;
  return s.Resource ? some : !some;
}

/**
 * A resource policy prepared for many questions about one API and one caller profile: what
 * does not depend on the method asked about (principals, actions, conditions, which Deny
 * statements block the caller) is judged once, and a statement whose resources reach every
 * method of the API (`execute-api:/*`) or none (another API's ARN) is matched once.
 */
export interface PublicAccessJudge {
  /** `analysePublicAccess` with these targets. */
  analyse(targets: readonly MethodTarget[]): PublicAccessAnalysis;
  /** `analysePublicAccess` of one method in one stage: `analyse([methodTarget(ctx, stage, httpMethod, path)])`. */
  analyseMethod(stage: string, httpMethod: string, path: string): PublicAccessAnalysis;
  /** `analysePublicAccess` without targets: the policy as a whole. */
  analyseWhole(): PublicAccessAnalysis;
  /** True when the answer for a method depends only on its stage, not on its verb or path. */
  readonly pathIndependent: boolean;
}

export function publicAccessJudge(document: PolicyDocument, ctx: ApiContext, options: CallerOptions = {}): PublicAccessJudge {
  const callerOptions: CallerOptions = { ...options, partition: options.partition ?? ctx.partition };
  const prefixText = `${executeApiArnBase(ctx)}/`;
  // The API's own coordinates never hold wildcards or the matchers' stand-in characters; if they did, match each time.
  const special = [...prefixText].some((ch) => ch === '*' || ch === '?' || ch.charCodeAt(0) < 0x20);
  const prefix = special ? undefined : prefixText;
  const prepared = (s: PolicyStatement, i: number): PreparedStatement => ({ s, label: statementLabel(s, i), always: alwaysAnswer(s, ctx, prefix) });
  const blockers = document.Statement.flatMap((s, i) =>
    s.Effect === 'Deny' && deniesEveryone(s) && coversInvoke(s) && denyBlocksOutsiders(s, callerOptions) ? [prepared(s, i)] : [],
  );
  const grants = document.Statement.flatMap((s, i) => (s.Effect === 'Allow' && allowsEveryone(s) && coversInvoke(s) ? [prepared(s, i)] : []));
  const restrictionsOf = new Map<PreparedStatement, string[]>();
  const restrictions = (grant: PreparedStatement): string[] => {
    let found = restrictionsOf.get(grant);
    if (!found) restrictionsOf.set(grant, (found = allowRestrictions(grant.s, callerOptions).map(describeClause)));
    return [...found];
  };
  const pathIndependent = [...grants, ...blockers].every((p) => p.always !== undefined);
  /** Is the target a method of this API, so that a statement's one answer holds for it? */
  const onApi = (t: MethodTarget) => prefix !== undefined && t.arn.startsWith(prefix) && t.requests.startsWith(prefix);
  const reaches = (g: PreparedStatement, t: MethodTarget, known: boolean) =>
    g.always !== undefined && known ? g.always : reachesArn(g.s, ctx, t.arn, t.requests);
  const covers = (b: PreparedStatement, t: MethodTarget, known: boolean) =>
    b.always !== undefined && known ? b.always : coversArn(b.s, ctx, t.arn, t.requests);

  /** `known`: whether each target is a method of this API (see `onApi`). */
  const judge = (scopeOf: (g: PreparedStatement) => MethodTarget[], known: (t: MethodTarget) => boolean, perMethod: boolean): PublicAccessAnalysis => {
    const result: PublicAccessAnalysis = { open: [], restricted: [], neutralised: [], elsewhere: [] };
    for (const grant of grants) {
      const scope = scopeOf(grant);
      if (scope.length === 0) {
        result.elsewhere.push(grant.label);
        continue;
      }
      const restrictedBy = restrictions(grant);
      if (restrictedBy.length > 0) {
        result.restricted.push({ statement: grant.label, restrictedBy });
        continue;
      }
      const blockerOf = (t: MethodTarget) => blockers.find((b) => covers(b, t, known(t)))?.label;
      const unblocked = scope.filter((t) => !blockerOf(t));
      if (unblocked.length === 0) {
        result.neutralised.push({ statement: grant.label, deniedBy: [...new Set(scope.map((t) => blockerOf(t)!))].join(', ') });
        continue;
      }
      const stages = [...new Set(unblocked.map((t) => t.stage))].sort();
      result.open.push(perMethod ? { statement: grant.label, stages } : { statement: grant.label });
    }
    return result;
  };
  const analyse = (targets: readonly MethodTarget[]) => judge((g) => targets.filter((t) => reaches(g, t, onApi(t))), onApi, true);
  return {
    pathIndependent,
    analyse,
    analyseMethod(stage, httpMethod, path) {
      if (!pathIndependent) return analyse([methodTarget(ctx, stage, httpMethod, path)]);
      // Every statement has one answer for all the API's methods: only the target's stage is read.
      const target: MethodTarget = { stage, arn: '', requests: '' };
      return judge((g) => (g.always ? [target] : []), () => true, true);
    },
    analyseWhole: () => judge((g) => allowScope(g.s, ctx), () => false, false),
  };
}

/** The execute-api coordinates of a REST API, for resource matching. */
export function apiContext(
  api: { id: string },
  region: string,
  account: { partition: string; accountId: string },
): ApiContext {
  return { partition: account.partition, region, accountId: account.accountId, apiId: api.id };
}

/** A resource policy text parsed and prepared for one API's caller, or why it cannot be read. */
export type PreparedPolicy = { ok: true; document: PolicyDocument; judge: PublicAccessJudge } | { ok: false; reason: string };

/** The views of an API mostly serve the same policy text: each distinct text is parsed and prepared once. */
export function policyJudges(ctx: ApiContext, caller: CallerOptions): (policy: string) => PreparedPolicy {
  const judged = new Map<string, PreparedPolicy>();
  return (policy) => {
    let found = judged.get(policy);
    if (!found) {
      const parsed = parsePolicy(policy);
      found = parsed.ok ? { ok: true, document: parsed.document, judge: publicAccessJudge(parsed.document, ctx, caller) } : parsed;
      judged.set(policy, found);
    }
    return found;
  };
}

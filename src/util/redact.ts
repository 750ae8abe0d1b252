/**
 * Credentials out of URIs before a URI is shown anywhere: check evidence and messages, the
 * reports, Security Hub resource details and logs. An integration URI, a JWT issuer or a
 * truststore URI can carry a credential in four places, each replaced by `[redacted]`:
 *
 * - the user info (`https://user:password@host`, or `user:password@host` as a stage variable may
 *   hold it): user and password both, since a token is often passed as the user name alone;
 *   when the authority is malformed (a password with an unencoded `/`, `?` or `#`), everything
 *   up to the host;
 * - every query value (`?api_key=…`, `X-Amz-Signature=…`, an Azure `sig=…`, a bare `?token`):
 *   names of credential parameters are open-ended, so the parameter names stay and every value
 *   goes;
 * - the fragment, treated like a query (`#access_token=…`);
 * - a path segment that looks like a key (`hooks.slack.com/services/T…/B…/<key>`, a Telegram
 *   `bot<id>:<key>`): a known token format or a random-looking value, as `secrets.ts` judges.
 *
 * Scheme, host and the rest of the path stay: they are what the TLS checks judge and what a
 * reader needs to find the integration. Stage-variable references (`${stageVariables.url}`)
 * name a variable, not its value, and stay as written. Redacting twice gives the same text.
 */
import { highEntropy, tokenFormats } from './secrets.js';

export const REDACTED = '[redacted]';

const STAGE_VARIABLES = /\$\{stageVariables\.[A-Za-z0-9_]+\}/g;

/** `${stageVariables.pass}`, `${stageVariables.user}:${stageVariables.pass}`: references only. */
function onlyReferences(text: string, allowed = ''): boolean {
  const rest = text.replace(STAGE_VARIABLES, '');
  return rest.length < text.length && [...rest].every((ch) => allowed.includes(ch));
}

function redactValue(value: string): string {
  return value === '' || value === REDACTED || onlyReferences(value) ? value : REDACTED;
}

/** `a=1&b&c=${stageVariables.c}` → `a=[redacted]&[redacted]&c=${stageVariables.c}`: names stay, values and bare items go. */
function redactParameters(query: string): string {
  return query
    .split(/([&;])/)
    .map((part, i) => {
      if (i % 2 === 1) return part;
      const eq = part.indexOf('=');
      return eq < 0 ? redactValue(part) : `${part.slice(0, eq + 1)}${redactValue(part.slice(eq + 1))}`;
    })
    .join('');
}

function looksLikeKey(segment: string): boolean {
  if (segment === '' || segment.includes('${')) return false;
  return tokenFormats(segment).length > 0 || highEntropy(segment) !== undefined;
}

function redactPath(path: string): string {
  return path
    .split('/')
    .map((segment) => (looksLikeKey(segment) ? REDACTED : segment))
    .join('/');
}

/** User and password both go; `${stageVariables.user}:${stageVariables.pass}` names variables and stays. */
function shownUserInfo(userInfo: string): string {
  return userInfo === REDACTED || onlyReferences(userInfo, ':') ? userInfo : REDACTED;
}

/** A port that is neither digits nor a stage-variable reference: the `:` began a password. */
function hasInvalidPort(authority: string): boolean {
  const host = authority.replace(/^\[[^\]]*\]/, '');
  const colon = host.lastIndexOf(':');
  if (colon < 0) return false;
  const port = host.slice(colon + 1);
  return !/^\d*$/.test(port) && !onlyReferences(port);
}

/** Where the host that follows the `@` at `at` ends: the next `/`, or the end of `hier`. */
function endOfHost(hier: string, at: number): number {
  const slash = hier.indexOf('/', at);
  return slash < 0 ? hier.length : slash;
}

/** `user:pass@host/x`, as a stage variable may hold it: user info without a scheme. */
function schemelessUserInfo(uri: string): { head: string; rest: string } {
  const end = uri.search(/[/?#]/);
  const lead = end < 0 ? uri : uri.slice(0, end);
  const at = lead.lastIndexOf('@');
  if (at < 0) return { head: '', rest: uri };
  return { head: `${shownUserInfo(lead.slice(0, at))}${lead.slice(at)}`, rest: uri.slice(lead.length) };
}

/**
 * `scheme://authority` + the rest (path, query, fragment), user info redacted. Without `://`
 * (an ARN, `${stageVariables.url}/x`) there is no authority to read.
 */
function redactAuthority(uri: string): { head: string; rest: string } {
  const start = /^[^/?#]*?:\/\//.exec(uri)?.[0];
  if (start === undefined) return schemelessUserInfo(uri);
  const after = uri.slice(start.length);
  const queryOrFragment = after.search(/[?#]/);
  const hierEnd = queryOrFragment < 0 ? after.length : queryOrFragment;
  const slash = after.slice(0, hierEnd).indexOf('/');
  const authorityEnd = slash < 0 ? hierEnd : slash;
  const authority = after.slice(0, authorityEnd);
  let userInfoEnd = authority.lastIndexOf('@');
  if (userInfoEnd < 0 && hasInvalidPort(authority)) {
    // `user:pa/ss@host`: the password carried a `/`; with no `@` at all, the whole authority goes.
    userInfoEnd = after.slice(0, hierEnd).lastIndexOf('@');
    if (userInfoEnd < 0) return { head: `${start}${REDACTED}`, rest: after.slice(authorityEnd) };
  }
  if (userInfoEnd < 0) return { head: `${start}${authority}`, rest: after.slice(authorityEnd) };
  const hostEnd = userInfoEnd < authorityEnd ? authorityEnd : endOfHost(after.slice(0, hierEnd), userInfoEnd);
  return { head: `${start}${shownUserInfo(after.slice(0, userInfoEnd))}${after.slice(userInfoEnd, hostEnd)}`, rest: after.slice(hostEnd) };
}

/**
 * Redacted forms of the URIs already seen: the same few integration URIs are shown by several
 * checks, on every stage, in evidence and in messages. Whole texts are not remembered here: a run
 * redacts each distinct message once (MessageTexts, src/engine/runner.ts) and each distinct
 * evidence text once (EvidenceInterner). Bounded, emptied when full (redacting is pure: a miss
 * only costs time).
 */
const redactedUris = new Map<string, string>();
const MAX_REMEMBERED_URIS = 50_000;

/** The URI with its credentials replaced by `[redacted]` (see the module comment). */
export function redactUri(uri: string): string {
  const known = redactedUris.get(uri);
  if (known !== undefined) return known;
  const redacted = redactedUriOf(uri);
  if (redactedUris.size >= MAX_REMEMBERED_URIS) redactedUris.clear();
  redactedUris.set(uri, redacted);
  return redacted;
}

function redactedUriOf(uri: string): string {
  const { head, rest } = redactAuthority(uri);
  const hash = rest.indexOf('#');
  const beforeHash = hash < 0 ? rest : rest.slice(0, hash);
  const question = beforeHash.indexOf('?');
  const path = question < 0 ? beforeHash : beforeHash.slice(0, question);
  const query = question < 0 ? undefined : beforeHash.slice(question + 1);
  const fragment = hash < 0 ? undefined : rest.slice(hash + 1);
  return (
    head +
    redactPath(path) +
    (query === undefined ? '' : `?${redactParameters(query)}`) +
    (fragment === undefined ? '' : `#${redactParameters(fragment)}`)
  );
}

/**
 * A word that is, or holds, a URI: `https://…`, `(http://…)`, `${stageVariables.url}/x?k=v`. A
 * word is a longest run of characters other than these (`[^\s"'<>]`, \s as a RegExp reads it):
 * white space, quotes and angle brackets.
 */
function endsWord(code: number): boolean {
  if (code < 0x80) return (code >= 0x09 && code <= 0x0d) || code === 0x20 || code === 0x22 || code === 0x27 || code === 0x3c || code === 0x3e;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** What makes a word a URI: a scheme's `://`, or a stage-variable reference (neither holds a character that ends a word). */
const URI_MARKS = ['://', '${stageVariables.'] as const;
/** Punctuation that ends a sentence rather than the URI. */
const TRAILING = /[).,;:!]+$/;

function redactWord(word: string): string {
  const trailing = TRAILING.exec(word)?.[0] ?? '';
  return redactUri(word.slice(0, word.length - trailing.length)) + trailing;
}

/**
 * Every URI within free text redacted, the text around it unchanged: each word holding a mark
 * (`URI_MARKS`) is found from the mark, by reading back and on to the characters that end it.
 */
export function redactUrisInText(text: string): string {
  let scheme = text.indexOf(URI_MARKS[0]);
  let reference = text.indexOf(URI_MARKS[1]);
  if (scheme < 0 && reference < 0) return text;
  let out = '';
  let copied = 0;
  while (scheme >= 0 || reference >= 0) {
    const mark = scheme < 0 ? reference : reference < 0 ? scheme : Math.min(scheme, reference);
    let start = mark;
    while (start > copied && !endsWord(text.charCodeAt(start - 1))) start--;
    let end = mark + 1;
    while (end < text.length && !endsWord(text.charCodeAt(end))) end++;
    out += text.slice(copied, start) + redactWord(text.slice(start, end));
    copied = end;
    // The next word's marks: those found so far lie in this word unless they are past it.
    if (scheme >= 0 && scheme < end) scheme = text.indexOf(URI_MARKS[0], end);
    if (reference >= 0 && reference < end) reference = text.indexOf(URI_MARKS[1], end);
  }
  return out + text.slice(copied);
}

/** Every string within a value (evidence: nested records and lists) passed through `redactUrisInText`. */
export function redactUrisDeep<T>(value: T): T {
  return deep(value) as T;
}

function deep(value: unknown): unknown {
  if (typeof value === 'string') return redactUrisInText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(deep);
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    // defineProperty: a key named `__proto__` stays an own key.
    Object.defineProperty(out, key, { value: deep(member), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

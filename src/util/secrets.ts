/**
 * Secret detection for configuration values such as stage variables: does a value look like a
 * credential that should live in Secrets Manager or Parameter Store instead?
 *
 * A value is reported when any of three signals fires:
 *
 * 1. **Known token formats**, matched anywhere in the value: AWS access key ids (`AKIA…`,
 *    `ASIA…`), GitHub tokens (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`), Slack
 *    tokens (`xoxa-`, `xoxb-`, `xoxp-`, `xoxr-`), Stripe secret and restricted keys and webhook
 *    secrets (`sk_live_`, `rk_live_`, `sk_test_`, `whsec_`), other `<prefix>_live_<key>`
 *    vendor keys, Google API keys (`AIza…`), SendGrid and npm tokens, JWTs (`eyJ….eyJ….…`),
 *    PEM private-key headers, `Bearer <token>` / `Basic <token>` values, Slack webhook URLs, and
 *    credentials embedded in a URL (`https://user:pass@host`, or a `?api_key=` / `token=` / `password=` style query
 *    parameter).
 * 2. **High entropy**: a value of at least `MIN_ENTROPY_LENGTH` characters that mixes letters and
 *    digits, whose Shannon entropy reaches `entropyThreshold` (`HEX_ENTROPY` bits per character
 *    for hex strings; otherwise log2(length) − 0.7, capped at `TOKEN_ENTROPY`, which random
 *    base62 keys reach ~95% of the time) and which, unless hex, switches between upper case,
 *    lower case, digits and symbols often enough to not be words (`classSwitchRatio`:
 *    `LambdaFunctionAlias2024` has high entropy but is an identifier). Values with an obvious
 *    non-secret shape are never judged on entropy: hostnames, IP addresses, ARNs, URLs without
 *    credentials, paths, UUIDs (used as ids far more often than as keys; a UUID-valued variable
 *    with a secret-like name is still reported by rule 3), AWS resource ids (`vpce-0a1b…`),
 *    numbers, dates, versions and booleans. Hex digests (a commit SHA, say) are reported: a
 *    hex key cannot be told from a hash.
 * 3. **Secret-like names** (`password`, `passwd`, `pwd`, `secret`, `token`, `apikey`, `api_key`,
 *    `credential`, `private`, `auth` + `key`/`token`, `signing key`, …) whose value could be a
 *    credential: at least `MIN_NAMED_LENGTH` characters, not of a non-secret shape (so
 *    `secretArn = arn:aws:secretsmanager:…` and `tokenUrl = https://…` are references, not
 *    secrets), not a bare keyword (`true`, `none`, …) and not a short lowercase word (`strict`).
 *
 * Nothing here returns or logs a raw value: findings carry `maskValue` output only.
 */

export const MIN_ENTROPY_LENGTH = 20;
/** Bits per character: random hex reaches ~3.5–3.9 over 20+ characters, English text stays lower. */
export const HEX_ENTROPY = 3.0;
/**
 * Bits per character for mixed alphabets, the cap of `entropyThreshold`: random base62 keys of
 * 20 characters reach ~3.65 at the 1st percentile (log2(20) = 4.32 is the most 20 characters
 * can reach), 32 characters ~4.2, 40 characters ~4.45.
 */
export const TOKEN_ENTROPY = 4.3;
/** See `classSwitchRatio`. */
export const MIN_SWITCH_RATIO = 0.4;
export const MIN_NAMED_LENGTH = 6;

export interface SecretFinding {
  /** The variable name. */
  name: string;
  /** The value, masked by `maskValue`. */
  masked: string;
  /** Why it looks like a secret, e.g. `AWS access key id`, `high entropy (4.6 bits/char)`, `secret-like name`. */
  reasons: string[];
}

/**
 * A value safe to show: at most its first 4 characters (fewer for short values, so a short
 * password is not half revealed), an ellipsis and its length: `pt_l…(32 chars)`.
 */
export function maskValue(value: string): string {
  const shown = Math.min(4, Math.floor(value.length / 4));
  return `${value.slice(0, shown)}…(${value.length} chars)`;
}

/** Shannon entropy of the value's characters, in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const length = [...value].length;
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

const TOKEN_FORMATS: ReadonlyArray<readonly [string, RegExp]> = [
  ['AWS access key id', /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/],
  ['GitHub token', /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{20,})/],
  ['Slack token', /\bxox[abpr]-[A-Za-z0-9-]{10,}/],
  ['Stripe secret key', /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}/],
  ['Stripe webhook secret', /\bwhsec_[A-Za-z0-9]{16,}/],
  ['vendor live key', /\b[a-z]{2,10}_live_[A-Za-z0-9]{12,}/],
  ['Google API key', /\bAIza[0-9A-Za-z_-]{35}\b/],
  ['SendGrid API key', /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/],
  ['npm token', /\bnpm_[A-Za-z0-9]{36}\b/],
  ['JWT', /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/],
  ['private key', /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/],
  ['bearer token', /\b(?:Bearer|Basic)[\s:=]+[A-Za-z0-9._~+/=-]{12,}/i],
  ['Slack webhook URL', /hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]{16,}/],
  ['credentials in URL', /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i],
  [
    'credential in URL query',
    /[?&](?:api[_-]?key|apikey|key|token|access[_-]?token|auth|secret|password|passwd|pwd|sig|signature|client[_-]?secret)=[^&#\s]{8,}/i,
  ],
];

/** The known token formats the value contains, by name. */
export function tokenFormats(value: string): string[] {
  return TOKEN_FORMATS.filter(([, pattern]) => pattern.test(value)).map(([name]) => name);
}

const KEYWORDS = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'none', 'null', 'nil', 'undefined', 'enabled', 'disabled']);

const CREDENTIAL_QUERY = /[?&](?:api[_-]?key|apikey|key|token|access[_-]?token|auth|secret|password|passwd|pwd|sig|signature|client[_-]?secret)=/i;

const NON_SECRET_SHAPES: ReadonlyArray<readonly [string, (value: string) => boolean]> = [
  ['ARN', (v) => /^arn:[a-z0-9-]+:[a-z0-9-]+:/i.test(v)],
  ['URL without credentials', (v) => /^[a-z][a-z0-9+.-]*:\/\/[^/?#@\s]+(?:[/?#]\S*)?$/i.test(v) && !CREDENTIAL_QUERY.test(v)],
  ['hostname', (v) => /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,63}\.?(?::\d{1,5})?$/i.test(v)],
  ['IP address', (v) => /^(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2})?(?::\d{1,5})?$/.test(v) || /^[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?:\/\d{1,3})?$/i.test(v)],
  ['path', (v) => /^\/[A-Za-z0-9._~/{}-]*$/.test(v)],
  ['UUID', (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)],
  ['AWS resource id', (v) => /^[a-z]{1,10}(?:-[a-z]{1,10})?-[0-9a-f]{8,17}$/.test(v)],
  ['number', (v) => /^[+-]?\d+(?:\.\d+)?$/.test(v)],
  ['date', (v) => /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(v)],
  ['version', (v) => /^v?\d+(?:\.\d+){1,3}(?:[-+][A-Za-z0-9.]+)?$/.test(v)],
];

/** Why a value is evidently not a secret (`ARN`, `hostname`, …), or undefined. */
export function nonSecretShape(value: string): string | undefined {
  const v = value.trim();
  if (KEYWORDS.has(v.toLowerCase())) return 'keyword';
  return NON_SECRET_SHAPES.find(([, test]) => test(v))?.[0];
}

const SECRET_NAME =
  /pass(?:word|wd|phrase)|pass(?![a-z])|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|credential|creds?(?![a-z])|private|signing[_-]?key|auth[_-]?(?:key|token)|authorization|session[_-]?key|encryption[_-]?key|client[_-]?key/i;

/** Names of references to a secret rather than the secret: `secretArn`, `tokenUrl`, `SECRET_NAME`. */
const REFERENCE_NAME = /(?:arn|name|id|url|uri|path|host|endpoint|region|ttl|timeout|type|version|alias|prefix)$/;

/**
 * Does the name suggest the value is a credential (`dbPassword`, `partnerToken`, `API_KEY`)?
 * Names of references (`secretArn`, `tokenUrl`, `apiKeyId`) do not.
 */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !REFERENCE_NAME.test(name.toLowerCase().replace(/[^a-z0-9]/g, ''));
}

type CharClass = 'upper' | 'lower' | 'digit' | 'other';

function charClass(ch: string): CharClass {
  if (ch >= 'A' && ch <= 'Z') return 'upper';
  if (ch >= 'a' && ch <= 'z') return 'lower';
  if (ch >= '0' && ch <= '9') return 'digit';
  return 'other';
}

/**
 * The share of neighbouring characters of different classes (upper, lower, digit, other), word
 * separators (`-`, `_`, `.`) left out. Random base62/base64 keys switch class on ~60% of pairs;
 * identifiers made of words (`LambdaFunctionAlias2024`, `my-function-name-prod-v2`) on well under
 * 40%, even when their entropy is high.
 */
export function classSwitchRatio(value: string): number {
  const chars = [...value.replace(/[-_.]/g, '')];
  if (chars.length < 2) return 0;
  let switches = 0;
  for (let i = 1; i < chars.length; i += 1) if (charClass(chars[i]!) !== charClass(chars[i - 1]!)) switches += 1;
  return switches / (chars.length - 1);
}

/** The entropy a random key of this length reliably reaches: within 0.7 bits of log2(length), capped. */
export function entropyThreshold(value: string): number {
  if (/^(?:[0-9a-f]+|[0-9A-F]+)$/.test(value)) return HEX_ENTROPY;
  return Math.min(TOKEN_ENTROPY, Math.log2([...value].length) - 0.7);
}

/**
 * High-entropy judgement alone: the value's entropy in bits per character when it looks like a
 * random key; undefined when it is short, of a non-secret shape, lacks letters or digits, falls
 * below `entropyThreshold`, or (not hex) reads like words (`classSwitchRatio` below `MIN_SWITCH_RATIO`).
 */
export function highEntropy(value: string): number | undefined {
  if (value.length < MIN_ENTROPY_LENGTH) return undefined;
  if (nonSecretShape(value) !== undefined) return undefined;
  if (!/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) return undefined;
  const entropy = shannonEntropy(value);
  if (entropy < entropyThreshold(value)) return undefined;
  const hex = /^(?:[0-9a-f]+|[0-9A-F]+)$/.test(value);
  if (!hex && classSwitchRatio(value) < MIN_SWITCH_RATIO) return undefined;
  return entropy;
}

/** Judges one name/value pair; undefined when nothing suggests a secret. */
export function findSecret(name: string, value: string): SecretFinding | undefined {
  const reasons = tokenFormats(value);
  const entropy = highEntropy(value);
  if (entropy !== undefined) reasons.push(`high entropy (${entropy.toFixed(1)} bits/char)`);
  if (isSecretName(name) && namedValueCouldBeSecret(value)) reasons.push('secret-like name');
  if (reasons.length === 0) return undefined;
  return { name, masked: maskValue(value), reasons };
}

function namedValueCouldBeSecret(value: string): boolean {
  const v = value.trim();
  if (v.length < MIN_NAMED_LENGTH) return false;
  if (nonSecretShape(v) !== undefined) return false;
  // A short lowercase word (`strict`, `cookie`) is a setting, not a credential.
  if (/^[a-z]+$/.test(v) && v.length < 12) return false;
  // Placeholders that were never filled in.
  if (/^\$\{[^}]*\}$|^\{\{[^}]*\}\}$|^<[^>]*>$/.test(v)) return false;
  return true;
}

/**
 * Every variable that looks like a secret, sorted by name. Reads the object's own entries, so a
 * variable named `__proto__` or `constructor` (legal stage-variable names) is judged like any other.
 */
export function findSecrets(variables: Readonly<Record<string, string>>): SecretFinding[] {
  return Object.entries(variables)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([name, value]) => findSecret(name, value) ?? []);
}

/** The names of a variable map, sorted by code point, own keys only (`__proto__` included). */
export function variableNames(variables: Readonly<Record<string, string>> | undefined): string[] {
  return Object.keys(variables ?? {}).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** One line per finding for evidence: `partnerToken = pt_l…(32 chars) (vendor live key, secret-like name)`. */
export function describeFinding(finding: SecretFinding): string {
  return `${finding.name} = ${finding.masked} (${finding.reasons.join(', ')})`;
}

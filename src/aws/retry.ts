/**
 * The one retry policy for every AWS call. SDK clients run with `maxAttempts: 1`, so retries
 * happen here: limiter-aware (each attempt takes new tokens), counted, and testable with a
 * mocked `send`. The classification follows the SDK's own (`@smithy/core` retry,
 * service-error-classification; AWS SDKs and Tools Reference Guide, "Retry behavior").
 */
import { realSleep, type Sleep } from './rate-limiter.js';

export type ErrorKind = 'throttling' | 'transient' | 'fatal';

const THROTTLING_NAMES = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);

const TRANSIENT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** The fields of an SDK or Node error the policy reads; everything is optional. */
interface ErrorFields {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  Code?: unknown;
  retryAfterSeconds?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $retryable?: { throttling?: unknown };
  $response?: { headers?: Record<string, unknown> };
}

function fields(error: unknown): ErrorFields {
  return typeof error === 'object' && error !== null ? (error as ErrorFields) : {};
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function classifyError(error: unknown): ErrorKind {
  const e = fields(error);
  const name = asString(e.name);
  const status = e.$metadata?.httpStatusCode;
  if (status === 429 || (name !== undefined && THROTTLING_NAMES.has(name))) return 'throttling';
  if (e.$retryable) return e.$retryable.throttling === true ? 'throttling' : 'transient';
  if (name !== undefined && TRANSIENT_NAMES.has(name)) return 'transient';
  if (typeof status === 'number' && TRANSIENT_STATUS.has(status)) return 'transient';
  const code = asString(e.code);
  if (code !== undefined && TRANSIENT_NETWORK_CODES.has(code)) return 'transient';
  return 'fatal';
}

/** The error code a collection error records: the SDK error name, else `Code` / Node's `code`. */
export function errorCode(error: unknown): string {
  const e = fields(error);
  const name = asString(e.name);
  if (name !== undefined && name !== 'Error') return name;
  return asString(e.Code) ?? asString(e.code) ?? name ?? 'UnknownError';
}

/** The longest message kept: a broken or hostile endpoint can send megabytes of it. */
export const MAX_ERROR_MESSAGE_LENGTH = 1000;

/**
 * Takes out what a message must not carry into snapshots, reports and logs. On a signature
 * mismatch AWS echoes the request it expected ("The Canonical String for this request should
 * have been …"), session token header included.
 */
function scrubCredentials(message: string): string {
  return message
    .replace(/\s*The (?:Canonical String for this request|String-to-Sign) should have been[\s\S]*$/i, ' [signing details removed]')
    .replace(/(x-amz-security-token\s*[:=]\s*)[^\s,;'"&]+/gi, '$1[redacted]')
    .replace(/(Signature\s*=\s*)[0-9a-f]{16,}/gi, '$1[redacted]')
    .replace(/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, '[access key id]');
}

/** The error message on one line, without credentials, at most `MAX_ERROR_MESSAGE_LENGTH` characters. */
export function errorMessage(error: unknown): string {
  const message = asString(fields(error).message) ?? (typeof error === 'string' ? error : undefined);
  const line = scrubCredentials(message ?? errorCode(error)).replace(/\s*\n\s*/g, ' ').trim();
  return line.length > MAX_ERROR_MESSAGE_LENGTH ? `${line.slice(0, MAX_ERROR_MESSAGE_LENGTH - 1)}…` : line;
}

/**
 * How long the service asked us to wait: API Gateway's `retryAfterSeconds` member, else a
 * `Retry-After` header (seconds or an HTTP date). Undefined when it did not say.
 */
export function retryAfterMs(error: unknown, nowMs: number = Date.now()): number | undefined {
  const e = fields(error);
  const header = e.$response?.headers?.['retry-after'] ?? e.$response?.headers?.['Retry-After'];
  const raw = asString(e.retryAfterSeconds) ?? asString(header) ?? (typeof header === 'number' ? String(header) : undefined);
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  /** Throttling backs off from a longer base, as the SDK's standard mode does. */
  throttlingBaseDelayMs: number;
  maxDelayMs: number;
  /** Upper bound on a server-requested wait, so one odd header cannot stall a scan. */
  maxRetryAfterMs: number;
  sleep: Sleep;
  /** In [0, 1); injectable so tests get exact delays. */
  random: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 100,
  throttlingBaseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
  sleep: realSleep,
  random: Math.random,
};

/**
 * Exponential backoff with full jitter: random × min(cap, base × 2^(failures − 1)). A
 * server-requested wait is a floor.
 */
export function backoffDelayMs(policy: RetryPolicy, kind: ErrorKind, failures: number, requestedMs?: number): number {
  const base = kind === 'throttling' ? policy.throttlingBaseDelayMs : policy.baseDelayMs;
  const ceiling = Math.min(policy.maxDelayMs, base * 2 ** Math.max(0, failures - 1));
  const jittered = policy.random() * ceiling;
  if (requestedMs === undefined) return jittered;
  return Math.min(Math.max(requestedMs, jittered), policy.maxRetryAfterMs);
}

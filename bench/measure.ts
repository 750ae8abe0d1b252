/**
 * What the benchmark computes from a run: the ground-truth comparison, the lower bound the
 * rate limits put on the wall time, the calls per API by operation, and the median of repeated runs.
 */
import { isDeepStrictEqual } from 'node:util';
import type { OperationStats } from '../src/aws/call-stats.js';
import { parseInventory } from '../src/inventory/io.js';
import type { Inventory } from '../src/inventory/schema.js';
import { AWS_PUBLISHED_RATES, type BucketCounts, type ServerRateRule } from '../test/support/fake-aws-rate-limits.js';

/** The median of some runs' figures: the middle one, or the mean of the middle two. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

// ── Ground truth ────────────────────────────────────────────────────────────────────────

export interface TruthComparison {
  ok: boolean;
  /** Up to `limit` differences, as `path: expected … got …`. */
  differences: string[];
}

/**
 * Compares a collected snapshot with the generated ground truth, both read through
 * `parseInventory` (the fields the snapshot declares): regions, shared resources and errors
 * must be equal — nothing missing, nothing invented, nothing failed.
 */
export function compareWithTruth(truth: Inventory, collected: unknown, limit = 20): TruthComparison {
  const expected = parseInventory(asJson(truth), 'ground truth');
  const actual = parseInventory(asJson(collected), 'collected');
  const differences: string[] = [];
  for (const part of ['regions', 'shared', 'errors', 'account'] as const) {
    if (!isDeepStrictEqual(actual[part], expected[part])) diff(expected[part], actual[part], part, differences, limit);
  }
  return { ok: differences.length === 0, differences };
}

/**
 * What `JSON.parse(JSON.stringify(value))` gives, without the string: the heavy account's
 * snapshot is longer than V8's longest string. Members without JSON (undefined, functions,
 * symbols) are left out of objects and are null in arrays; a value with `toJSON` goes
 * through JSON whole.
 */
export function asJson(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'object' || value === null) return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return JSON.parse(JSON.stringify(value) ?? 'null') as unknown;
  if (Array.isArray(value)) return value.map((item) => (hasJson(item) ? asJson(item) : null));
  const copy: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) if (hasJson(member)) copy[key] = asJson(member);
  return copy;
}

const hasJson = (value: unknown) => value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';

const show = (value: unknown) => {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
};

function diff(expected: unknown, actual: unknown, path: string, out: string[], limit: number): void {
  if (out.length >= limit || isDeepStrictEqual(expected, actual)) return;
  const bothObjects = typeof expected === 'object' && expected !== null && typeof actual === 'object' && actual !== null;
  if (!bothObjects || Array.isArray(expected) !== Array.isArray(actual)) {
    out.push(`${path}: expected ${show(expected)}, got ${show(actual)}`);
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length !== actual.length) {
    out.push(`${path}: expected ${expected.length} items, got ${actual.length}`);
  }
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  for (const key of new Set([...Object.keys(e), ...Object.keys(a)])) {
    if (!(key in a)) out.push(`${path}.${key}: missing (expected ${show(e[key])})`);
    else if (!(key in e)) out.push(`${path}.${key}: invented (${show(a[key])})`);
    else diff(e[key], a[key], `${path}.${key}`, out, limit);
    if (out.length >= limit) return;
  }
}

// ── The lower bound ─────────────────────────────────────────────────────────────────────

export interface BucketBound {
  /** `bucket@region` */
  bucket: string;
  calls: number;
  burst: number;
  ratePerSecond: number;
  /** (calls − burst) / rate, at least 0. */
  seconds: number;
}

/**
 * The least wall time the server's buckets allow for the calls they admitted: a bucket starts
 * full (`burst` tokens) and refills at its rate, so `calls` need (calls − burst) / rate seconds.
 * The bound is the largest over buckets; `scale` multiplies the rates as the server did.
 */
export function rateLimitBound(
  admitted: Record<string, BucketCounts>,
  scale: number,
  rules: readonly ServerRateRule[] = AWS_PUBLISHED_RATES,
): { seconds: number; buckets: BucketBound[] } {
  const buckets: BucketBound[] = Object.entries(admitted).map(([key, counts]) => {
    const name = key.slice(0, key.lastIndexOf('@'));
    const rule = rules.find((r) => r.name === name);
    if (!rule) throw new Error(`no rate rule named ${name}`);
    const ratePerSecond = rule.ratePerSecond * scale;
    return {
      bucket: key,
      calls: counts.admitted,
      burst: rule.burst,
      ratePerSecond,
      seconds: Math.max(0, (counts.admitted - rule.burst) / ratePerSecond),
    };
  });
  buckets.sort((a, b) => b.seconds - a.seconds);
  return { seconds: buckets[0]?.seconds ?? 0, buckets };
}

/** The same bound for a call pattern that was not run: API Gateway calls in one region. */
export function apiGatewayBoundSeconds(totalCalls: number, getResourcesCalls: number): number {
  const total = AWS_PUBLISHED_RATES.find((r) => r.name === 'apigateway')!;
  const resources = AWS_PUBLISHED_RATES.find((r) => r.name === 'apigateway:GetResources')!;
  return Math.max(0, (totalCalls - total.burst) / total.ratePerSecond, (getResourcesCalls - resources.burst) / resources.ratePerSecond);
}

// ── Calls per API ───────────────────────────────────────────────────────────────────────

/** Per-API reads, what the stages serve included (GetExport, GetDeployment, ExportApi): they count against the same bucket. */
export const REST_API_OPERATIONS = ['GetResources', 'GetStages', 'GetAuthorizers', 'GetRequestValidators', 'GetExport', 'GetDeployment'].map(
  (op) => `apigateway:${op}`,
);
export const HTTP_API_OPERATIONS = ['GetRoutes', 'GetStages', 'GetIntegrations', 'GetAuthorizers', 'ExportApi'].map((op) => `apigatewayv2:${op}`);

export interface CallsPerApi {
  /** Calls of the per-API operations, by operation, divided by the number of APIs. */
  byOperation: Record<string, number>;
  total: number;
}

export function callsPerApi(stats: Record<string, OperationStats>, operations: readonly string[], apis: number): CallsPerApi {
  const byOperation: Record<string, number> = {};
  let total = 0;
  for (const key of operations) {
    const calls = stats[key]?.calls ?? 0;
    byOperation[key] = apis > 0 ? calls / apis : 0;
    total += calls;
  }
  return { byOperation, total: apis > 0 ? total / apis : 0 };
}

/** Calls that are neither per REST API nor per HTTP API (lists, account-wide, linked resources). */
export function otherCalls(stats: Record<string, OperationStats>): Record<string, number> {
  const perApi = new Set([...REST_API_OPERATIONS, ...HTTP_API_OPERATIONS]);
  return Object.fromEntries(Object.entries(stats).filter(([key]) => !perApi.has(key)).map(([key, s]) => [key, s.calls]));
}

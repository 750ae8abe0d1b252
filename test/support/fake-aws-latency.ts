/**
 * Response latency for the AWS look-alike (`startFakeAws({ latency })`): each answer is held
 * back for a time that grows with what it carries, so a benchmark sees what a real scan sees —
 * a `GetResources` page of 500 resources with their methods embedded takes seconds, a list call
 * a few hundred milliseconds. Off unless asked for (tests stay fast); the benchmark turns it on.
 *
 * AWS publishes no latency figures for its control-plane reads. The figures below are
 * assumptions, chosen to match what was observed on large accounts (bench/README.md, "Latency"):
 * deterministic (no jitter) so that two runs stay comparable, and divided by `scale` like the
 * rate limits (fake-aws-rate-limits.ts), so a scaled run is the real run with time compressed.
 */

export interface LatencyRule {
  name: string;
  applies(service: string, operation: string): boolean;
  /** Every answer. */
  baseMs: number;
  /** Per item of the answer's list (`item` in v1, `items` in v2, the largest list elsewhere). */
  perItemMs?: number;
  /** Per method embedded in a v1 resource (`GetResources` with `embed=methods`). */
  perEmbeddedMethodMs?: number;
  /** Per KiB of the answer's body (exports). */
  perKiBMs?: number;
}

const apiGateway = (service: string) => service === 'apigateway' || service === 'apigatewayv2';

/**
 * Assumed latencies, first match wins:
 * - `GetResources` (embedded methods): 100 ms + 2 ms a resource + 0.6 ms a method — a page of
 *   500 resources is 1.4 s with one method each, 2.0 s with three, 2.6 s with five.
 * - `GetExport` / `ExportApi`: 200 ms + 1 ms per KiB (a 60-method export of ~40 KiB: ~240 ms).
 * - `GetDeployment` (`embed=apisummary`): 150 ms.
 * - other API Gateway reads (lists and gets): 100 ms + 0.4 ms an item (a full page of 500: 300 ms).
 * - every other service: 60 ms + 0.2 ms an item.
 */
export const ASSUMED_AWS_LATENCIES: readonly LatencyRule[] = [
  {
    name: 'apigateway:GetResources',
    applies: (service, operation) => service === 'apigateway' && operation === 'GetResources',
    baseMs: 100,
    perItemMs: 2,
    perEmbeddedMethodMs: 0.6,
  },
  {
    name: 'apigateway:exports',
    applies: (service, operation) => apiGateway(service) && (operation === 'GetExport' || operation === 'ExportApi'),
    baseMs: 200,
    perKiBMs: 1,
  },
  { name: 'apigateway:GetDeployment', applies: (service, operation) => service === 'apigateway' && operation === 'GetDeployment', baseMs: 150 },
  { name: 'apigateway:read', applies: (service) => apiGateway(service), baseMs: 100, perItemMs: 0.4 },
  { name: 'other', applies: () => true, baseMs: 60, perItemMs: 0.2 },
];

/** An error or throttling answer: AWS rejects early. */
export const ERROR_LATENCY_MS = 20;

export interface FakeLatencyOptions {
  /** Divides every latency (time compressed as the rate limits are); default 1. */
  scale?: number;
  /** Default: `ASSUMED_AWS_LATENCIES`. */
  rules?: readonly LatencyRule[];
}

/** What an answer carries, as the latency model counts it. */
export interface AnswerSize {
  items: number;
  embeddedMethods: number;
  bytes: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The items of an answer: v1's `item`, v2's `items`, otherwise the longest top-level list. */
export function answerSize(body: unknown, bytes: number): AnswerSize {
  if (!isRecord(body)) return { items: 0, embeddedMethods: 0, bytes };
  const list = Array.isArray(body.item) ? body.item : Array.isArray(body.items) ? body.items : Object.values(body).filter(Array.isArray).sort((a, b) => b.length - a.length)[0];
  const items = list ?? [];
  let embeddedMethods = 0;
  for (const item of items) {
    const methods = isRecord(item) ? (item.resourceMethods ?? item._embedded) : undefined;
    if (isRecord(methods)) embeddedMethods += Object.keys(methods).length;
  }
  return { items: items.length, embeddedMethods, bytes };
}

/** Milliseconds at AWS's own pace (scale 1) for a successful answer of this size. */
export function latencyMs(service: string, operation: string, size: AnswerSize, rules: readonly LatencyRule[] = ASSUMED_AWS_LATENCIES): number {
  const rule = rules.find((r) => r.applies(service, operation));
  if (!rule) return 0;
  return (
    rule.baseMs +
    (rule.perItemMs ?? 0) * size.items +
    (rule.perEmbeddedMethodMs ?? 0) * size.embeddedMethods +
    (rule.perKiBMs ?? 0) * (size.bytes / 1024)
  );
}

export class FakeLatency {
  readonly scale: number;
  private readonly rules: readonly LatencyRule[];

  constructor(options: FakeLatencyOptions = {}) {
    this.scale = options.scale ?? 1;
    if (!Number.isFinite(this.scale) || this.scale <= 0) throw new RangeError(`scale must be a positive number, got ${this.scale}`);
    this.rules = options.rules ?? ASSUMED_AWS_LATENCIES;
  }

  /** How long to hold this answer back, in (scaled) milliseconds. */
  delayMs(service: string, operation: string, status: number, body: unknown, bytes: number): number {
    const ms = status >= 400 ? ERROR_LATENCY_MS : latencyMs(service, operation, answerSize(body, bytes), this.rules);
    return ms / this.scale;
  }
}

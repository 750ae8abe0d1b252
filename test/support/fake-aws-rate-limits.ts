/**
 * Server-side throttling for the AWS look-alike (`startFakeAws({ rateLimits })`): token buckets
 * per account × region at the control-plane rates AWS publishes, answering what AWS answers
 * when one is empty. Written from the AWS quota pages (API Gateway, WAF, ACM), not from the
 * scanner's own limiter (src/aws/rate-limiter.ts), so a benchmark measures the scanner against
 * the service rather than against itself.
 *
 * A throttled request takes no token. `scale` multiplies every rate (not the bursts) and divides
 * the `Retry-After` the server sends, so a scaled run is the real run with time compressed.
 */

export interface ServerRateRule {
  /** Names the bucket; one bucket per rule and region. */
  name: string;
  ratePerSecond: number;
  burst: number;
  /** The `service` is the fake's request service (`apigateway`, `apigatewayv2`, `wafv2`, `acm`, …). */
  applies(service: string, operation: string): boolean;
}

/**
 * What AWS publishes:
 * - API Gateway management calls: 10 requests/s, burst 40, per account (and, we take it, per
 *   region), v1 and v2 together (one endpoint prefix); `GetResources` also 5 every 2 s.
 * - WAFv2 Get/List (other than `GetWebACLForResource` / `ListResourcesForWebACL`, 1/s): 5/s.
 * - ACM `DescribeCertificate`: 10/s.
 * No burst is published for WAFv2 and ACM: one second's worth.
 */
export const AWS_PUBLISHED_RATES: readonly ServerRateRule[] = [
  {
    name: 'apigateway:GetResources',
    ratePerSecond: 2.5,
    burst: 5,
    applies: (service, operation) => service === 'apigateway' && operation === 'GetResources',
  },
  {
    name: 'apigateway',
    ratePerSecond: 10,
    burst: 40,
    applies: (service) => service === 'apigateway' || service === 'apigatewayv2',
  },
  {
    name: 'wafv2:GetWebACLForResource',
    ratePerSecond: 1,
    burst: 1,
    applies: (service, operation) => service === 'wafv2' && (operation === 'GetWebACLForResource' || operation === 'ListResourcesForWebACL'),
  },
  {
    name: 'wafv2:read',
    ratePerSecond: 5,
    burst: 5,
    applies: (service, operation) =>
      service === 'wafv2' && /^(Get|List)/.test(operation) && operation !== 'GetWebACLForResource' && operation !== 'ListResourcesForWebACL',
  },
  {
    name: 'acm:DescribeCertificate',
    ratePerSecond: 10,
    burst: 10,
    applies: (service, operation) => service === 'acm' && operation === 'DescribeCertificate',
  },
  // "Throttling for Amazon Route 53 API requests": per account, all operations together 10/s,
  // burst 50 (each operation read here has the same bucket of its own).
  {
    name: 'route53',
    ratePerSecond: 10,
    burst: 50,
    applies: (service) => service === 'route53',
  },
  // "Lambda quotas", Lambda API requests: GetPolicy 15/s; the rest of the control plane 15/s together.
  {
    name: 'lambda:GetPolicy',
    ratePerSecond: 15,
    burst: 15,
    applies: (service, operation) => service === 'lambda' && operation === 'GetPolicy',
  },
  {
    name: 'lambda:control-plane',
    ratePerSecond: 15,
    burst: 15,
    applies: (service, operation) => service === 'lambda' && operation !== 'GetPolicy',
  },
];

export interface FakeRateLimitOptions {
  /** Multiplies every rate (not the bursts) and divides `Retry-After`; default 1. */
  scale?: number;
  /** Default: `AWS_PUBLISHED_RATES`. */
  rules?: readonly ServerRateRule[];
  /** Milliseconds on a monotonic clock; injectable for tests. */
  clock?: () => number;
}

/** A throttling answer, shaped like the fake's replies. */
export interface ThrottleReply {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

interface Bucket {
  rule: ServerRateRule;
  ratePerSecond: number;
  tokens: number;
  refilledAt: number;
}

export interface BucketCounts {
  /** Requests the bucket let through (each took a token). */
  admitted: number;
  /** Requests answered with a throttling error because this bucket was empty. */
  throttled: number;
}

export class FakeRateLimiter {
  readonly scale: number;
  private readonly rules: readonly ServerRateRule[];
  private readonly clock: () => number;
  private readonly buckets = new Map<string, Bucket>();
  private readonly counts = new Map<string, BucketCounts>();
  private readonly admittedAt = new Map<string, { first: number; last: number }>();
  /** Every throttled response, all buckets together. */
  throttledResponses = 0;

  constructor(options: FakeRateLimitOptions = {}) {
    this.scale = options.scale ?? 1;
    if (!Number.isFinite(this.scale) || this.scale <= 0) throw new RangeError(`scale must be a positive number, got ${this.scale}`);
    this.rules = options.rules ?? AWS_PUBLISHED_RATES;
    this.clock = options.clock ?? (() => performance.now());
  }

  /**
   * Admits the request (taking a token from every bucket it falls under) and returns undefined,
   * or returns the throttling answer AWS gives when a bucket is empty (and takes no token).
   */
  admit(service: string, operation: string, region: string): ThrottleReply | undefined {
    const now = this.clock();
    const buckets = this.rules.filter((rule) => rule.applies(service, operation)).map((rule) => this.bucket(rule, region, now));
    const empty = buckets.filter((b) => b.tokens < 1);
    if (empty.length === 0) {
      for (const b of buckets) {
        b.tokens -= 1;
        this.countsOf(b.rule.name, region).admitted += 1;
        const key = `${b.rule.name}@${region}`;
        const at = this.admittedAt.get(key);
        if (at) at.last = now;
        else this.admittedAt.set(key, { first: now, last: now });
      }
      return undefined;
    }
    this.throttledResponses += 1;
    this.countsOf(empty[0]!.rule.name, region).throttled += 1;
    const waitSeconds = Math.max(...empty.map((b) => (1 - b.tokens) / b.ratePerSecond));
    return throttleReply(service, retryAfterSeconds(waitSeconds, this.scale));
  }

  /** Counts by `bucket@region`, keys sorted. */
  snapshot(): Record<string, BucketCounts> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, { ...v }]));
  }

  /** When each bucket admitted its first and its last request, on the limiter's clock. */
  admissionTimes(): Record<string, { first: number; last: number }> {
    return Object.fromEntries([...this.admittedAt.entries()].map(([k, v]) => [k, { ...v }]));
  }

  private bucket(rule: ServerRateRule, region: string, now: number): Bucket {
    const key = `${rule.name}@${region}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { rule, ratePerSecond: rule.ratePerSecond * this.scale, tokens: rule.burst, refilledAt: now };
      this.buckets.set(key, bucket);
    }
    const elapsedMs = Math.max(0, now - bucket.refilledAt);
    bucket.refilledAt = now;
    bucket.tokens = Math.min(rule.burst, bucket.tokens + (elapsedMs * bucket.ratePerSecond) / 1000);
    return bucket;
  }

  private countsOf(name: string, region: string): BucketCounts {
    const key = `${name}@${region}`;
    let counts = this.counts.get(key);
    if (!counts) {
      counts = { admitted: 0, throttled: 0 };
      this.counts.set(key, counts);
    }
    return counts;
  }
}

/**
 * `Retry-After` in whole seconds, as HTTP has it (at least 1), divided by the scale: at scale 10
 * a throttled client is asked to wait 0.1 s, the scaled image of 1 s.
 */
export function retryAfterSeconds(waitSeconds: number, scale = 1): number {
  return Math.max(1, Math.ceil(waitSeconds * scale - 1e-9)) / scale;
}

/**
 * API Gateway v1 and v2 (REST-JSON): 429 `TooManyRequestsException` in `x-amzn-errortype`, with
 * `Retry-After` (v1's `retryAfterSeconds` member) and v2's `limitType`. WAFv2 and ACM (JSON 1.1):
 * 400 `ThrottlingException`.
 */
export function throttleReply(service: string, retryAfter: number): ThrottleReply {
  const headers = { 'retry-after': String(retryAfter) };
  if (service === 'apigateway' || service === 'apigatewayv2') {
    return {
      status: 429,
      body: { message: 'Too Many Requests', ...(service === 'apigatewayv2' ? { limitType: 'Rate' } : {}) },
      headers: { ...headers, 'x-amzn-errortype': 'TooManyRequestsException' },
    };
  }
  if (service === 'route53') {
    // REST-XML: HTTP 400 with Code `Throttling`, Message `Rate exceeded`.
    const body =
      '<?xml version="1.0"?><ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>Sender</Type>' +
      '<Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>';
    return { status: 400, body, headers: { ...headers, 'content-type': 'text/xml' } };
  }
  return { status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' }, headers };
}

/**
 * Client-side token buckets at the documented control-plane rates, one set per account × region,
 * so a scan paces itself instead of leaning on throttling errors (the quota pages: "Amazon API
 * Gateway quotas", "AWS WAF quotas", "Quotas for AWS Certificate Manager", "Quotas in Amazon Cognito").
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { AwsService } from './services.js';

/** Milliseconds on a monotonic clock. */
export type Clock = () => number;
export type Sleep = (ms: number) => Promise<void>;

export const monotonicClock: Clock = () => performance.now();
export const realSleep: Sleep = async (ms) => {
  if (ms > 0) await delay(ms);
};

export interface BucketRate {
  ratePerSecond: number;
  burst: number;
}

export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    readonly rate: BucketRate,
    private readonly clock: Clock = monotonicClock,
    private readonly sleep: Sleep = realSleep,
  ) {
    if (!(rate.ratePerSecond > 0) || !(rate.burst >= 1)) {
      throw new RangeError(`invalid token bucket rate ${rate.ratePerSecond}/s, burst ${rate.burst}`);
    }
    this.tokens = rate.burst;
    this.refilledAt = clock();
  }

  /**
   * Takes one token, waiting while the bucket is empty; resolves to the milliseconds waited.
   * Each caller reserves its token at once (the count may go negative, a debt the refill pays
   * off), so concurrent callers are served in call order without a queue.
   */
  async acquire(): Promise<number> {
    this.refill();
    this.tokens -= 1;
    if (this.tokens >= 0) return 0;
    const waitMs = (-this.tokens / this.rate.ratePerSecond) * 1000;
    await this.sleep(waitMs);
    return waitMs;
  }

  private refill(): void {
    const now = this.clock();
    const elapsedMs = Math.max(0, now - this.refilledAt);
    this.refilledAt = now;
    this.tokens = Math.min(this.rate.burst, this.tokens + (elapsedMs * this.rate.ratePerSecond) / 1000);
  }
}

export interface RateRule {
  /** Names the bucket; one bucket per rule and region. */
  name: string;
  rate: BucketRate;
  applies(service: AwsService, operation: string): boolean;
}

const isApiGateway = (service: AwsService) => service === 'apigateway' || service === 'apigatewayv2';

/**
 * Every rule that applies to a call is acquired, most specific first. Published quotas with no
 * published burst get a burst of one second's worth.
 */
export const AWS_RATE_RULES: readonly RateRule[] = [
  {
    name: 'apigateway:GetResources',
    rate: { ratePerSecond: 2.5, burst: 5 },
    applies: (service, operation) => service === 'apigateway' && operation === 'GetResources',
  },
  {
    // v1 and v2 management calls share one endpoint prefix and, we assume, one quota. The reads
    // of what stages serve (GetExport, GetDeployment, v2 ExportApi) fall under it too: the quota
    // table ("API Gateway quotas for creating, deploying and managing an API", Amazon API
    // Gateway quotas) lists no stricter rate for them, unlike GetResources.
    name: 'apigateway',
    rate: { ratePerSecond: 10, burst: 40 },
    applies: (service) => isApiGateway(service),
  },
  {
    name: 'wafv2:GetWebACLForResource',
    rate: { ratePerSecond: 1, burst: 1 },
    applies: (service, operation) => service === 'wafv2' && operation === 'GetWebACLForResource',
  },
  {
    name: 'wafv2:ListResourcesForWebACL',
    rate: { ratePerSecond: 1, burst: 1 },
    applies: (service, operation) => service === 'wafv2' && operation === 'ListResourcesForWebACL',
  },
  {
    name: 'wafv2:read',
    rate: { ratePerSecond: 5, burst: 5 },
    applies: (service, operation) =>
      service === 'wafv2' &&
      /^(Get|List)/.test(operation) &&
      operation !== 'GetWebACLForResource' &&
      operation !== 'ListResourcesForWebACL',
  },
  {
    name: 'acm:DescribeCertificate',
    rate: { ratePerSecond: 10, burst: 10 },
    applies: (service, operation) => service === 'acm' && operation === 'DescribeCertificate',
  },
  {
    name: 'acm:ListCertificates',
    rate: { ratePerSecond: 1, burst: 1 },
    applies: (service, operation) => service === 'acm' && operation === 'ListCertificates',
  },
  {
    // Cognito quotas are per category, shared by every operation in it ("Quotas in Amazon Cognito", API request rate quotas).
    name: 'cognito-idp:UserPoolRead',
    rate: { ratePerSecond: 15, burst: 15 },
    applies: (service, operation) =>
      service === 'cognito-idp' &&
      (operation === 'DescribeUserPool' || operation === 'GetUserPoolMfaConfig' || operation === 'DescribeRiskConfiguration'),
  },
  {
    name: 'cognito-idp:UserPoolClientRead',
    rate: { ratePerSecond: 15, burst: 15 },
    applies: (service, operation) =>
      service === 'cognito-idp' && (operation === 'ListUserPoolClients' || operation === 'DescribeUserPoolClient'),
  },
  // No published rate is relied on for these reads: a conservative 5/s per service and region.
  ...(['cloudtrail', 'cloudwatch', 'logs', 'kms', 'iam'] as const).map(
    (name): RateRule => ({
      name,
      rate: { ratePerSecond: 5, burst: 5 },
      applies: (service) => service === name,
    }),
  ),
];

export interface RateLimitsOptions {
  /**
   * Multiplies every rate (not the bursts): 2 runs the same call pattern in half the time.
   * For benchmarks against a local fake; real AWS accounts need 1.
   */
  rateScale?: number;
  rules?: readonly RateRule[];
  clock?: Clock;
  sleep?: Sleep;
}

/** The buckets of one account: created lazily per rule × region. */
export class RateLimits {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly rateScale: number;
  private readonly rules: readonly RateRule[];
  private readonly clock: Clock;
  private readonly sleep: Sleep;

  constructor(options: RateLimitsOptions = {}) {
    this.rateScale = options.rateScale ?? 1;
    if (!Number.isFinite(this.rateScale) || this.rateScale <= 0) {
      throw new RangeError(`rateScale must be a positive number, got ${this.rateScale}`);
    }
    this.rules = options.rules ?? AWS_RATE_RULES;
    this.clock = options.clock ?? monotonicClock;
    this.sleep = options.sleep ?? realSleep;
  }

  bucketsFor(service: AwsService, operation: string, region: string): TokenBucket[] {
    return this.rules
      .filter((rule) => rule.applies(service, operation))
      .map((rule) => {
        const key = `${rule.name}@${region}`;
        let bucket = this.buckets.get(key);
        if (!bucket) {
          const rate = { ratePerSecond: rule.rate.ratePerSecond * this.rateScale, burst: rule.rate.burst };
          bucket = new TokenBucket(rate, this.clock, this.sleep);
          this.buckets.set(key, bucket);
        }
        return bucket;
      });
  }

  /** Acquires a token from every bucket the call falls under; resolves to the total wait in ms. */
  async acquire(service: AwsService, operation: string, region: string): Promise<number> {
    let waitedMs = 0;
    for (const bucket of this.bucketsFor(service, operation, region)) {
      waitedMs += await bucket.acquire();
    }
    return waitedMs;
  }
}

/**
 * Client-side token buckets at the documented rates, one set per account × region, so a scan
 * paces itself instead of leaning on throttling errors. The rates are the services' descriptors'
 * (src/aws/descriptors/, each citing its quota page); every operation has at least one.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { BucketRate, RateSpec, RatedService } from './descriptor.js';
import { AWS_SERVICES, type AwsService } from './services.js';

export type { BucketRate } from './descriptor.js';

/** Milliseconds on a monotonic clock. */
export type Clock = () => number;
export type Sleep = (ms: number) => Promise<void>;

export const monotonicClock: Clock = () => performance.now();
export const realSleep: Sleep = async (ms) => {
  if (ms > 0) await delay(ms);
};

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
  /** Names the bucket; one bucket per rule name and region. */
  name: string;
  rate: BucketRate;
  applies(service: AwsService, operation: string): boolean;
}

/**
 * The rule table of the given descriptors, each service's rules most specific first. Throws
 * when an operation has no rule (it would go unpaced), when a rule names an operation its
 * service does not list, or when two rules of one name (one bucket) disagree on the rate.
 */
export function rateRulesOf(services: readonly RatedService[]): RateRule[] {
  const rateByName = new Map<string, BucketRate>();
  for (const service of services) checkRates(service, rateByName);
  return services.flatMap((service) =>
    service.rates.map(
      (spec): RateRule => ({
        name: spec.name,
        rate: spec.rate,
        applies: (id, operation) => id === service.id && Object.hasOwn(service.operations, operation) && paces(spec, operation),
      }),
    ),
  );
}

function checkRates(service: RatedService, rateByName: Map<string, BucketRate>): void {
  const operations = Object.keys(service.operations);
  for (const spec of service.rates) {
    const unknown = (spec.operations ?? []).filter((operation) => !operations.includes(operation));
    if (unknown.length > 0) throw new Error(`rate rule ${spec.name} names operations ${service.id} does not list: ${unknown.join(', ')}`);
    const known = rateByName.get(spec.name);
    if (known && (known.ratePerSecond !== spec.rate.ratePerSecond || known.burst !== spec.rate.burst)) {
      throw new Error(`rate rules named ${spec.name} disagree on the rate`);
    }
    rateByName.set(spec.name, spec.rate);
  }
  const unpaced = operations.filter((operation) => !service.rates.some((spec) => paces(spec, operation)));
  if (unpaced.length > 0) throw new Error(`${service.id} operations without a rate rule: ${unpaced.join(', ')}`);
}

function paces(spec: RateSpec, operation: string): boolean {
  return spec.operations === undefined || spec.operations.includes(operation);
}

/** Every rule of every service (src/aws/services.ts); importing this module checks the table. */
export const AWS_RATE_RULES: readonly RateRule[] = rateRulesOf(AWS_SERVICES);

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
  /** The limiter's clock: lanes time their requests on it too (tests move it by hand). */
  readonly clock: Clock;
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

  /** Throws for an operation no rule paces: a call the descriptors do not list. */
  bucketsFor(service: AwsService, operation: string, region: string): TokenBucket[] {
    const rules = this.rules.filter((rule) => rule.applies(service, operation));
    if (rules.length === 0) throw new Error(`no rate rule for ${service}:${operation}: list it in the service's descriptor`);
    return rules.map((rule) => {
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

  /** The rate (scaled) of the slowest bucket an operation's calls go through, in calls per second. */
  ratePerSecond(service: AwsService, operation: string): number {
    const rules = this.rules.filter((rule) => rule.applies(service, operation));
    if (rules.length === 0) throw new Error(`no rate rule for ${service}:${operation}: list it in the service's descriptor`);
    return Math.min(...rules.map((rule) => rule.rate.ratePerSecond)) * this.rateScale;
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

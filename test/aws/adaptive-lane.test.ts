/**
 * The adaptive lane under a virtual clock: with latency L and a bucket of rate R, the lane grows
 * to ⌈R × L⌉ + margin slots, keeps the bucket busy, and never issues faster than R.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AdaptiveLane } from '../../src/aws/adaptive-lane.js';
import { CallStats } from '../../src/aws/call-stats.js';
import { RateLimits, TokenBucket } from '../../src/aws/rate-limiter.js';
import { DEFAULT_RETRY_POLICY } from '../../src/aws/retry.js';
import { createCollectContext, RegionFetcher, RESOURCES_LANE } from '../../src/collect/context.js';
import type { AwsClientSource } from '../../src/aws/clients.js';
import { VirtualTime } from './virtual-time.js';

/** Issues `count` calls through `lane`, each taking a token from `bucket` and then `latencyMs`; returns the issue times. */
async function drive(time: VirtualTime, lane: AdaptiveLane, bucket: TokenBucket, count: number, latencyMs: number): Promise<number[]> {
  const issuedAt: number[] = [];
  const calls = Array.from({ length: count }, () =>
    lane.run(async () => {
      await bucket.acquire();
      issuedAt.push(time.now);
      await lane.timed(() => time.sleep(latencyMs));
    }),
  );
  await time.run(Promise.all(calls));
  return issuedAt;
}

/** The most calls issued within any window of `windowMs`. */
function busiestWindow(issuedAt: readonly number[], windowMs: number): number {
  let most = 0;
  for (let start = 0, end = 0; end < issuedAt.length; end++) {
    while (issuedAt[end]! - issuedAt[start]! >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

describe('AdaptiveLane', () => {
  it('starts at its floor, then grows to ⌈rate × latency⌉ + margin and saturates the bucket', async () => {
    const time = new VirtualTime();
    const rate = { ratePerSecond: 2.5, burst: 5 };
    const lane = new AdaptiveLane({ ratePerSecond: rate.ratePerSecond, floor: 4, cap: 32, margin: 2, clock: time.clock });
    assert.equal(lane.limit, 4);
    const bucket = new TokenBucket(rate, time.clock, time.sleep);
    const issuedAt = await drive(time, lane, bucket, 100, 2_000);
    assert.equal(lane.latency, 2_000);
    assert.equal(lane.limit, Math.ceil(2.5 * 2) + 2);
    assert.equal(lane.peakActive, 7);
    // Saturated: (100 − burst) calls at 2.5/s, plus the last one's latency — not 100 / (4 / 2 s) = 50 s.
    assert.ok(time.now <= ((100 - 5) / 2.5 + 2 + 1) * 1_000, `took ${time.now} ms`);
    // Never faster than the bucket: at most rate × window + burst calls in any window.
    assert.ok(busiestWindow(issuedAt, 10_000) <= 2.5 * 10 + 5, `busiest 10 s: ${busiestWindow(issuedAt, 10_000)}`);
    assert.ok((issuedAt.length - 5) / ((issuedAt.at(-1)! - issuedAt[0]!) / 1_000) <= 2.5 + 1e-9);
  });

  it('stays at its floor when the latency is short, and never exceeds its cap when it is long', async () => {
    const time = new VirtualTime();
    const fast = new AdaptiveLane({ ratePerSecond: 10, floor: 8, cap: 64, clock: time.clock });
    await drive(time, fast, new TokenBucket({ ratePerSecond: 10, burst: 40 }, time.clock, time.sleep), 80, 50);
    assert.equal(fast.limit, 8);
    assert.ok(fast.peakActive <= 8);

    const slow = new AdaptiveLane({ ratePerSecond: 10, floor: 8, cap: 12, clock: time.clock });
    await drive(time, slow, new TokenBucket({ ratePerSecond: 10, burst: 40 }, time.clock, time.sleep), 80, 5_000);
    assert.equal(slow.limit, 12);
    assert.ok(slow.peakActive <= 12);
  });

  it('follows the latency down again, and grants slots in call order', async () => {
    const time = new VirtualTime();
    const lane = new AdaptiveLane({ ratePerSecond: 5, floor: 1, cap: 50, margin: 1, smoothing: 1, clock: time.clock });
    lane.observe(4_000);
    assert.equal(lane.limit, 21);
    lane.observe(200);
    assert.equal(lane.limit, 2);
    const order: number[] = [];
    await time.run(Promise.all([1, 2, 3, 4, 5].map((n) => lane.run(async () => {
      order.push(n);
      await time.sleep(10);
    }))));
    assert.deepEqual(order, [1, 2, 3, 4, 5]);
    assert.equal(lane.peakActive, 2);
  });

  it('grants waiting calls by priority, lowest first, and in call order among equals', async () => {
    const time = new VirtualTime();
    const lane = new AdaptiveLane({ ratePerSecond: 10, floor: 1, cap: 1, clock: time.clock });
    const granted: string[] = [];
    const call = (name: string, priority: number) =>
      lane.run(async () => {
        granted.push(name);
        await time.sleep(10);
      }, priority);
    // The first call takes the only slot; the others wait, queued in this order.
    const all = [call('api0 first', 0), call('api2 first', 2), call('api1 first', 1), call('api0 follow-up', 0), call('list page', -1), call('api1 follow-up', 1)];
    await time.run(Promise.all(all));
    assert.deepEqual(granted, ['api0 first', 'list page', 'api0 follow-up', 'api1 first', 'api1 follow-up', 'api2 first']);
  });

  it('rejects bounds that cannot hold a call', () => {
    assert.throws(() => new AdaptiveLane({ ratePerSecond: 0, floor: 1, cap: 1 }), RangeError);
    assert.throws(() => new AdaptiveLane({ ratePerSecond: 1, floor: 0, cap: 1 }), RangeError);
    assert.throws(() => new AdaptiveLane({ ratePerSecond: 1, floor: 4, cap: 2 }), RangeError);
  });
});

describe('RegionFetcher lanes', () => {
  function fetcher(time: VirtualTime, rateScale = 1) {
    const ctx = createCollectContext({
      clients: {} as AwsClientSource,
      calls: {
        limits: new RateLimits({ rateScale, clock: time.clock, sleep: time.sleep }),
        retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 },
        stats: new CallStats(),
      },
      partition: 'aws',
      accountId: '123456789012',
    });
    return new RegionFetcher(ctx, 'eu-west-1');
  }

  it('keeps GetResources at its 2.5/s bucket when each call takes 2 s (a fixed 4-slot lane reaches 2/s)', async () => {
    const time = new VirtualTime();
    const f = fetcher(time);
    assert.equal(f.resourcesLane.limit, RESOURCES_LANE.floor);
    const target = f.target('GetResources', 'arn:aws:apigateway:eu-west-1::/restapis/a');
    const calls = Array.from({ length: 60 }, () => f.call(target, () => time.sleep(2_000)));
    const results = await time.run(Promise.all(calls));
    assert.ok(results.every((r) => r.ok));
    // (60 − 5 burst) / 2.5 + 2 = 24 s at the bucket's pace; 60 / 2 = 30 s with 4 fixed slots.
    assert.ok(time.now < 26_000, `60 GetResources of 2 s each took ${time.now / 1_000} s`);
    assert.equal(f.resourcesLane.limit, 7);
  });

  it('sizes the shared lane for the scaled API Gateway rate, never below the configured concurrency', async () => {
    const time = new VirtualTime();
    const f = fetcher(time, 10);
    assert.equal(f.lane.limit, 8);
    const target = f.target('GetStages', 'arn:aws:apigateway:eu-west-1::/restapis/a');
    await time.run(Promise.all(Array.from({ length: 200 }, () => f.call(target, () => time.sleep(1_000)))));
    // 10/s × 10 scale × 1 s + 2 = 102, capped at 64.
    assert.equal(f.lane.limit, 64);
  });
});

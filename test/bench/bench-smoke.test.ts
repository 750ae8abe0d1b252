/**
 * The benchmark's parts on a tiny account, without timing: the generated account served by the
 * rate-limited look-alike comes back whole from the collector, and the server throttles as AWS
 * does. `npm run bench` itself never runs in `npm test`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SHAPES, generateAccount } from '../../bench/generate.js';
import { fewestCalls } from '../../bench/bound.js';
import { compareWithTruth, rateLimitBound } from '../../bench/measure.js';
import { collectInventory, type CollectResult } from '../../src/collect/index.js';
import { startFakeAws, type FakeAws } from '../support/fake-aws.js';

const SCALE = SHAPES.tiny.defaultScale;
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' };

describe('benchmark smoke: a tiny generated account through the rate-limited look-alike', () => {
  const truth = generateAccount(SHAPES.tiny);
  let fake: FakeAws;
  let result: CollectResult;

  before(async () => {
    // Latency on, as in the benchmark (÷ 100: a few milliseconds an answer).
    fake = await startFakeAws({ inventory: truth, rateLimits: { scale: SCALE }, latency: { scale: SCALE } });
    result = await collectInventory({
      regions: SHAPES.tiny.regions,
      endpointUrl: fake.url,
      credentials,
      rateScale: SCALE,
      retry: { baseDelayMs: 1, throttlingBaseDelayMs: 5, maxDelayMs: 200, maxRetryAfterMs: 200 },
    });
  });
  after(() => fake.close());

  it('collects exactly the generated account: nothing missing, nothing invented, no errors', () => {
    const comparison = compareWithTruth(truth, result.inventory);
    assert.deepEqual(comparison.differences, []);
    assert.equal(comparison.ok, true);
    assert.equal(result.stats.totals().failures, 0);
  });

  it('counts what the server admitted per bucket, which bounds the wall time', () => {
    const buckets = fake.rateLimiter!.snapshot();
    const region = SHAPES.tiny.regions[0];
    const apiGateway = buckets[`apigateway@${region}`]!;
    const stats = result.stats.snapshot();
    const apiGatewayCalls = Object.entries(stats)
      .filter(([key]) => key.startsWith('apigateway:') || key.startsWith('apigatewayv2:'))
      .reduce((n, [, s]) => n + s.calls, 0);
    assert.equal(apiGateway.admitted, apiGatewayCalls);
    assert.equal(buckets[`apigateway:GetResources@${region}`]!.admitted, stats['apigateway:GetResources']!.calls);
    const bound = rateLimitBound(buckets, SCALE);
    assert.ok(bound.buckets.every((b) => b.seconds >= 0));
    const fewest = fewestCalls(truth);
    assert.ok(fewest.total <= apiGatewayCalls, `no scanner reads the account in fewer than ${fewest.total} calls; this one made ${apiGatewayCalls}`);
  });

  it('answers 429 TooManyRequestsException with Retry-After beyond the burst (v1 and v2)', async () => {
    const throttling = await startFakeAws({ inventory: truth, rateLimits: { scale: 1, clock: () => 0 } });
    try {
      const get = (path: string) =>
        fetch(`${throttling.url}${path}`, {
          headers: { authorization: `AWS4-HMAC-SHA256 Credential=AKID/20261101/${SHAPES.tiny.regions[0]}/apigateway/aws4_request` },
        });
      const statuses: number[] = [];
      for (let i = 0; i < 40; i += 1) statuses.push((await get('/restapis?limit=500')).status);
      assert.deepEqual(new Set(statuses), new Set([200]));
      const v1 = await get('/restapis?limit=500');
      assert.equal(v1.status, 429);
      assert.equal(v1.headers.get('x-amzn-errortype'), 'TooManyRequestsException');
      assert.equal(v1.headers.get('retry-after'), '1');
      const v2 = await get('/v2/apis');
      assert.equal(v2.status, 429, 'v1 and v2 share the bucket');
      assert.equal(((await v2.json()) as { limitType?: string }).limitType, 'Rate');
      assert.equal(throttling.rateLimiter!.throttledResponses, 2);
    } finally {
      await throttling.close();
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RateLimits, TokenBucket } from '../../src/aws/rate-limiter.js';

/** A clock that only moves when someone sleeps. */
function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    clock: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    /** Records a wait without moving the clock (concurrent waiters overlap in time). */
    recordOnly: async (ms: number) => {
      sleeps.push(ms);
    },
    advance: (ms: number) => {
      now += ms;
    },
    sleeps,
    get now() {
      return now;
    },
  };
}

describe('TokenBucket', () => {
  it('serves the burst at once, then one token per 1/rate seconds', async () => {
    const time = fakeTime();
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 40 }, time.clock, time.sleep);
    for (let i = 0; i < 40; i++) assert.equal(await bucket.acquire(), 0);
    assert.equal(time.now, 0);
    for (let i = 0; i < 5; i++) assert.equal(Math.round(await bucket.acquire()), 100);
    assert.equal(Math.round(time.now), 500);
    assert.deepEqual(time.sleeps.map(Math.round), [100, 100, 100, 100, 100]);
  });

  it('queues concurrent callers in call order, each a further 1/rate later', async () => {
    const time = fakeTime();
    const bucket = new TokenBucket({ ratePerSecond: 2.5, burst: 5 }, time.clock, time.recordOnly);
    const waits = await Promise.all(Array.from({ length: 8 }, () => bucket.acquire()));
    assert.deepEqual(waits.map(Math.round), [0, 0, 0, 0, 0, 400, 800, 1200]);
  });

  it('refills with elapsed time but never above the burst', async () => {
    const time = fakeTime();
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 3 }, time.clock, time.sleep);
    for (let i = 0; i < 3; i++) await bucket.acquire();
    time.advance(150); // 1.5 tokens back
    assert.equal(await bucket.acquire(), 0);
    assert.equal(Math.round(await bucket.acquire()), 50);
    time.advance(60_000); // a long pause refills to the burst, not to 600
    for (let i = 0; i < 3; i++) assert.equal(await bucket.acquire(), 0);
    assert.equal(Math.round(await bucket.acquire()), 100);
  });

  it('rejects a rate that could never refill', () => {
    assert.throws(() => new TokenBucket({ ratePerSecond: 0, burst: 1 }), RangeError);
  });
});

describe('RateLimits', () => {
  it('takes both the GetResources and the account-wide API Gateway bucket for GetResources', async () => {
    const time = fakeTime();
    const limits = new RateLimits({ clock: time.clock, sleep: time.recordOnly });
    const buckets = limits.bucketsFor('apigateway', 'GetResources', 'eu-west-1');
    assert.deepEqual(
      buckets.map((b) => b.rate),
      [
        { ratePerSecond: 2.5, burst: 5 },
        { ratePerSecond: 10, burst: 40 },
      ],
    );
    // The sixth GetResources waits for its own bucket (400 ms); the shared one still has tokens.
    for (let i = 0; i < 5; i++) assert.equal(await limits.acquire('apigateway', 'GetResources', 'eu-west-1'), 0);
    assert.equal(Math.round(await limits.acquire('apigateway', 'GetResources', 'eu-west-1')), 400);
  });

  it('shares one API Gateway bucket between v1 and v2 calls, per region', () => {
    const limits = new RateLimits();
    const [v1] = limits.bucketsFor('apigateway', 'GetStages', 'eu-west-1');
    const [v2] = limits.bucketsFor('apigatewayv2', 'GetApis', 'eu-west-1');
    const [otherRegion] = limits.bucketsFor('apigateway', 'GetStages', 'us-east-1');
    assert.ok(v1);
    assert.equal(v1, v2);
    assert.notEqual(v1, otherRegion);
  });

  it('uses 5/s for WAFv2 reads, 10/s for DescribeCertificate, and refuses an operation no descriptor lists', () => {
    const limits = new RateLimits();
    const rate = (service: 'wafv2' | 'acm' | 'sts', operation: string) =>
      limits.bucketsFor(service, operation, 'eu-west-1').map((b) => b.rate.ratePerSecond);
    assert.deepEqual(rate('wafv2', 'GetWebACL'), [5]);
    assert.deepEqual(rate('wafv2', 'GetLoggingConfiguration'), [5]);
    // "AWS WAF quotas": GetWebACLForResource has its own, lower rate.
    assert.deepEqual(rate('wafv2', 'GetWebACLForResource'), [1]);
    assert.deepEqual(rate('acm', 'DescribeCertificate'), [10]);
    // Not called, so not described: an unpaced call would be a silent bug, so it is refused.
    assert.throws(() => rate('wafv2', 'ListResourcesForWebACL'), /no rate rule for wafv2:ListResourcesForWebACL/);
    assert.throws(() => rate('acm', 'ListCertificates'), /no rate rule/);
  });

  it('paces STS, Organizations and Account Management too (no call goes unpaced)', () => {
    const limits = new RateLimits();
    const rates = (service: 'sts' | 'organizations' | 'account', operation: string) => limits.bucketsFor(service, operation, 'us-east-1').map((b) => b.rate);
    assert.deepEqual(rates('sts', 'GetCallerIdentity'), [{ ratePerSecond: 5, burst: 5 }]);
    assert.deepEqual(rates('sts', 'AssumeRole'), [{ ratePerSecond: 5, burst: 5 }]);
    assert.deepEqual(rates('organizations', 'ListAccounts'), [{ ratePerSecond: 5, burst: 5 }]);
    assert.deepEqual(rates('account', 'ListRegions'), [{ ratePerSecond: 5, burst: 5 }]);
  });

  it('paces Security Hub at its published rates: BatchImportFindings 10/s, GetFindings 3/s, per region', () => {
    const limits = new RateLimits();
    const [imports] = limits.bucketsFor('securityhub', 'BatchImportFindings', 'eu-west-1');
    const [reads] = limits.bucketsFor('securityhub', 'GetFindings', 'eu-west-1');
    assert.deepEqual(imports?.rate, { ratePerSecond: 10, burst: 10 });
    assert.deepEqual(reads?.rate, { ratePerSecond: 3, burst: 3 });
    assert.notEqual(limits.bucketsFor('securityhub', 'BatchImportFindings', 'us-east-1')[0], imports);
  });

  it('paces S3 report writes and reads at the per-prefix request rates', () => {
    const limits = new RateLimits();
    const rate = (operation: string) => limits.bucketsFor('s3', operation, 'eu-west-1').map((b) => b.rate.ratePerSecond);
    for (const operation of ['PutObject', 'CopyObject', 'DeleteObject']) assert.deepEqual(rate(operation), [3500], operation);
    for (const operation of ['GetObject', 'ListObjectsV2']) assert.deepEqual(rate(operation), [5500], operation);
  });

  it('paces Cognito by quota category: UserPoolRead and UserPoolClientRead, 15/s each', async () => {
    const time = fakeTime();
    const limits = new RateLimits({ clock: time.clock, sleep: time.recordOnly });
    const rates = (operation: string) => limits.bucketsFor('cognito-idp', operation, 'eu-west-1').map((b) => b.rate);
    assert.deepEqual(rates('DescribeUserPool'), [{ ratePerSecond: 15, burst: 15 }]);
    assert.deepEqual(rates('ListUserPoolClients'), [{ ratePerSecond: 15, burst: 15 }]);
    const [poolRead] = limits.bucketsFor('cognito-idp', 'DescribeUserPool', 'eu-west-1');
    assert.equal(limits.bucketsFor('cognito-idp', 'GetUserPoolMfaConfig', 'eu-west-1')[0], poolRead, 'one category, one bucket');
    assert.equal(limits.bucketsFor('cognito-idp', 'DescribeRiskConfiguration', 'eu-west-1')[0], poolRead, 'DescribeRiskConfiguration is a UserPoolRead');
    const [clientRead] = limits.bucketsFor('cognito-idp', 'DescribeUserPoolClient', 'eu-west-1');
    assert.equal(limits.bucketsFor('cognito-idp', 'ListUserPoolClients', 'eu-west-1')[0], clientRead);
    assert.notEqual(poolRead, clientRead);
    // The 16th pool read within a second waits 1/15 s; client reads have their own tokens.
    for (let i = 0; i < 15; i++) assert.equal(await limits.acquire('cognito-idp', i % 2 ? 'DescribeUserPool' : 'GetUserPoolMfaConfig', 'eu-west-1'), 0);
    assert.equal(Math.round(await limits.acquire('cognito-idp', 'DescribeUserPool', 'eu-west-1')), 67);
    assert.equal(await limits.acquire('cognito-idp', 'DescribeUserPoolClient', 'eu-west-1'), 0);
  });

  it('gives CloudTrail, CloudWatch, Logs, KMS and IAM a conservative 5/s each, per region', () => {
    const limits = new RateLimits();
    for (const [service, operation] of [
      ['cloudtrail', 'DescribeTrails'],
      ['cloudtrail', 'GetTrailStatus'],
      ['cloudwatch', 'DescribeAlarms'],
      ['logs', 'DescribeLogGroups'],
      ['kms', 'DescribeKey'],
      ['kms', 'GetKeyRotationStatus'],
      ['iam', 'GetAccountAuthorizationDetails'],
    ] as const) {
      assert.deepEqual(
        limits.bucketsFor(service, operation, 'eu-west-1').map((b) => b.rate),
        [{ ratePerSecond: 5, burst: 5 }],
        `${service}:${operation}`,
      );
    }
    const [status] = limits.bucketsFor('cloudtrail', 'GetTrailStatus', 'eu-west-1');
    assert.equal(limits.bucketsFor('cloudtrail', 'GetEventSelectors', 'eu-west-1')[0], status, 'one bucket per service');
    assert.notEqual(limits.bucketsFor('kms', 'DescribeKey', 'eu-west-1')[0], limits.bucketsFor('logs', 'DescribeLogGroups', 'eu-west-1')[0]);
    assert.notEqual(limits.bucketsFor('kms', 'DescribeKey', 'us-east-1')[0], limits.bucketsFor('kms', 'DescribeKey', 'eu-west-1')[0]);
  });

  it('scales every rate by rateScale and keeps the bursts', () => {
    const limits = new RateLimits({ rateScale: 4 });
    assert.deepEqual(
      limits.bucketsFor('apigateway', 'GetResources', 'eu-west-1').map((b) => b.rate),
      [
        { ratePerSecond: 10, burst: 5 },
        { ratePerSecond: 40, burst: 40 },
      ],
    );
    assert.throws(() => new RateLimits({ rateScale: 0 }), RangeError);
  });

});

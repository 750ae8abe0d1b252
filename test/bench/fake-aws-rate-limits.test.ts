/** The look-alike's server-side throttling: AWS's published buckets, 429s beyond them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeRateLimiter, retryAfterSeconds, throttleReply } from '../support/fake-aws-rate-limits.js';

function limiter(scale = 1) {
  let now = 0;
  const l = new FakeRateLimiter({ scale, clock: () => now });
  return { l, advance: (ms: number) => (now += ms) };
}

describe('fake AWS rate limits', () => {
  it('lets the API Gateway burst of 40 through, then throttles; 10 per second refill it', () => {
    const { l, advance } = limiter();
    for (let i = 0; i < 40; i += 1) assert.equal(l.admit('apigateway', 'GetStages', 'eu-west-1'), undefined);
    const throttled = l.admit('apigatewayv2', 'GetRoutes', 'eu-west-1');
    assert.equal(throttled?.status, 429);
    assert.equal(throttled?.headers['x-amzn-errortype'], 'TooManyRequestsException');
    advance(100);
    assert.equal(l.admit('apigateway', 'GetStages', 'eu-west-1'), undefined, 'one token after 100 ms');
    assert.ok(l.admit('apigateway', 'GetStages', 'eu-west-1'));
    assert.deepEqual(l.snapshot(), { 'apigateway@eu-west-1': { admitted: 41, throttled: 2 } });
  });

  it('keeps one bucket set per region', () => {
    const { l } = limiter();
    for (let i = 0; i < 40; i += 1) l.admit('apigateway', 'GetStages', 'eu-west-1');
    assert.equal(l.admit('apigateway', 'GetStages', 'us-east-1'), undefined);
  });

  it('limits GetResources to 5 every 2 s, and a throttled call takes no token from the shared bucket', () => {
    const { l, advance } = limiter();
    for (let i = 0; i < 5; i += 1) assert.equal(l.admit('apigateway', 'GetResources', 'eu-west-1'), undefined);
    assert.ok(l.admit('apigateway', 'GetResources', 'eu-west-1'));
    advance(399);
    assert.ok(l.admit('apigateway', 'GetResources', 'eu-west-1'), 'not yet a whole token');
    advance(1);
    assert.equal(l.admit('apigateway', 'GetResources', 'eu-west-1'), undefined);
    const counts = l.snapshot();
    assert.deepEqual(counts['apigateway:GetResources@eu-west-1'], { admitted: 6, throttled: 2 });
    assert.deepEqual(counts['apigateway@eu-west-1'], { admitted: 6, throttled: 0 });
  });

  it('throttles WAFv2 reads at 5/s and ACM DescribeCertificate at 10/s with ThrottlingException', () => {
    const { l } = limiter();
    for (let i = 0; i < 5; i += 1) assert.equal(l.admit('wafv2', 'GetWebACL', 'eu-west-1'), undefined);
    const waf = l.admit('wafv2', 'GetWebACL', 'eu-west-1');
    assert.equal(waf?.status, 400);
    assert.deepEqual(waf?.body, { __type: 'ThrottlingException', message: 'Rate exceeded' });
    for (let i = 0; i < 10; i += 1) assert.equal(l.admit('acm', 'DescribeCertificate', 'us-east-1'), undefined);
    assert.ok(l.admit('acm', 'DescribeCertificate', 'us-east-1'));
    assert.equal(l.admit('kms', 'DescribeKey', 'eu-west-1'), undefined, 'services without a rule are not throttled');
  });

  it('scales the rates (not the bursts) and the Retry-After', () => {
    const { l, advance } = limiter(10);
    for (let i = 0; i < 40; i += 1) l.admit('apigateway', 'GetStages', 'eu-west-1');
    assert.equal(l.admit('apigateway', 'GetStages', 'eu-west-1')?.headers['retry-after'], '0.1');
    advance(10);
    assert.equal(l.admit('apigateway', 'GetStages', 'eu-west-1'), undefined);
    assert.equal(retryAfterSeconds(0.1), 1, 'whole seconds, at least 1');
    assert.equal(retryAfterSeconds(1.2), 2);
    assert.equal(retryAfterSeconds(0.01, 10), 0.1);
    assert.equal(throttleReply('apigatewayv2', 1).status, 429);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APIGatewayServiceException, TooManyRequestsException } from '@aws-sdk/client-api-gateway';
import { callAws, type CallContext, type CallTarget } from '../../src/aws/call.js';
import { CallStats } from '../../src/aws/call-stats.js';
import { RateLimits } from '../../src/aws/rate-limiter.js';
import {
  backoffDelayMs,
  classifyError,
  DEFAULT_RETRY_POLICY,
  errorCode,
  retryAfterMs,
  type RetryPolicy,
} from '../../src/aws/retry.js';

const target: CallTarget = {
  service: 'apigateway',
  operation: 'GetStages',
  region: 'eu-west-1',
  resource: 'arn:aws:apigateway:eu-west-1::/restapis/abc',
};

function throttled(retryAfterSeconds?: string) {
  return new TooManyRequestsException({
    message: 'Too Many Requests',
    $metadata: { httpStatusCode: 429 },
    ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
  });
}

function accessDenied() {
  return new APIGatewayServiceException({
    name: 'AccessDeniedException',
    $fault: 'client',
    $metadata: { httpStatusCode: 403 },
    message: 'User: arn:aws:iam::123456789012:user/x is not authorized to perform: apigateway:GET',
  });
}

function networkError(code: string) {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:443`), { code });
}

/** A context whose sleeps are recorded, not waited, and whose jitter is the full ceiling. */
function context(retry: Partial<RetryPolicy> = {}) {
  const sleeps: number[] = [];
  const stats = new CallStats();
  const ctx: CallContext = {
    limits: new RateLimits({ sleep: async () => {} }),
    retry: {
      ...DEFAULT_RETRY_POLICY,
      random: () => 0.999999,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      ...retry,
    },
    stats,
  };
  return { ctx, sleeps, stats };
}

/** A `send` that fails with the given errors, then returns `value`. */
function failing<T>(errors: unknown[], value: T) {
  let calls = 0;
  const send = async () => {
    const error = errors[calls++];
    if (error !== undefined) throw error;
    return value;
  };
  return { send, calls: () => calls };
}

describe('classifyError', () => {
  const cases: [string, unknown, ReturnType<typeof classifyError>][] = [
    ['TooManyRequestsException (429)', throttled(), 'throttling'],
    ['LimitExceededException by name', { name: 'LimitExceededException' }, 'throttling'],
    ['ThrottlingException (ACM)', { name: 'ThrottlingException' }, 'throttling'],
    ['Throttling (query protocol)', { name: 'Throttling' }, 'throttling'],
    ['any 429', { name: 'Whatever', $metadata: { httpStatusCode: 429 } }, 'throttling'],
    ['$retryable throttling', { name: 'X', $retryable: { throttling: true } }, 'throttling'],
    ['503', { name: 'ServiceUnavailableException', $metadata: { httpStatusCode: 503 } }, 'transient'],
    ['TimeoutError', { name: 'TimeoutError' }, 'transient'],
    ['ECONNRESET', networkError('ECONNRESET'), 'transient'],
    ['ETIMEDOUT', networkError('ETIMEDOUT'), 'transient'],
    ['AccessDenied', accessDenied(), 'fatal'],
    ['NotFoundException', { name: 'NotFoundException', $metadata: { httpStatusCode: 404 } }, 'fatal'],
    ['validation', { name: 'BadRequestException', $metadata: { httpStatusCode: 400 } }, 'fatal'],
    ['not an object', 'boom', 'fatal'],
  ];
  for (const [name, error, kind] of cases) {
    it(`${name} → ${kind}`, () => assert.equal(classifyError(error), kind));
  }
});

describe('errorCode and retryAfterMs', () => {
  it('prefers the SDK error name, then Code, then Node’s code', () => {
    assert.equal(errorCode(accessDenied()), 'AccessDeniedException');
    assert.equal(errorCode({ name: 'Error', Code: 'InvalidClientTokenId' }), 'InvalidClientTokenId');
    assert.equal(errorCode(networkError('ECONNRESET')), 'ECONNRESET');
    assert.equal(errorCode(undefined), 'UnknownError');
  });

  it('reads retryAfterSeconds, a Retry-After header in seconds, or an HTTP date', () => {
    assert.equal(retryAfterMs(throttled('3')), 3000);
    assert.equal(retryAfterMs({ $response: { headers: { 'retry-after': '2' } } }), 2000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(retryAfterMs({ $response: { headers: { 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' } } }, now), 5000);
    assert.equal(retryAfterMs(throttled()), undefined);
  });
});

describe('backoffDelayMs', () => {
  it('doubles the ceiling per failure from a larger base for throttling, capped, with full jitter', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, random: () => 1 };
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => backoffDelayMs(policy, 'transient', n)),
      [100, 200, 400, 800],
    );
    assert.equal(backoffDelayMs(policy, 'throttling', 1), 500);
    assert.equal(backoffDelayMs(policy, 'throttling', 20), 20_000);
    assert.equal(backoffDelayMs({ ...policy, random: () => 0.25 }, 'throttling', 2), 250);
    assert.equal(backoffDelayMs({ ...policy, random: () => 0 }, 'throttling', 3), 0);
  });

  it('waits at least what the service asked for, within maxRetryAfterMs', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, random: () => 0 };
    assert.equal(backoffDelayMs(policy, 'throttling', 1, 3000), 3000);
    assert.equal(backoffDelayMs(policy, 'throttling', 1, 600_000), 60_000);
  });
});

describe('callAws', () => {
  it('returns the value of a first-try success and counts one attempt', async () => {
    const { ctx, stats, sleeps } = context();
    const result = await callAws(ctx, target, async () => ({ item: [] }));
    assert.deepEqual(result, { ok: true, value: { item: [] } });
    assert.deepEqual(sleeps, []);
    assert.deepEqual(stats.snapshot()['apigateway:GetStages'], {
      calls: 1,
      attempts: 1,
      throttled: 0,
      transientErrors: 0,
      failures: 0,
      retriesExhausted: 0,
      limiterWaitMs: 0,
      backoffMs: 0,
    });
  });

  it('retries throttling and transient errors with growing backoff, honouring retryAfterSeconds', async () => {
    const { ctx, stats, sleeps } = context();
    const send = failing([throttled(), networkError('ECONNRESET'), throttled('7')], 'done');
    const result = await callAws(ctx, target, send.send);
    assert.deepEqual(result, { ok: true, value: 'done' });
    assert.equal(send.calls(), 4);
    assert.deepEqual(sleeps.map(Math.round), [500, 200, 7000]);
    const counted = stats.snapshot()['apigateway:GetStages'];
    assert.equal(counted?.attempts, 4);
    assert.equal(counted?.throttled, 2);
    assert.equal(counted?.transientErrors, 1);
    assert.equal(counted?.failures, 0);
  });

  it('fails at once on a non-retryable error, naming the call', async () => {
    const { ctx, stats, sleeps } = context();
    const send = failing([accessDenied()], 'never');
    const result = await callAws(ctx, target, send.send);
    assert.deepEqual(result, {
      ok: false,
      error: {
        ...target,
        code: 'AccessDeniedException',
        message: 'User: arn:aws:iam::123456789012:user/x is not authorized to perform: apigateway:GET',
      },
    });
    assert.equal(send.calls(), 1);
    assert.deepEqual(sleeps, []);
    assert.equal(stats.totals().failures, 1);
  });

  it('gives up after maxAttempts with retriesExhausted', async () => {
    const { ctx, stats, sleeps } = context({ maxAttempts: 3 });
    const send = failing([throttled(), throttled(), throttled(), throttled()], 'never');
    const result = await callAws(ctx, target, send.send);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'TooManyRequestsException');
    assert.equal(!result.ok && result.error.retriesExhausted, true);
    assert.equal(send.calls(), 3);
    assert.equal(sleeps.length, 2);
    assert.equal(stats.totals().retriesExhausted, 1);
  });

  it('takes limiter tokens for every attempt, retries included', async () => {
    const { ctx } = context({ maxAttempts: 2 });
    const acquired: string[] = [];
    ctx.limits = Object.assign(new RateLimits(), {
      acquire: async (service: string, operation: string, region: string) => {
        acquired.push(`${service}:${operation}@${region}`);
        return 0;
      },
    });
    await callAws(ctx, target, failing([throttled()], 'ok').send);
    assert.deepEqual(acquired, ['apigateway:GetStages@eu-west-1', 'apigateway:GetStages@eu-west-1']);
  });

  it('never throws, even when send throws synchronously', async () => {
    const { ctx } = context();
    const result = await callAws(ctx, target, () => {
      throw new TypeError('bad input');
    });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'TypeError');
  });
});

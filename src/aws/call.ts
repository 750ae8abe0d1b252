/**
 * The single path every AWS call takes, reads and writes alike: rate limiter, retries,
 * statistics, and the conversion of a final failure into a `CollectionError`. It never throws
 * for a failed call (a target no rate rule paces is a programming error, and throws).
 */
import type { Logger } from 'pino';
import type { Collected, CollectionError } from '../inventory/schema.js';
import type { CallStats } from './call-stats.js';
import type { RateLimits } from './rate-limiter.js';
import { backoffDelayMs, classifyError, errorCode, errorMessage, retryAfterMs, type RetryPolicy } from './retry.js';
import type { AwsService, OperationOf } from './services.js';

/** One operation its service's descriptor lists (and so paces and grants in IAM). */
export type CallTarget = { [S in AwsService]: TargetOf<S> }[AwsService];

export interface TargetOf<S extends AwsService> {
  service: S;
  operation: OperationOf<S>;
  /** The region the request goes to (picks the client and the rate-limit buckets). */
  region: string;
  /** ARN or id of what the call is about; the region for list calls. */
  resource: string;
}

export interface CallContext {
  limits: RateLimits;
  retry: RetryPolicy;
  stats: CallStats;
  logger?: Logger;
}

export async function callAws<T>(ctx: CallContext, target: CallTarget, send: () => Promise<T>): Promise<Collected<T>> {
  const stats = ctx.stats.of(target.service, target.operation);
  stats.calls += 1;
  for (let attempt = 1; ; attempt += 1) {
    stats.limiterWaitMs += await ctx.limits.acquire(target.service, target.operation, target.region);
    stats.attempts += 1;
    try {
      return { ok: true, value: await send() };
    } catch (error) {
      const kind = classifyError(error);
      if (kind === 'throttling') stats.throttled += 1;
      if (kind === 'transient') stats.transientErrors += 1;
      if (kind === 'fatal' || attempt >= ctx.retry.maxAttempts) {
        stats.failures += 1;
        const exhausted = kind !== 'fatal';
        if (exhausted) stats.retriesExhausted += 1;
        const failure = collectionError(target, error, exhausted);
        ctx.logger?.debug({ ...failure, attempts: attempt }, 'AWS call failed');
        return { ok: false, error: failure };
      }
      const waitMs = backoffDelayMs(ctx.retry, kind, attempt, retryAfterMs(error));
      stats.backoffMs += waitMs;
      ctx.logger?.debug(
        { ...target, code: errorCode(error), kind, attempt, waitMs: Math.round(waitMs) },
        'AWS call will be retried',
      );
      await ctx.retry.sleep(waitMs);
    }
  }
}

function collectionError(target: CallTarget, error: unknown, retriesExhausted: boolean): CollectionError {
  return {
    service: target.service,
    operation: target.operation,
    region: target.region,
    resource: target.resource,
    code: errorCode(error),
    message: errorMessage(error),
    ...(retriesExhausted ? { retriesExhausted: true } : {}),
  };
}

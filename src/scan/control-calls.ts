import type { Logger } from 'pino';
import type { CallContext } from '../aws/call.js';
import { CallStats } from '../aws/call-stats.js';
import { RateLimits } from '../aws/rate-limiter.js';
import { DEFAULT_RETRY_POLICY } from '../aws/retry.js';

/** Rate limits, retries and statistics for the calls made outside collection (STS, Organizations, Account). */
export function controlCalls(logger: Logger): CallContext {
  return { limits: new RateLimits(), retry: { ...DEFAULT_RETRY_POLICY }, stats: new CallStats(), logger };
}

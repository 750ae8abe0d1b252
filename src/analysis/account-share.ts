/**
 * Stage rate limits apply per method or route, so what a stage allows is their sum; the REST and
 * HTTP throttling checks compare that sum with a share of the account's own rate limit in the
 * Region (a limit at or near the account's binds nothing). The share is one user option.
 */
import { z } from 'zod';

/** The option both throttling checks take; `limits` says whose rate limits add up ("a stage's rate limits"). */
export function accountShareOptions(limits: string) {
  return z.object({
    maxAccountSharePercent: z
      .number()
      .int()
      .min(1)
      .max(99)
      .default(50)
      .describe(`the most ${limits} may add up to, as a percentage of the account's rate limit in the Region`),
  });
}

/** The most a stage's limits may add up to, in requests per second. */
export function shareOfAccountRate(accountRateLimit: number, maxAccountSharePercent: number): number {
  return (accountRateLimit * maxAccountSharePercent) / 100;
}

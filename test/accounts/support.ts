/** Shared pieces of the multi-account tests: a call context that never waits, SDK-shaped errors. */
import type { CallContext } from '../../src/aws/call.js';
import { CallStats } from '../../src/aws/call-stats.js';
import { RateLimits } from '../../src/aws/rate-limiter.js';
import { DEFAULT_RETRY_POLICY } from '../../src/aws/retry.js';

const noWait = async () => {};

export function calls(): CallContext {
  return {
    limits: new RateLimits({ sleep: noWait }),
    retry: { ...DEFAULT_RETRY_POLICY, sleep: noWait, random: () => 0 },
    stats: new CallStats(),
  };
}

/** An error as the SDK throws it for a service's error response. */
export function serviceError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), { name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status } });
}

export function accessDenied(action: string): Error {
  return serviceError('AccessDeniedException', `User: arn:aws:iam::999999999999:user/scanner is not authorized to perform: ${action}`, 403);
}

export { captureOutput } from '../support/capture.js';

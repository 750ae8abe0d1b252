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

/** Runs `task` with stdout and stderr captured. */
export async function captureOutput<T>(task: () => Promise<T>): Promise<{ value: T; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  }) as typeof process.stderr.write;
  try {
    return { value: await task(), stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

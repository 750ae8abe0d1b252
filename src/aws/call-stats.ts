/** Counters per `service:operation`, for logs and the benchmark's calls-per-API table. */
import type { AwsService } from './services.js';

export interface OperationStats {
  /** Logical calls (one per page or item asked for). */
  calls: number;
  /** Requests sent, retries included. */
  attempts: number;
  throttled: number;
  transientErrors: number;
  /** Calls that ended in an error, whatever the cause. */
  failures: number;
  retriesExhausted: number;
  limiterWaitMs: number;
  backoffMs: number;
}

function emptyStats(): OperationStats {
  return {
    calls: 0,
    attempts: 0,
    throttled: 0,
    transientErrors: 0,
    failures: 0,
    retriesExhausted: 0,
    limiterWaitMs: 0,
    backoffMs: 0,
  };
}

export class CallStats {
  private readonly byOperation = new Map<string, OperationStats>();

  /** The live counters of one operation; `callAws` updates them. */
  of(service: AwsService, operation: string): OperationStats {
    const key = `${service}:${operation}`;
    let stats = this.byOperation.get(key);
    if (!stats) {
      stats = emptyStats();
      this.byOperation.set(key, stats);
    }
    return stats;
  }

  /** A copy keyed by `service:operation`, keys sorted. */
  snapshot(): Record<string, OperationStats> {
    return Object.fromEntries(
      [...this.byOperation.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, stats]) => [key, { ...stats }]),
    );
  }

  /** Logical calls over all operations. */
  get totalCalls(): number {
    return this.totals().calls;
  }

  totals(): OperationStats {
    const total = emptyStats();
    for (const stats of this.byOperation.values()) {
      for (const key of Object.keys(total) as (keyof OperationStats)[]) total[key] += stats[key];
    }
    return total;
  }
}

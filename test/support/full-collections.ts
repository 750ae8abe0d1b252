/** When V8 ran full (mark-compact) garbage collections, observed through `gc` performance entries. */
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export interface FullCollections {
  /** Stops observing; resolves to the start times (performance.now()) of the full collections seen. */
  stop(): Promise<number[]>;
}

export function observeFullCollections(): FullCollections {
  const starts: number[] = [];
  const record = (entries: PerformanceEntry[]) => {
    for (const entry of entries) {
      if ((entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) starts.push(entry.startTime);
    }
  };
  const observer = new PerformanceObserver((list) => record(list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  return {
    async stop() {
      // Entries reach observers asynchronously, later on a loaded machine: wait until none has
      // come for four turns of 25 ms (at most a second).
      for (let quiet = 0, waited = 0; quiet < 4 && waited < 1000; waited += 25) {
        const before = starts.length;
        await sleep(25);
        record(observer.takeRecords());
        quiet = starts.length === before ? quiet + 1 : 0;
      }
      observer.disconnect();
      return starts;
    },
  };
}

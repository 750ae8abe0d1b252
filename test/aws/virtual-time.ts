/**
 * Virtual time for concurrency tests: `sleep` parks a timer, and `run` moves the clock from one
 * timer to the next once every promise that can settle has settled. Nothing waits for real.
 */
import { setImmediate as macrotask } from 'node:timers/promises';

interface Timer {
  at: number;
  seq: number;
  fire: () => void;
}

export class VirtualTime {
  private nowMs = 0;
  private seq = 0;
  private timers: Timer[] = [];

  readonly clock = (): number => this.nowMs;

  readonly sleep = (ms: number): Promise<void> => {
    if (!(ms > 0)) return Promise.resolve();
    return new Promise((fire) => this.timers.push({ at: this.nowMs + ms, seq: this.seq++, fire }));
  };

  get now(): number {
    return this.nowMs;
  }

  /** Runs until `work` settles, advancing the clock to each next timer when nothing else can run. */
  async run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    work.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      await macrotask();
      if (settled) return work;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift();
      if (!next) throw new Error('deadlock: nothing left to wait for, and the work is not done');
      this.nowMs = Math.max(this.nowMs, next.at);
      next.fire();
    }
  }
}

/**
 * A lane of calls whose concurrency follows the latency it observes. A rate-limited lane is
 * saturated when about `rate × latency` requests are in flight (Little's law), plus a few that
 * wait for their token, so the next request is ready the moment a token is: with a fixed number
 * of slots, a 2 s `GetResources` would cap a 4-slot lane at 2 calls/s, under its 2.5/s bucket.
 * The token buckets (rate-limiter.ts), not the lane, set the pace: a larger lane never issues
 * faster than its buckets allow, it only keeps them busy.
 */
import { monotonicClock, type Clock } from './rate-limiter.js';

export interface AdaptiveLaneOptions {
  /** The rate of the slowest bucket the lane's calls go through, in calls per second. */
  ratePerSecond: number;
  /** Slots before any latency is seen, and never fewer. */
  floor: number;
  /** Never more slots than this, whatever the latency. */
  cap: number;
  /** Slots beyond `rate × latency`: calls waiting for their token while the others are in flight. */
  margin?: number;
  /** Weight of each new observation in the latency estimate (exponential moving average). */
  smoothing?: number;
  clock?: Clock;
}

export const DEFAULT_LANE_MARGIN = 2;
const DEFAULT_SMOOTHING = 0.2;

export class AdaptiveLane {
  private readonly ratePerSecond: number;
  private readonly floor: number;
  private readonly cap: number;
  private readonly margin: number;
  private readonly smoothing: number;
  readonly clock: Clock;
  private latencyMs: number | undefined;
  private active = 0;
  private readonly waiting = new WaitQueue();
  /** The most calls ever in flight at once (for tests and statistics). */
  peakActive = 0;

  constructor(options: AdaptiveLaneOptions) {
    const { ratePerSecond, floor, cap } = options;
    if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) throw new RangeError(`invalid lane rate ${ratePerSecond}/s`);
    if (!Number.isInteger(floor) || floor < 1 || !Number.isInteger(cap) || cap < floor) {
      throw new RangeError(`invalid lane bounds: floor ${floor}, cap ${cap}`);
    }
    this.ratePerSecond = ratePerSecond;
    this.floor = floor;
    this.cap = cap;
    this.margin = options.margin ?? DEFAULT_LANE_MARGIN;
    this.smoothing = options.smoothing ?? DEFAULT_SMOOTHING;
    this.clock = options.clock ?? monotonicClock;
  }

  /** The slots the lane allows now: ⌈rate × latency⌉ + margin, within [floor, cap]. */
  get limit(): number {
    if (this.latencyMs === undefined) return this.floor;
    const needed = Math.ceil((this.ratePerSecond * this.latencyMs) / 1000) + this.margin;
    return Math.min(this.cap, Math.max(this.floor, needed));
  }

  /** The latency estimate in milliseconds; undefined before the first observation. */
  get latency(): number | undefined {
    return this.latencyMs;
  }

  /** Calls in flight now. */
  get inFlight(): number {
    return this.active;
  }

  /** Records how long one request took (without its wait for a token), and widens the lane if it now allows more. */
  observe(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.latencyMs = this.latencyMs === undefined ? ms : this.latencyMs + this.smoothing * (ms - this.latencyMs);
    this.admit();
  }

  /**
   * Runs `task` when a slot is free. Slots go to the lowest `priority` first, and in call order
   * among equals: a collector numbering its units of work (one API each) finishes each unit's
   * follow-up calls before starting the next units, instead of queueing them behind every
   * unit's first call.
   */
  async run<T>(task: () => Promise<T>, priority = 0): Promise<T> {
    if (this.active < this.limit && this.waiting.size === 0) this.take();
    else await new Promise<void>((granted) => this.waiting.push(priority, granted));
    try {
      return await task();
    } finally {
      this.active -= 1;
      this.admit();
    }
  }

  /** Times one request on the lane's clock and observes its latency, however it ends. */
  async timed<T>(request: () => Promise<T>): Promise<T> {
    const startedAt = this.clock();
    try {
      return await request();
    } finally {
      this.observe(this.clock() - startedAt);
    }
  }

  /** Hands free slots to the waiting calls; the slot is taken on their behalf, so none is granted twice. */
  private admit(): void {
    while (this.active < this.limit && this.waiting.size > 0) {
      const granted = this.waiting.pop()!;
      this.take();
      granted();
    }
  }

  private take(): void {
    this.active += 1;
    if (this.active > this.peakActive) this.peakActive = this.active;
  }
}

interface Waiter {
  priority: number;
  seq: number;
  granted: () => void;
}

/** A binary min-heap of waiting calls by (priority, arrival): O(log n) for thousands of queued calls. */
class WaitQueue {
  private readonly heap: Waiter[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(priority: number, granted: () => void): void {
    const heap = this.heap;
    heap.push({ priority, seq: this.seq++, granted });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  pop(): (() => void) | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined) return undefined;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let least = i;
        if (left < heap.length && before(heap[left]!, heap[least]!)) least = left;
        if (right < heap.length && before(heap[right]!, heap[least]!)) least = right;
        if (least === i) break;
        [heap[i], heap[least]] = [heap[least]!, heap[i]!];
        i = least;
      }
    }
    return top.granted;
  }
}

function before(a: Waiter, b: Waiter): boolean {
  return a.priority < b.priority || (a.priority === b.priority && a.seq < b.seq);
}

/**
 * A full garbage collection where a run moves from one phase to the next (collected → evaluate,
 * checks run → report). At those points the large structures of the phase before (the
 * collector's responses and the snapshot's JSON; the snapshot itself and what the checks derived
 * from it) have just died, but V8 sizes its heap from the live data of its last full collection,
 * made mid-phase: without one here the next phase piles its objects on top of the dead ones,
 * and the heap grows by their size (the large benchmark account's scan: 384–425 MB of peak RSS,
 * 79 MB live when its reports are written). One full collection of a heap this size takes a few
 * hundred milliseconds, once per phase.
 *
 * Before the report is built the collection also gives the emptied pages back (`release`): the
 * report is about a third of the heap the evaluation had, and V8 otherwise keeps every page a survivor is
 * on. In the scheduled job's 2 GiB, the heavy 10k-API account's RSS while its reports are written
 * went from about 1.0 GB to 0.65–0.78 GB, for about 1.3 s more CPU (2.2 s against 0.9 s).
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** V8's `gc()` options. */
interface CollectionOptions {
  type: 'major';
  execution: 'sync';
  /** `last-resort`: collect until nothing more is freed, compacting every page (memory-reducing). */
  flavor?: 'regular' | 'last-resort';
}

let fullCollection: ((options?: CollectionOptions) => void) | undefined;

/**
 * V8's `gc()`: the global one under `--expose-gc`, otherwise one from a new context, where the
 * flag installs it. A Node.js where neither gives one runs without (the phases then overlap
 * in memory, as they did before).
 */
function garbageCollector(): (options?: CollectionOptions) => void {
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return exposed as (options?: CollectionOptions) => void;
  setFlagsFromString('--expose-gc');
  const installed: unknown = runInNewContext('globalThis.gc');
  return typeof installed === 'function' ? (installed as (options?: CollectionOptions) => void) : () => undefined;
}

/**
 * V8 12 (Node.js 22) and later take the `last-resort` flavor; V8 11 (Node.js 20, past its end of
 * life) makes no collection at all of that call, so it gets the regular one.
 */
const RELEASES_PAGES = Number(process.versions.v8.split('.')[0]) >= 12;

/**
 * How a boundary collects. `collect`: one full collection; V8 keeps the pages it freed objects
 * on, to refill. `release`: collections until nothing more is freed, compacting every page, so
 * pages whose survivors are few are emptied and given back to the system: where the phase after
 * needs a fraction of the heap the phase before had.
 */
export type BoundaryCollection = 'collect' | 'release';

/** Collects the garbage the phase that just ended left, before the next one allocates. */
export function phaseBoundary(how: BoundaryCollection = 'collect'): void {
  fullCollection ??= garbageCollector();
  if (how === 'release' && RELEASES_PAGES) fullCollection({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  else fullCollection();
}

/** When a run's heap may grow before `heapGrowthGuard` collects it. */
export interface HeapGrowthLimits {
  /** The heap in use, as a multiple of what it was after the last collection (default 2). */
  factor?: number;
  /** And by at least these bytes (default 256 MiB): a small run is left to V8. */
  minGrowthBytes?: number;
}

/**
 * A full collection between two steps of a phase (the checks of an evaluation) once the heap in
 * use has doubled, and grown by 256 MiB, since the phase began or since the last such collection.
 * V8 lets the heap grow to several times the live data of its last full collection before it makes
 * another: evaluating the heavy 10k-API snapshot, Node.js 24 made none between the collection
 * before evaluating (316 MB live) and the end of the checks (990 MB of heap, 677 MB live), and
 * peaked at 1.21–1.28 GB of RSS; with this guard, 1.07–1.12 GB, for one or two collections of
 * a few hundred milliseconds each.
 */
export function heapGrowthGuard(
  limits: HeapGrowthLimits = {},
  heapUsed: () => number = () => getHeapStatistics().used_heap_size,
  collect: () => void = phaseBoundary,
): () => void {
  const factor = limits.factor ?? 2;
  const minGrowth = limits.minGrowthBytes ?? 256 * 2 ** 20;
  let base = heapUsed();
  return () => {
    const used = heapUsed();
    if (used < base * factor || used - base < minGrowth) return;
    collect();
    base = heapUsed();
  };
}

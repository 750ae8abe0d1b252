/**
 * A full garbage collection where a run moves from one phase to the next (collected → evaluate,
 * evaluated → reports). At those points the large structures of the phase before (the
 * collector's responses and the snapshot's JSON; the snapshot itself and what the checks derived
 * from it) have just died, but V8 sizes its heap from the live data of its last full collection,
 * made mid-phase: without one here the next phase piles its objects on top of the dead ones,
 * and the heap grows by their size (the large benchmark account's scan: 384–425 MB of peak RSS,
 * 79 MB live when its reports are written). One full collection of a heap this size takes a few
 * hundred milliseconds, once per phase.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let fullCollection: (() => void) | undefined;

/**
 * V8's `gc()`: the global one under `--expose-gc`, otherwise one from a new context, where the
 * flag installs it. A Node.js where neither gives one runs without (the phases then overlap
 * in memory, as they did before).
 */
function garbageCollector(): () => void {
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return exposed as () => void;
  setFlagsFromString('--expose-gc');
  const installed: unknown = runInNewContext('globalThis.gc');
  return typeof installed === 'function' ? (installed as () => void) : () => undefined;
}

/** Collects the garbage the phase that just ended left, before the next one allocates. */
export function phaseBoundary(): void {
  fullCollection ??= garbageCollector();
  fullCollection();
}

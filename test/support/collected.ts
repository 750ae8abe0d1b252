/**
 * Whether an object was let go, asked of V8 more than once.
 *
 * A WeakRef's target lives to the end of the job that made or read it, so the question is asked
 * on a later turn of the event loop. One full collection on the next turn was not always enough:
 * test/scan/evaluate-without-snapshot.test.ts failed that way once in CI's unit lane (Node.js 24,
 * several thousand tests in one heap, beside the end-to-end lane), and in none of the unit lanes
 * and runs of the file alone tried since, on a loaded machine too. Whatever held the snapshot for
 * that moment was not a reference of ours: one of ours holds it on every turn, and the tests that
 * use this then fail (checked by making `evaluateChecks` keep the snapshot in a global).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/** A full collection, without starting the process with --expose-gc. */
export function collectGarbage(): void {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/**
 * Collects on up to `turns` later turns of the event loop, 25 ms apart, until `ref`'s target is
 * gone: true. A target something still references is never gone, however many turns: false.
 */
export async function collectedWithin(ref: WeakRef<object>, turns = 20): Promise<boolean> {
  for (let turn = 0; turn < turns; turn++) {
    await sleep(turn === 0 ? 0 : 25);
    collectGarbage();
    if (ref.deref() === undefined) return true;
  }
  return false;
}

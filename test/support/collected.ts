/**
 * Whether an object was let go, asked of V8 more than once.
 *
 * A WeakRef's target lives to the end of the job that made or read it, and a FinalizationRegistry
 * hears of a collection a turn or two later, so the question is asked on later turns of the event
 * loop. One full collection on the next turn was not always enough:
 * test/scan/evaluate-without-snapshot.test.ts failed that way once in CI's unit lane (Node.js 24,
 * several thousand tests in one heap, beside the end-to-end lane), and in none of the unit lanes
 * and runs of the file alone tried since, on a loaded machine too. Whatever held the snapshot for
 * that moment was not a reference of ours: one of ours holds it on every turn, and the tests that
 * use this then fail (checked by making `evaluateChecks` keep the snapshot in a global).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { phaseBoundary } from '../../src/scan/phase-boundary.js';

/**
 * Makes a full collection (`phaseBoundary()`) on up to `turns` later turns of the event loop, 25
 * ms apart, until `gone()` says the object is: true. An object something still references is
 * never gone, however many turns: false.
 */
export async function collectedWithin(gone: () => boolean, turns = 20): Promise<boolean> {
  for (let turn = 0; turn < turns; turn++) {
    await sleep(turn === 0 ? 0 : 25);
    phaseBoundary();
    if (gone()) return true;
  }
  return false;
}

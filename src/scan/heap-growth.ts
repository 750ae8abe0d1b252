/**
 * The CLI's heap allowed to double between full collections, not to quadruple, wherever it runs.
 *
 * After each full collection V8 sets the heap size at which it makes the next one: the live data
 * times a growing factor. It chooses the factor from its collector's speed, up to a maximum set
 * by the heap's limit: 4 for an old generation of 2 GiB or more (`MaxGrowingFactor` in V8's
 * src/heap/heap-controller.cc), and 1.3–2 under that. A laptop's Node.js gets the 4 (Node.js 24's
 * `--trace-gc-verbose` on this project's 24 GB VM, a 4 GiB heap: 4.0; in the scheduled job's 2
 * GiB, whose heap is 1.1 GiB: 1.6). A scan there let its heap grow to four times its live data
 * before collecting, and peaked higher than the same scan in the job.
 *
 * V8 reads `--heap-growing-percent` each time it sets that size: set at run time, it takes effect
 * from the next full collection (on Node.js 20, 22 and 24 a churn then made 10–11 full
 * collections instead of 3–4: test/scan/heap-growth.test.ts). So in a heap V8 would let
 * quadruple, the CLI sets it to 100: a factor of 2, the most V8 allows itself below a 2 GiB heap.
 * The flag replaces V8's choice in every mode, also the 1.1 V8 takes after a memory-reducing
 * collection (`phaseBoundary('release')`); V8 itself takes its 4 again at the full collection
 * after that one.
 *
 * Measured, the built CLI's whole scan without a memory limit (Node.js 24.22, this project's VM),
 * V8's factor against a factor of 2: the large benchmark account peaked at 359–374 → 321–334 MiB
 * (two runs against four), the heavy one at 860–949 → 876–891 MiB (three against five). More
 * full collections cost CPU: the heavy scan, CPU-bound at the bench's rates, took 72–83 → 78–94 s
 * of CPU; the large one, bound by AWS's rates, 19–21 → 17–21 s. `evaluate` of the heavy snapshot
 * peaked at 1,108 MiB either way (its peak is reading the file).
 *
 * Left alone: a Node.js given `--heap-growing-percent` on its command line, and a heap under 2 GiB
 * (the job), where V8 grows it by at most 2 by itself, and by less near its limit.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';

/** A factor of 2 (`--heap-growing-percent` is the factor's part above 1, in percent). */
export const HEAP_GROWING_PERCENT = 100;

/**
 * The heap limit from which V8 lets the heap grow by up to 4 between full collections (an old
 * generation of 2 GiB; from a limit of 2 GiB with the young generation counted, V8's maximum is
 * already 1.9–2).
 */
export const QUADRUPLING_HEAP_BYTES = 2 * 2 ** 30;

/** V8 takes its flags with dashes or underscores. */
const GROWTH_FLAG = /--heap[-_]growing[-_]percent/;

/** Whether Node.js was told how V8 grows its heap (on its command line: Node.js refuses the flag in `NODE_OPTIONS`). */
export function heapGrowthFlagGiven(execArgv: readonly string[]): boolean {
  return execArgv.some((arg) => GROWTH_FLAG.test(arg));
}

export type HeapGrowthCap = 'capped' | 'flag given' | 'small heap';

/** Holds the heap's growth between full collections to a factor of 2 (see the module's comment). */
export function capHeapGrowth(
  execArgv: readonly string[] = process.execArgv,
  heapLimitBytes: number = getHeapStatistics().heap_size_limit,
): HeapGrowthCap {
  if (heapGrowthFlagGiven(execArgv)) return 'flag given';
  if (heapLimitBytes < QUADRUPLING_HEAP_BYTES) return 'small heap';
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return 'capped';
}

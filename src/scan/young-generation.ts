/**
 * The CLI's young generation held at the size the container image gives it
 * (`NODE_OPTIONS=--max-semi-space-size=16`: two semi-spaces of 16 MiB), wherever it runs.
 *
 * On a machine with a few GB of memory, Node.js 24 lets V8's young generation grow to 128 MiB
 * (Node.js 22: 32 MiB). During a scan it holds mostly garbage: at the large benchmark account's
 * collection peak, 128 MiB were committed for 7 MiB of objects. Its maximum is read once, when
 * the process starts, so only a flag given to Node.js sets it.
 *
 * V8 grows the young generation at a collection, by `--semi-space-growth-factor` (2), once more
 * than its size has survived since it last grew, and it reads that factor each time (measured on
 * Node.js 22.23 and 24.22: set at run time to 1, growth stops). So the CLI grows it to the cap
 * at its start, with short-lived objects that survive a collection or two (about 13 MB, 30 ms),
 * one doubling at a time while it watches, and then sets the factor to 1 for good. V8 may still
 * shrink it (after a memory-reducing collection: `phaseBoundary('release')`); it is grown back
 * to the cap, the same way, where a scan of the next account starts (`restoreYoungGeneration`).
 * Grown by V8's own doubling instead, it could double past the cap more than once within one
 * stretch of work, where nothing watches.
 *
 * Measured, the built CLI's whole scan without a memory limit (Node.js 24.22, this project's VM):
 * the large benchmark account 412–437 → 349–382 MiB of peak RSS (two runs against five), the
 * heavy one 997 → 932–937 MiB (one against two). The large scan's CPU, 13.3–17.6 → 14.4–19.8 s,
 * may be a little higher (the collector's CPU varies by a third between runs on that VM); its
 * wall time, bound by AWS's rates, is the same.
 *
 * Left alone: a Node.js given any of the young generation's flags, on its command line or in
 * `NODE_OPTIONS` (the image gives one), and a heap with no room for the cap (a small
 * `--max-old-space-size`): V8 sizes the young generation there as it would.
 */
import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString, type HeapSpaceInfo } from 'node:v8';

/** Both semi-spaces of the image's young generation (`--max-semi-space-size=16`). */
export const YOUNG_GENERATION_CAP_BYTES = 32 * 2 ** 20;

/** V8's own `--semi-space-growth-factor` (`node --v8-options`). */
const V8_GROWTH_FACTOR = 2;

/** V8 takes its flags with dashes or underscores. */
const YOUNG_GENERATION_FLAG = /--(?:max|min)[-_]semi[-_]space[-_]size|--semi[-_]space[-_]growth[-_]factor/;

/** Whether Node.js was told how to size its young generation. */
export function youngGenerationFlagGiven(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return execArgv.some((arg) => YOUNG_GENERATION_FLAG.test(arg)) || YOUNG_GENERATION_FLAG.test(nodeOptions ?? '');
}

function newSpace(): HeapSpaceInfo | undefined {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
}

/** The young generation's size now: both semi-spaces. */
export function youngGenerationBytes(): number {
  return newSpace()?.space_size ?? 0;
}

/** Small objects a chunk holds: about 200 KB, so that each doubling is seen as it happens. */
const CHUNK_OBJECTS = 4096;
/** A lower bound of the bytes a chunk keeps alive: an object of two fields is 40 bytes, its slot 8. */
const CHUNK_BYTES = CHUNK_OBJECTS * 48;

function chunk(): object[] {
  const objects = new Array<object>(CHUNK_OBJECTS);
  for (let i = 0; i < CHUNK_OBJECTS; i++) objects[i] = { at: i, next: null };
  return objects;
}

/**
 * The young generation's size, where the reading is steady: both semi-spaces committed, each of
 * the capacity V8 reports (`space_used_size + space_available_size`; Node.js 20 and 22 keep 1-2 %
 * of it for page headers). Otherwise undefined. Node.js 24's V8 at times holds pages past the
 * capacity for a moment after a scavenge (read: 13.25 MiB committed for 9.25 of capacity, where
 * the young generation was 8), and Node.js 20 and 24 at times uncommit the empty semi-space
 * (read: 4 MiB of 8). Such a reading is not the size V8 grows or shrinks.
 */
export function steadyYoungGenerationBytes(): number | undefined {
  const space = newSpace();
  return space === undefined ? undefined : steadySize(space);
}

type NewSpaceReading = Pick<HeapSpaceInfo, 'space_size' | 'space_used_size' | 'space_available_size'>;

/** The reading's size where it is steady (see `steadyYoungGenerationBytes`). */
export function steadySize(space: NewSpaceReading): number | undefined {
  const semiSpaces = 2 * (space.space_used_size + space.space_available_size);
  return Math.abs(space.space_size - semiSpaces) <= space.space_size * STEADY_TOLERANCE ? space.space_size : undefined;
}

/** How far from twice the capacity a steady reading may be, as a share of it. */
const STEADY_TOLERANCE = 1 / 32;
/** Where the settling garbage is dropped: kept by nothing else, but not optimised away. */
let _settlingGarbage: object[] = [];
/** Garbage chunks allocated, at most, for a scavenge to end an unsteady reading: about 50 MB. */
const SETTLING_CHUNKS = 256;

/**
 * The young generation's size, read once steady: short-lived garbage is allocated until it is,
 * a scavenge or two at most. Falls back to the plain reading should it never be.
 */
export function settledYoungGenerationBytes(): number {
  let steady = steadyYoungGenerationBytes();
  for (let tries = 0; steady === undefined && tries < SETTLING_CHUNKS; tries++) {
    _settlingGarbage = chunk();
    steady = steadyYoungGenerationBytes();
  }
  _settlingGarbage = [];
  return steady ?? youngGenerationBytes();
}

/** How many caps' worth of heap must be free for the young generation to be grown. */
const HEADROOM_CAPS = 4;

/**
 * Whether growing the young generation leaves the heap room. The limit counts V8's largest
 * young generation too (up to 128 MiB): half of it is a heap well clear of its end.
 */
function hasHeadroom(capBytes: number): boolean {
  const { used_heap_size: used, heap_size_limit: limit } = getHeapStatistics();
  return used + HEADROOM_CAPS * capBytes <= limit / 2;
}

function setGrowthFactor(factor: number): void {
  setFlagsFromString(`--semi-space-growth-factor=${factor}`);
}

/**
 * Grows the young generation to `capBytes` as V8 grows it, one doubling at a time, then stops its
 * growth. Growth that has not come after four times its size has survived means V8's own
 * maximum is lower: it stops there. Returns the size reached.
 */
function growTo(capBytes: number): number {
  setGrowthFactor(V8_GROWTH_FACTOR);
  const survivors: object[][] = [];
  let size = settledYoungGenerationBytes();
  let survivedSinceGrowth = 0;
  while (size < capBytes && survivedSinceGrowth <= 4 * size) {
    survivors.push(chunk());
    survivedSinceGrowth += CHUNK_BYTES;
    const now = steadyYoungGenerationBytes() ?? 0;
    if (now > size) [size, survivedSinceGrowth] = [now, 0];
  }
  setGrowthFactor(1);
  return size;
}

/** The cap this process holds its young generation at, once `capYoungGeneration` has set it. */
let heldAt: number | undefined;

export type YoungGenerationCap = 'capped' | 'flag given' | 'no room';

/** Grows the young generation to the cap and holds it there (see the module's comment). */
export function capYoungGeneration(
  capBytes = YOUNG_GENERATION_CAP_BYTES,
  given: { execArgv: readonly string[]; nodeOptions: string | undefined } = { execArgv: process.execArgv, nodeOptions: process.env.NODE_OPTIONS },
): YoungGenerationCap {
  if (youngGenerationFlagGiven(given.execArgv, given.nodeOptions)) return 'flag given';
  if (heldAt === undefined && !hasHeadroom(capBytes)) return 'no room';
  heldAt ??= Math.min(capBytes, growTo(capBytes));
  return 'capped';
}

/** Under a cap: grows the young generation back to it where V8 has shrunk it, and the heap has room. */
export function restoreYoungGeneration(): void {
  if (heldAt !== undefined && settledYoungGenerationBytes() < heldAt && hasHeadroom(heldAt)) growTo(heldAt);
}

/**
 * The CLI's young generation, held at a cap (src/scan/young-generation.ts). Each case that sizes
 * the young generation runs in a Node.js of its own: V8's flags are the process's.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { steadySize, youngGenerationFlagGiven } from '../../src/scan/young-generation.js';

const MODULE = fileURLToPath(new URL('../../src/scan/young-generation.ts', import.meta.url));
const BOUNDARY = fileURLToPath(new URL('../../src/scan/phase-boundary.ts', import.meta.url));
const MiB = 2 ** 20;
/**
 * Readings are taken once steady (`settledYoungGenerationBytes`): Node.js 24's V8 holds pages past
 * the young generation's capacity for a moment after some scavenges (read at up to 45 MiB under
 * a cap of 8), and a plain reading taken then is not the size V8 grows or shrinks. Steady
 * readings under the load below were all at the cap. A young generation is held at the cap when
 * most readings are at it; left to V8, most are past it.
 */
const SLACK_MIB = 1;
const share = (sizes: readonly number[], capMiB: number) => sizes.filter((size) => size <= capMiB + SLACK_MIB).length / sizes.length;
const heldAtCap = (sizes: readonly number[], capMiB: number) => share(sizes, capMiB) >= 0.8;
/** Grown to the cap (one reading): not short of it, and no more past it than the slack. */
const atCap = (sizeMiB: number, capMiB: number) => sizeMiB >= capMiB && sizeMiB <= capMiB + SLACK_MIB;
const grownPast = (sizes: readonly number[], capMiB: number) => share(sizes, capMiB) < 0.5;

/**
 * Runs `body` in a new Node.js (`node --import tsx`) after `setup`, with an allocation load
 * (`load(n)`: short-lived objects, a tenth of them kept for a while, so that the young
 * generation has survivors to grow on); prints and returns what `body` returns.
 */
function inChild(setup: string, body: string, nodeFlags: string[] = []): { status: number | null; value: unknown; stderr: string } {
  const script = `
    import * as yg from ${JSON.stringify(MODULE)};
    import { phaseBoundary } from ${JSON.stringify(BOUNDARY)};
    let kept = [];
    const load = (n) => { for (let i = 0; i < n; i++) { kept.push({ i, list: [i] }); if (kept.length > 200000) kept = []; } };
    const sizes = [];
    const seen = () => sizes.push(yg.settledYoungGenerationBytes() / ${MiB});
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    ${setup}
    const value = await (async () => { ${body} })();
    process.stdout.write(JSON.stringify(value));
  `;
  const run = spawnSync(process.execPath, [...nodeFlags, '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  return { status: run.status, value: run.status === 0 ? JSON.parse(run.stdout) : undefined, stderr: run.stderr };
}

describe('young generation cap', () => {
  it("knows when Node.js was told how to size its young generation (the image's NODE_OPTIONS)", () => {
    const cases: [string[], string | undefined, boolean][] = [
      [[], undefined, false],
      [[], '', false],
      [[], '--max-old-space-size=1536', false],
      [['--enable-source-maps'], '--max-old-space-size=1536 --no-warnings', false],
      [[], '--max-semi-space-size=16', true],
      [[], '--max-old-space-size=1536 --max-semi-space-size=16', true],
      [['--max-semi-space-size=16'], undefined, true],
      [['--max_semi_space_size=16'], undefined, true],
      [['--min-semi-space-size=4'], undefined, true],
      [[], '--semi-space-growth-factor=4', true],
    ];
    for (const [execArgv, nodeOptions, given] of cases) assert.equal(youngGenerationFlagGiven(execArgv, nodeOptions), given, `${execArgv.join(' ')} / ${nodeOptions}`);
  });

  it('takes a reading as the young generation\'s size only where both semi-spaces are committed at the capacity V8 reports', () => {
    // [committed, capacity (used + available)] in MiB, as read on this project's VM.
    const cases: [number, number, number | undefined][] = [
      [8, 4, 8], // Node.js 24, at a cap of 8 MiB
      [2, 1, 2], // Node.js 24, shrunk
      [8, 3.93, 8], // Node.js 20 and 22: page headers
      [32, 15.73, 32], // Node.js 22, V8's own maximum there
      [13.25, 9.25, undefined], // Node.js 24, pages held past the capacity after a scavenge
      [8.5, 4.5, undefined], // the same, by half a MiB
      [27, 26, undefined], // the same, on a shrunk young generation
      [4, 4, undefined], // the empty semi-space uncommitted (Node.js 24)
      [4, 3.93, undefined], // the same (Node.js 20)
    ];
    for (const [committed, capacity, size] of cases) {
      const reading = { space_size: committed * MiB, space_used_size: (capacity / 4) * MiB, space_available_size: ((3 * capacity) / 4) * MiB };
      assert.equal(steadySize(reading), size === undefined ? undefined : size * MiB, `${committed} MiB committed, ${capacity} of capacity`);
    }
  });

  it('grows the young generation to the cap at once and holds it there under load; without the cap V8 grows it past', () => {
    // 8 MiB: below every Node.js line's own maximum (Node.js 22 and 24 grow it to 32 MiB and more).
    const capped = inChild(`const cap = yg.capYoungGeneration(8 * ${MiB}, { execArgv: [], nodeOptions: undefined });`, `
      seen();
      for (let r = 0; r < 10; r++) { load(400000); seen(); await tick(); seen(); }
      return { cap, sizes };
    `);
    assert.equal(capped.status, 0, capped.stderr);
    const { cap, sizes } = capped.value as { cap: string; sizes: number[] };
    assert.equal(cap, 'capped');
    assert.ok(atCap(sizes[0]!, 8), `grown to the cap when capped: ${sizes[0]}`);
    assert.ok(heldAtCap(sizes, 8), `held at the cap: ${sizes.join(' ')}`);

    const free = inChild('', `for (let r = 0; r < 10; r++) { load(400000); seen(); await tick(); } return sizes;`);
    assert.equal(free.status, 0, free.stderr);
    assert.ok(grownPast(free.value as number[], 8), `V8 alone grows it past 8 MiB: ${(free.value as number[]).join(' ')}`);
  });

  it('leaves alone a Node.js given a young generation flag', () => {
    const given = inChild(`const cap = yg.capYoungGeneration(8 * ${MiB});`, `for (let r = 0; r < 10; r++) { load(400000); seen(); await tick(); } return { cap, sizes };`, ['--max-semi-space-size=16']);
    assert.equal(given.status, 0, given.stderr);
    const { cap, sizes } = given.value as { cap: string; sizes: number[] };
    assert.equal(cap, 'flag given');
    assert.ok(grownPast(sizes, 8), `grown as the flag lets it: ${sizes.join(' ')}`);
  });

  it('once V8 has shrunk it (a memory-reducing collection), keeps it small until restored, then holds it at the cap again', () => {
    const run = inChild(`yg.capYoungGeneration(8 * ${MiB}, { execArgv: [], nodeOptions: undefined });`, `
      load(400000);
      phaseBoundary('release');
      const released = yg.settledYoungGenerationBytes() / ${MiB};
      for (let r = 0; r < 5; r++) { load(400000); await tick(); seen(); }
      const shrunk = [...sizes];
      yg.restoreYoungGeneration();
      const restored = yg.settledYoungGenerationBytes() / ${MiB};
      sizes.length = 0;
      for (let r = 0; r < 10; r++) { load(400000); seen(); await tick(); seen(); }
      return { released, shrunk, restored, sizes };
    `);
    assert.equal(run.status, 0, run.stderr);
    const { released, shrunk, restored, sizes } = run.value as { released: number; shrunk: number[]; restored: number; sizes: number[] };
    assert.ok(heldAtCap(shrunk, 8), `not grown past the cap by V8 while shrunk: ${shrunk.join(' ')}`);
    // Node.js 20's V8 makes a regular collection of 'release', which does not shrink it.
    if (released < 8) assert.ok(shrunk.every((size) => size < 8), `left shrunk until restored: ${shrunk.join(' ')}`);
    assert.ok(atCap(restored, 8), `restored to the cap: ${restored}`);
    assert.ok(heldAtCap(sizes, 8), `held at the cap after: ${sizes.join(' ')}`);
  });

  it('restores nothing without a cap', () => {
    const run = inChild('', `const before = yg.youngGenerationBytes(); yg.restoreYoungGeneration(); return [before, yg.youngGenerationBytes()];`);
    assert.equal(run.status, 0, run.stderr);
    const [before, after] = run.value as [number, number];
    assert.equal(after, before);
  });

  it('leaves the young generation to V8 where the heap has no room for the cap', () => {
    const run = inChild(`const cap = yg.capYoungGeneration(32 * ${MiB}, { execArgv: [], nodeOptions: undefined });`, `return { cap, size: yg.settledYoungGenerationBytes() / ${MiB} };`, ['--max-old-space-size=48']);
    assert.equal(run.status, 0, run.stderr);
    const { cap, size } = run.value as { cap: string; size: number };
    assert.equal(cap, 'no room');
    assert.ok(size < 32, `not grown to 32 MiB in a 48 MiB heap: ${size}`);
  });
});

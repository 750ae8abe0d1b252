/**
 * The CLI's heap growth between full collections, held to a factor of 2 (src/scan/heap-growth.ts).
 * Each case that sets it runs in a Node.js of its own: V8's flags are the process's.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { capHeapGrowth, heapGrowthFlagGiven, QUADRUPLING_HEAP_BYTES } from '../../src/scan/heap-growth.js';

const MODULE = fileURLToPath(new URL('../../src/scan/heap-growth.ts', import.meta.url));
const FULL_COLLECTIONS = fileURLToPath(new URL('../support/full-collections.ts', import.meta.url));
const BOUNDARY = fileURLToPath(new URL('../../src/scan/phase-boundary.ts', import.meta.url));

/**
 * In a new Node.js: `setup`, then about 95 MiB of objects kept, a full collection, and 1,500
 * lists of 20,000 objects made while the last 20 are kept (each outlives the small young
 * generation and dies in the old one). Returns what `setup` returned (`cap`) and how many full
 * collections V8 made during the churn (`full`): each time the old generation reaches the live
 * data times the growing factor. Node.js 22 and 24 made 3–4 with V8's factor of 4 and 10–11
 * with a factor of 2 (this project's VM).
 */
function churn(setup: string, nodeFlags: string[] = []): { status: number | null; value?: { cap: string | null; full: number }; stderr: string } {
  const script = `
    import * as growth from ${JSON.stringify(MODULE)};
    import { phaseBoundary } from ${JSON.stringify(BOUNDARY)};
    import { observeFullCollections } from ${JSON.stringify(FULL_COLLECTIONS)};
    const cap = (() => { ${setup} })() ?? null;
    const made = (n) => { const list = new Array(n); for (let i = 0; i < n; i++) list[i] = { i, next: null }; return list; };
    const kept = [];
    for (let i = 0; i < 40; i++) kept.push(made(50000));
    phaseBoundary();
    const observed = observeFullCollections();
    const recent = [];
    for (let i = 0; i < 1500; i++) {
      recent.push(made(20000));
      if (recent.length > 20) recent.shift();
    }
    const full = (await observed.stop()).length;
    process.stdout.write(JSON.stringify({ cap, full }));
  `;
  // A small young generation (Node.js 24 grows its own to 128 MiB), so the lists reach the old one at once.
  const run = spawnSync(process.execPath, ['--max-semi-space-size=2', ...nodeFlags, '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  return { status: run.status, ...(run.status === 0 ? { value: JSON.parse(run.stdout) } : {}), stderr: run.stderr };
}

/** A 4 GiB old generation: V8's largest factor, whatever the machine's memory. */
const LARGE_HEAP = ['--max-old-space-size=4096'];

function fullCollections(setup: string, nodeFlags: string[], expectedCap: string | null): number {
  const run = churn(setup, nodeFlags);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.value?.cap, expectedCap);
  return run.value.full;
}

describe('heap growth cap', () => {
  it('knows when Node.js was told how to grow its heap', () => {
    const cases: [string[], boolean][] = [
      [[], false],
      [['--max-old-space-size=4096'], false],
      [['--max-semi-space-size=16', '--enable-source-maps'], false],
      [['--heap-growing-percent=50'], true],
      [['--heap_growing_percent=50'], true],
    ];
    for (const [execArgv, given] of cases) assert.equal(heapGrowthFlagGiven(execArgv), given, execArgv.join(' '));
  });

  it('holds the heap to doubling where V8 would let it quadruple: twice the full collections or more', () => {
    const capped = fullCollections('return growth.capHeapGrowth([]);', LARGE_HEAP, 'capped');
    const free = fullCollections('', LARGE_HEAP, null);
    assert.ok(capped >= 2 * free, `capped ${capped} full collections, V8 alone ${free}`);
  });

  it('leaves alone a Node.js given --heap-growing-percent', () => {
    const given = fullCollections('return growth.capHeapGrowth();', [...LARGE_HEAP, '--heap-growing-percent=300'], 'flag given');
    const capped = fullCollections('return growth.capHeapGrowth([]);', LARGE_HEAP, 'capped');
    assert.ok(capped >= 2 * given, `grown as the flag (a factor of 4) lets it: ${given} full collections, capped ${capped}`);
  });

  it('leaves alone a heap under 2 GiB (a container job), where V8 itself grows it by at most 2', () => {
    assert.equal(capHeapGrowth([], QUADRUPLING_HEAP_BYTES - 1), 'small heap');
    const small = fullCollections('return growth.capHeapGrowth([]);', ['--max-old-space-size=1024'], 'small heap');
    const free = fullCollections('', LARGE_HEAP, null);
    assert.ok(small >= 2 * free, `V8's own factor in a 1 GiB heap: ${small} full collections, in a 4 GiB one ${free}`);
  });
});

/** heapGrowthGuard: a full collection between steps once the heap has doubled and grown by the minimum. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { heapGrowthGuard, phaseBoundary } from '../../src/scan/phase-boundary.js';
import { observeFullCollections } from '../support/full-collections.js';

const MiB = 2 ** 20;

/** A guard over a scripted heap: `used` is what the heap reads next; a collection brings it to `afterCollection`. */
function scripted(start: number, limits: Parameters<typeof heapGrowthGuard>[0] = {}) {
  const state = { used: start, afterCollection: start, collections: 0 };
  const guard = heapGrowthGuard(
    limits,
    () => state.used,
    () => {
      state.collections += 1;
      state.used = state.afterCollection;
    },
  );
  return { state, guard };
}

describe('heapGrowthGuard', () => {
  it('collects once the heap has doubled and grown by 256 MiB since it began, not before', () => {
    const { state, guard } = scripted(316 * MiB);
    state.used = 631 * MiB; // under twice 316
    guard();
    assert.equal(state.collections, 0);
    state.used = 633 * MiB;
    state.afterCollection = 500 * MiB;
    guard();
    assert.equal(state.collections, 1);
  });

  it('measures from what the heap holds after its own collection', () => {
    const { state, guard } = scripted(316 * MiB);
    state.used = 700 * MiB;
    state.afterCollection = 500 * MiB;
    guard();
    state.used = 900 * MiB; // under twice 500, though over twice 316
    guard();
    assert.equal(state.collections, 1);
    state.used = 1001 * MiB;
    guard();
    assert.equal(state.collections, 2);
  });

  it('leaves a small run to V8: doubling without the minimum growth collects nothing', () => {
    const { state, guard } = scripted(70 * MiB);
    state.used = 300 * MiB; // four times, but only 230 MiB more
    guard();
    assert.equal(state.collections, 0);
    state.used = 327 * MiB;
    guard();
    assert.equal(state.collections, 1);
  });

  it('takes other limits', () => {
    const { state, guard } = scripted(100, { factor: 1.5, minGrowthBytes: 10 });
    state.used = 149;
    guard();
    assert.equal(state.collections, 0);
    state.used = 150;
    guard();
    assert.equal(state.collections, 1);
  });

  it('reads the real heap and collects with V8 by default', async () => {
    // Limits any heap passes, then limits none does: whether the heap grew in between is up to V8
    // (a scavenge may shrink it), so the test does not depend on it.
    const always = heapGrowthGuard({ factor: 0, minGrowthBytes: -(2 ** 50) });
    const never = heapGrowthGuard({ factor: 2 ** 20, minGrowthBytes: 2 ** 50 });
    const fullCollections = observeFullCollections();
    never();
    always();
    assert.equal((await fullCollections.stop()).length, 1);
  });
});

describe('phaseBoundary', () => {
  /** A heap whose survivors are scattered thinly over many pages, as an evaluation's are once its snapshot has gone. */
  const scattered = () => {
    const kept: object[] = [];
    for (let i = 0; i < 1_000_000; i++) {
      const item = { at: i, text: `item ${i}`, list: [i] };
      if (i % 20 === 0) kept.push(item);
    }
    return kept;
  };
  const heapTotal = () => process.memoryUsage().heapTotal;
  const pageReleasing = Number(process.versions.v8.split('.')[0]) >= 12;

  it('collect: one full collection, which keeps the pages survivors are on', async () => {
    const kept = scattered();
    const fullCollections = observeFullCollections();
    phaseBoundary();
    assert.equal((await fullCollections.stop()).length, 1);
    assert.equal(kept.length, 50_000);
  });

  it('release: gives back the pages a regular collection keeps (V8 12 and later; Node.js 20 collects as `collect` does)', async () => {
    // Measured from a released heap, so what other tests in this process hold does not count.
    phaseBoundary('release');
    const base = heapTotal();
    const kept = scattered();
    phaseBoundary();
    const keptByCollect = heapTotal() - base;
    const fullCollections = observeFullCollections();
    phaseBoundary('release');
    const keptByRelease = heapTotal() - base;
    assert.ok((await fullCollections.stop()).length >= 1, 'a full collection');
    if (pageReleasing) {
      assert.ok(keptByCollect > 16 * 2 ** 20, `the scattered survivors keep ${keptByCollect} bytes of pages after a regular collection`);
      assert.ok(keptByRelease < keptByCollect / 2, `pages kept: ${keptByCollect} → ${keptByRelease} bytes`);
    }
    assert.equal(kept.length, 50_000);
  });
});

describe('evaluateInventory between its checks', () => {
  it('calls the run’s own betweenChecks after every check in place of the heap guard, the report unchanged', async () => {
    const { readFileSync } = await import('node:fs');
    const { parseInventory } = await import('../../src/inventory/io.js');
    const { evaluateInventory } = await import('../../src/scan/evaluate.js');
    const { allChecks } = await import('../../checks/index.js');
    const demo = () => parseInventory(JSON.parse(readFileSync(new URL('../../examples/demo-inventory.json', import.meta.url), 'utf8')), 'demo');
    const at = new Date('2026-11-01T12:30:00Z');
    let calls = 0;
    const own = evaluateInventory(demo(), { betweenChecks: () => (calls += 1) }, at);
    assert.equal(calls, allChecks.length);
    assert.deepEqual(own, evaluateInventory(demo(), {}, at));
  });
});

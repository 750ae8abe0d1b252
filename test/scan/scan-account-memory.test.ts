import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { parseInventory } from '../../src/inventory/io.js';
import { phaseBoundary } from '../../src/scan/phase-boundary.js';
import { scanAccount } from '../../src/scan/scan-account.js';
import { observeFullCollections } from '../support/full-collections.js';

describe('scanAccount memory', () => {
  it('starts the evaluation and the reports from a collected heap: a full collection before each', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'apiposture-scan-memory-'));
    const fullCollections = observeFullCollections();
    let collectedAt = Infinity;
    let deliveredAt = -Infinity;
    try {
      await scanAccount({
        target: { regions: ['eu-west-1'] },
        collect: async () => {
          const inventory = parseInventory(JSON.parse(readFileSync('examples/demo-inventory.json', 'utf8')), 'demo');
          collectedAt = performance.now();
          return inventory;
        },
        output: { outputDir: dir, formats: ['json'], failOn: 'none' },
        run: {},
        logger: pino({ level: 'silent' }),
        events: { delivered: () => (deliveredAt = performance.now()) },
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const between = (await fullCollections.stop()).filter((at) => at >= collectedAt && at <= deliveredAt);
    assert.ok(between.length >= 2, `${between.length} full collections between the collection and the delivery`);
  });

  it('lets the snapshot go once evaluated: the reports are written without it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'apiposture-scan-memory-'));
    let snapshot: WeakRef<object> | undefined;
    let heldWhileDelivering: boolean | undefined;
    try {
      const outcome = await scanAccount({
        target: { regions: ['eu-west-1'] },
        collect: async () => {
          const inventory = parseInventory(JSON.parse(readFileSync('examples/demo-inventory.json', 'utf8')), 'demo');
          snapshot = new WeakRef(inventory);
          return inventory;
        },
        output: { outputDir: dir, formats: ['json'], failOn: 'none' },
        run: {},
        logger: pino({ level: 'silent' }),
        events: {
          delivered: () => {
            phaseBoundary();
            heldWhileDelivering = snapshot?.deref() !== undefined;
          },
        },
      });
      assert.ok(outcome.report.results.length > 0);
      assert.equal(heldWhileDelivering, false, 'the snapshot is still referenced when the reports are delivered');
      assert.equal('inventory' in outcome, false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

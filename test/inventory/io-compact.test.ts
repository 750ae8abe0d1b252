import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { inventoryJsonChunks, readInventory, writeInventory } from '../../src/inventory/io.js';
import { inventory, region, restApi, stage } from '../fixtures/builders.js';

describe('snapshot files', () => {
  const snapshot = inventory({
    regions: [region({ restApis: [restApi({ stages: [stage()] })] }), region({ region: 'us-east-1' })],
  });

  it('are written compact, a region at a time, and read back unchanged', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'apiposture-io-')), 'snapshot.json');
    await writeInventory(path, snapshot);
    const text = await readFile(path, 'utf8');
    assert.equal(text, `${JSON.stringify(snapshot)}\n`);
    assert.ok([...inventoryJsonChunks(snapshot)].length >= 4, 'one piece per region, at least');
    assert.deepEqual(await readInventory(path), snapshot);
  });

  it('with no region still make valid JSON', () => {
    const empty = { ...snapshot, regions: [] };
    assert.equal([...inventoryJsonChunks(empty)].join(''), `${JSON.stringify(empty)}\n`);
  });
});

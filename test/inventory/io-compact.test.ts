import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { inventoryJsonChunks, readInventory, writeInventory } from '../../src/inventory/io.js';
import type { Inventory } from '../../src/inventory/schema.js';
import { inventory, region, restApi, stage } from '../fixtures/builders.js';

describe('snapshot files', () => {
  const snapshot = inventory({
    regions: [region({ restApis: [restApi({ stages: [stage()] })] }), region({ region: 'us-east-1' })],
  });

  it('are written compact, a piece at a time, and read back unchanged', async () => {
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

  it('are taken apart down to one API: no piece holds a region', () => {
    const apis = Array.from({ length: 40 }, (_, i) => restApi({ id: `api${String(i).padStart(7, '0')}`, stages: [stage()] }));
    const large = inventory({ regions: [region({ restApis: apis })] });
    const pieces = [...inventoryJsonChunks(large)];
    assert.equal(pieces.join(''), `${JSON.stringify(large)}\n`);
    const largestApi = Math.max(...apis.map((api) => JSON.stringify(api).length));
    const largestPiece = Math.max(...pieces.map((piece) => piece.length));
    assert.ok(largestPiece <= largestApi, `the largest piece is ${largestPiece} characters, one API ${largestApi}`);
  });

  it('follow JSON.stringify where it leaves members out or writes null', () => {
    const odd: Record<string, unknown> = {
      gone: undefined,
      fn: () => 1,
      kept: [undefined, () => 1, Symbol('s'), null, 1, [], {}, [[undefined]]],
      deep: { a: { b: { c: { d: { e: { f: { g: undefined, h: [1, undefined] } } } } } } },
      when: new Date(0),
      withToJson: { toJSON: () => 'replaced', inner: { x: 1 } },
      bare: Object.assign(Object.create(null) as object, { z: 1, gone: undefined }),
      2: 'an index key, written first',
    };
    Object.defineProperty(odd, '__proto__', { value: { own: true }, enumerable: true });
    Object.defineProperty(odd, 'hidden', { value: 1, enumerable: false });
    const snapshot = { ...inventory({ regions: [region()] }), extra: odd } as unknown as Inventory;
    assert.equal([...inventoryJsonChunks(snapshot)].join(''), `${JSON.stringify(snapshot)}\n`);
  });
});

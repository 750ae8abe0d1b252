/** readJsonFile gives a large file's bytes back once parsed, and never touches Node's shared buffer pool. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readJsonFile, releaseBytes } from '../../src/util/documents.js';

const dir = mkdtempSync(join(tmpdir(), 'apiposture-release-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const canTransfer = typeof (ArrayBuffer.prototype as Partial<ArrayBuffer>).transfer === 'function';

describe('releaseBytes', () => {
  it('gives back the memory of a buffer that is its whole ArrayBuffer at once', { skip: !canTransfer && 'this Node.js has no ArrayBuffer.prototype.transfer' }, () => {
    const bytes = Buffer.allocUnsafe(8 * 2 ** 20).fill(1);
    const before = process.memoryUsage().external;
    releaseBytes(bytes);
    assert.equal(bytes.length, 0);
    assert.equal(bytes.buffer.byteLength, 0);
    assert.ok(before - process.memoryUsage().external >= 8 * 2 ** 20 - 4096, 'the memory went back without a collection');
  });

  it('leaves a slice alone: of Node’s shared pool, or of a larger buffer', () => {
    const pooled = Buffer.from('{"a":1}');
    const neighbour = Buffer.from('a pooled neighbour');
    assert.notEqual(pooled.byteLength, pooled.buffer.byteLength, 'a small buffer is a slice of the pool');
    releaseBytes(pooled);
    assert.equal(pooled.toString(), '{"a":1}');
    assert.equal(neighbour.toString(), 'a pooled neighbour');
    const large = Buffer.alloc(64 * 1024, 0x61);
    const head = large.subarray(0, 1024);
    releaseBytes(head);
    assert.equal(large.length, 64 * 1024);
    assert.equal(head.toString(), 'a'.repeat(1024));
  });
});

describe('readJsonFile', () => {
  it('reads small and large files alike, and other buffers keep their bytes', async () => {
    const neighbour = Buffer.from('a pooled neighbour');
    const small = join(dir, 'small.json');
    writeFileSync(small, '{"a":[1,2,3]}');
    for (let i = 0; i < 20; i += 1) assert.deepEqual(await readJsonFile(small, 'config', 2 ** 20), { a: [1, 2, 3] });
    const large = join(dir, 'large.json');
    const items = Array.from({ length: 4096 }, (_, i) => `${i}`.padStart(100, 'x'));
    writeFileSync(large, JSON.stringify(items));
    assert.deepEqual(await readJsonFile(large, 'snapshot', 2 ** 20), items);
    assert.equal(neighbour.toString(), 'a pooled neighbour');
  });
});

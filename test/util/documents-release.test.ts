/** readJsonFile gives a large file's bytes back once parsed, and never touches Node's shared buffer pool. */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseJsonFileInParts, partsOf, readJsonFile } from '../../src/util/documents.js';
import { releaseBytes, type JsonShape } from '../../src/util/json-parts.js';

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

describe('readJsonFile of a file longer than a part', () => {
  const items = Array.from({ length: 20_000 }, (_, i) => ({ id: `item-${i}`, path: `/pets/{id${i}}`, note: 'é → "quoted" \\ 😀' }));
  const text = JSON.stringify({ schemaVersion: 2, items });

  it('parses it from where it lies, as the in-memory read does, and refuses the same errors', async () => {
    const path = join(dir, 'parts.json');
    writeFileSync(path, text);
    assert.deepEqual(await readJsonFile(path, 'snapshot', 2 ** 30, 64 * 1024), JSON.parse(text));
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, text.slice(0, -1));
    await assert.rejects(readJsonFile(broken, 'snapshot', 2 ** 30, 64 * 1024), /^InputError: snapshot .*broken\.json is not valid JSON: /);
    await assert.rejects(readJsonFile(path, 'snapshot', 1024, 64), /is \d+ bytes, over the 1024-byte limit/);
  });

  it('does not hold the file whole while it parses', { skip: !canTransfer && 'this Node.js has no ArrayBuffer.prototype.transfer' }, async () => {
    const path = join(dir, 'big.json');
    const big = JSON.stringify({ items: Array.from({ length: 12 }, () => items) });
    writeFileSync(path, big);
    const before = process.memoryUsage().arrayBuffers;
    let most = 0;
    const parts = partsOf('snapshot', path, 256 * 1024);
    const file = await open(path, 'r');
    try {
      const watched = { ...parts, parsePart: (part: string, shape?: JsonShape) => ((most = Math.max(most, process.memoryUsage().arrayBuffers - before)), parts.parsePart(part, shape)) };
      assert.deepEqual(await parseJsonFileInParts(file, Buffer.byteLength(big), 'snapshot', path, watched), JSON.parse(big));
    } finally {
      await file.close();
    }
    // The window (4 MiB) and the part being parsed, not the file's bytes.
    assert.ok(Buffer.byteLength(big) > 16 * 2 ** 20, `${Buffer.byteLength(big)} bytes`);
    assert.ok(most < 6 * 2 ** 20, `${most} bytes of buffers while parsing`);
  });

  it('refuses a file that changed size while it was read', async () => {
    const path = join(dir, 'growing.json');
    writeFileSync(path, text);
    const parts = partsOf('snapshot', path, 64 * 1024);
    let appended = false;
    const appending = {
      ...parts,
      parsePart: (part: string, shape?: JsonShape) => {
        if (!appended) appendFileSync(path, '\n{"more":1}');
        appended = true;
        return parts.parsePart(part, shape);
      },
    };
    const file = await open(path, 'r');
    try {
      await assert.rejects(parseJsonFileInParts(file, Buffer.byteLength(text), 'snapshot', path, appending), /^InputError: snapshot .*growing\.json changed while it was read/);
    } finally {
      await file.close();
    }
  });
});

/**
 * `readJsonFile`, which every document apiposture reads goes through (snapshots, reports,
 * configs): the size limit holds before anything is read, for files without a size too, and
 * nesting beyond any real document is refused. Each failure is a one-line InputError.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InputError } from '../../src/errors.js';
import { MAX_JSON_DEPTH, parseVersioned, readJsonFile } from '../../src/util/documents.js';
import { inventorySchema } from '../../src/inventory/schema.js';
import { tempDir } from '../faults/support.js';

const dir = tempDir('apiposture-documents-');

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function refused(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof InputError, String(error));
    assert.doesNotMatch(error.message, /\n/);
    assert.match(error.message, pattern);
    return true;
  });
}

const nested = (depth: number) => '['.repeat(depth - 1) + '{}' + ']'.repeat(depth - 1);

describe('readJsonFile', () => {
  it('reads a file of exactly maxBytes, refuses one byte more', async () => {
    const exact = file('exact.json', '{"a":"123"}');
    assert.deepEqual(await readJsonFile(exact, 'snapshot', 11), { a: '123' });
    await refused(readJsonFile(exact, 'snapshot', 10), /^snapshot .*exact\.json is 11 bytes, over the 10-byte limit$/);
  });

  it('refuses an endless file without a size (/dev/zero) once past the limit', async () => {
    await refused(readJsonFile('/dev/zero', 'report', 4096), /^report \/dev\/zero is over the 4096-byte limit$/);
  });

  it('nesting: MAX_JSON_DEPTH levels are read, one more is refused', async () => {
    assert.ok(await readJsonFile(file('deep-ok.json', nested(MAX_JSON_DEPTH)), 'report', 1 << 20));
    await refused(readJsonFile(file('deep-no.json', nested(MAX_JSON_DEPTH + 1)), 'report', 1 << 20), /nests deeper than 256 levels/);
    await refused(readJsonFile(file('deeper.json', nested(1_000_000)), 'report', 1 << 22), /nests deeper than 256 levels/);
  });

  it('names what could not be read', async () => {
    await refused(readJsonFile(join(dir, 'absent.json'), 'config', 100), /^cannot read config .*absent\.json: no such file$/);
    await refused(readJsonFile(dir, 'config', 100), /^cannot read config .*: EISDIR$/);
    await refused(readJsonFile(file('bom.json', '\ufeff{}'), 'config', 100), /is not valid JSON/);
  });
});

describe('parseVersioned', () => {
  const kind = { name: 'inventory snapshot', version: 1, schema: inventorySchema };

  it('refuses what is not an object, then a missing or other version, before the schema', () => {
    for (const document of [[], null, 'text', 42, true]) {
      assert.throws(() => parseVersioned(kind, document, 'x.json'), /x\.json is not an apiposture inventory snapshot \(expected a JSON object\)/);
    }
    assert.throws(() => parseVersioned(kind, {}, 'x.json'), /no schemaVersion/);
    assert.throws(() => parseVersioned(kind, { schemaVersion: '1' }, 'x.json'), /schema version "1"; this apiposture reads version 1/);
    assert.throws(() => parseVersioned(kind, { schemaVersion: 1 }, 'x.json'), /is not a valid apiposture inventory snapshot: tool: .*\(\+\d+ more problems\)/);
  });
});

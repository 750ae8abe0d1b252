/**
 * `readJsonFile`, which every document apiposture reads goes through (snapshots, reports,
 * configs): the size limit holds before anything is read, for files without a size too, and
 * nesting beyond any real document is refused. Each failure is a one-line InputError.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InputError } from '../../src/errors.js';
import { MAX_JSON_DEPTH, MIN_BYTES_PER_CONTAINER, parseVersioned, parseVersionedByItems, readJsonFile } from '../../src/util/documents.js';
import { INVENTORY_SCHEMA_VERSION, inventorySchema, regionInventorySchema } from '../../src/inventory/schema.js';
import { parseInventory, readInventory } from '../../src/inventory/io.js';
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

  it('a file of empty objects is refused before parsing, in time proportional to its bytes', async () => {
    const empties = Array.from({ length: 400_000 }, () => '{}').join(',');
    const path = file('empties.json', `{"schemaVersion":1,"regions":[${empties}]}`);
    await assert.rejects(readJsonFile(path, 'snapshot', 1 << 30), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.match(error.message, /holds more than \d+ objects and arrays in \d+ characters \(over one per 16 bytes\): not an apiposture document$/);
      return true;
    });
  });

  it('real documents are far below the object density bound, and brackets inside strings do not count', async () => {
    const demo = readFileSync(new URL('../../examples/demo-inventory.json', import.meta.url), 'utf8');
    const containers = (demo.match(/[{[]/g) ?? []).length;
    assert.ok(demo.length / containers > MIN_BYTES_PER_CONTAINER * 2, `${demo.length} bytes, ${containers} objects and arrays`);
    const strings = JSON.stringify({ schemaVersion: 1, text: '{['.repeat(100_000) });
    assert.deepEqual(await readJsonFile(file('strings.json', strings), 'snapshot', 1 << 30), JSON.parse(strings));
  });

  it('arrays of many wrong items are refused from their first items (no issue per item)', () => {
    const regions = Array.from({ length: 200_000 }, () => ({ aaaaaaaaaaa: 1 }));
    assert.throws(
      () => parseVersioned({ name: 'inventory snapshot', version: INVENTORY_SCHEMA_VERSION, schema: inventorySchema }, { schemaVersion: INVENTORY_SCHEMA_VERSION, regions }, 'dense.json'),
      (error: unknown) => {
        assert.ok(error instanceof InputError);
        // Issues for the sample only: a few hundred, not one for each of 200,000 items.
        const more = Number(/\(\+(\d+) more problems\)/.exec(error.message)?.[1] ?? 0);
        assert.ok(more < 1_000, error.message);
        return true;
      },
    );
  });

  it('names what could not be read', async () => {
    await refused(readJsonFile(join(dir, 'absent.json'), 'config', 100), /^cannot read config .*absent\.json: no such file$/);
    await refused(readJsonFile(dir, 'config', 100), /^cannot read config .*: EISDIR$/);
    await refused(readJsonFile(file('bom.json', '\ufeff{}'), 'config', 100), /is not valid JSON/);
  });
});

describe('parseVersioned', () => {
  const kind = { name: 'inventory snapshot', version: INVENTORY_SCHEMA_VERSION, schema: inventorySchema };

  it('refuses what is not an object, then a missing or other version, before the schema', () => {
    for (const document of [[], null, 'text', 42, true]) {
      assert.throws(() => parseVersioned(kind, document, 'x.json'), /x\.json is not an apiposture inventory snapshot \(expected a JSON object\)/);
    }
    assert.throws(() => parseVersioned(kind, {}, 'x.json'), /no schemaVersion/);
    assert.throws(() => parseVersioned(kind, { schemaVersion: '1' }, 'x.json'), new RegExp(`schema version "1"; this apiposture reads version ${INVENTORY_SCHEMA_VERSION}`));
    assert.throws(() => parseVersioned(kind, { schemaVersion: INVENTORY_SCHEMA_VERSION }, 'x.json'), /is not a valid apiposture inventory snapshot: tool: .*\(\+\d+ more problems\)/);
  });
});

describe('parseVersionedByItems', () => {
  const kind = { name: 'inventory snapshot', version: INVENTORY_SCHEMA_VERSION, schema: inventorySchema };
  const demoText = readFileSync(new URL('../../examples/demo-inventory.json', import.meta.url), 'utf8');
  const demo = () => JSON.parse(demoText) as Record<string, unknown> & { regions: unknown[] };
  const message = (parse: () => unknown) => {
    try {
      parse();
    } catch (error) {
      assert.ok(error instanceof InputError, String(error));
      return error.message;
    }
    return 'valid';
  };

  it('gives what parseVersioned gives, each item validated on its own and put in the document in its place', () => {
    const document = demo();
    const read = document.regions;
    assert.ok(read.length >= 2, 'the demo has several regions');
    const seen: unknown[] = [];
    let between = 0;
    const parsed = parseVersionedByItems(kind, document, 'demo.json', 'regions', regionInventorySchema, { validated: (region) => seen.push(region), between: () => (between += 1) });
    assert.deepEqual(parsed, parseVersioned(kind, demo(), 'demo.json'));
    assert.deepEqual(Object.keys(parsed), Object.keys(parseVersioned(kind, demo(), 'demo.json')), 'keys in the schema’s order');
    assert.equal(parsed.regions, read, 'the array read holds the validated regions');
    assert.deepEqual(seen, parsed.regions);
    assert.ok(seen.every((region, i) => region === parsed.regions[i]));
    assert.equal(between, read.length - 1);
  });

  it('refuses a document with the message parseVersioned gives, wherever the problems are', () => {
    // Past the 50 items of each array the sample holds, so that the problems are found item by item.
    const large = () => {
      const document = demo();
      const region = document.regions[0] as Record<string, unknown>;
      document.regions = Array.from({ length: 60 }, (_, i) => ({ ...structuredClone(region), region: `eu-test-${i}` }));
      const error = { service: 'apigateway', operation: 'GetRestApis', region: 'eu-west-1', resource: 'x', code: 'AccessDenied', message: 'denied' };
      document.errors = Array.from({ length: 60 }, () => ({ ...error }));
      return document;
    };
    assert.equal(message(() => parseVersioned(kind, large(), 'large.json')), 'valid');
    const broken: ((document: ReturnType<typeof demo>) => void)[] = [
      (d) => ((d.regions[55] as Record<string, unknown>).region = 42),
      (d) => ((d.regions[59] as Record<string, unknown>).apigateway = 'none'),
      (d) => {
        (d.regions[51] as Record<string, unknown>).region = 42;
        (d.regions[57] as Record<string, unknown>).region = 43;
        (d.errors as Record<string, unknown>[])[58]!.code = 7;
      },
      (d) => ((d.errors as Record<string, unknown>[])[55] = { nonsense: true }),
      (d) => ((d.regions[1] as Record<string, unknown>).region = 42),
      (d) => ((d as Record<string, unknown>).regions = 'none'),
      (d) => (d.schemaVersion = 1),
    ];
    for (const breakIt of broken) {
      const [one, other] = [large(), large()];
      breakIt(one);
      breakIt(other);
      const expected = message(() => parseVersioned(kind, one, 'large.json'));
      assert.notEqual(expected, 'valid');
      assert.equal(message(() => parseVersionedByItems(kind, other, 'large.json', 'regions', regionInventorySchema)), expected);
    }
  });
});

describe('readInventory', () => {
  it('reads a snapshot as parseInventory makes it, calling betweenRegions between its regions', async () => {
    const text = readFileSync(new URL('../../examples/demo-inventory.json', import.meta.url), 'utf8');
    let between = 0;
    const read = await readInventory(file('demo.json', text), () => (between += 1));
    assert.deepEqual(read, parseInventory(JSON.parse(text), 'demo.json'));
    assert.equal(between, read.regions.length - 1);
  });
});

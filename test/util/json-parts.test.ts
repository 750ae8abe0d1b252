import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../../src/errors.js';
import { parseJsonBytes } from '../../src/util/documents.js';
import { parseJsonInParts, type ByteSource, type JsonParts, type JsonShape } from '../../src/util/json-parts.js';

/** Objects and arrays of JSON text, and how deep they nest, counted the plain way (strings skipped). */
function shapeOf(text: string): JsonShape {
  let containers = 0;
  let deepest = 0;
  const value: unknown = JSON.parse(text);
  const walk = (v: unknown, level: number) => {
    if (typeof v !== 'object' || v === null) return;
    containers += 1;
    deepest = Math.max(deepest, level);
    for (const member of Object.values(v)) walk(member, level + 1);
  };
  walk(value, 1);
  return { containers, depth: deepest };
}

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function randomValue(random: () => number, level: number): unknown {
  const pick = random();
  if (level > 4 || pick < 0.3) return [1.5, 'x"]}{,:', null, true, 'é😀', '\\'][Math.floor(random() * 6)];
  const size = Math.floor(random() * 6);
  if (pick < 0.65) return Array.from({ length: size }, () => randomValue(random, level + 1));
  return Object.fromEntries(Array.from({ length: size }, (_, i) => [`k${i}"}`, randomValue(random, level + 1)]));
}

const bytes = (text: string) => Buffer.from(text, 'utf8');

/** Parsed with parts of at most `max` bytes: every container larger than that is split. */
const inParts = (text: string, max = 30) => parseJsonBytes(bytes(text), 'snapshot', 'big.json', max);

describe('JSON larger than one string, parsed in parts', () => {
  it('gives what JSON.parse gives, whatever the nesting, spacing and strings', () => {
    const documents = [
      '{"schemaVersion":2,"regions":[{"region":"eu-west-1","apis":[1,2,3]},{"region":"us-east-1","apis":[]}]}',
      ' {\n  "a" : [ "x\\"]}{,:" , "\\\\" , "→ é 😀" ] ,\n "b":{ "c" : null , "d" : true , "e" : -1.5e3 } , "f":{} , "g":[] }\n',
      '[[[[1]]],[{"k":[{"deep":"value with ] and } inside"}]}]]',
      '"a string short enough"',
    ];
    for (const text of documents) assert.deepEqual(inParts(text), JSON.parse(text), text);
  });

  it('keeps a key named __proto__ as a key, as JSON.parse does', () => {
    const parsed = inParts('{"__proto__":{"polluted":[1,2,3,4,5]},"x":[1,2,3,4,5,6,7]}') as Record<string, unknown>;
    assert.deepEqual(Object.keys(parsed), ['__proto__', 'x']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('refuses invalid JSON in one line', () => {
    const invalid = [
      '{"a":[1,2,3,4,5,6] "b":1}',
      '{"a":[1,2,3,4,5,6,7,8',
      '{"a":[1,2,3,4,5,6,7,8]} trailing',
      '{1:[1,2,3,4,5,6,7,8]}',
      '{"a":[1,2,3,4,5,6,7,8]]',
      '[{"a":[1,2,3,4,5,6,7,8]},[1,2,3,4,5,6,7,8}]',
      '{"a":[1,2,3,4,5,6,7,8]}}',
      '{"a":[1,2,3,4,5,6,7,8]} {"b":[1,2,3,4,5,6,7,8]}',
    ];
    for (const text of invalid) {
      assert.throws(
        () => inParts(text),
        (error: unknown) => error instanceof InputError && /^snapshot big\.json is not valid JSON: /.test(error.message) && !error.message.includes('\n'),
        text,
      );
    }
  });

  it('applies the nesting bound to each part, and splits only a few levels deep', () => {
    const deep = (levels: number) => `{"a":${'['.repeat(levels)}${']'.repeat(levels)},"b":[1,2,3,4,5,6,7,8]}`;
    assert.throws(() => inParts(deep(300), 700), /nests deeper than 256 levels/);
    assert.throws(() => inParts(deep(300), 30), /more than 32 levels of large containers/);
  });

  it('hands each part the shape its split measured, the one jsonShape would count in its text', () => {
    const random = seeded(20261207);
    for (let n = 0; n < 300; n += 1) {
      const text = JSON.stringify([randomValue(random, 0), randomValue(random, 1)]);
      const seen: { text: string; shape: JsonShape | undefined }[] = [];
      const parsed = parseJsonInParts(bytes(text), {
        parsePart: (part, shape) => {
          seen.push({ text: part, shape });
          return JSON.parse(part) as unknown;
        },
        invalid: (problem) => new Error(problem),
        maxPartBytes: 40,
      });
      assert.deepEqual(parsed, JSON.parse(text));
      for (const part of seen) if (part.shape !== undefined) assert.deepEqual(part.shape, shapeOf(part.text), part.text);
    }
  });

  it('refuses a part holding too many objects and arrays for its size, measured by the split', () => {
    const dense = `[${'[],'.repeat(20_000)}[]]`;
    const text = `{"a":${dense},"b":[${'1,'.repeat(30_000)}1]}`;
    assert.throws(() => inParts(text, 70_000), /holds more than 13\d{3} objects and arrays in 6000\d characters/);
  });

  it('refuses a single value too large for one part', () => {
    assert.throws(() => inParts(`{"a":"${'x'.repeat(64)}"}`), /a single value of 66 bytes at byte 5 is too large to read/);
  });
});

describe('a snapshot or report too long for one string', () => {
  it('reads as the same document, split into parts', async () => {
    const { readFile } = await import('node:fs/promises');
    const { parseInventory, MAX_SNAPSHOT_BYTES } = await import('../../src/inventory/io.js');
    const text = await readFile('examples/demo-inventory.json', 'utf8');
    const whole = parseInventory(JSON.parse(text), 'demo');
    assert.deepEqual(parseInventory(parseJsonBytes(bytes(text), 'snapshot', 'demo', 4096), 'demo'), whole);
    // The benchmark's 10,000-API snapshot is 650 MB: past V8's longest string, within the guard.
    assert.ok(MAX_SNAPSHOT_BYTES > 650 * 2 ** 20);
  });
});

/** The bytes of `text` as a `ByteSource` (what a file gives), counting the bytes read. */
function sourceOf(text: string): ByteSource & { bytesRead: number } {
  const all = bytes(text);
  const source = {
    length: all.length,
    bytesRead: 0,
    readInto(into: Uint8Array, position: number): number {
      const piece = all.subarray(position, position + into.length);
      into.set(piece);
      source.bytesRead += piece.length;
      return piece.length;
    },
  };
  return source;
}

const parts = (maxPartBytes: number): JsonParts => ({
  parsePart: (text) => JSON.parse(text) as unknown,
  invalid: (problem) => new InputError(`not valid JSON: ${problem}`),
  maxPartBytes,
});

describe('JSON read from a ByteSource through a window', () => {
  it('gives what JSON.parse gives, whatever window and part sizes cut strings, escapes and members', () => {
    const random = seeded(20261208);
    const documents = [
      ' {\n  "a" : [ "x\\"]}{,:" , "\\\\" , "→ é 😀" ] ,\n "b":{ "c" : null , "d" : true , "e" : -1.5e3 } , "f":{} , "g":[] }\n',
      '{"k\\\\":"\\\\\\"","l":["\\\\","\\"",1e5,false]}',
      ...Array.from({ length: 120 }, () => JSON.stringify([randomValue(random, 0), randomValue(random, 1)])),
    ];
    const outcome = (input: Uint8Array | ByteSource, max: number, window?: number) => {
      try {
        return parseJsonInParts(input, parts(max), window);
      } catch (error) {
        return (error as Error).message;
      }
    };
    for (const text of documents) {
      for (const window of [1, 2, 3, 7, 16, 29, 64]) {
        // Parts of 12 bytes leave some single values too large: both reads refuse them alike.
        for (const max of [12, 40, 10_000]) assert.deepEqual(outcome(sourceOf(text), max, window), outcome(bytes(text), max), `${text} (window ${window}, parts ${max})`);
        assert.deepEqual(outcome(sourceOf(text), 40, window), JSON.parse(text), text);
      }
    }
  });

  it('measures each part as the in-memory split does', () => {
    const random = seeded(7);
    for (let n = 0; n < 100; n += 1) {
      const text = JSON.stringify([randomValue(random, 0), randomValue(random, 1)]);
      const shapes = (input: Uint8Array | ByteSource, window?: number) => {
        const seen: (JsonShape | undefined)[] = [];
        const parsePart = (part: string, shape?: JsonShape) => (seen.push(shape), JSON.parse(part) as unknown);
        parseJsonInParts(input, { ...parts(40), parsePart }, window);
        return seen;
      };
      assert.deepEqual(shapes(sourceOf(text), 5), shapes(bytes(text)), text);
    }
  });

  it('refuses what the in-memory split refuses, with the same messages', () => {
    const invalid = ['{"a":[1,2,3,4,5,6,7,8', '{"a":[1,2,3,4,5,6,7,8]} trailing', '{"a":"unterminated', '{"a":[1,2,3,4,5,6,7,8]]', '  '];
    for (const text of invalid) {
      const message = (input: Uint8Array | ByteSource) => {
        try {
          parseJsonInParts(input, parts(8), 3);
        } catch (error) {
          return (error as Error).message;
        }
        return 'parsed';
      };
      assert.equal(message(sourceOf(text)), message(bytes(text)), text);
      assert.match(message(sourceOf(text)), /^not valid JSON: /, text);
    }
  });

  it('refuses data that ends before the length the source gave (a file cut short while read)', () => {
    const text = '{"a":[1,2,3,4,5,6,7,8],"b":[9,10,11,12,13,14]}';
    const source = sourceOf(text);
    const cut = { length: source.length, readInto: (into: Uint8Array, position: number) => source.readInto(into.subarray(0, Math.max(0, 30 - position)), position) };
    assert.throws(() => parseJsonInParts(cut, parts(8), 4), (error: unknown) => error instanceof InputError && /^not valid JSON: /.test(error.message));
    // Cut inside the parts rather than at the end: a part read short is refused too.
    const early = { length: source.length, readInto: (into: Uint8Array, position: number) => (position < 20 ? source.readInto(into, position) : 0) };
    assert.throws(() => parseJsonInParts(early, parts(8), 4), (error: unknown) => error instanceof InputError && /^not valid JSON: /.test(error.message));
  });

  it('reads a large container a window at a time and each part once, not the document at once', () => {
    const items = Array.from({ length: 2000 }, (_, i) => ({ id: `item-${i}`, tags: ['x', 'y'] }));
    const text = JSON.stringify({ items });
    const source = sourceOf(text);
    let largestRead = 0;
    const watched = { length: source.length, readInto: (into: Uint8Array, position: number) => ((largestRead = Math.max(largestRead, into.length)), source.readInto(into, position)) };
    assert.deepEqual(parseJsonInParts(watched, parts(1024), 256), { items });
    assert.ok(largestRead <= 1024, `no read larger than a part (${largestRead} bytes)`);
    // The split scans the document and its item list once each, then reads each part: about three times its bytes.
    assert.ok(source.bytesRead <= 4 * text.length, `${source.bytesRead} bytes read for ${text.length}`);
  });
});

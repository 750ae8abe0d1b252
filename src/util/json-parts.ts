/**
 * JSON too long for one string. V8's longest string is about 2^29 characters, and a large
 * account's snapshot (650 MB for 10,000 APIs) is longer; `JSON.parse` needs the text as one
 * string. Here the bytes are split where the document allows it: an object or array too large
 * to parse at once is parsed member by member, each small enough part with `parsePart`.
 *
 * The split is found in one pass over the bytes of each large container, with strings skipped
 * (in UTF-8 a quote, backslash or bracket byte is always that ASCII character). That pass also
 * measures each part's shape (its objects and arrays, how deep they nest), which `parsePart`
 * would otherwise measure again in its text. Memory is the bytes plus the part being parsed,
 * never the whole text.
 */

/** Parts up to this many bytes are parsed whole (a string of at most as many characters). */
export const MAX_PART_BYTES = 256 * 1024 * 1024;

/** Containers split inside one another at most: a snapshot needs about 6; deeper is hostile input. */
const MAX_SPLIT_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** The objects and arrays of a JSON value, and how deep they nest (1 for a flat container). */
export interface JsonShape {
  containers: number;
  depth: number;
}

export interface JsonParts {
  /** Parses a part of the document: text short enough for one string, with its shape when it was measured. */
  parsePart(text: string, shape?: JsonShape): unknown;
  /** The error for a document that is not valid JSON, or cannot be split. */
  invalid(problem: string): Error;
  /** Test seam: the largest part parsed whole. */
  maxPartBytes?: number;
}

/** The document in `bytes` (UTF-8 JSON), parsed in parts when it is larger than a part. */
export function parseJsonInParts(bytes: Uint8Array, parts: JsonParts): unknown {
  const reader = new PartReader(bytes, parts);
  const start = reader.skipSpace(0);
  if (bytes[start] !== OPEN_OBJECT && bytes[start] !== OPEN_ARRAY) throw parts.invalid(`expected an object or an array at byte ${start}`);
  // The document ends at its last byte that is not space; reading its members checks that the
  // container opened at `start` is the one closed there (no scan of the whole document for it).
  let end = bytes.length;
  while (end > start && isSpace(bytes[end - 1])) end -= 1;
  return reader.parse(start, end, 0);
}

class PartReader {
  private readonly text = new TextDecoder('utf-8', { fatal: false });
  private readonly max: number;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly parts: JsonParts,
  ) {
    this.max = parts.maxPartBytes ?? MAX_PART_BYTES;
  }

  skipSpace(i: number): number {
    while (isSpace(this.bytes[i])) i += 1;
    return i;
  }

  /** The shape of the value `valueEnd` measured last. */
  private readonly measured: JsonShape = { containers: 0, depth: 0 };

  /** The index just past the value starting at `i`; its shape is then in `measured`. */
  valueEnd(i: number): number {
    const { bytes, measured } = this;
    measured.containers = 0;
    measured.depth = 0;
    const first = bytes[i];
    if (first === QUOTE) return this.stringEnd(i);
    if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
      while (i < bytes.length && bytes[i] !== COMMA && bytes[i] !== CLOSE_OBJECT && bytes[i] !== CLOSE_ARRAY && !isSpace(bytes[i])) i += 1;
      return i;
    }
    let depth = 0;
    let containers = 0;
    let deepest = 0;
    for (; i < bytes.length; i += 1) {
      const byte = bytes[i];
      if (byte === QUOTE) i = this.stringEnd(i) - 1;
      else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
        containers += 1;
        if (++depth > deepest) deepest = depth;
      } else if ((byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) && --depth === 0) {
        measured.containers = containers;
        measured.depth = deepest;
        return i + 1;
      }
    }
    throw this.parts.invalid('unexpected end of data');
  }

  private stringEnd(i: number): number {
    const { bytes } = this;
    for (i += 1; i < bytes.length; i += 1) {
      if (bytes[i] === BACKSLASH) i += 1;
      else if (bytes[i] === QUOTE) return i + 1;
    }
    throw this.parts.invalid('unterminated string');
  }

  /**
   * The value between `start` and `end`: parsed whole when small enough (with its `shape` when
   * the split measured it), else member by member.
   */
  parse(start: number, end: number, depth: number, shape?: JsonShape): unknown {
    if (end - start <= this.max) return this.parts.parsePart(this.text.decode(this.bytes.subarray(start, end)), shape);
    if (depth >= MAX_SPLIT_DEPTH) throw this.parts.invalid(`more than ${MAX_SPLIT_DEPTH} levels of large containers at byte ${start}`);
    const first = this.bytes[start];
    const last = this.bytes[end - 1];
    if (first === OPEN_ARRAY && last === CLOSE_ARRAY) return this.parseArray(start, end, depth + 1);
    if (first === OPEN_OBJECT && last === CLOSE_OBJECT) return this.parseObject(start, end, depth + 1);
    if (first === OPEN_ARRAY || first === OPEN_OBJECT) throw this.parts.invalid(`the container at byte ${start} is not closed at byte ${end - 1}`);
    throw this.parts.invalid(`a single value of ${end - start} bytes at byte ${start} is too large to read`);
  }

  /**
   * The members of the container between `start` and `end`, each as [key start, key end, value
   * start, value end], with the value's shape in `measured` until the next member is read.
   */
  private *members(start: number, end: number, keyed: boolean): Generator<[number, number, number, number]> {
    const close = end - 1;
    let i = this.skipSpace(start + 1);
    if (i === close) return;
    for (;;) {
      const keyStart = i;
      let keyEnd = i;
      if (keyed) {
        if (this.bytes[i] !== QUOTE) throw this.parts.invalid(`expected a key at byte ${i}`);
        keyEnd = this.stringEnd(i);
        i = this.skipSpace(keyEnd);
        if (this.bytes[i] !== COLON) throw this.parts.invalid(`expected ':' at byte ${i}`);
        i = this.skipSpace(i + 1);
      }
      const valueEnd = this.valueEnd(i);
      if (valueEnd === i) throw this.parts.invalid(`expected a value at byte ${i}`);
      yield [keyStart, keyEnd, i, valueEnd];
      i = this.skipSpace(valueEnd);
      if (i === close) return;
      if (this.bytes[i] !== COMMA) throw this.parts.invalid(`expected ',' at byte ${i}`);
      i = this.skipSpace(i + 1);
    }
  }

  private parseArray(start: number, end: number, depth: number): unknown[] {
    const items: unknown[] = [];
    for (const [, , valueStart, valueEnd] of this.members(start, end, false)) items.push(this.parse(valueStart, valueEnd, depth, { ...this.measured }));
    return items;
  }

  private parseObject(start: number, end: number, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [keyStart, keyEnd, valueStart, valueEnd] of this.members(start, end, true)) {
      const shape = { ...this.measured };
      const key = this.parts.parsePart(this.text.decode(this.bytes.subarray(keyStart, keyEnd)), { containers: 0, depth: 0 });
      if (typeof key !== 'string') throw this.parts.invalid(`expected a key at byte ${keyStart}`);
      // defineProperty: a key named `__proto__` stays a key, as JSON.parse keeps it.
      Object.defineProperty(out, key, { value: this.parse(valueStart, valueEnd, depth, shape), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
}

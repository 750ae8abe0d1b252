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
 * never the whole text; for bytes read from a file as they are needed (`ByteSource`), a window
 * and the part being parsed, never the whole bytes.
 */
import { readSync } from 'node:fs';

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

/**
 * Bytes the reader takes from somewhere other than memory (a file, `fileBytes`): a window at a
 * time while it looks for where parts begin and end, then each part on its own, so that a
 * document of hundreds of megabytes is never held whole beside what it parses into.
 */
export interface ByteSource {
  /** How many bytes the document has. */
  readonly length: number;
  /** Fills `into` with the bytes from `position` on; how many it filled (fewer at the end of the data). */
  readInto(into: Uint8Array, position: number): number;
}

/** The bytes of a file from its descriptor, read as they are needed (positioned reads: the file offset is left alone). */
export function fileBytes(fd: number, length: number): ByteSource {
  return { length, readInto: (into, position) => readFully(fd, into, position) };
}

function readFully(fd: number, into: Uint8Array, position: number): number {
  let filled = 0;
  while (filled < into.length) {
    const read = readSync(fd, into, filled, into.length - filled, position + filled);
    if (read === 0) break;
    filled += read;
  }
  return filled;
}

/**
 * Gives the memory of bytes nothing reads any more back at once, rather than at the garbage
 * collection that finds them: a snapshot's bytes (650 MB for 10,000 APIs), or a part's once
 * decoded, otherwise stay beside the document they parse into. Only a buffer that is its
 * whole ArrayBuffer: a small one is a slice of Node's shared pool.
 */
export function releaseBytes(bytes: Uint8Array): void {
  const whole = bytes.buffer;
  if (!(whole instanceof ArrayBuffer) || bytes.byteOffset !== 0 || bytes.byteLength !== whole.byteLength || whole.byteLength === 0) return;
  // Node.js 20 (V8 11.3, older than the supported lines) has no `transfer`: its bytes wait for a collection.
  if (typeof ArrayBuffer.prototype.transfer === 'function') whole.transfer(0);
}

/** The window a `ByteSource` is scanned through. */
export const WINDOW_BYTES = 4 * 1024 * 1024;

/**
 * The document in `bytes` (UTF-8 JSON, in memory or read from a `ByteSource`), parsed in parts
 * when it is larger than a part. `windowBytes`: test seam for the window of a `ByteSource`.
 */
export function parseJsonInParts(bytes: Uint8Array | ByteSource, parts: JsonParts, windowBytes = WINDOW_BYTES): unknown {
  const reader = new PartReader(bytes, parts, windowBytes);
  const start = reader.skipSpace(0);
  const first = reader.at(start);
  if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) throw parts.invalid(`expected an object or an array at byte ${start}`);
  // The document ends at its last byte that is not space; reading its members checks that the
  // container opened at `start` is the one closed there (no scan of the whole document for it).
  let end = bytes.length;
  while (end > start && isSpace(reader.at(end - 1))) end -= 1;
  return reader.parse(start, end, 0);
}

/**
 * Where in `window` the quote closing a string is, looking from `w` (inside the string); past the
 * window when the string goes on: its length, or one more when its last byte is a backslash, so
 * that the byte it escapes (the next window's first) is skipped.
 */
function closingQuote(window: Uint8Array, w: number): number {
  const length = window.length;
  for (; w < length; w += 1) {
    const byte = window[w];
    if (byte === BACKSLASH) w += 1;
    else if (byte === QUOTE) return w;
  }
  return w;
}

/**
 * Reads a document's bytes through a window: all of them when they are in memory, else a part of
 * a `ByteSource` that moves to wherever the reader looks (forward while scanning, back to the
 * start of a member to parse). Positions are the document's.
 */
class PartReader {
  private readonly text = new TextDecoder('utf-8', { fatal: false });
  private readonly max: number;
  private readonly source: ByteSource | undefined;
  private readonly length: number;
  /** The bytes [base, base + window.length) of the document. */
  private window: Uint8Array;
  private base = 0;
  private readonly buffer: Uint8Array | undefined;
  /** The document's bytes, when they are in memory. */
  private readonly bytes: Uint8Array | undefined;

  constructor(
    bytes: Uint8Array | ByteSource,
    private readonly parts: JsonParts,
    windowBytes: number,
  ) {
    this.max = parts.maxPartBytes ?? MAX_PART_BYTES;
    this.length = bytes.length;
    if (bytes instanceof Uint8Array) {
      this.bytes = bytes;
      this.window = bytes;
    } else {
      this.source = bytes;
      this.buffer = new Uint8Array(Math.min(windowBytes, bytes.length));
      this.window = this.buffer.subarray(0, 0);
    }
  }

  /** The byte at `i`; undefined past the end of the data. */
  at(i: number): number | undefined {
    return this.hold(i) ? this.window[i - this.base] : undefined;
  }

  /** Whether the window holds `i`, moved there when it did not: false when there is nothing there. */
  private hold(i: number): boolean {
    return (i - this.base) >>> 0 < this.window.length || this.moveTo(i);
  }

  /** Moves the window of a `ByteSource` to start at `i`: false when there is nothing there (in memory: the window is all there is). */
  private moveTo(i: number): boolean {
    if (this.source === undefined || i < 0 || i >= this.length) return false;
    const filled = this.source.readInto(this.buffer!, i);
    this.base = i;
    this.window = this.buffer!.subarray(0, filled);
    return filled > 0;
  }

  /** The bytes [start, end) as text: from the window when it holds them, else read on their own and let go once decoded. */
  private textOf(start: number, end: number): string {
    if (this.bytes !== undefined) return this.text.decode(this.bytes.subarray(start, end));
    if (start >= this.base && end <= this.base + this.window.length) return this.text.decode(this.window.subarray(start - this.base, end - this.base));
    const bytes = new Uint8Array(end - start);
    if (this.source!.readInto(bytes, start) < bytes.length) throw this.parts.invalid('unexpected end of data');
    const text = this.text.decode(bytes);
    releaseBytes(bytes);
    return text;
  }

  skipSpace(i: number): number {
    while (isSpace(this.at(i))) i += 1;
    return i;
  }

  /** The shape of the value `valueEnd` measured last. */
  private readonly measured: JsonShape = { containers: 0, depth: 0 };

  /** The index just past the value starting at `i`; its shape is then in `measured`. */
  valueEnd(i: number): number {
    const { measured } = this;
    measured.containers = 0;
    measured.depth = 0;
    const first = this.at(i);
    if (first === QUOTE) return this.stringEnd(i);
    if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
      for (let byte = first; byte !== undefined && byte !== COMMA && byte !== CLOSE_OBJECT && byte !== CLOSE_ARRAY && !isSpace(byte); byte = this.at(++i));
      return i;
    }
    let depth = 0;
    let containers = 0;
    let deepest = 0;
    // Set when a string went on past the end of the window before.
    let inString = false;
    // The window's bytes are read in place, by their index in it; it moves on where the scan leaves it.
    while (this.hold(i)) {
      const { window, base } = this;
      const length = window.length;
      let w = i - base;
      if (inString) {
        w = closingQuote(window, w);
        if (w >= length) {
          i = base + w;
          continue;
        }
        inString = false;
        w += 1;
      }
      for (; w < length; w += 1) {
        const byte = window[w];
        if (byte === QUOTE) {
          w = closingQuote(window, w + 1);
          if (w >= length) {
            inString = true;
            break;
          }
        } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
          containers += 1;
          if (++depth > deepest) deepest = depth;
        } else if ((byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) && --depth === 0) {
          measured.containers = containers;
          measured.depth = deepest;
          return base + w + 1;
        }
      }
      i = base + w;
    }
    throw this.parts.invalid(inString ? 'unterminated string' : 'unexpected end of data');
  }

  /** The index just past the string whose opening quote is at `i`. */
  private stringEnd(i: number): number {
    for (let j = i + 1; this.hold(j); ) {
      const w = closingQuote(this.window, j - this.base);
      if (w < this.window.length) return this.base + w + 1;
      j = this.base + w;
    }
    throw this.parts.invalid('unterminated string');
  }

  /**
   * The value between `start` and `end`: parsed whole when small enough (with its `shape` when
   * the split measured it), else member by member.
   */
  parse(start: number, end: number, depth: number, shape?: JsonShape): unknown {
    if (end - start <= this.max) return this.parts.parsePart(this.textOf(start, end), shape);
    if (depth >= MAX_SPLIT_DEPTH) throw this.parts.invalid(`more than ${MAX_SPLIT_DEPTH} levels of large containers at byte ${start}`);
    const first = this.at(start);
    const last = this.at(end - 1);
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
        if (this.at(i) !== QUOTE) throw this.parts.invalid(`expected a key at byte ${i}`);
        keyEnd = this.stringEnd(i);
        i = this.skipSpace(keyEnd);
        if (this.at(i) !== COLON) throw this.parts.invalid(`expected ':' at byte ${i}`);
        i = this.skipSpace(i + 1);
      }
      const valueEnd = this.valueEnd(i);
      if (valueEnd === i) throw this.parts.invalid(`expected a value at byte ${i}`);
      yield [keyStart, keyEnd, i, valueEnd];
      i = this.skipSpace(valueEnd);
      if (i === close) return;
      if (this.at(i) !== COMMA) throw this.parts.invalid(`expected ',' at byte ${i}`);
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
      const key = this.parts.parsePart(this.textOf(keyStart, keyEnd), { containers: 0, depth: 0 });
      if (typeof key !== 'string') throw this.parts.invalid(`expected a key at byte ${keyStart}`);
      // defineProperty: a key named `__proto__` stays a key, as JSON.parse keeps it.
      Object.defineProperty(out, key, { value: this.parse(valueStart, valueEnd, depth, shape), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
}

/**
 * Reading the JSON documents apiposture exchanges (inventory snapshots, reports): size limit,
 * JSON syntax, schema version and schema, each failure a one-line `InputError`.
 */
import type { Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { z } from 'zod';
import { InputError } from '../errors.js';
import { fileBytes, MAX_PART_BYTES, parseJsonInParts, releaseBytes, type JsonParts, type JsonShape } from './json-parts.js';

export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid document';
  const path = issue.path.length ? issue.path.join('.') : '(root)';
  const more = error.issues.length > 1 ? ` (+${error.issues.length - 1} more problems)` : '';
  return `${path}: ${issue.message}${more}`;
}

/**
 * Deeper nesting than any snapshot or report has: hostile input, which recursive code
 * (`JSON.stringify`, renderers) would overflow the stack on.
 */
export const MAX_JSON_DEPTH = 256;

/**
 * The bytes of a file that is not read from where it lies (`readJsonFile`), refused past
 * `maxBytes` before they are read: by its size when it has one, else (a pipe, a device like
 * /dev/zero) once more than `maxBytes` have arrived. A file of known size is read into one
 * buffer of that size: read in chunks and joined, it was held twice its size until the chunks
 * were collected.
 */
async function readBounded(file: FileHandle, stats: Stats, overLimit: (size?: number) => InputError, maxBytes: number): Promise<Buffer> {
  const head = stats.isFile() ? await readInto(file, Buffer.allocUnsafe(stats.size)) : Buffer.alloc(0);
  // What a file that grew since its size was read, or a pipe, still holds.
  const chunks: Buffer[] = [head];
  let total = head.length;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - total));
    const { bytesRead } = await file.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
    if (total > maxBytes) throw overLimit();
  }
  return chunks.length === 1 ? head : Buffer.concat(chunks, total);
}

/** Fills `buffer` from the file's current position; the part filled when the file ends first. */
async function readInto(file: FileHandle, buffer: Buffer): Promise<Buffer> {
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await file.read(buffer, filled, buffer.length - filled, null);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

/**
 * Objects and arrays a document may hold: any number up to the first 10,000, then one per 16
 * bytes on average. Real snapshots and reports hold one per 50 bytes or more (fields, names,
 * ARNs); a file of empty objects or arrays (`{},{},…`, 3 bytes each) would cost minutes and
 * gigabytes to parse and validate before being refused, so it is refused before parsing.
 */
export const MIN_BYTES_PER_CONTAINER = 16;
const FREE_CONTAINERS = 10_000;

/**
 * Counts the objects and arrays of JSON text and how deep they nest, in one pass over the
 * characters (strings skipped), stopping as soon as a bound is passed: time is proportional to
 * the bytes, memory constant. Invalid JSON is left for `JSON.parse` to describe.
 */
function jsonShape(text: string, maxDepth: number, maxContainers: number): JsonShape {
  let containers = 0;
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      containers += 1;
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > maxDepth || containers > maxContainers) break;
    } else if (c === 0x7d || c === 0x5d) {
      depth -= 1;
    }
  }
  return { containers, depth: deepest };
}

/**
 * A JSON file parsed, each failure a one-line `InputError`. A regular file longer than a part
 * (src/util/json-parts.ts) is parsed from where it lies, its parts read as they are parsed: a
 * snapshot of 650 MB is otherwise held whole, as bytes, beside the document it parses into.
 * `maxPartBytes`: test seam.
 */
export async function readJsonFile(path: string, what: string, maxBytes: number, maxPartBytes = MAX_PART_BYTES): Promise<unknown> {
  const cannotRead = (error: unknown) => {
    if (error instanceof InputError) return error;
    const code = (error as NodeJS.ErrnoException).code;
    return new InputError(`cannot read ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(error))}`);
  };
  const overLimit = (size?: number) =>
    new InputError(`${what} ${path} is ${size === undefined ? '' : `${size} bytes, `}over the ${maxBytes}-byte limit`);
  let bytes: Buffer;
  let file: FileHandle | undefined;
  try {
    file = await open(path, 'r');
    const stats = await file.stat();
    if (stats.isFile() && stats.size > maxBytes) throw overLimit(stats.size);
    if (stats.isFile() && stats.size > maxPartBytes) return await parseJsonFileInParts(file, stats.size, what, path, partsOf(what, path, maxPartBytes));
    bytes = await readBounded(file, stats, overLimit, maxBytes);
  } catch (error) {
    throw cannotRead(error);
  } finally {
    await file?.close();
  }
  try {
    return parseJsonBytes(bytes, what, path, maxPartBytes);
  } finally {
    releaseBytes(bytes);
  }
}

/**
 * A regular file of `size` bytes parsed in parts read from it (`parts`: how they are parsed); one
 * that changed size while it was read is refused.
 */
export async function parseJsonFileInParts(file: FileHandle, size: number, what: string, path: string, parts: JsonParts): Promise<unknown> {
  const parsed = parseJsonInParts(fileBytes(file.fd, size), parts);
  if ((await file.stat()).size !== size) throw new InputError(`${what} ${path} changed while it was read (${size} bytes when opened)`);
  return parsed;
}

/** How the parts of a document named `source` are parsed, and what its errors say. */
export function partsOf(what: string, source: string, maxPartBytes: number): JsonParts {
  return {
    parsePart: (text, shape) => parseJsonText(text, what, source, shape),
    invalid: (problem) => new InputError(`${what} ${source} is not valid JSON: ${problem}`),
    maxPartBytes,
  };
}

/**
 * A document's UTF-8 bytes parsed as `parseJsonText` parses text; a document longer than V8's
 * longest string is parsed in parts (src/util/json-parts.ts), each checked the same way.
 */
export function parseJsonBytes(bytes: Uint8Array, what: string, source: string, maxPartBytes = MAX_PART_BYTES): unknown {
  if (bytes.length <= maxPartBytes) return parseJsonText(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'), what, source);
  return parseJsonInParts(bytes, partsOf(what, source, maxPartBytes));
}

/**
 * A document's text, read from wherever (a file, an S3 object) and already size-checked,
 * parsed as `readJsonFile` parses a file's: JSON syntax and nesting depth, one-line errors
 * naming `source`. `measured`: its shape, when the caller counted it already (json-parts.ts).
 */
export function parseJsonText(text: string, what: string, source: string, measured?: JsonShape): unknown {
  const maxContainers = FREE_CONTAINERS + Math.floor(text.length / MIN_BYTES_PER_CONTAINER);
  const shape = measured ?? jsonShape(text, MAX_JSON_DEPTH, maxContainers);
  if (shape.depth > MAX_JSON_DEPTH) {
    throw new InputError(`${what} ${source} nests deeper than ${MAX_JSON_DEPTH} levels: not an apiposture document`);
  }
  if (shape.containers > maxContainers) {
    throw new InputError(
      `${what} ${source} holds more than ${maxContainers} objects and arrays in ${text.length} characters ` +
        `(over one per ${MIN_BYTES_PER_CONTAINER} bytes): not an apiposture document`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(`${what} ${source} is not valid JSON: ${(error as Error).message}`);
  }
}

export interface VersionedKind<S extends z.ZodType> {
  /** How errors name the document: 'inventory snapshot', 'report'. */
  name: string;
  version: number;
  schema: S;
}

/** Checks the schema version first (the clearest message), then the whole schema. */
export function parseVersioned<S extends z.ZodType>(kind: VersionedKind<S>, document: unknown, source: string): z.infer<S> {
  sampleChecked(kind, document, source);
  return validated(kind, kind.schema.safeParse(document), source);
}

/** The document's kind and version checked, then a sample of it against the schema. */
function sampleChecked<S extends z.ZodType>(kind: VersionedKind<S>, document: unknown, source: string): asserts document is Record<string, unknown> {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new InputError(`${source} is not an apiposture ${kind.name} (expected a JSON object)`);
  }
  const version = (document as Record<string, unknown>).schemaVersion;
  if (version === undefined) {
    throw new InputError(`${source} is not an apiposture ${kind.name} (no schemaVersion)`);
  }
  if (version !== kind.version) {
    throw new InputError(
      `${source} has ${kind.name} schema version ${JSON.stringify(version)}; this apiposture reads version ${kind.version}`,
    );
  }
  // A document whose arrays hold millions of wrong items would make the validator build an
  // issue for each (gigabytes, minutes) before refusing it: its first items are judged first.
  validated(kind, kind.schema.safeParse(sampleOf(document)), source);
}

function validated<T>(kind: { name: string }, parsed: z.ZodSafeParseResult<T>, source: string): T {
  if (!parsed.success) throw new InputError(`${source} is not a valid apiposture ${kind.name}: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

/** What `parseVersionedByItems` does between and after the items it validates. */
export interface ItemHooks<I> {
  /** Called with each item once validated (and in the document). */
  validated?: (item: I) => void;
  /** Called before each item after the first (a collection of the ones read before, say). */
  between?: () => void;
}

/**
 * `parseVersioned` of a document nothing else holds (just read from a file), whose array under
 * `key` is most of it (a snapshot's regions): each item is validated on its own and put in the
 * document in place of what was read, so that the document as read and its validated copy
 * need not be held whole at once (the schema's output is a copy; an item as read is let go at
 * the next full collection). A document that is not valid is refused with the message
 * `parseVersioned` gives (the items validated so far are valid, so they add no problem to it).
 */
export function parseVersionedByItems<S extends z.ZodObject, I>(
  kind: VersionedKind<S>,
  document: unknown,
  source: string,
  key: string & keyof z.infer<S>,
  itemSchema: z.ZodType<I>,
  hooks: ItemHooks<I> = {},
): z.infer<S> {
  sampleChecked(kind, document, source);
  const items = document[key];
  const whole = () => validated(kind, kind.schema.safeParse(document), source);
  if (!Array.isArray(items)) return whole();
  for (let i = 0; i < items.length; i += 1) {
    if (i > 0) hooks.between?.();
    const item = itemSchema.safeParse(items[i]);
    if (!item.success) return whole();
    items[i] = item.data;
    hooks.validated?.(item.data);
  }
  // The items are valid: the rest's problems, if any, are the whole document's.
  const out = validated(kind, kind.schema.safeParse({ ...document, [key]: [] }), source) as Record<string, unknown>;
  out[key] = items;
  return out as z.infer<S>;
}

/** Items of each array a sample keeps. */
const SAMPLE_ITEMS = 50;

/** The document with every array cut to its first items (a small copy; keys kept as data). */
function sampleOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.slice(0, SAMPLE_ITEMS).map(sampleOf);
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    Object.defineProperty(out, key, { value: sampleOf(member), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * Reading the JSON documents apiposture exchanges (inventory snapshots, reports): size limit,
 * JSON syntax, schema version and schema, each failure a one-line `InputError`.
 */
import { open } from 'node:fs/promises';
import type { z } from 'zod';
import { InputError } from '../errors.js';

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
 * The file's bytes, refused past `maxBytes` before they are read: by its size when it has
 * one, else (a pipe, a device like /dev/zero) once more than `maxBytes` have arrived.
 */
async function readBounded(path: string, what: string, maxBytes: number): Promise<Buffer> {
  const overLimit = (size?: number) =>
    new InputError(`${what} ${path} is ${size === undefined ? '' : `${size} bytes, `}over the ${maxBytes}-byte limit`);
  const file = await open(path, 'r');
  try {
    const stats = await file.stat();
    if (stats.isFile() && stats.size > maxBytes) throw overLimit(stats.size);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - total));
      const { bytesRead } = await file.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw overLimit();
    }
    return Buffer.concat(chunks, total);
  } finally {
    await file.close();
  }
}

/** How deeply `value` nests (a scalar is 0), counted without recursion, stopping past `limit`. */
function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    const inner = depth + 1;
    if (inner > deepest) deepest = inner;
    if (deepest > limit) return deepest;
    for (const child of Object.values(item)) if (typeof child === 'object' && child !== null) stack.push([child, inner]);
  }
  return deepest;
}

export async function readJsonFile(path: string, what: string, maxBytes: number): Promise<unknown> {
  let text: string;
  try {
    text = (await readBounded(path, what, maxBytes)).toString('utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(error))}`);
  }
  return parseJsonText(text, what, path);
}

/**
 * A document's text, read from wherever (a file, an S3 object) and already size-checked,
 * parsed as `readJsonFile` parses a file's: JSON syntax and nesting depth, one-line errors
 * naming `source`.
 */
export function parseJsonText(text: string, what: string, source: string): unknown {
  let document: unknown;
  try {
    document = JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(`${what} ${source} is not valid JSON: ${(error as Error).message}`);
  }
  if (nestingDepth(document, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new InputError(`${what} ${source} nests deeper than ${MAX_JSON_DEPTH} levels: not an apiposture document`);
  }
  return document;
}

export interface VersionedKind<S extends z.ZodType> {
  /** How errors name the document: 'inventory snapshot', 'report'. */
  name: string;
  version: number;
  schema: S;
}

/** Checks the schema version first (the clearest message), then the whole schema. */
export function parseVersioned<S extends z.ZodType>(kind: VersionedKind<S>, document: unknown, source: string): z.infer<S> {
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
  const parsed = kind.schema.safeParse(document);
  if (!parsed.success) {
    throw new InputError(`${source} is not a valid apiposture ${kind.name}: ${describeZodError(parsed.error)}`);
  }
  return parsed.data;
}

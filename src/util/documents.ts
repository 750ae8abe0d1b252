/**
 * Reading the JSON documents apiposture exchanges (inventory snapshots, reports): size limit,
 * JSON syntax, schema version and schema, each failure a one-line `InputError`.
 */
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { InputError } from '../errors.js';

export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid document';
  const path = issue.path.length ? issue.path.join('.') : '(root)';
  const more = error.issues.length > 1 ? ` (+${error.issues.length - 1} more problems)` : '';
  return `${path}: ${issue.message}${more}`;
}

export async function readJsonFile(path: string, what: string, maxBytes: number): Promise<unknown> {
  let text: string;
  try {
    const buffer = await readFile(path);
    if (buffer.byteLength > maxBytes) {
      throw new InputError(`${what} ${path} is ${buffer.byteLength} bytes, over the ${maxBytes}-byte limit`);
    }
    text = buffer.toString('utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(error))}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(`${what} ${path} is not valid JSON: ${(error as Error).message}`);
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

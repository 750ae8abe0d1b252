/** Reading and writing inventory snapshots. Every failure is a one-line `InputError`. */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { INVENTORY_SCHEMA_VERSION, inventorySchema, type Inventory } from './schema.js';

/** Snapshots larger than this are refused before parsing (a real account is a few MB). */
export const MAX_SNAPSHOT_BYTES = 512 * 1024 * 1024;

export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid document';
  const path = issue.path.length ? issue.path.join('.') : '(root)';
  const more = error.issues.length > 1 ? ` (+${error.issues.length - 1} more problems)` : '';
  return `${path}: ${issue.message}${more}`;
}

export async function readJsonFile(path: string, what: string, maxBytes = MAX_SNAPSHOT_BYTES): Promise<unknown> {
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

export function parseInventory(document: unknown, source: string): Inventory {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new InputError(`${source} is not an apiposture inventory snapshot (expected a JSON object)`);
  }
  const version = (document as Record<string, unknown>).schemaVersion;
  if (version === undefined) {
    throw new InputError(`${source} is not an apiposture inventory snapshot (no schemaVersion)`);
  }
  if (version !== INVENTORY_SCHEMA_VERSION) {
    throw new InputError(
      `${source} has inventory schema version ${JSON.stringify(version)}; this apiposture reads version ${INVENTORY_SCHEMA_VERSION}`,
    );
  }
  const parsed = inventorySchema.safeParse(document);
  if (!parsed.success) {
    throw new InputError(`${source} is not a valid inventory snapshot: ${describeZodError(parsed.error)}`);
  }
  return parsed.data;
}

export async function readInventory(path: string): Promise<Inventory> {
  return parseInventory(await readJsonFile(path, 'snapshot'), path);
}

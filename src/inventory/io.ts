/** Reading and writing inventory snapshots. Every failure is a one-line `InputError`. */
import { InputError } from '../errors.js';
import { writeAtomic } from '../util/atomic-write.js';
import { parseVersioned, readJsonFile } from '../util/documents.js';
import { INVENTORY_SCHEMA_VERSION, inventorySchema, type Inventory } from './schema.js';

/** Snapshots larger than this are refused before parsing (a real account is a few MB). */
export const MAX_SNAPSHOT_BYTES = 512 * 1024 * 1024;

const INVENTORY = { name: 'inventory snapshot', version: INVENTORY_SCHEMA_VERSION, schema: inventorySchema };

export function parseInventory(document: unknown, source: string): Inventory {
  return parseVersioned(INVENTORY, document, source);
}

export async function readInventory(path: string): Promise<Inventory> {
  return parseInventory(await readJsonFile(path, 'snapshot', MAX_SNAPSHOT_BYTES), path);
}

export async function writeInventory(path: string, inventory: Inventory): Promise<void> {
  try {
    await writeAtomic(path, [JSON.stringify(inventory, null, 2), '\n']);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new InputError(`cannot write the snapshot ${path}: ${code}`);
  }
}

/**
 * The optional config file (`--config apiposture.json`): per-check thresholds.
 *   { "checks": { "domain-certificate": { "expiryDays": 45 } } }
 */
import { z } from 'zod';
import { parseVersioned, readJsonFile } from '../util/documents.js';
import type { RunOptions } from '../engine/runner.js';

export const CONFIG_VERSION = 1;

const configSchema = z.strictObject({
  schemaVersion: z.literal(CONFIG_VERSION),
  checks: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
});

export async function readConfig(path: string): Promise<RunOptions> {
  const document = await readJsonFile(path, 'config', 1024 * 1024);
  const config = parseVersioned({ name: 'config', version: CONFIG_VERSION, schema: configSchema }, document, path);
  return { checkOptions: config.checks };
}

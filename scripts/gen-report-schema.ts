/**
 * Generates schema/report.schema.json (JSON Schema draft 2020-12) from the zod
 * `reportDocumentSchema`: the compact form apiposture writes, or the expanded one it also reads.
 * `--check` verifies the committed file is up to date instead of writing it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { reportDocumentSchema } from '../src/report/model.js';

const ROOT = new URL('..', import.meta.url).pathname;
export const REPORT_SCHEMA_PATH = join(ROOT, 'schema', 'report.schema.json');

export function reportJsonSchemaText(): string {
  const schema = z.toJSONSchema(reportDocumentSchema, { target: 'draft-2020-12' });
  return JSON.stringify(schema, null, 2) + '\n';
}

function main(): void {
  const expected = reportJsonSchemaText();
  let current = '';
  try {
    current = readFileSync(REPORT_SCHEMA_PATH, 'utf8');
  } catch {
    // a missing file is stale like any other
  }
  if (current === expected) return;
  if (process.argv.includes('--check')) {
    console.error('out of date: schema/report.schema.json; run `node --import tsx scripts/gen-report-schema.ts`');
    process.exit(1);
  }
  writeFileSync(REPORT_SCHEMA_PATH, expected);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();

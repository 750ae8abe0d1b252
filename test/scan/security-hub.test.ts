import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import pino from 'pino';
import { InputError } from '../../src/errors.js';
import { parseInventory } from '../../src/inventory/io.js';
import { evaluateInventory } from '../../src/scan/evaluate.js';
import { importIntoSecurityHub } from '../../src/scan/security-hub.js';

const demo = evaluateInventory(parseInventory(JSON.parse(readFileSync('examples/demo-inventory.json', 'utf8')), 'demo'), {}, new Date('2026-12-01T00:00:00Z'));
const logger = pino({ level: 'silent' });

describe('importing a report into Security Hub', () => {
  it('refuses a report filtered to some APIs: reconciling it would archive the other APIs’ findings', async () => {
    const filtered = {
      ...demo,
      scan: {
        ...demo.scan,
        selection: { checks: { ran: demo.checks.length, available: demo.checks.length }, filters: { apis: ['orders-*'] }, apis: { selected: 1, found: 9, rule: 'x' } },
      },
    };
    const outputDir = mkdtempSync(join(tmpdir(), 'apiposture-sh-'));
    await assert.rejects(importIntoSecurityHub({ dryRun: true }, { report: filtered, outputDir, logger }), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.match(error.message, /covers only some APIs .* would archive the other APIs' findings/);
      return true;
    });
  });

  it('takes a report of every API (a dry run writes its batches)', async () => {
    const outputDir = mkdtempSync(join(tmpdir(), 'apiposture-sh-'));
    const summary = await importIntoSecurityHub({ dryRun: true }, { report: demo, outputDir, logger });
    assert.ok(summary.files.length > 0);
  });
});

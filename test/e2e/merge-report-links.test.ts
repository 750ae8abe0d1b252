/**
 * `merge` over the folders a many-account scan writes (`<output-dir>/<account>/report.json` and
 * `report.html`) links each account's row of organisation-report.html to that account's own
 * report.html, relatively, and only when that file is there.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Inventory } from '../../src/inventory/schema.js';
import { LocalFolderSink } from '../../src/output/local.js';
import { writeReportFiles } from '../../src/output/reports.js';
import { evaluateInventory } from '../../src/scan/evaluate.js';
import { REPO, runCli, type CliRun } from './run-cli.js';

const DEMO_TEXT = readFileSync(join(REPO, 'examples/demo-inventory.json'), 'utf8');
const DEMO_ACCOUNT = (JSON.parse(DEMO_TEXT) as Inventory).account.id;
const WITH_HTML = '111111111111';
const JSON_ONLY = '222222222222';

async function accountFolder(root: string, account: string, formats: ('json' | 'html')[]): Promise<string> {
  const report = evaluateInventory(JSON.parse(DEMO_TEXT.replaceAll(DEMO_ACCOUNT, account)) as Inventory, {}, new Date('2026-11-01T12:00:00Z'));
  const { written } = await writeReportFiles(new LocalFolderSink(join(root, account)), report, formats);
  return written.find((path) => path.endsWith('report.json'))!;
}

describe('apiposture merge links each account to its own report', () => {
  const root = mkdtempSync(join(tmpdir(), 'apiposture-e2e-links-'));
  let run: CliRun;
  before(async () => {
    const files = [await accountFolder(root, WITH_HTML, ['json', 'html']), await accountFolder(root, JSON_ONLY, ['json'])];
    run = await runCli(['merge', ...files, '--output-dir', root, '--format', 'html', '--fail-on', 'none']);
  });

  it('links the report.html beside a report.json, relative to the organisation report, and nothing else', () => {
    // 3: the demo account's scan is incomplete (collection errors).
    assert.equal(run.code, 3, run.stderr);
    const page = readFileSync(join(root, 'organisation-report.html'), 'utf8');
    const links = [...page.matchAll(/<a class="account-report" href="([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(links, [`${WITH_HTML}/report.html`]);
    const row = page.slice(page.indexOf(`<tr id="account-${JSON_ONLY}"`));
    assert.doesNotMatch(row.slice(0, row.indexOf('</tr>')), /account-report/);
  });
});

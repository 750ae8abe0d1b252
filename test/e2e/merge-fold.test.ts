/**
 * `merge` reads one report at a time and writes the organisation's files from what it kept of
 * each (a digest, and each account's part of the per-result files). Every file it writes must be
 * byte for byte what the renderers make from all the account reports held at once: this runs the
 * CLI on three demo-based reports (two accounts whose API ARNs are the same, as API Gateway ARNs
 * name no account, and an older report of one of them, given first) in every format, with and
 * without `--status` and `--mute-file`, and renders the same reports in memory.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { allChecks } from '../../checks/index.js';
import { subsumptionTable } from '../../src/engine/scoring.js';
import type { Inventory } from '../../src/inventory/schema.js';
import { readMuteFile } from '../../src/mute/file.js';
import { LocalFolderSink } from '../../src/output/local.js';
import { accountReportLinks } from '../../src/output/report-links.js';
import { writeReportFiles } from '../../src/output/reports.js';
import { rollUpCompliance } from '../../src/report/compliance.js';
import { ORGANISATION_FILES, REPORT_FORMATS, type ReportFormat } from '../../src/report/formats.js';
import { mergeReports, parseOrganisationReport, readReportToMerge, type MergeSource } from '../../src/report/merge.js';
import { muteReports } from '../../src/report/mutes.js';
import { filterReportStatuses, parseStatuses } from '../../src/report/result-rows.js';
import { withComplianceFocus } from '../../src/report/compliance.js';
import type { Status } from '../../src/model/results.js';
import { evaluateInventory } from '../../src/scan/evaluate.js';
import { asffFileFindings } from '../../src/securityhub/asff-file.js';
import { REPO, runCli } from './run-cli.js';

const DEMO_TEXT = readFileSync(join(REPO, 'examples/demo-inventory.json'), 'utf8');
const DEMO_ACCOUNT = (JSON.parse(DEMO_TEXT) as Inventory).account.id;
const MUTES = join(REPO, 'examples/demo-mutes.yaml');
const ALL_FORMATS = REPORT_FORMATS.map((row) => row.id);

async function reportFile(dir: string, account: string, generatedAt: string): Promise<string> {
  const inventory = JSON.parse(DEMO_TEXT.replaceAll(DEMO_ACCOUNT, account)) as Inventory;
  const report = evaluateInventory(inventory, {}, new Date(generatedAt));
  const {
    written: [path],
  } = await writeReportFiles(new LocalFolderSink(dir), report, ['json']);
  return path!;
}

/** The organisation's files as the renderers make them from every report held at once. */
async function heldAtOnce(files: readonly string[], out: string, generatedAt: string, statuses: Status[] | undefined, muteFile: string | undefined) {
  const read: MergeSource[] = await Promise.all(files.map((file) => readReportToMerge(file)));
  const list = muteFile === undefined ? undefined : await readMuteFile(muteFile, allChecks.map((check) => check.id));
  const sources = list ? muteReports(read, list, new Date(generatedAt), subsumptionTable(allChecks)) : read;
  const merged = withComplianceFocus(mergeReports(sources, { generatedAt, toolVersion: '' }), undefined);
  // The compliance roll-up folded account by account equals compliance.ts's over every result at once.
  const used = sources.filter((_, i) => merged.sources[i]!.used);
  assert.deepEqual(
    merged.compliance,
    rollUpCompliance(
      used.flatMap((s) => s.report.results),
      used.flatMap((s) => s.report.checks),
    ),
  );
  const accounts = used.map((s) => filterReportStatuses(s.report, statuses));
  const links = accountReportLinks(used.map((s) => ({ file: s.file, account: s.report.scan.account })), out);
  return { merged, context: { accounts, asffFindings: asffFileFindings, ...(links ? { accountReportLinks: links } : {}) } };
}

describe('apiposture merge holds one report at a time, and writes what holding them all would', () => {
  const root = mkdtempSync(join(tmpdir(), 'apiposture-e2e-merge-fold-'));
  let files: string[];
  before(async () => {
    files = [
      await reportFile(join(root, 'older'), '111111111111', '2026-10-01T12:00:00.000Z'),
      await reportFile(join(root, '222222222222'), '222222222222', '2026-11-01T12:10:00.000Z'),
      await reportFile(join(root, '111111111111'), '111111111111', '2026-11-01T12:00:00.000Z'),
    ];
  });

  const variants: [string, string[]][] = [
    ['every format', []],
    ['--status FAIL,ERROR', ['--status', 'FAIL,ERROR']],
    ['--mute-file', ['--mute-file', MUTES]],
  ];
  for (const [name, extra] of variants) {
    it(name, async () => {
      const out = join(root, name.replace(/\W+/g, '-'));
      const run = await runCli(['merge', ...files, '--output-dir', out, '--format', ALL_FORMATS.join(','), '--fail-on', 'none', ...extra]);
      assert.ok(run.code === 0 || run.code === 3, run.stderr);
      const written = parseOrganisationReport(JSON.parse(readFileSync(join(out, ORGANISATION_FILES.json), 'utf8')), 'written');
      assert.equal(written.sources.filter((s) => s.used).length, 2);
      const statusIndex = extra.indexOf('--status');
      const statuses = statusIndex < 0 ? undefined : (parseStatuses(extra[statusIndex + 1]!.split(',')) as Status[]);
      const muteIndex = extra.indexOf('--mute-file');
      const { merged, context } = await heldAtOnce(files, out, written.generatedAt, statuses, muteIndex < 0 ? undefined : extra[muteIndex + 1]);
      const report = { ...merged, tool: written.tool };
      assert.deepEqual(readdirSync(out).sort(), ALL_FORMATS.map((id) => ORGANISATION_FILES[id as ReportFormat]).sort());
      for (const row of REPORT_FORMATS) {
        const expected = [...row.organisation(report, context)].join('');
        const actual = readFileSync(join(out, ORGANISATION_FILES[row.id]), 'utf8');
        assert.ok(actual === expected, `${row.id}: the file differs from the renderers' (${actual.length} against ${expected.length} characters)`);
      }
    });
  }
});

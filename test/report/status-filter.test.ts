/**
 * `--status`: every format lists only the chosen statuses; report.json keeps its scores and
 * summary and says it is filtered; a filtered report is refused by the Security Hub import and
 * by merge (both need every result). And `merge` writes the per-result formats for the
 * organisation, over the accounts it merged.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import pino from 'pino';
import { parseStatusOption } from '../../src/cli/output-options.js';
import { InputError } from '../../src/errors.js';
import { LocalFolderSink } from '../../src/output/local.js';
import { writeOrganisationFiles } from '../../src/output/reports.js';
import { CSV_BOM } from '../../src/report/csv.js';
import { REPORT_FORMATS, type ReportFormat } from '../../src/report/formats.js';
import { mergeReports, reportToMerge } from '../../src/report/merge.js';
import { parseReport, type Report } from '../../src/report/model.js';
import { filterReportStatuses } from '../../src/report/result-rows.js';
import { deliverReport } from '../../src/scan/deliver.js';
import { importIntoSecurityHub } from '../../src/scan/security-hub.js';
import { asffFileFindings } from '../../src/securityhub/asff-file.js';
import { childrenNamed, parseCsv, parseXml } from './parsers.js';
import { demoReport } from './results-fixture.js';

const ALL_FORMATS = REPORT_FORMATS.map((row) => row.id) as ReportFormat[];

/** The statuses each format's file lists, read back from the file. */
async function statusesWritten(dir: string, prefix = ''): Promise<Record<string, Set<string>>> {
  const read = (name: string) => readFile(join(dir, `${prefix}${name}`), 'utf8');
  const json = prefix ? undefined : parseReport(JSON.parse(await read('report.json')), 'report.json');
  const [, ...rows] = parseCsv((await read('report.csv')).slice(CSV_BOM.length));
  const ocsf = (await read('report.ocsf.jsonl')).trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
  const junit = parseXml(await read('report.junit.xml'));
  const cases = childrenNamed(junit, 'testsuite').flatMap((s) => childrenNamed(s, 'testcase'));
  const asff = JSON.parse(await read('report.asff.json')).Findings as { Compliance: { Status: string } }[];
  return {
    ...(json ? { json: new Set([...json.results, ...json.accountResults].map((r) => r.status)) } : {}),
    csv: new Set(rows.map((row) => row[4]!)),
    ocsf: new Set(ocsf.map((f) => f.unmapped.result_status)),
    junit: new Set(cases.map((c) => c.children.find((e) => ['failure', 'error', 'skipped'].includes(e.name))?.name ?? 'passed')),
    asff: new Set(asff.map((f) => f.Compliance.Status)),
  };
}

describe('--status', () => {
  it('takes statuses in any case, comma-separated, and refuses others in one line', () => {
    assert.deepEqual(parseStatusOption('fail'), ['FAIL']);
    assert.deepEqual(parseStatusOption('ERROR, fail'), ['FAIL', 'ERROR']);
    assert.equal(parseStatusOption(undefined), undefined);
    for (const bad of ['FAILED', 'FAIL,oops', '', ',']) {
      assert.throws(() => parseStatusOption(bad), (e: unknown) => e instanceof InputError && /--status \(APIPOSTURE_STATUS\) takes PASS, FAIL, NOT_APPLICABLE, ERROR/.test(e.message), bad);
    }
  });

  it('report.json lists only those results, keeps scores and counts, says it is filtered, and still parses', async () => {
    const report = await demoReport();
    const filtered = filterReportStatuses(report, ['FAIL']);
    assert.ok(filtered.results.length > 0 && filtered.results.every((r) => r.status === 'FAIL'));
    assert.ok(filtered.accountResults.every((r) => r.status === 'FAIL'));
    assert.deepEqual(filtered.scan.statusFilter, ['FAIL']);
    assert.deepEqual(filtered.summary, report.summary);
    assert.deepEqual(filtered.apis, report.apis);
    assert.deepEqual(filtered.compliance, report.compliance);
    assert.deepEqual(parseReport(JSON.parse(JSON.stringify(filtered)), 'filtered').scan.statusFilter, ['FAIL']);
    assert.equal(filterReportStatuses(report, undefined), report, 'no filter, the same report');
    assert.equal(filterReportStatuses(report, ['PASS', 'FAIL', 'NOT_APPLICABLE', 'ERROR']), report, 'every status is no filter');
  });

  for (const statuses of [['FAIL'], ['FAIL', 'ERROR']] as const) {
    it(`writes only ${statuses.join(',')} results in every format, and the exit code still weighs every result`, async () => {
      const report = await demoReport();
      const dir = await mkdtemp(join(tmpdir(), 'apiposture-status-'));
      const plain = await deliverReport(report, { outputDir: join(dir, 'all'), formats: ALL_FORMATS, failOn: 'high' });
      const delivery = await deliverReport(report, { outputDir: dir, formats: ALL_FORMATS, failOn: 'high', statuses: [...statuses] });
      assert.deepEqual(delivery.failures, []);
      assert.equal(delivery.exitCode, plain.exitCode);
      const written = await statusesWritten(dir);
      const asffStatus = { FAIL: 'FAILED', ERROR: 'NOT_AVAILABLE' } as const;
      const junitOutcome = { FAIL: 'failure', ERROR: 'error' } as const;
      assert.deepEqual(written.json, new Set(statuses));
      assert.deepEqual(written.csv, new Set(statuses));
      assert.deepEqual(written.ocsf, new Set(statuses));
      assert.deepEqual(written.asff, new Set(statuses.map((s) => asffStatus[s])));
      // A muted failure is a skipped test case: it does not fail the build.
      assert.deepEqual(written.junit, new Set([...statuses.map((s) => junitOutcome[s]), 'skipped']));
    });
  }

  it('leaves the PASS results out of the HTML report', async () => {
    const report = await demoReport();
    const dir = await mkdtemp(join(tmpdir(), 'apiposture-status-html-'));
    await deliverReport(report, { outputDir: join(dir, 'all'), formats: ['html'], failOn: 'none' });
    await deliverReport(report, { outputDir: dir, formats: ['html'], failOn: 'none', statuses: ['FAIL'] });
    const passes = (html: string) => html.split('data-status="PASS"').length - 1;
    assert.ok(passes(await readFile(join(dir, 'all', 'report.html'), 'utf8')) > 0);
    const filtered = await readFile(join(dir, 'report.html'), 'utf8');
    assert.equal(passes(filtered), 0);
    assert.ok(filtered.split('data-status="FAIL"').length > 1);
  });

  it('a filtered report is refused by the Security Hub import: the reconcile would archive the findings it leaves out', async () => {
    const filtered = filterReportStatuses(await demoReport(), ['FAIL']);
    const dir = await mkdtemp(join(tmpdir(), 'apiposture-status-hub-'));
    await assert.rejects(
      importIntoSecurityHub({ dryRun: true }, { report: filtered, outputDir: dir, logger: pino({ level: 'silent' }) }),
      (e: unknown) => e instanceof InputError && /lists only its FAIL results \(--status\)/.test(e.message),
    );
  });

  it('a filtered report is refused by merge: accounts are scored from every result', async () => {
    const filtered = filterReportStatuses(await demoReport(), ['FAIL', 'ERROR']);
    assert.throws(
      () => reportToMerge(JSON.parse(JSON.stringify(filtered)), 'a/report.json'),
      (e: unknown) => e instanceof InputError && /a\/report\.json lists only its FAIL, ERROR results \(--status\)/.test(e.message),
    );
  });
});

describe('merge writes the per-result formats for the organisation', () => {
  async function twoAccounts(): Promise<Report[]> {
    const a = await demoReport();
    const b = JSON.parse(JSON.stringify(a).replaceAll(a.scan.account, '222222222222')) as Report;
    return [a, b];
  }

  it('over every merged account’s results, and --status filters them too', async () => {
    const accounts = await twoAccounts();
    const merged = mergeReports(accounts.map((report, i) => ({ file: `${i}/report.json`, report })), { generatedAt: '2026-11-02T00:00:00.000Z', toolVersion: '0.0.0-test' });
    const dir = await mkdtemp(join(tmpdir(), 'apiposture-org-formats-'));
    const { written } = await writeOrganisationFiles(new LocalFolderSink(dir), merged, ALL_FORMATS, REPORT_FORMATS, { accounts, asffFindings: asffFileFindings });
    assert.deepEqual(written, REPORT_FORMATS.map((row) => join(dir, `organisation-${row.fileName}`)));

    const total = accounts.reduce((n, r) => n + r.results.length, 0);
    const [, ...rows] = parseCsv((await readFile(join(dir, 'organisation-report.csv'), 'utf8')).slice(CSV_BOM.length));
    assert.equal(rows.length, total);
    assert.deepEqual(new Set(rows.map((row) => row[8])), new Set([accounts[0]!.scan.account, '222222222222']));
    const asff = JSON.parse(await readFile(join(dir, 'organisation-report.asff.json'), 'utf8')).Findings as { AwsAccountId: string }[];
    assert.deepEqual(new Set(asff.map((f) => f.AwsAccountId)), new Set([accounts[0]!.scan.account, '222222222222']));
    const junit = parseXml(await readFile(join(dir, 'organisation-report.junit.xml'), 'utf8'));
    const pairs = accounts.reduce((n, r) => n + new Set(r.results.map((x) => `${x.checkId} ${x.resource.arn}`)).size, 0);
    assert.equal(Number(junit.attributes.tests), pairs, 'one test case per check × resource of each account');
    const ocsf = (await readFile(join(dir, 'organisation-report.ocsf.jsonl'), 'utf8')).trim().split('\n');
    assert.equal(ocsf.length, accounts.reduce((n, r) => n + r.results.filter((x) => x.status !== 'NOT_APPLICABLE').length, 0));

    const filteredDir = await mkdtemp(join(tmpdir(), 'apiposture-org-status-'));
    await writeOrganisationFiles(new LocalFolderSink(filteredDir), merged, ALL_FORMATS, REPORT_FORMATS, {
      accounts: accounts.map((r) => filterReportStatuses(r, ['FAIL'])),
      asffFindings: asffFileFindings,
    });
    const written2 = await statusesWritten(filteredDir, 'organisation-');
    assert.deepEqual(written2.csv, new Set(['FAIL']));
    assert.deepEqual(written2.ocsf, new Set(['FAIL']));
    assert.deepEqual(written2.asff, new Set(['FAILED']));
  });

  it('an organisation file of results cannot be written without the account reports', async () => {
    const [a] = await twoAccounts();
    const merged = mergeReports([{ file: 'a.json', report: a! }], { generatedAt: '2026-11-02T00:00:00.000Z', toolVersion: '0.0.0-test' });
    await assert.rejects(writeOrganisationFiles(new LocalFolderSink(await mkdtemp(join(tmpdir(), 'apiposture-org-'))), merged, ['csv']), /needs the account reports/);
  });
});

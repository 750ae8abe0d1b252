/**
 * The per-result formats through the CLI on the demo account: `--format
 * csv,ocsf,junit,asff` writes each, valid; `--status` (and APIPOSTURE_STATUS) filters every
 * format; a filtered report.json is refused by `securityhub import` and by `merge`; `merge`
 * writes the formats for the organisation.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { CSV_BOM, CSV_COLUMNS } from '../../src/report/csv.js';
import { parseReport } from '../../src/report/model.js';
import { childrenNamed, parseCsv, parseXml } from '../report/parsers.js';
import { assertValidAsff } from '../securityhub/asff-valid.js';
import { isolatedEnv, REPO, runCli, type CliRun } from './run-cli.js';

const DEMO = join(REPO, 'examples/demo-inventory.json');
const FORMATS = ['csv', 'ocsf', 'junit', 'asff'];
const OCSF_SCHEMA = JSON.parse(readFileSync(join(REPO, 'test/fixtures/ocsf-compliance-finding-1.6.0.schema.json'), 'utf8'));
const validateOcsf = new Ajv2020({ allErrors: true, strict: false }).compile(OCSF_SCHEMA);

function read(dir: string, name: string): string {
  return readFileSync(join(dir, name), 'utf8');
}

function csvStatuses(text: string): string[] {
  assert.ok(text.startsWith(CSV_BOM));
  const [header, ...rows] = parseCsv(text.slice(CSV_BOM.length));
  assert.deepEqual(header, [...CSV_COLUMNS]);
  return rows.map((row) => row[CSV_COLUMNS.indexOf('status')]!);
}

function assertOneLineError(run: CliRun, pattern: RegExp): void {
  assert.equal(run.code, 2, run.stderr);
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, run.stderr);
  assert.match(lines[0]!, pattern);
}

describe('apiposture --format csv,ocsf,junit,asff', () => {
  const root = mkdtempSync(join(tmpdir(), 'apiposture-e2e-formats-'));
  const all = join(root, 'all');
  const failed = join(root, 'failed');
  let run: CliRun;
  let filtered: CliRun;
  before(async () => {
    [run, filtered] = await Promise.all([
      runCli(['evaluate', DEMO, '--output-dir', all, '--format', ['json', ...FORMATS].join(','), '--fail-on', 'none']),
      runCli(['evaluate', DEMO, '--output-dir', failed, '--format', ['json', ...FORMATS].join(','), '--fail-on', 'none'], isolatedEnv({ APIPOSTURE_STATUS: 'FAIL' })),
    ]);
  });

  it('writes the four files, and the demo’s exit code is its usual 3 (incomplete)', () => {
    assert.equal(run.code, 3, run.stderr);
    assert.deepEqual(readdirSync(all).sort(), ['report.asff.json', 'report.csv', 'report.json', 'report.junit.xml', 'report.ocsf.jsonl']);
    for (const name of ['report.csv', 'report.ocsf.jsonl', 'report.junit.xml', 'report.asff.json']) assert.match(run.stdout, new RegExp(`wrote .*${name.replace('.', '\\.')}`));
  });

  it('each file is valid and holds the report’s results', () => {
    const report = parseReport(JSON.parse(read(all, 'report.json')), 'report.json');
    assert.equal(csvStatuses(read(all, 'report.csv')).length, report.results.length);
    const ocsf = read(all, 'report.ocsf.jsonl').trim().split('\n').map((line) => JSON.parse(line));
    assert.equal(ocsf.length, report.results.filter((r) => r.status !== 'NOT_APPLICABLE').length);
    for (const finding of ocsf) assert.ok(validateOcsf(finding), JSON.stringify(validateOcsf.errors));
    const junit = parseXml(read(all, 'report.junit.xml'));
    assert.equal(childrenNamed(junit, 'testsuite').length, new Set(report.results.map((r) => r.checkId)).size);
    const asff = JSON.parse(read(all, 'report.asff.json')) as { Findings: AwsSecurityFinding[] };
    for (const finding of asff.Findings) assertValidAsff(finding);
    assert.deepEqual(new Set(asff.Findings.map((f) => f.Id)), new Set(ocsf.map((f) => f.finding_info.uid)));
  });

  it('APIPOSTURE_STATUS=FAIL writes only failures in every format; report.json says so and keeps its counts', () => {
    assert.equal(filtered.code, 3, filtered.stderr);
    const report = parseReport(JSON.parse(read(failed, 'report.json')), 'report.json');
    const full = parseReport(JSON.parse(read(all, 'report.json')), 'report.json');
    assert.deepEqual(report.scan.statusFilter, ['FAIL']);
    assert.deepEqual(report.summary, full.summary);
    assert.deepEqual(new Set(report.results.map((r) => r.status)), new Set(['FAIL']));
    assert.deepEqual(new Set(csvStatuses(read(failed, 'report.csv'))), new Set(['FAIL']));
    const ocsf = read(failed, 'report.ocsf.jsonl').trim().split('\n').map((line) => JSON.parse(line));
    assert.deepEqual(new Set(ocsf.map((f) => f.compliance.status)), new Set(['Fail']));
    const asff = JSON.parse(read(failed, 'report.asff.json')) as { Findings: AwsSecurityFinding[] };
    assert.deepEqual(new Set(asff.Findings.map((f) => f.Compliance?.Status)), new Set(['FAILED']));
    const junit = parseXml(read(failed, 'report.junit.xml'));
    assert.equal(Number(junit.attributes.errors), 0);
    assert.equal(Number(junit.attributes.tests), Number(junit.attributes.failures) + Number(junit.attributes.skipped));
  });

  it('a bad --status is a one-line usage error', async () => {
    assertOneLineError(await runCli(['evaluate', DEMO, '--output-dir', join(root, 'bad'), '--status', 'FAILED']), /--status \(APIPOSTURE_STATUS\) takes PASS, FAIL, NOT_APPLICABLE, ERROR/);
  });

  it('securityhub import refuses a --status report: its reconcile would archive what the file leaves out', async () => {
    const refused = await runCli(['securityhub', 'import', join(failed, 'report.json'), '--security-hub-dry-run', '--output-dir', join(root, 'hub')]);
    assertOneLineError(refused, /lists only its FAIL results \(--status\)/);
  });

  it('merge writes the four formats for the organisation, and refuses a --status report', async () => {
    const org = join(root, 'org');
    const merged = await runCli(['merge', join(all, 'report.json'), '--output-dir', org, '--format', FORMATS.join(','), '--fail-on', 'none']);
    assert.ok(merged.code === 0 || merged.code === 3, merged.stderr);
    assert.deepEqual(readdirSync(org).sort(), ['organisation-report.asff.json', 'organisation-report.csv', 'organisation-report.junit.xml', 'organisation-report.ocsf.jsonl']);
    assert.equal(read(org, 'organisation-report.csv'), read(all, 'report.csv'));
    assert.equal(read(org, 'organisation-report.ocsf.jsonl'), read(all, 'report.ocsf.jsonl'));
    parseXml(read(org, 'organisation-report.junit.xml'));

    const refused = await runCli(['merge', join(failed, 'report.json'), '--output-dir', join(root, 'org-refused')]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /lists only its FAIL results \(--status\)/);
  });
});

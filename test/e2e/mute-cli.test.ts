/** `--mute-file` / `APIPOSTURE_MUTE_FILE` through the CLI, on the demo account with its mute file. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Inventory } from '../../src/inventory/schema.js';
import { LocalFolderSink } from '../../src/output/local.js';
import { writeReportFiles } from '../../src/output/reports.js';
import { parseOrganisationReport } from '../../src/report/merge.js';
import { parseReport, type Report } from '../../src/report/model.js';
import { evaluateInventory } from '../../src/scan/evaluate.js';
import { isolatedEnv, REPO, runCli, type CliRun } from './run-cli.js';

const DEMO = join(REPO, 'examples/demo-inventory.json');
const MUTES = join(REPO, 'examples/demo-mutes.yaml');

function assertOneLineError(run: CliRun, pattern: RegExp): void {
  assert.equal(run.code, 2, run.stderr);
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line, got:\n${run.stderr}`);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
}

describe('apiposture evaluate --mute-file', () => {
  const root = mkdtempSync(join(tmpdir(), 'apiposture-e2e-mutes-'));
  let run: CliRun;
  let report: Report;
  before(async () => {
    run = await runCli(['evaluate', DEMO, '--output-dir', join(root, 'demo'), '--fail-on', 'none', '--mute-file', MUTES]);
    report = parseReport(JSON.parse(readFileSync(join(root, 'demo', 'report.json'), 'utf8')), 'report.json');
  });

  it('exits as without it (3: the demo account denies two calls)', () => {
    assert.equal(run.code, 3, run.stderr);
  });

  it('the accepted finding is muted, keeps its verdict, and the report lists every rule with its state', () => {
    const muted = report.results.filter((r) => r.muted !== undefined);
    assert.deepEqual(
      muted.map((r) => [r.checkId, r.resource.name, r.status, r.muted?.rule]),
      [['rest-method-authorization', 'public-status', 'FAIL', 'public-status-health-is-anonymous']],
    );
    assert.equal(muted[0]!.muted?.owner, 'platform-team@example.com');
    assert.deepEqual(
      report.mutes?.rules.map((r) => [r.id, r.state, r.matched, r.muted]),
      [
        ['public-status-health-is-anonymous', 'applied', 1, 1],
        ['loyalty-xray-until-migration', 'expired', 1, 0],
        ['staging-waf-at-cloudfront', 'unmatched', 0, 0],
      ],
    );
    assert.equal(report.apis.find((a) => a.api.name === 'public-status')?.risk, 'other');
  });

  it('stdout counts the muted results; stderr warns once per expired or unmatched rule', () => {
    assert.match(run.stdout, /^Muted: 1 result by 1 of 3 rules in .*demo-mutes\.yaml \(1 expired, 1 matched nothing\)/m);
    const warnings = run.stderr.trim().split('\n').filter((line) => line.startsWith('apiposture: warning: mute rule'));
    assert.equal(warnings.length, 2, run.stderr);
    assert.match(warnings[0]!, /'loyalty-xray-until-migration' .* expired on 2026-06-30/);
    assert.match(warnings[1]!, /'staging-waf-at-cloudfront' .* matched no result/);
  });

  it('the HTML report has the Muted section', () => {
    const page = readFileSync(join(root, 'demo', 'report.html'), 'utf8');
    assert.match(page, /<section id="muted"><h2>Muted findings<\/h2>/);
    assert.match(page, /public-status-health-is-anonymous/);
  });

  it('muting the failures at --fail-on turns exit 1 into the exit code without them', async () => {
    const gate = join(root, 'gate.yaml');
    writeFileSync(gate, 'schemaVersion: 1\nrules:\n  - reason: test\n    owner: ci\n    regions: ["*"]\n');
    const plain = await runCli(['evaluate', DEMO, '--output-dir', join(root, 'plain'), '--format', 'json']);
    assert.equal(plain.code, 1, plain.stderr);
    const env = isolatedEnv({ APIPOSTURE_MUTE_FILE: gate });
    const muted = await runCli(['evaluate', DEMO, '--output-dir', join(root, 'gated'), '--format', 'json'], env);
    assert.equal(muted.code, 3, `muted failures fail nothing; the gaps (ERROR results, muted or not) still make it incomplete\n${muted.stderr}`);
  });

  it('a bad mute file is one line and exit 2, before anything is read or written', async () => {
    const bad = join(root, 'bad.yaml');
    writeFileSync(bad, 'schemaVersion: 1\nrules:\n  - owner: me\n    checks: [rest-method-authorisation]\n');
    const out = join(root, 'never');
    const result = await runCli(['evaluate', join(root, 'missing-inventory.json'), '--output-dir', out, '--mute-file', bad]);
    assertOneLineError(result, /^apiposture: mute file .*bad\.yaml: rules\[0\]\.reason: required$/);
    writeFileSync(bad, 'schemaVersion: 1\nrules:\n  - owner: me\n    reason: r\n    checks: [rest-method-authorisation]\n');
    assertOneLineError(
      await runCli(['evaluate', DEMO, '--output-dir', out, '--mute-file', bad]),
      /rules\[0\]\.checks\[0\]: unknown check 'rest-method-authorisation'; did you mean rest-method-authorization\?$/,
    );
  });

  it('scan reads it before any AWS call', async () => {
    const bad = join(root, 'scan-bad.yaml');
    writeFileSync(bad, 'schemaVersion: 1\nrules: [{ reason: r, owner: o }]\n');
    const result = await runCli(
      ['scan', '--regions', 'eu-west-1', '--endpoint-url', 'http://127.0.0.1:9', '--output-dir', join(root, 'scan'), '--mute-file', bad],
      isolatedEnv({ AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret' }),
    );
    assertOneLineError(result, /mute file .*scan-bad\.yaml: rules\[0\]: needs at least one matcher/);
  });
});

describe('apiposture merge --mute-file', () => {
  const root = mkdtempSync(join(tmpdir(), 'apiposture-e2e-merge-mutes-'));
  const text = readFileSync(DEMO, 'utf8');
  const account = (JSON.parse(text) as Inventory).account.id;

  async function reportFile(id: string): Promise<string> {
    const inventory = JSON.parse(text.replaceAll(account, id)) as Inventory;
    const { written } = await writeReportFiles(new LocalFolderSink(join(root, id)), evaluateInventory(inventory), ['json']);
    return written[0]!;
  }

  it('mutes before the organisation is scored, and says what each rule did', async () => {
    const a = await reportFile('111111111111');
    const b = await reportFile('222222222222');
    const mutes = join(root, 'org.yaml');
    writeFileSync(
      mutes,
      [
        'schemaVersion: 1',
        'rules:',
        '  - id: account-a-accepted',
        '    reason: sandbox account',
        '    owner: cloud@example.com',
        '    accounts: ["111111111111"]',
        '  - id: crm',
        '    reason: crm',
        '    owner: crm@example.com',
        '    tags: { team: crm }',
      ].join('\n'),
    );
    const run = await runCli(['merge', a, b, '--output-dir', join(root, 'org'), '--format', 'json', '--fail-on', 'critical', '--mute-file', mutes]);
    assert.equal(run.code, 1, `account B still fails critical checks\n${run.stderr}`);
    const org = parseOrganisationReport(JSON.parse(readFileSync(join(root, 'org', 'organisation-report.json'), 'utf8')), 'org');
    const sandbox = org.accounts.find((x) => x.account === '111111111111')!;
    assert.equal(sandbox.criticalFailures, 0);
    assert.equal(sandbox.grade, 'N/A', 'nothing of account A counts');
    assert.deepEqual(org.mutes?.rules.map((r) => [r.id, r.state]), [['account-a-accepted', 'applied'], ['crm', 'skipped']]);
    assert.match(run.stdout, /^Muted: \d+ results? by 1 of 2 rules/m);
    assert.match(run.stderr, /warning: mute rule 'crm' .* tests tags, which merged reports do not carry/);
  });
});

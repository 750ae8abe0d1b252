/** What changed since the last run, through the CLI: --previous-report, --fail-on-new and `diff`. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Inventory } from '../../src/inventory/schema.js';
import { parseReport, REPORT_SCHEMA_VERSION, type Report } from '../../src/report/model.js';
import { startFakeAws, type FakeAws } from '../support/fake-aws.js';
import { REPO, isolatedEnv, runCli } from './run-cli.js';

const DEMO = join(REPO, 'examples/demo-inventory.json');
const PREVIOUS = join(REPO, 'examples/demo-previous-report.json');
const previous = JSON.parse(readFileSync(PREVIOUS, 'utf8')) as Report;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'apiposture-changes-'));
}

function writeJson(dir: string, name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

function assertOneLineError(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line, got:\n${stderr}`);
  assert.match(lines[0]!, pattern);
}

const evaluate = (out: string, ...extra: string[]) => runCli(['evaluate', DEMO, '--output-dir', out, ...extra]);

describe('--previous-report and --fail-on-new', () => {
  let out: string;
  let run: Awaited<ReturnType<typeof runCli>>;
  let report: Report;
  before(async () => {
    out = tempDir();
    run = await evaluate(out, '--fail-on', 'none', '--previous-report', PREVIOUS);
    report = parseReport(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')), 'report.json');
  });

  it('counts the changes in one summary line; the exit code is unchanged (3: the demo is incomplete)', () => {
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stdout, /^Since the last run \(collected 2026-10-31T12:00:00\.000Z\): 3 new, 1 regressed, 1 fixed, \d+ still failing, 0 newly muted$/m);
  });

  it('report.json: every result has its id, changed ones their state, and `changes` the counts and the fixed list', () => {
    assert.ok(report.results.every((r) => r.id === `apiposture/${r.checkId}/${r.resource.arn}`));
    assert.deepEqual(
      report.results.filter((r) => r.change === 'regressed').map((r) => [r.checkId, r.resource.name]),
      [['rest-stage-variables-secrets', 'legacy-partner-api/v1']],
    );
    assert.equal(report.changes?.previous.source, PREVIOUS);
    assert.equal(report.changes?.previous.generatedAt, previous.scan.generatedAt);
    assert.deepEqual(report.changes?.fixed.map((f) => [f.checkId, f.resource.name, f.gone]), [['rest-stage-variables-secrets', 'inventory-sync/prod', false]]);
  });

  it('report.html opens with "Since the last run"', () => {
    const page = readFileSync(join(out, 'report.html'), 'utf8');
    assert.ok(page.indexOf('<h2>Since the last run</h2>') > 0);
    assert.ok(page.indexOf('<h2>Since the last run</h2>') < page.indexOf('<section id="apis">'));
  });

  it('--fail-on-new: exit 1 only for new or regressed failures at or above --fail-on', async () => {
    // Critical failures exist, but none is new: the incomplete scan decides (3); without the flag they do (1).
    assert.equal((await evaluate(tempDir(), '--fail-on', 'critical', '--previous-report', PREVIOUS, '--fail-on-new')).code, 3);
    assert.equal((await evaluate(tempDir(), '--fail-on', 'critical', '--previous-report', PREVIOUS)).code, 1);
    // A new high failure (metrics-ingest-http) and a regressed one.
    assert.equal((await evaluate(tempDir(), '--fail-on', 'high', '--previous-report', PREVIOUS, '--fail-on-new')).code, 1);
  });

  it('--fail-on-new without --previous-report is a usage error', async () => {
    const refused = await evaluate(tempDir(), '--fail-on-new');
    assert.equal(refused.code, 2);
    assertOneLineError(refused.stderr, /--fail-on-new needs --previous-report/);
  });

  it('refuses, in one line with exit 2, a previous report of another account, a newer one, another version', async () => {
    const dir = tempDir();
    const other = writeJson(dir, 'other.json', { ...previous, scan: { ...previous.scan, account: '999999999999' } });
    const newer = writeJson(dir, 'newer.json', { ...previous, scan: { ...previous.scan, collectedAt: '2027-01-01T00:00:00.000Z' } });
    const version = writeJson(dir, 'v3.json', { ...previous, schemaVersion: REPORT_SCHEMA_VERSION + 1 });
    for (const [path, pattern] of [
      [other, /is a report of account 999999999999, this run of account 123456789012/],
      [newer, /was collected at 2027-01-01T00:00:00\.000Z, after this run/],
      [version, /schema ?version|version 2/i],
    ] as const) {
      const refused = await evaluate(tempDir(), '--previous-report', path);
      assert.equal(refused.code, 2, refused.stderr);
      assertOneLineError(refused.stderr, pattern);
    }
  });

  it('latest: the newest dated folder beside the output folder', async () => {
    const reports = tempDir();
    const first = await evaluate(join(reports, '2026-11-01T12-00-00-000Z'), '--fail-on', 'none');
    assert.equal(first.code, 3, first.stderr);
    const second = await evaluate(join(reports, '2026-11-02T12-00-00-000Z'), '--fail-on', 'none', '--previous-report', 'latest');
    assert.equal(second.code, 3, second.stderr);
    assert.match(second.stdout, /^Since the last run .*: 0 new, 0 regressed, 0 fixed/m);
    const none = await evaluate(join(tempDir(), 'x'), '--fail-on', 'none', '--previous-report', 'latest');
    assert.match(none.stderr, /no previous report under the output location .*every failure counts as new/);
  });
});

describe('apiposture diff', () => {
  let current: string;
  before(async () => {
    const out = tempDir();
    await evaluate(out, '--fail-on', 'none');
    current = join(out, 'report.json');
  });

  it('prints the counts and the new, regressed and fixed findings as a plain table; exit 1 for new failures', async () => {
    const run = await runCli(['diff', PREVIOUS, current]);
    assert.equal(run.code, 1, run.stderr);
    assert.ok(!run.stdout.includes('\u001b['), 'no colour');
    assert.match(run.stdout, /3 new, 1 regressed, 1 fixed/);
    assert.match(run.stdout, /^State\s+Severity\s+Check\s+Resource\s+Region$/m);
    assert.match(run.stdout, /^new\s+high\s+http-route-authorization\s+metrics-ingest-http\s+us-east-1$/m);
    assert.match(run.stdout, /^regressed\s+high\s+rest-stage-variables-secrets\s+legacy-partner-api\/v1\s+eu-west-1$/m);
    assert.match(run.stdout, /^fixed\s+high\s+rest-stage-variables-secrets\s+inventory-sync\/prod\s+eu-west-1$/m);
  });

  it('--fail-on: 0 when nothing new or regressed is that grave', async () => {
    assert.equal((await runCli(['diff', PREVIOUS, current, '--fail-on', 'critical'])).code, 0);
    assert.equal((await runCli(['diff', current, current])).code, 0);
  });

  it('--json for machines', async () => {
    const run = await runCli(['diff', PREVIOUS, current, '--json']);
    assert.equal(run.code, 1);
    const diff = JSON.parse(run.stdout) as { counts: Record<string, number>; newFailures: { checkId: string }[]; fixed: { gone?: boolean }[] };
    assert.equal(diff.counts.new, 3);
    assert.equal(diff.counts.regressed, 1);
    assert.equal(diff.newFailures.length, 3);
    assert.equal(diff.fixed.length, 1);
  });

  it('the old report must be the older one, of the same account (exit 2, one line)', async () => {
    const swapped = await runCli(['diff', current, PREVIOUS]);
    assert.equal(swapped.code, 2);
    assertOneLineError(swapped.stderr, /the old report .* was collected at .*, after the new report/);
    const other = writeJson(tempDir(), 'other.json', { ...previous, scan: { ...previous.scan, account: '999999999999' } });
    const refused = await runCli(['diff', other, current]);
    assert.equal(refused.code, 2);
    assertOneLineError(refused.stderr, /is a report of account 999999999999/);
  });
});

describe('scan --previous-report against a local AWS look-alike', () => {
  let fake: FakeAws;
  const env = isolatedEnv({ AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'test-secret-not-real' });
  const scan = (out: string, ...extra: string[]) =>
    runCli(['scan', '--endpoint-url', fake.url, '--regions', 'eu-west-1,us-east-1', '--output-dir', out, '--fail-on', 'none', ...extra], env);
  before(async () => {
    fake = await startFakeAws({ inventory: JSON.parse(readFileSync(DEMO, 'utf8')) as Inventory });
  });
  after(() => fake.close());

  it('without --security-hub: the change states; with a dry run, the same report gives the earlier findings', async () => {
    const plain = await scan(tempDir(), '--previous-report', PREVIOUS);
    assert.match(plain.stdout, /^Since the last run \(collected 2026-10-31T12:00:00\.000Z\): \d+ new/m, plain.stderr);
    const dryRun = await scan(tempDir(), '--previous-report', PREVIOUS, '--security-hub-dry-run');
    assert.match(dryRun.stdout, /^Since the last run/m, dryRun.stderr);
    assert.match(dryRun.stdout, /Security Hub \(dry run\) 123456789012 eu-west-1: .*written/);
  });

  it('a previous report of another account: exit 2 in one line, and no report written', async () => {
    const other = writeJson(tempDir(), 'other.json', { ...previous, scan: { ...previous.scan, account: '999999999999' } });
    const out = tempDir();
    const refused = await scan(out, '--previous-report', other);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /is a report of account 999999999999, this run of account 123456789012/);
    assert.deepEqual(readdirSync(out), []);
  });
});

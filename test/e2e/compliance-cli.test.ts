/** `--compliance <framework>` through the CLI on the demo snapshot: evaluate and merge. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { REPO, isolatedEnv, runCli, type CliRun } from './run-cli.js';

const DEMO = join(REPO, 'examples/demo-inventory.json');
const KNOWN = 'securityHub, awsConfig, owaspApi2023, nist80053r5';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'apiposture-compliance-'));
}

function assertUsageError(run: CliRun): void {
  assert.equal(run.code, 2, run.stderr);
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, run.stderr);
  assert.match(lines[0]!, new RegExp(`unknown framework 'pci-dss'; known: ${KNOWN}$`));
  assert.doesNotMatch(run.stderr, /\n\s+at /);
}

describe('--compliance', () => {
  describe('evaluate --compliance nist80053r5 on the demo', () => {
    const out = tempDir();
    let run: CliRun;
    before(async () => {
      run = await runCli(['evaluate', DEMO, '--output-dir', out, '--compliance', 'nist80053r5']);
    });

    it('exits as without it (the demo has failures and denied calls)', () => {
      assert.ok(run.code === 1 || run.code === 3, `exit ${run.code}: ${run.stderr}`);
    });

    it('prints the framework’s table after the summary', () => {
      const totals = run.stdout.indexOf('Totals:');
      const table = run.stdout.indexOf('Compliance: NIST SP 800-53 Rev. 5 (nist80053r5):');
      assert.ok(totals !== -1 && table > totals, run.stdout);
      assert.match(run.stdout, /^Status\s+Requirement\s+Fail\s+Err\s+Muted\s+Pass\s+N\/A\s+Title\s+Checks$/m);
      // AC-3 is among the related requirements of APIGateway.8, IAM.1/IAM.21 and Lambda.1 (Security Hub CSPM control pages).
      assert.match(run.stdout, /^\S+\s+AC-3\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+Access Enforcement\s+http-route-authorization, iam-api-wildcards, lambda-invoke-policy$/m);
      assert.match(run.stdout, /^\S+\s+AU-11\s+.*access-log-group, rest-execution-log-group, waf-log-group$/m);
    });

    it('writes the focused roll-up in report.json and first, open, in report.html', () => {
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
        compliance: { focus: string; frameworks: { id: string; requirements: { id: string; status: string }[] }[] };
      };
      assert.equal(report.compliance.focus, 'nist80053r5');
      assert.deepEqual(
        report.compliance.frameworks.map((f) => f.id),
        ['nist80053r5', 'securityHub', 'awsConfig', 'owaspApi2023'],
      );
      const page = readFileSync(join(out, 'report.html'), 'utf8');
      const firstFramework = page.indexOf('<details class="compliance"');
      assert.equal(page.indexOf('id="compliance-nist80053r5" open>'), page.indexOf('id="compliance-', firstFramework));
      assert.ok(page.indexOf('id="compliance"') < page.indexOf('id="apis"'));
    });
  });

  it('APIPOSTURE_COMPLIANCE does the same as the flag', async () => {
    const run = await runCli(['evaluate', DEMO, '--output-dir', tempDir(), '--format', 'json'], isolatedEnv({ APIPOSTURE_COMPLIANCE: 'owaspApi2023' }));
    assert.match(run.stdout, /Compliance: OWASP API Security Top 10 \(2023\) \(owaspApi2023\):/);
  });

  it('without it, no table', async () => {
    const run = await runCli(['evaluate', DEMO, '--output-dir', tempDir(), '--format', 'json']);
    assert.doesNotMatch(run.stdout, /Compliance:/);
  });

  it('an unknown id is a one-line usage error listing the known ids (evaluate, scan, merge)', async () => {
    const dir = tempDir();
    assertUsageError(await runCli(['evaluate', DEMO, '--output-dir', dir, '--compliance', 'pci-dss']));
    assertUsageError(await runCli(['scan', '--region', 'eu-west-1', '--output-dir', dir, '--compliance', 'pci-dss']));
    assertUsageError(await runCli(['merge', join(dir, 'report.json'), '--output-dir', dir, '--compliance', 'pci-dss']));
  });

  it('merge --compliance prints the organisation’s roll-up and focuses its HTML', async () => {
    const dir = tempDir();
    await runCli(['evaluate', DEMO, '--output-dir', dir, '--format', 'json']);
    const run = await runCli(['merge', join(dir, 'report.json'), '--output-dir', join(dir, 'org'), '--compliance', 'securityHub']);
    assert.ok(run.code === 1 || run.code === 3, `exit ${run.code}: ${run.stderr}`);
    assert.ok(run.stdout.indexOf('Compliance: Security Hub (securityHub):') > run.stdout.indexOf('Organisation:'), run.stdout);
    const org = JSON.parse(readFileSync(join(dir, 'org', 'organisation-report.json'), 'utf8')) as { compliance: { focus: string } };
    assert.equal(org.compliance.focus, 'securityHub');
    const page = readFileSync(join(dir, 'org', 'organisation-report.html'), 'utf8');
    assert.match(page, /id="compliance-securityHub" open>/);
  });
});

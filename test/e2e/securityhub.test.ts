import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { allChecks } from '../../checks/index.js';
import { runChecks } from '../../src/engine/runner.js';
import type { Inventory } from '../../src/inventory/schema.js';
import { buildReport, parseReport, type Report } from '../../src/report/model.js';
import { startFakeAws, type FakeAws } from '../support/fake-aws.js';
import { isolatedEnv, REPO, runCli } from './run-cli.js';

const ACCOUNT = '123456789012';
const demo = JSON.parse(readFileSync(join(REPO, 'examples/demo-inventory.json'), 'utf8')) as Inventory;
const demoReport = buildReport({
  inventory: demo,
  results: runChecks(allChecks, demo),
  checks: allChecks,
  toolVersion: '0.1.0',
  generatedAt: '2026-11-01T12:05:00.000Z',
});
/** One finding per check × resource of every result that is not NOT_APPLICABLE. */
const expectedIds = new Set(demoReport.results.filter((r) => r.status !== 'NOT_APPLICABLE').map((r) => `apiposture/${r.checkId}/${r.resource.arn}`));
const credentials = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'test-secret-not-real' };

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'apiposture-sh-e2e-'));
}

function writeReport(dir: string, name: string, report: Report): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(report));
  return path;
}

describe('securityhub import --security-hub-dry-run', () => {
  const dir = tempDir();
  const out = join(dir, 'out');
  let run: Awaited<ReturnType<typeof runCli>>;
  before(async () => {
    run = await runCli(['securityhub', 'import', writeReport(dir, 'report.json', demoReport), '--security-hub-dry-run', '--output-dir', out]);
  });

  it('exits 0 and says what it wrote', () => {
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`Security Hub \\(dry run\\) ${ACCOUNT} eu-west-1: \\d+ findings? \\+ 0 archived in \\d+ batch(es)?: written`));
    assert.match(run.stdout, /wrote .*securityhub\/123456789012-us-east-1-batch-001\.json/);
  });

  it('writes one file per BatchImportFindings call, per account and region', () => {
    const files = readdirSync(join(out, 'securityhub')).sort();
    assert.ok(files.length >= 2);
    for (const file of files) assert.match(file, /^123456789012-(eu-west-1|us-east-1)-batch-\d{3}\.json$/);
    const findings = files.flatMap((file) => {
      const body = JSON.parse(readFileSync(join(out, 'securityhub', file), 'utf8')) as { Findings: AwsSecurityFinding[] };
      assert.deepEqual(Object.keys(body), ['Findings'], 'the exact request input');
      assert.ok(body.Findings.length >= 1 && body.Findings.length <= 100);
      const region = /-(eu-west-1|us-east-1)-/.exec(file)![1]!;
      for (const f of body.Findings) assert.match(f.ProductArn!, new RegExp(`^arn:aws:securityhub:${region}:${ACCOUNT}:product/${ACCOUNT}/default$`));
      return body.Findings;
    });
    assert.deepEqual(new Set(findings.map((f) => f.Id)), expectedIds);
    for (const f of findings) {
      assert.equal(f.SchemaVersion, '2018-10-08');
      assert.equal(f.AwsAccountId, ACCOUNT);
      assert.ok(f.FindingProviderFields?.Severity?.Label);
      assert.equal(f.Workflow, undefined);
      assert.equal(f.Severity, undefined);
      assert.ok(['PASSED', 'FAILED', 'NOT_AVAILABLE'].includes(f.Compliance!.Status!));
    }
  });
});

describe('securityhub import --security-hub-findings failed', () => {
  const dir = tempDir();
  const out = join(dir, 'out');
  let run: Awaited<ReturnType<typeof runCli>>;
  before(async () => {
    run = await runCli(['securityhub', 'import', writeReport(dir, 'report.json', demoReport), '--security-hub-dry-run', '--security-hub-findings', 'failed', '--output-dir', out]);
  });

  it('writes the failures only, and says how many results it did not send', () => {
    assert.equal(run.code, 0, run.stderr);
    const failedIds = new Set(demoReport.results.filter((r) => r.status === 'FAIL').map((r) => `apiposture/${r.checkId}/${r.resource.arn}`));
    const findings = readdirSync(join(out, 'securityhub')).flatMap(
      (file) => (JSON.parse(readFileSync(join(out, 'securityhub', file), 'utf8')) as { Findings: AwsSecurityFinding[] }).Findings,
    );
    assert.deepEqual(new Set(findings.map((f) => f.Id)), failedIds);
    for (const f of findings) assert.equal(f.Compliance?.Status, 'FAILED');
    assert.match(run.stdout, /eu-west-1: \d+ findings? \+ 0 archived in \d+ batch(es)?: written; [1-9]\d* results? not sent \(--security-hub-findings failed\)/);
  });

  it('refuses another value with exit 2', async () => {
    const bad = await runCli(['securityhub', 'import', join(dir, 'report.json'), '--security-hub-dry-run', '--security-hub-findings', 'passed']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--security-hub-findings takes failed or all; got 'passed'/);
  });
});

describe('securityhub import against a local Security Hub through --endpoint-url', () => {
  let fake: FakeAws;
  const dir = tempDir();
  const env = isolatedEnv(credentials);
  const reportPath = writeReport(dir, 'report.json', demoReport);
  const importArgs = (path: string) => ['securityhub', 'import', path, '--endpoint-url', fake.url];
  let first: AwsSecurityFinding[];

  before(async () => {
    fake = await startFakeAws({ inventory: demo });
  });
  after(() => fake.close());

  it('imports every finding, each in its own region', async () => {
    const run = await runCli(importArgs(reportPath), env);
    assert.equal(run.code, 0, run.stderr);
    first = [...fake.securityHub.stored.values()].map((f) => structuredClone(f));
    assert.deepEqual(new Set(first.map((f) => f.Id)), expectedIds);
    for (const [key, f] of fake.securityHub.stored) assert.equal(key.split('|')[0], f.Region);
    const ops = fake.requests.filter((r) => r.service === 'securityhub').map((r) => `${r.operation} ${r.region}`);
    assert.ok(ops.includes('GetFindings eu-west-1') && ops.includes('GetFindings us-east-1'));
    assert.ok(ops.includes('BatchImportFindings eu-west-1') && ops.includes('BatchImportFindings us-east-1'));
    assert.match(run.stdout, /Security Hub 123456789012 eu-west-1: \d+ findings? \+ 0 archived in \d+ batch(es)?: \d+ imported, 0 failed/);
  });

  it('a second import keeps ids and CreatedAt and moves UpdatedAt forward', async () => {
    const run = await runCli(importArgs(reportPath), env);
    assert.equal(run.code, 0, run.stderr);
    const byKey = new Map(first.map((f) => [`${f.Region}|${f.Id}`, f]));
    assert.equal(fake.securityHub.stored.size, first.length);
    for (const [key, f] of fake.securityHub.stored) {
      const before = byKey.get(key)!;
      assert.equal(f.CreatedAt, before.CreatedAt);
      assert.ok(Date.parse(f.UpdatedAt!) > Date.parse(before.UpdatedAt!));
    }
  });

  it('archives the findings of a resource that is gone', async () => {
    const goneArn = demoReport.results.find((r) => r.status === 'FAIL' && r.resource.type === 'rest-stage' && r.resource.region === 'eu-west-1')!.resource.arn;
    const without = { ...demoReport, results: demoReport.results.filter((r) => r.resource.arn !== goneArn) };
    const run = await runCli(importArgs(writeReport(dir, 'without.json', without)), env);
    assert.equal(run.code, 0, run.stderr);
    const gone = [...fake.securityHub.stored.values()].filter((f) => f.Id!.endsWith(`/${goneArn}`));
    assert.ok(gone.length >= 1);
    for (const f of gone) assert.equal(f.RecordState, 'ARCHIVED');
    assert.match(run.stdout, /eu-west-1: \d+ findings? \+ [1-9]\d* archived/);
  });

  it('exits 3 and names each finding Security Hub refused', async () => {
    const refused = [...expectedIds][0]!;
    fake.securityHub.refuse = (finding) =>
      finding.Id === refused ? { ErrorCode: 'InvalidInput', ErrorMessage: 'Finding does not adhere to Amazon Finding Format.' } : undefined;
    const run = await runCli(importArgs(reportPath), env);
    fake.securityHub.refuse = () => undefined;
    assert.equal(run.code, 3, run.stderr);
    assert.ok(run.stderr.includes(`Security Hub did not import ${refused} in ${ACCOUNT}`), run.stderr);
    assert.match(run.stderr, /InvalidInput: Finding does not adhere/);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  });

  it('2 for a missing report or a bad product ARN', async () => {
    const missing = await runCli(['securityhub', 'import', join(dir, 'nope.json'), '--security-hub-dry-run']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read report .*no such file/);
    const bad = await runCli(['securityhub', 'import', reportPath, '--security-hub-product-arn', 'arn:aws:s3:::bucket']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /not a Security Hub product ARN/);
    // --previous-report no longer needs --security-hub (it also gives the change states); the Security Hub flags do.
    const stray = await runCli(['scan', '--region', 'eu-west-1', '--previous-report', reportPath, '--security-hub-findings', 'failed']);
    assert.equal(stray.code, 2);
    assert.match(stray.stderr, /--security-hub-findings needs --security-hub/);
    assert.doesNotMatch(stray.stderr, /--previous-report/);
  });

  it('exits 3 when Security Hub counts failures it does not name', async () => {
    fake.securityHub.answer = (answer) => ({ SuccessCount: answer.SuccessCount! - 1, FailedCount: answer.FailedCount! + 1 });
    const run = await runCli(importArgs(reportPath), env);
    fake.securityHub.answer = (answer) => answer;
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /Security Hub did not confirm [1-9]\d* findings? in 123456789012 eu-west-1: its answers counted them as failed, or not at all, without naming them/);
    assert.match(run.stdout, /eu-west-1: .*\d+ imported, 0 failed, [1-9]\d* not confirmed/);
  });

  describe('a report collected before the findings Security Hub holds', () => {
    const collectedAt = new Date(Date.parse(demoReport.scan.collectedAt) - 86_400_000).toISOString();
    const kept = demoReport.results.find((r) => r.status === 'FAIL' && r.resource.type === 'rest-stage' && r.resource.region === 'us-east-1')!.resource.arn;
    const older = { ...demoReport, scan: { ...demoReport.scan, collectedAt }, results: demoReport.results.filter((r) => r.resource.arn !== kept) };
    const isKept = (f: AwsSecurityFinding) => f.Id!.endsWith(`/${kept}`);

    it('is refused with exit 2 and one line, before anything is sent', async () => {
      const imports = fake.requests.filter((r) => r.operation === 'BatchImportFindings').length;
      const run = await runCli(importArgs(writeReport(dir, 'older.json', older)), env);
      assert.equal(run.code, 2, run.stderr);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      assert.match(run.stderr, /^apiposture: the report was collected at .*, before the findings Security Hub holds in 123456789012 \S+ \(collected at .*\): .*--allow-older-report/);
      assert.equal(fake.requests.filter((r) => r.operation === 'BatchImportFindings').length, imports);
    });

    it('--allow-older-report imports it but archives nothing where it is older', async () => {
      const run = await runCli([...importArgs(join(dir, 'older.json')), '--allow-older-report'], env);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /us-east-1: \d+ findings? \+ 0 archived .*nothing archived: findings here were collected later/);
      const stillThere = [...fake.securityHub.stored.values()].filter(isKept);
      assert.ok(stillThere.length >= 1);
      for (const f of stillThere) assert.equal(f.RecordState, 'ACTIVE');
    });
  });
});

describe('scan --security-hub where Security Hub holds findings collected later (a concurrent scan, a clock behind)', () => {
  let fake: FakeAws;
  const dir = tempDir();
  const later = '2099-01-01T00:00:00.000Z';
  const region = 'eu-west-1';
  const orphanId = `apiposture/rest-stage-waf/arn:aws:apigateway:${region}::/restapis/elsewhere/stages/prod`;
  let run: Awaited<ReturnType<typeof runCli>>;
  before(async () => {
    fake = await startFakeAws({ inventory: demo });
    const [template] = demoReport.results.filter((r) => r.checkId === 'rest-stage-waf');
    assert.ok(template);
    fake.securityHub.stored.set(`${region}|${orphanId}`, {
      SchemaVersion: '2018-10-08',
      Id: orphanId,
      ProductArn: `arn:aws:securityhub:${region}:${ACCOUNT}:product/${ACCOUNT}/default`,
      GeneratorId: 'rest-stage-waf',
      AwsAccountId: ACCOUNT,
      CreatedAt: later,
      UpdatedAt: later,
      LastObservedAt: later,
      Title: 't',
      Description: 'd',
      Resources: [{ Type: 'AwsApiGatewayStage', Id: orphanId.slice('apiposture/rest-stage-waf/'.length) }],
      RecordState: 'ACTIVE',
      Region: region,
    });
    run = await runCli(
      ['scan', '--regions', 'eu-west-1,us-east-1', '--endpoint-url', fake.url, '--output-dir', join(dir, 'out'), '--format', 'json', '--fail-on', 'none', '--security-hub'],
      isolatedEnv(credentials),
    );
  });
  after(() => fake.close());

  it('is not refused: imports what it collected, archives nothing there, and says so', () => {
    assert.equal(run.code, 3, run.stderr); // the demo's denied calls, as below; never 2
    assert.doesNotMatch(run.stderr, /allow-older-report/);
    assert.match(run.stdout, new RegExp(`Security Hub ${ACCOUNT} ${region}: \\d+ findings? \\+ 0 archived .*nothing archived: findings here were collected later \\(${later.replace(/\./g, '\\.')}\\)`));
    assert.equal(fake.securityHub.get(region, orphanId)?.RecordState, 'ACTIVE');
    assert.ok(fake.securityHub.inRegion('us-east-1').length > 0);
  });
});

describe('scan --security-hub against the local AWS look-alike', () => {
  let fake: FakeAws;
  const dir = tempDir();
  let run: Awaited<ReturnType<typeof runCli>>;
  before(async () => {
    fake = await startFakeAws({ inventory: demo });
    run = await runCli(
      ['scan', '--regions', 'eu-west-1,us-east-1', '--endpoint-url', fake.url, '--output-dir', join(dir, 'out'), '--format', 'json', '--fail-on', 'none', '--security-hub'],
      isolatedEnv(credentials),
    );
  });
  after(() => fake.close());

  it('writes the report, then imports its findings', () => {
    // Exit 3: the demo's denied calls make the scan incomplete, whatever Security Hub did.
    assert.equal(run.code, 3, run.stderr);
    const report = parseReport(JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')), 'report.json');
    const sent = new Set(report.results.filter((r) => r.status !== 'NOT_APPLICABLE').map((r) => `apiposture/${r.checkId}/${r.resource.arn}`));
    assert.deepEqual(new Set([...fake.securityHub.stored.values()].map((f) => f.Id)), sent);
    assert.match(run.stdout, /Security Hub 123456789012 us-east-1: .* 0 failed/);
    assert.doesNotMatch(run.stderr, /Security Hub did not import/);
  });
});

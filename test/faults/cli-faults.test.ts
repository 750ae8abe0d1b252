/**
 * Faults through the CLI (`scan --endpoint-url`): the same expectations as the collector-level
 * scenarios (test/faults/collect-faults.test.ts), plus what the command adds: exit codes, stderr,
 * the files left in the output folder. They run `main()` in process (test/e2e/cli.test.ts scans
 * through the built CLI), so the baseline and the faulted runs' times compare.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { parseReport, type Report } from '../../src/report/model.js';
import { isolatedEnv, runCli, type CliRun } from '../e2e/run-cli.js';
import { startFakeAws } from '../support/fake-aws.js';
import { deny, isIdentityCall, type FaultPlan, type FaultRequest } from '../support/faults.js';
import {
  assertCollectionErrors,
  assertOnlyReports,
  compareWithBaseline,
  demo,
  tempDir,
  TEST_CREDENTIALS,
  nonLogLines,
} from './support.js';

interface CliScan {
  run: CliRun;
  outputDir: string;
  report?: Report;
  injected: FaultRequest[];
  ms: number;
}

async function cliScan(faults: FaultPlan | undefined, regions = 'eu-west-1,us-east-1'): Promise<CliScan> {
  const injected: FaultRequest[] = [];
  const fake = await startFakeAws({
    inventory: demo,
    ...(faults
      ? {
          faults: (request: FaultRequest) => {
            const fault = faults(request);
            if (fault) injected.push(request);
            return fault;
          },
        }
      : {}),
  });
  const outputDir = join(tempDir(), 'out');
  const started = Date.now();
  try {
    const result = await runCli(
      ['scan', '--regions', regions, '--endpoint-url', fake.url, '--output-dir', outputDir, '--fail-on', 'none'],
      isolatedEnv({ AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey }),
    );
    const reportPath = join(outputDir, 'report.json');
    const report: Report | undefined = existsSync(reportPath) ? parseReport(JSON.parse(readFileSync(reportPath, 'utf8')), reportPath) : undefined;
    return { run: result, outputDir, ...(report ? { report } : {}), injected, ms: Date.now() - started };
  } finally {
    await fake.close();
  }
}

function assertCleanStderr(run: CliRun): void {
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  assert.doesNotMatch(run.stderr, /unexpected error/);
}

function assertOwnerOnly(dir: string): void {
  assert.equal(statSync(dir).mode & 0o777, 0o700, 'the output folder we created is 0700');
  for (const file of ['report.json', 'report.html']) assert.equal(statSync(join(dir, file)).mode & 0o777, 0o600, file);
}

describe('faults through the CLI (scan --endpoint-url)', () => {
  let baseline: CliScan;

  before(async () => {
    baseline = await cliScan(undefined);
  });

  it('the fault-free scan exits 3 only for the two calls the demo itself denies', () => {
    assert.equal(baseline.run.code, 3, baseline.run.stderr);
    assert.equal(baseline.report?.collectionErrors.length, 2);
  });

  it('a throttling storm (a third of the calls 429 with Retry-After: 1) is ridden out: the same report', async () => {
    const storm = await cliScan((r) =>
      !isIdentityCall(r) && r.attempt === 1 && r.seq % 3 === 0
        ? { kind: 'error', status: 429, code: 'TooManyRequestsException', message: 'Too Many Requests', retryAfter: '1' }
        : undefined,
    );
    assert.equal(storm.run.code, 3, storm.run.stderr);
    assertCleanStderr(storm.run);
    assert.ok(storm.injected.length >= 25, `${storm.injected.length} calls throttled`);
    assert.deepEqual(storm.report?.results, baseline.report?.results);
    assert.deepEqual(storm.report?.collectionErrors, baseline.report?.collectionErrors);
    assert.ok(storm.ms > baseline.ms + 900, `the Retry-After waits were honoured (${storm.ms} ms vs ${baseline.ms} ms)`);
    assertOnlyReports(storm.outputDir);
    assertOwnerOnly(storm.outputDir);
  });

  it('AccessDenied for every WAFv2 and every Cognito call: those results are ERROR, the others identical', async () => {
    const denied = await cliScan(deny((r) => r.service === 'wafv2' || r.service === 'cognito-idp'));
    assert.equal(denied.run.code, 3, denied.run.stderr);
    assertCleanStderr(denied.run);
    const report = denied.report!;
    const { errors } = compareWithBaseline(baseline.report!, report, {
      codes: ['AccessDeniedException'],
      // Every check that reads WAFv2 (the stages' web ACLs, their logging, the pools' web ACLs) or a
      // user pool (the exposure checks: a method behind a pool anyone can sign up to is open).
      affected: (r) =>
        r.checkId.startsWith('rest-stage-waf') ||
        r.checkId.startsWith('waf-') ||
        r.checkId.startsWith('cognito-') ||
        r.checkId.endsWith('-api-public-unauthenticated'),
    });
    assert.deepEqual(
      [...new Set(errors.map((r) => r.checkId))].sort(),
      [
        'cognito-client-auth-flows',
        'cognito-deletion-protection',
        'cognito-mfa',
        'cognito-password-policy',
        'cognito-self-sign-up',
        'cognito-threat-protection',
        'cognito-user-pool-waf',
        'rest-api-public-unauthenticated',
        'rest-stage-waf',
        'rest-stage-waf-rules',
        'v2-api-public-unauthenticated',
        'waf-log-group',
        'waf-rule-metrics',
        'waf-web-acl-logging',
      ],
    );
    for (const result of errors) {
      assert.deepEqual(Object.keys(result.error ?? {}).sort(), ['code', 'kind', 'message', 'operation']);
      assert.match(result.message, /AccessDeniedException/);
    }
    assertCollectionErrors(baseline.report!, report, ['AccessDeniedException']);
    assert.ok(report.collectionErrors.some((e) => e.service === 'wafv2') && report.collectionErrors.some((e) => e.service === 'cognito-idp'));
    assertOnlyReports(denied.outputDir);
    assertOwnerOnly(denied.outputDir);
  });

  it('the first region not enabled: identity cannot be verified, one line on stderr, exit 4 (nothing scanned), nothing written', async () => {
    const disabled = await cliScan((r) =>
      r.region === 'ap-east-1'
        ? { kind: 'error', status: 403, code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' }
        : undefined,
      'ap-east-1,eu-west-1',
    );
    assert.equal(disabled.run.code, 4);
    const lines = nonLogLines(disabled.run.stderr);
    assert.equal(lines.length, 1, disabled.run.stderr);
    assert.match(lines[0]!, /^apiposture: cannot verify the AWS credentials \(sts:GetCallerIdentity in ap-east-1\): InvalidClientTokenId/);
    assertCleanStderr(disabled.run);
    assert.equal(existsSync(disabled.outputDir), false, 'no report for a scan that never started');
  });
});

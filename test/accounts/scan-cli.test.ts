/**
 * `scan --accounts` in-process, with every AWS client mocked: the real role assumption,
 * collection, evaluation, reports, Security Hub import and run summary, no network.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { BatchImportFindingsCommand, GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { AssumeRoleCommand, GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { runSummarySchema } from '../../src/accounts/summary.js';
import { main } from '../../src/cli/main.js';
import { readReport } from '../../src/report/model.js';
import { resetAws, restoreAws, sts } from '../collect/mock-aws.js';
import { captureOutput, serviceError } from './support.js';

const hub = mockClient(SecurityHubClient);
const A = '111111111111';
const B = '222222222222';
const CALLER = '999999999999';
const roleArn = (id: string) => `arn:aws:iam::${id}:role/apiposture-audit`;

async function keyOf(getClient: () => { config: { credentials: unknown } }): Promise<string> {
  const provider = getClient().config.credentials as () => Promise<{ accessKeyId: string }>;
  return (await provider()).accessKeyId;
}

describe('scan --accounts (mocked AWS)', () => {
  const saved = { ...process.env };
  const hubKeys: string[] = [];

  before(() => {
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'AKIDBASE',
      AWS_SECRET_ACCESS_KEY: 'base-secret',
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    });
    for (const name of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'APIPOSTURE_ACCOUNTS', 'APIPOSTURE_ORGANIZATION', 'APIPOSTURE_ROLE_NAME', 'APIPOSTURE_OUTPUT_DIR']) {
      delete process.env[name];
    }
  });
  after(() => {
    process.env = saved;
    restoreAws();
    hub.restore();
  });

  beforeEach(() => {
    resetAws();
    hub.reset();
    hubKeys.length = 0;
    // Who is calling: the base identity, or the account whose role was assumed.
    sts.on(GetCallerIdentityCommand).callsFake(async (_input: unknown, getClient: () => STSClient) => {
      const key = await keyOf(getClient);
      const account = key.startsWith('ASIA') ? key.slice(4) : CALLER;
      return { Account: account, Arn: `arn:aws:sts::${account}:assumed-role/apiposture-audit/s`, UserId: 'AROA:s' };
    });
    sts.on(AssumeRoleCommand, { RoleArn: roleArn(A) }).resolves({
      Credentials: { AccessKeyId: `ASIA${A}`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3_600_000) },
      AssumedRoleUser: { AssumedRoleId: 'AROA:s', Arn: `arn:aws:sts::${A}:assumed-role/apiposture-audit/s` },
    });
    sts.on(AssumeRoleCommand, { RoleArn: roleArn(B) }).rejects(serviceError('AccessDenied', `not authorized to perform: sts:AssumeRole on resource: ${roleArn(B)}`, 403));
    hub.on(GetFindingsCommand).callsFake(async (_input: unknown, getClient: () => SecurityHubClient) => {
      hubKeys.push(await keyOf(getClient));
      return { Findings: [] };
    });
    hub.on(BatchImportFindingsCommand).callsFake(async (input: { Findings?: unknown[] }, getClient: () => SecurityHubClient) => {
      hubKeys.push(await keyOf(getClient));
      return { FailedCount: 0, SuccessCount: input.Findings?.length ?? 0, FailedFindings: [] };
    });
  });
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('scans the account it can assume, reports the one it cannot, writes run-summary.json and exits 1: the findings in one account are not hidden by the other’s failure', async () => {
    const out = mkdtempSync(join(tmpdir(), 'apiposture-accounts-'));
    const run = await captureOutput(() =>
      main(['scan', '--accounts', `${A},${B}`, '--role-name', 'apiposture-audit', '--external-id', 'ext-123', '--region', 'eu-west-1', '--output-dir', out, '--security-hub']),
    );
    assert.equal(run.value, 1, run.stderr);

    const assumed = sts.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input);
    assert.deepEqual(assumed.map((input) => input.RoleArn).sort(), [roleArn(A), roleArn(B)]);
    for (const input of assumed) {
      assert.equal(input.ExternalId, 'ext-123');
      assert.equal(input.DurationSeconds, 3600);
      assert.match(input.RoleSessionName ?? '', /^apiposture-\d{8}T\d{6}Z$/);
    }

    const report = await readReport(join(out, A, 'report.json'));
    assert.equal(report.scan.account, A, 'the account was collected with its own credentials');
    assert.ok(existsSync(join(out, A, 'report.html')));
    assert.ok(!existsSync(join(out, B)), 'nothing is written for an account that was not scanned');

    assert.ok(hubKeys.length > 0, 'findings were imported');
    assert.deepEqual([...new Set(hubKeys)], [`ASIA${A}`], 'Security Hub is called with the account’s own credentials');

    const summary = runSummarySchema.parse(JSON.parse(readFileSync(join(out, 'run-summary.json'), 'utf8')));
    assert.equal(summary.exitCode, 1);
    assert.deepEqual(summary.caller, { account: CALLER, partition: 'aws' });
    assert.equal(summary.role, 'arn:aws:iam::{account}:role/apiposture-audit');
    assert.equal(summary.externalId, true);
    assert.deepEqual(
      summary.accounts.map((a) => [a.account, a.status]),
      [
        [A, 'ok'],
        [B, 'failed'],
      ],
    );
    assert.deepEqual(summary.accounts[0]!.reports, [join(out, A, 'report.json'), join(out, A, 'report.html')]);
    assert.match(summary.accounts[1]!.reason ?? '', /cannot assume arn:aws:iam::222222222222:role\/apiposture-audit: AccessDenied/);
    assert.doesNotMatch(readFileSync(join(out, 'run-summary.json'), 'utf8'), /ext-123/, 'the external id value is not recorded');

    assert.match(run.stdout, new RegExp(`== account ${A} ==`));
    assert.match(run.stdout, new RegExp(`${B}\\s+FAILED\\s+exit 4\\s+cannot assume`));
    assert.match(run.stdout, /wrote .*run-summary\.json/);
  });
});

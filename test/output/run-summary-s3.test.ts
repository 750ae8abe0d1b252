/**
 * `scan --accounts … --output-dir s3://…` in-process with every AWS client mocked: the account
 * reports and run-summary.json go to S3 (the summary under <prefix>run-summaries/), the summary
 * names S3 locations, and nothing is written locally.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { buildRunSummary, RUN_SUMMARIES_S3_FOLDER, runSummaryFolder, runSummarySchema, type RunSummary } from '../../src/accounts/summary.js';
import { main } from '../../src/cli/main.js';
import { captureOutput } from '../support/capture.js';
import { reportFileSchema } from '../../src/report/model.js';
import { serviceError } from '../accounts/support.js';
import { resetAws, restoreAws, sts } from '../collect/mock-aws.js';

const s3 = mockClient(S3Client);
const A = '111111111111';
const B = '222222222222';
const CALLER = '999999999999';
const BUCKET = 'audit-reports';
const TIME = /\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ/;
const roleArn = (id: string) => `arn:aws:iam::${id}:role/apiposture-audit`;

function puts(): PutObjectCommandInput[] {
  return s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input);
}

async function keyOf(getClient: () => { config: { credentials: unknown } }): Promise<string> {
  const provider = getClient().config.credentials as () => Promise<{ accessKeyId: string }>;
  return (await provider()).accessKeyId;
}

function run(args: string[]): Promise<{ value: number; stdout: string; stderr: string }> {
  return captureOutput(() => main(args));
}

describe('run-summary.json with an S3 output dir', () => {
  it('names the summary folder by start time and the accounts scanned', () => {
    const digest = createHash('sha256').update(`${A},${B}`).digest('hex').slice(0, 8);
    assert.equal(runSummaryFolder('2026-11-25T03-00-00Z', [A, B]), `2026-11-25T03-00-00Z-${digest}`);
    assert.notEqual(runSummaryFolder('2026-11-25T03-00-00Z', [A]), runSummaryFolder('2026-11-25T03-00-00Z', [B]), 'one-account runs of the same second keep apart');
  });

  it('records the bucket locations instead of the local folder', () => {
    const summary = buildRunSummary({
      toolVersion: '0.0.0',
      startedAt: new Date('2026-11-25T03:00:00Z'),
      finishedAt: new Date('2026-11-25T03:05:00Z'),
      caller: { account: CALLER, partition: 'aws' },
      source: 'accounts',
      role: 'arn:aws:iam::{account}:role/apiposture-audit',
      externalId: false,
      regions: ['eu-west-1'],
      outputDir: 'reports/2026-11-25T03-00-00-000Z',
      s3: { bucket: BUCKET, prefix: 'apiposture/' },
      outcomes: [
        {
          account: A,
          status: 'ok',
          exitCode: 0,
          roleArn: roleArn(A),
          regions: ['eu-west-1'],
          outputDir: `reports/2026-11-25T03-00-00-000Z/${A}`,
          reports: [`s3://${BUCKET}/apiposture/${A}/2026-11-25T03-01-00Z/report.json`],
        },
      ],
      exitCode: 0,
    });
    assert.equal(summary.outputDir, `s3://${BUCKET}/apiposture/`);
    assert.equal(summary.accounts[0]!.outputDir, `s3://${BUCKET}/apiposture/${A}/`);
    runSummarySchema.parse(summary);
  });
});

describe('scan --accounts --output-dir s3://… (mocked AWS)', () => {
  const saved = { ...process.env };
  const cwd = process.cwd();
  const scratch = mkdtempSync(join(tmpdir(), 'apiposture-summary-s3-'));

  before(() => {
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'AKIDBASE',
      AWS_SECRET_ACCESS_KEY: 'base-secret',
      AWS_REGION: 'eu-west-1',
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      APIPOSTURE_LOG_LEVEL: 'silent',
    });
    for (const name of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'APIPOSTURE_ACCOUNTS', 'APIPOSTURE_ORGANIZATION', 'APIPOSTURE_ROLE_NAME', 'APIPOSTURE_OUTPUT_DIR', 'APIPOSTURE_SECURITY_HUB']) {
      delete process.env[name];
    }
    // Whatever the run writes locally would land here: nothing should.
    process.chdir(scratch);
  });
  after(() => {
    process.chdir(cwd);
    process.env = saved;
    restoreAws();
    s3.restore();
  });
  beforeEach(() => {
    resetAws();
    s3.reset();
    s3.on(PutObjectCommand).resolves({});
    // No latest/ set yet: its manifest is not there.
    s3.on(GetObjectCommand).rejects(new S3ServiceException({ name: 'NoSuchKey', $fault: 'client', $metadata: { httpStatusCode: 404 }, message: 'The specified key does not exist.' }));
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
  });
  afterEach(() => {
    process.exitCode = undefined;
  });

  // --fail-on none: the exit code shows completeness (3), not the findings (1) that would decide it otherwise.
  const scan = () =>
    run(['scan', '--accounts', `${A},${B}`, '--role-name', 'apiposture-audit', '--region', 'eu-west-1', '--output-dir', `s3://${BUCKET}/apiposture/`, '--fail-on', 'none']);

  it('uploads the reports and then run-summary.json, which names the S3 objects; nothing is written locally', async () => {
    const result = await scan();
    assert.equal(result.value, 3, result.stderr);
    assert.equal(result.stderr, '');

    const keys = puts().map((p) => p.Key!);
    const digest = createHash('sha256').update(`${A},${B}`).digest('hex').slice(0, 8);
    assert.deepEqual(
      keys.map((k) => k.replace(TIME, '<time>')),
      [
        `apiposture/${A}/<time>/report.json`,
        `apiposture/${A}/<time>/report.html`,
        `apiposture/${A}/latest/report.json`,
        `apiposture/${A}/latest/report.html`,
        `apiposture/${A}/latest/manifest.json`,
        `apiposture/${RUN_SUMMARIES_S3_FOLDER}/<time>-${digest}/run-summary.json`,
      ],
      'the summary last, without a latest/ copy',
    );
    const put = puts().at(-1)!;
    assert.equal(put.ContentType, 'application/json');
    assert.equal(put.ServerSideEncryption, 'AES256');
    const summary: RunSummary = runSummarySchema.parse(JSON.parse((put.Body as Buffer).toString('utf8')));
    assert.equal(put.Key!.split('/')[2]!.slice(0, 20), `${summary.startedAt.slice(0, 19).replaceAll(':', '-')}Z`, 'dated by the run’s start');
    assert.equal(summary.outputDir, `s3://${BUCKET}/apiposture/`);
    assert.deepEqual(
      summary.accounts.map((a) => [a.account, a.status, a.outputDir]),
      [
        [A, 'ok', `s3://${BUCKET}/apiposture/${A}/`],
        [B, 'failed', `s3://${BUCKET}/apiposture/${B}/`],
      ],
    );
    assert.deepEqual(summary.accounts[0]!.reports, keys.slice(0, 5).map((k) => `s3://${BUCKET}/${k}`), 'the real objects: dated, then latest/ and its manifest');
    assert.deepEqual(summary.accounts[1]!.reports, []);
    reportFileSchema.parse(JSON.parse((puts()[0]!.Body as Buffer).toString('utf8')));

    assert.match(result.stdout, new RegExp(`${A}\\s+(ok|INCOMPLETE)\\s+exit \\d\\s+s3://${BUCKET}/apiposture/${A}/${TIME.source}/report\\.json`));
    assert.ok(result.stdout.endsWith(`wrote s3://${BUCKET}/${put.Key!}\n`), result.stdout);
    assert.deepEqual(readdirSync(scratch), [], 'no local folder: the container may have a read-only file system');
  });

  it('a run summary that cannot be uploaded: one line naming the object, exit 3', async () => {
    s3.on(PutObjectCommand, { ContentType: 'application/json' }).callsFake((input: PutObjectCommandInput) => {
      if (input.Key!.includes(`/${RUN_SUMMARIES_S3_FOLDER}/`)) {
        throw new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'Access Denied' });
      }
      return {};
    });
    const result = await scan();
    assert.equal(result.value, 3);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0]!, new RegExp(`^apiposture: cannot upload s3://${BUCKET}/apiposture/run-summaries/${TIME.source}-[0-9a-f]{8}/run-summary\\.json: AccessDenied: Access Denied$`));
    assert.doesNotMatch(result.stdout, /wrote .*run-summary/);
    assert.deepEqual(readdirSync(scratch), []);
  });
});

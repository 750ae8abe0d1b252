import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { runAccounts, serialized, worstExitCode, type AccountScanInput, type AccountScanResult } from '../../src/accounts/run.js';
import { buildRunSummary, renderRunSummary, RUN_SUMMARY_FILE, runSummarySchema, writeRunSummary } from '../../src/accounts/summary.js';
import { parseRoleName, roleArnFor } from '../../src/accounts/targets.js';
import { AwsClients } from '../../src/aws/clients.js';
import { CredentialsError } from '../../src/aws/errors.js';
import { main } from '../../src/cli/main.js';
import { accessDenied, calls, captureOutput, serviceError } from './support.js';

const sts = mockClient(STSClient);
const account = mockClient(AccountClient);

const A = '111111111111';
const B = '222222222222';
const C = '333333333333';
const D = '444444444444';
const role = parseRoleName('apiposture-audit');
const arnOf = (id: string) => roleArnFor(role, id, 'aws');

function grant(id: string) {
  return {
    Credentials: { AccessKeyId: `ASIA${id}`, SecretAccessKey: 'secret', SessionToken: `token-${id}`, Expiration: new Date(Date.now() + 3_600_000) },
    AssumedRoleUser: { AssumedRoleId: 'AROA:s', Arn: `arn:aws:sts::${id}:assumed-role/apiposture-audit/s` },
  };
}

function options(scan: (input: AccountScanInput) => Promise<AccountScanResult>, targets: string[], outputDir = '/tmp/out') {
  return {
    targets: targets.map((id) => ({ account: id })),
    roleArnFor: arnOf,
    sessionName: 'apiposture-20261101T123000Z',
    regions: ['eu-west-1'] as string[] | 'all',
    controlRegion: 'eu-west-1',
    outputDir,
    sts: new STSClient({ region: 'eu-west-1' }),
    clientsFor: (credentials: AccountScanInput['credentials']) => new AwsClients({ credentials }),
    calls: calls(),
    scan,
  };
}

describe('a multi-account run', () => {
  beforeEach(() => {
    sts.reset();
    account.reset();
    for (const id of [A, C, D]) sts.on(AssumeRoleCommand, { RoleArn: arnOf(id) }).resolves(grant(id));
    sts.on(AssumeRoleCommand, { RoleArn: arnOf(B) }).rejects(serviceError('AccessDenied', `not authorized to perform: sts:AssumeRole on resource: ${arnOf(B)}`, 403));
  });
  afterEach(() => {
    sts.reset();
    account.reset();
  });

  it('scans every account it can, records the one it cannot assume (exit 4 for it), and exits 1: findings are never hidden by a failed account', async () => {
    const scanned: AccountScanInput[] = [];
    const scan = async (input: AccountScanInput): Promise<AccountScanResult> => {
      scanned.push(input);
      return { exitCode: 1, complete: true, reports: [join(input.outputDir, 'report.json')] };
    };
    const outcomes = await runAccounts(options(scan, [A, B]));

    assert.deepEqual(scanned.map((s) => s.target.account), [A], 'the other account is still scanned');
    assert.equal((await scanned[0]!.credentials()).accessKeyId, `ASIA${A}`, 'with its own assumed credentials');
    assert.equal(scanned[0]!.outputDir, join('/tmp/out', A));
    assert.deepEqual(
      outcomes.map((o) => [o.account, o.status, o.exitCode]),
      [
        [A, 'ok', 1],
        [B, 'failed', 4],
      ],
    );
    assert.match(outcomes[1]!.reason ?? '', /^cannot assume arn:aws:iam::222222222222:role\/apiposture-audit: AccessDenied: /);
    assert.deepEqual(outcomes[1]!.reports, []);
    assert.equal(worstExitCode(outcomes), 1);
    assert.equal(worstExitCode([outcomes[1]!]), 4, 'no account scanned: nothing scanned');
    assert.equal(worstExitCode([{ ...outcomes[0]!, exitCode: 0 }, outcomes[1]!]), 3, 'one scanned cleanly, one failed: incomplete');
    for (const call of sts.commandCalls(AssumeRoleCommand)) {
      assert.equal(call.args[0].input.RoleSessionName, 'apiposture-20261101T123000Z');
      assert.equal(call.args[0].input.DurationSeconds, 3600);
    }
  });

  it('keeps going when a scan throws or is incomplete, two accounts at a time', async () => {
    let inFlight = 0;
    let most = 0;
    const scan = async (input: AccountScanInput): Promise<AccountScanResult> => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await delay(20);
      inFlight -= 1;
      if (input.target.account === C) throw new CredentialsError('cannot verify the AWS credentials (sts:GetCallerIdentity in eu-west-1): ExpiredToken: expired');
      if (input.target.account === D) return { exitCode: 3, complete: false, reports: ['r.json'], reason: 'incomplete scan: 2 collection error(s)' };
      return { exitCode: 0, complete: true, reports: ['r.json'] };
    };
    const outcomes = await runAccounts(options(scan, [A, B, C, D]));
    assert.equal(most, 2);
    assert.deepEqual(
      outcomes.map((o) => [o.account, o.status]),
      [
        [A, 'ok'],
        [B, 'failed'],
        [C, 'failed'],
        [D, 'incomplete'],
      ],
    );
    assert.match(outcomes[2]!.reason ?? '', /^CredentialsError: cannot verify/);
    assert.equal(outcomes[3]!.reason, 'incomplete scan: 2 collection error(s)');
    assert.equal(worstExitCode(outcomes), 3);
    assert.equal(worstExitCode([outcomes[0]!]), 0);
    assert.equal(worstExitCode([{ exitCode: 0, status: 'ok' }, { exitCode: 1, status: 'ok' }]), 1);
    assert.equal(worstExitCode([{ exitCode: 1, status: 'incomplete' }, { exitCode: 3, status: 'incomplete' }]), 1, 'findings win over an incomplete account');
  });

  it('--regions all lists each account’s regions with that account’s own credentials', async () => {
    account.on(ListRegionsCommand).callsFake(async (_input: unknown, getClient: () => AccountClient) => {
      const identity = await (getClient().config.credentials as () => Promise<{ accessKeyId: string }>)();
      return identity.accessKeyId === `ASIA${A}`
        ? { Regions: [{ RegionName: 'eu-west-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' }, { RegionName: 'af-south-1', RegionOptStatus: 'ENABLED' }] }
        : Promise.reject(accessDenied('account:ListRegions'));
    });
    const scanned: AccountScanInput[] = [];
    const outcomes = await runAccounts({
      ...options(async (input) => {
        scanned.push(input);
        return { exitCode: 0, complete: true, reports: [] };
      }, [A, C]),
      regions: 'all',
    });
    assert.deepEqual(scanned.map((s) => [s.target.account, s.regions]), [[A, ['af-south-1', 'eu-west-1']]]);
    assert.equal(outcomes[1]!.status, 'failed');
    assert.match(outcomes[1]!.reason ?? '', /^cannot list the enabled regions \(account:ListRegions\): AccessDeniedException/);
  });

  it('writes run-summary.json (0600) with every account, its status, reason, reports and exit code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apiposture-run-'));
    const outcomes = await runAccounts(options(async (input) => ({ exitCode: 1, complete: true, reports: [join(input.outputDir, 'report.json')] }), [A, B], dir));
    const summary = buildRunSummary({
      toolVersion: '0.0.0-test',
      startedAt: new Date('2026-11-01T12:30:00Z'),
      finishedAt: new Date('2026-11-01T12:40:00Z'),
      caller: { account: '999999999999', partition: 'aws' },
      source: 'accounts',
      role: 'arn:aws:iam::{account}:role/apiposture-audit',
      externalId: true,
      regions: ['eu-west-1'],
      outputDir: dir,
      outcomes,
      skipped: [{ id: D, name: 'old', state: 'SUSPENDED' }],
      exitCode: worstExitCode(outcomes),
    });
    const path = await writeRunSummary(summary, dir);
    assert.equal(path, join(dir, RUN_SUMMARY_FILE));
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const written = runSummarySchema.parse(JSON.parse(readFileSync(path, 'utf8')));
    assert.equal(written.exitCode, 1, 'the findings in A decide the run, not B’s failure');
    assert.equal(written.accounts[1]!.exitCode, 4, 'B was not scanned');
    assert.deepEqual(written.counts, { accounts: 2, ok: 1, incomplete: 0, failed: 1, skipped: 1 });
    assert.deepEqual(written.accounts[0]!.reports, [join(dir, A, 'report.json')]);
    assert.equal(written.accounts[1]!.status, 'failed');
    assert.equal(written.accounts[1]!.roleArn, arnOf(B));
    assert.doesNotMatch(JSON.stringify(written), /ASIA|secret|token-/, 'no credential reaches the summary');

    const text = renderRunSummary(written);
    assert.match(text, /^Accounts: 2 — 1 ok, 0 incomplete, 1 failed; 1 not ACTIVE, skipped$/m);
    assert.match(text, new RegExp(`${B}\\s+FAILED\\s+exit 4\\s+cannot assume`));
    assert.match(text, new RegExp(`${D} \\(old\\)\\s+skipped\\s+not ACTIVE: SUSPENDED`));
  });

  it('runs tasks one at a time in call order (stdout blocks stay whole)', async () => {
    const serial = serialized();
    const log: string[] = [];
    await Promise.all([
      serial(async () => {
        log.push('a1');
        await delay(10);
        log.push('a2');
      }),
      serial(async () => {
        log.push('b1');
        throw new Error('b fails');
      }).catch(() => log.push('b caught')),
      serial(async () => {
        log.push('c1');
      }),
    ]);
    assert.deepEqual(log, ['a1', 'a2', 'b1', 'b caught', 'c1']);
  });
});

describe('scan with bad multi-account flags', () => {
  it('exits 2 with one line, before any AWS call', async () => {
    const cases: [string[], RegExp][] = [
      [['--accounts', '111111111111,12345', '--role-name', 'audit'], /^apiposture: --accounts: not a 12-digit AWS account id: '12345'$/],
      [['--accounts', '111111111111', '--role-arn', 'arn:aws:iam::111111111111:role/x'], /^apiposture: --role-arn must contain \{account\}/],
      [['--accounts', '111111111111'], /^apiposture: --accounts needs --role-name or --role-arn/],
      [['--organization', '--role-name', 'a', '--accounts', '111111111111'], /not both/],
      [['--accounts', '111111111111', '--role-name', 'a', '--inventory-out', 'inv.json'], /--inventory-out needs \{account\}/],
    ];
    const saved = { ...process.env };
    for (const name of ['APIPOSTURE_ACCOUNTS', 'APIPOSTURE_ORGANIZATION', 'APIPOSTURE_ROLE_NAME', 'APIPOSTURE_ROLE_ARN', 'APIPOSTURE_EXTERNAL_ID']) delete process.env[name];
    sts.reset();
    try {
      for (const [args, message] of cases) {
        const run = await captureOutput(() => main(['scan', '--region', 'eu-west-1', ...args]));
        assert.equal(run.value, 2, args.join(' '));
        const lines = run.stderr.trim().split('\n');
        assert.equal(lines.length, 1, run.stderr);
        assert.match(lines[0]!, message);
      }
      assert.equal(sts.calls().length, 0);
    } finally {
      process.env = saved;
      process.exitCode = undefined;
    }
  });
});

/**
 * deploy/batch/entrypoint.sh, the Batch image's entry point, run with `sh` (dash here, as in
 * the Debian image) and a stub `node` first on PATH that records its arguments and environment
 * instead of running apiposture.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { REPO } from '../e2e/run-cli.js';
import { SCHEDULED, loadTemplate, render, type JsonObject } from './cfn.js';

const ENTRYPOINT = join(REPO, 'deploy/batch/entrypoint.sh');
const BIN = '/app/dist/src/cli/bin.js';
const ACCOUNTS = ['111111111111', '222222222222', '333333333333'];
const ROOT = 's3://audit-reports/apiposture/';

const stubDir = mkdtempSync(join(tmpdir(), 'apiposture-entry-'));
const record = join(stubDir, 'record.json');
// Stands for the job's writable volume (/reports in the job).
const scratch = join(stubDir, 'scratch');
mkdirSync(scratch);
// The stub: records what the CLI would have been given, then exits with $STUB_EXIT; with
// $STUB_WAIT it runs until SIGTERM, which it records.
writeFileSync(
  join(stubDir, 'node'),
  `#!${process.execPath}
const { writeFileSync } = require('node:fs');
const save = (extra) => writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args: process.argv.slice(2), env: process.env, cwd: process.cwd(), ...extra }));
if (process.env.STUB_WAIT) {
  process.on('SIGTERM', () => { save({ signal: 'SIGTERM' }); process.exit(143); });
  save({ started: true });
  setInterval(() => {}, 1000);
} else {
  save({});
  process.exit(Number(process.env.STUB_EXIT ?? 0));
}
`,
);
chmodSync(join(stubDir, 'node'), 0o755);
after(() => rmSync(stubDir, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stderr: string;
  /** What the stub `node` received, or undefined when the CLI was not started. */
  cli?: { args: string[]; env: Record<string, string>; cwd: string };
}

function entry(args: string[], env: Record<string, string>): Run {
  rmSync(record, { force: true });
  const run = spawnSync('sh', [ENTRYPOINT, ...args], {
    env: { PATH: `${stubDir}:${process.env.PATH ?? ''}`, ...env },
    encoding: 'utf8',
  });
  const cli = existsSync(record) ? (JSON.parse(readFileSync(record, 'utf8')) as Run['cli']) : undefined;
  return { status: run.status, stderr: run.stderr, ...(cli ? { cli } : {}) };
}

const batchEnv = (extra: Record<string, string> = {}): Record<string, string> => ({
  APIPOSTURE_ACCOUNT_LIST: ACCOUNTS.join(','),
  APIPOSTURE_OUTPUT_DIR: ROOT,
  APIPOSTURE_MERGE_FROM: ROOT,
  APIPOSTURE_SCRATCH_DIR: scratch,
  APIPOSTURE_REGIONS: 'eu-west-1',
  ...extra,
});

describe('the Batch entry point (deploy/batch/entrypoint.sh)', () => {
  it('is valid POSIX sh', () => {
    const check = spawnSync('sh', ['-n', ENTRYPOINT], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stderr);
  });

  it('gives child i of the array job the account at index i', () => {
    for (const [index, account] of ACCOUNTS.entries()) {
      const run = entry(['scan'], batchEnv({ AWS_BATCH_JOB_ARRAY_INDEX: String(index) }));
      assert.equal(run.status, 0, run.stderr);
      assert.ok(run.cli, 'the CLI ran');
      assert.deepEqual(run.cli.args, [BIN, 'scan']);
      assert.equal(run.cli.env.APIPOSTURE_ACCOUNTS, account);
      assert.equal(run.cli.env.APIPOSTURE_OUTPUT_DIR, ROOT, 'the CLI files the reports under <prefix><account>/ itself');
      assert.equal(run.cli.env.APIPOSTURE_REGIONS, 'eu-west-1', 'the rest of the configuration passes through');
      assert.equal(run.cli.cwd, scratch, 'the CLI runs on the writable volume');
      assert.match(run.stderr, new RegExp(`child ${index} of 3: account ${account}`));
    }
  });

  it('tolerates blanks around the commas', () => {
    const run = entry(['scan'], batchEnv({ APIPOSTURE_ACCOUNT_LIST: ' 111111111111 , 222222222222', AWS_BATCH_JOB_ARRAY_INDEX: '1' }));
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.cli?.env.APIPOSTURE_ACCOUNTS, '222222222222');
  });

  it('takes index 0 for a single account submitted as a plain job (arrays have 2+ children)', () => {
    const run = entry(['scan'], batchEnv({ APIPOSTURE_ACCOUNT_LIST: '444444444444' }));
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.cli?.env.APIPOSTURE_ACCOUNTS, '444444444444');
  });

  it('passes extra arguments through to the CLI', () => {
    const run = entry(['scan', '--format', 'json'], batchEnv({ AWS_BATCH_JOB_ARRAY_INDEX: '2' }));
    assert.deepEqual(run.cli?.args, [BIN, 'scan', '--format', 'json']);
  });

  for (const [what, env, message] of [
    ['no array index with several accounts', batchEnv(), /AWS_BATCH_JOB_ARRAY_INDEX is not set.*holds 3 accounts/],
    ['an index past the list', batchEnv({ AWS_BATCH_JOB_ARRAY_INDEX: '3' }), /out of range/],
    ['an index that is not a number', batchEnv({ AWS_BATCH_JOB_ARRAY_INDEX: '1x' }), /not a number/],
    ['an account id that is not 12 digits', batchEnv({ APIPOSTURE_ACCOUNT_LIST: '111111111111,12345', AWS_BATCH_JOB_ARRAY_INDEX: '0' }), /'12345', not a 12-digit/],
    ['an empty entry in the list', batchEnv({ APIPOSTURE_ACCOUNT_LIST: '111111111111,,222222222222', AWS_BATCH_JOB_ARRAY_INDEX: '0' }), /holds '', not a 12-digit/],
    ['a glob in the list', batchEnv({ APIPOSTURE_ACCOUNT_LIST: '*', AWS_BATCH_JOB_ARRAY_INDEX: '0' }), /holds '\*'/],
    ['no writable scratch folder', batchEnv({ APIPOSTURE_SCRATCH_DIR: join(stubDir, 'missing'), AWS_BATCH_JOB_ARRAY_INDEX: '0' }), /cannot work in .*missing/],
  ] as [string, Record<string, string>, RegExp][]) {
    it(`fails with exit 2, without starting the CLI, on ${what}`, () => {
      const run = entry(['scan'], env);
      assert.equal(run.status, 2);
      assert.match(run.stderr, message);
      assert.equal(run.cli, undefined);
    });
  }

  it('merges the latest report of every account of the list', () => {
    const run = entry(['merge'], batchEnv());
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.cli?.args, [BIN, 'merge', ...ACCOUNTS.map((a) => `${ROOT}${a}/latest/report.json`)]);
    assert.equal(run.cli?.env.APIPOSTURE_OUTPUT_DIR, ROOT);
    assert.equal(run.cli?.env.APIPOSTURE_ACCOUNTS, undefined);
    assert.equal(run.cli?.cwd, scratch);
    const bare = entry(['merge', '--format', 'json'], batchEnv({ APIPOSTURE_MERGE_FROM: 's3://audit-reports' }));
    assert.deepEqual(bare.cli?.args, [BIN, 'merge', '--format', 'json', ...ACCOUNTS.map((a) => `s3://audit-reports/${a}/latest/report.json`)]);
  });

  it('refuses a merge without the scans\' S3 location', () => {
    for (const from of ['', '/reports', 's3://']) {
      const run = entry(['merge'], batchEnv({ APIPOSTURE_MERGE_FROM: from }));
      assert.equal(run.status, 2);
      assert.match(run.stderr, /APIPOSTURE_MERGE_FROM must be/);
      assert.equal(run.cli, undefined);
    }
  });

  it('counts exit 1 (findings) and 3 (incomplete) as done, since the report was written; fails on the rest, 4 (nothing scanned) included', () => {
    for (const [cli, job] of [
      ['0', 0],
      ['1', 0],
      ['3', 0],
      ['4', 4],
      ['2', 2],
      ['70', 70],
    ] as [string, number][]) {
      for (const command of ['scan', 'merge']) {
        const run = entry([command], batchEnv({ AWS_BATCH_JOB_ARRAY_INDEX: '0', STUB_EXIT: cli }));
        assert.equal(run.status, job, `${command}: CLI exit ${cli}`);
        if (cli === '3') assert.match(run.stderr, /incomplete \(exit 3\)/);
        if (cli === '3' && command === 'merge') assert.match(run.stderr, /could not be read or uploaded/);
        if (cli === '4') assert.match(run.stderr, /nothing was scanned \(exit 4\)/);
      }
    }
  });

  it('runs the CLI unchanged outside an array run, or for other commands', () => {
    const plain = entry(['scan', '--regions', 'eu-west-1'], { STUB_EXIT: '3' });
    assert.deepEqual(plain.cli?.args, [BIN, 'scan', '--regions', 'eu-west-1']);
    assert.equal(plain.cli?.env.APIPOSTURE_ACCOUNTS, undefined);
    assert.equal(plain.status, 3, 'exec: the CLI\'s own exit status');
    const other = entry(['iam-policy'], batchEnv());
    assert.deepEqual(other.cli?.args, [BIN, 'iam-policy']);
    assert.equal(other.cli?.env.APIPOSTURE_ACCOUNTS, undefined);
    assert.notEqual(other.cli?.cwd, scratch, 'unchanged: not even the working folder');
    const none = entry([], {});
    assert.deepEqual(none.cli?.args, [BIN]);
  });

  it('forwards SIGTERM (how Batch stops a job) to the CLI', async () => {
    rmSync(record, { force: true });
    const child = spawn('sh', [ENTRYPOINT, 'scan'], {
      env: { PATH: `${stubDir}:${process.env.PATH ?? ''}`, ...batchEnv({ AWS_BATCH_JOB_ARRAY_INDEX: '0', STUB_WAIT: '1' }) },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 200 && !existsSync(record); i++) await new Promise((r) => setTimeout(r, 25));
    assert.ok(existsSync(record), 'the CLI started');
    child.kill('SIGTERM');
    assert.equal(await exited, 143);
    assert.equal((JSON.parse(readFileSync(record, 'utf8')) as { signal?: string }).signal, 'SIGTERM');
  });
});

describe('the Batch image and the template agree with the entry point', () => {
  it('deploy/batch/Dockerfile runs the entry point on top of the stock image', () => {
    const dockerfile = readFileSync(join(REPO, 'deploy/batch/Dockerfile'), 'utf8');
    const stock = readFileSync(join(REPO, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /^FROM \$\{APIPOSTURE_IMAGE\}$/m);
    assert.match(dockerfile, /^COPY deploy\/batch\/entrypoint\.sh \/app\/batch-entrypoint\.sh$/m);
    assert.match(dockerfile, /^ENTRYPOINT \["\/bin\/sh", "\/app\/batch-entrypoint\.sh"\]$/m);
    assert.match(dockerfile, /^CMD \["scan"\]$/m);
    assert.match(dockerfile, /^USER node$/m);
    assert.ok(stock.includes(`ENTRYPOINT ["node", "${BIN}"]`), 'the entry point runs the same CLI as the stock image');
    assert.ok(readFileSync(ENTRYPOINT, 'utf8').includes(`BIN=${BIN}\n`));
  });

  it('a run of the template: each child scans its account into the bucket, and the merge reads what they wrote', () => {
    const accounts = ['111111111111', '222222222222', '333333333333', '444444444444'];
    const rendered = render(loadTemplate(SCHEDULED), {
      AccountIds: accounts.join(','),
      Regions: 'eu-west-1',
      Image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/apiposture-batch:0.1.0',
      Subnets: 'subnet-0a',
      SecurityGroups: 'sg-0c',
    });
    const jobEnv = (id: string) =>
      Object.fromEntries(
        ((rendered.resources[id]!.Properties.ContainerProperties as JsonObject).Environment as { Name: string; Value: string }[]).map((e) => [e.Name, e.Value]),
      );
    // What the Plan state hands to ContainerOverrides; the scratch folder stands for /reports.
    const overrides = {
      APIPOSTURE_ACCOUNT_LIST: (rendered.resources.StateMachine!.Properties.DefinitionSubstitutions as Record<string, string>).AccountList!,
      APIPOSTURE_SCRATCH_DIR: scratch,
    };
    const location = rendered.outputs.ReportsLocation as string;
    const size = overrides.APIPOSTURE_ACCOUNT_LIST.split(',').length;
    assert.equal(size, accounts.length);
    const written: string[] = [];
    for (let index = 0; index < size; index++) {
      const run = entry(['scan'], { ...jobEnv('ScanJobDefinition'), ...overrides, AWS_BATCH_JOB_ARRAY_INDEX: String(index) });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.cli?.env.APIPOSTURE_ACCOUNTS, accounts[index]);
      assert.equal(run.cli?.env.APIPOSTURE_OUTPUT_DIR, location);
      // The CLI's S3 output (src/output/s3.ts) puts the account's newest reports in <prefix><account>/latest/.
      written.push(`${run.cli?.env.APIPOSTURE_OUTPUT_DIR}${run.cli?.env.APIPOSTURE_ACCOUNTS}/latest/report.json`);
    }
    assert.equal(new Set(written).size, accounts.length, 'every account scanned once');
    const merge = entry(['merge'], { ...jobEnv('MergeJobDefinition'), ...overrides });
    assert.equal(merge.status, 0, merge.stderr);
    assert.deepEqual(merge.cli?.args.slice(1), ['merge', ...written]);
    assert.equal(merge.cli?.env.APIPOSTURE_OUTPUT_DIR, location);
  });
});

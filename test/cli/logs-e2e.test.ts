/** What a scan prints where, as a container or CI job sees it (stderr and stdout are pipes). */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Inventory } from '../../src/inventory/schema.js';
import { isolatedEnv, REPO, runBuiltCli, type CliRun } from '../e2e/run-cli.js';
import { startFakeAws, type FakeAws } from '../support/fake-aws.js';

const demo = JSON.parse(readFileSync(join(REPO, 'examples/demo-inventory.json'), 'utf8')) as Inventory;
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'logs-e2e-secret-not-real';
const TOKEN = 'logs-e2e-session-token-not-real';

describe('scan logs and progress when stderr is not a terminal (built CLI)', () => {
  let fake: FakeAws;
  const runs: Record<string, CliRun> = {};
  before(async () => {
    fake = await startFakeAws({ inventory: demo });
    const env = isolatedEnv({
      AWS_ACCESS_KEY_ID: ACCESS_KEY,
      AWS_SECRET_ACCESS_KEY: SECRET,
      AWS_SESSION_TOKEN: TOKEN,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    const dir = mkdtempSync(join(tmpdir(), 'apiposture-logs-'));
    for (const level of ['trace', 'silent'] as const) {
      runs[level] = await runBuiltCli(
        ['scan', '--regions', 'eu-west-1,us-east-1', '--endpoint-url', fake.url, '--output-dir', join(dir, level), '--fail-on', 'none', '--log-level', level],
        env,
      );
    }
  });
  after(() => fake.close());

  it('stderr is JSON lines only, at every level, and never carries the credentials', () => {
    const run = runs.trace!;
    assert.equal(run.code, 3, run.stderr);
    const lines = run.stderr.split('\n').filter(Boolean);
    assert.ok(lines.length >= 4, run.stderr);
    const entries = lines.map((line) => JSON.parse(line) as { msg: string; level: number });
    assert.ok(entries.some((e) => e.msg === 'collection finished'));
    for (const secret of [SECRET, TOKEN]) assert.ok(!run.stderr.includes(secret) && !run.stdout.includes(secret), `leaked ${secret}`);
  });

  it('stdout carries only the summary: no log lines, no progress', () => {
    for (const run of Object.values(runs)) {
      assert.doesNotMatch(run.stdout, /"level"|collecting/);
      assert.ok(!run.stdout.includes('\r') && !run.stdout.includes('\x1b[2K'), 'no status line');
      assert.match(run.stdout, /Totals:/);
    }
  });

  it('--log-level silent prints nothing on stderr', () => {
    assert.equal(runs.silent!.code, 3);
    assert.equal(runs.silent!.stderr, '');
  });
});

/**
 * The CLI loads an AWS SDK client only when it calls that service: --version, evaluate, merge,
 * diff and checks load none (each client costs start-up time and memory).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BIN, isolatedEnv, REPO } from './run-cli.js';

const REGISTER = join(REPO, 'test/support/sdk-load-register.mjs');
const DEMO = join(REPO, 'examples/demo-inventory.json');
const dir = mkdtempSync(join(tmpdir(), 'apiposture-startup-'));

function sdkClientsLoadedBy(args: string[]): { clients: string[]; status: number | null; stdout: string } {
  const log = join(dir, `sdk-${Math.random().toString(36).slice(2)}.log`);
  const run = spawnSync(process.execPath, ['--import', REGISTER, BIN, ...args], {
    env: { ...isolatedEnv(), APIPOSTURE_TEST_SDK_LOG: log },
    cwd: REPO,
    encoding: 'utf8',
  });
  const clients = existsSync(log) ? [...new Set(readFileSync(log, 'utf8').trim().split('\n'))].sort() : [];
  return { clients, status: run.status, stdout: run.stdout };
}

describe('start-up: AWS SDK clients are loaded only when called', () => {
  it('--version answers with the version and loads none', () => {
    const run = sdkClientsLoadedBy(['--version']);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^\d+\.\d+\.\d+/);
    assert.deepEqual(run.clients, []);
  });

  it('evaluate, merge, diff and checks load none', () => {
    const out = join(dir, 'eval');
    const evaluate = sdkClientsLoadedBy(['evaluate', DEMO, '--output-dir', out, '--format', 'json', '--fail-on', 'none']);
    assert.equal(evaluate.status, 3, 'the demo is incomplete');
    assert.deepEqual(evaluate.clients, []);
    const report = join(out, 'report.json');
    assert.deepEqual(sdkClientsLoadedBy(['merge', report, '--output-dir', join(dir, 'org'), '--format', 'json', '--fail-on', 'none']).clients, []);
    assert.deepEqual(sdkClientsLoadedBy(['diff', report, report]).clients, []);
    assert.deepEqual(sdkClientsLoadedBy(['checks']).clients, []);
  });

  it('the hook does record clients: iam-policy, which reads every service descriptor, loads them', () => {
    const run = sdkClientsLoadedBy(['iam-policy']);
    assert.equal(run.status, 0);
    assert.ok(run.clients.includes('client-api-gateway'), run.clients.join(','));
    assert.ok(run.clients.includes('client-sts'));
  });
});

/**
 * A scan checks that it can write its reports and snapshot before it collects: a long scan must
 * not be thrown away at the end. The AWS endpoint here answers nothing and no credentials exist,
 * so a run that got past the check would end differently (exit 3, a credentials line).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InputError } from '../../src/errors.js';
import { assertWritableFile, assertWritableFolder, fixedFolderOf } from '../../src/output/preflight.js';
import { isolatedEnv, runCli } from '../e2e/run-cli.js';
import { filesUnder, nonLogLines, tempDir } from './support.js';

const NOWHERE = ['--region', 'eu-west-1', '--endpoint-url', 'http://127.0.0.1:9'];
const ENV = isolatedEnv({ AWS_ACCESS_KEY_ID: 'AKIAPREFLIGHTTEST001', AWS_SECRET_ACCESS_KEY: 'not-a-secret' });

function blockedDir(): { dir: string; blocker: string } {
  const dir = tempDir();
  const blocker = join(dir, 'not-a-dir');
  writeFileSync(blocker, '');
  return { dir, blocker };
}

describe('scan and collect check their outputs before any AWS call', () => {
  it('scan --output-dir under a file: exit 2, one line, before collecting', async () => {
    const { dir, blocker } = blockedDir();
    const run = await runCli(['scan', ...NOWHERE, '--output-dir', join(blocker, 'out')], ENV);
    assert.equal(run.code, 2, run.stderr);
    const lines = nonLogLines(run.stderr);
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0]!, /^apiposture: --output-dir: cannot use .*not-a-dir is a file, not a folder$/);
    assert.deepEqual(filesUnder(dir), ['not-a-dir']);
  });

  it('scan --inventory-out under a file: exit 2, one line, no stack trace', async () => {
    const { blocker } = blockedDir();
    const out = tempDir();
    const run = await runCli(['scan', ...NOWHERE, '--output-dir', out, '--inventory-out', join(blocker, 'inv.json')], ENV);
    assert.equal(run.code, 2, run.stderr);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
    assert.match(nonLogLines(run.stderr)[0]!, /^apiposture: --inventory-out: cannot use .* is a file, not a folder$/);
    assert.deepEqual(filesUnder(out), []);
  });

  it('collect --out naming a folder: exit 2, one line', async () => {
    const dir = tempDir();
    const run = await runCli(['collect', ...NOWHERE, '--out', dir], ENV);
    assert.equal(run.code, 2, run.stderr);
    assert.match(nonLogLines(run.stderr)[0]!, /^apiposture: --out: .* is a folder, not a file$/);
  });

  it('a writable output folder passes the check: the run goes on to AWS (and fails there: nothing scanned, exit 4)', async () => {
    const run = await runCli(['scan', ...NOWHERE, '--output-dir', join(tempDir(), 'new', 'out')], ENV);
    assert.equal(run.code, 4, run.stderr);
  });
});

describe('preflight checks', () => {
  it('accept a folder to be created under a writable one, and create nothing', async () => {
    const dir = tempDir();
    await assertWritableFolder(join(dir, 'a', 'b'), '--output-dir');
    await assertWritableFile(join(dir, 'a', 'inv.json'), '--inventory-out');
    assert.deepEqual(filesUnder(dir), []);
  });

  it('refuse a read-only folder: a read-only filesystem (as root, in CI) or a folder without write permission', async () => {
    const dir = tempDir();
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    const root = process.getuid?.() === 0;
    // Root may write in any folder whatever its mode; a read-only mount stops even root.
    if (root) assert.equal(spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', ro]).status, 0, 'mount a read-only tmpfs');
    else chmodSync(ro, 0o500);
    try {
      await assert.rejects(assertWritableFolder(join(ro, 'out'), '--output-dir'), (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.match(error.message, /^--output-dir: cannot write in .*\/ro: (EROFS|EACCES)$/);
        return true;
      });
    } finally {
      if (root) spawnSync('umount', [ro]);
    }
  });

  it('a template checks its fixed part only', () => {
    assert.equal(fixedFolderOf('out/{account}/inventory.json', '{account}'), 'out');
    assert.equal(fixedFolderOf('out/inv-{account}.json', '{account}'), 'out');
    assert.equal(fixedFolderOf('inventory.json', '{account}'), '.');
  });
});

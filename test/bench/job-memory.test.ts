/** The benchmark's memory cgroup: which hierarchy it uses, what it writes, and the command that starts inside it. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { containerNodeOptions, deployedJobMemoryMiB, memoryCage } from '../../bench/job-memory.js';
import { jobSize } from '../../scripts/gen-deploy.js';

const made: string[] = [];
function fakeRoot(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'apiposture-cgroup-'));
  made.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
afterEach(() => {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
});

const onLinux = process.platform === 'linux' ? {} : { skip: 'cgroups are Linux’s' };

describe('memoryCage', onLinux, () => {
  it('makes a cgroup v1 memory group with the limit in bytes', () => {
    const root = fakeRoot({ 'memory/cgroup.procs': '' });
    const caged = memoryCage(2048, root, 'job');
    assert.ok('cage' in caged, JSON.stringify(caged));
    assert.equal(readFileSync(join(root, 'memory/job/memory.limit_in_bytes'), 'utf8'), String(2048 * 2 ** 20));
    assert.equal(caged.cage.limitMiB, 2048);
  });

  it('makes a cgroup v2 group with memory.max, delegating the memory controller when the parent does not yet', () => {
    const root = fakeRoot({ 'cgroup.controllers': 'cpuset cpu io memory pids\n', 'cgroup.subtree_control': 'cpu\n' });
    const caged = memoryCage(1024, root, 'job');
    assert.ok('cage' in caged, JSON.stringify(caged));
    assert.equal(readFileSync(join(root, 'job/memory.max'), 'utf8'), String(1024 * 2 ** 20));
    assert.equal(readFileSync(join(root, 'cgroup.subtree_control'), 'utf8'), '+memory');
  });

  it('says why it cannot: no memory controller, no hierarchy, or a group it cannot make', () => {
    const noMemory = memoryCage(1024, fakeRoot({ 'cgroup.controllers': 'cpu io\n' }), 'job');
    assert.match('unavailable' in noMemory ? noMemory.unavailable : '', /no memory cgroup hierarchy/);
    const nothing = memoryCage(1024, fakeRoot({}), 'job');
    assert.match('unavailable' in nothing ? nothing.unavailable : '', /no memory cgroup hierarchy/);
    const root = fakeRoot({ 'memory/cgroup.procs': '', 'memory/job/memory.limit_in_bytes': '' });
    const taken = memoryCage(1024, root, 'job');
    assert.match('unavailable' in taken ? taken.unavailable : '', /cannot make a memory cgroup .*EEXIST/);
  });

  it('starts the command after writing its own pid to the group, and removes the group when disposed', () => {
    const root = fakeRoot({ 'memory/cgroup.procs': '' });
    const caged = memoryCage(512, root, 'job');
    assert.ok('cage' in caged);
    // A plain folder stands in for the kernel's: cgroup.procs is then an ordinary file.
    const run = caged.cage.wrap(process.execPath, ['-e', 'console.log(process.pid)']);
    const child = spawnSync(run.command, run.args, { encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    assert.equal(readFileSync(join(root, 'memory/job/cgroup.procs'), 'utf8').trim(), child.stdout.trim(), 'the pid written is the command’s own: the shell exec’d it');
    rmSync(join(root, 'memory/job/cgroup.procs'));
    rmSync(join(root, 'memory/job/memory.limit_in_bytes'));
    caged.cage.dispose();
    assert.equal(existsSync(join(root, 'memory/job')), false);
  });
});

describe('deployedJobMemoryMiB', () => {
  it('reads the scheduled template’s JobMemory default, which is the generated job size', () => {
    assert.equal(deployedJobMemoryMiB(new URL('../../deploy/apiposture-scheduled.template.json', import.meta.url).pathname), jobSize().memoryMiB);
  });

  it('refuses a template without one', () => {
    const root = fakeRoot({ 't.json': JSON.stringify({ Parameters: { JobVcpu: { Default: '1' } } }) });
    assert.throws(() => deployedJobMemoryMiB(join(root, 't.json')), /t\.json: no JobMemory default/);
  });
});

describe('containerNodeOptions', () => {
  it('reads NODE_OPTIONS from the image’s last stage, across continued ENV lines, quoted or not', () => {
    const root = fakeRoot({
      'plain/Dockerfile': 'FROM node AS build\nENV NODE_OPTIONS=--build-only\nFROM node AS runtime\nENV NODE_ENV=production \\\n    NODE_OPTIONS=--max-semi-space-size=16 \\\n    OTHER=1\nUSER node\n',
      'quoted/Dockerfile': 'FROM node\nENV A=1 NODE_OPTIONS="--max-semi-space-size=8 --max-old-space-size=900"\n',
      'none/Dockerfile': 'FROM node AS build\nENV NODE_OPTIONS=--build-only\nFROM node AS runtime\nENV NODE_ENV=production\n',
    });
    assert.equal(containerNodeOptions(join(root, 'plain/Dockerfile')), '--max-semi-space-size=16');
    assert.equal(containerNodeOptions(join(root, 'quoted/Dockerfile')), '--max-semi-space-size=8 --max-old-space-size=900');
    assert.equal(containerNodeOptions(join(root, 'none/Dockerfile')), undefined);
  });

  it('reads the repository’s Dockerfile: the image caps the young generation', () => {
    assert.equal(containerNodeOptions(join(import.meta.dirname, '../../Dockerfile')), '--max-semi-space-size=16');
  });
});

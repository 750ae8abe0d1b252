/** `npm run bench -- --baseline <revision>`: checking a revision out, and reading what its worker measured. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { againstBaseline, baselineEvaluation, checkOutBaseline, resolveCommit } from '../../bench/baseline.js';

const hasGit = spawnSync('git', ['--version']).status === 0;

function git(repo: string, ...args: string[]): string {
  const run = spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: repo });
  assert.equal(run.status, 0, run.stderr.toString());
  return run.stdout.toString().trim();
}

function commitFiles(repo: string, files: Record<string, string>, message: string): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(repo, path, '..'), { recursive: true });
    writeFileSync(join(repo, path), text);
  }
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', message);
  return git(repo, 'rev-parse', 'HEAD');
}

describe('--baseline: a revision checked out to measure with', { skip: hasGit ? false : 'git is not installed' }, () => {
  let repo: string;
  let out: string;
  let withWorker: string;
  let otherLock: string;
  let lockAgain: string;

  before(() => {
    repo = mkdtempSync(join(tmpdir(), 'apiposture-baseline-repo-'));
    out = mkdtempSync(join(tmpdir(), 'apiposture-baseline-out-'));
    git(repo, 'init', '-q');
    withWorker = commitFiles(repo, { 'package-lock.json': '{"lock":1}\n', 'bench/worker.ts': '// the old worker\n' }, 'with a worker');
    otherLock = commitFiles(repo, { 'package-lock.json': '{"lock":2}\n' }, 'other dependencies');
    // The working tree's lockfile (the one compared with) is withWorker's again.
    lockAgain = commitFiles(repo, { 'package-lock.json': '{"lock":1}\n' }, 'the first dependencies again');
  });
  after(() => {
    rmSync(repo, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  it('names the commit a revision means, and refuses what git does not know', () => {
    assert.equal(resolveCommit(repo, withWorker.slice(0, 8)), withWorker);
    assert.throws(() => resolveCommit(repo, 'no-such-branch'), /--baseline no-such-branch: not a commit of this repository/);
  });

  it("unpacks the revision's files and links this checkout's node_modules when the lockfile is the same; reuses it next time", () => {
    mkdirSync(join(repo, 'node_modules'), { recursive: true });
    const checkout = checkOutBaseline(repo, withWorker, out);
    assert.equal(checkout.commit, withWorker);
    assert.equal(checkout.dir, join(out, withWorker));
    assert.equal(checkout.dependencies, 'linked');
    assert.equal(readFileSync(checkout.worker, 'utf8'), '// the old worker\n');
    assert.ok(lstatSync(join(checkout.dir, 'node_modules')).isSymbolicLink());
    assert.equal(readlinkSync(join(checkout.dir, 'node_modules')), join(repo, 'node_modules'));
    // A file of the finished checkout changed by hand stays: the checkout is not made again.
    writeFileSync(checkout.worker, '// edited\n');
    assert.equal(readFileSync(checkOutBaseline(repo, withWorker, out).worker, 'utf8'), '// edited\n');
  });

  it('installs with npm ci when the lockfile differs', () => {
    const bin = mkdtempSync(join(tmpdir(), 'apiposture-baseline-npm-'));
    const npm = join(bin, 'npm');
    writeFileSync(npm, '#!/bin/sh\necho "$@" > npm-args\n');
    chmodSync(npm, 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    try {
      // otherLock has the worker of its parent and {"lock":2}.
      const checkout = checkOutBaseline(repo, otherLock, out);
      assert.equal(checkout.dependencies, 'installed');
      assert.equal(readFileSync(join(checkout.dir, 'npm-args'), 'utf8').trim(), 'ci --ignore-scripts --no-audit --no-fund');
      assert.equal(existsSync(join(checkout.dir, 'node_modules')), false);
    } finally {
      process.env.PATH = path;
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('refuses a revision that has no bench worker', () => {
    git(repo, 'rm', '-q', 'bench/worker.ts');
    git(repo, 'commit', '-q', '-m', 'no worker');
    const head = git(repo, 'rev-parse', 'HEAD');
    assert.notEqual(head, lockAgain);
    assert.throws(() => checkOutBaseline(repo, 'HEAD', out), new RegExp(`--baseline HEAD: ${head.slice(0, 12)} has no bench/worker.ts`));
  });
});

describe("--baseline: what the baseline's worker measured", () => {
  const checkout = { revision: '89da139^', commit: '11faf0f9e46dc9cc79fa5a0218013d67b8f528d2' };
  const measured = {
    snapshot: 'snapshot-10k',
    apis: 10000,
    stages: 26579,
    methods: 500760,
    results: 566007,
    generateMs: 3820,
    evaluateMs: 31234,
    jsonMs: 6620,
    cpuMs: 44509,
    jsonBytes: 780722191,
    htmlBytes: 20844890,
    peakRssMB: 2889.6,
  };

  it("reads an older worker's result, whose report.html time is its render and write apart", () => {
    const row = baselineEvaluation(checkout, { ...measured, htmlRenderMs: 644, htmlWriteMs: 304 });
    assert.deepEqual(row, {
      revision: '89da139^',
      commit: checkout.commit,
      snapshot: 'snapshot-10k',
      apis: 10000,
      methods: 500760,
      results: 566007,
      seconds: (31234 + 6620 + 644 + 304) / 1000,
      cpuSeconds: 44.509,
      reportJsonMB: 780722191 / 2 ** 20,
      peakRssMB: 2889.6,
    });
  });

  it("reads a newer worker's htmlMs", () => {
    assert.equal(baselineEvaluation(checkout, { ...measured, htmlMs: 900 }).seconds, (31234 + 6620 + 900) / 1000);
  });

  it('refuses a result without what the comparison needs, naming it', () => {
    const { cpuMs: _cpu, ...withoutCpu } = measured;
    assert.throws(() => baselineEvaluation(checkout, { ...withoutCpu, htmlMs: 900 }), /the baseline's worker \(89da139\^\) answered without cpuMs$/);
    assert.throws(() => baselineEvaluation(checkout, measured), /answered without htmlMs$/);
    assert.throws(() => baselineEvaluation(checkout, 'evaluated'), /answered without apis, methods, results/);
  });

  it('says how this code compares, and when the baseline generated another account', () => {
    const base = baselineEvaluation(checkout, { ...measured, htmlMs: 946 });
    const now = { snapshot: 'snapshot-10k', apis: 10000, methods: 500760, results: 566007, seconds: 9.8, cpuSeconds: 13.35, reportJsonMB: 136.3, peakRssMB: 1050 };
    const line = againstBaseline(base, now);
    assert.match(line, /^against 89da139\^ \(11faf0f9e46d\), measured just before: CPU 44\.5 → 13\.3 s \(0\.30 ×\); evaluate \+ reports 38\.8 → 9\.8 s \(0\.25 ×\); report\.json 744\.6 → 136\.3 MiB; peak RSS 2890 → 1050 MiB; results 566007 → 566007$/);
    assert.doesNotMatch(line, /note:/);
    assert.match(againstBaseline(base, { ...now, methods: 400000 }), /\n {2}note: the baseline generated a different account \(snapshot-10k: 10000 APIs, 500760 methods\)$/);
  });
});

/**
 * No Docker engine runs here, so this test builds the image's production tree with the same
 * steps the Dockerfile takes and runs the CLI from it, on a read-only tree, as the container
 * would. The Dockerfile's `npm ci` is stood in for by the node_modules that `npm ci` installed
 * here from the same lockfile (so the test needs no network); the rest is the same script.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO } from '../e2e/run-cli.js';
import { containerNodeOptions } from '../../bench/job-memory.js';

const dockerfile = readFileSync(join(REPO, 'Dockerfile'), 'utf8');
const imageNodeOptions = containerNodeOptions(join(REPO, 'Dockerfile'));

function copy(from: string, to: string, entries: string[]): void {
  mkdirSync(to, { recursive: true });
  for (const entry of entries) {
    mkdirSync(dirname(join(to, entry)), { recursive: true });
    // cp(1) copies node_modules' thousands of files several times faster than fs.cpSync.
    execFileSync('cp', ['-R', '-p', join(from, entry), join(to, entry)]);
  }
}

/** `COPY --from=build`: the build stage is not used again, so its files are moved, not copied. */
function move(from: string, to: string, entries: string[]): void {
  mkdirSync(to, { recursive: true });
  for (const entry of entries) renameSync(join(from, entry), join(to, entry));
}

function productionTree(dir: string): void {
  execFileSync('sh', ['scripts/production-tree.sh'], {
    cwd: dir,
    env: { ...process.env, npm_config_update_notifier: 'false' },
    stdio: 'pipe',
  });
}

function makeReadOnly(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) makeReadOnly(path);
    chmodSync(path, statSync(path).mode & ~0o222);
  }
  chmodSync(dir, statSync(dir).mode & ~0o222);
}

function makeWritable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) makeWritable(path);
    else chmodSync(path, 0o644);
  }
}

describe('the container image (built without Docker, as the Dockerfile does)', { timeout: 300_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'apiposture-image-'));
  const build = join(root, 'src');
  const app = join(root, 'app');
  const reports = join(root, 'reports');

  before(() => {
    copy(REPO, build, ['package.json', 'package-lock.json', 'node_modules']);
    copy(REPO, build, ['tsconfig.json', 'scripts/production-tree.sh', 'src', 'checks']);
    productionTree(build);
    move(build, app, ['package.json', 'node_modules', 'dist']);
    copy(REPO, app, ['examples/demo-inventory.json']);
    mkdirSync(reports);
    makeReadOnly(app);
  });

  after(() => {
    makeWritable(app);
    rmSync(root, { recursive: true, force: true });
  });

  it('the Dockerfile runs exactly these steps, on current Node LTS, as a non-root user', () => {
    assert.match(dockerfile, /^FROM node:24-[\w-]+ AS build$/m);
    assert.match(dockerfile, /^FROM node:24-[\w-]+ AS runtime$/m);
    const steps = dockerfile.split('\n').filter((line) => /^(COPY|RUN) /.test(line));
    assert.deepEqual(steps, [
      'COPY package.json package-lock.json ./',
      'RUN npm ci --no-audit --no-fund',
      'COPY tsconfig.json ./',
      'COPY scripts/production-tree.sh ./scripts/',
      'COPY src ./src',
      'COPY checks ./checks',
      'RUN sh scripts/production-tree.sh',
      'COPY --from=build /src/package.json ./',
      'COPY --from=build /src/node_modules ./node_modules',
      'COPY --from=build /src/dist ./dist',
      'COPY examples/demo-inventory.json ./examples/',
      'RUN mkdir -p /reports && chown node:node /reports',
    ], 'the test below repeats these steps; change both together');
    assert.match(dockerfile, /^USER node$/m);
    assert.equal(imageNodeOptions, '--max-semi-space-size=16', 'the image caps V8’s young generation (deploy/README.md, "Sizing the job")');
    assert.match(dockerfile, /^ENTRYPOINT \["node", "\/app\/dist\/src\/cli\/bin\.js"\]$/m);
    assert.match(dockerfile, /^CMD \["scan"\]$/m);
  });

  it('holds production dependencies only', () => {
    assert.ok(existsSync(join(app, 'node_modules', '@aws-sdk', 'client-api-gateway')));
    for (const dev of ['typescript', 'eslint', 'tsx', 'aws-sdk-client-mock']) {
      assert.ok(!existsSync(join(app, 'node_modules', dev)), `${dev} is a dev dependency`);
    }
    assert.ok(!existsSync(join(app, 'dist', 'test')), 'no tests in the image');
  });

  it('runs the CLI from the read-only tree, writing only to the output folder', () => {
    const run = spawnSync(
      process.execPath,
      [join(app, 'dist/src/cli/bin.js'), 'evaluate', join(app, 'examples/demo-inventory.json'), '--output-dir', reports, '--fail-on', 'none'],
      // With the image's NODE_OPTIONS, as every Node.js of the container runs (Node.js refuses options it does not allow there).
      { cwd: app, env: { PATH: process.env.PATH, HOME: '/nonexistent', NODE_OPTIONS: imageNodeOptions }, encoding: 'utf8' },
    );
    assert.equal(run.status, 3, run.stderr);
    assert.match(run.stdout, /Scan INCOMPLETE/);
    assert.deepEqual(readdirSync(reports).sort(), ['report.html', 'report.json']);
  });
});

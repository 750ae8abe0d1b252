#!/usr/bin/env node
// `npm test`, which CI runs. The steps that need only the sources run side by side: one type
// check of every TypeScript file that also builds dist/ (instead of a build and then a second
// check of the same sources), ESLint, the generated-files check, the unit lane and the end-to-end
// files that run the CLI in process. Each one's output is printed whole when it ends (an
// end-to-end shard's when the shard ends), so two steps never interleave. The end-to-end files
// that run the built CLI from dist/ start once tsc has built it. The exit code is the first failure's.
import { spawn } from 'node:child_process';
import { Buffer } from 'node:buffer';
import { chmodSync } from 'node:fs';
import { setPriority } from 'node:os';

const node = process.execPath;
const PARALLEL = [
  { name: 'type check and build (tsc)', command: node, args: ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.check.json', '--noEmit', 'false'], then: markBinExecutable },
  { name: 'lint (eslint)', command: node, args: ['node_modules/eslint/bin/eslint.js', '.'] },
  { name: 'generated files are current', command: 'npm', args: ['run', '--silent', 'gen:check'] },
  { name: 'unit lane', command: node, args: ['scripts/run-tests.mjs', 'unit'] },
  // At a lower priority (its shards inherit it): tsc is the way to the built-CLI half, so it goes first.
  { name: 'end-to-end lane, in process', command: node, args: ['scripts/run-tests.mjs', 'e2e-src'], stream: true, nice: 10 },
];
const E2E = { name: 'end-to-end lane, built CLI', command: node, args: ['scripts/run-tests.mjs', 'e2e-dist'] };

function markBinExecutable() {
  chmodSync('dist/src/cli/bin.js', 0o755);
}

function run(step, { stream }) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(step.command, step.args, { stdio: stream ? 'inherit' : 'pipe' });
    if (step.nice !== undefined && child.pid !== undefined) setPriority(child.pid, step.nice);
    const chunks = [];
    child.stdout?.on('data', (chunk) => chunks.push(chunk));
    child.stderr?.on('data', (chunk) => chunks.push(chunk));
    child.on('error', (error) => chunks.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code, signal) => {
      let status = code ?? (signal ? 1 : 0);
      if (status === 0 && step.then) {
        try {
          step.then();
        } catch (error) {
          chunks.push(Buffer.from(`${error.message}\n`));
          status = 1;
        }
      }
      const seconds = (Date.now() - started) / 1000;
      if (!stream) {
        process.stdout.write(`\n── ${step.name} ──\n`);
        process.stdout.write(Buffer.concat(chunks));
      }
      resolve({ name: step.name, status, seconds });
    });
  });
}

// The end-to-end files that run the built CLI need dist/: they start as soon as tsc has built it,
// beside the steps still running, so the cores never idle while ESLint or the unit lane finish.
const [build, ...others] = PARALLEL.map((step) => run(step, { stream: step.stream === true }));
const e2e = build.then((built) => {
  if (built.status !== 0) return { name: E2E.name, status: 1, seconds: 0, skipped: 'dist/ was not built' };
  process.stdout.write(`\n── ${E2E.name} (started) ──\n`);
  return run(E2E, { stream: true });
});
const results = await Promise.all([build, ...others, e2e]);

process.stdout.write('\nnpm test:\n');
for (const result of results) {
  const verdict = result.skipped ? `not run: ${result.skipped}` : result.status === 0 ? 'ok' : `failed (exit ${result.status})`;
  process.stdout.write(`  ${result.name.padEnd(30)} ${result.seconds.toFixed(1).padStart(6)} s  ${verdict}\n`);
}
process.exit(results.find((result) => result.status !== 0)?.status ?? 0);

/**
 * bench/cli-probe.mjs, preloaded into the built CLI by `npm run bench`: it writes the process's
 * peak RSS and CPU at exit, and scales the client-side rate limits by rewriting one line of
 * dist/src/aws/rate-limiter.js (the CLI has no option for it).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';

const PROBE = pathToFileURL('bench/cli-probe.mjs').href;
const dir = mkdtempSync(join(tmpdir(), 'apiposture-cli-probe-'));

function runProbed(code: string, env: NodeJS.ProcessEnv): string {
  return execFileSync(process.execPath, ['--import', PROBE, '--input-type=module', '-e', code], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
}

describe('the benchmark CLI probe', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes peak RSS, CPU and RSS samples at exit', () => {
    const usage = join(dir, 'usage.json');
    runProbed('await new Promise((resolve) => setTimeout(resolve, 250));', { APIPOSTURE_BENCH_USAGE: usage });
    const written = JSON.parse(readFileSync(usage, 'utf8')) as { peakRssMB: number; cpuSeconds: number; startedAt: number; constrainedMemoryMiB: number; samples: [number, number][] };
    assert.ok(written.peakRssMB > 10 && written.cpuSeconds > 0 && written.startedAt > 0);
    assert.equal(written.constrainedMemoryMiB, Math.round(process.constrainedMemory() / 2 ** 20), 'the limit this machine puts on a child as on the test');
    assert.ok(written.samples.length >= 2 && written.samples.every(([ms, rss]) => ms >= 0 && rss > 0));
  });

  it("scales the rate limiter's default and leaves other modules alone", () => {
    const module = join(dir, 'dist', 'src', 'aws', 'rate-limiter.js');
    mkdirSync(join(dir, 'dist', 'src', 'aws'), { recursive: true });
    writeFileSync(module, 'const options = {};\nexport const scale = options.rateScale ?? 1;\n');
    const code = `const { scale } = await import(${JSON.stringify(pathToFileURL(module).href)}); console.log(scale);`;
    assert.equal(runProbed(code, { APIPOSTURE_BENCH_RATE_SCALE: '10' }).trim(), '10');
    assert.equal(runProbed(code, {}).trim(), '1');
    writeFileSync(module, 'export const scale = 1;\n');
    assert.throws(() => runProbed(code, { APIPOSTURE_BENCH_RATE_SCALE: '10' }), /no longer defaults rateScale/, 'a run at the wrong pace fails rather than crawls');
  });

  it('finds the line it rewrites in the rate limiter', () => {
    assert.match(readFileSync('src/aws/rate-limiter.ts', 'utf8'), /this\.rateScale = options\.rateScale \?\? 1;/);
  });
});

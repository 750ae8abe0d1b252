/**
 * Preloaded into the built CLI by the benchmark (`node --import ./bench/cli-probe.mjs
 * dist/src/cli/bin.js scan …`), plain JavaScript because the CLI runs without tsx:
 *
 * - APIPOSTURE_BENCH_USAGE=<file>: at exit, writes the process's peak RSS, its CPU time and an
 *   RSS sample about every 100 ms (`[ms since start, rss MB]`; a synchronous step such as the
 *   evaluation takes no sample while it runs, the peak still counts it), and the memory limit
 *   the process runs under (`process.constrainedMemory()`).
 * - APIPOSTURE_BENCH_RATE_SCALE=<n>: multiplies the CLI's client-side rate limits by n, as
 *   `--scale` does the look-alike's. The CLI has no such option (a real account needs 1), so
 *   the one line of dist/src/aws/rate-limiter.js that defaults the scale is rewritten as it
 *   loads; the run fails when that line is gone rather than crawl at AWS's pace. Retry delays
 *   stay the CLI's own (unlike the collector worker's, divided by the scale).
 */
import { writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { performance } from 'node:perf_hooks';
import { setInterval } from 'node:timers';

const scale = process.env.APIPOSTURE_BENCH_RATE_SCALE;
if (scale !== undefined && scale !== '1') {
  const hooks = `
    let scale;
    export function initialize(data) { scale = data.scale; }
    export async function load(url, context, next) {
      const loaded = await next(url, context);
      if (!url.endsWith('/dist/src/aws/rate-limiter.js')) return loaded;
      const source = String(loaded.source);
      const patched = source.replace('options.rateScale ?? 1;', 'options.rateScale ?? ' + scale + ';');
      if (patched === source) throw new Error('bench/cli-probe.mjs: rate-limiter.js no longer defaults rateScale with "options.rateScale ?? 1;"');
      return { ...loaded, source: patched };
    }`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { scale: Number(scale) } });
}

const usageFile = process.env.APIPOSTURE_BENCH_USAGE;
if (usageFile !== undefined) {
  const started = performance.now();
  const samples = [];
  const sample = () => samples.push([Math.round(performance.now() - started), Math.round(process.memoryUsage.rss() / 2 ** 20)]);
  setInterval(sample, 100).unref();
  process.on('exit', () => {
    sample();
    const usage = process.resourceUsage();
    const usageReport = {
      peakRssMB: usage.maxRSS / 1024,
      cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
      startedAt: performance.timeOrigin + started,
      // The memory limit Node.js sized its heap from, so a run meant for a cgroup shows it was in one.
      constrainedMemoryMiB: Math.round(process.constrainedMemory() / 2 ** 20),
      samples,
    };
    writeFileSync(usageFile, JSON.stringify(usageReport) + '\n');
  });
}

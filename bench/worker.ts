/**
 * One benchmark task in its own process (forked by bench/run.ts and bench/cpu-layers.ts), so each
 * measures its own memory: `serve` runs the rate-limited AWS look-alike, `scan` the collector
 * against it, `evaluate` the offline evaluation and reports of a large snapshot, `layer` one layer
 * of that evaluation alone (bench/layers.ts), and `snapshot` writes such a snapshot to a file (for
 * the built CLI's `evaluate`). Modules are imported per
 * task: the scanner process loads nothing the scanner does not.
 */
import { existsSync } from 'node:fs';
import type { OperationStats } from '../src/aws/call-stats.js';
import type { Inventory } from '../src/inventory/schema.js';
import type { BucketCounts } from '../test/support/fake-aws-rate-limits.js';
import type { Layer } from './layers.js';

export type Task =
  | { kind: 'serve'; shape: string; seed: number; scale: number; latency: boolean }
  | { kind: 'scan'; url: string; regions: string[]; scale: number; concurrency: number; out: string }
  | { kind: 'evaluate'; seed: number; snapshot: 'heavy' | 'light' }
  | { kind: 'snapshot'; seed: number; snapshot: 'heavy' | 'light'; out: string }
  | { kind: 'layer'; seed: number; snapshot: 'heavy' | 'light'; layer: Layer };

/** To the server: its counters; the truth of a snapshot a scan wrote (`path`); stop. */
export type Command = { kind: 'stats' } | { kind: 'truth'; path: string } | { kind: 'stop' };

export interface ServerStats {
  buckets: Record<string, BucketCounts>;
  /** First and last admission per bucket, epoch milliseconds. */
  admitted: Record<string, { first: number; last: number }>;
  throttledResponses: number;
  /** Requests received by `service:operation`, throttled ones included. */
  requests: Record<string, number>;
  /** The server process's CPU time since it started serving (user + system). */
  cpuMs: number;
}

/** Epoch milliseconds with the monotonic clock's resolution, comparable across processes. */
export const epochMs = () => performance.timeOrigin + performance.now();

export interface ScanResult {
  startedAt: number;
  wallMs: number;
  stats: Record<string, OperationStats>;
  errors: number;
  /** The scanner process's CPU time while collecting (user + system, all threads). */
  cpuMs: number;
  /** Resident set before collecting (Node, the SDK clients' modules) and at its peak. */
  rssBeforeMB: number;
  peakRssMB: number;
}

export interface EvaluateResult {
  snapshot: string;
  apis: number;
  stages: number;
  methods: number;
  results: number;
  generateMs: number;
  evaluateMs: number;
  jsonMs: number;
  /** report.html rendered and written, a piece at a time, as the output folder writes it. */
  htmlMs: number;
  /** Process CPU time (all threads) of evaluate + both reports: less sensitive than wall time to other load on the machine. */
  cpuMs: number;
  /** The same, of each step: evaluate, report.json, report.html (render and write). */
  evaluateCpuMs?: number;
  jsonCpuMs?: number;
  htmlCpuMs?: number;
  jsonBytes: number;
  htmlBytes: number;
  peakRssMB: number;
  /** `process.constrainedMemory()` in MiB, as the worker saw it. */
  constrainedMemoryMiB: number;
  /** The memory cgroup the bench ran it in, MiB (set by bench/run.ts); absent: none. */
  memoryLimitMiB?: number;
}

/** One layer of the evaluation run alone (bench/layers.ts). */
export interface LayerResult {
  layer: Layer;
  /** Targets judged: as many as the evaluation's results. */
  judged: number;
  /** Process CPU time (all threads) from the collection before the checks to the end of the last. */
  cpuMs: number;
}

export type Reply =
  | { kind: 'ready'; url: string }
  | { kind: 'server-stats'; stats: ServerStats }
  | { kind: 'scanned'; result: ScanResult }
  | { kind: 'evaluated'; result: EvaluateResult }
  | { kind: 'written'; bytes: number }
  | { kind: 'layered'; result: LayerResult }
  | { kind: 'truth'; ok: boolean; differences: string[] }
  | { kind: 'failed'; message: string };

const send = (reply: Reply) => new Promise<void>((resolve) => process.send!(reply, () => resolve()));
const peakRssMB = () => process.resourceUsage().maxRSS / 1024;

async function serve(task: Extract<Task, { kind: 'serve' }>): Promise<void> {
  const { generateAccount, servedShape } = await import('./generate.js');
  const { startFakeAws } = await import('../test/support/fake-aws.js');
  const spec = servedShape(task.shape);
  if (!spec) throw new Error(`unknown shape ${task.shape}`);
  const inventory = generateAccount(spec, task.seed);
  const fake = await startFakeAws({
    inventory,
    rateLimits: { scale: task.scale, clock: epochMs },
    ...(task.latency ? { latency: { scale: task.scale } } : {}),
  });
  const cpuBefore = process.cpuUsage();
  process.on('message', (command: Command) => {
    if (command.kind === 'stats') {
      const requests: Record<string, number> = {};
      for (const r of fake.requests) requests[`${r.service}:${r.operation}`] = (requests[`${r.service}:${r.operation}`] ?? 0) + 1;
      const limiter = fake.rateLimiter!;
      const cpu = process.cpuUsage(cpuBefore);
      void send({
        kind: 'server-stats',
        stats: { buckets: limiter.snapshot(), admitted: limiter.admissionTimes(), throttledResponses: limiter.throttledResponses, requests, cpuMs: (cpu.user + cpu.system) / 1000 },
      });
    } else if (command.kind === 'truth') {
      void truthOf(inventory, command.path).then(send, (error: unknown) => send({ kind: 'failed', message: String(error) }));
    } else if (command.kind === 'stop') {
      void fake.close().then(() => process.exit(0));
    }
  });
  await send({ kind: 'ready', url: fake.url });
}

/**
 * The snapshot a scan wrote, compared with the account served: read as `evaluate` reads a
 * snapshot file (in parts when it is longer than V8's longest string), here where the generated
 * account is already held.
 */
async function truthOf(served: Inventory, path: string): Promise<Reply> {
  const { compareWithTruth } = await import('./measure.js');
  const { readJsonFile } = await import('../src/util/documents.js');
  const { MAX_SNAPSHOT_BYTES } = await import('../src/inventory/io.js');
  if (!existsSync(path)) return { kind: 'truth', ok: false, differences: ['the scan wrote no snapshot'] };
  const { ok, differences } = compareWithTruth(served, await readJsonFile(path, 'snapshot', MAX_SNAPSHOT_BYTES));
  return { kind: 'truth', ok, differences };
}

async function scan(task: Extract<Task, { kind: 'scan' }>): Promise<void> {
  const { collectInventory } = await import('../src/collect/index.js');
  const { writeFile } = await import('node:fs/promises');
  const rssBeforeMB = process.memoryUsage().rss / 2 ** 20;
  // Time runs `scale` times faster: the retry delays shrink with it, as the server's Retry-After does.
  const retry = {
    baseDelayMs: 100 / task.scale,
    throttlingBaseDelayMs: 500 / task.scale,
    maxDelayMs: 20_000 / task.scale,
    maxRetryAfterMs: 60_000 / task.scale,
  };
  const startedAt = epochMs();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const { inventory, stats } = await collectInventory({
    regions: task.regions,
    endpointUrl: task.url,
    credentials: { accessKeyId: 'AKIDBENCHMARK', secretAccessKey: 'benchmark' },
    rateScale: task.scale,
    concurrency: task.concurrency,
    retry,
  });
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const result: ScanResult = {
    startedAt,
    wallMs,
    stats: stats.snapshot(),
    errors: inventory.errors.length,
    cpuMs: (cpu.user + cpu.system) / 1000,
    rssBeforeMB,
    peakRssMB: peakRssMB(),
  };
  await writeFile(task.out, JSON.stringify(inventory));
  await send({ kind: 'scanned', result });
}

async function evaluate(task: Extract<Task, { kind: 'evaluate' }>): Promise<void> {
  const { generateAccount, summarize, SNAPSHOTS } = await import('./generate.js');
  const { evaluateChecks, reportOf } = await import('../src/scan/evaluate.js');
  const { htmlPieces } = await import('../src/report/html.js');
  const { reportJsonChunks } = await import('../src/report/write.js');
  const { writeAtomic } = await import('../src/util/atomic-write.js');
  const { mkdtemp, rm, stat } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');

  let t = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = now - t;
    t = now;
    return ms;
  };
  const { shareEqualDeployments } = await import('../src/inventory/share.js');
  const { phaseBoundary } = await import('../src/scan/phase-boundary.js');
  const spec = SNAPSHOTS[task.snapshot];
  let cpuBefore = process.cpuUsage();
  let cpuAt = cpuBefore;
  const cpuLap = () => {
    const used = process.cpuUsage(cpuAt);
    cpuAt = process.cpuUsage();
    return (used.user + used.system) / 1000;
  };
  /**
   * As `scan` runs it (src/scan/scan-account.ts): the snapshot held with its equal deployments
   * once (as collected, or as `evaluate` reads it), a full collection before evaluating, and the
   * snapshot let go once the checks have run, then collected with the pages it was on given back
   * (`release`), before the report is built; between checks, a collection once the heap has
   * doubled (heapGrowthGuard). Those collections and building the report count as evaluation.
   */
  const evaluated = () => {
    const inventory = shareEqualDeployments(generateAccount(spec, task.seed));
    const summary = summarize(inventory);
    const generateMs = lap();
    cpuBefore = cpuAt = process.cpuUsage();
    phaseBoundary();
    return { run: evaluateChecks(inventory), summary, generateMs };
  };
  const { run, summary, generateMs } = evaluated();
  phaseBoundary('release');
  const report = reportOf(run);
  const evaluateMs = lap();
  const evaluateCpuMs = cpuLap();
  const dir = await mkdtemp(join(tmpdir(), 'apiposture-bench-'));
  try {
    // Written as the output folder writes them (src/output/local.ts): a piece at a time.
    const jsonPath = join(dir, 'report.json');
    await writeAtomic(jsonPath, reportJsonChunks(report));
    const jsonMs = lap();
    const jsonCpuMs = cpuLap();
    const htmlPath = join(dir, 'report.html');
    await writeAtomic(htmlPath, htmlPieces(report));
    const htmlMs = lap();
    const htmlCpuMs = cpuLap();
    const cpu = process.cpuUsage(cpuBefore);
    const result: EvaluateResult = {
      snapshot: spec.name,
      apis: summary.restApis + summary.httpApis,
      stages: summary.stages,
      methods: summary.methods,
      results: report.results.length,
      generateMs,
      evaluateMs,
      jsonMs,
      htmlMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      evaluateCpuMs,
      jsonCpuMs,
      htmlCpuMs,
      jsonBytes: (await stat(jsonPath)).size,
      htmlBytes: (await stat(htmlPath)).size,
      peakRssMB: peakRssMB(),
      constrainedMemoryMiB: Math.round(process.constrainedMemory() / 2 ** 20),
    };
    await send({ kind: 'evaluated', result });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The generated snapshot as `scan --inventory-out` writes one (compact, an API at a time). */
async function writeSnapshot(task: Extract<Task, { kind: 'snapshot' }>): Promise<void> {
  const { generateAccount, SNAPSHOTS } = await import('./generate.js');
  const { inventoryJsonChunks } = await import('../src/inventory/io.js');
  const { createWriteStream } = await import('node:fs');
  const out = createWriteStream(task.out);
  let bytes = 0;
  for (const chunk of inventoryJsonChunks(generateAccount(SNAPSHOTS[task.snapshot], task.seed))) {
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  await send({ kind: 'written', bytes });
}

/** One layer of the evaluation of a generated snapshot, held as the `evaluate` task holds it. */
async function measureLayer(task: Extract<Task, { kind: 'layer' }>): Promise<void> {
  const { generateAccount, SNAPSHOTS } = await import('./generate.js');
  const { shareEqualDeployments } = await import('../src/inventory/share.js');
  const { phaseBoundary } = await import('../src/scan/phase-boundary.js');
  const { runLayer } = await import('./layers.js');
  const inventory = shareEqualDeployments(generateAccount(SNAPSHOTS[task.snapshot], task.seed));
  const before = process.cpuUsage();
  phaseBoundary();
  const judged = runLayer(inventory, task.layer);
  const cpu = process.cpuUsage(before);
  await send({ kind: 'layered', result: { layer: task.layer, judged, cpuMs: (cpu.user + cpu.system) / 1000 } });
}

function runTask(task: Task): Promise<void> {
  switch (task.kind) {
    case 'serve':
      return serve(task);
    case 'scan':
      return scan(task);
    case 'evaluate':
      return evaluate(task);
    case 'snapshot':
      return writeSnapshot(task);
    case 'layer':
      return measureLayer(task);
  }
}

process.once('message', (task: Task) => {
  const run = runTask(task);
  run.then(
    () => {
      if (task.kind !== 'serve') process.exit(0);
    },
    async (error: unknown) => {
      await send({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      process.exit(1);
    },
  );
});

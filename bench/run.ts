/**
 * `npm run bench`: scans synthetic accounts served by the AWS look-alike, which throttles at
 * AWS's published control-plane rates, and measures calls per API, throttling, wall time
 * against the lower bound the rate limits impose, and peak memory; checks that each scan
 * returns exactly the generated account; runs the built CLI once (`scan --endpoint-url`); and
 * times the evaluation and reports of a 10,000-API snapshot.
 *
 *   npm run bench                                   # small, medium, large, the CLI, the 10k snapshot
 *   npm run bench -- --shapes medium --concurrency 4,8,16
 *   npm run bench -- --quick                        # small only, as a smoke test
 *
 * Options: --shapes <list> (small,medium,large), --scale <factor> (default per shape: 1, 1, 10),
 * --concurrency <list> (collector concurrency per region, default 8), --seed <n>, --no-cli,
 * --no-evaluate, --no-scan (only the 10k evaluation), --quick. Results: a table on stdout and .bench/results.json.
 */
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SEED, SHAPES, generateAccount, peerCost, summarize, type ShapeSpec, type ShapeSummary } from './generate.js';
import {
  HTTP_API_OPERATIONS,
  REST_API_OPERATIONS,
  apiGatewayBoundSeconds,
  callsPerApi,
  compareWithTruth,
  otherCalls,
  rateLimitBound,
  type BucketBound,
  type CallsPerApi,
} from './measure.js';
import type { Command, EvaluateResult, Reply, ScanResult, ServerStats, Task } from './worker.js';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const OUT_DIR = join(REPO, '.bench');
const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
const BENCH_SHAPES = ['small', 'medium', 'large'] as const;
/** The SDK's Node 20 end-of-support warning, printed by every worker, is noise here. */
const QUIET_SDK: NodeJS.ProcessEnv = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
type BenchShape = (typeof BENCH_SHAPES)[number];

interface Args {
  shapes: BenchShape[];
  scale?: number;
  concurrency: number[];
  seed: number;
  cli: boolean;
  evaluate: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { shapes: [...BENCH_SHAPES], concurrency: [8], seed: DEFAULT_SEED, cli: true, evaluate: true };
  const value = (i: number, flag: string) => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
    return v;
  };
  const positive = (text: string, flag: string) => {
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} must be a positive number, got ${text}`);
    return n;
  };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i]!;
    if (flag === '--shapes') {
      const list = value(i++, flag).split(',').map((s) => s.trim());
      for (const s of list) if (!(BENCH_SHAPES as readonly string[]).includes(s)) throw new Error(`unknown shape ${s} (small, medium, large)`);
      args.shapes = list as BenchShape[];
    } else if (flag === '--scale') args.scale = positive(value(i++, flag), flag);
    else if (flag === '--concurrency') args.concurrency = value(i++, flag).split(',').map((c) => Math.round(positive(c, flag)));
    else if (flag === '--seed') args.seed = Math.round(positive(value(i++, flag), flag));
    else if (flag === '--no-cli') args.cli = false;
    else if (flag === '--no-scan') args.shapes = [];
    else if (flag === '--no-evaluate') args.evaluate = false;
    else if (flag === '--quick') {
      args.shapes = ['small'];
      args.evaluate = false;
    } else throw new Error(`unknown option ${flag}`);
  }
  return args;
}

// ── Workers ─────────────────────────────────────────────────────────────────────────────

class Worker {
  private readonly child: ChildProcess;
  private readonly pending: ((reply: Reply) => void)[] = [];
  private exited: Promise<number | null>;

  constructor() {
    this.child = fork(WORKER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: QUIET_SDK });
    this.child.on('message', (reply: Reply) => this.pending.shift()?.(reply));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    void this.exited.then((code) => {
      for (const waiter of this.pending.splice(0)) waiter({ kind: 'failed', message: `worker exited with code ${code}` });
    });
  }

  request(message: Task | Command): Promise<Reply> {
    return new Promise((resolve) => {
      this.pending.push(resolve);
      this.child.send(message);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) this.child.send({ kind: 'stop' } satisfies Command);
    await this.exited;
  }
}

function expect<K extends Reply['kind']>(reply: Reply, kind: K): Extract<Reply, { kind: K }> {
  if (reply.kind === 'failed') throw new Error(`worker failed: ${reply.message}`);
  if (reply.kind !== kind) throw new Error(`expected ${kind} from the worker, got ${reply.kind}`);
  return reply as Extract<Reply, { kind: K }>;
}

async function startServer(shape: string, seed: number, scale: number): Promise<{ server: Worker; url: string }> {
  const server = new Worker();
  const { url } = expect(await server.request({ kind: 'serve', shape, seed, scale }), 'ready');
  return { server, url };
}

// ── One shape ───────────────────────────────────────────────────────────────────────────

interface ShapeResult {
  shape: BenchShape;
  scale: number;
  concurrency: number;
  account: ShapeSummary;
  calls: {
    total: number;
    attempts: number;
    perRestApi: CallsPerApi;
    perHttpApi: CallsPerApi;
    other: Record<string, number>;
  };
  throttled: { server: number; client: number };
  failedCalls: number;
  collectionErrors: number;
  wallSeconds: number;
  bound: { seconds: number; bucket: string; buckets: BucketBound[] };
  wallOverBound: number;
  /** The bound at AWS's real rates (scale 1): what the same scan needs at least in a real account. */
  boundAtAwsRatesSeconds: number;
  peakRssMB: number;
  rssBeforeMB: number;
  peer: { calls: number; getResourcesCalls: number; boundAtAwsRatesSeconds: number };
  /** Seconds from the scan's start to each bucket's first and last admitted call. */
  timeline: Record<string, { first: number; last: number }>;
  serverRequests: Record<string, number>;
  truth: 'OK' | 'DIFF';
  differences: string[];
}

async function benchShape(shape: BenchShape, scale: number, concurrency: number, seed: number): Promise<ShapeResult> {
  const spec: ShapeSpec = SHAPES[shape];
  const { server, url } = await startServer(shape, seed, scale);
  let scanned: ScanResult;
  let serverStats: ServerStats;
  const out = join(OUT_DIR, `${shape}-c${concurrency}-collected.json`);
  try {
    const scanner = new Worker();
    scanned = expect(await scanner.request({ kind: 'scan', url, regions: spec.regions, scale, concurrency, out }), 'scanned').result;
    serverStats = expect(await server.request({ kind: 'stats' }), 'server-stats').stats;
  } finally {
    await server.stop();
  }
  const truth = generateAccount(spec, seed);
  const account = summarize(truth);
  const comparison = compareWithTruth(truth, JSON.parse(readFileSync(out, 'utf8')));
  const totals = Object.values(scanned.stats).reduce(
    (t, s) => ({ calls: t.calls + s.calls, attempts: t.attempts + s.attempts, throttled: t.throttled + s.throttled, failures: t.failures + s.failures }),
    { calls: 0, attempts: 0, throttled: 0, failures: 0 },
  );
  const bound = rateLimitBound(serverStats.buckets, scale);
  const peer = peerCost(truth);
  return {
    shape,
    scale,
    concurrency,
    account,
    calls: {
      total: totals.calls,
      attempts: totals.attempts,
      perRestApi: callsPerApi(scanned.stats, REST_API_OPERATIONS, account.restApis),
      perHttpApi: callsPerApi(scanned.stats, HTTP_API_OPERATIONS, account.httpApis),
      other: otherCalls(scanned.stats),
    },
    throttled: { server: serverStats.throttledResponses, client: totals.throttled },
    failedCalls: totals.failures,
    collectionErrors: scanned.errors,
    wallSeconds: scanned.wallMs / 1000,
    bound: { seconds: bound.seconds, bucket: bound.buckets[0]?.bucket ?? '-', buckets: bound.buckets },
    wallOverBound: bound.seconds > 0 ? scanned.wallMs / 1000 / bound.seconds : Number.NaN,
    boundAtAwsRatesSeconds: bound.seconds * scale,
    peakRssMB: scanned.peakRssMB,
    rssBeforeMB: scanned.rssBeforeMB,
    peer: { ...peer, boundAtAwsRatesSeconds: apiGatewayBoundSeconds(peer.calls, peer.getResourcesCalls) },
    serverRequests: serverStats.requests,
    timeline: Object.fromEntries(
      Object.entries(serverStats.admitted).map(([bucket, at]) => [
        bucket,
        { first: (at.first - scanned.startedAt) / 1000, last: (at.last - scanned.startedAt) / 1000 },
      ]),
    ),
    truth: comparison.ok ? 'OK' : 'DIFF',
    differences: comparison.differences,
  };
}

// ── The CLI, once ───────────────────────────────────────────────────────────────────────

interface CliResult {
  shape: BenchShape;
  exitCode: number | null;
  wallSeconds: number;
  throttled: number;
  truth: 'OK' | 'DIFF';
  differences: string[];
  built: string;
  stderrTail: string;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when it is missing or older than the sources; says what it did. */
function ensureBuilt(bin: string): string {
  const sources = Math.max(newestMtime(join(REPO, 'src')), newestMtime(join(REPO, 'checks')));
  if (existsSync(bin) && statSync(bin).mtimeMs >= sources) return 'dist/ up to date';
  const started = performance.now();
  const tsc = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
  const status = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: REPO, stdio: 'inherit' }).status;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  // tsc emits despite type errors: someone else's unfinished change must not stop the benchmark.
  return `built dist/ in ${seconds} s${status === 0 ? '' : ` (tsc exit ${status}; output emitted)`}`;
}

async function benchCli(shape: BenchShape, seed: number): Promise<CliResult> {
  const bin = join(REPO, 'dist', 'src', 'cli', 'bin.js');
  const built = ensureBuilt(bin);
  const { server, url } = await startServer(shape, seed, 1);
  const dir = mkdtempSync(join(tmpdir(), 'apiposture-bench-cli-'));
  try {
    const inventoryPath = join(dir, 'inventory.json');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: dir,
      NO_COLOR: '1',
      AWS_ACCESS_KEY_ID: 'AKIDBENCHMARK',
      AWS_SECRET_ACCESS_KEY: 'benchmark',
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const args = [bin, 'scan', '--endpoint-url', url, '--regions', SHAPES[shape].regions.join(','), '--output-dir', join(dir, 'reports'), '--inventory-out', inventoryPath, '--fail-on', 'none'];
    const started = performance.now();
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, args, { env, cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', reject);
      child.on('close', (exit) => resolve({ code: exit, stderr: err }));
    });
    const wallSeconds = (performance.now() - started) / 1000;
    const stats = expect(await server.request({ kind: 'stats' }), 'server-stats').stats;
    const comparison = existsSync(inventoryPath)
      ? compareWithTruth(generateAccount(SHAPES[shape], seed), JSON.parse(readFileSync(inventoryPath, 'utf8')))
      : { ok: false, differences: ['the CLI wrote no inventory'] };
    return {
      shape,
      exitCode: code,
      wallSeconds,
      throttled: stats.throttledResponses,
      truth: comparison.ok ? 'OK' : 'DIFF',
      differences: comparison.differences,
      built,
      stderrTail: stderr.trim().split('\n').slice(-5).join('\n'),
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ── Output ──────────────────────────────────────────────────────────────────────────────

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '-');

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

function shapeTable(results: ShapeResult[]): string {
  const headers = [
    'shape', 'scale', 'conc', 'REST', 'HTTP', 'calls/REST', 'calls/HTTP', 'calls', '429s', 'failed',
    'wall s', 'bound s', 'wall/bound', 'bound @AWS', 'peak RSS MB', 'peer calls', 'peer @AWS', 'truth',
  ];
  const rows = results.map((r) => [
    r.shape,
    String(r.scale),
    String(r.concurrency),
    String(r.account.restApis),
    String(r.account.httpApis),
    f2(r.calls.perRestApi.total),
    f2(r.calls.perHttpApi.total),
    String(r.calls.total),
    String(r.throttled.server),
    String(r.failedCalls),
    f1(r.wallSeconds),
    f1(r.bound.seconds),
    f2(r.wallOverBound),
    `${f1(r.boundAtAwsRatesSeconds)} s`,
    String(Math.round(r.peakRssMB)),
    String(r.peer.calls),
    `${f1(r.peer.boundAtAwsRatesSeconds)} s`,
    r.truth,
  ]);
  return table(headers, rows);
}

function details(r: ShapeResult): string {
  const per = (c: CallsPerApi) =>
    Object.entries(c.byOperation)
      .map(([op, n]) => `${op.split(':')[1]} ${f2(n)}`)
      .join(', ');
  const lines = [
    `${r.shape} (scale ${r.scale}, concurrency ${r.concurrency}): ${r.account.restApis} REST APIs (${r.account.resources} resources, ${r.account.methods} methods, largest ${r.account.maxResourcesPerApi} resources), ${r.account.httpApis} HTTP APIs (${r.account.routes} routes), ${r.account.stages} stages`,
    `  per REST API: ${per(r.calls.perRestApi)}`,
    `  per HTTP API: ${per(r.calls.perHttpApi)}`,
    `  other calls: ${Object.entries(r.calls.other).map(([op, n]) => `${op} ${n}`).join(', ')}`,
    `  attempts ${r.calls.attempts} for ${r.calls.total} calls; throttled: server ${r.throttled.server}, client saw ${r.throttled.client}; collection errors ${r.collectionErrors}`,
    `  buckets: ${r.bound.buckets.map((b) => `${b.bucket} ${b.calls} calls → ${f1(b.seconds)} s`).join('; ')}`,
    `  timeline (s from the start; wall ${f1(r.wallSeconds)}): ${Object.entries(r.timeline)
      .map(([bucket, at]) => `${bucket} ${f1(at.first)}–${f1(at.last)}`)
      .join('; ')}`,
    `  RSS before collecting ${Math.round(r.rssBeforeMB)} MB, peak ${Math.round(r.peakRssMB)} MB`,
    `  ground truth: ${r.truth}${r.differences.map((d) => `\n    ${d}`).join('')}`,
  ];
  return lines.join('\n');
}

const evaluateAndReportSeconds = (e: EvaluateResult) => (e.evaluateMs + e.jsonMs + e.htmlRenderMs + e.htmlWriteMs) / 1000;

function evaluationTable(results: EvaluateResult[]): string {
  const headers = ['snapshot', 'APIs', 'methods', 'results', 'evaluate s', 'report.json s', 'report.html s', 'total s', 'CPU s', 'report.json MB', 'report.html MB', 'peak RSS MB'];
  const rows = results.map((e) => [
    e.snapshot,
    String(e.apis),
    String(e.methods),
    String(e.results),
    f1(e.evaluateMs / 1000),
    f1(e.jsonMs / 1000),
    f1((e.htmlRenderMs + e.htmlWriteMs) / 1000),
    f1(evaluateAndReportSeconds(e)),
    f1(e.cpuMs / 1000),
    f1(e.jsonBytes / 2 ** 20),
    f1(e.htmlBytes / 2 ** 20),
    String(Math.round(e.peakRssMB)),
  ]);
  return table(headers, rows);
}

// ── Main ────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  mkdirSync(OUT_DIR, { recursive: true });
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB, ${platform()} ${release()}, Node ${process.version}`;
  const loadAverageAtStart = loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`apiposture benchmark — ${new Date().toISOString()} — ${machine} — load average ${loadAverageAtStart}`);
  console.log(`seed ${args.seed}; server buckets at AWS's published rates × scale; scanner rateScale = scale; retry delays ÷ scale\n`);

  const shapes: ShapeResult[] = [];
  for (const shape of args.shapes) {
    const scale = args.scale ?? SHAPES[shape].defaultScale;
    for (const concurrency of args.concurrency) {
      console.log(`▶ ${shape}: scale factor ${scale} (rates × ${scale}), concurrency ${concurrency} …`);
      const result = await benchShape(shape, scale, concurrency, args.seed);
      shapes.push(result);
      console.log(details(result) + '\n');
    }
  }

  let cli: CliResult | undefined;
  if (args.cli && args.shapes.includes('small')) {
    console.log('▶ the built CLI: scan --endpoint-url, small shape, scale 1 …');
    cli = await benchCli('small', args.seed);
    console.log(`  ${cli.built}; exit ${cli.exitCode}, ${f1(cli.wallSeconds)} s, ${cli.throttled} throttled, ground truth ${cli.truth}`);
    for (const d of cli.differences) console.log(`    ${d}`);
    if (cli.exitCode !== 0 && cli.exitCode !== 1) console.log(`  stderr: ${cli.stderrTail}`);
    console.log();
  }

  const evaluation: EvaluateResult[] = [];
  if (args.evaluate) {
    for (const snapshot of ['heavy', 'light'] as const) {
      console.log(`▶ evaluate + report a 10,000-API snapshot (${snapshot}) …`);
      const worker = new Worker();
      const e = expect(await worker.request({ kind: 'evaluate', seed: args.seed, snapshot }), 'evaluated').result;
      evaluation.push(e);
      console.log(
        `  ${e.snapshot}: ${e.apis} APIs, ${e.methods} methods, ${e.stages} stages, ${e.results} results: generate ${f1(e.generateMs / 1000)} s; ` +
          `evaluate ${f1(e.evaluateMs / 1000)} s; report.json ${f1(e.jsonMs / 1000)} s (${f1(e.jsonBytes / 2 ** 20)} MB); ` +
          `report.html render ${f1(e.htmlRenderMs / 1000)} s + write ${f1(e.htmlWriteMs / 1000)} s (${f1(e.htmlBytes / 2 ** 20)} MB); ` +
          `evaluate + reports ${f1(evaluateAndReportSeconds(e))} s (CPU ${f1(e.cpuMs / 1000)} s); peak RSS ${Math.round(e.peakRssMB)} MB\n`,
      );
    }
  }

  console.log(shapeTable(shapes));
  if (evaluation.length > 0) console.log('\n' + evaluationTable(evaluation));
  const load = loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`\nload average at the end: ${load} (${cpus().length} CPUs; other work on the machine slows the CPU-bound steps)`);
  const results = { date: new Date().toISOString(), machine, loadAverageAtStart, loadAverageAtEnd: load, seed: args.seed, shapes, cli, evaluation };
  writeFileSync(join(OUT_DIR, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(`\nwrote ${join('.bench', 'results.json')}`);

  const problems = [
    ...shapes.filter((r) => r.truth !== 'OK').map((r) => `${r.shape}: the collected snapshot differs from the ground truth`),
    ...shapes.filter((r) => r.failedCalls > 0 || r.collectionErrors > 0).map((r) => `${r.shape}: ${r.failedCalls} failed calls`),
    ...(cli && (cli.truth !== 'OK' || (cli.exitCode !== 0 && cli.exitCode !== 1)) ? [`CLI scan: exit ${cli.exitCode}, ground truth ${cli.truth}`] : []),
  ];
  for (const p of problems) console.error(`FAIL ${p}`);
  return problems.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);

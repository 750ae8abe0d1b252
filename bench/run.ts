/**
 * `npm run bench`: scans synthetic accounts served by the AWS look-alike, which throttles at
 * AWS's published control-plane rates and answers with a realistic latency, and measures calls
 * per API, throttling, wall time against the fewest-calls bound (bound.ts: what any scanner
 * needs at least) and against the bound of the tool's own calls, CPU time and peak memory;
 * checks that each scan returns exactly the generated account; runs the built CLI's `scan
 * --endpoint-url` (its whole process's peak RSS and CPU, collection and reports), without a
 * memory limit and in the scheduled job's; times the evaluation and reports of a 10,000-API
 * snapshot; and runs the built CLI's `evaluate` of that snapshot written to a file.
 *
 *   npm run bench                                   # every shape, the CLI, the 10k snapshots
 *   npm run bench -- --shapes mixed,mixed-17 --concurrency 4,8,16
 *   npm run bench -- --quick                        # small only, as a smoke test
 *   npm run bench -- --no-scan --no-evaluate --cli-shape large   # only the CLI's scan of large
 *   npm run bench -- --no-scan --no-evaluate --cli-shape heavy   # only the CLI's scan of the 10k account
 *   npm run bench -- --out bench/last-results.json --compare bench/last-results.json
 *
 * Options: --shapes <list> (see BENCH_SHAPES), --scale <factor> (default per shape),
 * --concurrency <list> (collector concurrency per region, default 8), --seed <n>, --no-latency,
 * --no-cli, --no-evaluate, --no-scan (only the 10k evaluation), --quick, --out <file> (the
 * table as JSON), --compare <file> (deltas from a table written by --out), --cli-shape <list>
 * (the shapes the built CLI scans, one after another: any of --shapes', or heavy, the 10k
 * account at rates × 20; default small when small is among the shapes; given, the CLI runs
 * whatever the shapes; at --scale or the shape's default scale, the CLI's own rate limits
 * scaled alike by bench/cli-probe.mjs), --job-memory <MiB|none> (the CLI's scan and the heavy
 * evaluation run without a memory limit, then again in a memory cgroup of this size, default the
 * deploy template's `JobMemory`, where the machine lets it make one: job-memory.ts; none: only the
 * first; --cli-memory is its older name), --baseline <git revision> (the heavy evaluation by
 * that revision's own worker, just before this code's, and the ratio: baseline.ts). Results: the
 * table on stdout, everything in .bench/results.json.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deployedJobMemoryMiB, memoryCage, type MemoryCage } from './job-memory.js';
import { fewestCalls, fewestCallsBound, type FewestCallsBound, type RegionFewestCalls } from './bound.js';
import { DEFAULT_SEED, SHAPES, SNAPSHOTS, generateAccount, peerCost, servedShape, summarize, type ShapeName, type ShapeSpec, type ShapeSummary } from './generate.js';
import {
  HTTP_API_OPERATIONS,
  REST_API_OPERATIONS,
  apiGatewayBoundSeconds,
  callsPerApi,
  otherCalls,
  rateLimitBound,
  type BucketBound,
  type CallsPerApi,
} from './measure.js';
import { TABLE_FORMAT, compareTables, failureDetail, resultCountDifferences, unsupportedRuntimeNote, parseTable, scanTable, textTable, type BenchTable, type CliRow, type EvaluationRow, type ScanRow } from './table.js';
import type { EvaluateResult, Reply, ScanResult, ServerStats } from './worker.js';
import { IMAGE_NODE_OPTIONS, Worker, expect, jobEnv } from './worker-process.js';
import { againstBaseline, baselineEvaluation, checkOutBaseline, type BaselineCheckout, type BaselineEvaluation } from './baseline.js';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const OUT_DIR = join(REPO, '.bench');
/** Preloaded into the CLI's process: its peak RSS and CPU, and its rate limits scaled as the look-alike's. */
const CLI_PROBE = new URL('./cli-probe.mjs', import.meta.url).href;
const BENCH_SHAPES = ['small', 'medium', 'large', 'rest-heavy', 'mixed', 'http-heavy', 'rest-heavy-17', 'mixed-17', 'http-heavy-17'] as const satisfies readonly ShapeName[];
type BenchShape = (typeof BENCH_SHAPES)[number];
/** What the built CLI may scan: a scan shape, or the heavy 10k account (generate.ts HEAVY_SCAN). */
const CLI_SHAPES = [...BENCH_SHAPES, 'heavy'] as const;
type CliShape = (typeof CLI_SHAPES)[number];
const cliSpec = (shape: CliShape): ShapeSpec => servedShape(shape)!;

interface Args {
  shapes: BenchShape[];
  scale?: number;
  concurrency: number[];
  seed: number;
  latency: boolean;
  cli: boolean;
  /** Set by --cli-shape: the CLI scans these, one after another, even when they are not among the shapes. */
  cliShapes?: CliShape[];
  /** Set by --job-memory: the job memory (MiB) the CLI's scan and the heavy evaluation also run in; none: only unconstrained. Default: the deploy template's. */
  jobMemoryMiB?: number | 'none';
  evaluate: boolean;
  out?: string;
  compare?: string;
  /** Set by --baseline: the revision whose heavy evaluation is measured just before this code's. */
  baseline?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { shapes: [...BENCH_SHAPES], concurrency: [8], seed: DEFAULT_SEED, latency: true, cli: true, evaluate: true };
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
      for (const s of list) if (!(BENCH_SHAPES as readonly string[]).includes(s)) throw new Error(`unknown shape ${s} (${BENCH_SHAPES.join(', ')})`);
      args.shapes = list as BenchShape[];
    } else if (flag === '--scale') args.scale = positive(value(i++, flag), flag);
    else if (flag === '--concurrency') args.concurrency = value(i++, flag).split(',').map((c) => Math.round(positive(c, flag)));
    else if (flag === '--seed') args.seed = Math.round(positive(value(i++, flag), flag));
    else if (flag === '--no-cli') args.cli = false;
    else if (flag === '--cli-shape') {
      const list = value(i++, flag).split(',').map((s) => s.trim());
      for (const s of list) if (!(CLI_SHAPES as readonly string[]).includes(s)) throw new Error(`unknown shape ${s} (${CLI_SHAPES.join(', ')})`);
      args.cliShapes = list as CliShape[];
    }
    else if (flag === '--job-memory' || flag === '--cli-memory') {
      const memory = value(i++, flag);
      args.jobMemoryMiB = memory === 'none' ? 'none' : Math.round(positive(memory, flag));
    } else if (flag === '--no-latency') args.latency = false;
    else if (flag === '--out') args.out = value(i++, flag);
    else if (flag === '--compare') args.compare = value(i++, flag);
    else if (flag === '--baseline') args.baseline = value(i++, flag);
    else if (flag === '--no-scan') args.shapes = [];
    else if (flag === '--no-evaluate') args.evaluate = false;
    else if (flag === '--quick') {
      args.shapes = ['small'];
      args.evaluate = false;
    } else throw new Error(`unknown option ${flag}`);
  }
  if (args.baseline !== undefined && !args.evaluate) throw new Error('--baseline compares the heavy evaluation: it cannot go with --no-evaluate or --quick');
  return args;
}

async function startServer(shape: string, seed: number, scale: number, latency: boolean): Promise<{ server: Worker; url: string }> {
  const server = new Worker();
  const { url } = expect(await server.request({ kind: 'serve', shape, seed, scale, latency }), 'ready');
  return { server, url };
}

// ── One shape ───────────────────────────────────────────────────────────────────────────

interface ShapeResult {
  shape: BenchShape;
  regions: number;
  scale: number;
  concurrency: number;
  /** Whether the look-alike held its answers back (fake-aws-latency.ts). */
  latency: boolean;
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
  /** What any scanner needs at least (bound.ts), independent of the calls this one made. */
  fewest: {
    perRestApi: number;
    perHttpApi: number;
    perWebSocketApi: number;
    apiGatewayCalls: number;
    bound: FewestCallsBound;
    boundAtAwsRatesSeconds: number;
    byRegion: RegionFewestCalls[];
  };
  wallOverFewest: number;
  /** API Gateway calls (v1 and v2) the tool made. */
  apiGatewayCalls: number;
  cpu: { scannerSeconds: number; msPerCall: number; serverSeconds: number };
  peakRssMB: number;
  rssBeforeMB: number;
  peer: { calls: number; getResourcesCalls: number; boundAtAwsRatesSeconds: number };
  /** Seconds from the scan's start to each bucket's first and last admitted call. */
  timeline: Record<string, { first: number; last: number }>;
  serverRequests: Record<string, number>;
  truth: 'OK' | 'DIFF';
  differences: string[];
}

async function benchShape(shape: BenchShape, scale: number, concurrency: number, seed: number, latency: boolean): Promise<ShapeResult> {
  const spec: ShapeSpec = SHAPES[shape];
  const { server, url } = await startServer(shape, seed, scale, latency);
  let scanned: ScanResult;
  let serverStats: ServerStats;
  let comparison: Extract<Reply, { kind: 'truth' }>;
  const out = join(OUT_DIR, `${shape}-c${concurrency}-collected.json`);
  try {
    const scanner = new Worker();
    scanned = expect(await scanner.request({ kind: 'scan', url, regions: spec.regions, scale, concurrency, out }), 'scanned').result;
    serverStats = expect(await server.request({ kind: 'stats' }), 'server-stats').stats;
    comparison = expect(await server.request({ kind: 'truth', path: out }), 'truth');
  } finally {
    await server.stop();
  }
  const truth = generateAccount(spec, seed);
  const account = summarize(truth);
  const totals = Object.values(scanned.stats).reduce(
    (t, s) => ({ calls: t.calls + s.calls, attempts: t.attempts + s.attempts, throttled: t.throttled + s.throttled, failures: t.failures + s.failures }),
    { calls: 0, attempts: 0, throttled: 0, failures: 0 },
  );
  const bound = rateLimitBound(serverStats.buckets, scale);
  const peer = peerCost(truth);
  const fewest = fewestCalls(truth, latency ? undefined : null);
  const fewestBound = fewestCallsBound(fewest, scale);
  const apiGatewayCalls = Object.entries(scanned.stats)
    .filter(([key]) => key.startsWith('apigateway:') || key.startsWith('apigatewayv2:'))
    .reduce((n, [, s]) => n + s.calls, 0);
  const wallSeconds = scanned.wallMs / 1000;
  return {
    shape,
    regions: spec.regions.length,
    scale,
    concurrency,
    latency,
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
    fewest: {
      perRestApi: fewest.perRestApi,
      perHttpApi: fewest.perHttpApi,
      perWebSocketApi: fewest.perWebSocketApi,
      apiGatewayCalls: fewest.total,
      bound: fewestBound,
      boundAtAwsRatesSeconds: fewestBound.seconds * scale,
      byRegion: fewest.regions,
    },
    wallOverFewest: fewestBound.seconds > 0 ? wallSeconds / fewestBound.seconds : Number.NaN,
    apiGatewayCalls,
    cpu: { scannerSeconds: scanned.cpuMs / 1000, msPerCall: totals.attempts > 0 ? scanned.cpuMs / totals.attempts : 0, serverSeconds: serverStats.cpuMs / 1000 },
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
  /** The scanned shape's name (`heavy` is snapshot-10k, as in the evaluation table). */
  shape: string;
  scale: number;
  /** The memory cgroup limit the CLI ran in (as in its container job), MiB; undefined: none. */
  memoryLimitMiB?: number;
  exitCode: number | null;
  wallSeconds: number;
  /** The CLI process's, from its start to its exit (collection, snapshot, evaluation, reports). */
  cpuSeconds?: number;
  peakRssMB?: number;
  /** The highest RSS sampled (every 100 ms) until the CLI logged `collection finished`, and when that was. */
  collection?: { seconds: number; peakRssMB: number };
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

/** What bench/cli-probe.mjs wrote at the CLI's exit. */
interface CliUsage {
  peakRssMB: number;
  cpuSeconds: number;
  /** Epoch milliseconds of the first sample's clock. */
  startedAt: number;
  /** `process.constrainedMemory()` in MiB: without a limit 0, or cgroup v1's huge "no limit" value (older probes: absent). */
  constrainedMemoryMiB?: number;
  /** [milliseconds since startedAt, RSS MiB] */
  samples: [number, number][];
}

function readCliUsage(path: string): CliUsage | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as CliUsage) : undefined;
}

/** The RSS sampled while collecting: up to the `collection finished` log line (--log-level info). */
function collectionOf(usage: CliUsage | undefined, stderr: string): CliResult['collection'] {
  const line = stderr.split('\n').find((l) => l.includes('"msg":"collection finished"'));
  const finished = line === undefined ? undefined : (JSON.parse(line) as { time?: unknown }).time;
  if (usage === undefined || typeof finished !== 'number') return undefined;
  const until = finished - usage.startedAt;
  const during = usage.samples.filter(([ms]) => ms <= until).map(([, rss]) => rss);
  return { seconds: until / 1000, peakRssMB: Math.max(0, ...during) };
}

async function benchCli(shape: CliShape, seed: number, latency: boolean, scale: number, cage?: MemoryCage): Promise<CliResult> {
  const bin = join(REPO, 'dist', 'src', 'cli', 'bin.js');
  const built = ensureBuilt(bin);
  const { server, url } = await startServer(shape, seed, scale, latency);
  const dir = mkdtempSync(join(tmpdir(), 'apiposture-bench-cli-'));
  try {
    const inventoryPath = join(dir, 'inventory.json');
    const spec = cliSpec(shape);
    const regions = spec.regions.join(',');
    const reports = join(dir, 'reports');
    // --log-level info: the `collection finished` line splits the RSS samples.
    const cliArgs = ['scan', '--log-level', 'info', '--endpoint-url', url, '--regions', regions, '--output-dir', reports, '--inventory-out', inventoryPath, '--fail-on', 'none'];
    const { code, stderr, wallSeconds, usage } = await runBuiltCli(bin, cliArgs, dir, { APIPOSTURE_BENCH_RATE_SCALE: String(scale), ...jobEnv(cage) }, cage);
    const collection = collectionOf(usage, stderr);
    const stats = expect(await server.request({ kind: 'stats' }), 'server-stats').stats;
    // The server holds the account it served; the heavy one's snapshot is read there in parts.
    const comparison = expect(await server.request({ kind: 'truth', path: inventoryPath }), 'truth');
    return {
      shape: spec.name,
      scale,
      ...(cage ? { memoryLimitMiB: cage.limitMiB } : {}),
      exitCode: code,
      wallSeconds,
      ...(usage ? { cpuSeconds: usage.cpuSeconds, peakRssMB: usage.peakRssMB } : {}),
      ...(collection ? { collection } : {}),
      throttled: stats.throttledResponses,
      truth: comparison.ok ? 'OK' : 'DIFF',
      differences: comparison.differences,
      built,
      stderrTail: stderr.trim().split('\n').filter((l) => !l.includes('"level":30')).slice(-5).join('\n'),
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One run of the built CLI with the probe preloaded: its exit, stderr, wall time and what the probe recorded. */
async function runBuiltCli(bin: string, cliArgs: string[], dir: string, extraEnv: NodeJS.ProcessEnv, cage?: MemoryCage) {
  const usagePath = join(dir, 'usage.json');
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
    APIPOSTURE_BENCH_USAGE: usagePath,
    ...extraEnv,
  };
  const args = ['--import', CLI_PROBE, bin, ...cliArgs];
  const started = performance.now();
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const run = cage ? cage.wrap(process.execPath, args) : { command: process.execPath, args };
    const child = spawn(run.command, run.args, { env, cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (exit) => resolve({ code: exit, stderr: err }));
  });
  const wallSeconds = (performance.now() - started) / 1000;
  const usage = readCliUsage(usagePath);
  if (cage && usage && usage.constrainedMemoryMiB !== cage.limitMiB) {
    throw new Error(`the CLI meant for a ${cage.limitMiB} MiB cgroup ran under ${usage.constrainedMemoryMiB ?? '?'} MiB`);
  }
  return { code, stderr, wallSeconds, usage };
}

/** A CLI `evaluate` row, with why it went wrong before `failureDetail` keeps what the table needs of it. */
type CliEvaluation = CliRow & { differences: string[]; stderrTail: string };

/**
 * The built CLI's `evaluate` of a 10,000-API snapshot written to a file, as a user runs it:
 * reading and validating the snapshot included, which the in-process evaluation leaves out.
 * Its report must hold as many results as the in-process evaluation made.
 */
async function benchCliEvaluate(snapshot: 'heavy' | 'light', seed: number, expectedResults: number): Promise<CliEvaluation> {
  const bin = join(REPO, 'dist', 'src', 'cli', 'bin.js');
  ensureBuilt(bin);
  const dir = mkdtempSync(join(tmpdir(), 'apiposture-bench-evaluate-'));
  try {
    const snapshotPath = join(dir, 'snapshot.json');
    const writer = new Worker();
    expect(await writer.request({ kind: 'snapshot', seed, snapshot, out: snapshotPath }), 'written');
    await writer.stop();
    const reports = join(dir, 'reports');
    const { code, stderr, wallSeconds, usage } = await runBuiltCli(bin, ['evaluate', snapshotPath, '--output-dir', reports, '--fail-on', 'none'], dir, {});
    const reportPath = join(reports, 'report.json');
    const results = existsSync(reportPath) ? (JSON.parse(readFileSync(reportPath, 'utf8')) as { results?: unknown[] }).results?.length : undefined;
    const differences = resultCountDifferences(expectedResults, results);
    return {
      shape: SNAPSHOTS[snapshot].name,
      scale: 1,
      command: 'evaluate',
      exitCode: code,
      seconds: wallSeconds,
      cpuSeconds: usage?.cpuSeconds ?? NaN,
      peakRssMB: usage?.peakRssMB ?? NaN,
      truth: differences.length === 0 ? 'OK' : 'DIFF',
      differences,
      stderrTail: stderr.trim().split('\n').slice(-5).join('\n'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The CLI's scan and the heavy evaluation run without a memory limit (a laptop) and again in the
 * scheduled job's memory (the deploy template's `JobMemory` unless --job-memory says otherwise):
 * Node.js sizes its heap from the limit it runs under.
 */
const imageOptionsNote = () => (IMAGE_NODE_OPTIONS ? `, with the image's NODE_OPTIONS=${IMAGE_NODE_OPTIONS}` : '');

function jobMemoryLimits(memoryMiB: Args['jobMemoryMiB']): (number | undefined)[] {
  if (memoryMiB === 'none') return [undefined];
  return [undefined, memoryMiB ?? deployedJobMemoryMiB(join(REPO, 'deploy', 'apiposture-scheduled.template.json'))];
}

// ── Output ──────────────────────────────────────────────────────────────────────────────

/** The CLI's line of the table document; none when the probe recorded no usage. */
function cliRows(cli: CliResult): CliRow[] {
  if (cli.peakRssMB === undefined || cli.cpuSeconds === undefined) return [];
  return [
    {
      shape: cli.shape,
      scale: cli.scale,
      ...(cli.memoryLimitMiB !== undefined ? { memoryLimitMiB: cli.memoryLimitMiB } : {}),
      exitCode: cli.exitCode,
      seconds: cli.wallSeconds,
      cpuSeconds: cli.cpuSeconds,
      peakRssMB: cli.peakRssMB,
      ...(cli.collection ? { collectionPeakRssMB: cli.collection.peakRssMB } : {}),
      truth: cli.truth,
      ...failureDetail(cli),
    },
  ];
}

/** `CPU 38.4 s, peak RSS 735 MiB (collection: 372 MiB in 72.9 s)`: the CLI's whole process. */
function cliUsage(cli: CliResult): string {
  if (cli.peakRssMB === undefined || cli.cpuSeconds === undefined) return 'no usage recorded (bench/cli-probe.mjs)';
  const collection = cli.collection ? ` (collection: ${Math.round(cli.collection.peakRssMB)} MiB in ${f1(cli.collection.seconds)} s)` : '';
  return `CPU ${f1(cli.cpuSeconds)} s, peak RSS ${Math.round(cli.peakRssMB)} MiB${collection}`;
}

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '-');

function scanRow(r: ShapeResult): ScanRow {
  return {
    shape: r.shape,
    regions: r.regions,
    scale: r.scale,
    concurrency: r.concurrency,
    latency: r.latency,
    restApis: r.account.restApis,
    httpApis: r.account.httpApis,
    callsPerRestApi: r.calls.perRestApi.total,
    callsPerHttpApi: r.calls.perHttpApi.total,
    fewestPerRestApi: r.fewest.perRestApi,
    fewestPerHttpApi: r.fewest.perHttpApi,
    apiGatewayCalls: r.apiGatewayCalls,
    fewestApiGatewayCalls: r.fewest.apiGatewayCalls,
    calls: r.calls.total,
    wallSeconds: r.wallSeconds,
    fewestBoundSeconds: r.fewest.bound.seconds,
    fewestBoundAtAwsSeconds: r.fewest.boundAtAwsRatesSeconds,
    ratio: r.wallOverFewest,
    ownBoundSeconds: r.bound.seconds,
    ownRatio: r.wallOverBound,
    cpuSeconds: r.cpu.scannerSeconds,
    cpuMsPerCall: r.cpu.msPerCall,
    peakRssMB: r.peakRssMB,
    truth: r.truth,
    ...(r.truth === 'DIFF' ? { differences: r.differences } : {}),
  };
}

function evaluationRow(e: EvaluateResult): EvaluationRow {
  return {
    snapshot: e.snapshot,
    apis: e.apis,
    seconds: evaluateAndReportSeconds(e),
    cpuSeconds: e.cpuMs / 1000,
    reportJsonMB: e.jsonBytes / 2 ** 20,
    peakRssMB: e.peakRssMB,
    ...(e.memoryLimitMiB === undefined ? {} : { memoryLimitMiB: e.memoryLimitMiB }),
  };
}

function details(r: ShapeResult): string {
  const per = (c: CallsPerApi) =>
    Object.entries(c.byOperation)
      .map(([op, n]) => `${op.split(':')[1]} ${f2(n)}`)
      .join(', ');
  const b = r.fewest.bound;
  const lines = [
    `${r.shape} (${r.regions} region${r.regions === 1 ? '' : 's'}, scale ${r.scale}, concurrency ${r.concurrency}, latency ${r.latency ? 'on' : 'off'}): ${r.account.restApis} REST APIs (${r.account.resources} resources, ${r.account.methods} methods, largest ${r.account.maxResourcesPerApi} resources), ${r.account.httpApis} HTTP APIs (${r.account.routes} routes), ${r.account.stages} stages`,
    `  per REST API: ${per(r.calls.perRestApi)}`,
    `  per HTTP API: ${per(r.calls.perHttpApi)}`,
    `  other calls: ${Object.entries(r.calls.other).map(([op, n]) => `${op} ${n}`).join(', ')}`,
    `  attempts ${r.calls.attempts} for ${r.calls.total} calls; throttled: server ${r.throttled.server}, client saw ${r.throttled.client}; collection errors ${r.collectionErrors}`,
    `  fewest calls: ${f2(r.fewest.perRestApi)} per REST API, ${f2(r.fewest.perHttpApi)} per HTTP API; API Gateway ${r.fewest.apiGatewayCalls} (the tool: ${r.apiGatewayCalls})`,
    `  fewest-calls bound ${f1(b.seconds)} s at ${b.binding} (rate ${f1(b.rateSeconds)} s + tail ${f2(b.tailSeconds)} s; chain ${f2(b.chainSeconds)} s); ${f1(r.fewest.boundAtAwsRatesSeconds)} s at AWS's pace; wall / bound ${f2(r.wallOverFewest)}`,
    `  own-calls buckets: ${r.bound.buckets.slice(0, 6).map((bb) => `${bb.bucket} ${bb.calls} calls → ${f1(bb.seconds)} s`).join('; ')}${
      r.bound.buckets.length > 6 ? `; … ${r.bound.buckets.length - 6} more` : ''
    }`,
    `  timeline (s from the start, all regions; wall ${f1(r.wallSeconds)}): ${Object.entries(timelineByBucket(r.timeline))
      .map(([bucket, at]) => `${bucket} ${f1(at.first)}–${f1(at.last)}`)
      .join('; ')}`,
    `  CPU: scanner ${f1(r.cpu.scannerSeconds)} s (${f2(r.cpu.msPerCall)} ms per attempt), look-alike ${f1(r.cpu.serverSeconds)} s; RSS before collecting ${Math.round(r.rssBeforeMB)} MiB, peak ${Math.round(r.peakRssMB)} MiB`,
    `  the per-method pattern: ${r.peer.calls} calls, ${f1(r.peer.boundAtAwsRatesSeconds)} s at AWS's rates`,
    `  ground truth: ${r.truth}${r.differences.map((d) => `\n    ${d}`).join('')}`,
  ];
  return lines.join('\n');
}

/** First and last admission of each bucket over all regions (`bucket@region` → `bucket`). */
function timelineByBucket(timeline: ShapeResult['timeline']): ShapeResult['timeline'] {
  const out: ShapeResult['timeline'] = {};
  for (const [key, at] of Object.entries(timeline)) {
    const name = key.slice(0, key.lastIndexOf('@'));
    const seen = out[name];
    out[name] = seen ? { first: Math.min(seen.first, at.first), last: Math.max(seen.last, at.last) } : { ...at };
  }
  return out;
}

/** The CPU of each step, when the worker measured it: `: evaluate 60.1, json 3.2, html 2.0`. */
const cpuSteps = (e: EvaluateResult) =>
  e.evaluateCpuMs === undefined ? '' : `: evaluate ${f1(e.evaluateCpuMs / 1000)}, json ${f1((e.jsonCpuMs ?? 0) / 1000)}, html ${f1((e.htmlCpuMs ?? 0) / 1000)}`;
const evaluateAndReportSeconds = (e: EvaluateResult) => (e.evaluateMs + e.jsonMs + e.htmlMs) / 1000;

function evaluationTable(results: EvaluateResult[]): string {
  const headers = ['snapshot', 'memory limit', 'APIs', 'methods', 'results', 'evaluate s', 'report.json s', 'report.html s', 'total s', 'CPU s', 'report.json MiB', 'report.html MiB', 'peak RSS MiB'];
  const rows = results.map((e) => [
    e.snapshot,
    e.memoryLimitMiB === undefined ? 'none' : `${e.memoryLimitMiB} MiB`,
    String(e.apis),
    String(e.methods),
    String(e.results),
    f1(e.evaluateMs / 1000),
    f1(e.jsonMs / 1000),
    f1(e.htmlMs / 1000),
    f1(evaluateAndReportSeconds(e)),
    f1(e.cpuMs / 1000),
    f1(e.jsonBytes / 2 ** 20),
    f1(e.htmlBytes / 2 ** 20),
    String(Math.round(e.peakRssMB)),
  ]);
  return textTable(headers, rows);
}

/**
 * The heavy evaluation by the baseline's own worker, without a memory limit (the code the
 * issue started from peaked near 2.9 GB: a job-sized cgroup would only stop it).
 */
async function evaluateBaseline(checkout: BaselineCheckout, seed: number): Promise<BaselineEvaluation> {
  console.log(`  first the baseline, ${checkout.revision} (${checkout.commit.slice(0, 12)}; its dependencies ${checkout.dependencies}), with its own bench worker …`);
  const worker = new Worker(undefined, checkout.worker, checkout.dir);
  try {
    const reply = await worker.request({ kind: 'evaluate', seed, snapshot: 'heavy' });
    if (reply.kind !== 'evaluated') throw new Error(`the baseline's worker: ${reply.kind === 'failed' ? reply.message : `answered ${reply.kind}`}`);
    return baselineEvaluation(checkout, reply.result);
  } finally {
    await worker.stop();
  }
}

// ── Main ────────────────────────────────────────────────────────────────────────────────


async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  // Read first: a bad --compare file should not cost a whole run.
  const previous = args.compare ? parseTable(readFileSync(args.compare, 'utf8'), args.compare) : undefined;
  // Checked out first as well: a revision git does not know should not cost a whole run either.
  const baselineCheckout = args.baseline === undefined ? undefined : checkOutBaseline(REPO, args.baseline, join(OUT_DIR, 'baseline'));
  mkdirSync(OUT_DIR, { recursive: true });
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB, ${platform()} ${release()}, Node ${process.version}`;
  const loadAverageAtStart = loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`apiposture benchmark — ${new Date().toISOString()} — ${machine} — load average ${loadAverageAtStart}`);
  const runtimeNote = unsupportedRuntimeNote(process.versions.node);
  if (runtimeNote) console.log(runtimeNote);
  console.log(
    `seed ${args.seed}; server buckets at AWS's published rates × scale; latency ${args.latency ? 'on (assumed figures ÷ scale)' : 'off'}; scanner rateScale = scale; retry delays ÷ scale\n`,
  );

  const shapes: ShapeResult[] = [];
  for (const shape of args.shapes) {
    const scale = args.scale ?? SHAPES[shape].defaultScale;
    for (const concurrency of args.concurrency) {
      console.log(`▶ ${shape}: scale factor ${scale} (rates × ${scale}), concurrency ${concurrency} …`);
      const result = await benchShape(shape, scale, concurrency, args.seed, args.latency);
      shapes.push(result);
      console.log(details(result) + '\n');
    }
  }

  const cli: CliResult[] = [];
  const cliShapes = args.cliShapes ?? (args.shapes.includes('small') ? ['small' as const] : []);
  for (const cliShape of args.cli ? cliShapes : []) {
    const scale = args.scale ?? cliSpec(cliShape).defaultScale;
    for (const limit of jobMemoryLimits(args.jobMemoryMiB)) {
      const where = limit === undefined ? 'without a memory limit' : `in a ${limit} MiB memory cgroup (the scheduled job's memory${imageOptionsNote()})`;
      console.log(`▶ the built CLI: scan --endpoint-url, ${cliShape} shape, scale ${scale}, ${where} …`);
      const caged = limit === undefined ? undefined : memoryCage(limit);
      if (caged && 'unavailable' in caged) {
        console.log(`  skipped: ${caged.unavailable}\n`);
        continue;
      }
      const cage = caged?.cage;
      try {
        cli.push(await benchCli(cliShape, args.seed, args.latency, scale, cage));
      } finally {
        cage?.dispose();
      }
      const run = cli.at(-1)!;
      console.log(`  ${run.built}; exit ${run.exitCode}, ${f1(run.wallSeconds)} s, ${run.throttled} throttled, ground truth ${run.truth}; ${cliUsage(run)}`);
      for (const d of run.differences) console.log(`    ${d}`);
      if (run.exitCode !== 0 && run.exitCode !== 1) console.log(`  stderr: ${run.stderrTail}`);
      console.log();
    }
  }

  const evaluation: EvaluateResult[] = [];
  let baseline: BaselineEvaluation | undefined;
  if (args.evaluate) {
    const runs = [
      ...(['heavy', 'light'] as const).map((snapshot) => ({ snapshot, limit: undefined as number | undefined })),
      // The heavy one again in the scheduled job's memory, as the CLI: Node.js sizes its heap from the limit.
      ...jobMemoryLimits(args.jobMemoryMiB).flatMap((limit) => (limit === undefined ? [] : [{ snapshot: 'heavy' as const, limit }])),
    ];
    for (const { snapshot, limit } of runs) {
      const where = limit === undefined ? '' : `, in a ${limit} MiB memory cgroup (the scheduled job's memory${imageOptionsNote()})`;
      console.log(`▶ evaluate + report a 10,000-API snapshot (${snapshot})${where} …`);
      const caged = limit === undefined ? undefined : memoryCage(limit);
      if (caged && 'unavailable' in caged) {
        console.log(`  skipped: ${caged.unavailable}\n`);
        continue;
      }
      const cage = caged?.cage;
      if (baselineCheckout && snapshot === 'heavy' && limit === undefined) {
        baseline = await evaluateBaseline(baselineCheckout, args.seed);
        console.log(`  the baseline, ${baselineCheckout.revision}: evaluate + reports ${f1(baseline.seconds)} s (CPU ${f1(baseline.cpuSeconds)} s); peak RSS ${Math.round(baseline.peakRssMB)} MiB`);
      }
      let e: EvaluateResult;
      try {
        const worker = new Worker(cage);
        e = expect(await worker.request({ kind: 'evaluate', seed: args.seed, snapshot }), 'evaluated').result;
        await worker.stop();
      } finally {
        cage?.dispose();
      }
      if (cage && e.constrainedMemoryMiB !== cage.limitMiB) {
        throw new Error(`the evaluation meant for a ${cage.limitMiB} MiB cgroup ran under ${e.constrainedMemoryMiB ?? '?'} MiB`);
      }
      if (cage) e.memoryLimitMiB = cage.limitMiB;
      evaluation.push(e);
      console.log(
        `  ${e.snapshot}: ${e.apis} APIs, ${e.methods} methods, ${e.stages} stages, ${e.results} results: generate ${f1(e.generateMs / 1000)} s; ` +
          `evaluate ${f1(e.evaluateMs / 1000)} s; report.json ${f1(e.jsonMs / 1000)} s (${f1(e.jsonBytes / 2 ** 20)} MiB); ` +
          `report.html ${f1(e.htmlMs / 1000)} s (${f1(e.htmlBytes / 2 ** 20)} MiB); ` +
          `evaluate + reports ${f1(evaluateAndReportSeconds(e))} s (CPU ${f1(e.cpuMs / 1000)} s${cpuSteps(e)}); peak RSS ${Math.round(e.peakRssMB)} MiB`,
      );
      if (baseline && snapshot === 'heavy' && limit === undefined) console.log(`  ${againstBaseline(baseline, { ...evaluationRow(e), methods: e.methods, results: e.results })}`);
      console.log();
    }
  }

  const cliEvaluations: CliEvaluation[] = [];
  const heavy = evaluation.find((e) => e.snapshot === SNAPSHOTS.heavy.name && e.memoryLimitMiB === undefined);
  if (args.cli && heavy) {
    console.log('▶ the built CLI: evaluate of the heavy snapshot, written to a file …');
    const run = await benchCliEvaluate('heavy', args.seed, heavy.results);
    cliEvaluations.push(run);
    console.log(`  exit ${run.exitCode}, ${f1(run.seconds)} s, CPU ${f1(run.cpuSeconds)} s, peak RSS ${Math.round(run.peakRssMB)} MiB, results ${run.truth === 'OK' ? 'as in process' : 'DIFFER from the in-process evaluation'}`);
    for (const d of run.differences) console.log(`    ${d}`);
    if (run.exitCode !== 0 && run.exitCode !== 1) console.log(`  stderr: ${run.stderrTail}`);
    console.log();
  }

  const date = new Date().toISOString();
  const cliTable = [...cli.flatMap(cliRows), ...cliEvaluations.map(({ differences, stderrTail, ...row }) => ({ ...row, ...failureDetail({ ...row, differences, stderrTail }) }))];
  const table: BenchTable = { format: TABLE_FORMAT, date, machine, seed: args.seed, scans: shapes.map(scanRow), evaluation: evaluation.map(evaluationRow), ...(cliTable.length > 0 ? { cli: cliTable } : {}), ...(baseline ? { baseline } : {}) };
  if (shapes.length > 0) {
    console.log('ratio = wall / fewest-calls bound (what any scanner needs at least; target ≤ 1.05); wall/own = wall / the bound of the calls this scan made');
    console.log(scanTable(table.scans));
  }
  if (evaluation.length > 0) console.log('\n' + evaluationTable(evaluation));
  const load = loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`\nload average at the end: ${load} (${cpus().length} CPUs; other work on the machine slows the CPU-bound steps)`);
  const results = { date, machine, loadAverageAtStart, loadAverageAtEnd: load, seed: args.seed, latency: args.latency, table, shapes, cli, evaluation, ...(baseline ? { baseline } : {}) };
  writeFileSync(join(OUT_DIR, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(`\nwrote ${join('.bench', 'results.json')}`);
  if (previous) {
    console.log('');
    for (const line of compareTables(previous, table)) console.log(line);
  }
  if (args.out) {
    writeFileSync(args.out, JSON.stringify(table, null, 2) + '\n');
    console.log(`wrote ${args.out}`);
  }

  const problems = [
    ...shapes.filter((r) => r.truth !== 'OK').map((r) => `${r.shape}: the collected snapshot differs from the ground truth`),
    ...shapes.filter((r) => r.failedCalls > 0 || r.collectionErrors > 0).map((r) => `${r.shape}: ${r.failedCalls} failed calls`),
    ...cli.filter((c) => c.truth !== 'OK' || (c.exitCode !== 0 && c.exitCode !== 1)).map((c) => `CLI scan: exit ${c.exitCode}, ground truth ${c.truth}`),
    ...cliEvaluations.filter((c) => c.truth !== 'OK' || (c.exitCode !== 0 && c.exitCode !== 1)).map((c) => `CLI evaluate: exit ${c.exitCode}, results ${c.truth}`),
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

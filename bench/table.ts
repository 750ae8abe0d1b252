/**
 * The benchmark's one table — shape × (calls per API, wall time, fewest-calls bound, ratio, CPU,
 * peak RSS) — as text and as a stable JSON document (`--out FILE`), and the deltas between two
 * such documents (`--compare FILE`), so a run can be compared with the last one committed.
 *
 * Sizes are binary: the keys ending in `MB` (`peakRssMB`, `reportJsonMB` …) hold MiB (2^20
 * bytes), as every table and note since format 1 has; the printed tables say MiB.
 */

export const TABLE_FORMAT = 'apiposture-bench-table/1';

/** package.json `engines`: Node.js 22 and later. */
export const SUPPORTED_NODE_MAJOR = 22;

/**
 * Every step runs on the Node.js that runs the bench (workers are forked, the CLI spawned, with
 * it), and the evaluation's CPU differs by up to two thirds between Node.js lines: a table
 * measured on a line the product does not support (package.json `engines`) is flagged.
 */
export function unsupportedRuntimeNote(version: string, supportedFrom = SUPPORTED_NODE_MAJOR): string | undefined {
  const major = Number(version.split('.')[0]);
  return major < supportedFrom
    ? `note: Node.js ${version} is older than the supported lines (${supportedFrom} and later; the container runs 24): these figures are not the product's`
    : undefined;
}

export interface ScanRow {
  shape: string;
  regions: number;
  scale: number;
  concurrency: number;
  latency: boolean;
  restApis: number;
  httpApis: number;
  callsPerRestApi: number;
  callsPerHttpApi: number;
  fewestPerRestApi: number;
  fewestPerHttpApi: number;
  /** API Gateway calls (v1 and v2), the tool's and the fewest. */
  apiGatewayCalls: number;
  fewestApiGatewayCalls: number;
  calls: number;
  wallSeconds: number;
  /** The fewest-calls bound at this run's scale, and at AWS's own pace (× scale). */
  fewestBoundSeconds: number;
  fewestBoundAtAwsSeconds: number;
  /** wall / fewest-calls bound: the target is ≤ 1.05. */
  ratio: number;
  /** The bound the rate limits put on the calls the tool made, and wall / that. */
  ownBoundSeconds: number;
  ownRatio: number;
  /** The scanner's CPU time (user + system) and per call made. */
  cpuSeconds: number;
  cpuMsPerCall: number;
  peakRssMB: number;
  truth: 'OK' | 'DIFF';
  /** Where the collected snapshot differs from the ground truth: the first differences. */
  differences?: string[];
}

export interface EvaluationRow {
  snapshot: string;
  apis: number;
  seconds: number;
  cpuSeconds: number;
  reportJsonMB: number;
  peakRssMB: number;
  /** The memory cgroup limit it ran in (the scheduled job's memory), MiB; absent: no limit. */
  memoryLimitMiB?: number;
}

/** The built CLI's whole `scan` process (collection, snapshot, evaluation, reports). */
export interface CliRow {
  shape: string;
  scale: number;
  /** `evaluate` of a snapshot file; absent: `scan` against the look-alike. */
  command?: 'evaluate';
  /** The memory cgroup limit it ran in (the scheduled job's memory), MiB; absent: no limit. */
  memoryLimitMiB?: number;
  exitCode: number | null;
  seconds: number;
  cpuSeconds: number;
  peakRssMB: number;
  /** The highest RSS sampled until collection finished. */
  collectionPeakRssMB?: number;
  truth: 'OK' | 'DIFF';
  /** Where the collected snapshot differs from the ground truth: the first differences. */
  differences?: string[];
  /** Where the run ended with an exit code other than 0 or 1: the last lines of its stderr. */
  stderrTail?: string;
}

/** Why a run is not as expected, kept in the table as printed: a DIFF's differences, and stderr unless it exited 0 or 1. */
export function failureDetail(run: { truth: 'OK' | 'DIFF'; differences: string[]; exitCode: number | null; stderrTail?: string }): Pick<CliRow, 'differences' | 'stderrTail'> {
  return {
    ...(run.truth === 'DIFF' ? { differences: run.differences } : {}),
    ...(run.exitCode !== 0 && run.exitCode !== 1 && run.stderrTail !== undefined ? { stderrTail: run.stderrTail } : {}),
  };
}

/** Why the CLI's `evaluate` report differs from the in-process evaluation: its result count (none when they agree). */
export function resultCountDifferences(expected: number, written: number | undefined): string[] {
  if (written === expected) return [];
  if (written === undefined) return [`report.json: not written, or without results (the in-process evaluation made ${expected})`];
  return [`results: expected ${expected} (the in-process evaluation) … got ${written}`];
}

/**
 * `--baseline`: the heavy evaluation by an earlier revision (its own bench worker), measured in
 * the same run just before this code's, so their ratio does not move with the machine's load.
 */
export interface BaselineRow {
  /** As given, and the commit it named. */
  revision: string;
  commit: string;
  snapshot: string;
  apis: number;
  methods: number;
  results: number;
  /** Evaluate + both reports: wall, and process CPU (all threads). */
  seconds: number;
  cpuSeconds: number;
  reportJsonMB: number;
  peakRssMB: number;
}

export interface BenchTable {
  format: typeof TABLE_FORMAT;
  date: string;
  machine: string;
  seed: number;
  scans: ScanRow[];
  evaluation: EvaluationRow[];
  /** Absent in tables written before the CLI's usage was measured. */
  cli?: CliRow[];
  /** Absent unless the run was given --baseline. */
  baseline?: BaselineRow;
}

const f = (digits: number) => (n: number) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const f0 = f(0);
const f1 = f(1);
const f2 = f(2);

export function textTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export const SCAN_HEADERS = [
  'shape', 'regions', 'scale', 'REST', 'HTTP', 'calls/REST', 'fewest/REST', 'calls/HTTP', 'fewest/HTTP',
  'wall s', 'fewest bound s', 'ratio', 'own bound s', 'wall/own', 'CPU s', 'CPU ms/call', 'peak RSS MiB', 'truth',
];

export function scanTable(rows: readonly ScanRow[]): string {
  return textTable(
    SCAN_HEADERS,
    rows.map((r) => [
      r.shape + (r.concurrency === 8 ? '' : ` c${r.concurrency}`) + (r.latency ? '' : ' (no latency)'),
      String(r.regions),
      String(r.scale),
      String(r.restApis),
      String(r.httpApis),
      f2(r.callsPerRestApi),
      f2(r.fewestPerRestApi),
      f2(r.callsPerHttpApi),
      f2(r.fewestPerHttpApi),
      f1(r.wallSeconds),
      `${f1(r.fewestBoundSeconds)} (${f0(r.fewestBoundAtAwsSeconds)} @AWS)`,
      f2(r.ratio),
      f1(r.ownBoundSeconds),
      f2(r.ownRatio),
      f1(r.cpuSeconds),
      f1(r.cpuMsPerCall),
      f0(r.peakRssMB),
      r.truth,
    ]),
  );
}

const rowKey = (r: ScanRow) => `${r.shape} c${r.concurrency} x${r.scale}${r.latency ? '' : ' no-latency'}`;

/** What is compared, and whether a larger value is better. */
const COMPARED: readonly [keyof ScanRow, string, (n: number) => string][] = [
  ['callsPerRestApi', 'calls/REST', f2],
  ['callsPerHttpApi', 'calls/HTTP', f2],
  ['wallSeconds', 'wall s', f1],
  ['fewestBoundSeconds', 'fewest bound s', f1],
  ['ratio', 'ratio', f2],
  ['cpuSeconds', 'CPU s', f1],
  ['cpuMsPerCall', 'CPU ms/call', f1],
  ['peakRssMB', 'peak RSS MiB', f0],
];

const change = (before: number, after: number, show: (n: number) => string) => {
  const pct = before !== 0 && Number.isFinite(before) && Number.isFinite(after) ? ` (${after >= before ? '+' : ''}${((after / before - 1) * 100).toFixed(0)} %)` : '';
  return `${show(before)} → ${show(after)}${pct}`;
};

/**
 * The deltas from `previous` to `current`, one line per shape run in both (matched by shape,
 * concurrency, scale and latency), then the shapes only one of them has.
 */
export function compareTables(previous: BenchTable, current: BenchTable): string[] {
  if (previous.format !== TABLE_FORMAT) return [`cannot compare: the previous file is ${String(previous.format)}, not ${TABLE_FORMAT}`];
  const before = new Map(previous.scans.map((r) => [rowKey(r), r]));
  const lines: string[] = [`compared with the run of ${previous.date} (${previous.machine})`];
  for (const now of current.scans) {
    const was = before.get(rowKey(now));
    if (!was) {
      lines.push(`${rowKey(now)}: new`);
      continue;
    }
    before.delete(rowKey(now));
    const parts = COMPARED.map(([key, label, show]) => `${label} ${change(was[key] as number, now[key] as number, show)}`);
    if (was.truth !== now.truth) parts.push(`truth ${was.truth} → ${now.truth}`);
    lines.push(`${rowKey(now)}: ${parts.join('; ')}`);
  }
  for (const key of before.keys()) lines.push(`${key}: not run this time`);
  const evaluationRun = (e: EvaluationRow) => `${e.snapshot}${e.memoryLimitMiB === undefined ? '' : ` in ${e.memoryLimitMiB} MiB`}`;
  const evaluated = new Map(previous.evaluation.map((e) => [evaluationRun(e), e]));
  for (const now of current.evaluation) {
    const was = evaluated.get(evaluationRun(now));
    if (!was) continue;
    lines.push(
      `${evaluationRun(now)}: evaluate + reports ${change(was.seconds, now.seconds, f1)} s; CPU ${change(was.cpuSeconds, now.cpuSeconds, f1)} s; ` +
        `report.json ${change(was.reportJsonMB, now.reportJsonMB, f1)} MiB; peak RSS ${change(was.peakRssMB, now.peakRssMB, f0)} MiB`,
    );
  }
  const cliRun = (c: CliRow) => `${c.command === 'evaluate' ? `evaluate of ${c.shape}` : `scan of ${c.shape} ×${c.scale}`}${c.memoryLimitMiB === undefined ? '' : ` in ${c.memoryLimitMiB} MiB`}`;
  const scannedByCli = new Map((previous.cli ?? []).map((c) => [cliRun(c), c]));
  for (const now of current.cli ?? []) {
    const was = scannedByCli.get(cliRun(now));
    if (!was) continue;
    lines.push(
      `CLI ${cliRun(now)}: ${change(was.seconds, now.seconds, f1)} s; CPU ${change(was.cpuSeconds, now.cpuSeconds, f1)} s; ` +
        `peak RSS ${change(was.peakRssMB, now.peakRssMB, f0)} MiB`,
    );
  }
  const heavyNow = current.evaluation.find((e) => e.snapshot === current.baseline?.snapshot && e.memoryLimitMiB === undefined);
  const heavyWas = previous.evaluation.find((e) => e.snapshot === previous.baseline?.snapshot && e.memoryLimitMiB === undefined);
  if (current.baseline && previous.baseline && heavyNow && heavyWas) {
    const cpuRatio = (row: EvaluationRow, base: BaselineRow) => row.cpuSeconds / base.cpuSeconds;
    lines.push(
      `CPU against the baseline: ${f2(cpuRatio(heavyWas, previous.baseline))} × ${previous.baseline.revision} → ` +
        `${f2(cpuRatio(heavyNow, current.baseline))} × ${current.baseline.revision}`,
    );
  }
  return lines;
}

/** Reads a table document, refusing anything else. */
export function parseTable(text: string, source: string): BenchTable {
  const value = JSON.parse(text) as Partial<BenchTable>;
  if (value.format !== TABLE_FORMAT || !Array.isArray(value.scans) || !Array.isArray(value.evaluation)) {
    throw new Error(`${source} is not a benchmark table (${TABLE_FORMAT}); write one with npm run bench -- --out FILE`);
  }
  return value as BenchTable;
}

/**
 * `--baseline <revision>`: the heavy evaluation as an earlier revision of apiposture runs it,
 * measured in the same run as this code's (just before it), so that the ratio between the two
 * does not move with the machine's load from one run to the next. The revision is checked out
 * from git into .bench/baseline/<commit>/ (kept for the next run) and its own bench worker is
 * forked there: the comparison is with the code as it was, measured the way it measured itself.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BaselineRow } from './table.js';

/** A revision's working copy, ready to fork its bench worker. */
export interface BaselineCheckout {
  /** The full commit id, and how the user named it. */
  commit: string;
  revision: string;
  dir: string;
  worker: string;
  /** How its dependencies were provided. */
  dependencies: 'linked' | 'installed';
}

/** The evaluation of the heavy snapshot by the baseline's own worker, as the table keeps it. */
export type BaselineEvaluation = BaselineRow;

function git(repo: string, args: string[], input?: Buffer): Buffer {
  const run = spawnSync('git', args, { cwd: repo, maxBuffer: 1 << 30, ...(input ? { input } : {}) });
  if (run.error) throw new Error(`git ${args[0]}: ${run.error.message}`);
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr.toString().trim() || `exit ${run.status}`}`);
  return run.stdout;
}

/** The commit a revision names, or a clear error. */
export function resolveCommit(repo: string, revision: string): string {
  try {
    return git(repo, ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]).toString().trim();
  } catch {
    throw new Error(`--baseline ${revision}: not a commit of this repository`);
  }
}

/**
 * The revision's files in `<root>/<commit>/`, with this checkout's node_modules linked when its
 * package-lock.json is the same, else installed with `npm ci`. A checkout finished earlier is reused.
 */
export function checkOutBaseline(repo: string, revision: string, root: string): BaselineCheckout {
  const commit = resolveCommit(repo, revision);
  const dir = join(root, commit);
  const done = join(dir, '.apiposture-baseline');
  if (!existsSync(done)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const tar = spawnSync('tar', ['-x', '-C', dir], { input: git(repo, ['archive', '--format=tar', commit]) });
    if (tar.status !== 0) throw new Error(`unpacking ${commit}: ${tar.stderr.toString().trim() || `tar exit ${tar.status}`}`);
    const lock = (at: string) => (existsSync(join(at, 'package-lock.json')) ? readFileSync(join(at, 'package-lock.json'), 'utf8') : undefined);
    const sameLock = lock(dir) !== undefined && lock(dir) === lock(repo);
    if (sameLock) symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
    else {
      const npm = spawnSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
      if (npm.status !== 0) throw new Error(`npm ci for the baseline ${revision} failed (exit ${npm.status}) in ${dir}`);
    }
    writeFileSync(done, sameLock ? 'linked\n' : 'installed\n');
  }
  const worker = join(dir, 'bench', 'worker.ts');
  if (!existsSync(worker)) throw new Error(`--baseline ${revision}: ${commit.slice(0, 12)} has no bench/worker.ts to measure with`);
  const dependencies = readFileSync(done, 'utf8').trim() === 'linked' ? 'linked' : 'installed';
  return { commit, revision, dir, worker, dependencies };
}

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * The baseline worker's `evaluated` result, read by what every revision's worker has given since
 * the evaluation was benchmarked: the report.html time is `htmlMs`, or before that its render and
 * write apart. Anything else is refused rather than guessed.
 */
export function baselineEvaluation(checkout: Pick<BaselineCheckout, 'revision' | 'commit'>, raw: unknown): BaselineEvaluation {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const htmlMs = finite(r.htmlMs) ? r.htmlMs : finite(r.htmlRenderMs) && finite(r.htmlWriteMs) ? r.htmlRenderMs + r.htmlWriteMs : undefined;
  const numbers = ['apis', 'methods', 'results', 'evaluateMs', 'jsonMs', 'cpuMs', 'jsonBytes', 'peakRssMB'] as const;
  const missing = numbers.filter((key) => !finite(r[key]));
  if (typeof r.snapshot !== 'string' || htmlMs === undefined || missing.length > 0) {
    throw new Error(`the baseline's worker (${checkout.revision}) answered without ${[...missing, ...(htmlMs === undefined ? ['htmlMs'] : [])].join(', ') || 'snapshot'}`);
  }
  const n = (key: (typeof numbers)[number]) => r[key] as number;
  return {
    revision: checkout.revision,
    commit: checkout.commit,
    snapshot: r.snapshot,
    apis: n('apis'),
    methods: n('methods'),
    results: n('results'),
    seconds: (n('evaluateMs') + n('jsonMs') + htmlMs) / 1000,
    cpuSeconds: n('cpuMs') / 1000,
    reportJsonMB: n('jsonBytes') / 2 ** 20,
    peakRssMB: n('peakRssMB'),
  };
}

/** `this code / baseline` of the figures both have: the CPU ratio is the issue's measure. */
export function againstBaseline(baseline: BaselineEvaluation, now: Omit<BaselineEvaluation, 'revision' | 'commit'>): string {
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)} ×` : '-');
  const f1 = (x: number) => x.toFixed(1);
  const sameAccount = baseline.snapshot === now.snapshot && baseline.apis === now.apis && baseline.methods === now.methods;
  return [
    `against ${baseline.revision} (${baseline.commit.slice(0, 12)}), measured just before: ` +
      `CPU ${f1(baseline.cpuSeconds)} → ${f1(now.cpuSeconds)} s (${ratio(now.cpuSeconds, baseline.cpuSeconds)}); ` +
      `evaluate + reports ${f1(baseline.seconds)} → ${f1(now.seconds)} s (${ratio(now.seconds, baseline.seconds)}); ` +
      `report.json ${f1(baseline.reportJsonMB)} → ${f1(now.reportJsonMB)} MiB; ` +
      `peak RSS ${Math.round(baseline.peakRssMB)} → ${Math.round(now.peakRssMB)} MiB; ` +
      `results ${baseline.results} → ${now.results}`,
    ...(sameAccount ? [] : [`  note: the baseline generated a different account (${baseline.snapshot}: ${baseline.apis} APIs, ${baseline.methods} methods)`]),
  ].join('\n');
}

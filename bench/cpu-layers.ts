/**
 * Where the CPU of the 10,000-API evaluation goes, by layer (bench/layers.ts): the checks alone,
 * then with their results made, then the bench's whole evaluation (results kept, report built,
 * report.json and report.html written). Each run is a process of its own (bench/worker.ts), and
 * the layers take turns, round after round, so that the machine's drift falls on all of them
 * alike; what a layer adds is taken within each round. Prints CPU time (all threads) as min /
 * median / max over the rounds. Not a test: it times things.
 *
 *   node --import tsx bench/cpu-layers.ts                        # heavy account, 3 rounds
 *   node --import tsx bench/cpu-layers.ts --snapshot light --rounds 5
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED } from './generate.js';
import { median } from './measure.js';
import { textTable } from './table.js';
import type { Task } from './worker.js';
import { Worker, expect } from './worker-process.js';

/** CPU milliseconds of each layer in one round, and how many results (targets judged) each had. */
export interface LayerRound {
  checksMs: number;
  resultsMs: number;
  reportMs: number;
  counts: { checks: number; results: number; report: number };
}

const LAYER_ROWS = [
  { name: 'checks', what: 'every check judges its targets; nothing is made of it', cpu: (r: LayerRound) => r.checksMs, below: undefined },
  { name: 'results', what: '+ each outcome made a result (evidence, message)', cpu: (r: LayerRound) => r.resultsMs, below: (r: LayerRound) => r.checksMs },
  { name: 'report', what: '+ results kept, report built, both files written', cpu: (r: LayerRound) => r.reportMs, below: (r: LayerRound) => r.resultsMs },
] as const;

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const spread = (values: readonly number[]) => `${seconds(Math.min(...values))} / ${seconds(median(values))} / ${seconds(Math.max(...values))}`;

/** One row per layer: its CPU, and what it adds to the layer below, each as min / median / max over the rounds (seconds). */
export function layerTable(rounds: readonly LayerRound[]): string {
  const rows = LAYER_ROWS.map(({ name, what, cpu, below }) => [
    name,
    what,
    spread(rounds.map(cpu)),
    below === undefined ? '' : spread(rounds.map((round) => cpu(round) - below(round))),
  ]);
  return textTable(['layer', 'what runs', 'CPU s (min / median / max)', 'adds s (same round)'], rows);
}

/** Rounds whose layers did not judge as many targets as the evaluation made results: the layers did not measure the same work. */
export function mismatchedRounds(rounds: readonly LayerRound[]): string[] {
  return rounds.flatMap(({ counts }, i) =>
    counts.checks === counts.report && counts.results === counts.report
      ? []
      : [`round ${i + 1}: checks judged ${counts.checks}, results made ${counts.results}, the evaluation ${counts.report}`],
  );
}

/** One layer's CPU and count, in a worker process of its own (it exits once it has replied). */
async function layerCpu(task: Extract<Task, { kind: 'layer' | 'evaluate' }>): Promise<{ ms: number; count: number }> {
  const worker = new Worker();
  try {
    if (task.kind === 'evaluate') {
      const { result } = expect(await worker.request(task), 'evaluated');
      return { ms: result.cpuMs, count: result.results };
    }
    const { result } = expect(await worker.request(task), 'layered');
    return { ms: result.cpuMs, count: result.judged };
  } finally {
    await worker.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { snapshot: { type: 'string', default: 'heavy' }, rounds: { type: 'string', default: '3' } } });
  const snapshot = values.snapshot;
  const rounds = Number(values.rounds);
  if (snapshot !== 'heavy' && snapshot !== 'light') throw new Error(`--snapshot: heavy or light, not ${snapshot}`);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds: a whole number of at least 1, not ${values.rounds}`);
  const measured: LayerRound[] = [];
  for (let i = 0; i < rounds; i++) {
    const checks = await layerCpu({ kind: 'layer', seed: DEFAULT_SEED, snapshot, layer: 'checks' });
    const results = await layerCpu({ kind: 'layer', seed: DEFAULT_SEED, snapshot, layer: 'results' });
    const report = await layerCpu({ kind: 'evaluate', seed: DEFAULT_SEED, snapshot });
    measured.push({ checksMs: checks.ms, resultsMs: results.ms, reportMs: report.ms, counts: { checks: checks.count, results: results.count, report: report.count } });
    process.stderr.write(`round ${i + 1}/${rounds}: ${seconds(checks.ms)} / ${seconds(results.ms)} / ${seconds(report.ms)} s\n`);
  }
  console.log(`${snapshot} account, ${rounds} round(s), Node ${process.version}`);
  console.log(layerTable(measured));
  const mismatched = mismatchedRounds(measured);
  if (mismatched.length > 0) {
    console.error(`the layers did not judge the same targets:\n${mismatched.join('\n')}`);
    process.exitCode = 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(`cpu-layers: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}

/** The benchmark's table: its columns, its JSON document and the deltas between two runs. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { SCAN_HEADERS, SUPPORTED_NODE_MAJOR, TABLE_FORMAT, compareTables, failureDetail, parseTable, resultCountDifferences, scanTable, unsupportedRuntimeNote, type BenchTable, type ScanRow } from '../../bench/table.js';

const row = (overrides: Partial<ScanRow> = {}): ScanRow => ({
  shape: 'mixed',
  regions: 1,
  scale: 10,
  concurrency: 8,
  latency: true,
  restApis: 500,
  httpApis: 500,
  callsPerRestApi: 5.5,
  callsPerHttpApi: 3.8,
  fewestPerRestApi: 5.47,
  fewestPerHttpApi: 2.26,
  apiGatewayCalls: 4700,
  fewestApiGatewayCalls: 3914,
  calls: 5000,
  wallSeconds: 48,
  fewestBoundSeconds: 38.8,
  fewestBoundAtAwsSeconds: 388,
  ratio: 48 / 38.8,
  ownBoundSeconds: 46,
  ownRatio: 48 / 46,
  cpuSeconds: 30,
  cpuMsPerCall: 6,
  peakRssMB: 300,
  truth: 'OK',
  ...overrides,
});

const table = (scans: ScanRow[], date = '2026-12-06T00:00:00.000Z'): BenchTable => ({
  format: TABLE_FORMAT,
  date,
  machine: '2 × cpu',
  seed: 1,
  scans,
  evaluation: [{ snapshot: 'snapshot-10k', apis: 10000, seconds: 20, cpuSeconds: 19, reportJsonMB: 437, peakRssMB: 1800 }],
});

describe('bench table', () => {
  it('prints one row per shape with calls per API, wall, the fewest-calls bound, the ratio, CPU and peak RSS', () => {
    const text = scanTable([row(), row({ shape: 'mixed-17', regions: 17, scale: 1, latency: false })]);
    const lines = text.split('\n');
    assert.equal(lines.length, 4);
    for (const header of ['calls/REST', 'calls/HTTP', 'wall s', 'fewest bound s', 'ratio', 'CPU s', 'peak RSS MiB']) assert.ok(SCAN_HEADERS.includes(header), header);
    assert.match(lines[2]!, /^\| mixed +\| 1 +\| 10 .*\| 48\.0 +\| 38\.8 \(388 @AWS\) \| 1\.24 /);
    assert.match(lines[3]!, /mixed-17 \(no latency\)/);
  });

  it('writes a document the next run reads back, and refuses anything else', () => {
    const doc = table([row()]);
    assert.deepEqual(parseTable(JSON.stringify(doc), 'x'), doc);
    assert.throws(() => parseTable(JSON.stringify({ shapes: [] }), 'results.json'), /not a benchmark table/);
  });

  it('prints the deltas shape by shape, and what only one run has', () => {
    const before = table([row(), row({ shape: 'small', scale: 1 })]);
    const after = table([row({ wallSeconds: 40, ratio: 40 / 38.8, callsPerHttpApi: 2.3 }), row({ shape: 'http-heavy' })], '2026-12-07T00:00:00.000Z');
    after.evaluation[0]!.reportJsonMB = 140;
    const lines = compareTables(before, after);
    assert.match(lines[0]!, /2026-12-06/);
    const mixed = lines.find((l) => l.startsWith('mixed c8 x10:'))!;
    assert.match(mixed, /calls\/HTTP 3\.80 → 2\.30 \(-39 %\)/);
    assert.match(mixed, /wall s 48\.0 → 40\.0 \(-17 %\)/);
    assert.match(mixed, /ratio 1\.24 → 1\.03/);
    assert.ok(lines.includes('http-heavy c8 x10: new'));
    assert.ok(lines.includes('small c8 x1: not run this time'));
    assert.ok(lines.some((l) => /snapshot-10k: .*report\.json 437\.0 → 140\.0 \(-68 %\) MiB/.test(l)), lines.join('\n'));
  });

  it('compares the CLI’s whole scan when both runs measured it, and reads tables written without it', () => {
    const cli = { shape: 'large', scale: 10, exitCode: 1, seconds: 80, cpuSeconds: 38.5, peakRssMB: 1000, collectionPeakRssMB: 373, truth: 'OK' as const };
    const before = { ...table([row()]), cli: [cli] };
    const after = { ...table([row()]), cli: [{ ...cli, peakRssMB: 450, cpuSeconds: 20 }] };
    assert.ok(compareTables(before, after).includes('CLI scan of large ×10: 80.0 → 80.0 (+0 %) s; CPU 38.5 → 20.0 (-48 %) s; peak RSS 1000 → 450 (-55 %) MiB'), compareTables(before, after).join('\n'));
    assert.ok(!compareTables(table([row()]), after).some((l) => l.startsWith('CLI scan')));
  });

  it('compares the CLI’s run in the job’s memory with the same run only, never with the one without a limit', () => {
    const free = { shape: 'large', scale: 10, exitCode: 0, seconds: 68, cpuSeconds: 24, peakRssMB: 500, truth: 'OK' as const };
    const caged = { ...free, memoryLimitMiB: 2048, peakRssMB: 360 };
    const before = { ...table([row()]), cli: [free, caged] };
    const after = { ...table([row()]), cli: [{ ...free, peakRssMB: 520 }, { ...caged, peakRssMB: 340 }] };
    const lines = compareTables(before, after);
    assert.ok(lines.includes('CLI scan of large ×10: 68.0 → 68.0 (+0 %) s; CPU 24.0 → 24.0 (+0 %) s; peak RSS 500 → 520 (+4 %) MiB'), lines.join('\n'));
    assert.ok(lines.includes('CLI scan of large ×10 in 2048 MiB: 68.0 → 68.0 (+0 %) s; CPU 24.0 → 24.0 (+0 %) s; peak RSS 360 → 340 (-6 %) MiB'), lines.join('\n'));
    const onlyFree = compareTables({ ...table([row()]), cli: [free] }, after);
    assert.equal(onlyFree.filter((l) => l.startsWith('CLI scan')).length, 1);
  });

  it('compares the heavy evaluation in the job’s memory with the same run only', () => {
    const free = { snapshot: 'snapshot-10k', apis: 10000, seconds: 15, cpuSeconds: 19, reportJsonMB: 136, peakRssMB: 1140 };
    const caged = { ...free, memoryLimitMiB: 2048, peakRssMB: 980 };
    const before = { ...table([row()]), evaluation: [free, caged] };
    const after = { ...table([row()]), evaluation: [{ ...free, peakRssMB: 1100 }, { ...caged, peakRssMB: 950 }] };
    const lines = compareTables(before, after);
    assert.ok(lines.some((l) => l.startsWith('snapshot-10k: ') && l.endsWith('peak RSS 1140 → 1100 (-4 %) MiB')), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith('snapshot-10k in 2048 MiB: ') && l.endsWith('peak RSS 980 → 950 (-3 %) MiB')), lines.join('\n'));
    const onlyFree = compareTables({ ...table([row()]), evaluation: [free] }, after);
    assert.equal(onlyFree.filter((l) => l.startsWith('snapshot-10k')).length, 1);
  });

  it('compares the CLI’s evaluate of a snapshot file with the same, apart from its scans', () => {
    const scanned = { shape: 'large', scale: 10, exitCode: 0, seconds: 68, cpuSeconds: 24, peakRssMB: 500, truth: 'OK' as const };
    const evaluated = { shape: 'snapshot-10k', scale: 1, command: 'evaluate' as const, exitCode: 0, seconds: 30, cpuSeconds: 38.6, peakRssMB: 2060, truth: 'OK' as const };
    const lines = compareTables({ ...table([row()]), cli: [scanned, evaluated] }, { ...table([row()]), cli: [scanned, { ...evaluated, cpuSeconds: 34, peakRssMB: 1679 }] });
    assert.ok(lines.includes('CLI evaluate of snapshot-10k: 30.0 → 30.0 (+0 %) s; CPU 38.6 → 34.0 (-12 %) s; peak RSS 2060 → 1679 (-18 %) MiB'), lines.join('\n'));
    assert.equal(lines.filter((l) => l.startsWith('CLI ')).length, 2);
  });

  it('compares the CPU ratio to the baseline when both runs measured one (--baseline), the job’s memory aside', () => {
    const free = { snapshot: 'snapshot-10k', apis: 10000, seconds: 10, cpuSeconds: 13, reportJsonMB: 136, peakRssMB: 1050 };
    const caged = { ...free, memoryLimitMiB: 2048, cpuSeconds: 20 };
    const baseline = { revision: '89da139^', commit: 'c'.repeat(40), snapshot: 'snapshot-10k', apis: 10000, methods: 500760, results: 566007, seconds: 39, cpuSeconds: 52, reportJsonMB: 744.6, peakRssMB: 2890 };
    const before = { ...table([row()]), evaluation: [caged, free], baseline };
    const after = { ...table([row()]), evaluation: [caged, { ...free, cpuSeconds: 11 }], baseline: { ...baseline, cpuSeconds: 44 } };
    assert.ok(compareTables(before, after).includes('CPU against the baseline: 0.25 × 89da139^ → 0.25 × 89da139^'));
    const slower = { ...after, evaluation: [{ ...free, cpuSeconds: 22 }] };
    assert.ok(compareTables(before, slower).includes('CPU against the baseline: 0.25 × 89da139^ → 0.50 × 89da139^'));
    assert.equal(compareTables(table([row()]), after).filter((l) => l.includes('baseline')).length, 0);
    assert.deepEqual(parseTable(JSON.stringify(after), 'x'), after);
  });
});

describe('failureDetail', () => {
  it('keeps why a run went wrong in the table: the differences of a DIFF, stderr unless it exited 0 or 1', () => {
    const differences = ['regions[0].restApis[3].stages: expected 3 … got 2'];
    const cases: [Parameters<typeof failureDetail>[0], ReturnType<typeof failureDetail>][] = [
      [{ truth: 'OK', differences: [], exitCode: 0, stderrTail: 'noise' }, {}],
      [{ truth: 'OK', differences: [], exitCode: 1, stderrTail: 'findings' }, {}],
      [{ truth: 'DIFF', differences, exitCode: 3, stderrTail: 'ERROR GetStages' }, { differences, stderrTail: 'ERROR GetStages' }],
      [{ truth: 'DIFF', differences, exitCode: 0 }, { differences }],
      [{ truth: 'OK', differences: [], exitCode: null, stderrTail: 'killed' }, { stderrTail: 'killed' }],
      [{ truth: 'OK', differences: [], exitCode: 2 }, {}],
    ];
    for (const [run, detail] of cases) assert.deepEqual(failureDetail(run), detail, JSON.stringify(run));
  });
});

describe('resultCountDifferences', () => {
  it('says how the CLI evaluate report differs from the in-process evaluation: its result count, or no report', () => {
    assert.deepEqual(resultCountDifferences(566007, 566007), []);
    assert.deepEqual(resultCountDifferences(566007, 566005), ['results: expected 566007 (the in-process evaluation) … got 566005']);
    assert.deepEqual(resultCountDifferences(566007, 0), ['results: expected 566007 (the in-process evaluation) … got 0']);
    assert.deepEqual(resultCountDifferences(566007, undefined), ['report.json: not written, or without results (the in-process evaluation made 566007)']);
  });
});

describe('unsupportedRuntimeNote', () => {
  it('flags a Node.js line older than package.json engines allows, and only such a line', () => {
    assert.match(unsupportedRuntimeNote('20.20.2') ?? '', /Node\.js 20\.20\.2 is older than the supported lines \(22 and later/);
    assert.equal(unsupportedRuntimeNote('22.0.0'), undefined);
    assert.equal(unsupportedRuntimeNote('24.11.1'), undefined);
  });

  it('takes its lower line from package.json engines', () => {
    const engines = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { engines: { node: string } }).engines.node;
    assert.equal(engines, `>=${SUPPORTED_NODE_MAJOR}`);
  });
});

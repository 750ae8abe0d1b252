/** Evaluate a snapshot: run every check and build the report, and the exit code it earns. */
import { allChecks } from '../../checks/index.js';
import { runChecks, type RunOptions } from '../engine/runner.js';
import type { Inventory } from '../inventory/schema.js';
import { derivedCompleteness, scannedNothing } from '../report/completeness.js';
import { buildReport, reportSource, type BuildReportInput, type Report } from '../report/model.js';
import { selectionFor, type Selection } from '../selection/selection.js';
import { toolVersion } from '../version.js';
import { severityRank, type Severity } from '../engine/types.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { isMuted } from '../model/results.js';
import { applyMutes } from '../mute/apply.js';
import type { MuteList } from '../mute/schema.js';
import { inventoryTags } from '../mute/tags.js';
import { isNewFailure } from '../changes/compare.js';
import { heapGrowthGuard } from './phase-boundary.js';

/** The check options, and the selection of checks and APIs (`--checks`, `--api` …; default every one). */
export interface EvaluateOptions extends Omit<RunOptions, 'selection'> {
  selection?: Selection;
  /** `--mute-file`: the results its rules match are muted (expiries judged at `generatedAt`). */
  mutes?: MuteList;
}

/**
 * A snapshot's checks run: the results, and what their report needs of the snapshot, without the
 * snapshot (`reportOf` builds the report). Between the two, a run can let the snapshot go and
 * collect it (`scan`, the CLI's `evaluate`): a large account's report is then built in a heap
 * that no longer holds the snapshot and what the checks derived from it.
 */
export interface EvaluatedRun {
  readonly report: BuildReportInput;
}

/**
 * Between two checks a full collection once the heap has grown a lot (`heapGrowthGuard`), unless
 * `run.betweenChecks` says otherwise.
 */
export function evaluateChecks(inventory: Inventory, run: EvaluateOptions = {}, generatedAt = new Date()): EvaluatedRun {
  const { selection: given, mutes, betweenChecks, ...options } = run;
  const bound = selectionFor(inventory, given)?.bind(inventory);
  const evaluated = runChecks(allChecks, inventory, {
    ...options,
    betweenChecks: betweenChecks ?? heapGrowthGuard(),
    reportShape: true,
    ...(bound ? { selection: bound.run } : {}),
  });
  const muting = mutes ? applyMutes(evaluated, mutes, { now: generatedAt, tags: inventoryTags(inventory), account: inventory.account.id }) : undefined;
  return {
    report: {
      inventory: reportSource(inventory),
      results: muting?.results ?? evaluated,
      ...(muting ? { mutes: muting.summary } : {}),
      resultsInReportShape: true,
      checks: bound?.checks ?? allChecks,
      toolVersion: toolVersion(),
      generatedAt: generatedAt.toISOString(),
      ...(bound ? { selection: bound.report } : {}),
    },
  };
}

/** The report of an evaluated run. */
export function reportOf(evaluated: EvaluatedRun): Report {
  return buildReport(evaluated.report);
}

/** `evaluateChecks`, then `reportOf`: the report of a snapshot held throughout. */
export function evaluateInventory(inventory: Inventory, run: EvaluateOptions = {}, generatedAt = new Date()): Report {
  return reportOf(evaluateChecks(inventory, run, generatedAt));
}

/**
 * Findings at or above --fail-on (1) whatever else happened, so a gate on them never misses one
 * (a muted finding is accepted: it fails nothing); then nothing scanned (4); then incomplete (3),
 * where a muted ERROR still counts: muting accepts a risk, not missing data.
 */
export function exitCodeFor(report: Report, failOn: FailOn, gate: ExitGate = {}): ExitCode {
  // Without a previous report (a first run) every failure is new.
  const onlyNew = gate.onlyNew === true && report.changes !== undefined;
  const failing = report.results.some(
    (r) => r.status === 'FAIL' && !isMuted(r) && failsOn(failOn, r.severity) && (!onlyNew || isNewFailure(r)),
  );
  if (failing) return EXIT.FINDINGS;
  if (scannedNothing(report)) return EXIT.NOTHING_SCANNED;
  return derivedCompleteness(report).complete ? EXIT.OK : EXIT.INCOMPLETE;
}

/** `--fail-on-new`: only failures that are new or regressed since the previous report count towards exit 1. */
export interface ExitGate {
  onlyNew?: boolean;
}

/** `--fail-on`: the lowest severity whose failure fails the run, or never. */
export type FailOn = Severity | 'none';

/** True when a result of this severity fails the run under --fail-on. */
export function failsOn(threshold: FailOn, severity: Severity): boolean {
  if (threshold === 'none') return false;
  return severityRank(severity) <= severityRank(threshold);
}

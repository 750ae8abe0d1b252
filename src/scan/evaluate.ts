/** Evaluate a snapshot: run every check and build the report, and the exit code it earns. */
import { allChecks } from '../../checks/index.js';
import { runChecks, type RunOptions } from '../engine/runner.js';
import type { Inventory } from '../inventory/schema.js';
import { derivedCompleteness, scannedNothing } from '../report/completeness.js';
import { buildReport, type Report } from '../report/model.js';
import { selectionFor, type Selection } from '../selection/selection.js';
import { toolVersion } from '../version.js';
import { severityRank, type Severity } from '../engine/types.js';
import { EXIT, type ExitCode } from '../exit-codes.js';

/** The check options, and the selection of checks and APIs (`--checks`, `--api` …; default every one). */
export interface EvaluateOptions extends Omit<RunOptions, 'selection'> {
  selection?: Selection;
}

export function evaluateInventory(inventory: Inventory, run: EvaluateOptions = {}, generatedAt = new Date()): Report {
  const { selection: given, ...options } = run;
  const bound = selectionFor(inventory, given)?.bind(inventory);
  const results = runChecks(allChecks, inventory, { ...options, ...(bound ? { selection: bound.run } : {}) });
  return buildReport({
    inventory,
    results,
    checks: bound?.checks ?? allChecks,
    toolVersion: toolVersion(),
    generatedAt: generatedAt.toISOString(),
    ...(bound ? { selection: bound.report } : {}),
  });
}

/**
 * Findings at or above --fail-on (1) whatever else happened, so a gate on them never misses one;
 * then nothing scanned (4); then incomplete (3).
 */
export function exitCodeFor(report: Report, failOn: FailOn): ExitCode {
  const failing = report.results.some((r) => r.status === 'FAIL' && failsOn(failOn, r.severity));
  if (failing) return EXIT.FINDINGS;
  if (scannedNothing(report)) return EXIT.NOTHING_SCANNED;
  return derivedCompleteness(report).complete ? EXIT.OK : EXIT.INCOMPLETE;
}

/** `--fail-on`: the lowest severity whose failure fails the run, or never. */
export type FailOn = Severity | 'none';

/** True when a result of this severity fails the run under --fail-on. */
export function failsOn(threshold: FailOn, severity: Severity): boolean {
  if (threshold === 'none') return false;
  return severityRank(severity) <= severityRank(threshold);
}

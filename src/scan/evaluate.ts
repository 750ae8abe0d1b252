/** Evaluate a snapshot: run every check and build the report, and the exit code it earns. */
import { allChecks } from '../../checks/index.js';
import { runChecks, type RunOptions } from '../engine/runner.js';
import type { Inventory } from '../inventory/schema.js';
import { derivedCompleteness } from '../report/completeness.js';
import { buildReport, type Report } from '../report/model.js';
import { toolVersion } from '../version.js';
import { severityRank, type Severity } from '../engine/types.js';
import { EXIT, type ExitCode } from '../exit-codes.js';

export function evaluateInventory(inventory: Inventory, run: RunOptions = {}, generatedAt = new Date()): Report {
  const results = runChecks(allChecks, inventory, run);
  return buildReport({
    inventory,
    results,
    checks: allChecks,
    toolVersion: toolVersion(),
    generatedAt: generatedAt.toISOString(),
  });
}

/** Incomplete (3) before findings (1): a gap may hide a failure. */
export function exitCodeFor(report: Report, failOn: FailOn): ExitCode {
  if (!derivedCompleteness(report).complete) return EXIT.INCOMPLETE;
  const failing = report.results.some((r) => r.status === 'FAIL' && failsOn(failOn, r.severity));
  return failing ? EXIT.FINDINGS : EXIT.OK;
}

/** `--fail-on`: the lowest severity whose failure fails the run, or never. */
export type FailOn = Severity | 'none';

/** True when a result of this severity fails the run under --fail-on. */
export function failsOn(threshold: FailOn, severity: Severity): boolean {
  if (threshold === 'none') return false;
  return severityRank(severity) <= severityRank(threshold);
}

/** evaluate → report → write: the part of the pipeline `scan` and `evaluate` share. */
import { allChecks } from '../../checks/index.js';
import { runChecks, type RunOptions } from '../engine/runner.js';
import type { Inventory } from '../inventory/schema.js';
import { buildReport, type Report } from '../report/model.js';
import { renderSummaryTable } from '../report/summary.js';
import { writeReports } from '../report/write.js';
import { toolVersion } from '../version.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { failsOn, type FailOn, type ReportFormat } from './options.js';

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

export function exitCodeFor(report: Report, failOn: FailOn): ExitCode {
  if (!report.scan.complete) return EXIT.INCOMPLETE;
  const failing = report.results.some((r) => r.status === 'FAIL' && failsOn(failOn, r.severity));
  return failing ? EXIT.FINDINGS : EXIT.OK;
}

export interface OutputOptions {
  outputDir: string;
  formats: ReportFormat[];
  failOn: FailOn;
}

/** Writes the reports, prints the summary to stdout and returns the exit code. */
export async function deliver(report: Report, options: OutputOptions): Promise<ExitCode> {
  const written = await writeReports(report, { outputDir: options.outputDir, formats: options.formats });
  process.stdout.write(renderSummaryTable(report, { color: process.stdout.isTTY === true }) + '\n');
  for (const path of written) process.stdout.write(`wrote ${path}\n`);
  return exitCodeFor(report, options.failOn);
}

export function defaultOutputDir(now = new Date()): string {
  return `reports/${now.toISOString().replace(/[:.]/g, '-')}`;
}

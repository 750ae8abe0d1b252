/** evaluate → report → write: the part of the pipeline `scan` and `evaluate` share. */
import type { Logger } from 'pino';
import { allChecks } from '../../checks/index.js';
import { runChecks, type RunOptions } from '../engine/runner.js';
import type { Inventory } from '../inventory/schema.js';
import { openSink, type OutputDestination, type S3Destination } from '../output/destination.js';
import { writeReportFiles } from '../output/reports.js';
import type { S3Sender } from '../output/s3.js';
import { describeFailure } from '../output/sink.js';
import { buildReport, type Report } from '../report/model.js';
import { derivedCompleteness } from '../report/completeness.js';
import { renderSummaryTable } from '../report/summary.js';
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
  if (!derivedCompleteness(report).complete) return EXIT.INCOMPLETE;
  const failing = report.results.some((r) => r.status === 'FAIL' && failsOn(failOn, r.severity));
  return failing ? EXIT.FINDINGS : EXIT.OK;
}

export interface OutputOptions {
  /**
   * The local folder: where the reports go unless `s3` is set. With S3 output it is where
   * files written outside the report sink go (the Security Hub dry-run batches):
   * `reports/<timestamp>`, created only if something is written there.
   */
  outputDir: string;
  /** Set when `--output-dir` is an `s3://bucket/prefix/` location: the reports are uploaded. */
  s3?: S3Destination;
  formats: ReportFormat[];
  failOn: FailOn;
}

/** Where the reports of a run go. */
export function destinationOf(options: OutputOptions): OutputDestination {
  return options.s3 ?? { kind: 'local', dir: options.outputDir };
}

/** Where `deliver` prints, and test seams. */
export interface DeliverIo {
  stdout?: { write(text: string): unknown; isTTY?: boolean };
  stderr?: { write(text: string): unknown };
  logger?: Logger;
  s3Client?: S3Sender;
}

/**
 * Writes the reports, prints the summary to stdout and returns the exit code. An upload that
 * failed (after every file was tried) is one line on stderr naming the object, and exit code 3:
 * the run's results did not all reach their destination.
 */
export async function deliver(report: Report, options: OutputOptions, io: DeliverIo = {}): Promise<ExitCode> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const sink = await openSink(destinationOf(options), {
    account: report.scan.account,
    at: new Date(report.scan.generatedAt),
    ...(io.logger ? { logger: io.logger } : {}),
    ...(io.s3Client ? { s3Client: io.s3Client } : {}),
  });
  let result;
  try {
    result = await writeReportFiles(sink, report, options.formats);
  } finally {
    sink.close();
  }
  stdout.write(renderSummaryTable(report, { color: stdout.isTTY === true }) + '\n');
  for (const path of result.written) stdout.write(`wrote ${path}\n`);
  const lines = result.failures.map(describeFailure);
  if (result.notPublished && lines.length > 0) lines[lines.length - 1] += ` (${result.notPublished})`;
  for (const line of lines) stderr.write(`apiposture: ${line}\n`);
  return result.failures.length > 0 ? EXIT.INCOMPLETE : exitCodeFor(report, options.failOn);
}

export function defaultOutputDir(now = new Date()): string {
  return `reports/${now.toISOString().replace(/[:.]/g, '-')}`;
}

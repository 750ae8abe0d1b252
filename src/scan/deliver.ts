/** Deliver a report set: write every asked-for format to the local folder or S3, and say what happened. */
import type { Logger } from 'pino';
import { openSink, type OutputDestination, type S3Destination } from '../output/destination.js';
import { writeReportFiles } from '../output/reports.js';
import type { S3Sender } from '../output/s3-types.js';
import { describeFailure } from '../output/sink.js';
import type { Report } from '../report/model.js';
import type { ReportFormat } from '../report/formats.js';
import type { FrameworkId } from '../model/frameworks/index.js';
import type { Status } from '../model/results.js';
import { filterReportStatuses } from '../report/result-rows.js';
import { asffFileFindings } from '../securityhub/asff-file.js';
import { combineExitCodes, EXIT, type ExitCode } from '../exit-codes.js';
import { exitCodeFor, type FailOn } from './evaluate.js';
import type { PreviousReportSpec } from './previous-report.js';

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
  /** `--status`: write only results with these statuses (the exit code still weighs every result). */
  statuses?: Status[];
  failOn: FailOn;
  /** `--compliance`: the framework whose roll-up is printed after the summary and shown first in the HTML. */
  compliance?: FrameworkId;
  /** `--previous-report`: the report each result is compared with (src/changes). */
  previousReport?: PreviousReportSpec;
  /** `--fail-on-new`: exit 1 only for failures that are new or regressed since the previous report. */
  failOnNew?: boolean;
}

/** Where the reports of a run go. */
export function destinationOf(options: OutputOptions): OutputDestination {
  return options.s3 ?? { kind: 'local', dir: options.outputDir };
}

export interface Delivery {
  /** Local paths or s3:// URLs, in the order written (then the `latest/` copies and manifest). */
  written: string[];
  /** One line per file that could not be stored. */
  failures: string[];
  /** What the report earns under --fail-on, and at least 3 when a file could not be stored. */
  exitCode: ExitCode;
}

/** Test seams. */
export interface DeliverOptions {
  logger?: Logger;
  s3Client?: S3Sender;
}

/**
 * Writes the reports, trying every file even when an earlier one failed: an upload that failed
 * is a failure line and exit code 3, because the run's results did not all reach their destination.
 */
export async function deliverReport(report: Report, options: OutputOptions, seams: DeliverOptions = {}): Promise<Delivery> {
  const sink = await openSink(destinationOf(options), {
    account: report.scan.account,
    at: new Date(report.scan.generatedAt),
    ...(seams.logger ? { logger: seams.logger } : {}),
    ...(seams.s3Client ? { s3Client: seams.s3Client } : {}),
  });
  let result;
  try {
    result = await writeReportFiles(sink, filterReportStatuses(report, options.statuses), options.formats, undefined, { asffFindings: asffFileFindings });
  } finally {
    sink.close();
  }
  const failures = result.failures.map(describeFailure);
  if (result.notPublished && failures.length > 0) failures[failures.length - 1] += ` (${result.notPublished})`;
  return {
    written: result.written,
    failures,
    exitCode: failures.length > 0 ? combineExitCodes(EXIT.INCOMPLETE, exitCodeOf(report, options)) : exitCodeOf(report, options),
  };
}

/** What the report earns under --fail-on (and --fail-on-new). */
export function exitCodeOf(report: Report, options: Pick<OutputOptions, 'failOn' | 'failOnNew'>): ExitCode {
  return exitCodeFor(report, options.failOn, { onlyNew: options.failOnNew === true });
}

export function defaultOutputDir(now = new Date()): string {
  return `reports/${now.toISOString().replace(/[:.]/g, '-')}`;
}

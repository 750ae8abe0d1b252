/** How a delivered report set is shown: the summary table and the files on stdout, failures on stderr. */
import type { Logger } from 'pino';
import type { ExitCode } from '../exit-codes.js';
import type { S3Sender } from '../output/s3-types.js';
import type { Report } from '../report/model.js';
import { renderSummaryTable } from '../report/summary.js';
import { colorEnabled } from './terminal.js';
import { deliverReport, type Delivery, type OutputOptions } from '../scan/deliver.js';

export interface Terminal {
  stdout?: { write(text: string): unknown; isTTY?: boolean };
  stderr?: { write(text: string): unknown };
  /** Where NO_COLOR is read; default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

export function printDelivery(report: Report, delivery: Delivery, terminal: Terminal = {}): void {
  const stdout = terminal.stdout ?? process.stdout;
  const stderr = terminal.stderr ?? process.stderr;
  stdout.write(renderSummaryTable(report, { color: colorEnabled(stdout, terminal.env) }) + '\n');
  for (const path of delivery.written) stdout.write(`wrote ${path}\n`);
  for (const line of delivery.failures) stderr.write(`apiposture: ${line}\n`);
}

/** Where `deliver` prints, and test seams. */
export interface DeliverIo extends Terminal {
  logger?: Logger;
  s3Client?: S3Sender;
}

/** Writes the reports, prints what happened and returns the exit code. */
export async function deliver(report: Report, options: OutputOptions, io: DeliverIo = {}): Promise<ExitCode> {
  const delivery = await deliverReport(report, options, {
    ...(io.logger ? { logger: io.logger } : {}),
    ...(io.s3Client ? { s3Client: io.s3Client } : {}),
  });
  printDelivery(report, delivery, io);
  return delivery.exitCode;
}

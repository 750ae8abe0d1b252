/**
 * `--previous-report`: the previous run's report, read from a file, an `s3://bucket/key` object,
 * or (`latest`) the newest report under the output location: the newest dated folder beside the
 * local output folder, or `<prefix><account>/latest/report.json` in S3 (checked against its
 * manifest). It gives every result a change state (src/changes) and Security Hub dry runs the
 * earlier findings.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Logger } from 'pino';
import { withChanges, type PreviousReport } from '../changes/compare.js';
import { InputError } from '../errors.js';
import { s3Region, type S3Destination } from '../output/destination.js';
import type { S3ObjectLocation, S3Sender } from '../output/s3-types.js';
import { formatRow } from '../report/formats.js';
import { parseReport, readReport, type Report } from '../report/model.js';
import { parseJsonBytes } from '../util/documents.js';
import type { Connection } from './target.js';

export type PreviousReportSpec = { kind: 'file'; path: string } | { kind: 's3'; bucket: string; key: string } | { kind: 'latest' };

/** The same limit as every report read. */
const MAX_REPORT_BYTES = 512 * 1024 * 1024;

/** The local output folders `defaultOutputDir` and the S3 sink name: `2026-11-25T02-36-57…Z`. */
const DATED_FOLDER = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}/;

export interface PreviousReportContext {
  /** The account of the report being compared: where `latest` looks in S3. */
  account: string;
  /** Where this run's reports go (`--output-dir`): `latest` looks there. */
  output: { outputDir: string; s3?: S3Destination };
  /** Local output in per-account folders (`<output-dir>/<account>/`, a many-account scan). */
  accountFolders?: boolean;
  /** How to reach S3 for an `s3://` previous report when the output is local. */
  connection?: Connection;
  logger?: Logger;
  /** Test seam. */
  s3Client?: S3Sender;
}

/** What can be read before the scan (a file, an S3 object) is read then, so a bad one fails before a long scan. */
export async function readPreviousReportEarly(spec: PreviousReportSpec | undefined, context: Omit<PreviousReportContext, 'account'>): Promise<PreviousReport | undefined> {
  if (spec === undefined || spec.kind === 'latest') return undefined;
  return loadPreviousReport(spec, { ...context, account: '' });
}

/**
 * The previous report, or undefined for `latest` when there is none yet (a first run). A file
 * or object that cannot be read or is not a report is an InputError.
 */
export async function loadPreviousReport(spec: PreviousReportSpec, context: PreviousReportContext): Promise<PreviousReport | undefined> {
  if (spec.kind === 'file') return { report: await readReport(spec.path), source: spec.path };
  if (spec.kind === 's3') return readS3Report(spec, context, { missingIsFirstRun: false });
  const s3 = context.output.s3;
  if (s3 === undefined) return newestLocalReport(context.output.outputDir, context.accountFolders === true ? context.account : undefined);
  const key = `${s3.prefix}${context.account}/latest/${formatRow('json').fileName}`;
  return readS3Report({ bucket: s3.bucket, key }, context, { missingIsFirstRun: true });
}

/**
 * The report of the newest dated folder beside the output folder (`reports/<timestamp>/`), the
 * output folder itself left out: the layout runs with the default `--output-dir` make. A
 * many-account scan writes `reports/<timestamp>/<account>/`: the account's folder in each.
 */
async function newestLocalReport(outputDir: string, account?: string): Promise<PreviousReport | undefined> {
  const runDir = account === undefined ? outputDir : dirname(outputDir);
  const parent = dirname(runDir);
  let names: string[];
  try {
    names = await readdir(parent);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError(`--previous-report latest: cannot list ${parent}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const candidates = names.filter((name) => DATED_FOLDER.test(name) && name !== basename(runDir)).sort().reverse();
  for (const name of candidates) {
    const path = join(parent, name, ...(account === undefined ? [] : [account]), formatRow('json').fileName);
    const found = await stat(path).then(
      (s) => s.isFile(),
      () => false,
    );
    if (found) return { report: await readReport(path), source: path };
  }
  return undefined;
}

async function readS3Report(
  location: S3ObjectLocation,
  context: PreviousReportContext,
  options: { missingIsFirstRun: boolean },
): Promise<PreviousReport | undefined> {
  const url = `s3://${location.bucket}/${location.key}`;
  const [{ createS3Client }, { readPublishedObject, s3ReadCalls }] = await Promise.all([import('../output/s3-client.js'), import('../output/s3-read.js')]);
  const s3 = context.output.s3;
  const region = s3?.region ?? s3Region();
  const profile = s3?.profile ?? context.connection?.profile;
  const endpointUrl = s3?.endpointUrl ?? context.connection?.endpointUrl;
  const client =
    context.s3Client ?? createS3Client({ region, ...(profile ? { profile } : {}), ...(endpointUrl ? { endpointUrl } : {}) });
  try {
    const read = await readPublishedObject({ client, calls: s3ReadCalls(context.logger), region }, location, MAX_REPORT_BYTES);
    if (read.ok) return { report: parseReport(parseJsonBytes(read.bytes, 'report', url), url), source: url };
    if (read.tooLarge) throw new InputError(`--previous-report ${url} is over the ${MAX_REPORT_BYTES}-byte limit`);
    if (options.missingIsFirstRun && read.failure.code === 'NoSuchKey') return undefined;
    throw new InputError(`cannot read --previous-report ${url}: ${read.failure.code}: ${read.failure.message}`);
  } finally {
    if (!context.s3Client) client.destroy?.();
  }
}

/** The report compared with the previous one, when there is one; validation errors are InputErrors. */
export function compareWithPrevious(report: Report, previous: PreviousReport | undefined): Report {
  return previous === undefined ? report : withChanges(report, previous);
}

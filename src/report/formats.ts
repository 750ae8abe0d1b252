/**
 * The report formats: one row each, in the order they are written. The format ids, the
 * `--format` choices, its help and default, the file names, the content types S3 serves them
 * as and the write order all derive from this table (src/output/reports.ts writes whatever it
 * lists). Adding a format is a renderer file and one row here.
 */
import { asffChunks, type AsffFindingsBuilder } from './asff.js';
import { csvChunks } from './csv.js';
import { htmlPieces } from './html.js';
import { renderOrganisationHtml, type AccountResultsDigest } from './html-org.js';
import { junitChunks } from './junit.js';
import type { OrganisationReport } from './merge.js';
import type { Report } from './model.js';
import { ocsfChunks } from './ocsf.js';
import { accountReportsOf } from './result-rows.js';
import { organisationJsonChunks, reportJsonChunks } from './write.js';

/** What some renderers need besides the report, given by the caller. */
export interface RenderContext {
  /**
   * The account reports an organisation report was merged from (superseded ones left out): the
   * organisation's csv, ocsf, junit and asff files list their results.
   */
  accounts?: readonly Report[];
  /**
   * Instead of `accounts`, for a merge that holds one report at a time: the organisation's csv,
   * ocsf, junit and asff files put together from each account's part (src/output/merge-spool.ts),
   * and what the HTML page needs of each account's results.
   */
  mergedResults?: MergedResultFiles;
  accountDigests?: readonly AccountResultsDigest[];
  /** Each merged account's report.html, relative to the organisation report's folder, when it is there (src/output/report-links.ts). */
  accountReportLinks?: ReadonlyMap<string, string>;
  /** The Security Hub finding builder (src/securityhub/asff-file.ts): a layer above, so passed in. */
  asffFindings?: AsffFindingsBuilder;
}

/** The formats that list results, one line or element per result. */
export type ResultFormat = 'csv' | 'ocsf' | 'junit' | 'asff';

export const RESULT_FORMATS: readonly ResultFormat[] = ['csv', 'ocsf', 'junit', 'asff'];

/** An organisation's per-result files, each a piece at a time. */
export interface MergedResultFiles {
  chunks(format: ResultFormat, generatedAt: string): Iterable<string>;
}

export interface FormatRow {
  /** What `--format` takes. */
  id: string;
  /** The account report's file; the organisation report's is `organisation-<fileName>`. */
  fileName: string;
  /** The file's media type (S3 serves it as this). */
  contentType: string;
  /** Written when `--format` is not given. */
  byDefault: boolean;
  /** The account report, a piece at a time (a large account's can exceed V8's longest string). */
  account(report: Report, context: RenderContext): Iterable<string>;
  /** The organisation report (`merge`). */
  organisation(report: OrganisationReport, context: RenderContext): Iterable<string>;
}

export type FormatTable = readonly FormatRow[];

export const REPORT_FORMATS = [
  {
    id: 'json',
    fileName: 'report.json',
    contentType: 'application/json',
    byDefault: true,
    account: reportJsonChunks,
    organisation: organisationJsonChunks,
  },
  {
    id: 'html',
    fileName: 'report.html',
    contentType: 'text/html; charset=utf-8',
    byDefault: true,
    account: (report) => htmlPieces(report),
    organisation: (report, context) => [renderOrganisationHtml(report, context)],
  },
  {
    id: 'csv',
    fileName: 'report.csv',
    contentType: 'text/csv; charset=utf-8; header=present',
    byDefault: false,
    account: (report) => csvChunks([report]),
    organisation: (report, context) => context.mergedResults?.chunks('csv', report.generatedAt) ?? csvChunks(accountReportsOf(context.accounts, 'csv')),
  },
  {
    id: 'ocsf',
    fileName: 'report.ocsf.jsonl',
    contentType: 'application/x-ndjson',
    byDefault: false,
    account: (report) => ocsfChunks([report]),
    organisation: (report, context) => context.mergedResults?.chunks('ocsf', report.generatedAt) ?? ocsfChunks(accountReportsOf(context.accounts, 'ocsf')),
  },
  {
    id: 'junit',
    fileName: 'report.junit.xml',
    contentType: 'application/xml; charset=utf-8',
    byDefault: false,
    account: (report) => junitChunks([report], report.scan.generatedAt),
    organisation: (report, context) =>
      context.mergedResults?.chunks('junit', report.generatedAt) ?? junitChunks(accountReportsOf(context.accounts, 'junit'), report.generatedAt),
  },
  {
    id: 'asff',
    fileName: 'report.asff.json',
    contentType: 'application/json',
    byDefault: false,
    account: (report, context) => asffChunks([report], context.asffFindings),
    organisation: (report, context) =>
      context.mergedResults?.chunks('asff', report.generatedAt) ?? asffChunks(accountReportsOf(context.accounts, 'asff'), context.asffFindings),
  },
] as const satisfies FormatTable;

export type ReportFormat = (typeof REPORT_FORMATS)[number]['id'];

/** Which report a file holds: one account's, or the organisation's (`merge`). */
export type ReportKind = 'account' | 'organisation';

export function fileNameOf(row: FormatRow, kind: ReportKind): string {
  return kind === 'account' ? row.fileName : `organisation-${row.fileName}`;
}

export function formatRow(id: ReportFormat): FormatRow {
  return REPORT_FORMATS.find((row) => row.id === id)!;
}

/** The organisation report's file per format. */
export const ORGANISATION_FILES = Object.fromEntries(REPORT_FORMATS.map((row) => [row.id, fileNameOf(row, 'organisation')])) as Record<
  ReportFormat,
  string
>;

/**
 * The rows of the given ids, in table order (the write order). An id the table does not have
 * is a `RangeError`: a format is never dropped without a word.
 */
export function rowsOf(ids: readonly string[], table: FormatTable = REPORT_FORMATS): FormatRow[] {
  const unknown = ids.filter((id) => !table.some((row) => row.id === id));
  if (unknown.length > 0) throw new RangeError(`no report format ${unknown.map((id) => `'${id}'`).join(', ')}`);
  return table.filter((row) => ids.includes(row.id));
}

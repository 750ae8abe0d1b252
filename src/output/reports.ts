/**
 * The report files, written through whichever sink `--output-dir` chose: every asked-for format
 * of src/report/formats.ts, in the table's order, with the table's file name and content type.
 */
import { fileNameOf, REPORT_FORMATS, rowsOf, type FormatRow, type FormatTable, type RenderContext, type ReportFormat, type ReportKind } from '../report/formats.js';
import type { OrganisationReport } from '../report/merge.js';
import type { Report } from '../report/model.js';
import { SinkError, type ReportSink, type SinkFailure, type SinkResult } from './sink.js';

/** The S3 sink's first folder for the organisation report (where the per-account ones have their account id). */
export const ORGANISATION_S3_FOLDER = 'organization';

/** One output file of a format: what `writeFormats` writes for it. */
export interface FormatFile {
  name: string;
  contentType: string;
  chunks(): Iterable<string>;
}

/**
 * Writes the files in order, trying each even when an earlier one failed to upload, then
 * commits the set (S3: publishes it to `latest/` with its manifest if every file was stored).
 * Resolves to what was written (then the `latest/` copies and manifest) and what failed; errors
 * other than a single file's (`SinkError`) propagate.
 */
async function writeFiles(sink: ReportSink, files: readonly FormatFile[]): Promise<SinkResult> {
  const written: string[] = [];
  const failures: SinkFailure[] = [];
  for (const file of files) {
    try {
      written.push(await sink.write(file.name, file.chunks(), file.contentType));
    } catch (error) {
      if (!(error instanceof SinkError)) throw error;
      failures.push(error.failure);
    }
  }
  const committed = await sink.commit();
  return {
    written: [...written, ...committed.written],
    failures: [...failures, ...committed.failures],
    ...(committed.notPublished ? { notPublished: committed.notPublished } : {}),
  };
}

/** Writes the asked-for formats, in the table's order, as `fileFor` makes them. */
export async function writeFormats<Format extends string>(
  sink: ReportSink,
  formats: readonly Format[],
  fileFor: (format: Format) => FormatFile,
  table: FormatTable = REPORT_FORMATS,
): Promise<SinkResult> {
  return writeFiles(sink, rowsOf(formats, table).map((row) => fileFor(row.id as Format)));
}

function fileOf(row: FormatRow, kind: ReportKind, chunks: () => Iterable<string>): FormatFile {
  return { name: fileNameOf(row, kind), contentType: row.contentType, chunks };
}

/**
 * One account's report files (`report.json`, …). `table`: the formats to choose from (tests pass
 * their own); `context`: what some renderers need from the layers above (the ASFF builder).
 */
export async function writeReportFiles(
  sink: ReportSink,
  report: Report,
  formats: readonly ReportFormat[],
  table: FormatTable = REPORT_FORMATS,
  context: RenderContext = {},
): Promise<SinkResult> {
  return writeFiles(sink, rowsOf(formats, table).map((row) => fileOf(row, 'account', () => row.account(report, context))));
}

/**
 * The organisation report files (`organisation-report.json`, …): in a local folder like the
 * account reports, or in S3 under `<prefix>organization/<time>/…`, then `…/latest/…`.
 */
export async function writeOrganisationFiles(
  sink: ReportSink,
  report: OrganisationReport,
  formats: readonly ReportFormat[],
  table: FormatTable = REPORT_FORMATS,
  context: RenderContext = {},
): Promise<SinkResult> {
  return writeFiles(sink, rowsOf(formats, table).map((row) => fileOf(row, 'organisation', () => row.organisation(report, context))));
}

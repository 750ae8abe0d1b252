/** The report files, written through whichever sink `--output-dir` chose. */
import { renderHtml } from '../report/html.js';
import type { Report } from '../report/model.js';
import { reportJsonChunks, type ReportFormat } from '../report/write.js';
import { CONTENT_TYPES, SinkError, type ReportSink, type SinkFailure, type SinkResult } from './sink.js';

export interface ReportFile {
  name: string;
  contentType: string;
  chunks(report: Report): Iterable<string>;
}

/** Per format, in the order they are written: json first, then html. */
export const REPORT_FILES: Record<ReportFormat, ReportFile> = {
  json: { name: 'report.json', contentType: CONTENT_TYPES.json, chunks: reportJsonChunks },
  html: { name: 'report.html', contentType: CONTENT_TYPES.html, chunks: (report) => [renderHtml(report)] },
};

/** One output file of a format: what `writeFormats` writes for it. */
export interface FormatFile {
  name: string;
  contentType: string;
  chunks(): Iterable<string>;
}

/**
 * Writes every asked-for format (json, then html), trying each even when an earlier one failed
 * to upload, then commits the set (S3: publishes it to `latest/` with its manifest if every file
 * was stored). Resolves to what was written (then the `latest/` copies and manifest) and what
 * failed; errors other than a single file's (`SinkError`) propagate.
 */
export async function writeFormats(
  sink: ReportSink,
  formats: readonly ReportFormat[],
  fileFor: (format: ReportFormat) => FormatFile,
): Promise<SinkResult> {
  const written: string[] = [];
  const failures: SinkFailure[] = [];
  for (const format of (['json', 'html'] as const).filter((f) => formats.includes(f))) {
    const file = fileFor(format);
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

export function writeReportFiles(sink: ReportSink, report: Report, formats: readonly ReportFormat[]): Promise<SinkResult> {
  return writeFormats(sink, formats, (format) => {
    const file = REPORT_FILES[format];
    return { name: file.name, contentType: file.contentType, chunks: () => file.chunks(report) };
  });
}

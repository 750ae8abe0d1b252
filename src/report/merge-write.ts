/**
 * Writes the organisation report files through a report sink: to a local folder (each file
 * whole or not at all, owner-only, like the account reports), or to S3 under the
 * `organization` folder (`<prefix>organization/<time>/…`, then `<prefix>organization/latest/…`).
 */
import { LocalFolderSink } from '../output/local.js';
import { CONTENT_TYPES, SinkError, type ReportSink, type SinkFailure, type SinkResult } from '../output/sink.js';
import { renderOrganisationHtml } from './html-org.js';
import type { OrganisationReport } from './merge.js';
import type { ReportFormat } from './write.js';

export const ORGANISATION_FILES: Record<ReportFormat, string> = {
  json: 'organisation-report.json',
  html: 'organisation-report.html',
};

/** The S3 sink's first folder for the organisation report (where the per-account ones have their account id). */
export const ORGANISATION_S3_FOLDER = 'organization';

const RENDER: Record<ReportFormat, (report: OrganisationReport) => string> = {
  json: (report) => JSON.stringify(report, null, 2) + '\n',
  html: (report) => renderOrganisationHtml(report),
};

/**
 * Writes every asked-for format (json, then html), trying each even when an earlier one failed
 * to upload, then commits the set (S3: copies it to `latest/` if every file was stored).
 * Errors other than a single file's (`SinkError`) propagate: a local folder that cannot be
 * written is a one-line `InputError`, as it always was.
 */
export async function writeOrganisationFiles(sink: ReportSink, report: OrganisationReport, formats: readonly ReportFormat[]): Promise<SinkResult> {
  const written: string[] = [];
  const failures: SinkFailure[] = [];
  for (const format of (['json', 'html'] as const).filter((f) => formats.includes(f))) {
    try {
      written.push(await sink.write(ORGANISATION_FILES[format], [RENDER[format](report)], CONTENT_TYPES[format]));
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

/** To a local folder; returns the paths written, json before html. */
export async function writeOrganisationReports(
  report: OrganisationReport,
  options: { outputDir: string; formats: readonly ReportFormat[] },
): Promise<string[]> {
  const sink = new LocalFolderSink(options.outputDir);
  try {
    return (await writeOrganisationFiles(sink, report, options.formats)).written;
  } finally {
    sink.close();
  }
}

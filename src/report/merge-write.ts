/**
 * Writes the organisation report files through a report sink: to a local folder (each file
 * whole or not at all, owner-only, like the account reports), or to S3 under the
 * `organization` folder (`<prefix>organization/<time>/…`, then `<prefix>organization/latest/…`).
 */
import { writeFormats } from '../output/reports.js';
import { CONTENT_TYPES, type ReportSink, type SinkResult } from '../output/sink.js';
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

export function writeOrganisationFiles(sink: ReportSink, report: OrganisationReport, formats: readonly ReportFormat[]): Promise<SinkResult> {
  return writeFormats(sink, formats, (format) => ({
    name: ORGANISATION_FILES[format],
    contentType: CONTENT_TYPES[format],
    chunks: () => [RENDER[format](report)],
  }));
}

/**
 * What the per-result formats (csv, ocsf, junit, asff) share: the results of one or several
 * account reports, each with its check entry, and the `--status` filter.
 */
import { apisOf } from '../engine/types.js';
import { FRAMEWORKS, mappedIds } from '../model/frameworks/index.js';
import { findingId } from '../model/finding-id.js';
import { STATUSES, type Status } from '../model/results.js';
import type { Report, ReportCheck, ReportResult } from './model.js';

/** One result as the per-result formats write it. */
export interface ResultRow {
  /** The stable finding id (`apiposture/<check>/<resource ARN>`). */
  id: string;
  result: ReportResult;
  /** The check's entry in the result's report; undefined only in a hand-edited report. */
  check: ReportCheck | undefined;
  report: Report;
}

/** Every result of the reports, in each report's order (API ARN, check id, resource ARN). */
export function* resultRows(reports: readonly Report[]): Generator<ResultRow> {
  for (const report of reports) {
    const checks = new Map(report.checks.map((check) => [check.id, check]));
    for (const result of report.results) {
      yield { id: result.id ?? findingId(result.checkId, result.resource.arn), result, check: checks.get(result.checkId), report };
    }
  }
}

/** `framework:id` for each requirement the check maps to, in framework order. */
export function mappingLabels(check: ReportCheck | undefined): string[] {
  const mappings = check?.mappings ?? {};
  return FRAMEWORKS.flatMap((framework) => mappedIds(mappings, framework).map((id) => `${framework.id}:${id}`));
}

/** The APIs a result counts towards: its own, or those relying on the shared resource. */
export function apiArnsOf(result: ReportResult): string[] {
  return apisOf(result.resource);
}

/** The account reports behind an organisation report: its renderers of results need them. */
export function accountReportsOf(accounts: readonly Report[] | undefined, format: string): readonly Report[] {
  if (accounts === undefined) throw new Error(`the organisation ${format} file needs the account reports it was merged from`);
  return accounts;
}

/** `--status FAIL,ERROR`: upper-cased, known, without repeats, in the order of STATUSES. */
export function parseStatuses(values: readonly string[]): Status[] | { unknown: string[] } {
  const upper = values.map((value) => value.trim().toUpperCase()).filter((value) => value !== '');
  const unknown = upper.filter((value) => !(STATUSES as readonly string[]).includes(value));
  if (unknown.length > 0 || upper.length === 0) return { unknown };
  return STATUSES.filter((status) => upper.includes(status));
}

/**
 * The report as written under `--status`: `results` and `accountResults` list only results with
 * one of these statuses, and `scan.statusFilter` says so. Everything else (scores, grades,
 * summary counts, compliance roll-up, changes, exit code) still covers every result: a filter on
 * what is written never changes what the scan found. Without statuses the report is unchanged.
 */
export function filterReportStatuses(report: Report, statuses: readonly Status[] | undefined): Report {
  if (statuses === undefined || STATUSES.every((status) => statuses.includes(status))) return report;
  const keep = (result: ReportResult) => statuses.includes(result.status);
  return {
    ...report,
    scan: { ...report.scan, statusFilter: STATUSES.filter((status) => statuses.includes(status)) },
    accountResults: report.accountResults.filter(keep),
    results: report.results.filter(keep),
  };
}

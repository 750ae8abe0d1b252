import type { Report } from './model.js';

/**
 * Whether the account's scan was complete, judged from what the report holds rather than from
 * its `complete` flag: a report that says complete but carries ERROR results or collection
 * errors (edited, or written by a faulty tool) is incomplete.
 */
export function derivedCompleteness(report: Report): { complete: boolean; contradiction?: string } {
  const errors = report.results.filter((r) => r.status === 'ERROR').length;
  const gaps = report.collectionErrors.length;
  const complete = report.scan.complete && errors === 0 && gaps === 0;
  if (report.scan.complete && !complete) {
    return { complete, contradiction: `says its scan is complete but holds ${errors} ERROR result(s) and ${gaps} collection error(s): counted as incomplete` };
  }
  return { complete };
}

import type { Report } from './model.js';
import { plural } from '../util/text.js';

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
    return { complete, contradiction: `says its scan is complete but holds ${plural(errors, 'ERROR result')} and ${plural(gaps, 'collection error')}: counted as incomplete` };
  }
  return { complete };
}

/** The calls that list a region's APIs: when both failed in every region, nothing was scanned. */
const API_LISTS = [
  { service: 'apigateway', operation: 'GetRestApis' },
  { service: 'apigatewayv2', operation: 'GetApis' },
] as const;

/**
 * Whether the scan reached nothing: no region answered either API list (endpoint unreachable,
 * every call denied). The report still explains why; the exit code (4) tells it apart from a
 * partial scan.
 */
export function scannedNothing(report: Report): boolean {
  const regions = report.scan.regions;
  if (regions.length === 0) return false;
  return regions.every((region) =>
    API_LISTS.every(({ service, operation }) =>
      report.collectionErrors.some((e) => e.region === region && e.service === service && e.operation === operation),
    ),
  );
}

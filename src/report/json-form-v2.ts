/**
 * report.json version 2, read only (apiposture wrote it before version 3, src/report/json-form.ts):
 * compact, each resource listed once and named by ARN, derivable fields left out.
 */
import { apisOf } from '../engine/types.js';
import { InputError } from '../errors.js';
import { findingId } from '../model/finding-id.js';
import type { CheckResult, Evidence, ResourceRef, Severity } from '../model/results.js';

/** A version 2 result as the file holds it (`reportFileV2Schema` in model.ts validates it). */
export interface FileResultV2 extends Omit<CheckResult, 'id' | 'severity' | 'resource' | 'evidence'> {
  severity?: Severity;
  resource: string | ResourceRef;
  evidence?: Evidence;
  id?: string;
}

/**
 * The in-memory report of a version 2 file already validated by `reportFileV2Schema` (model.ts):
 * each result with its resource, id and severity, and `accountResults`. `source` names the file in errors.
 */
export function reportOfV2File<File extends { checks: readonly { id: string; severity: Severity }[]; resources: ResourceRef[]; results: FileResultV2[] }>(
  file: File,
  source: string,
): Omit<File, 'resources' | 'results'> & { accountResults: CheckResult[]; results: CheckResult[] } {
  const invalid = (index: number, problem: string) => new InputError(`${source} is not a valid apiposture report: results.${index}.${problem}`);
  const resources = new Map<string, ResourceRef>();
  for (const ref of file.resources) resources.set(ref.arn, ref);
  const severities = new Map(file.checks.map((check) => [check.id, check.severity]));
  const results = file.results.map((entry, index): CheckResult => {
    const resource = typeof entry.resource === 'string' ? resources.get(entry.resource) : entry.resource;
    if (resource === undefined) throw invalid(index, `resource: ${JSON.stringify(entry.resource)} is not in resources`);
    const severity = entry.severity ?? severities.get(entry.checkId);
    if (severity === undefined) throw invalid(index, `severity: absent, and check ${JSON.stringify(entry.checkId)} is not in checks`);
    return {
      id: entry.id ?? findingId(entry.checkId, resource.arn),
      checkId: entry.checkId,
      status: entry.status,
      severity,
      resource,
      messageId: entry.messageId,
      message: entry.message,
      evidence: entry.evidence ?? {},
      ...(entry.error === undefined ? {} : { error: entry.error }),
      ...(entry.muted === undefined ? {} : { muted: entry.muted }),
      ...(entry.change === undefined ? {} : { change: entry.change }),
    };
  });
  const { resources: _listed, results: _compact, ...rest } = file;
  return { ...rest, accountResults: results.filter((result) => apisOf(result.resource).length === 0), results };
}

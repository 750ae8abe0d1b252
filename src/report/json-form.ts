/**
 * report.json as written since report schema version 2: the in-memory `Report` (what every
 * renderer reads) in a compact form, and back.
 *
 * - No indentation (`jq .` pretty-prints it).
 * - Each resource a result is about is listed once (`resources`, first use first); a result
 *   names it by ARN. A result whose resource differs from the listed one (never, from this
 *   tool) keeps its whole reference.
 * - What the reader can derive is left out: a result's `id` when it is the usual
 *   `apiposture/<checkId>/<resource ARN>`, its `severity` when it is its check's, empty evidence,
 *   and `accountResults` (the results whose resource counts towards no API).
 *
 * Evidence lists are bounded when the report is built (`boundEvidenceLists`, so that every format
 * and every reader of the file shows the same): the first items, then the marker
 * `… <n> more not shown` (as the engine marks the lists it shortens); results that pass or do
 * not apply keep fewer.
 */
import { apisOf } from '../engine/types.js';
import { InputError } from '../errors.js';
import { findingId } from '../model/finding-id.js';
import type { CheckResult, Evidence, ResourceRef, Severity, Status } from '../model/results.js';

/** A result as the file holds it (`reportFileSchema` in model.ts validates it). */
export interface FileResult extends Omit<CheckResult, 'id' | 'severity' | 'resource' | 'evidence'> {
  severity?: Severity;
  resource: string | ResourceRef;
  evidence?: Evidence;
  id?: string;
}

/** What the conversion needs of a report, or of the file: each check's severity. */
interface CheckSeverities {
  checks: readonly { id: string; severity: Severity }[];
}

/** Evidence list items a result keeps in the report, by status: a failure's detail matters more than a pass's. */
export const REPORT_EVIDENCE_ITEMS: Readonly<Record<Status, number>> = { FAIL: 10, ERROR: 10, PASS: 3, NOT_APPLICABLE: 3 };

const MORE_NOT_SHOWN = /^… (\d+) more not shown$/;

/** How many items a list stands for: its items, or those kept plus the count its marker gives. */
function itemsOf(list: readonly unknown[]): { kept: readonly unknown[]; total: number } {
  const last = list.at(-1);
  const marked = typeof last === 'string' ? MORE_NOT_SHOWN.exec(last) : null;
  return marked ? { kept: list.slice(0, -1), total: list.length - 1 + Number(marked[1]) } : { kept: list, total: list.length };
}

/**
 * Lists at any depth cut to `max` items and the marker; everything else as it is (the engine
 * bounded texts and depth). What needs no cut is returned as it is, not copied.
 */
export function boundEvidenceLists(value: unknown, max: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const { kept, total } = itemsOf(value);
    if (total > max) return [...kept.slice(0, max).map((item) => boundEvidenceLists(item, max)), `… ${total - max} more not shown`];
    const items = value.map((item) => boundEvidenceLists(item, max));
    return items.every((item, i) => item === value[i]) ? value : items;
  }
  const entries = Object.entries(value);
  const bounded = entries.map(([, member]) => boundEvidenceLists(member, max));
  if (bounded.every((member, i) => member === entries[i]![1])) return value;
  const out: Record<string, unknown> = {};
  // Keys as data: a key named __proto__ stays a key.
  for (const [i, [key]] of entries.entries()) Object.defineProperty(out, key, { value: bounded[i], enumerable: true, writable: true, configurable: true });
  return out;
}

function isEmpty(evidence: Record<string, unknown>): boolean {
  for (const _key in evidence) return false;
  return true;
}

/** Writes a report's results in the file's form, listing each resource once. */
export class FileResultWriter {
  /** The resources in first-use order. */
  readonly resources: ResourceRef[] = [];
  private readonly byArn = new Map<string, ResourceRef>();
  private readonly severities: ReadonlyMap<string, string>;

  constructor(report: CheckSeverities) {
    this.severities = new Map(report.checks.map((check) => [check.id, check.severity]));
  }

  /** The ARN when the resource is (or now becomes) the listed one; the whole reference when it differs. */
  register(ref: ResourceRef): string | ResourceRef {
    const listed = this.byArn.get(ref.arn);
    if (listed === undefined) {
      this.byArn.set(ref.arn, ref);
      this.resources.push(ref);
      return ref.arn;
    }
    return listed === ref || sameRef(listed, ref) ? ref.arn : ref;
  }

  result(result: CheckResult): FileResult {
    const { evidence } = result;
    const severity = this.severities.get(result.checkId) === result.severity ? {} : { severity: result.severity };
    const id = result.id === undefined || result.id === findingId(result.checkId, result.resource.arn) ? {} : { id: result.id };
    return {
      checkId: result.checkId,
      status: result.status,
      ...severity,
      resource: this.register(result.resource),
      messageId: result.messageId,
      message: result.message,
      ...(isEmpty(evidence) ? {} : { evidence }),
      ...(result.error === undefined ? {} : { error: result.error }),
      ...(result.muted === undefined ? {} : { muted: result.muted }),
      ...(result.change === undefined ? {} : { change: result.change }),
      ...id,
    };
  }
}

function sameRef(a: ResourceRef, b: ResourceRef): boolean {
  const [la, lb] = [a.linkedApiArns, b.linkedApiArns];
  const sameLinks = la === undefined || lb === undefined ? la === lb : la.length === lb.length && la.every((arn, i) => arn === lb[i]);
  return a.type === b.type && a.name === b.name && a.account === b.account && a.region === b.region && a.apiArn === b.apiArn && sameLinks;
}

/**
 * The in-memory report of a version 2 file already validated by `reportFileSchema` (model.ts):
 * each result with its resource, id and severity, and `accountResults`. `source` names the file in errors.
 */
export function reportOfFile<File extends CheckSeverities & { resources: ResourceRef[]; results: FileResult[] }>(
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

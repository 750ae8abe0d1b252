/**
 * What changed between two reports of one account: each result of the newer one gets a change
 * state (src/model/results.ts `CHANGE_STATES`), and the failures of the older one that are
 * fixed or gone are listed. Pure: `--previous-report` (scan, evaluate) and `diff` share it.
 *
 * Results are matched by their stable id (check × resource ARN), so renaming an API or a stage's
 * display name keeps the match; a check renamed with `replaces` keeps it too. Several results may
 * share an id (one check, one resource, several messages): the id fails when any of them fails.
 */
import { isRegionName } from '../aws/region-name.js';
import { InputError } from '../errors.js';
import { findingId } from '../model/finding-id.js';
import { severityRank, type ChangeState, type Status } from '../model/results.js';
import type { ChangeCounts, Changes, FixedFinding } from '../report/changes-schema.js';
import type { Report, ReportResult } from '../report/model.js';

/** A report to compare with, and where it was read from (a path or an s3:// URL). */
export interface PreviousReport {
  report: Report;
  source: string;
}

/** How the two reports are named in errors: `--previous-report x.json` is the default. */
export interface ComparisonLabels {
  previous: string;
  current: string;
}

/**
 * The reports must be of one account, and the previous one must not hold newer data
 * (`scan.collectedAt`): either is a one-line InputError.
 */
export function assertComparable(previous: PreviousReport, current: Report, labels = defaultLabels(previous.source)): void {
  const before = previous.report.scan;
  const now = current.scan;
  if (before.account !== now.account) {
    throw new InputError(`${labels.previous} is a report of account ${before.account}, ${labels.current} of account ${now.account}: compare reports of one account`);
  }
  // A report written with --status lists only some results: the others would read as new or gone.
  for (const [label, scan] of [
    [labels.previous, before],
    [labels.current, now],
  ] as const) {
    if (scan.statusFilter) {
      throw new InputError(`${label} lists only ${scan.statusFilter.join(', ')} results (written with --status): compare reports of every result`);
    }
  }
  if (Date.parse(before.collectedAt) > Date.parse(now.collectedAt)) {
    throw new InputError(
      `${labels.previous} was collected at ${before.collectedAt}, after ${labels.current} (${now.collectedAt}): the previous report must be the older one`,
    );
  }
}

function defaultLabels(source: string): ComparisonLabels {
  return { previous: `--previous-report ${source}`, current: 'this run' };
}

/** Read defensively: `muted` comes from the mute file (src/mute), and older reports lack it. */
export function isMuted(result: ReportResult): boolean {
  const muted = (result as { muted?: unknown }).muted;
  return typeof muted === 'object' && muted !== null;
}

/** Whether a result's change may fail a run under `--fail-on-new` (at or above `--fail-on`, decided by the caller). */
export function isNewFailure(result: ReportResult): boolean {
  return result.status === 'FAIL' && (result.change === 'new' || result.change === 'regressed') && !isMuted(result);
}

function idOf(result: ReportResult): string {
  return result.id ?? findingId(result.checkId, result.resource.arn);
}

const STATUS_WEIGHT: Record<Status, number> = { FAIL: 3, ERROR: 2, PASS: 1, NOT_APPLICABLE: 0 };

/** By id: the worst status of its results, whether any is muted, and its first failing result. */
interface IdSummary {
  status: Status;
  muted: boolean;
  failure?: ReportResult;
  result: ReportResult;
}

function summarise(results: readonly ReportResult[], idFor: (result: ReportResult) => string): Map<string, IdSummary> {
  const byId = new Map<string, IdSummary>();
  for (const result of results) {
    const id = idFor(result);
    const seen = byId.get(id);
    const failure = seen?.failure ?? (result.status === 'FAIL' ? result : undefined);
    byId.set(id, {
      status: seen && STATUS_WEIGHT[seen.status] >= STATUS_WEIGHT[result.status] ? seen.status : result.status,
      muted: (seen?.muted ?? false) || isMuted(result),
      ...(failure ? { failure } : {}),
      result: seen?.result ?? result,
    });
  }
  return byId;
}

/** The previous report's ids as this run names them: a check renamed since (`replaces`) keeps its findings. */
function previousIdFor(current: Report): (result: ReportResult) => string {
  const renamed = new Map<string, string>();
  for (const check of current.checks) for (const old of check.replaces ?? []) renamed.set(old, check.id);
  return (result) => {
    const checkId = renamed.get(result.checkId);
    return checkId === undefined ? idOf(result) : findingId(checkId, result.resource.arn);
  };
}

function stateOf(result: ReportResult, now: IdSummary, before: IdSummary | undefined): ChangeState | undefined {
  if (isMuted(result) && !(before?.muted ?? false)) return 'newly-muted';
  if (result.status === 'FAIL') {
    if (before?.status === 'FAIL') return 'still-failing';
    return before?.status === 'PASS' ? 'regressed' : 'new';
  }
  // A result that could not be evaluated is neither fixed nor failing: it gets no state.
  const settled = now.status === 'PASS' || now.status === 'NOT_APPLICABLE';
  return settled && result.status !== 'ERROR' && before?.status === 'FAIL' ? 'fixed' : undefined;
}

/**
 * Whether this run looked where a previous failure was: its check ran, its region was scanned
 * and collected without errors, and (with --api / --resource-tag) its API was selected. A
 * failure this run did not look at is not claimed gone.
 */
function coveredBy(current: Report): (result: ReportResult) => boolean {
  const checks = new Set(current.checks.flatMap((check) => [check.id, ...(check.replaces ?? [])]));
  const regions = new Set(current.scan.regions);
  const regionsWithGaps = new Set(current.collectionErrors.map((error) => error.region));
  const selectedApis = current.scan.selection?.apis ? new Set(current.apis.map((api) => api.api.arn)) : undefined;
  return (result) => {
    if (!checks.has(result.checkId)) return false;
    const region = result.resource.region;
    if (isRegionName(region) && (!regions.has(region) || regionsWithGaps.has(region))) return false;
    if (selectedApis === undefined) return true;
    const apis = [result.resource.apiArn, ...(result.resource.linkedApiArns ?? [])].filter((arn) => arn !== undefined);
    return apis.some((arn) => selectedApis.has(arn));
  };
}

function compareFixed(a: FixedFinding, b: FixedFinding): number {
  return severityRank(a.severity) - severityRank(b.severity) || (a.checkId < b.checkId ? -1 : a.checkId > b.checkId ? 1 : 0) || (a.id < b.id ? -1 : 1);
}

function zeroCounts(): ChangeCounts {
  return { new: 0, regressed: 0, 'still-failing': 0, fixed: 0, gone: 0, 'newly-muted': 0 };
}

/**
 * The current report with a change state on each result that changed (or still fails) and
 * `changes`: the counts, the previous report's times and source, the fixed and gone failures.
 * Checks that the reports are comparable first.
 */
export function withChanges(current: Report, previous: PreviousReport, labels?: ComparisonLabels): Report {
  assertComparable(previous, current, labels);
  const previousId = previousIdFor(current);
  const before = summarise([...previous.report.results], previousId);
  const now = summarise(current.results, idOf);
  const counts = zeroCounts();
  const annotate = (result: ReportResult): ReportResult => {
    const id = idOf(result);
    const { change: _stale, ...rest } = result;
    const change = stateOf(result, now.get(id)!, before.get(id));
    return change === undefined ? { ...rest, id } : { ...rest, id, change };
  };
  const results = current.results.map(annotate);
  for (const result of results) {
    if (result.change !== undefined && result.change !== 'fixed') counts[result.change] += 1;
  }
  const covered = coveredBy(current);
  const fixed: FixedFinding[] = [];
  for (const [id, was] of before) {
    if (was.status !== 'FAIL' || was.failure === undefined) continue;
    const is = now.get(id);
    if (is === undefined) {
      if (!covered(was.failure)) continue;
      fixed.push(fixedEntry(id, was.failure, was.failure, undefined));
    } else if (is.status === 'PASS' || is.status === 'NOT_APPLICABLE') {
      fixed.push(fixedEntry(id, was.failure, is.result, is.status));
    }
  }
  fixed.sort(compareFixed);
  counts.fixed = fixed.length;
  counts.gone = fixed.filter((entry) => entry.gone).length;
  const byIdentity = new Map(current.results.map((result, i) => [result, results[i]!]));
  const changes: Changes = {
    previous: { source: previous.source, collectedAt: previous.report.scan.collectedAt, generatedAt: previous.report.scan.generatedAt },
    counts,
    fixed,
  };
  return {
    ...current,
    results,
    // accountResults are the same results as in `results` when built, separate copies once parsed.
    accountResults: current.accountResults.map((result) => byIdentity.get(result) ?? annotate(result)),
    changes,
  };
}

function fixedEntry(id: string, failure: ReportResult, now: ReportResult, status: Status | undefined): FixedFinding {
  return {
    id,
    checkId: now.checkId,
    severity: failure.severity,
    resource: now.resource,
    message: failure.message,
    ...(status === undefined ? {} : { status }),
    gone: status === undefined,
  };
}

/** The results of a compared report by change state, in report order; `fixed` from `changes`. */
export interface ChangeLists {
  new: ReportResult[];
  regressed: ReportResult[];
  'still-failing': ReportResult[];
  'newly-muted': ReportResult[];
  fixed: FixedFinding[];
}

export function changeLists(report: Report): ChangeLists {
  const lists: ChangeLists = { new: [], regressed: [], 'still-failing': [], 'newly-muted': [], fixed: report.changes?.fixed ?? [] };
  for (const result of report.results) {
    if (result.change !== undefined && result.change !== 'fixed') lists[result.change].push(result);
  }
  const gravestFirst = (a: ReportResult, b: ReportResult) => severityRank(a.severity) - severityRank(b.severity);
  lists.new.sort(gravestFirst);
  lists.regressed.sort(gravestFirst);
  return lists;
}

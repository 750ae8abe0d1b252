/**
 * Which earlier findings this run resolves by archiving, which of its own findings it sends
 * (`decideSends`), and what earlier findings looked like. Pure.
 *
 * The rule: a finding from an earlier run (read back from Security Hub, or rebuilt from a
 * previous report) is archived only when
 *
 *   - it is one of ours (`Id` starts with `apiposture/`) and still ACTIVE,
 *   - this run evaluated the same check in the same account and region (the region was scanned;
 *     for global resources such as IAM, the home region),
 *   - that check did not end in ERROR in that account and region in this run (its data may
 *     simply not have been collected); for user pools and KMS keys, found only through links
 *     that may cross regions, an ERROR where links could not be read counts in every region, and
 *   - this run did not produce it: the resource is gone, or the check no longer applies to it
 *     (NOT_APPLICABLE results are not findings).
 *
 * Findings of regions or checks this run did not cover are left alone. A finding that now
 * passes is not archived: it is re-imported with `Compliance.Status` PASSED.
 */
import type { AwsSecurityFinding, RecordState } from '@aws-sdk/client-securityhub';
import { isRegionName } from '../aws/region-name.js';
import type { ResourceType } from '../engine/types.js';
import type { Report, ReportCheck } from '../report/model.js';
import {
  buildFindings,
  checkIdOfFindingId,
  destinationOf,
  FINDING_ID_PREFIX,
  findingKey,
  homeRegionOf,
  laterTimestamp,
  MUTE_FIELDS,
  type Destination,
  type PlannedFinding,
} from './asff.js';
import { compact } from './resources.js';

/** A finding an earlier run left in Security Hub. */
export interface PreviousFinding extends Destination {
  id: string;
  checkId: string;
  recordState: RecordState;
  createdAt: string;
  firstObservedAt?: string;
  updatedAt?: string;
  /** When the data of the import that last wrote it was collected (that report's `collectedAt`). */
  lastObservedAt?: string;
  /** The finding as stored (or as the previous report makes it): re-sent when archived. */
  finding: AwsSecurityFinding;
  source: 'security-hub' | 'previous-report';
}

/** What this run covered: the checks it evaluated, where, and where they ended in ERROR. */
export interface RunScope {
  account: string;
  scannedRegions: ReadonlySet<string>;
  homeRegion: string | undefined;
  /** Evaluated check ids. */
  checks: ReadonlySet<string>;
  /** Checks whose results about global resources go to the home region. */
  globalChecks: ReadonlySet<string>;
  /** `findingKey(account, region, checkId)` of every check × place with an ERROR result (or unread links to it). */
  errored: ReadonlySet<string>;
}

const GLOBAL_RESOURCE_TYPES: readonly ResourceType[] = ['iam-policy', 'dns-record'];

/** A check's resource types; reports from before `resourceTypes` name only the main one. */
function declaredTypes(check: ReportCheck): readonly ResourceType[] {
  return check.resourceTypes ?? [check.resourceType];
}

/**
 * Resources found only through links from other data (authorizers name user pools; log groups
 * and trails name KMS keys), possibly in another region than what links them: a JWT issuer
 * names any region, a trail seen in one region may be encrypted with a key of its home region.
 */
const LINKED_RESOURCE_TYPES: readonly ResourceType[] = ['user-pool', 'kms-key', 'lambda-function'];

export function runScope(report: Report, homeRegionOverride?: string): RunScope {
  const homeRegion = homeRegionOf(report, homeRegionOverride);
  const checksOf = (types: readonly ResourceType[]) =>
    new Set(report.checks.filter((c) => declaredTypes(c).some((t) => types.includes(t))).map((c) => c.id));
  const globalChecks = checksOf(GLOBAL_RESOURCE_TYPES);
  const linkedChecks = checksOf(LINKED_RESOURCE_TYPES);
  const everywhere = [...new Set([...report.scan.regions, ...(homeRegion === undefined ? [] : [homeRegion])])];
  const errored = new Set<string>();
  for (const result of report.results) {
    if (!isRegionName(result.resource.region)) globalChecks.add(result.checkId);
    if (result.status !== 'ERROR') continue;
    const place = destinationOf(result, report, homeRegion);
    errored.add(findingKey(place.account, place.region, result.checkId));
    // An ERROR about something else than a linked resource (the region or API whose links could
    // not be read): the check's unseen resources may be in any region.
    if (linkedChecks.has(result.checkId) && !LINKED_RESOURCE_TYPES.includes(result.resource.type)) {
      for (const region of everywhere) errored.add(findingKey(place.account, region, result.checkId));
    }
  }
  // A check that replaces earlier ids covers their findings as it covers its own: where it ran,
  // an earlier id's finding is resolved; where it ended in ERROR, nothing of theirs is archived.
  const checks = new Set(report.checks.map((c) => c.id));
  for (const check of report.checks) {
    for (const old of check.replaces ?? []) {
      checks.add(old);
      if (globalChecks.has(check.id)) globalChecks.add(old);
      for (const key of [...errored]) {
        const suffix = `|${check.id}`;
        if (key.endsWith(suffix)) errored.add(`${key.slice(0, -suffix.length)}|${old}`);
      }
    }
  }
  return {
    account: report.scan.account,
    scannedRegions: new Set(report.scan.regions),
    homeRegion,
    checks,
    globalChecks,
    errored,
  };
}

/** Did this run evaluate the check in this account and region? */
export function covers(scope: RunScope, checkId: string, account: string, region: string): boolean {
  if (account !== scope.account || !scope.checks.has(checkId)) return false;
  if (scope.scannedRegions.has(region)) return true;
  return region === scope.homeRegion && scope.globalChecks.has(checkId);
}

export type ArchiveReason =
  | 'not-produced'
  | 'produced'
  | 'already-archived'
  | 'not-apiposture'
  | 'not-covered'
  | 'check-errored';

export interface ArchiveDecision {
  previous: PreviousFinding;
  archive: boolean;
  reason: ArchiveReason;
}

/**
 * Decides, for each earlier finding, whether this run archives it. `produced` holds the
 * `findingKey`s of the findings this run imports (its PASS, FAIL and ERROR results).
 */
export function decideArchives(previous: readonly PreviousFinding[], scope: RunScope, produced: ReadonlySet<string>): ArchiveDecision[] {
  return previous.map((p): ArchiveDecision => {
    const keep = (reason: ArchiveReason): ArchiveDecision => ({ previous: p, archive: false, reason });
    if (!p.id.startsWith(FINDING_ID_PREFIX)) return keep('not-apiposture');
    if (produced.has(findingKey(p.account, p.region, p.id))) return keep('produced');
    if (p.recordState === 'ARCHIVED') return keep('already-archived');
    if (!covers(scope, p.checkId, p.account, p.region)) return keep('not-covered');
    if (scope.errored.has(findingKey(p.account, p.region, p.checkId))) return keep('check-errored');
    return { previous: p, archive: true, reason: 'not-produced' };
  });
}

export function findingsToArchive(previous: readonly PreviousFinding[], scope: RunScope, produced: ReadonlySet<string>): PreviousFinding[] {
  return decideArchives(previous, scope, produced)
    .filter((d) => d.archive)
    .map((d) => d.previous);
}

/** Which findings an import sends: every result, or failures (and what resolves them) only. */
export const FINDING_SELECTIONS = ['all', 'failed'] as const;
export type FindingSelection = (typeof FINDING_SELECTIONS)[number];

export type SendReason =
  | 'send'
  /** An ERROR over an active FAILED finding: that finding stays as it was. */
  | 'earlier-failure-kept'
  /** A PASS with nothing to resolve, or an ERROR, under `failed`. */
  | 'not-selected'
  /** An ERROR where the earlier findings could not be read: it could hide a failure. */
  | 'earlier-unknown'
  /** Security Hub holds this finding from data collected later than this report's: older data never overwrites it. */
  | 'newer-held'
  /** A muted ERROR over an active FAILED finding: that finding is re-sent as it was, ARCHIVED. */
  | 'muted-earlier-failure'
  /** An unmuted ERROR over a FAILED finding a mute rule archived: that finding is re-sent as it was, ACTIVE. */
  | 'unmuted-earlier-failure';

export interface SendDecision {
  planned: PlannedFinding;
  send: boolean;
  reason: SendReason;
}

export interface SendContext {
  selection: FindingSelection;
  /** The earlier finding with this id in this account and region, if any. */
  earlier: (place: Destination, id: string) => PreviousFinding | undefined;
  /** False where the earlier findings could not be read (and no previous report stands in). */
  knows: (place: Destination) => boolean;
  /** When this report's data was collected (`scan.collectedAt`). */
  collectedAt?: string;
}

/**
 * Decides, for each of this run's findings, whether it is sent. Results are never lost, only
 * not sent; whatever is held still counts as produced, so it is never archived either.
 *
 * - Any status: not sent over a finding Security Hub holds from later data (`newer-held`).
 * - FAIL: always sent.
 * - ERROR: never over an ACTIVE finding whose `Compliance.Status` is FAILED: NOT_AVAILABLE (and
 *   INFORMATIONAL) would replace a failure only because the check could not run, e.g. on a
 *   transient AccessDenied. Nor where the earlier findings are unknown. Under `failed`, not sent.
 * - PASS: under `all`, sent. Under `failed`, sent only to resolve an ACTIVE earlier finding that
 *   is not PASSED (it is re-imported as PASSED, as in `all`), or where the earlier findings are
 *   unknown; a fixed finding never stays active as a failure.
 * - Muted (sent ARCHIVED): as above, except that under `failed` it is sent only to archive an
 *   ACTIVE earlier finding (or where the earlier findings are unknown), and a muted ERROR over an
 *   ACTIVE failure archives that failure as it was, still FAILED.
 * - Un-muted: a finding a mute rule archived comes back ACTIVE: a FAIL is sent as always, a PASS
 *   is sent under `failed` too, and an ERROR re-sends the archived failure as it was, ACTIVE.
 */
export function decideSends(planned: readonly PlannedFinding[], context: SendContext): SendDecision[] {
  const collected = context.collectedAt === undefined ? undefined : Date.parse(context.collectedAt);
  return planned.map((p): SendDecision => {
    const decide = (reason: SendReason): SendDecision => ({ planned: p, send: reason === 'send', reason });
    const known = context.knows(p);
    const earlier = known ? context.earlier(p, p.finding.Id!) : undefined;
    // A finding written from later data (a newer scan imported first, an older report forced
    // in, a clock behind) is never overwritten by older data: an old PASS must not resolve a
    // newer FAIL, nor an old FAIL reopen a newer PASS.
    const earlierObserved = earlier?.lastObservedAt === undefined ? undefined : Date.parse(earlier.lastObservedAt);
    if (collected !== undefined && earlierObserved !== undefined && earlierObserved > collected) return decide('newer-held');
    const active = earlier?.recordState === 'ACTIVE' ? earlier : undefined;
    const archivedByMute = earlier?.recordState === 'ARCHIVED' && muteRuleOf(earlier.finding) !== undefined ? earlier : undefined;
    const onlyToArchive = p.muted === true && context.selection === 'failed' && known;
    if (p.status === 'FAIL') return decide(onlyToArchive && !active ? 'not-selected' : 'send');
    const earlierStatus = active?.finding.Compliance?.Status;
    if (p.status === 'ERROR') {
      if (earlierStatus === 'FAILED') return p.muted ? resend(p, active!, 'ARCHIVED', 'muted-earlier-failure') : decide('earlier-failure-kept');
      if (archivedByMute?.finding.Compliance?.Status === 'FAILED') {
        return p.muted ? decide('earlier-failure-kept') : resend(p, archivedByMute, 'ACTIVE', 'unmuted-earlier-failure');
      }
      if (!known) return decide('earlier-unknown');
      if (context.selection === 'all') return decide('send');
      return decide(onlyToArchive && active ? 'send' : 'not-selected');
    }
    if (context.selection === 'all' || !known) return decide('send');
    if (p.muted) return decide(active ? 'send' : 'not-selected');
    return decide((active && earlierStatus !== 'PASSED') || archivedByMute ? 'send' : 'not-selected');
  });
}

/** The mute rule a stored finding names (`apiposture/MutedBy`), if any. */
export function muteRuleOf(finding: AwsSecurityFinding): string | undefined {
  return finding.ProductFields?.[MUTE_FIELDS.rule];
}

const MUTE_FIELD_KEYS: readonly string[] = Object.values(MUTE_FIELDS);

/**
 * The earlier finding re-sent as it was (its FAILED compliance kept), ARCHIVED under this
 * run's mute rule or ACTIVE without one, dated as this run's finding.
 */
function resend(p: PlannedFinding, earlier: PreviousFinding, state: RecordState, reason: SendReason): SendDecision {
  const base = toReimport(earlier.finding);
  const kept = Object.entries(base.ProductFields ?? {}).filter(([key]) => !MUTE_FIELD_KEYS.includes(key));
  const mute = state === 'ARCHIVED' ? Object.entries(p.finding.ProductFields ?? {}).filter(([key]) => MUTE_FIELD_KEYS.includes(key)) : [];
  const finding: AwsSecurityFinding = {
    ...base,
    ProductFields: Object.fromEntries([...kept, ...mute]),
    RecordState: state,
    UpdatedAt: p.finding.UpdatedAt,
  };
  return { planned: { ...p, finding }, send: true, reason };
}

/**
 * A stored finding made fit to send back: only the attributes a provider writes. Security
 * Hub's own additions (`Region`, `Workflow`, `WorkflowState`, `Note`, `UserDefinedFields`,
 * `VerificationState`, `ProcessedAt`, top-level `Severity` / `Types`, `aws/…` product fields)
 * are dropped: `Workflow` and the customer's fields are never written by a provider.
 */
export function toReimport(finding: AwsSecurityFinding): AwsSecurityFinding {
  const providerFields = finding.FindingProviderFields ?? {
    ...(finding.Severity?.Label ? { Severity: { Label: finding.Severity.Label } } : {}),
    ...(finding.Types ? { Types: finding.Types } : {}),
  };
  const productFields = Object.fromEntries(Object.entries(finding.ProductFields ?? {}).filter(([key]) => !key.startsWith('aws/')));
  return compact({
    SchemaVersion: finding.SchemaVersion,
    Id: finding.Id,
    ProductArn: finding.ProductArn,
    ProductName: finding.ProductName,
    CompanyName: finding.CompanyName,
    GeneratorId: finding.GeneratorId,
    AwsAccountId: finding.AwsAccountId,
    CreatedAt: finding.CreatedAt,
    UpdatedAt: finding.UpdatedAt,
    FirstObservedAt: finding.FirstObservedAt,
    LastObservedAt: finding.LastObservedAt,
    Title: finding.Title,
    Description: finding.Description,
    Remediation: finding.Remediation,
    SourceUrl: finding.SourceUrl,
    ProductFields: productFields,
    Resources: finding.Resources,
    Compliance: finding.Compliance,
    FindingProviderFields: providerFields,
    RecordState: finding.RecordState,
  }) as AwsSecurityFinding;
}

/** The earlier finding re-sent as ARCHIVED, with an `UpdatedAt` later than the stored one. */
export function archivedFinding(previous: PreviousFinding, now: Date): AwsSecurityFinding {
  return {
    ...toReimport(previous.finding),
    RecordState: 'ARCHIVED',
    UpdatedAt: laterTimestamp(now, previous.updatedAt),
  };
}

/** Where a read-back was made: the account and region, and the product ARN it filtered on. */
export interface ReadBackPlace extends Destination {
  productArn: string;
}

/**
 * The check an apiposture finding `Id` (`apiposture/<check>/<resource ARN>`) names, when its
 * `GeneratorId` (always the check id) agrees; undefined for anything else.
 */
function checkOfOurFinding(finding: AwsSecurityFinding): string | undefined {
  const id = finding.Id ?? '';
  const checkId = checkIdOfFindingId(id);
  if (checkId === undefined || id.length <= FINDING_ID_PREFIX.length + checkId.length + 1) return undefined;
  return finding.GeneratorId === checkId ? checkId : undefined;
}

/**
 * Findings read back from Security Hub in one account and region, as earlier findings. Only
 * what this place's own import wrote is taken — anything else must never be archived or dated
 * from: our product ARN (it names the region, so a finding another region aggregated here is
 * left out even without a `Region` field), the account, and an `Id` of the form
 * `apiposture/<check>/<resource>` whose `GeneratorId` is that check. A finding returned twice
 * (on two pages) counts once, as its latest stored version: an `UpdatedAt` computed from an
 * older copy could be ignored by Security Hub.
 */
export function previousFromSecurityHub(findings: readonly AwsSecurityFinding[], place: ReadBackPlace): PreviousFinding[] {
  const byId = new Map<string, PreviousFinding>();
  for (const finding of findings) {
    const id = finding.Id;
    if (!id) continue;
    if (finding.ProductArn !== place.productArn) continue;
    // With cross-region aggregation, a region may also return other regions' findings.
    if (finding.Region !== undefined && finding.Region !== place.region) continue;
    if (finding.AwsAccountId !== place.account) continue;
    const checkId = checkOfOurFinding(finding);
    if (!checkId || !finding.CreatedAt) continue;
    const earlier = byId.get(id);
    if (earlier && !isLater(finding.UpdatedAt, earlier.updatedAt)) continue;
    byId.set(id, {
      account: place.account,
      region: place.region,
      id,
      checkId,
      recordState: finding.RecordState ?? 'ACTIVE',
      createdAt: finding.CreatedAt,
      ...(finding.FirstObservedAt ? { firstObservedAt: finding.FirstObservedAt } : {}),
      ...(finding.UpdatedAt ? { updatedAt: finding.UpdatedAt } : {}),
      ...(finding.LastObservedAt ? { lastObservedAt: finding.LastObservedAt } : {}),
      finding,
      source: 'security-hub',
    });
  }
  return [...byId.values()];
}

function isLater(candidate: string | undefined, current: string | undefined): boolean {
  const a = candidate === undefined ? Number.NaN : Date.parse(candidate);
  const b = current === undefined ? Number.NaN : Date.parse(current);
  if (Number.isNaN(a)) return false;
  return Number.isNaN(b) || a > b;
}

/**
 * The findings an earlier report made, as Security Hub would hold them after that run's import:
 * created when that report was generated, first observed when it was collected. Used offline
 * (dry run) or where the read-back failed.
 */
export function previousFromReport(report: Report, options: { homeRegion?: string; productArn?: string } = {}): PreviousFinding[] {
  const generatedAt = new Date(report.scan.generatedAt);
  return buildFindings(report, { now: generatedAt, ...options }).map((planned) => ({
    account: planned.account,
    region: planned.region,
    id: planned.finding.Id!,
    checkId: planned.checkId,
    // A muted result's finding was imported ARCHIVED.
    recordState: planned.finding.RecordState ?? 'ACTIVE',
    createdAt: planned.finding.CreatedAt!,
    ...(planned.finding.FirstObservedAt ? { firstObservedAt: planned.finding.FirstObservedAt } : {}),
    updatedAt: planned.finding.UpdatedAt!,
    ...(planned.finding.LastObservedAt ? { lastObservedAt: planned.finding.LastObservedAt } : {}),
    finding: planned.finding,
    source: 'previous-report' as const,
  }));
}

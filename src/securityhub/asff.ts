/**
 * Report results as AWS Security Finding Format (ASFF) findings for `BatchImportFindings`
 * (Security Hub CSPM User Guide, "AWS Security Finding Format (ASFF)"). Pure: the clock, the inventory and what Security Hub already holds are
 * passed in.
 *
 * - One finding per check × resource, with an `Id` that is the same run after run.
 * - `PASS` → `Compliance.Status` PASSED, `FAIL` → FAILED, `ERROR` → NOT_AVAILABLE with the
 *   reason; `NOT_APPLICABLE` results are not findings (an earlier one is archived, see
 *   reconcile.ts).
 * - Severity and types go in `FindingProviderFields` only; `Workflow` (the customer's) is never
 *   written.
 * - A muted result (a mute rule accepted it) is sent with `RecordState` ARCHIVED and the rule in
 *   its product fields, so it is never shown as active. A finding provider may set `RecordState`
 *   on every import, but not `Workflow` once the finding exists ("BatchImportFindings for finding
 *   providers", Security Hub CSPM User Guide: after creation, BatchImportFindings cannot update
 *   Note, UserDefinedFields, VerificationState or Workflow), so a SUPPRESSED workflow could never
 *   be lifted when the rule goes. An ARCHIVED → ACTIVE change resets the workflow to NEW
 *   (API reference, Workflow).
 * - `CreatedAt` / `FirstObservedAt` are kept from the first time a finding was seen; `UpdatedAt`
 *   is later than any earlier value, or Security Hub ignores the update.
 */
import type {
  AwsSecurityFinding,
  Compliance,
  ComplianceStatus,
  SeverityLabel,
  StatusReason,
} from '@aws-sdk/client-securityhub';
import { isRegionName } from '../aws/region-name.js';
import { InputError } from '../errors.js';
import { severityRank, type Severity, type Status } from '../engine/types.js';
import type { Inventory } from '../inventory/schema.js';
import { FRAMEWORKS, mappedIds } from '../model/frameworks/index.js';
import { FINDING_ID_PREFIX, findingId, MAX_FINDING_ID_LENGTH } from '../model/finding-id.js';
import type { Report, ReportCheck, ReportResult } from '../report/model.js';
import { compact, findingResource, inventoryFacts, type ResourceFacts } from './resources.js';

export const ASFF_SCHEMA_VERSION = '2018-10-08';
// The id is the report's result id (src/model/finding-id.ts): one definition for both.
export { FINDING_ID_PREFIX, findingId };
export const PRODUCT_NAME = 'apiposture';

/** Security Hub's field limits ("Guidelines for using the BatchImportFindings API", "Required top-level attributes in ASFF"). */
export const ASFF_LIMITS = {
  id: MAX_FINDING_ID_LENGTH,
  generatorId: 512,
  title: 256,
  description: 1024,
  recommendationText: 512,
  productFieldPairs: 50,
  productFieldKey: 128,
  productFieldValue: 2048,
  relatedRequirements: 32,
  statusReasonDescription: 2048,
  /** 240 KB per finding, read as the smaller of 240 000 and 240 × 1024 bytes. */
  findingBytes: 240_000,
} as const;

const EVIDENCE_FIELD_PREFIX = 'apiposture/Evidence/';
const BEST_PRACTICES_TYPE = 'Software and Configuration Checks/AWS Security Best Practices';
/** The frameworks in the order `RelatedRequirements` lists them. */
const ASFF_FRAMEWORKS = [...FRAMEWORKS].sort((a, b) => a.asff.order - b.asff.order);

/** Where a finding is imported: Security Hub findings live in one account and region. */
export interface Destination {
  account: string;
  region: string;
}

export type SentStatus = Exclude<Status, 'NOT_APPLICABLE'>;

export interface PlannedFinding extends Destination {
  finding: AwsSecurityFinding;
  checkId: string;
  status: SentStatus;
  /** A mute rule accepted the result: the finding is sent ARCHIVED. */
  muted?: true;
}

/** What Security Hub (or a previous report) already holds for one finding. */
export interface PriorFinding {
  createdAt: string;
  firstObservedAt?: string;
  /** The stored `UpdatedAt`; the new one must be later. */
  updatedAt?: string;
}

export type PriorLookup = (account: string, region: string, id: string) => PriorFinding | undefined;

export interface AsffOptions {
  /** This import's time: `UpdatedAt`, and `CreatedAt` of new findings. */
  now: Date;
  /** Where results about global resources (IAM) go; default: the report's first region. */
  homeRegion?: string;
  /** Overrides the default product ARN; its region field is set to each finding's region. */
  productArn?: string;
  /** The snapshot the report was made from: full resource details instead of ids and names. */
  inventory?: Inventory;
  prior?: PriorLookup;
}

/** The key a finding is known by in Security Hub: the same `Id` in two regions is two findings. */
export function findingKey(account: string, region: string, id: string): string {
  return `${account}|${region}|${id}`;
}

/** The region global resources report to: the override, else the report's first scanned region. */
export function homeRegionOf(report: Pick<Report, 'scan'>, override?: string): string | undefined {
  return override ?? report.scan.regions[0];
}

/** The account and region a result's finding goes to. */
export function destinationOf(result: Pick<ReportResult, 'resource'>, report: Pick<Report, 'scan'>, homeRegion: string | undefined): Destination {
  const region = isRegionName(result.resource.region) ? result.resource.region : homeRegion;
  if (region === undefined) {
    throw new InputError(`no region for the global resource ${result.resource.arn}: pass --security-hub-region`);
  }
  // The scanned account imports: BatchImportFindings only takes findings whose AwsAccountId is
  // the caller's (a key another account owns is still reported where it is used).
  return { account: report.scan.account, region };
}

/** `arn:<partition>:securityhub:<region>:<account>:product/<account>/default`, or the override in that region. */
export function productArnFor(partition: string, region: string, account: string, override?: string): string {
  if (override) {
    const parts = override.split(':');
    if (parts.length >= 6 && parts[3] !== '') parts[3] = region;
    return parts.join(':');
  }
  return `arn:${partition}:securityhub:${region}:${account}:product/${account}/default`;
}

/** The check id a finding `Id` names, or undefined when it is not one of ours. */
export function checkIdOfFindingId(id: string): string | undefined {
  if (!id.startsWith(FINDING_ID_PREFIX)) return undefined;
  const rest = id.slice(FINDING_ID_PREFIX.length);
  const slash = rest.indexOf('/');
  return slash > 0 ? rest.slice(0, slash) : undefined;
}

/** `now`, or 1 ms after the stored `UpdatedAt` when the clock is not ahead of it. */
export function laterTimestamp(now: Date, previous?: string): string {
  const before = previous === undefined ? Number.NaN : Date.parse(previous);
  const at = Number.isNaN(before) || now.getTime() > before ? now.getTime() : before + 1;
  return new Date(at).toISOString();
}

/** Cuts text to `max` characters on a word boundary, ending with '…'. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, max);
  let cut = text.slice(0, max - 1);
  const space = cut.search(/\s\S*$/);
  if (space > (max - 1) * 0.6) cut = cut.slice(0, space);
  // Never leave half of a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

function shortValue(value: unknown, max = 160): string {
  if (typeof value === 'string') return truncateText(value, max);
  if (Array.isArray(value)) {
    const shown = value.slice(0, 5).map((item) => shortValue(item, 80));
    return truncateText(`${shown.join(', ')}${value.length > 5 ? ` (+${value.length - 5} more)` : ''}`, max);
  }
  if (value !== null && typeof value === 'object') return truncateText(JSON.stringify(value), max);
  return String(value);
}

/** `key: value; key: value …`, each value shortened, for the finding description. */
export function summariseEvidence(evidence: Record<string, unknown>, max = 600): string {
  const parts = Object.entries(evidence)
    .filter(([, value]) => value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0))
    .map(([key, value]) => `${key}: ${shortValue(value)}`);
  return truncateText(parts.join('; '), max);
}

const SEVERITY_LABELS: Record<Severity, SeverityLabel> = {
  critical: 'CRITICAL',
  high: 'HIGH',
  medium: 'MEDIUM',
  low: 'LOW',
  info: 'INFORMATIONAL',
};

const COMPLIANCE: Record<SentStatus, ComplianceStatus> = { PASS: 'PASSED', FAIL: 'FAILED', ERROR: 'NOT_AVAILABLE' };

/**
 * A failure carries its severity; a pass or an unevaluated check is INFORMATIONAL (as Security
 * Hub's own control findings are), with the check's severity kept as `Original`.
 */
export function severityLabel(status: SentStatus, severity: Severity): SeverityLabel {
  return status === 'FAIL' ? SEVERITY_LABELS[severity] : 'INFORMATIONAL';
}

function relatedRequirements(check: ReportCheck | undefined): string[] {
  const mappings = check?.mappings ?? {};
  const requirements = ASFF_FRAMEWORKS.flatMap((framework) =>
    mappedIds(mappings, framework).map((id) => `${framework.asff.requirementPrefix}/${id}`),
  );
  return requirements.slice(0, ASFF_LIMITS.relatedRequirements);
}

/** The finding types: best practices, and each framework the check maps to that has one. */
function findingTypes(check: ReportCheck | undefined): string[] {
  const mappings = check?.mappings ?? {};
  const frameworkTypes = ASFF_FRAMEWORKS.flatMap((framework) => {
    const type = framework.asff.findingType;
    return type !== undefined && mappedIds(mappings, framework).length > 0 ? [type] : [];
  });
  return [BEST_PRACTICES_TYPE, ...frameworkTypes];
}

function statusReasons(result: ReportResult): StatusReason[] | undefined {
  if (result.status !== 'ERROR') return undefined;
  const error = result.error;
  const code = error?.kind === 'collection-gap' ? 'COLLECTION_GAP' : error?.kind === 'invalid-data' ? 'INVALID_DATA' : 'CHECK_ERROR';
  const detail =
    error?.kind === 'collection-gap' ? `${error.operation} failed with ${error.code}: ${error.message}` : (error?.message ?? result.message);
  return [{ ReasonCode: code, Description: truncateText(detail, ASFF_LIMITS.statusReasonDescription) }];
}

/**
 * No `SecurityControlId`: it identifies Security Hub CSPM's own controls ("a unique identifier of
 * a control across standards", API reference, Compliance), and a custom finding carrying one
 * mixes into that control's views and the automation rules written for it. The mappings go in
 * `RelatedRequirements` (at most 32 items).
 */
function compliance(result: ReportResult & { status: SentStatus }, check: ReportCheck | undefined): Compliance {
  return compact({
    Status: COMPLIANCE[result.status],
    RelatedRequirements: relatedRequirements(check),
    StatusReasons: statusReasons(result),
  });
}

function fieldKey(key: string): string {
  return key.replace(/[^A-Za-z0-9_./-]/g, '_');
}

function productFields(result: ReportResult, reportVersion: string, mergedCount: number): Record<string, string> {
  const fields: [string, string | undefined][] = [
    ['apiposture/CheckId', result.checkId],
    ['apiposture/Status', result.status],
    ['apiposture/Severity', result.severity],
    ['apiposture/MessageId', result.messageId],
    ['apiposture/ResourceType', result.resource.type],
    ['apiposture/ResourceName', result.resource.name],
    ['apiposture/ResourceArn', result.resource.arn],
    ['apiposture/ApiArn', result.resource.apiArn],
    ['apiposture/LinkedApiArns', result.resource.linkedApiArns?.join(',')],
    ['apiposture/Version', reportVersion],
    ['apiposture/ErrorKind', result.error?.kind],
    ['apiposture/ResultCount', mergedCount > 1 ? String(mergedCount) : undefined],
    ...muteFields(result.muted),
    ...Object.entries(result.evidence).map(([key, value]): [string, string | undefined] => [
      fieldKey(`${EVIDENCE_FIELD_PREFIX}${key}`),
      value === undefined || value === null ? undefined : typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  ];
  const out: Record<string, string> = {};
  let count = 0;
  for (const [key, value] of fields) {
    if (value === undefined || value === '' || key.length > ASFF_LIMITS.productFieldKey) continue;
    if (count >= ASFF_LIMITS.productFieldPairs) break;
    out[key] = truncateText(value, ASFF_LIMITS.productFieldValue);
    count += 1;
  }
  return out;
}

/** The product fields that name the mute rule behind an ARCHIVED finding. */
export const MUTE_FIELDS = {
  rule: 'apiposture/MutedBy',
  reason: 'apiposture/MuteReason',
  owner: 'apiposture/MuteOwner',
  expires: 'apiposture/MuteExpires',
} as const;

function muteFields(muted: ReportResult['muted']): [string, string | undefined][] {
  if (muted === undefined) return [];
  return [
    [MUTE_FIELDS.rule, muted.rule],
    [MUTE_FIELDS.reason, muted.reason],
    [MUTE_FIELDS.owner, muted.owner],
    [MUTE_FIELDS.expires, muted.expires],
  ];
}

function description(result: ReportResult, mergedCount: number): string {
  const lines = [result.message, `Resource: ${result.resource.name} (${result.resource.type}, ${result.resource.arn})`];
  if (mergedCount > 1) lines.push(`This check reported ${mergedCount} results for this resource; the worst is shown.`);
  const evidence = summariseEvidence(result.evidence);
  if (evidence) lines.push(`Evidence: ${evidence}`);
  return truncateText(lines.join('\n\n'), ASFF_LIMITS.description);
}

function recommendationText(check: ReportCheck | undefined): string {
  if (!check) return 'See the apiposture check catalogue.';
  const text = check.remediation.cli ? `${check.remediation.text} CLI: ${check.remediation.cli}` : check.remediation.text;
  return truncateText(text, ASFF_LIMITS.recommendationText);
}

interface FindingContext {
  report: Report;
  check: ReportCheck | undefined;
  destination: Destination;
  productArn: string;
  updatedAt: string;
  prior: PriorFinding | undefined;
  facts: ReadonlyMap<string, ResourceFacts> | undefined;
  mergedCount: number;
}

function toFinding(result: ReportResult & { status: SentStatus }, ctx: FindingContext): AwsSecurityFinding {
  const { report, check, destination, prior } = ctx;
  const observedAt = report.scan.collectedAt;
  const types = findingTypes(check);
  return compact({
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: findingId(result.checkId, result.resource.arn),
    ProductArn: ctx.productArn,
    ProductName: PRODUCT_NAME,
    CompanyName: PRODUCT_NAME,
    GeneratorId: truncateText(result.checkId, ASFF_LIMITS.generatorId),
    AwsAccountId: destination.account,
    CreatedAt: prior?.createdAt ?? ctx.updatedAt,
    UpdatedAt: ctx.updatedAt,
    FirstObservedAt: prior?.firstObservedAt ?? observedAt,
    LastObservedAt: observedAt,
    Title: truncateText(check?.title ?? result.checkId, ASFF_LIMITS.title),
    Description: description(result, ctx.mergedCount),
    Remediation: {
      Recommendation: compact({ Text: recommendationText(check), Url: check?.remediation.docs }),
    },
    ProductFields: productFields(result, report.tool.version, ctx.mergedCount),
    Resources: [
      findingResource(result.resource, {
        account: destination.account,
        partition: report.scan.partition,
        region: destination.region,
        ...(ctx.facts ? { facts: ctx.facts } : {}),
      }),
    ],
    Compliance: compliance(result, check),
    FindingProviderFields: {
      Severity: { Label: severityLabel(result.status, result.severity), Original: result.severity },
      Types: types,
    },
    RecordState: result.muted === undefined ? 'ACTIVE' : 'ARCHIVED',
  }) as AwsSecurityFinding;
}

const STATUS_RANK: Record<Status, number> = { FAIL: 3, ERROR: 2, PASS: 1, NOT_APPLICABLE: 0 };

/**
 * Results grouped by check × resource (one finding each); the worst result represents the group,
 * an unmuted one before any muted one: the finding is muted only when all its results are.
 */
function groupResults(results: readonly ReportResult[]): { result: ReportResult; count: number }[] {
  const groups = new Map<string, { result: ReportResult; count: number }>();
  for (const result of results) {
    const key = `${result.checkId}\u0000${result.resource.arn}`;
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { result, count: 1 });
      continue;
    }
    group.count += 1;
    const mutedOrder = Number(result.muted === undefined) - Number(group.result.muted === undefined);
    const worse =
      mutedOrder > 0 ||
      (mutedOrder === 0 && STATUS_RANK[result.status] > STATUS_RANK[group.result.status]) ||
      (mutedOrder === 0 && result.status === group.result.status && severityRank(result.severity) < severityRank(group.result.severity));
    if (worse) group.result = result;
  }
  return [...groups.values()];
}

function isSent(result: ReportResult): result is ReportResult & { status: SentStatus } {
  return result.status !== 'NOT_APPLICABLE';
}

/**
 * The findings a report makes, sorted by destination and id: every PASS, FAIL and ERROR result
 * (several results of one check on one resource become one finding), each within 240 KB.
 */
export function buildFindings(report: Report, options: AsffOptions): PlannedFinding[] {
  const home = homeRegionOf(report, options.homeRegion);
  const checks = new Map(report.checks.map((check) => [check.id, check]));
  const facts = options.inventory ? inventoryFacts(options.inventory) : undefined;
  const planned: PlannedFinding[] = [];
  for (const { result, count } of groupResults(report.results)) {
    if (!isSent(result)) continue;
    const destination = destinationOf(result, report, home);
    const id = findingId(result.checkId, result.resource.arn);
    const prior = options.prior?.(destination.account, destination.region, id);
    const finding = toFinding(result, {
      report,
      check: checks.get(result.checkId),
      destination,
      productArn: productArnFor(report.scan.partition, destination.region, destination.account, options.productArn),
      updatedAt: laterTimestamp(options.now, prior?.updatedAt),
      prior,
      facts,
      mergedCount: count,
    });
    planned.push({
      ...destination,
      finding: fitFinding(finding),
      checkId: result.checkId,
      status: result.status,
      ...(result.muted !== undefined ? { muted: true as const } : {}),
    });
  }
  return planned.sort(comparePlanned);
}

export function comparePlanned(a: Destination & { finding: AwsSecurityFinding }, b: Destination & { finding: AwsSecurityFinding }): number {
  const ka = findingKey(a.account, a.region, a.finding.Id ?? '');
  const kb = findingKey(b.account, b.region, b.finding.Id ?? '');
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Bytes of the finding as it is sent (JSON, UTF-8). */
export function findingBytes(finding: AwsSecurityFinding): number {
  return Buffer.byteLength(JSON.stringify(finding), 'utf8');
}

/**
 * Shrinks a finding over the size limit rather than letting Security Hub refuse it, in order:
 * drop the evidence product fields, shorten the description, drop the bulky resource details
 * (method and route settings, variables, `Other`), then all details and tags. What remains is a
 * few hundred bytes.
 */
export function fitFinding(finding: AwsSecurityFinding, maxBytes: number = ASFF_LIMITS.findingBytes): AwsSecurityFinding {
  if (findingBytes(finding) <= maxBytes) return finding;
  const steps: ((f: AwsSecurityFinding) => AwsSecurityFinding)[] = [
    (f) => ({
      ...f,
      ProductFields: Object.fromEntries(Object.entries(f.ProductFields ?? {}).filter(([key]) => !key.startsWith(EVIDENCE_FIELD_PREFIX))),
    }),
    (f) => ({ ...f, Description: truncateText((f.Description ?? '').split('\n\n')[0] ?? '', 256) }),
    (f) => ({
      ...f,
      Resources: (f.Resources ?? []).map((resource) => {
        const details = { ...resource.Details };
        delete details.Other;
        if (details.AwsApiGatewayStage) details.AwsApiGatewayStage = { ...details.AwsApiGatewayStage, MethodSettings: undefined, Variables: undefined };
        if (details.AwsApiGatewayV2Stage) {
          details.AwsApiGatewayV2Stage = { ...details.AwsApiGatewayV2Stage, RouteSettings: undefined, StageVariables: undefined };
        }
        return { ...resource, Details: details };
      }),
    }),
    (f) => ({ ...f, Resources: (f.Resources ?? []).map(({ Details: _d, Tags: _t, ...resource }) => resource) }),
    (f) => ({ ...f, Remediation: { Recommendation: { Text: truncateText(f.Remediation?.Recommendation?.Text ?? '', 128) } } }),
  ];
  let current = finding;
  for (const step of steps) {
    current = step(current);
    if (findingBytes(current) <= maxBytes) return current;
  }
  return current;
}

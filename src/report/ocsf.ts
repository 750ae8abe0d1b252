/**
 * `--format ocsf`: one OCSF Compliance Finding (class_uid 2003, category Findings) per PASS, FAIL
 * and ERROR result, as JSON Lines (one finding a line).
 *
 * - Schema version 1.6.0: the version AWS Security Hub reads ("Security Hub currently supports
 *   findings in OCSF schema version 1.6", Security Hub User Guide, "Security Hub and the Open
 *   Cybersecurity Schema Framework (OCSF)"). Classes and attributes as published at
 *   https://schema.ocsf.io/1.6.0/classes/compliance_finding.
 * - JSON Lines, not one array: Security Lake takes custom sources as Parquet ("Collecting data from
 *   custom sources in Security Lake"), so the file feeds a conversion (Glue, Firehose, a SIEM
 *   shipper), and those read one JSON record a line; a line is also one finding for `grep`.
 * - The check's verdict is `compliance.status_id`: Pass (1), Fail (3), or Warning (2) for ERROR —
 *   OCSF defines Warning as "the compliance check did not yield a result due to missing
 *   information", which is what ERROR means here.
 * - `severity_id` carries a failure's severity; a pass or an unevaluated check is Informational
 *   (1), as the ASFF findings are (asff.ts `severityLabel`), with the check's severity kept in
 *   `unmapped.check_severity`.
 * - The finding's life cycle (`status_id`) is New for failures and errors, Resolved for passes
 *   (Security Hub CSPM resolves the workflow of a PASSED control finding the same way), Suppressed
 *   when a mute rule accepted the result.
 * - `finding_info.uid` is the stable finding id, the same as the report's result id and the ASFF
 *   finding `Id`, so the three can be joined.
 */
import { isRegionName } from '../aws/region-name.js';
import type { Severity, Status } from '../model/results.js';
import { FRAMEWORKS, mappedIds } from '../model/frameworks/index.js';
import type { Report } from './model.js';
import { apiArnsOf, resultRows, type ResultRow } from './result-rows.js';

export const OCSF_VERSION = '1.6.0';
export const OCSF_CLASS_UID = 2003;
export const OCSF_CATEGORY_UID = 2;
/** Activity Create: a file holds each finding once, as of this report. */
const ACTIVITY_CREATE = 1;

const SEVERITY_IDS: Record<Severity, { id: number; name: string }> = {
  critical: { id: 5, name: 'Critical' },
  high: { id: 4, name: 'High' },
  medium: { id: 3, name: 'Medium' },
  low: { id: 2, name: 'Low' },
  info: { id: 1, name: 'Informational' },
};

type SentStatus = Exclude<Status, 'NOT_APPLICABLE'>;

const COMPLIANCE_STATUS: Record<SentStatus, { id: number; name: string }> = {
  PASS: { id: 1, name: 'Pass' },
  ERROR: { id: 2, name: 'Warning' },
  FAIL: { id: 3, name: 'Fail' },
};

const FINDING_STATUS = {
  new: { id: 1, name: 'New' },
  suppressed: { id: 3, name: 'Suppressed' },
  resolved: { id: 4, name: 'Resolved' },
} as const;

/** AWS account, in OCSF's account types. */
const AWS_ACCOUNT_TYPE = { id: 10, name: 'AWS Account' };

function millis(iso: string): number {
  return Date.parse(iso);
}

function severityOf(status: SentStatus, severity: Severity) {
  return status === 'FAIL' ? SEVERITY_IDS[severity] : SEVERITY_IDS.info;
}

function findingStatusOf(row: ResultRow, status: SentStatus) {
  if (row.result.muted !== undefined) return FINDING_STATUS.suppressed;
  return status === 'PASS' ? FINDING_STATUS.resolved : FINDING_STATUS.new;
}

function errorDetail(row: ResultRow): string | undefined {
  const error = row.result.error;
  if (error === undefined) return undefined;
  return error.kind === 'collection-gap' ? `${error.operation} failed with ${error.code}: ${error.message}` : error.message;
}

function compliance(row: ResultRow, status: SentStatus): Record<string, unknown> {
  const mappings = row.check?.mappings ?? {};
  const frameworks = FRAMEWORKS.filter((framework) => mappedIds(mappings, framework).length > 0);
  const detail = status === 'ERROR' ? errorDetail(row) : undefined;
  return {
    control: row.result.checkId,
    ...(row.check ? { desc: row.check.rationale } : {}),
    ...(frameworks.length > 0 ? { standards: frameworks.map((framework) => framework.title) } : {}),
    ...(frameworks.length > 0
      ? { requirements: frameworks.flatMap((framework) => mappedIds(mappings, framework).map((id) => `${framework.title} ${id}`)) }
      : {}),
    status: COMPLIANCE_STATUS[status].name,
    status_id: COMPLIANCE_STATUS[status].id,
    status_code: row.result.messageId,
    ...(detail !== undefined ? { status_detail: detail } : {}),
  };
}

function remediation(row: ResultRow): Record<string, unknown> | undefined {
  const check = row.check;
  if (!check) return undefined;
  const { text, cli, docs } = check.remediation;
  return { desc: cli ? `${text} CLI: ${cli}` : text, ...(docs ? { references: [docs] } : {}) };
}

function unmapped(row: ResultRow): Record<string, unknown> {
  const { result } = row;
  const apis = apiArnsOf(result);
  return {
    check_id: result.checkId,
    check_severity: result.severity,
    result_status: result.status,
    resource_type: result.resource.type,
    ...(apis.length > 0 ? { api_arns: apis } : {}),
    ...(result.muted ? { muted: { ...result.muted } } : {}),
    ...(result.change ? { change: result.change } : {}),
    evidence: result.evidence,
  };
}

/** The OCSF finding of one result; NOT_APPLICABLE results make none. */
export function ocsfFinding(row: ResultRow): Record<string, unknown> | undefined {
  const { result, check, report } = row;
  if (result.status === 'NOT_APPLICABLE') return undefined;
  const status = result.status;
  const severity = severityOf(status, result.severity);
  const findingStatus = findingStatusOf(row, status);
  const region = isRegionName(result.resource.region) ? result.resource.region : undefined;
  const fix = remediation(row);
  return {
    activity_id: ACTIVITY_CREATE,
    activity_name: 'Create',
    category_uid: OCSF_CATEGORY_UID,
    category_name: 'Findings',
    class_uid: OCSF_CLASS_UID,
    class_name: 'Compliance Finding',
    type_uid: OCSF_CLASS_UID * 100 + ACTIVITY_CREATE,
    type_name: 'Compliance Finding: Create',
    time: millis(report.scan.generatedAt),
    severity_id: severity.id,
    severity: severity.name,
    status_id: findingStatus.id,
    status: findingStatus.name,
    message: result.message,
    metadata: {
      version: OCSF_VERSION,
      product: { name: 'apiposture', vendor_name: 'apiposture', version: report.tool.version },
      profiles: ['cloud'],
      event_code: result.checkId,
    },
    cloud: {
      provider: 'AWS',
      account: { uid: report.scan.account, type_id: AWS_ACCOUNT_TYPE.id, type: AWS_ACCOUNT_TYPE.name },
      ...(region ? { region } : {}),
    },
    finding_info: {
      uid: row.id,
      title: check?.title ?? result.checkId,
      desc: result.message,
      types: ['Software and Configuration Checks/AWS Security Best Practices'],
      last_seen_time: millis(report.scan.collectedAt),
    },
    compliance: compliance(row, status),
    ...(fix ? { remediation: fix } : {}),
    resources: [
      {
        uid: result.resource.arn,
        name: result.resource.name,
        type: result.resource.type,
        cloud_partition: report.scan.partition,
        ...(region ? { region } : {}),
      },
    ],
    unmapped: unmapped(row),
  };
}

/** One finding a line, for each PASS, FAIL and ERROR result of each report. */
export function* ocsfChunks(reports: readonly Report[]): Generator<string> {
  for (const row of resultRows(reports)) {
    const finding = ocsfFinding(row);
    if (finding) yield `${JSON.stringify(finding)}\n`;
  }
}

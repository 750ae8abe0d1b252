/**
 * The least-privilege IAM policy for apiposture, generated from the collectors' own operation
 * registry (operations.ts), so it cannot drift from what the code calls.
 */
import {
  ASSUME_ROLE_OPERATION,
  COLLECTOR_OPERATIONS,
  ORGANIZATION_OPERATION,
  REGION_DISCOVERY_OPERATIONS,
  REPORT_READ_OPERATIONS,
  REPORT_ROLLBACK_OPERATION,
  REPORT_UPLOAD_OPERATION,
  SECURITY_HUB_IMPORT_OPERATION,
  SECURITY_HUB_READ_BACK_OPERATION,
} from './operations.js';
import type { InventoryPart } from '../inventory/parts.js';
import { operationsOfParts } from './plan.js';

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string[];
  /** Only where a resource ARN cannot say it: `s3:ListBucket` limited to the reports' prefix. */
  Condition?: Record<string, Record<string, string[]>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export interface PolicyOptions {
  partition?: string;
  /** A 12-digit account id; `*` keeps the policy usable in any account. */
  account?: string;
  /** Allow importing findings into Security Hub (and reading them back). */
  securityHub?: boolean;
  /**
   * Allow writing reports under this S3 location (`s3://bucket/prefix/`) and publishing them to
   * `latest/` (GetObject of the previous manifest and set, DeleteObject under `latest/` to undo a
   * failed publication), and reading them back (`merge s3://…`: GetObject under the prefix,
   * ListBucket limited to it, so that a missing object is NoSuchKey rather than AccessDenied).
   */
  s3Output?: { bucket: string; prefix: string; kmsKeyArn?: string };
  /** Allow assuming a role in member accounts (multi-account scans), e.g. `arn:aws:iam::*:role/apiposture-audit`. */
  assumeRoleArn?: string;
  /** Allow listing the organization's accounts (`--organization`). */
  organization?: boolean;
  /**
   * Only what collecting these parts calls (`collectionPlan` of a selection of checks); default
   * every part.
   */
  parts?: ReadonlySet<InventoryPart>;
}

function sidOf(action: string): string {
  const [service = '', name = ''] = action.split(':');
  const words = `${service} ${name === 'GET' ? 'read' : name}`.split(/[^A-Za-z0-9]+/);
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

export function buildReadOnlyPolicy(options: PolicyOptions = {}): PolicyDocument {
  const partition = options.partition ?? 'aws';
  const account = options.account ?? '*';
  const fill = (resource: string) =>
    resource.replaceAll('${Partition}', partition).replaceAll('${Region}', '*').replaceAll('${Account}', account);
  const byAction = new Map<string, Set<string>>();
  const needed = options.parts ? operationsOfParts(options.parts) : undefined;
  const collecting = COLLECTOR_OPERATIONS.filter((op) => needed === undefined || needed.has(`${op.service}:${op.operation}`));
  for (const op of [...collecting, ...REGION_DISCOVERY_OPERATIONS]) {
    const resources = byAction.get(op.iamAction) ?? new Set<string>();
    op.iamResources.forEach((r) => resources.add(fill(r)));
    byAction.set(op.iamAction, resources);
  }
  const statements: PolicyStatement[] = [...byAction]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([action, resources]) => ({
      Sid: sidOf(action),
      Effect: 'Allow',
      Action: [action],
      Resource: resources.has('*') ? ['*'] : [...resources].sort(),
    }));
  if (options.securityHub) {
    statements.push(
      {
        Sid: 'SecurityHubImport',
        Effect: 'Allow',
        Action: [SECURITY_HUB_IMPORT_OPERATION.iamAction],
        Resource: SECURITY_HUB_IMPORT_OPERATION.iamResources.map(fill),
      },
      {
        Sid: 'SecurityHubReadBack',
        Effect: 'Allow',
        Action: [SECURITY_HUB_READ_BACK_OPERATION.iamAction],
        Resource: SECURITY_HUB_READ_BACK_OPERATION.iamResources.map(fill),
      },
    );
  }
  if (options.s3Output) {
    const { bucket, prefix, kmsKeyArn } = options.s3Output;
    const s3Resource = (resource: string) => fill(resource).replaceAll('${Bucket}', bucket).replaceAll('${Prefix}', prefix);
    const [getObject, listObjects] = REPORT_READ_OPERATIONS;
    statements.push(
      { Sid: 'ReportsToS3', Effect: 'Allow', Action: [REPORT_UPLOAD_OPERATION.iamAction], Resource: REPORT_UPLOAD_OPERATION.iamResources.map(s3Resource) },
      {
        Sid: 'ReportsLatestRollback',
        Effect: 'Allow',
        Action: [REPORT_ROLLBACK_OPERATION.iamAction],
        Resource: REPORT_ROLLBACK_OPERATION.iamResources.map(s3Resource),
      },
      { Sid: 'ReportsFromS3', Effect: 'Allow', Action: [getObject.iamAction], Resource: getObject.iamResources.map(s3Resource) },
      {
        Sid: 'ReportsListing',
        Effect: 'Allow',
        Action: [listObjects.iamAction],
        Resource: listObjects.iamResources.map(s3Resource),
        Condition: { StringLike: { 's3:prefix': [`${prefix}*`] } },
      },
    );
    if (kmsKeyArn) {
      // GenerateDataKey to upload with SSE-KMS, Decrypt to read the reports back.
      statements.push({ Sid: 'ReportsEncryption', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: [kmsKeyArn] });
    }
  }
  if (options.organization) {
    statements.push({ Sid: 'OrganizationAccounts', Effect: 'Allow', Action: [ORGANIZATION_OPERATION.iamAction], Resource: [...ORGANIZATION_OPERATION.iamResources] });
  }
  if (options.assumeRoleArn) {
    statements.push({ Sid: 'MemberAccounts', Effect: 'Allow', Action: [ASSUME_ROLE_OPERATION.iamAction], Resource: [options.assumeRoleArn] });
  }
  return { Version: '2012-10-17', Statement: statements };
}

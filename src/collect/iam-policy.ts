/**
 * The least-privilege IAM policy for apiposture, generated from the collectors' own operation
 * registry (operations.ts), so it cannot drift from what the code calls.
 */
import { isDeepStrictEqual } from 'node:util';
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

/**
 * IAM's quota on a managed policy's size ("IAM and AWS STS quotas", IAM User Guide: managed
 * policy size, 6,144 characters), counted without white space as IAM counts it.
 */
export const MANAGED_POLICY_MAX_CHARACTERS = 6144;

export function policyCharacters(document: PolicyDocument): number {
  return JSON.stringify(document).replace(/\s/g, '').length;
}

const capitalized = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
const words = (text: string) => text.split(/[^A-Za-z0-9]+/).filter(Boolean).map(capitalized);

function sidOf(action: string): string {
  const [service = '', name = ''] = action.split(':');
  return words(`${service} ${name === 'GET' ? 'read' : name}`).join('');
}

/** The Sid of the reads sharing one resource list: the action's own, else the services'. */
function groupSidOf(actions: readonly string[], resources: readonly string[]): string {
  if (actions.length === 1) return sidOf(actions[0]!);
  if (resources.length === 1 && resources[0] === '*') return 'AccountWideReads';
  const services = [...new Set(actions.map((action) => action.split(':')[0] ?? ''))];
  return `${services.flatMap(words).join('')}Reads`;
}

/**
 * One statement per resource list: actions granted on exactly the same resources share it, so
 * the policy stays within IAM's size quota and still grants each action on its own resources
 * only (the union of what each of them is granted does not change).
 */
function readStatements(byAction: ReadonlyMap<string, ReadonlySet<string>>): PolicyStatement[] {
  const byResources = new Map<string, { actions: string[]; resources: string[] }>();
  for (const [action, set] of byAction) {
    const resources = set.has('*') ? ['*'] : [...set].sort();
    const key = JSON.stringify(resources);
    const group = byResources.get(key) ?? { actions: [], resources };
    group.actions.push(action);
    byResources.set(key, group);
  }
  const statements = [...byResources.values()]
    .map(({ actions, resources }) => ({ actions: actions.sort(), resources }))
    .sort((a, b) => a.actions[0]!.localeCompare(b.actions[0]!))
    .map(({ actions, resources }): PolicyStatement => ({ Sid: groupSidOf(actions, resources), Effect: 'Allow', Action: actions, Resource: resources }));
  const sids = statements.map((s) => s.Sid);
  const repeated = sids.find((sid, i) => sids.indexOf(sid) !== i);
  if (repeated) throw new Error(`two read statements would share the Sid ${repeated}`);
  return statements;
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
  const statements = readStatements(byAction);
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
    const written = REPORT_UPLOAD_OPERATION.iamResources.map(s3Resource).sort();
    const read = getObject.iamResources.map(s3Resource).sort();
    // Writing and reading the reports name the same objects: one statement (the bucket and
    // prefix, up to 1,024 characters together, would otherwise be repeated).
    const objectStatements: PolicyStatement[] = isDeepStrictEqual(written, read)
      ? [{ Sid: 'ReportsInS3', Effect: 'Allow', Action: [getObject.iamAction, REPORT_UPLOAD_OPERATION.iamAction].sort(), Resource: written }]
      : [
          { Sid: 'ReportsToS3', Effect: 'Allow', Action: [REPORT_UPLOAD_OPERATION.iamAction], Resource: written },
          { Sid: 'ReportsFromS3', Effect: 'Allow', Action: [getObject.iamAction], Resource: read },
        ];
    statements.push(
      ...objectStatements,
      {
        Sid: 'ReportsLatestRollback',
        Effect: 'Allow',
        Action: [REPORT_ROLLBACK_OPERATION.iamAction],
        Resource: REPORT_ROLLBACK_OPERATION.iamResources.map(s3Resource),
      },
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

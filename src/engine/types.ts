import type { CollectionError } from '../inventory/schema.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A severity's place in `SEVERITIES`: 0 for critical, 4 for info; lower is graver. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export const STATUSES = ['PASS', 'FAIL', 'NOT_APPLICABLE', 'ERROR'] as const;
export type Status = (typeof STATUSES)[number];

/** What one result is about. */
export const RESOURCE_TYPES = [
  'rest-api',
  'rest-stage',
  'http-api',
  'websocket-api',
  'v2-stage',
  'domain',
  'user-pool',
  'kms-key',
  'iam-policy',
  'account',
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];
/** The resource types a check declares: at least one, the main one first. */
export type ResourceTypes = readonly [ResourceType, ...ResourceType[]];

export interface ResourceRef {
  arn: string;
  type: ResourceType;
  /** Human name: `orders-api`, `orders-api/prod`, `api.example.com`. */
  name: string;
  account: string;
  region: string;
  /** The API this result counts towards in scoring; absent for account-level results. */
  apiArn?: string;
  /**
   * Shared resources (a custom domain, a user pool) count towards every API that relies on
   * them: a weak one lowers each of those APIs' scores.
   */
  linkedApiArns?: string[];
}

/** Every API a result counts towards: its own, and the ones linked through a shared resource. */
export function apisOf(ref: ResourceRef): string[] {
  const linked = ref.linkedApiArns ?? [];
  return ref.apiArn === undefined ? linked : [ref.apiArn, ...linked.filter((arn) => arn !== ref.apiArn)];
}

export interface Mappings {
  /** Security Hub control ids, e.g. `APIGateway.1`. */
  securityHub?: string[];
  /** AWS Config managed rule identifiers. */
  awsConfig?: string[];
  /** OWASP API Security Top 10 2023 ids, `API1` … `API10`. */
  owaspApi2023?: string[];
}

export type Evidence = Record<string, unknown>;

/** Why a result is ERROR: the data was not collected, or the check itself failed. */
export type ErrorReason =
  | { kind: 'collection-gap'; operation: string; code: string; message: string }
  | { kind: 'invalid-data'; message: string }
  | { kind: 'check-error'; message: string };

export interface CheckResult {
  checkId: string;
  status: Status;
  severity: Severity;
  resource: ResourceRef;
  /** Key into the check's `messages`; the rendered text is in `message`. */
  messageId: string;
  message: string;
  evidence: Evidence;
  error?: ErrorReason;
}

export type { CollectionError };

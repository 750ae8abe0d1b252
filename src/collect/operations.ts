/**
 * Every AWS operation apiposture calls, grouped by what calls it, with the IAM action and
 * resources it needs: the source for a generated least-privilege policy. The operations, their
 * IAM facts and their rate rules live in the services' descriptors (src/aws/descriptors/); these
 * lists only group them. A collector can only name operations listed here (its call targets are
 * typed by these lists).
 *
 * `iamResources` use `${Partition}`, `${Region}` and `${Account}` placeholders.
 *
 * v1 and v2 share some operation names (`GetStages`, `GetAuthorizers`, `GetDomainNames`): an
 * operation is identified by service and name together.
 */
import { AWS_SERVICES, operationsOf, type AwsService, type DescribedOperation, type OperationOf } from '../aws/services.js';

export interface CollectorOperation {
  service: AwsService;
  operation: string;
  iamAction: string;
  iamResources: readonly string[];
}

export const REST_OPERATIONS = [
  ...operationsOf('apigateway'),
  ...operationsOf('wafv2', ['GetWebACL', 'GetLoggingConfiguration']),
  // Edge-optimized domains keep their certificate in us-east-1, whatever region is scanned.
  ...operationsOf('acm', ['DescribeCertificate']),
] satisfies readonly CollectorOperation[];

export type RestOperation = (typeof REST_OPERATIONS)[number];
export type RestOperationName = RestOperation['operation'];

/** API Gateway v2 (HTTP and WebSocket APIs): same IAM action, `/apis` and `/domainnames` paths. */
export const V2_OPERATIONS = operationsOf('apigatewayv2') satisfies readonly CollectorOperation[];

export type V2Operation = (typeof V2_OPERATIONS)[number];
export type V2OperationName = V2Operation['operation'];

/**
 * What protects the APIs, read after API Gateway: trails, alarms and log groups per region;
 * user pools, KMS keys and IAM policies once per scan.
 */
export const LINKED_OPERATIONS = [
  ...operationsOf('cloudtrail'),
  ...operationsOf('cloudwatch'),
  ...operationsOf('logs'),
  ...operationsOf('cognito-idp'),
  // The web ACL of each trusted user pool, in the pool's region.
  ...operationsOf('wafv2', ['GetWebACLForResource']),
  // Identity pools: per scanned region.
  ...operationsOf('cognito-identity'),
  ...operationsOf('kms'),
  ...operationsOf('iam'),
  // The functions integrations and Lambda authorizers invoke, in each function's region.
  ...operationsOf('lambda'),
  // Route 53 is global: hosted zones and records, once per scan.
  ...operationsOf('route53'),
  // Shield Advanced is global: the subscription and its protections, once per scan.
  ...operationsOf('shield'),
  // Only while Shield Advanced is active: the CloudFront distributions that could front the APIs.
  ...operationsOf('cloudfront'),
] satisfies readonly CollectorOperation[];

export type LinkedOperation = (typeof LINKED_OPERATIONS)[number];
export type LinkedOperationName = LinkedOperation['operation'];

/**
 * Every operation a collector may call, the source of the least-privilege policy: those of every
 * service with collection progress phases (the lists above group them for the collectors' types).
 */
export const COLLECTOR_OPERATIONS: readonly CollectorOperation[] = AWS_SERVICES.filter((d) => d.phases !== undefined).flatMap((d) =>
  operationsOf(d.id),
);

/** Needs no IAM permission; listed so the policy generator can say so. */
export const IDENTITY_OPERATION = one('sts', 'GetCallerIdentity');

/**
 * Called before collection, not by a collector: `scan --regions all` lists the regions enabled
 * in each scanned account. Part of the base policy (a read of the account's own settings).
 */
export const REGION_DISCOVERY_OPERATIONS = operationsOf('account', ['ListRegions']) satisfies readonly CollectorOperation[];

/**
 * Multi-account scans, called by the scanning identity only: the organization's accounts
 * (`--organization`) and the role in each member account. Optional policy statements
 * (`iam-policy --organization`, `--assume-role-arn`); AssumeRole's resource is the role ARN.
 */
export const ORGANIZATION_OPERATION = one('organizations', 'ListAccounts');
export const ASSUME_ROLE_OPERATION = one('sts', 'AssumeRole');

/**
 * Reports in S3, not collection: the report sink's uploads (`--output-dir s3://…`), the undoing
 * of a `latest/` publication that failed part-way (src/output/s3.ts), and what `merge s3://…`
 * reads back. Optional policy statements (`iam-policy --s3-output`); resources use `${Bucket}`
 * and `${Prefix}` placeholders.
 */
export const REPORT_UPLOAD_OPERATION = one('s3', 'PutObject');
export const REPORT_ROLLBACK_OPERATION = one('s3', 'DeleteObject');
export const REPORT_READ_OPERATIONS = [one('s3', 'GetObject'), one('s3', 'ListObjectsV2')] as const;

/** Security Hub imports (`--security-hub`): BatchImportFindings, and GetFindings to read earlier ones back. */
export const SECURITY_HUB_IMPORT_OPERATION = one('securityhub', 'BatchImportFindings');
export const SECURITY_HUB_READ_BACK_OPERATION = one('securityhub', 'GetFindings');

export type ReportReadOperationName = (typeof REPORT_READ_OPERATIONS)[number]['operation'];

function one<S extends AwsService, O extends OperationOf<S>>(service: S, operation: O): DescribedOperation<S, O> {
  return operationsOf(service, [operation])[0]!;
}

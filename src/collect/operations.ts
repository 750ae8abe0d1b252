/**
 * Every AWS operation a collector calls, with the IAM action and resources it needs: the
 * source for a generated least-privilege policy. A collector can only name operations listed
 * here (its call targets are typed by this list).
 *
 * `iamResources` use `${Partition}`, `${Region}` and `${Account}` placeholders.
 *
 * v1 and v2 share some operation names (`GetStages`, `GetAuthorizers`, `GetDomainNames`): an
 * operation is identified by service and name together.
 */
import type { AwsService } from '../aws/services.js';

export interface CollectorOperation {
  service: AwsService;
  operation: string;
  iamAction: string;
  iamResources: readonly string[];
}

/** API Gateway v1 and v2 reads are both `apigateway:GET` on the resource path. */
const apigatewayRead =
  <S extends 'apigateway' | 'apigatewayv2'>(service: S) =>
  <O extends string>(operation: O, ...paths: string[]) =>
    ({
      service,
      operation,
      iamAction: 'apigateway:GET',
      iamResources: paths.map((path) => `arn:\${Partition}:apigateway:\${Region}::${path}`),
    }) as const;

const apigatewayGet = apigatewayRead('apigateway');
const apigatewayV2Get = apigatewayRead('apigatewayv2');

export const REST_OPERATIONS = [
  apigatewayGet('GetAccount', '/account'),
  apigatewayGet('GetRestApis', '/restapis'),
  apigatewayGet('GetResources', '/restapis/*/resources'),
  apigatewayGet('GetStages', '/restapis/*/stages'),
  apigatewayGet('GetAuthorizers', '/restapis/*/authorizers'),
  apigatewayGet('GetRequestValidators', '/restapis/*/requestvalidators'),
  // What a stage serves (its deployment), not the working copy: the OpenAPI export of a stage,
  // and a canary-only deployment's API summary. Both are reads: `apigateway:GET` on the path
  // (API Gateway Developer Guide, "API Gateway Amazon Resource Name (ARN) reference").
  apigatewayGet('GetExport', '/restapis/*/stages/*/exports/*'),
  apigatewayGet('GetDeployment', '/restapis/*/deployments/*'),
  apigatewayGet('GetUsagePlans', '/usageplans'),
  apigatewayGet('GetApiKeys', '/apikeys'),
  apigatewayGet('GetDomainNames', '/domainnames'),
  {
    ...apigatewayGet('GetBasePathMappings', '/domainnames/*/basepathmappings'),
    // Private custom domains have ARNs with the account and a `+id` suffix.
    iamResources: [
      'arn:${Partition}:apigateway:${Region}::/domainnames/*/basepathmappings',
      'arn:${Partition}:apigateway:${Region}:${Account}:/domainnames/*/basepathmappings',
    ],
  },
  apigatewayGet('GetClientCertificates', '/clientcertificates'),
  {
    service: 'wafv2',
    operation: 'GetWebACL',
    iamAction: 'wafv2:GetWebACL',
    iamResources: ['arn:${Partition}:wafv2:${Region}:${Account}:regional/webacl/*/*'],
  },
  {
    // Edge-optimized domains keep their certificate in us-east-1, whatever region is scanned.
    service: 'acm',
    operation: 'DescribeCertificate',
    iamAction: 'acm:DescribeCertificate',
    iamResources: ['arn:${Partition}:acm:*:${Account}:certificate/*'],
  },
] as const satisfies readonly CollectorOperation[];

export type RestOperation = (typeof REST_OPERATIONS)[number];
export type RestOperationName = RestOperation['operation'];

/** API Gateway v2 (HTTP and WebSocket APIs): same IAM action, `/apis` and `/domainnames` paths. */
export const V2_OPERATIONS = [
  apigatewayV2Get('GetApis', '/apis'),
  apigatewayV2Get('GetRoutes', '/apis/*/routes'),
  apigatewayV2Get('GetStages', '/apis/*/stages'),
  apigatewayV2Get('GetIntegrations', '/apis/*/integrations'),
  apigatewayV2Get('GetAuthorizers', '/apis/*/authorizers'),
  // What an HTTP API stage without automatic deployment serves: its OpenAPI export.
  apigatewayV2Get('ExportApi', '/apis/*/exports/*'),
  apigatewayV2Get('GetDomainNames', '/domainnames'),
  apigatewayV2Get('GetApiMappings', '/domainnames/*/apimappings'),
] as const satisfies readonly CollectorOperation[];

export type V2Operation = (typeof V2_OPERATIONS)[number];
export type V2OperationName = V2Operation['operation'];

const read = <S extends AwsService, O extends string>(service: S, operation: O, ...iamResources: string[]) =>
  ({ service, operation, iamAction: `${service}:${operation}`, iamResources }) as const;

/**
 * What protects the APIs, read after API Gateway: trails, alarms and log groups per region;
 * user pools, KMS keys and IAM policies once per scan. Resources may sit in other regions than
 * the scanned ones (shadow trails, keys, pools), or in other accounts (organization trails and
 * their keys).
 */
export const LINKED_OPERATIONS = [
  // A list; it also returns shadow trails of other regions and organization trails.
  read('cloudtrail', 'DescribeTrails', '*'),
  read('cloudtrail', 'GetTrailStatus', 'arn:${Partition}:cloudtrail:*:*:trail/*'),
  read('cloudtrail', 'GetEventSelectors', 'arn:${Partition}:cloudtrail:*:*:trail/*'),
  read('cloudwatch', 'DescribeAlarms', 'arn:${Partition}:cloudwatch:${Region}:${Account}:alarm:*'),
  read('logs', 'DescribeLogGroups', 'arn:${Partition}:logs:${Region}:${Account}:log-group:*'),
  // Never a user-reading operation (ListUsers, AdminGetUser...): only the pool's configuration.
  read('cognito-idp', 'DescribeUserPool', 'arn:${Partition}:cognito-idp:*:${Account}:userpool/*'),
  read('cognito-idp', 'GetUserPoolMfaConfig', 'arn:${Partition}:cognito-idp:*:${Account}:userpool/*'),
  read('cognito-idp', 'ListUserPoolClients', 'arn:${Partition}:cognito-idp:*:${Account}:userpool/*'),
  read('cognito-idp', 'DescribeUserPoolClient', 'arn:${Partition}:cognito-idp:*:${Account}:userpool/*'),
  // Threat protection's responses to risk; read for pools with threat protection ENFORCED.
  read('cognito-idp', 'DescribeRiskConfiguration', 'arn:${Partition}:cognito-idp:*:${Account}:userpool/*'),
  read('kms', 'DescribeKey', 'arn:${Partition}:kms:*:*:key/*'),
  read('kms', 'GetKeyRotationStatus', 'arn:${Partition}:kms:*:*:key/*'),
  // IAM has no resource-level permission for this read.
  read('iam', 'GetAccountAuthorizationDetails', '*'),
  // The attached AWS-managed policies: their default version ids (a list: no resource-level
  // permission), then each default version, on the policies of the `aws` account.
  read('iam', 'ListPolicies', '*'),
  read('iam', 'GetPolicyVersion', 'arn:${Partition}:iam::aws:policy/*'),
] as const satisfies readonly CollectorOperation[];

export type LinkedOperation = (typeof LINKED_OPERATIONS)[number];
export type LinkedOperationName = LinkedOperation['operation'];

/** Every operation a collector may call: the source of the least-privilege policy. */
export const COLLECTOR_OPERATIONS: readonly CollectorOperation[] = [...REST_OPERATIONS, ...V2_OPERATIONS, ...LINKED_OPERATIONS];

/** Needs no IAM permission; listed so the policy generator can say so. */
export const IDENTITY_OPERATION = {
  service: 'sts',
  operation: 'GetCallerIdentity',
  iamAction: 'sts:GetCallerIdentity',
  iamResources: ['*'],
} as const satisfies CollectorOperation;

/**
 * Called before collection, not by a collector: `scan --regions all` lists the regions enabled
 * in each scanned account. Part of the base policy (a read of the account's own settings).
 */
export const REGION_DISCOVERY_OPERATIONS = [
  read('account', 'ListRegions', 'arn:${Partition}:account::${Account}:account'),
] as const satisfies readonly CollectorOperation[];

/**
 * Multi-account scans, called by the scanning identity only: the organization's accounts
 * (`--organization`) and the role in each member account. Optional policy statements
 * (`iam-policy --organization`, `--assume-role-arn`); AssumeRole's resource is the role ARN.
 */
export const ORGANIZATION_OPERATION = read('organizations', 'ListAccounts', '*');
export const ASSUME_ROLE_OPERATION = read('sts', 'AssumeRole', 'arn:${Partition}:iam::*:role/*');

/**
 * Reports in S3, not collection: the report sink's uploads (`--output-dir s3://…`) and what
 * `merge s3://…` reads back (one object, or the account folders under a prefix). Optional policy
 * statements (`iam-policy --s3-output`); resources use `${Bucket}` and `${Prefix}` placeholders.
 * ListObjectsV2 is authorized as `s3:ListBucket`, on the bucket.
 */
export const REPORT_UPLOAD_OPERATION = read('s3', 'PutObject', 'arn:${Partition}:s3:::${Bucket}/${Prefix}*');
/**
 * Undoing a `latest/` publication that failed part-way (src/output/s3.ts): DeleteObject removes a
 * `latest/` file the previous set did not have, or the manifest when the set cannot be put back,
 * so only under `latest/` folders. The previous set's files are put back with CopyObject, which
 * S3 authorizes as `s3:GetObject` on the source and `s3:PutObject` on the target (both granted
 * under the prefix); the previous manifest is read with GetObject first.
 */
export const REPORT_ROLLBACK_OPERATION = read('s3', 'DeleteObject', 'arn:${Partition}:s3:::${Bucket}/${Prefix}*/latest/*');
export const REPORT_READ_OPERATIONS = [
  read('s3', 'GetObject', 'arn:${Partition}:s3:::${Bucket}/${Prefix}*'),
  { service: 's3', operation: 'ListObjectsV2', iamAction: 's3:ListBucket', iamResources: ['arn:${Partition}:s3:::${Bucket}'] },
] as const satisfies readonly CollectorOperation[];

export type ReportReadOperationName = (typeof REPORT_READ_OPERATIONS)[number]['operation'];

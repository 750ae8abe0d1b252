/**
 * What a collection for a selection of checks collects: the parts the checks read (their
 * `reads`), the parts those are nested in, and the parts the collectors need to find them (web
 * ACLs are named by stages, user pools by authorizers …). Everything else is left as
 * `NotSelected` slots, without a call. Each part's operations give the least-privilege policy of
 * a selection (`iam-policy --checks …`).
 */
import type { AnyCheck } from '../engine/define.js';
import { INVENTORY_PARTS, PART_WITHIN, type InventoryPart } from '../inventory/parts.js';
import type { AwsService } from '../aws/services.js';

/** Parts a collector reads to find what it collects. */
export const COLLECTED_THROUGH: Readonly<Partial<Record<InventoryPart, readonly InventoryPart[]>>> = {
  // GetAuthorizers / GetRequestValidators are called only when a method names one.
  'rest-authorizers': ['rest-resources'],
  'rest-request-validators': ['rest-resources'],
  // One GetExport per deployment a stage serves.
  'rest-deployments': ['rest-stages'],
  // v2 GetAuthorizers only when a route names one; ExportApi per stage without AutoDeploy.
  'v2-authorizers': ['v2-routes'],
  'v2-exports': ['v2-stages'],
  'web-acls': ['rest-stages'],
  'web-acl-logging': ['rest-stages'],
  'certificates': ['domains'],
  // WAF log groups are named by the web ACLs' logging configurations.
  'log-groups': ['rest-stages', 'v2-stages', 'web-acl-logging'],
  'user-pools': ['rest-authorizers', 'v2-authorizers'],
  'user-pool-web-acls': ['rest-authorizers', 'v2-authorizers'],
  'kms-keys': ['log-groups', 'trails'],
  // The functions what the stages serve invoke: REST deployments, v2 integrations and authorizers.
  'lambda-functions': ['rest-stages', 'rest-deployments', 'v2-stages', 'v2-routes', 'v2-integrations', 'v2-authorizers', 'v2-exports'],
};

/** The operations that collect each part. */
export const PART_OPERATIONS: Readonly<Record<InventoryPart, readonly (readonly [AwsService, string])[]>> = {
  'account-settings': [['apigateway', 'GetAccount']],
  'rest-apis': [['apigateway', 'GetRestApis']],
  'rest-resources': [['apigateway', 'GetResources']],
  'rest-authorizers': [['apigateway', 'GetAuthorizers']],
  'rest-request-validators': [['apigateway', 'GetRequestValidators']],
  'rest-stages': [['apigateway', 'GetStages']],
  'rest-deployments': [
    ['apigateway', 'GetExport'],
    ['apigateway', 'GetDeployment'],
  ],
  'usage-plans': [['apigateway', 'GetUsagePlans']],
  'api-keys': [['apigateway', 'GetApiKeys']],
  'client-certificates': [['apigateway', 'GetClientCertificates']],
  domains: [
    ['apigateway', 'GetDomainNames'],
    ['apigateway', 'GetBasePathMappings'],
    ['apigatewayv2', 'GetDomainNames'],
    ['apigatewayv2', 'GetApiMappings'],
  ],
  'v2-apis': [['apigatewayv2', 'GetApis']],
  'v2-routes': [['apigatewayv2', 'GetRoutes']],
  'v2-stages': [['apigatewayv2', 'GetStages']],
  'v2-integrations': [['apigatewayv2', 'GetIntegrations']],
  'v2-authorizers': [['apigatewayv2', 'GetAuthorizers']],
  'v2-exports': [['apigatewayv2', 'ExportApi']],
  'web-acls': [['wafv2', 'GetWebACL']],
  'web-acl-logging': [['wafv2', 'GetLoggingConfiguration']],
  certificates: [['acm', 'DescribeCertificate']],
  trails: [
    ['cloudtrail', 'DescribeTrails'],
    ['cloudtrail', 'GetTrailStatus'],
    ['cloudtrail', 'GetEventSelectors'],
  ],
  alarms: [['cloudwatch', 'DescribeAlarms']],
  'log-groups': [['logs', 'DescribeLogGroups']],
  'user-pools': [
    ['cognito-idp', 'DescribeUserPool'],
    ['cognito-idp', 'GetUserPoolMfaConfig'],
    ['cognito-idp', 'ListUserPoolClients'],
    ['cognito-idp', 'DescribeUserPoolClient'],
    ['cognito-idp', 'DescribeRiskConfiguration'],
  ],
  'user-pool-web-acls': [
    ['wafv2', 'GetWebACLForResource'],
    // Permission-only: WAF checks it for a user pool ("Permissions for GetWebACLForResource").
    ['cognito-idp', 'GetWebACLForResource'],
  ],
  'identity-pools': [
    ['cognito-identity', 'ListIdentityPools'],
    ['cognito-identity', 'DescribeIdentityPool'],
    ['cognito-identity', 'GetIdentityPoolRoles'],
  ],
  'kms-keys': [
    ['kms', 'DescribeKey'],
    ['kms', 'GetKeyRotationStatus'],
  ],
  'lambda-functions': [
    ['lambda', 'GetFunctionConfiguration'],
    ['lambda', 'GetPolicy'],
    ['lambda', 'GetFunctionUrlConfig'],
  ],
  'iam-policies': [
    ['iam', 'GetAccountAuthorizationDetails'],
    ['iam', 'ListPolicies'],
    ['iam', 'GetPolicyVersion'],
  ],
  'dns-records': [
    ['route53', 'ListHostedZones'],
    ['route53', 'ListResourceRecordSets'],
  ],
  shield: [
    ['shield', 'GetSubscriptionState'],
    ['shield', 'ListProtections'],
    ['cloudfront', 'ListDistributions'],
  ],
};

/** Every part: what a collection without a selection collects. */
export const ALL_PARTS: ReadonlySet<InventoryPart> = new Set(INVENTORY_PARTS);

/** The parts a collection must collect so that `parts` can be read, in the list's order. */
export function collectionPlan(parts: Iterable<InventoryPart>): Set<InventoryPart> {
  const plan = new Set<InventoryPart>();
  const add = (part: InventoryPart): void => {
    if (plan.has(part)) return;
    plan.add(part);
    const within = PART_WITHIN[part];
    if (within) add(within);
    for (const needed of COLLECTED_THROUGH[part] ?? []) add(needed);
  };
  for (const part of parts) add(part);
  return new Set(INVENTORY_PARTS.filter((part) => plan.has(part)));
}

/** The parts the checks read; a check without `reads` reads everything. */
export function partsReadBy(checks: readonly Pick<AnyCheck, 'reads'>[]): Set<InventoryPart> {
  const parts = new Set<InventoryPart>();
  for (const check of checks) for (const part of check.reads ?? INVENTORY_PARTS) parts.add(part);
  return parts;
}

/** `service:operation` of every operation collecting the parts. */
export function operationsOfParts(parts: Iterable<InventoryPart>): Set<string> {
  const operations = new Set<string>();
  for (const part of parts) for (const [service, operation] of PART_OPERATIONS[part]) operations.add(`${service}:${operation}`);
  return operations;
}

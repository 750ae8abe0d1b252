/**
 * The parts of an inventory snapshot, as checks declare what they read (`reads` on defineCheck)
 * and as the collectors skip what no selected check needs. A closed list: each part is a set of
 * slots of the snapshot schema (schema.ts), named here once.
 *
 * A part that was not collected because no selected check needed it holds error slots with the
 * code `NotSelected`, never an empty list: a check that reads it later reports ERROR, not PASS.
 */
import type { Collected, CollectionError, Inventory, RegionInventory, RestApi, SharedInventory, V2Api } from './schema.js';

export const INVENTORY_PARTS = [
  /** `apigateway.account`: the account's CloudWatch role and throttle (GetAccount). */
  'account-settings',
  /** `apigateway.restApis`: the REST API list with each API's own fields (policy, endpoint, tags). */
  'rest-apis',
  /** Each REST API's `resources`: methods, integrations, authorization of the working copy. */
  'rest-resources',
  /** Each REST API's `authorizers`. */
  'rest-authorizers',
  /** Each REST API's `requestValidators`. */
  'rest-request-validators',
  /** Each REST API's `stages`. */
  'rest-stages',
  /** Each REST API's `deployments`: what its stages and canaries serve (GetExport, GetDeployment). */
  'rest-deployments',
  /** `apigateway.usagePlans`. */
  'usage-plans',
  /** `apigateway.apiKeys` (never their values). */
  'api-keys',
  /** `apigateway.clientCertificates`. */
  'client-certificates',
  /** Custom domains, both views: `apigateway.domainNames` (base paths) and `apigatewayv2.domainNames` (API mappings). */
  'domains',
  /** `apigatewayv2.apis`: the HTTP and WebSocket API list with each API's own fields (CORS, tags). */
  'v2-apis',
  /** Each v2 API's `routes`. */
  'v2-routes',
  /** Each v2 API's `stages`. */
  'v2-stages',
  /** Each v2 API's `integrations`. */
  'v2-integrations',
  /** Each v2 API's `authorizers`. */
  'v2-authorizers',
  /** Each HTTP API's `stageExports`: what stages without AutoDeploy serve (ExportApi). */
  'v2-exports',
  /** `webAcls`: the WAFv2 web ACLs REST stages name. */
  'web-acls',
  /** `webAclLogging`: the logging configuration of the same web ACLs (GetLoggingConfiguration). */
  'web-acl-logging',
  /** `certificates`: the ACM certificates behind custom domains. */
  'certificates',
  /** `trails`, with their status and event selectors. */
  'trails',
  /** `alarms` on API Gateway metrics. */
  'alarms',
  /** `logGroups` stages write to. */
  'log-groups',
  /** `shared.userPools` that authorizers trust. */
  'user-pools',
  /** `identityPools` of each region, with their roles (Cognito identity pools, guest access). */
  'identity-pools',
  /** `shared.userPoolWebAcls`: the web ACL of each of those pools (GetWebACLForResource). */
  'user-pool-web-acls',
  /** `shared.kmsKeys` protecting log groups and trails. */
  'kms-keys',
  /** `shared.iamPolicies` and `shared.awsManagedPolicies`. */
  'iam-policies',
  /** `shared.lambdaFunctions` that served integrations and Lambda authorizers invoke. */
  'lambda-functions',
  /** `shared.route53`: public hosted zones and their records pointing at API Gateway or CloudFront hosts. */
  'dns-records',
  /** `shared.shield`: the Shield Advanced subscription and, while it is active, its protections. */
  'shield',
] as const;

export type InventoryPart = (typeof INVENTORY_PARTS)[number];

/** Parts nested in another: a REST API's stages cannot be read without the REST API list. */
export const PART_WITHIN: Readonly<Partial<Record<InventoryPart, InventoryPart>>> = {
  'rest-resources': 'rest-apis',
  'rest-authorizers': 'rest-apis',
  'rest-request-validators': 'rest-apis',
  'rest-stages': 'rest-apis',
  'rest-deployments': 'rest-apis',
  'v2-routes': 'v2-apis',
  'v2-stages': 'v2-apis',
  'v2-integrations': 'v2-apis',
  'v2-authorizers': 'v2-apis',
  'v2-exports': 'v2-apis',
};

/** The code of a slot left out because no selected check reads its part. */
export const NOT_SELECTED = 'NotSelected';

export function isInventoryPart(value: string): value is InventoryPart {
  return (INVENTORY_PARTS as readonly string[]).includes(value);
}

/** The parts with the parts they are nested in, in the list's order. */
export function withEnclosingParts(parts: Iterable<InventoryPart>): InventoryPart[] {
  const closed = new Set<InventoryPart>();
  for (let part of parts) {
    closed.add(part);
    while (PART_WITHIN[part]) closed.add((part = PART_WITHIN[part]!));
  }
  return INVENTORY_PARTS.filter((part) => closed.has(part));
}

/** A slot of a part that was not collected: the reason names the part. */
export function notSelected(part: InventoryPart, service: string, operation: string, region: string, resource: string): { ok: false; error: CollectionError } {
  return {
    ok: false,
    error: {
      service,
      operation,
      region,
      resource,
      code: NOT_SELECTED,
      message: `not collected: no check selected for the collection reads ${part}; collect again with this check selected`,
    },
  };
}

type Blank = (part: InventoryPart, service: string, operation: string, resource: string) => { ok: false; error: CollectionError };

function blankEntries<T>(record: Record<string, Collected<T>>, blank: (key: string) => Collected<T>): Record<string, Collected<T>> {
  const copy: Record<string, Collected<T>> = {};
  for (const key of Object.keys(record)) {
    // Defined as data: a key named `__proto__` stays a key.
    Object.defineProperty(copy, key, { value: blank(key), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/**
 * The inventory with the given parts replaced by `NotSelected` slots, as a collection for a
 * selection that does not read them would have left them. The collectors write the same slots
 * (test/selection proves each check's `reads` against this).
 */
export function withoutParts(inventory: Inventory, parts: Iterable<InventoryPart>): Inventory {
  const left = new Set(parts);
  if (left.size === 0) return inventory;
  return {
    ...inventory,
    regions: inventory.regions.map((region) => regionWithout(region, left)),
    shared: sharedWithout(inventory.shared, left, inventory.account.id),
  };
}

function regionWithout(region: RegionInventory, left: ReadonlySet<InventoryPart>): RegionInventory {
  const name = region.region;
  const blank: Blank = (part, service, operation, resource) => notSelected(part, service, operation, name, resource);
  const v1 = region.apigateway;
  const v2 = region.apigatewayv2;
  const restApis: RegionInventory['apigateway']['restApis'] = left.has('rest-apis')
    ? blank('rest-apis', 'apigateway', 'GetRestApis', name)
    : v1.restApis.ok
      ? { ok: true, value: v1.restApis.value.map((api) => restApiWithout(api, left, blank)) }
      : v1.restApis;
  const v2Apis: RegionInventory['apigatewayv2']['apis'] = left.has('v2-apis')
    ? blank('v2-apis', 'apigatewayv2', 'GetApis', name)
    : v2.apis.ok
      ? { ok: true, value: v2.apis.value.map((api) => v2ApiWithout(api, left, blank)) }
      : v2.apis;
  return {
    ...region,
    apigateway: {
      account: left.has('account-settings') ? blank('account-settings', 'apigateway', 'GetAccount', name) : v1.account,
      restApis,
      usagePlans: left.has('usage-plans') ? blank('usage-plans', 'apigateway', 'GetUsagePlans', name) : v1.usagePlans,
      apiKeys: left.has('api-keys') ? blank('api-keys', 'apigateway', 'GetApiKeys', name) : v1.apiKeys,
      domainNames: left.has('domains') ? blank('domains', 'apigateway', 'GetDomainNames', name) : v1.domainNames,
      clientCertificates: left.has('client-certificates')
        ? blank('client-certificates', 'apigateway', 'GetClientCertificates', name)
        : v1.clientCertificates,
    },
    apigatewayv2: {
      apis: v2Apis,
      domainNames: left.has('domains') ? blank('domains', 'apigatewayv2', 'GetDomainNames', name) : v2.domainNames,
    },
    webAcls: left.has('web-acls') ? blankEntries(region.webAcls, (arn) => blank('web-acls', 'wafv2', 'GetWebACL', arn)) : region.webAcls,
    ...(region.webAclLogging
      ? {
          webAclLogging: left.has('web-acl-logging')
            ? blankEntries(region.webAclLogging, (arn) => blank('web-acl-logging', 'wafv2', 'GetLoggingConfiguration', arn))
            : region.webAclLogging,
        }
      : {}),
    certificates: left.has('certificates')
      ? blankEntries(region.certificates, (arn) => blank('certificates', 'acm', 'DescribeCertificate', arn))
      : region.certificates,
    ...(region.identityPools
      ? { identityPools: left.has('identity-pools') ? blank('identity-pools', 'cognito-identity', 'ListIdentityPools', name) : region.identityPools }
      : {}),
    trails: left.has('trails') ? blank('trails', 'cloudtrail', 'DescribeTrails', name) : region.trails,
    alarms: left.has('alarms') ? blank('alarms', 'cloudwatch', 'DescribeAlarms', name) : region.alarms,
    logGroups: left.has('log-groups')
      ? blankEntries(region.logGroups, (group) => blank('log-groups', 'logs', 'DescribeLogGroups', group))
      : region.logGroups,
  };
}

function restApiWithout(api: RestApi, left: ReadonlySet<InventoryPart>, blank: Blank): RestApi {
  const slot = (part: InventoryPart, operation: string) => blank(part, 'apigateway', operation, api.arn);
  return {
    ...api,
    resources: left.has('rest-resources') ? slot('rest-resources', 'GetResources') : api.resources,
    stages: left.has('rest-stages') ? slot('rest-stages', 'GetStages') : api.stages,
    authorizers: left.has('rest-authorizers') ? slot('rest-authorizers', 'GetAuthorizers') : api.authorizers,
    requestValidators: left.has('rest-request-validators') ? slot('rest-request-validators', 'GetRequestValidators') : api.requestValidators,
    deployments: left.has('rest-deployments')
      ? blankEntries(api.deployments, (id) => blank('rest-deployments', 'apigateway', 'GetExport', `${api.arn}/deployments/${id}`))
      : api.deployments,
  };
}

function v2ApiWithout(api: V2Api, left: ReadonlySet<InventoryPart>, blank: Blank): V2Api {
  const slot = (part: InventoryPart, operation: string) => blank(part, 'apigatewayv2', operation, api.arn);
  return {
    ...api,
    routes: left.has('v2-routes') ? slot('v2-routes', 'GetRoutes') : api.routes,
    stages: left.has('v2-stages') ? slot('v2-stages', 'GetStages') : api.stages,
    integrations: left.has('v2-integrations') ? slot('v2-integrations', 'GetIntegrations') : api.integrations,
    authorizers: left.has('v2-authorizers') ? slot('v2-authorizers', 'GetAuthorizers') : api.authorizers,
    stageExports: left.has('v2-exports')
      ? blankEntries(api.stageExports, (stage) => blank('v2-exports', 'apigatewayv2', 'ExportApi', `${api.arn}/stages/${stage}`))
      : api.stageExports,
  };
}

function sharedWithout(shared: SharedInventory, left: ReadonlySet<InventoryPart>, accountId: string): SharedInventory {
  const global: Blank = (part, service, operation, resource) => notSelected(part, service, operation, resource.split(':')[3] || 'global', resource);
  const { awsManagedPolicies, ...rest } = shared;
  return {
    ...rest,
    iamPolicies: left.has('iam-policies') ? notSelected('iam-policies', 'iam', 'GetAccountAuthorizationDetails', 'global', accountId) : shared.iamPolicies,
    ...(awsManagedPolicies && !left.has('iam-policies') ? { awsManagedPolicies } : {}),
    userPools: left.has('user-pools')
      ? blankEntries(shared.userPools, (arn) => global('user-pools', 'cognito-idp', 'DescribeUserPool', arn))
      : shared.userPools,
    kmsKeys: left.has('kms-keys') ? blankEntries(shared.kmsKeys, (arn) => global('kms-keys', 'kms', 'DescribeKey', arn)) : shared.kmsKeys,
    ...(shared.lambdaFunctions
      ? {
          lambdaFunctions: left.has('lambda-functions')
            ? blankEntries(shared.lambdaFunctions, (arn) => global('lambda-functions', 'lambda', 'GetFunctionConfiguration', arn))
            : shared.lambdaFunctions,
        }
      : {}),
    ...(shared.userPoolWebAcls
      ? {
          userPoolWebAcls: left.has('user-pool-web-acls')
            ? blankEntries(shared.userPoolWebAcls, (arn) => global('user-pool-web-acls', 'wafv2', 'GetWebACLForResource', arn))
            : shared.userPoolWebAcls,
        }
      : {}),
    ...(left.has('dns-records') ? { route53: { hostedZones: notSelected('dns-records', 'route53', 'ListHostedZones', 'global', accountId) } } : {}),
    ...(left.has('shield') ? { shield: { subscription: notSelected('shield', 'shield', 'GetSubscriptionState', 'global', accountId) } } : {}),
  };
}

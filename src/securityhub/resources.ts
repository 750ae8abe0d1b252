/**
 * The `Resources[0]` of a finding: the Security Hub resource type for each apiposture resource
 * type, and `Details` in Security Hub's own shapes ("Resources ASFF object", "AwsApiGateway resource details").
 *
 * With an inventory the details are converted from what AWS returned (stage method settings
 * from API Gateway's map to Security Hub's list, a v2 stage's default route settings as its one
 * route-settings object, dates as strings); from a report alone they are minimal (ids and
 * names). Stage variable values are masked: they may hold the very secrets a check reports; URIs
 * (CORS origins, truststore URIs) lose their credentials (`redactUri`).
 * Pure: no I/O.
 */
import type {
  AwsApiGatewayMethodSettings,
  AwsApiGatewayV2RouteSettings,
  Partition,
  Resource,
  ResourceDetails,
} from '@aws-sdk/client-securityhub';
import type { ResourceRef, ResourceType } from '../engine/types.js';
import { parseSettingKey } from '../analysis/method-settings.js';
import { redactUri } from '../util/redact.js';
import type { Inventory, MethodSetting, V2RouteSettings } from '../inventory/schema.js';
import { maskValue } from '../util/secrets.js';
import { InventoryView, type Entity, type Selection } from '../inventory/view.js';

/** Security Hub's limits on `Details.Other` and `Resources[].Tags` ("Resources ASFF object"). */
const OTHER_MAX_PAIRS = 50;
const OTHER_MAX_KEY = 128;
const OTHER_MAX_VALUE = 1024;
const TAG_MAX_PAIRS = 50;
const TAG_MAX_KEY = 128;
const TAG_MAX_VALUE = 256;

/**
 * The Security Hub resource type of each apiposture resource type. The ASFF resource list
 * ("Resources ASFF object", Security Hub CSPM User Guide) has no type for Cognito user pools nor
 * for API Gateway custom domain names (its AwsApiGateway types are RestApi, Stage, V2Api and
 * V2Stage): those are `Other`, as the ASFF `Other` object page says for a type not provided,
 * with the CloudFormation-style name in `Details.Other.ResourceType`.
 */
const SECURITY_HUB_RESOURCE_TYPES: Record<ResourceType, string> = {
  'rest-api': 'AwsApiGatewayRestApi',
  'rest-stage': 'AwsApiGatewayStage',
  'http-api': 'AwsApiGatewayV2Api',
  'websocket-api': 'AwsApiGatewayV2Api',
  'v2-stage': 'AwsApiGatewayV2Stage',
  'kms-key': 'AwsKmsKey',
  'iam-policy': 'AwsIamPolicy',
  account: 'AwsAccount',
  domain: 'Other',
  'user-pool': 'Other',
  // ASFF has no type for Cognito identity pools either.
  'identity-pool': 'Other',
  // Route 53 record sets: ASFF has AwsRoute53HostedZone for zones, no type for one record.
  'dns-record': 'Other',
  'lambda-function': 'AwsLambdaFunction',
  'web-acl': 'AwsWafv2WebAcl',
};

/** The Security Hub resource types a check's findings carry, without repeats. */
export function securityHubResourceTypes(types: readonly ResourceType[]): string[] {
  return [...new Set(types.map((type) => SECURITY_HUB_RESOURCE_TYPES[type]))];
}

const PARTITIONS: readonly string[] = ['aws', 'aws-cn', 'aws-us-gov', 'aws-us-iso', 'aws-us-iso-b'];

/** Drops undefined members (and empty objects/lists), so findings carry only what is known. */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined || member === null) continue;
    if (Array.isArray(member) && member.length === 0) continue;
    if (typeof member === 'object' && !Array.isArray(member) && Object.keys(member).length === 0) continue;
    out[key] = member;
  }
  return out as T;
}

/** A string map within Security Hub's limits on pairs, key length and value length. */
export function boundedMap(
  entries: Iterable<[string, string | undefined]>,
  limits = { pairs: OTHER_MAX_PAIRS, key: OTHER_MAX_KEY, value: OTHER_MAX_VALUE },
): Record<string, string> {
  const out: Record<string, string> = {};
  let count = 0;
  for (const [key, value] of entries) {
    if (value === undefined || value === '' || key.length === 0 || key.length > limits.key) continue;
    if (count >= limits.pairs) break;
    out[key] = value.length > limits.value ? `${value.slice(0, limits.value - 1)}…` : value;
    count += 1;
  }
  return out;
}

/** URIs go to Security Hub with their credentials redacted, as in the report. */
function optionalUri(uri: string | undefined): string | undefined {
  return uri === undefined ? undefined : redactUri(uri);
}

function maskAll(variables: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!variables) return undefined;
  return Object.fromEntries(Object.keys(variables).sort().map((name) => [name, maskValue(variables[name]!)]));
}

/**
 * A stage's method settings as Security Hub's list. The API Gateway map is keyed
 * `{resource_path}/{http_method}` (slashes in the path as `~1`) or `*` + `/` + `*` for the
 * stage default; each key is decoded into `HttpMethod` and `ResourcePath`, and the path is
 * written the way Security Hub documents it: a leading slash, further slashes as `~1`
 * (`/pets/{id}` → `/~1pets~1{id}`), the root as `/`, and `*` for the stage-wide default.
 */
export function methodSettingsList(settings: Record<string, MethodSetting> | undefined): AwsApiGatewayMethodSettings[] {
  const out: AwsApiGatewayMethodSettings[] = [];
  for (const key of Object.keys(settings ?? {}).sort()) {
    const parsed = parseSettingKey(key);
    if (parsed.kind === 'invalid') continue;
    const s = settings![key]!;
    out.push(
      compact({
        HttpMethod: parsed.kind === 'default' ? '*' : parsed.httpMethod,
        ResourcePath: parsed.kind === 'default' ? '/*' : encodeResourcePath(parsed.path),
        MetricsEnabled: s.metricsEnabled,
        LoggingLevel: s.loggingLevel,
        DataTraceEnabled: s.dataTraceEnabled,
        ThrottlingBurstLimit: s.throttlingBurstLimit,
        ThrottlingRateLimit: s.throttlingRateLimit,
        CachingEnabled: s.cachingEnabled,
        CacheTtlInSeconds: s.cacheTtlInSeconds,
        CacheDataEncrypted: s.cacheDataEncrypted,
        RequireAuthorizationForCacheControl: s.requireAuthorizationForCacheControl,
        UnauthorizedCacheControlHeaderStrategy: s.unauthorizedCacheControlHeaderStrategy,
      }),
    );
  }
  return out;
}

/** `/pets/{id}` → `/~1pets~1{id}`; `/` stays `/`. */
export function encodeResourcePath(path: string): string {
  if (path === '/' || path === '') return '/';
  return `/${path.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function routeSettings(s: V2RouteSettings | undefined): AwsApiGatewayV2RouteSettings | undefined {
  if (!s) return undefined;
  return compact({
    DetailedMetricsEnabled: s.DetailedMetricsEnabled,
    LoggingLevel: s.LoggingLevel,
    DataTraceEnabled: s.DataTraceEnabled,
    ThrottlingBurstLimit: s.ThrottlingBurstLimit,
    ThrottlingRateLimit: s.ThrottlingRateLimit,
  });
}

/** Resource type, id, details and tags of one inventory entity. */
export interface ResourceFacts {
  type: string;
  id: string;
  details: ResourceDetails;
  tags?: Record<string, string>;
}

function tagsOf(tags: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!tags) return undefined;
  const bounded = boundedMap(
    Object.keys(tags)
      .sort()
      .map((key): [string, string] => [key, tags[key]!]),
    { pairs: TAG_MAX_PAIRS, key: TAG_MAX_KEY, value: TAG_MAX_VALUE },
  );
  return Object.keys(bounded).length ? bounded : undefined;
}

/** `arn:aws:iam::123456789012:role/app/inline/policy-name` → the role ARN, kind and policy name. */
export function parseInlinePolicyArn(arn: string): { holderArn: string; kind: 'role' | 'user' | 'group'; policyName: string } | undefined {
  const match = /^(arn:[\w-]+:iam::\d*:(role|user|group)\/.+)\/inline\/([^/]+)$/.exec(arn);
  if (!match) return undefined;
  return { holderArn: match[1]!, kind: match[2] as 'role' | 'user' | 'group', policyName: match[3]! };
}

function inlinePolicyFacts(arn: string): ResourceFacts | undefined {
  const inline = parseInlinePolicyArn(arn);
  if (!inline) return undefined;
  const holderName = inline.holderArn.split('/').pop() ?? inline.holderArn;
  const policy = [{ PolicyName: inline.policyName }];
  if (inline.kind === 'role') {
    return { type: 'AwsIamRole', id: inline.holderArn, details: { AwsIamRole: { RoleName: holderName, RolePolicyList: policy } } };
  }
  if (inline.kind === 'user') {
    return { type: 'AwsIamUser', id: inline.holderArn, details: { AwsIamUser: { UserName: holderName, UserPolicyList: policy } } };
  }
  return { type: 'AwsIamGroup', id: inline.holderArn, details: { AwsIamGroup: { GroupName: holderName, GroupPolicyList: policy } } };
}

function lastSegment(arn: string): string {
  return arn.split('/').pop() ?? arn;
}

/** What a report alone says about a resource: its type, id, and name. */
export function minimalFacts(ref: ResourceRef, account: string): ResourceFacts {
  const id = ref.arn;
  switch (ref.type) {
    case 'rest-api':
      return { type: 'AwsApiGatewayRestApi', id, details: { AwsApiGatewayRestApi: { Id: lastSegment(ref.arn), Name: ref.name } } };
    case 'rest-stage':
      return { type: 'AwsApiGatewayStage', id, details: { AwsApiGatewayStage: { StageName: lastSegment(ref.arn) } } };
    case 'http-api':
    case 'websocket-api':
      return {
        type: 'AwsApiGatewayV2Api',
        id,
        details: {
          AwsApiGatewayV2Api: { ApiId: lastSegment(ref.arn), Name: ref.name, ProtocolType: ref.type === 'http-api' ? 'HTTP' : 'WEBSOCKET' },
        },
      };
    case 'v2-stage':
      return { type: 'AwsApiGatewayV2Stage', id, details: { AwsApiGatewayV2Stage: { StageName: lastSegment(ref.arn) } } };
    case 'kms-key':
      return { type: 'AwsKmsKey', id, details: { AwsKmsKey: { KeyId: lastSegment(ref.arn) } } };
    case 'iam-policy':
      return inlinePolicyFacts(ref.arn) ?? { type: 'AwsIamPolicy', id, details: { AwsIamPolicy: { PolicyName: ref.name } } };
    case 'account':
      return {
        type: 'AwsAccount',
        id: `AWS::::Account:${account}`,
        details: { Other: boundedMap([['ApiGatewayAccountArn', ref.arn], ['Region', ref.region]]) },
      };
    case 'domain':
      return { type: 'Other', id, details: { Other: boundedMap([['ResourceType', 'AwsApiGatewayDomainName'], ['DomainName', ref.name]]) } };
    case 'dns-record':
      return { type: 'Other', id, details: { Other: boundedMap([['ResourceType', 'AwsRoute53RecordSet'], ['Name', ref.name]]) } };
    case 'user-pool':
      return {
        type: 'Other',
        id,
        details: { Other: boundedMap([['ResourceType', 'AwsCognitoUserPool'], ['UserPoolId', lastSegment(ref.arn)], ['Name', ref.name]]) },
      };
    case 'identity-pool':
      return {
        type: 'Other',
        id,
        details: { Other: boundedMap([['ResourceType', 'AwsCognitoIdentityPool'], ['IdentityPoolId', lastSegment(ref.arn)], ['Name', ref.name]]) },
      };
    case 'lambda-function':
      return { type: 'AwsLambdaFunction', id, details: { AwsLambdaFunction: { FunctionName: ref.arn.split(':')[6] ?? ref.name } } };
    case 'web-acl':
      return { type: 'AwsWafv2WebAcl', id, details: { AwsWafv2WebAcl: { Arn: ref.arn, Name: ref.name } } };
  }
}

function entityFacts(entity: Entity, account: string): ResourceFacts | undefined {
  switch (entity.kind) {
    case 'rest-api': {
      const api = entity.api;
      return {
        type: 'AwsApiGatewayRestApi',
        id: entity.ref.arn,
        details: {
          AwsApiGatewayRestApi: compact({
            Id: api.id,
            Name: api.name,
            Description: api.description,
            CreatedDate: api.createdDate,
            Version: api.version,
            ApiKeySource: api.apiKeySource,
            EndpointConfiguration: api.endpointConfiguration?.types ? { Types: [...api.endpointConfiguration.types] } : undefined,
          }),
          Other: boundedMap([
            ['DisableExecuteApiEndpoint', api.disableExecuteApiEndpoint === undefined ? undefined : String(api.disableExecuteApiEndpoint)],
            ['SecurityPolicy', api.securityPolicy],
          ]),
        },
        ...(api.tags ? { tags: api.tags } : {}),
      };
    }
    case 'rest-stage': {
      const s = entity.stage;
      return {
        type: 'AwsApiGatewayStage',
        id: entity.ref.arn,
        details: {
          AwsApiGatewayStage: compact({
            DeploymentId: s.deploymentId,
            ClientCertificateId: s.clientCertificateId,
            StageName: s.stageName,
            Description: s.description,
            CacheClusterEnabled: s.cacheClusterEnabled,
            CacheClusterSize: s.cacheClusterSize,
            CacheClusterStatus: s.cacheClusterStatus,
            MethodSettings: methodSettingsList(s.methodSettings),
            Variables: maskAll(s.variables),
            AccessLogSettings: s.accessLogSettings
              ? compact({ Format: s.accessLogSettings.format, DestinationArn: s.accessLogSettings.destinationArn })
              : undefined,
            TracingEnabled: s.tracingEnabled,
            CreatedDate: s.createdDate,
            LastUpdatedDate: s.lastUpdatedDate,
            WebAclArn: s.webAclArn,
          }),
        },
        ...(s.tags ? { tags: s.tags } : {}),
      };
    }
    case 'v2-api': {
      const api = entity.api;
      const cors = api.CorsConfiguration;
      return {
        type: 'AwsApiGatewayV2Api',
        id: entity.ref.arn,
        details: {
          AwsApiGatewayV2Api: compact({
            ApiEndpoint: api.ApiEndpoint,
            ApiId: api.ApiId,
            ApiKeySelectionExpression: api.ApiKeySelectionExpression,
            CreatedDate: api.CreatedDate,
            Description: api.Description,
            Version: api.Version,
            Name: api.Name,
            ProtocolType: api.ProtocolType,
            RouteSelectionExpression: api.RouteSelectionExpression,
            CorsConfiguration: cors
              ? compact({
                  AllowOrigins: cors.AllowOrigins?.map(redactUri),
                  AllowCredentials: cors.AllowCredentials,
                  ExposeHeaders: cors.ExposeHeaders,
                  MaxAge: cors.MaxAge,
                  AllowMethods: cors.AllowMethods,
                  AllowHeaders: cors.AllowHeaders,
                })
              : undefined,
          }),
          // Security Hub's shape has no field for these.
          Other: boundedMap([
            ['DisableExecuteApiEndpoint', api.DisableExecuteApiEndpoint === undefined ? undefined : String(api.DisableExecuteApiEndpoint)],
            ['IpAddressType', api.IpAddressType],
          ]),
        },
        ...(api.Tags ? { tags: api.Tags } : {}),
      };
    }
    case 'v2-stage': {
      const s = entity.stage;
      const overridden = Object.keys(s.RouteSettings ?? {}).length > 0;
      return {
        type: 'AwsApiGatewayV2Stage',
        id: entity.ref.arn,
        details: {
          AwsApiGatewayV2Stage: compact({
            ClientCertificateId: s.ClientCertificateId,
            CreatedDate: s.CreatedDate,
            Description: s.Description,
            DefaultRouteSettings: routeSettings(s.DefaultRouteSettings),
            DeploymentId: s.DeploymentId,
            LastUpdatedDate: s.LastUpdatedDate,
            // Security Hub holds one route-settings object "for the stage", API Gateway a map of
            // per-route overrides: the stage's default settings go here (no single route stands
            // for the stage), the overrides by route key in Other.
            RouteSettings: routeSettings(s.DefaultRouteSettings),
            StageName: s.StageName,
            StageVariables: maskAll(s.StageVariables),
            AccessLogSettings: s.AccessLogSettings
              ? compact({ Format: s.AccessLogSettings.Format, DestinationArn: s.AccessLogSettings.DestinationArn })
              : undefined,
            AutoDeploy: s.AutoDeploy,
            ApiGatewayManaged: s.ApiGatewayManaged,
          }),
          Other: boundedMap([['RouteSettingsByRouteKey', overridden ? JSON.stringify(s.RouteSettings) : undefined]]),
        },
        ...(s.Tags ? { tags: s.Tags } : {}),
      };
    }
    case 'domain': {
      const v1 = entity.v1;
      const v2 = entity.v2;
      const config = v2?.DomainNameConfigurations?.[0];
      return {
        type: 'Other',
        id: entity.ref.arn,
        details: {
          Other: boundedMap([
            ['ResourceType', 'AwsApiGatewayDomainName'],
            ['DomainName', entity.name],
            ['EndpointType', v1?.endpointConfiguration?.types?.join(',') ?? config?.EndpointType],
            ['SecurityPolicy', v1?.securityPolicy ?? config?.SecurityPolicy],
            ['CertificateArn', v1?.regionalCertificateArn ?? v1?.certificateArn ?? config?.CertificateArn],
            ['DomainNameStatus', v1?.domainNameStatus ?? config?.DomainNameStatus],
            ['MutualTlsTruststoreUri', optionalUri(v1?.mutualTlsAuthentication?.truststoreUri ?? v2?.MutualTlsAuthentication?.TruststoreUri)],
            ['MappedApiArns', entity.mappedApiArns.length ? entity.mappedApiArns.join(',') : undefined],
          ]),
        },
        ...(v2?.Tags ? { tags: v2.Tags } : {}),
      };
    }
    case 'user-pool': {
      const pool = entity.pool;
      return {
        type: 'Other',
        id: entity.ref.arn,
        details: {
          Other: boundedMap([
            ['ResourceType', 'AwsCognitoUserPool'],
            ['UserPoolId', pool.Id],
            ['Name', pool.Name],
            ['MfaConfiguration', pool.MfaConfiguration],
            ['DeletionProtection', pool.DeletionProtection],
            ['UserPoolTier', pool.UserPoolTier],
            ['AdvancedSecurityMode', pool.UserPoolAddOns?.AdvancedSecurityMode],
          ]),
        },
      };
    }
    case 'kms-key': {
      const key = entity.key;
      return {
        type: 'AwsKmsKey',
        id: entity.ref.arn,
        details: {
          AwsKmsKey: compact({
            AWSAccountId: key.Arn.split(':')[4] || account,
            KeyId: key.KeyId,
            KeyManager: key.KeyManager,
            KeyState: key.KeyState,
            Origin: key.Origin,
            KeyRotationStatus: key.rotation.ok ? key.rotation.value.KeyRotationEnabled : undefined,
          }),
        },
      };
    }
    case 'iam-policy': {
      const policy = entity.policy;
      if (policy.kind !== 'managed') return inlinePolicyFacts(entity.ref.arn);
      return {
        type: 'AwsIamPolicy',
        id: policy.arn,
        details: { AwsIamPolicy: compact({ PolicyName: policy.name, AttachmentCount: policy.attachmentCount }) },
      };
    }
    case 'lambda-function': {
      const fn = entity.fn;
      return {
        type: 'AwsLambdaFunction',
        id: entity.ref.arn,
        details: {
          AwsLambdaFunction: compact({
            FunctionName: fn.FunctionName,
            Runtime: fn.Runtime,
            PackageType: fn.PackageType,
            Version: fn.Version,
            LastModified: fn.LastModified,
          }),
        },
      };
    }
    case 'outside-lambda-function':
    case 'region':
    case 'dns-record':
    case 'web-acl':
      return undefined;
  }
}

/**
 * Resource facts for every entity of an inventory, by the ARN results use. Selections that the
 * inventory cannot answer (an older snapshot without some part) are skipped: details are a
 * convenience, the report's results are the truth.
 */
export function inventoryFacts(inventory: Inventory): Map<string, ResourceFacts> {
  const view = new InventoryView(inventory);
  const account = inventory.account.id;
  const selections: (() => Selection<Entity>)[] = [
    () => view.restApis(),
    () => view.restStages(),
    () => view.v2Apis(),
    () => view.v2Stages(),
    () => view.domains(),
    () => view.userPools(),
    () => view.kmsKeys(),
    () => view.iamPolicies(),
  ];
  const facts = new Map<string, ResourceFacts>();
  for (const select of selections) {
    let targets: readonly Entity[];
    try {
      targets = select().targets;
    } catch {
      continue;
    }
    for (const entity of targets) {
      const found = entityFacts(entity, account);
      if (found) facts.set(entity.ref.arn, found);
    }
  }
  return facts;
}

/** The finding's resource: typed details from the inventory when known, else minimal ones. */
export function findingResource(
  ref: ResourceRef,
  options: { account: string; partition: string; region: string; facts?: ReadonlyMap<string, ResourceFacts> },
): Resource {
  const facts = options.facts?.get(ref.arn) ?? minimalFacts(ref, options.account);
  const details = compact({ ...facts.details, Other: facts.details.Other && Object.keys(facts.details.Other).length ? facts.details.Other : undefined });
  const global = ref.region === 'global' || ref.region === '';
  const tags = tagsOf(facts.tags);
  return compact({
    Type: facts.type,
    Id: facts.id,
    Partition: PARTITIONS.includes(options.partition) ? (options.partition as Partition) : undefined,
    Region: global ? undefined : options.region,
    Tags: tags,
    Details: details,
  });
}

/**
 * The inventory snapshot: what AWS returned, kept faithfully, plus what could not be collected.
 *
 * Shapes follow the AWS SDK v3 output shapes (same member names and casing), with Dates as ISO
 * strings. The snapshot file keeps every field AWS returned; only the fields checks rely on are
 * declared here. Reading a snapshot validates those (a wrong type is a schema error) and drops
 * the rest, so a typo in a check is a compile error rather than a silent `undefined`.
 */
import { z } from 'zod';

/** 2: REST APIs carry the configuration each deployment serves (`deployments`), HTTP APIs their stage exports. */
export const INVENTORY_SCHEMA_VERSION = 2;

const str = z.string();
const optStr = z.string().optional();
const optBool = z.boolean().optional();
const optNum = z.number().optional();
const stringMap = z.record(z.string(), z.string());
/**
 * Stage variables: a map of strings that keeps every key. `z.record` rebuilds the object by
 * assignment, which drops a key named `__proto__`, a legal stage-variable name that may hold a
 * secret; this validates the values and keeps the object as it was read.
 */
const variableMap = z.custom<Record<string, string>>(
  (value) =>
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string'),
  { message: 'expected a map of strings' },
);

export const collectionErrorSchema = z.object({
  service: str,
  operation: str,
  region: str,
  /** ARN or id of what the call was about; the region or account for list calls. */
  resource: str,
  code: str,
  message: str,
  /** True when retries ran out on throttling or transient faults (the data may exist). */
  retriesExhausted: optBool,
});
export type CollectionError = z.infer<typeof collectionErrorSchema>;

/**
 * One collected piece of data: either the value, or the reason it is missing.
 * Checks must handle both; nothing defaults a missing value into a fact.
 */
export function collected<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: collectionErrorSchema }),
  ]);
}
export type Collected<T> = { ok: true; value: T } | { ok: false; error: CollectionError };

// ── API Gateway v1 (REST) ──────────────────────────────────────────────────────────────

export const integrationSchema = z.object({
  type: optStr,
  httpMethod: optStr,
  uri: optStr,
  connectionType: optStr,
  connectionId: optStr,
  credentials: optStr,
  tlsConfig: z.object({ insecureSkipVerification: optBool }).optional(),
});
export type Integration = z.infer<typeof integrationSchema>;

export const methodSchema = z.object({
  httpMethod: optStr,
  authorizationType: optStr,
  authorizerId: optStr,
  apiKeyRequired: z.boolean().nullable().optional(),
  requestValidatorId: optStr,
  operationName: optStr,
  requestModels: stringMap.optional(),
  requestParameters: z.record(z.string(), z.boolean()).optional(),
  authorizationScopes: z.array(str).optional(),
  methodIntegration: integrationSchema.optional(),
});
export type Method = z.infer<typeof methodSchema>;

export const resourceSchema = z.object({
  id: str,
  path: str,
  parentId: optStr,
  pathPart: optStr,
  resourceMethods: z.record(z.string(), methodSchema).optional(),
});
export type Resource = z.infer<typeof resourceSchema>;

export const methodSettingSchema = z.object({
  metricsEnabled: optBool,
  loggingLevel: optStr,
  dataTraceEnabled: optBool,
  throttlingBurstLimit: optNum,
  throttlingRateLimit: optNum,
  cachingEnabled: optBool,
  cacheTtlInSeconds: optNum,
  cacheDataEncrypted: optBool,
  requireAuthorizationForCacheControl: optBool,
  unauthorizedCacheControlHeaderStrategy: optStr,
});
export type MethodSetting = z.infer<typeof methodSettingSchema>;

export const stageSchema = z.object({
  stageName: str,
  deploymentId: optStr,
  description: optStr,
  clientCertificateId: optStr,
  cacheClusterEnabled: optBool,
  cacheClusterSize: optStr,
  cacheClusterStatus: optStr,
  methodSettings: z.record(z.string(), methodSettingSchema).optional(),
  variables: variableMap.optional(),
  /** A canary release: its share of traffic runs `deploymentId` with `stageVariableOverrides` applied. */
  canarySettings: z
    .object({
      percentTraffic: optNum,
      deploymentId: optStr,
      stageVariableOverrides: variableMap.optional(),
      useStageCache: optBool,
    })
    .optional(),
  accessLogSettings: z.object({ format: optStr, destinationArn: optStr }).optional(),
  tracingEnabled: optBool,
  webAclArn: optStr,
  tags: stringMap.optional(),
  createdDate: optStr,
  lastUpdatedDate: optStr,
});
export type Stage = z.infer<typeof stageSchema>;

export const authorizerSchema = z.object({
  id: str,
  name: optStr,
  type: optStr,
  providerARNs: z.array(str).optional(),
  authType: optStr,
  authorizerUri: optStr,
  identitySource: optStr,
  authorizerResultTtlInSeconds: optNum,
});
export type Authorizer = z.infer<typeof authorizerSchema>;

export const requestValidatorSchema = z.object({
  id: str,
  name: optStr,
  validateRequestBody: optBool,
  validateRequestParameters: optBool,
});
export type RequestValidator = z.infer<typeof requestValidatorSchema>;

export const restApiFieldsSchema = z.object({
  id: str,
  arn: str,
  name: optStr,
  description: optStr,
  createdDate: optStr,
  version: optStr,
  apiKeySource: optStr,
  endpointConfiguration: z
    .looseObject({
      types: z.array(str).optional(),
      vpcEndpointIds: z.array(str).optional(),
      ipAddressType: optStr,
    })
    .optional(),
  /** The resource policy as AWS returns it: a JSON string, sometimes with escaped quotes. */
  policy: optStr,
  disableExecuteApiEndpoint: optBool,
  securityPolicy: optStr,
  endpointAccessMode: optStr,
  rootResourceId: optStr,
  tags: stringMap.optional(),
});
export type RestApiFields = z.infer<typeof restApiFieldsSchema>;

/**
 * What one deployment of a REST API serves: methods, authorizers, integrations, request
 * validators and (where the source carries them) the resource policy and the default-endpoint
 * switch, as they were when the deployment was made. Stages serve deployments, not the working
 * copy that `GetResources` / `GetRestApi` return: a change reaches a stage only when deployed.
 *
 * `source` says what it was read from: `export` (`GetExport` of a stage, OpenAPI 3 with the
 * API Gateway extensions) carries everything below; `api-summary` (`GetDeployment` with
 * `embed=apisummary`, for a canary's deployment, which no stage export shows) carries each
 * method's authorization type and API-key requirement only.
 */
export const deployedMethodSchema = z.object({
  path: str,
  httpMethod: str,
  /** NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS, or what the source said when it is none of them. */
  authorizationType: str,
  /** The authorizer's name (exports name authorizers, not their ids). */
  authorizerName: optStr,
  /** The OAuth scopes a Cognito authorizer requires of the access token; absent when none (or older snapshots). */
  authorizationScopes: z.array(str).optional(),
  apiKeyRequired: z.boolean(),
  /** `export` only. */
  integration: z
    .object({
      type: optStr,
      uri: optStr,
      connectionType: optStr,
      connectionId: optStr,
      tlsConfig: z.object({ insecureSkipVerification: optBool }).optional(),
    })
    .optional(),
  /** `export` only: the validator in force for the method, if any. */
  requestValidator: z.object({ name: optStr, validateRequestBody: optBool, validateRequestParameters: optBool }).optional(),
  /**
   * `export` only: the request body's models by content type (from the method's `requestBody`);
   * absent when the method has none. Body validation checks the body against these.
   */
  requestModels: z.record(z.string(), z.string()).optional(),
});
export type DeployedMethod = z.infer<typeof deployedMethodSchema>;

export const deployedRestConfigSchema = z.object({
  deploymentId: str,
  source: z.enum(['export', 'api-summary']),
  /** The stage whose export was read (`export`). */
  stageName: optStr,
  /** When the deployment was made (`GetDeployment` / `GetDeployments`), when known. */
  createdDate: optStr,
  methods: z.array(deployedMethodSchema),
  /** `export`: the authorizers the methods name, by name. */
  authorizers: z
    .array(
      z.object({
        name: str,
        type: optStr,
        authorizerUri: optStr,
        providerARNs: z.array(str).optional(),
        identitySource: optStr,
        authorizerResultTtlInSeconds: optNum,
      }),
    )
    .optional(),
  /** `export`: the resource policy as deployed (JSON text); null when the export has none. */
  policy: z.string().nullable().optional(),
  /** `export`: the default-endpoint switch as deployed, when the export states it. */
  disableExecuteApiEndpoint: optBool,
});
export type DeployedRestConfig = z.infer<typeof deployedRestConfigSchema>;

export const restApiSchema = restApiFieldsSchema.extend({
  resources: collected(z.array(resourceSchema)),
  stages: collected(z.array(stageSchema)),
  /** Fetched only when a method names an authorizer; otherwise collected as an empty list. */
  authorizers: collected(z.array(authorizerSchema)),
  /** Fetched only when a method names a request validator; otherwise an empty list. */
  requestValidators: collected(z.array(requestValidatorSchema)),
  /** What each deployment a stage (or its canary) serves, by deployment id. */
  deployments: z.record(z.string(), collected(deployedRestConfigSchema)),
});
export type RestApi = z.infer<typeof restApiSchema>;

export const usagePlanSchema = z.object({
  id: str,
  name: optStr,
  apiStages: z
    .array(
      z.object({
        apiId: optStr,
        stage: optStr,
        throttle: z
          .record(z.string(), z.object({ burstLimit: optNum, rateLimit: optNum }))
          .optional(),
      }),
    )
    .optional(),
  throttle: z.object({ burstLimit: optNum, rateLimit: optNum }).optional(),
  quota: z.object({ limit: optNum, offset: optNum, period: optStr }).optional(),
});
export type UsagePlan = z.infer<typeof usagePlanSchema>;

/** API keys are listed without values: `GetApiKeys` is never called with `includeValues`. */
export const apiKeySchema = z.object({
  id: str,
  name: optStr,
  enabled: optBool,
  createdDate: optStr,
  lastUpdatedDate: optStr,
  stageKeys: z.array(str).optional(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

export const basePathMappingSchema = z.object({
  basePath: optStr,
  restApiId: optStr,
  stage: optStr,
});

export const domainNameSchema = z.object({
  domainName: str,
  domainNameArn: optStr,
  certificateArn: optStr,
  regionalCertificateArn: optStr,
  /** The target DNS records point at: `d-….execute-api.<region>.amazonaws.com` (regional), `….cloudfront.net` (edge). */
  regionalDomainName: optStr,
  distributionDomainName: optStr,
  securityPolicy: optStr,
  endpointAccessMode: optStr,
  endpointConfiguration: z.object({ types: z.array(str).optional() }).optional(),
  domainNameStatus: optStr,
  mutualTlsAuthentication: z
    .looseObject({
      truststoreUri: optStr,
      truststoreVersion: optStr,
      truststoreWarnings: z.array(str).optional(),
    })
    .optional(),
  basePathMappings: collected(z.array(basePathMappingSchema)),
});
export type DomainName = z.infer<typeof domainNameSchema>;

export const clientCertificateSchema = z.object({
  clientCertificateId: str,
  description: optStr,
  createdDate: optStr,
  expirationDate: optStr,
});
export type ClientCertificate = z.infer<typeof clientCertificateSchema>;

export const accountSettingsSchema = z.object({
  cloudwatchRoleArn: optStr,
  throttleSettings: z.object({ burstLimit: optNum, rateLimit: optNum }).optional(),
});
export type AccountSettings = z.infer<typeof accountSettingsSchema>;

// ── API Gateway v2 (HTTP and WebSocket) ────────────────────────────────────────────────

export const v2RouteSchema = z.object({
  RouteId: optStr,
  RouteKey: str,
  AuthorizationType: optStr,
  AuthorizerId: optStr,
  AuthorizationScopes: z.array(str).optional(),
  ApiKeyRequired: optBool,
  Target: optStr,
  ApiGatewayManaged: optBool,
});
export type V2Route = z.infer<typeof v2RouteSchema>;

export const v2RouteSettingsSchema = z.object({
  DataTraceEnabled: optBool,
  DetailedMetricsEnabled: optBool,
  LoggingLevel: optStr,
  ThrottlingBurstLimit: optNum,
  ThrottlingRateLimit: optNum,
});
export type V2RouteSettings = z.infer<typeof v2RouteSettingsSchema>;

export const v2StageSchema = z.object({
  StageName: str,
  AccessLogSettings: z.object({ DestinationArn: optStr, Format: optStr }).optional(),
  DefaultRouteSettings: v2RouteSettingsSchema.optional(),
  RouteSettings: z.record(z.string(), v2RouteSettingsSchema).optional(),
  AutoDeploy: optBool,
  ApiGatewayManaged: optBool,
  ClientCertificateId: optStr,
  DeploymentId: optStr,
  Description: optStr,
  StageVariables: variableMap.optional(),
  Tags: stringMap.optional(),
  CreatedDate: optStr,
  LastUpdatedDate: optStr,
});
export type V2Stage = z.infer<typeof v2StageSchema>;

export const v2AuthorizerSchema = z.object({
  AuthorizerId: str,
  Name: optStr,
  AuthorizerType: optStr,
  JwtConfiguration: z.object({ Audience: z.array(str).optional(), Issuer: optStr }).optional(),
  IdentitySource: z.array(str).optional(),
  AuthorizerResultTtlInSeconds: optNum,
  AuthorizerUri: optStr,
  AuthorizerCredentialsArn: optStr,
  AuthorizerPayloadFormatVersion: optStr,
  EnableSimpleResponses: optBool,
});
export type V2Authorizer = z.infer<typeof v2AuthorizerSchema>;

export const v2IntegrationSchema = z.object({
  IntegrationId: optStr,
  IntegrationType: optStr,
  IntegrationSubtype: optStr,
  IntegrationUri: optStr,
  IntegrationMethod: optStr,
  ConnectionType: optStr,
  ConnectionId: optStr,
  CredentialsArn: optStr,
  PayloadFormatVersion: optStr,
  TlsConfig: z.object({ ServerNameToVerify: optStr }).optional(),
});
export type V2Integration = z.infer<typeof v2IntegrationSchema>;

export const v2ApiFieldsSchema = z.object({
  ApiId: str,
  arn: str,
  Name: optStr,
  /** `HTTP` or `WEBSOCKET`. */
  ProtocolType: str,
  ApiEndpoint: optStr,
  ApiKeySelectionExpression: optStr,
  CorsConfiguration: z
    .object({
      AllowCredentials: optBool,
      AllowHeaders: z.array(str).optional(),
      AllowMethods: z.array(str).optional(),
      AllowOrigins: z.array(str).optional(),
      ExposeHeaders: z.array(str).optional(),
      MaxAge: optNum,
    })
    .optional(),
  CreatedDate: optStr,
  Description: optStr,
  DisableExecuteApiEndpoint: optBool,
  DisableSchemaValidation: optBool,
  IpAddressType: optStr,
  RouteSelectionExpression: optStr,
  ApiGatewayManaged: optBool,
  Version: optStr,
  Tags: stringMap.optional(),
});
export type V2ApiFields = z.infer<typeof v2ApiFieldsSchema>;

/**
 * What an HTTP API stage without automatic deployment serves, from `ExportApi` with
 * `StageName` (OpenAPI 3 with extensions): each route with its authorization and integration.
 * Stages with `AutoDeploy` serve the latest configuration (the API's routes); WebSocket APIs
 * cannot be exported, so what their stages serve cannot be read.
 */
export const deployedV2RouteSchema = z.object({
  routeKey: str,
  /** NONE, AWS_IAM, JWT, CUSTOM. */
  authorizationType: str,
  authorizerName: optStr,
  /** The scopes a JWT authorizer requires; absent when none (or older snapshots). */
  authorizationScopes: z.array(str).optional(),
  integration: z
    .object({ type: optStr, uri: optStr, connectionType: optStr, connectionId: optStr, serverNameToVerify: optStr })
    .optional(),
});
export type DeployedV2Route = z.infer<typeof deployedV2RouteSchema>;

export const deployedV2ConfigSchema = z.object({ stageName: str, routes: z.array(deployedV2RouteSchema) });
export type DeployedV2Config = z.infer<typeof deployedV2ConfigSchema>;

export const v2ApiSchema = v2ApiFieldsSchema.extend({
  routes: collected(z.array(v2RouteSchema)),
  stages: collected(z.array(v2StageSchema)),
  /** Fetched only when a route, or a route a stage export serves, names an authorizer; otherwise collected as an empty list. */
  authorizers: collected(z.array(v2AuthorizerSchema)),
  integrations: collected(z.array(v2IntegrationSchema)),
  /** HTTP APIs: what each stage without `AutoDeploy` serves, by stage name. */
  stageExports: z.record(z.string(), collected(deployedV2ConfigSchema)),
});
export type V2Api = z.infer<typeof v2ApiSchema>;

export const apiMappingSchema = z.object({
  ApiMappingId: optStr,
  ApiId: str,
  Stage: optStr,
  ApiMappingKey: optStr,
});
export type ApiMapping = z.infer<typeof apiMappingSchema>;

export const v2DomainNameSchema = z.object({
  DomainName: str,
  DomainNameArn: optStr,
  ApiMappingSelectionExpression: optStr,
  DomainNameConfigurations: z
    .array(
      z.object({
        ApiGatewayDomainName: optStr,
        CertificateArn: optStr,
        CertificateName: optStr,
        DomainNameStatus: optStr,
        EndpointType: optStr,
        SecurityPolicy: optStr,
        IpAddressType: optStr,
      }),
    )
    .optional(),
  MutualTlsAuthentication: z
    .object({
      TruststoreUri: optStr,
      TruststoreVersion: optStr,
      TruststoreWarnings: z.array(str).optional(),
    })
    .optional(),
  Tags: stringMap.optional(),
  apiMappings: collected(z.array(apiMappingSchema)),
});
export type V2DomainName = z.infer<typeof v2DomainNameSchema>;

// ── WAFv2 and ACM ──────────────────────────────────────────────────────────────────────

/** `VisibilityConfig` of a web ACL, a rule or a Firewall Manager rule group (required by WAFv2). */
export const visibilityConfigSchema = z.object({
  CloudWatchMetricsEnabled: optBool,
  MetricName: optStr,
  SampledRequestsEnabled: optBool,
});
export type VisibilityConfig = z.infer<typeof visibilityConfigSchema>;

export const webAclSchema = z.object({
  Name: optStr,
  Id: optStr,
  ARN: str,
  /** Rule statements nest deeply; they are kept whole for the rule checks to walk. */
  DefaultAction: z.looseObject({}).optional(),
  Rules: z.array(z.looseObject({ Name: optStr, Priority: optNum, VisibilityConfig: visibilityConfigSchema.optional() })).optional(),
  PreProcessFirewallManagerRuleGroups: z.array(z.looseObject({})).optional(),
  PostProcessFirewallManagerRuleGroups: z.array(z.looseObject({})).optional(),
  VisibilityConfig: visibilityConfigSchema.optional(),
});
export type WebAcl = z.infer<typeof webAclSchema>;

/**
 * `GetLoggingConfiguration` of a web ACL: `enabled: false` when WAF answers
 * `WAFNonexistentItemException` (the web ACL has no logging configuration).
 */
export const webAclLoggingSchema = z.object({
  enabled: z.boolean(),
  /** One destination: a CloudWatch Logs group, an S3 bucket or a Firehose stream (`aws-waf-logs-` names). */
  LogDestinationConfigs: z.array(str).optional(),
  ManagedByFirewallManager: optBool,
  LogType: optStr,
  LogScope: optStr,
  RedactedFields: z.array(z.looseObject({})).optional(),
  LoggingFilter: z.looseObject({ DefaultBehavior: optStr }).optional(),
});
export type WebAclLogging = z.infer<typeof webAclLoggingSchema>;

/** `GetWebACLForResource` of a user pool: the associated web ACL, or `associated: false`. */
export const resourceWebAclSchema = z.object({
  associated: z.boolean(),
  WebACLArn: optStr,
  Name: optStr,
});
export type ResourceWebAcl = z.infer<typeof resourceWebAclSchema>;

export const certificateSchema = z.object({
  CertificateArn: str,
  DomainName: optStr,
  Status: optStr,
  Type: optStr,
  KeyAlgorithm: optStr,
  NotBefore: optStr,
  NotAfter: optStr,
  RenewalEligibility: optStr,
  InUseBy: z.array(str).optional(),
});
export type Certificate = z.infer<typeof certificateSchema>;

// ── What protects the APIs: identity, audit, monitoring, keys, IAM ────────────────────

export const passwordPolicySchema = z.object({
  MinimumLength: optNum,
  RequireUppercase: optBool,
  RequireLowercase: optBool,
  RequireNumbers: optBool,
  RequireSymbols: optBool,
  PasswordHistorySize: optNum,
  TemporaryPasswordValidityDays: optNum,
});

export const userPoolClientSchema = z.object({
  ClientId: str,
  ClientName: optStr,
  ExplicitAuthFlows: z.array(str).optional(),
  PreventUserExistenceErrors: optStr,
  EnableTokenRevocation: optBool,
  AccessTokenValidity: optNum,
  IdTokenValidity: optNum,
  RefreshTokenValidity: optNum,
  TokenValidityUnits: z.object({ AccessToken: optStr, IdToken: optStr, RefreshToken: optStr }).optional(),
  AllowedOAuthFlows: z.array(str).optional(),
  /** Whether the client may use the OAuth flows above (the authorization server's endpoints). */
  AllowedOAuthFlowsUserPoolClient: optBool,
  AllowedOAuthScopes: z.array(str).optional(),
  CallbackURLs: z.array(str).optional(),
});
export type UserPoolClient = z.infer<typeof userPoolClientSchema>;

export const userPoolMfaSchema = z.object({
  MfaConfiguration: optStr,
  SoftwareTokenMfaConfiguration: z.object({ Enabled: optBool }).optional(),
  SmsMfaConfiguration: z.looseObject({}).optional(),
  EmailMfaConfiguration: z.looseObject({}).optional(),
  WebAuthnConfiguration: z.looseObject({}).optional(),
});
export type UserPoolMfa = z.infer<typeof userPoolMfaSchema>;

const accountTakeoverActionSchema = z.object({ EventAction: optStr, Notify: optBool });

/** `DescribeRiskConfiguration`: threat protection's responses (full-function mode only). */
export const riskConfigurationSchema = z.object({
  UserPoolId: optStr,
  /** Present on an app client's own configuration; absent when the client inherits the pool's. */
  ClientId: optStr,
  CompromisedCredentialsRiskConfiguration: z
    .object({ EventFilter: z.array(str).optional(), Actions: z.object({ EventAction: optStr }).optional() })
    .optional(),
  AccountTakeoverRiskConfiguration: z
    .object({
      Actions: z
        .object({
          LowAction: accountTakeoverActionSchema.optional(),
          MediumAction: accountTakeoverActionSchema.optional(),
          HighAction: accountTakeoverActionSchema.optional(),
        })
        .optional(),
    })
    .optional(),
  RiskExceptionConfiguration: z
    .object({ BlockedIPRangeList: z.array(str).optional(), SkippedIPRangeList: z.array(str).optional() })
    .optional(),
});
export type RiskConfiguration = z.infer<typeof riskConfigurationSchema>;

export const userPoolRiskSchema = z.object({
  /** Asked with the pool id only: the pool-level configuration. */
  pool: riskConfigurationSchema,
  /**
   * App clients with a configuration of their own, which replaces the pool's for them, by
   * ClientId. Every app client was asked; a client not listed inherits the pool's.
   */
  clients: z.record(z.string(), riskConfigurationSchema),
});
export type UserPoolRisk = z.infer<typeof userPoolRiskSchema>;

/** `DescribeUserPool`, with the pool's MFA configuration and app clients. Never user data. */
export const userPoolSchema = z.object({
  Id: str,
  Arn: str,
  Name: optStr,
  MfaConfiguration: optStr,
  DeletionProtection: optStr,
  UserPoolTier: optStr,
  Policies: z
    .object({
      PasswordPolicy: passwordPolicySchema.optional(),
      SignInPolicy: z.object({ AllowedFirstAuthFactors: z.array(str).optional() }).optional(),
    })
    .optional(),
  UserPoolAddOns: z.object({ AdvancedSecurityMode: optStr }).optional(),
  /** `AllowAdminCreateUserOnly: false`: anyone can sign up (self-service sign-up). */
  AdminCreateUserConfig: z.object({ AllowAdminCreateUserOnly: optBool }).optional(),
  /** The triggers that decide who may sign up and what tokens carry. */
  LambdaConfig: z
    .object({
      PreSignUp: optStr,
      PreTokenGeneration: optStr,
      PreTokenGenerationConfig: z.object({ LambdaVersion: optStr, LambdaArn: optStr }).optional(),
    })
    .optional(),
  mfa: collected(userPoolMfaSchema),
  clients: collected(z.array(userPoolClientSchema)),
  /** Read only when threat protection is ENFORCED (its actions apply in no other mode). */
  riskConfiguration: collected(userPoolRiskSchema).optional(),
});
export type UserPool = z.infer<typeof userPoolSchema>;

export const trailSchema = z.object({
  Name: str,
  TrailARN: str,
  HomeRegion: optStr,
  IsMultiRegionTrail: optBool,
  IncludeGlobalServiceEvents: optBool,
  IsOrganizationTrail: optBool,
  LogFileValidationEnabled: optBool,
  KmsKeyId: optStr,
  S3BucketName: optStr,
  CloudWatchLogsLogGroupArn: optStr,
  status: collected(z.object({ IsLogging: optBool, LatestDeliveryError: optStr, StartLoggingTime: optStr, StopLoggingTime: optStr })),
  selectors: collected(
    z.object({
      EventSelectors: z
        .array(
          z.object({
            ReadWriteType: optStr,
            IncludeManagementEvents: optBool,
            ExcludeManagementEventSources: z.array(str).optional(),
          }),
        )
        .optional(),
      AdvancedEventSelectors: z
        .array(
          z.object({
            Name: optStr,
            FieldSelectors: z.array(
              z.object({
                Field: str,
                Equals: z.array(str).optional(),
                NotEquals: z.array(str).optional(),
                StartsWith: z.array(str).optional(),
                NotStartsWith: z.array(str).optional(),
                EndsWith: z.array(str).optional(),
                NotEndsWith: z.array(str).optional(),
              }),
            ),
          }),
        )
        .optional(),
    }),
  ),
});
export type Trail = z.infer<typeof trailSchema>;

export const metricAlarmSchema = z.object({
  AlarmName: str,
  AlarmArn: optStr,
  ActionsEnabled: optBool,
  AlarmActions: z.array(str).optional(),
  OKActions: z.array(str).optional(),
  InsufficientDataActions: z.array(str).optional(),
  StateValue: optStr,
  Namespace: optStr,
  MetricName: optStr,
  Dimensions: z.array(z.object({ Name: str, Value: str })).optional(),
  /** Metric-math alarms name their metrics here instead of at the top level. */
  Metrics: z
    .array(
      z.object({
        Id: optStr,
        Expression: optStr,
        MetricStat: z
          .object({
            Metric: z
              .object({
                Namespace: optStr,
                MetricName: optStr,
                Dimensions: z.array(z.object({ Name: str, Value: str })).optional(),
              })
              .optional(),
          })
          .optional(),
      }),
    )
    .optional(),
});
export type MetricAlarm = z.infer<typeof metricAlarmSchema>;

/** A log group a stage writes to; `exists: false` when the destination names a missing group. */
export const logGroupSchema = z.object({
  logGroupName: str,
  exists: z.boolean(),
  arn: optStr,
  retentionInDays: optNum,
  kmsKeyId: optStr,
  creationTime: optNum,
});
export type LogGroup = z.infer<typeof logGroupSchema>;

export const kmsKeySchema = z.object({
  KeyId: str,
  Arn: str,
  KeyManager: optStr,
  KeyState: optStr,
  KeySpec: optStr,
  Origin: optStr,
  /** `GetKeyRotationStatus`; only for customer-managed symmetric keys (else NotApplicable). */
  rotation: collected(z.object({ KeyRotationEnabled: optBool, RotationPeriodInDays: optNum })),
});
export type KmsKey = z.infer<typeof kmsKeySchema>;

/** One IAM policy document, with where it lives (a customer-managed policy or an inline one). */
export const iamPolicySchema = z.object({
  /** `managed`, or the kind of principal an inline policy is embedded in. */
  kind: z.enum(['managed', 'role', 'user', 'group']),
  name: str,
  /** The managed policy ARN, or the ARN of the role/user/group holding the inline policy. */
  arn: str,
  attachmentCount: optNum,
  /**
   * Managed policies: the roles, users and groups it is attached to, as the resource part of
   * their ARNs (`role/app/lambda-exec`, `user/deployer`, `group/admins`), from the
   * `AttachedManagedPolicies` of `GetAccountAuthorizationDetails`. Absent in older snapshots.
   */
  attachedTo: z.array(str).optional(),
  /** The policy document (URL-decoded JSON text, as IAM stores it). */
  document: str,
});
export type IamPolicy = z.infer<typeof iamPolicySchema>;

// ── Route 53 ───────────────────────────────────────────────────────────────────────────

/** A record set as `ListResourceRecordSets` returns it; only alias and CNAME targets are read. */
export const recordSetSchema = z.object({
  Name: str,
  Type: str,
  SetIdentifier: optStr,
  TTL: optNum,
  AliasTarget: z.object({ DNSName: str, HostedZoneId: optStr, EvaluateTargetHealth: optBool }).optional(),
  ResourceRecords: z.array(z.object({ Value: str })).optional(),
});
export type RecordSet = z.infer<typeof recordSetSchema>;

/**
 * A public hosted zone (`ListHostedZones`) with the records of it that point at an API Gateway or
 * CloudFront host (`ListResourceRecordSets`); a zone whose records could not be read holds the error.
 */
export const hostedZoneSchema = z.object({
  Id: str,
  Name: str,
  Config: z.object({ PrivateZone: optBool, Comment: optStr }).optional(),
  ResourceRecordSetCount: optNum,
  records: collected(z.array(recordSetSchema)),
});
export type HostedZone = z.infer<typeof hostedZoneSchema>;

// ── AWS Lambda ─────────────────────────────────────────────────────────────────────────

/** `GetFunctionUrlConfig`: the function URL of a function (or alias) and how it authenticates. */
export const functionUrlSchema = z.object({ FunctionUrl: optStr, AuthType: optStr });
export type FunctionUrl = z.infer<typeof functionUrlSchema>;

/**
 * A Lambda function an API integration or a Lambda authorizer invokes (`GetFunctionConfiguration`),
 * keyed by the ARN the API names (with its alias or version when qualified). Never its code nor
 * its environment variables.
 */
export const lambdaFunctionSchema = z.object({
  FunctionName: optStr,
  FunctionArn: optStr,
  /** Absent for container images (`PackageType: Image`), whose image chooses its runtime. */
  Runtime: optStr,
  PackageType: optStr,
  Version: optStr,
  LastModified: optStr,
  /** `GetPolicy`: the resource-based policy as JSON text; null when there is none (ResourceNotFoundException). */
  policy: collected(z.string().nullable()),
  /** `GetFunctionUrlConfig`: null when the function (or its alias) has no URL (ResourceNotFoundException). */
  url: collected(functionUrlSchema.nullable()),
});
export type LambdaFunction = z.infer<typeof lambdaFunctionSchema>;

// ── Cognito identity pools ─────────────────────────────────────────────────────────────

/** `DescribeIdentityPool` with `GetIdentityPoolRoles`. Nothing about identities is read. */
export const identityPoolSchema = z.object({
  IdentityPoolId: str,
  IdentityPoolName: optStr,
  AllowUnauthenticatedIdentities: optBool,
  /** The basic (classic) flow: credentials of the role itself, without Cognito's session policy. */
  AllowClassicFlow: optBool,
  CognitoIdentityProviders: z.array(z.object({ ProviderName: optStr, ClientId: optStr })).optional(),
  /** `GetIdentityPoolRoles`: `Roles.unauthenticated` is the role guests get. */
  roles: collected(z.object({ Roles: stringMap.optional(), RoleMappings: z.record(z.string(), z.looseObject({})).optional() })),
});
export type IdentityPool = z.infer<typeof identityPoolSchema>;

// ── The snapshot ───────────────────────────────────────────────────────────────────────

export const regionInventorySchema = z.object({
  region: str,
  apigateway: z.object({
    account: collected(accountSettingsSchema),
    restApis: collected(z.array(restApiSchema)),
    usagePlans: collected(z.array(usagePlanSchema)),
    apiKeys: collected(z.array(apiKeySchema)),
    domainNames: collected(z.array(domainNameSchema)),
    clientCertificates: collected(z.array(clientCertificateSchema)),
  }),
  apigatewayv2: z.object({
    apis: collected(z.array(v2ApiSchema)),
    /** The same custom domains as `apigateway.domainNames`, seen through v2: API mappings. */
    domainNames: collected(z.array(v2DomainNameSchema)),
  }),
  /** Web ACLs by ARN: one `GetWebACL` per distinct `Stage.webAclArn`. */
  webAcls: z.record(z.string(), collected(webAclSchema)),
  /** Logging configurations of the same web ACLs, by ARN. Absent in older snapshots (not collected). */
  webAclLogging: z.record(z.string(), collected(webAclLoggingSchema)).optional(),
  /** ACM certificates by ARN: the ones behind custom domains. */
  certificates: z.record(z.string(), collected(certificateSchema)),
  /** `DescribeTrails` (shadow trails included), each with its status and event selectors. */
  trails: collected(z.array(trailSchema)),
  /** `DescribeAlarms`, kept only when an alarm watches an `AWS/ApiGateway` metric. */
  alarms: collected(z.array(metricAlarmSchema)),
  /**
   * Cognito identity pools of the region (`ListIdentityPools`, then `DescribeIdentityPool` and
   * `GetIdentityPoolRoles` each). Absent in older snapshots (not collected).
   */
  identityPools: collected(z.array(identityPoolSchema)).optional(),
  /** Log groups stages write to (access and execution logs) and their web ACLs' WAF logs, by log group name. */
  logGroups: z.record(z.string(), collected(logGroupSchema)),
});
export type RegionInventory = z.infer<typeof regionInventorySchema>;

/** Resources that are not per region, or that APIs in several regions may share. */
/** One Shield Advanced protection (`ListProtections`): the resource it protects, by ARN. */
export const shieldProtectionSchema = z.object({
  Id: optStr,
  Name: optStr,
  ResourceArn: str,
  ProtectionArn: optStr,
});
export type ShieldProtection = z.infer<typeof shieldProtectionSchema>;

/** A CloudFront distribution (`ListDistributions`), with where it sends requests. */
export const distributionSchema = z.object({
  Id: str,
  ARN: str,
  DomainName: optStr,
  Enabled: optBool,
  /** The origins' host names: an API's execute-api host or custom domain when it fronts one. */
  originDomainNames: z.array(str),
});
export type Distribution = z.infer<typeof distributionSchema>;

export const shieldInventorySchema = z.object({
  /** `GetSubscriptionState`: ACTIVE or INACTIVE (ResourceNotFoundException is recorded as INACTIVE). */
  subscription: collected(z.object({ SubscriptionState: str })),
  /** `ListProtections`, every page; absent when the subscription is not ACTIVE (not called). */
  protections: collected(z.array(shieldProtectionSchema)).optional(),
  /** CloudFront `ListDistributions`, every page; like `protections`, read only while ACTIVE. */
  distributions: collected(z.array(distributionSchema)).optional(),
});
export type ShieldInventory = z.infer<typeof shieldInventorySchema>;

export const sharedInventorySchema = z.object({
  /** Customer-managed and inline policies (`GetAccountAuthorizationDetails`). */
  iamPolicies: collected(z.array(iamPolicySchema)),
  /**
   * AWS-managed policies attached to a role, user or group, by policy ARN: default version
   * (`ListPolicies` Scope=AWS OnlyAttached, then `GetPolicyVersion`). Absent in older snapshots
   * and when `GetAccountAuthorizationDetails` failed.
   */
  awsManagedPolicies: z.record(z.string(), collected(iamPolicySchema)).optional(),
  /** User pools that authorizers trust, by pool ARN. */
  userPools: z.record(z.string(), collected(userPoolSchema)),
  /** KMS keys protecting the log groups and trails above, by key ARN. */
  kmsKeys: z.record(z.string(), collected(kmsKeySchema)),
  /**
   * Lambda functions the served integrations and authorizers invoke, by the ARN they name. Absent
   * in older snapshots: the Lambda checks report every function an API names as not collected.
   */
  lambdaFunctions: z.record(z.string(), collected(lambdaFunctionSchema)).optional(),
  /** The web ACL of each user pool above (`GetWebACLForResource`), by pool ARN. Absent in older snapshots. */
  userPoolWebAcls: z.record(z.string(), collected(resourceWebAclSchema)).optional(),
  /**
   * Route 53 is global: the account's public hosted zones, read once per scan. Absent in
   * snapshots from before it was collected (the DNS checks report that as a gap).
   */
  route53: z.object({ hostedZones: collected(z.array(hostedZoneSchema)) }).optional(),
  /**
   * AWS Shield Advanced (global), read once per scan: the subscription state and, only while it
   * is ACTIVE, every protection. Absent in snapshots from before it was collected (the Shield
   * check reports that as a gap).
   */
  shield: shieldInventorySchema.optional(),
});
export type SharedInventory = z.infer<typeof sharedInventorySchema>;

export const inventorySchema = z.object({
  schemaVersion: z.literal(INVENTORY_SCHEMA_VERSION),
  tool: z.object({ name: z.literal('apiposture'), version: str }),
  collectedAt: z.iso.datetime({ offset: true }),
  account: z.object({ id: z.string().regex(/^\d{12}$/), partition: str }),
  regions: z.array(regionInventorySchema),
  shared: sharedInventorySchema,
  errors: z.array(collectionErrorSchema),
  /**
   * Present when the snapshot was collected for a selection of checks: the checks, and the parts
   * collected for them (src/inventory/parts.ts). The other parts hold `NotSelected` slots.
   * Optional: snapshots without it, and tools that do not know it, read the same.
   */
  selection: z.object({ checks: z.array(str), parts: z.array(str) }).optional(),
});
export type Inventory = z.infer<typeof inventorySchema>;

/**
 * The working copy (the draft: `GetResources`, `GetRestApi`, `GetRoutes` …) in the shape of
 * what a deployment serves. Stages serve deployments: comparing a stage's deployed view with
 * this one shows the fixes made but not deployed, and the weaker configuration waiting for the
 * next deployment. Fixtures and the demo also build their deployed views from it (a deployment
 * made from the current draft serves exactly this).
 */
import type {
  Collected,
  CollectionError,
  DeployedMethod,
  DeployedRestConfig,
  DeployedV2Config,
  DeployedV2Route,
  Integration,
  Method,
  RequestValidator,
  RestApi,
  Stage,
  V2Api,
  V2Stage,
} from '../inventory/schema.js';
import { compareMethods, inKeyOrder, sortedByMethod } from './method-settings.js';
import { sameIntegration, sameList, sameTextRecord, sameValidator } from './same-deployed.js';

export type RestDraft = Pick<RestApi, 'resources' | 'authorizers' | 'requestValidators' | 'policy' | 'disableExecuteApiEndpoint'>;

/** What a deployment made now from the draft would serve; a failed draft read stays a failure. */
export function restDraftConfig(api: RestDraft, deploymentId = '(draft)', stageName?: string): Collected<DeployedRestConfig> {
  if (!api.resources.ok) return api.resources;
  if (!api.authorizers.ok) return api.authorizers;
  if (!api.requestValidators.ok) return api.requestValidators;
  const authorizers = new Map(api.authorizers.value.map((a) => [a.id, a]));
  const validators = new Map(api.requestValidators.value.map((v) => [v.id, v]));
  const methods: DeployedMethod[] = [];
  // Built field by field (in the order a snapshot writes them): one shape per kind of method,
  // and no intermediate objects, since this runs for every method of every API.
  // Resource by resource in path order, each one's methods in order: sorted as `compareMethods` sorts.
  for (const { key: path, item: resource } of inKeyOrder(api.resources.value, (r) => r.path)) {
    const resourceMethods = resource.resourceMethods ?? {};
    for (const { item: verb } of inKeyOrder(Object.keys(resourceMethods), (v) => resourceMethods[v]!.httpMethod ?? v)) {
      const method = resourceMethods[verb]!;
      const authorizer = method.authorizerId === undefined ? undefined : authorizers.get(method.authorizerId);
      const validator = method.requestValidatorId === undefined ? undefined : validators.get(method.requestValidatorId);
      // apiKeyRequired follows the authorizer fields, as in a snapshot written before.
      const deployed = { path, httpMethod: method.httpMethod ?? verb, authorizationType: method.authorizationType ?? 'NONE' } as DeployedMethod;
      if (authorizer?.name !== undefined) deployed.authorizerName = authorizer.name;
      if (method.authorizationScopes?.length) deployed.authorizationScopes = [...method.authorizationScopes];
      deployed.apiKeyRequired = method.apiKeyRequired === true;
      if (method.methodIntegration) deployed.integration = deployedIntegration(method.methodIntegration);
      if (validator) deployed.requestValidator = deployedValidator(validator);
      if (method.requestModels && Object.keys(method.requestModels).length > 0) deployed.requestModels = { ...method.requestModels };
      methods.push(deployed);
    }
  }
  sortedByMethod(methods);
  return {
    ok: true,
    value: {
      deploymentId,
      source: 'export',
      ...(stageName !== undefined ? { stageName } : {}),
      methods,
      ...apiLevelOf(api.resources.value, api.authorizers.value, api),
    },
  };
}

type Authorizers = Extract<RestApi['authorizers'], { ok: true }>['value'];

/** What `restDraftConfig` would hold besides its methods, without building them. */
export type RestDraftApiLevel = Pick<DeployedRestConfig, 'authorizers' | 'policy' | 'disableExecuteApiEndpoint'>;

/** The API-level part of `restDraftConfig(api)` (its authorizers, policy, default endpoint); a failed draft read stays a failure. */
export function restDraftApiLevel(api: RestDraft): Collected<RestDraftApiLevel> {
  if (!api.resources.ok) return api.resources;
  if (!api.authorizers.ok) return api.authorizers;
  if (!api.requestValidators.ok) return api.requestValidators;
  return { ok: true, value: apiLevelOf(api.resources.value, api.authorizers.value, api) };
}

function apiLevelOf(
  resources: Extract<RestApi['resources'], { ok: true }>['value'],
  apiAuthorizers: Authorizers,
  { policy, disableExecuteApiEndpoint }: Pick<RestDraft, 'policy' | 'disableExecuteApiEndpoint'>,
): RestDraftApiLevel {
  const byId = new Map(apiAuthorizers.map((a) => [a.id, a]));
  const named = new Set<string>();
  for (const resource of resources) {
    for (const verb in resource.resourceMethods ?? {}) {
      const id = resource.resourceMethods![verb]!.authorizerId;
      if (id !== undefined && byId.get(id)?.name !== undefined) named.add(id);
    }
  }
  // The authorizers a deployment made from the draft carries: those its methods name.
  const authorizers = apiAuthorizers
    .filter((a) => named.has(a.id))
    .map((a) => ({
      name: a.name!,
      ...(a.type !== undefined ? { type: a.type } : {}),
      ...(a.authorizerUri !== undefined ? { authorizerUri: a.authorizerUri } : {}),
      ...(a.providerARNs !== undefined ? { providerARNs: [...a.providerARNs] } : {}),
      ...(a.identitySource !== undefined ? { identitySource: a.identitySource } : {}),
      ...(a.authorizerResultTtlInSeconds !== undefined ? { authorizerResultTtlInSeconds: a.authorizerResultTtlInSeconds } : {}),
    }));
  return {
    authorizers,
    policy: policy?.trim() ? policy : null,
    ...(disableExecuteApiEndpoint !== undefined ? { disableExecuteApiEndpoint } : {}),
  };
}

/**
 * Would `restDraftConfig(api).value.methods` hold these very methods, field for field
 * (`sameDeployedMethods`)? Walks the draft without building it: true only when sure; false
 * when a method differs or the draft's order needs a sort (then build the draft and compare).
 */
export function draftHoldsMethods(api: RestDraft, methods: readonly DeployedMethod[]): boolean {
  if (!api.resources.ok || !api.authorizers.ok || !api.requestValidators.ok) return false;
  const authorizers = api.authorizers.value;
  const validators = api.requestValidators.value;
  let i = 0;
  let previous: DeployedMethod | undefined;
  for (const { key: path, item: resource } of inKeyOrder(api.resources.value, (r) => r.path)) {
    const resourceMethods = resource.resourceMethods;
    if (resourceMethods === undefined) continue;
    let previousVerb: string | undefined;
    for (const verb in resourceMethods) {
      const method = resourceMethods[verb]!;
      const httpMethod = method.httpMethod ?? verb;
      if (previousVerb !== undefined && previousVerb > httpMethod) return false;
      previousVerb = httpMethod;
      const deployed = methods[i++];
      if (deployed === undefined || !draftMethodIs(method, path, httpMethod, deployed, authorizers, validators)) return false;
      // The draft's list is sorted again when two entries are out of `compareMethods` order.
      if (previous !== undefined && compareMethods(previous, deployed) > 0) return false;
      previous = deployed;
    }
  }
  return i === methods.length;
}

/** `sameDeployedMethod(<the method restDraftConfig builds>, deployed)`, without building it. */
function draftMethodIs(
  method: Method,
  path: string,
  httpMethod: string,
  deployed: DeployedMethod,
  authorizers: Authorizers,
  validators: Extract<RestApi['requestValidators'], { ok: true }>['value'],
): boolean {
  if (deployed.path !== path || deployed.httpMethod !== httpMethod) return false;
  if (deployed.authorizationType !== (method.authorizationType ?? 'NONE')) return false;
  if (deployed.apiKeyRequired !== (method.apiKeyRequired === true)) return false;
  const authorizer = method.authorizerId === undefined ? undefined : authorizers.findLast((a) => a.id === method.authorizerId);
  if (deployed.authorizerName !== authorizer?.name) return false;
  if (!sameList(method.authorizationScopes?.length ? method.authorizationScopes : undefined, deployed.authorizationScopes)) return false;
  if (!sameIntegration(method.methodIntegration, deployed.integration)) return false;
  const validator = method.requestValidatorId === undefined ? undefined : validators.findLast((v) => v.id === method.requestValidatorId);
  if (!sameValidator(validator, deployed.requestValidator)) return false;
  const models = method.requestModels && Object.keys(method.requestModels).length > 0 ? method.requestModels : undefined;
  return sameTextRecord(models, deployed.requestModels);
}

function deployedIntegration(integration: Integration): NonNullable<DeployedMethod['integration']> {
  const deployed: NonNullable<DeployedMethod['integration']> = {};
  if (integration.type !== undefined) deployed.type = integration.type;
  if (integration.uri !== undefined) deployed.uri = integration.uri;
  if (integration.connectionType !== undefined) deployed.connectionType = integration.connectionType;
  if (integration.connectionId !== undefined) deployed.connectionId = integration.connectionId;
  if (integration.tlsConfig !== undefined) deployed.tlsConfig = { ...integration.tlsConfig };
  return deployed;
}

function deployedValidator(validator: RequestValidator): NonNullable<DeployedMethod['requestValidator']> {
  const deployed: NonNullable<DeployedMethod['requestValidator']> = {};
  if (validator.name !== undefined) deployed.name = validator.name;
  if (validator.validateRequestBody !== undefined) deployed.validateRequestBody = validator.validateRequestBody;
  if (validator.validateRequestParameters !== undefined) deployed.validateRequestParameters = validator.validateRequestParameters;
  return deployed;
}

export type V2Draft = Pick<V2Api, 'routes' | 'integrations' | 'authorizers'>;

/** What an HTTP API stage would serve if deployed now from the latest configuration. */
export function v2DraftConfig(api: V2Draft, stageName: string): Collected<DeployedV2Config> {
  if (!api.routes.ok) return api.routes;
  if (!api.integrations.ok) return api.integrations;
  if (!api.authorizers.ok) return api.authorizers;
  const integrations = new Map(api.integrations.value.map((i) => [i.IntegrationId, i]));
  const authorizers = new Map(api.authorizers.value.map((a) => [a.AuthorizerId, a]));
  const routes = api.routes.value.map((route): DeployedV2Route => {
    const integrationId = route.Target?.startsWith('integrations/') ? route.Target.slice('integrations/'.length) : undefined;
    const integration = integrationId === undefined ? undefined : integrations.get(integrationId);
    const authorizer = route.AuthorizerId === undefined ? undefined : authorizers.get(route.AuthorizerId);
    return {
      routeKey: route.RouteKey,
      authorizationType: route.AuthorizationType ?? 'NONE',
      ...(authorizer?.Name !== undefined ? { authorizerName: authorizer.Name } : {}),
      ...(route.AuthorizationScopes?.length ? { authorizationScopes: [...route.AuthorizationScopes] } : {}),
      ...(integration
        ? {
            integration: {
              ...(integration.IntegrationType !== undefined ? { type: integration.IntegrationType } : {}),
              ...(integration.IntegrationUri !== undefined ? { uri: integration.IntegrationUri } : {}),
              ...(integration.ConnectionType !== undefined ? { connectionType: integration.ConnectionType } : {}),
              ...(integration.ConnectionId !== undefined ? { connectionId: integration.ConnectionId } : {}),
              ...(integration.TlsConfig?.ServerNameToVerify !== undefined ? { serverNameToVerify: integration.TlsConfig.ServerNameToVerify } : {}),
            },
          }
        : {}),
    };
  });
  routes.sort((a, b) => (a.routeKey < b.routeKey ? -1 : a.routeKey > b.routeKey ? 1 : 0));
  return { ok: true, value: { stageName, routes } };
}

/** What `GetDeployment` with `embed=apisummary` tells of a deployment: authorization and API keys only. */
export function apiSummaryOf(config: DeployedRestConfig): DeployedRestConfig {
  return {
    deploymentId: config.deploymentId,
    source: 'api-summary',
    methods: config.methods.map((m) => ({ path: m.path, httpMethod: m.httpMethod, authorizationType: m.authorizationType, apiKeyRequired: m.apiKeyRequired })),
  };
}

/**
 * The deployed views of a REST API whose every deployment was made from its current draft: a
 * stage's deployment read from its export, a canary-only deployment from its API summary.
 */
export function deploymentsOfDraft(api: RestDraft & Pick<RestApi, 'stages'>): RestApi['deployments'] {
  if (!api.stages.ok) return {};
  const deployments: RestApi['deployments'] = {};
  for (const stage of api.stages.value) {
    if (stage.deploymentId && !(stage.deploymentId in deployments)) {
      deployments[stage.deploymentId] = restDraftConfig(api, stage.deploymentId, stage.stageName);
    }
  }
  for (const stage of api.stages.value) {
    const id = stage.canarySettings?.deploymentId;
    if (id && !(id in deployments)) {
      const draft = restDraftConfig(api, id);
      deployments[id] = draft.ok ? { ok: true, value: apiSummaryOf(draft.value) } : draft;
    }
  }
  return deployments;
}

/** The stage exports of an HTTP API whose stages without automatic deployment serve its latest configuration. */
export function stageExportsOfDraft(api: V2Draft & Pick<V2Api, 'stages' | 'ProtocolType'>): V2Api['stageExports'] {
  if (!api.stages.ok || api.ProtocolType === 'WEBSOCKET') return {};
  const exports: V2Api['stageExports'] = {};
  for (const stage of api.stages.value) if (stage.AutoDeploy !== true) exports[stage.StageName] = v2DraftConfig(api, stage.StageName);
  return exports;
}

/** A deployed view the snapshot does not hold; `resource` starts with the API's ARN (which names the region). */
function notInSnapshot(operation: string, resource: string, message: string): { ok: false; error: CollectionError } {
  const region = resource.split(':')[3] ?? '';
  return { ok: false, error: { service: operation === 'ExportApi' ? 'apigatewayv2' : 'apigateway', operation, region, resource, code: 'NotCollected', message } };
}

/** What a REST stage serves: its deployment's view (a gap when it was not read). */
export function stageDeployment(api: Pick<RestApi, 'arn' | 'deployments'>, stage: Pick<Stage, 'stageName' | 'deploymentId'>): Collected<DeployedRestConfig> {
  if (!stage.deploymentId) {
    return notInSnapshot('GetStages', `${api.arn}/stages/${stage.stageName}`, `stage ${stage.stageName} names no deployment`);
  }
  return (
    api.deployments[stage.deploymentId] ??
    notInSnapshot('GetExport', `${api.arn}/deployments/${stage.deploymentId}`, `the deployment ${stage.deploymentId} of stage ${stage.stageName} is not in the snapshot`)
  );
}

/** What a REST stage's canary serves, when it has one with its own deployment. */
export function canaryDeployment(api: Pick<RestApi, 'arn' | 'deployments'>, stage: Pick<Stage, 'stageName' | 'canarySettings'>): Collected<DeployedRestConfig> | undefined {
  const id = stage.canarySettings?.deploymentId;
  if (!id) return undefined;
  return (
    api.deployments[id] ??
    notInSnapshot('GetDeployment', `${api.arn}/deployments/${id}`, `the canary deployment ${id} of stage ${stage.stageName} is not in the snapshot`)
  );
}

export type V2StageServes =
  /** AutoDeploy: the stage serves the API's latest configuration. */
  | { kind: 'latest' }
  /** An HTTP API stage without AutoDeploy: what its export shows. */
  | { kind: 'export'; config: Collected<DeployedV2Config> }
  /** A WebSocket stage without AutoDeploy: AWS offers no way to read what it serves. */
  | { kind: 'unknown'; reason: string };

export const WEBSOCKET_DEPLOYED_UNKNOWN =
  'judged on the latest configuration: AWS offers no way to read what a WebSocket stage without automatic deployment serves';

export function v2StageServes(api: Pick<V2Api, 'arn' | 'ProtocolType' | 'stageExports'>, stage: Pick<V2Stage, 'StageName' | 'AutoDeploy'>): V2StageServes {
  if (stage.AutoDeploy === true) return { kind: 'latest' };
  if (api.ProtocolType === 'WEBSOCKET') return { kind: 'unknown', reason: WEBSOCKET_DEPLOYED_UNKNOWN };
  const config =
    api.stageExports[stage.StageName] ??
    notInSnapshot('ExportApi', `${api.arn}/stages/${stage.StageName}`, `what stage ${stage.StageName} serves is not in the snapshot`);
  return { kind: 'export', config };
}

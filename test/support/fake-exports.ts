/**
 * The AWS look-alike's exports: what a stage serves (the snapshot's `deployments` and
 * `stageExports`) written as API Gateway writes it — an OpenAPI 3 document with the API Gateway
 * extensions for `GetExport` and `ExportApi`, an `apiSummary` for `GetDeployment`. The collector's
 * parsers (src/collect/exports.ts) read these back to the same snapshot: on the fields the
 * schema holds, renderer and parser are inverse.
 */
import type { DeployedMethod, DeployedRestConfig, DeployedV2Config, DeployedV2Route } from '../../src/inventory/schema.js';

type Json = Record<string, unknown>;

const lower = (value: string | undefined) => value?.toLowerCase();

function defined(value: Json): Json {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined));
}

/** Sets an entry as data, so a path or name like `__proto__` stays a key. */
function put(record: Json, key: string, value: unknown): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

function operationKey(httpMethod: string): string {
  return httpMethod === 'ANY' ? 'x-amazon-apigateway-any-method' : httpMethod.toLowerCase();
}

/** The policy as exports carry it: the document (AWS writes JSON, not text); unparsable text stays text. */
function policyDocument(policy: string): unknown {
  try {
    return JSON.parse(policy) as unknown;
  } catch {
    return policy;
  }
}

const SIGV4 = { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' };
const API_KEY = { type: 'apiKey', name: 'x-api-key', in: 'header' };
const AUTHTYPE_OF: Record<string, string> = { COGNITO_USER_POOLS: 'cognito_user_pools', CUSTOM: 'custom' };
/** The types an authorizer (a named scheme) stands for; with any other, a method's authorizer is not exported. */
const NAMED_TYPES = new Set(['CUSTOM', 'COGNITO_USER_POOLS', 'JWT']);

/**
 * A method's security: IAM through the `sigv4` scheme, an authorizer through its own scheme (by
 * name), an API key through `api_key`. Types without a scheme (an authorizer of no name, a value
 * AWS does not define) go in `x-amazon-apigateway-auth`.
 */
function security(
  authorizationType: string,
  authorizerName: string | undefined,
  apiKeyRequired: boolean,
  schemes: Json,
  scopes: readonly string[] = [],
): Json {
  const requirement: Json = {};
  const operation: Json = {};
  if (authorizationType === 'AWS_IAM') {
    put(requirement, 'sigv4', []);
    put(schemes, 'sigv4', SIGV4);
  } else if (authorizerName !== undefined && NAMED_TYPES.has(authorizationType)) {
    // Cognito and JWT authorizers list the scopes they require in the security requirement.
    put(requirement, authorizerName, [...scopes]);
    if (!Object.hasOwn(schemes, authorizerName)) {
      put(schemes, authorizerName, { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': AUTHTYPE_OF[authorizationType] ?? authorizationType });
    }
  } else if (authorizationType !== 'NONE') {
    operation['x-amazon-apigateway-auth'] = { type: authorizationType };
  }
  if (apiKeyRequired) {
    put(requirement, 'api_key', []);
    put(schemes, 'api_key', API_KEY);
  }
  if (Object.keys(requirement).length > 0) operation.security = [requirement];
  return operation;
}

function restIntegration(integration: DeployedMethod['integration']): Json | undefined {
  if (!integration) return undefined;
  return defined({
    type: lower(integration.type),
    httpMethod: 'POST',
    uri: integration.uri,
    connectionType: integration.connectionType,
    connectionId: integration.connectionId,
    tlsConfig: integration.tlsConfig,
    passthroughBehavior: 'when_no_match',
  });
}

/** `GetExport` (oas30, `extensions=apigateway,authorizers`) of a stage serving `config`. */
export function renderRestExport(config: DeployedRestConfig, api: { id: string; name?: string | undefined }, stageName: string, region: string): Json {
  const schemes: Json = {};
  for (const authorizer of config.authorizers ?? []) {
    const type = lower(authorizer.type);
    put(schemes, authorizer.name, {
      type: 'apiKey',
      name: 'Authorization',
      in: 'header',
      'x-amazon-apigateway-authtype': type === 'cognito_user_pools' ? 'cognito_user_pools' : 'custom',
      'x-amazon-apigateway-authorizer': defined({
        type,
        authorizerUri: authorizer.authorizerUri,
        providerARNs: authorizer.providerARNs,
        identitySource: authorizer.identitySource,
        authorizerResultTtlInSeconds: authorizer.authorizerResultTtlInSeconds,
      }),
    });
  }
  const paths: Json = {};
  const validators: Json = {};
  const models: Json = { Empty: { title: 'Empty Schema', type: 'object' } };
  for (const method of config.methods) {
    if (!Object.hasOwn(paths, method.path)) put(paths, method.path, {});
    const operation: Json = {
      responses: { '200': { description: '200 response' } },
      ...security(method.authorizationType, method.authorizerName, method.apiKeyRequired, schemes, method.authorizationScopes),
    };
    if (method.requestValidator?.name !== undefined) {
      const { name, ...flags } = method.requestValidator;
      operation['x-amazon-apigateway-request-validator'] = name;
      put(validators, name, flags);
    }
    if (method.requestModels) {
      const content: Json = {};
      for (const [contentType, model] of Object.entries(method.requestModels)) {
        put(content, contentType, { schema: { $ref: `#/components/schemas/${model}` } });
        put(models, model, { title: `${model} Schema`, type: 'object' });
      }
      operation.requestBody = { content, required: true };
    }
    const integration = restIntegration(method.integration);
    if (integration) operation['x-amazon-apigateway-integration'] = integration;
    put(paths[method.path] as Json, operationKey(method.httpMethod), operation);
  }
  const endpoint =
    config.disableExecuteApiEndpoint === undefined
      ? {}
      : { 'x-amazon-apigateway-endpoint-configuration': { disableExecuteApiEndpoint: config.disableExecuteApiEndpoint } };
  return {
    openapi: '3.0.1',
    info: { title: api.name ?? api.id, version: '2026-11-01T00:00:00Z' },
    servers: [{ url: `https://${api.id}.execute-api.${region}.amazonaws.com/{basePath}`, variables: { basePath: { default: stageName } }, ...endpoint }],
    paths,
    components: { schemas: models, ...(Object.keys(schemes).length > 0 ? { securitySchemes: schemes } : {}) },
    ...(Object.keys(validators).length > 0 ? { 'x-amazon-apigateway-request-validators': validators } : {}),
    ...(typeof config.policy === 'string' ? { 'x-amazon-apigateway-policy': policyDocument(config.policy) } : {}),
  };
}

/** `GetDeployment` with `embed=apisummary`: each method's authorization type and API-key requirement. */
export function renderDeployment(config: DeployedRestConfig): Json {
  const apiSummary: Json = {};
  for (const method of config.methods) {
    if (!Object.hasOwn(apiSummary, method.path)) put(apiSummary, method.path, {});
    put(apiSummary[method.path] as Json, method.httpMethod, { authorizationType: method.authorizationType, apiKeyRequired: method.apiKeyRequired });
  }
  return { id: config.deploymentId, ...(config.createdDate === undefined ? {} : { createdDate: config.createdDate }), apiSummary };
}

function v2Scheme(route: DeployedV2Route): Json {
  if (route.authorizationType === 'JWT') {
    return { type: 'oauth2', flows: {}, 'x-amazon-apigateway-authorizer': { type: 'jwt', identitySource: '$request.header.Authorization' } };
  }
  return {
    type: 'apiKey',
    name: 'Authorization',
    in: 'header',
    'x-amazon-apigateway-authorizer': { type: 'request', identitySource: '$request.header.Authorization', authorizerPayloadFormatVersion: '2.0' },
  };
}

/** `ExportApi` (OAS30, JSON, extensions) of an HTTP API stage serving `config`. */
export function renderHttpApiExport(config: DeployedV2Config, api: { ApiId: string; Name?: string | undefined }, region: string): Json {
  const schemes: Json = {};
  const paths: Json = {};
  for (const route of config.routes) {
    const isDefault = route.routeKey === '$default';
    const [verb, path] = isDefault ? ['ANY', '/$default'] : [route.routeKey.slice(0, route.routeKey.indexOf(' ')), route.routeKey.slice(route.routeKey.indexOf(' ') + 1)];
    if (!Object.hasOwn(paths, path)) put(paths, path, {});
    const name = route.authorizerName;
    if (name !== undefined && NAMED_TYPES.has(route.authorizationType) && !Object.hasOwn(schemes, name)) put(schemes, name, v2Scheme(route));
    const integration = route.integration;
    const operation: Json = {
      responses: { default: { description: `Default response for ${route.routeKey}` } },
      ...(isDefault ? { isDefaultRoute: true } : {}),
      ...security(route.authorizationType, name, false, schemes, route.authorizationScopes),
      ...(integration
        ? {
            'x-amazon-apigateway-integration': defined({
              payloadFormatVersion: '2.0',
              type: lower(integration.type),
              httpMethod: 'ANY',
              uri: integration.uri,
              connectionType: integration.connectionType,
              connectionId: integration.connectionId,
              tlsConfig: integration.serverNameToVerify === undefined ? undefined : { serverNameToVerify: integration.serverNameToVerify },
            }),
          }
        : {}),
    };
    put(paths[path] as Json, operationKey(verb!), operation);
  }
  return {
    openapi: '3.0.1',
    info: { title: api.Name ?? api.ApiId, version: '2026-11-01 00:00:00UTC' },
    servers: [{ url: `https://${api.ApiId}.execute-api.${region}.amazonaws.com/{basePath}`, variables: { basePath: { default: config.stageName } } }],
    paths,
    ...(Object.keys(schemes).length > 0 ? { components: { securitySchemes: schemes } } : {}),
  };
}

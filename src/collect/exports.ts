/**
 * What a stage serves, read from API Gateway's own descriptions of a deployment: the OpenAPI 3
 * export of a REST API stage (`GetExport`), the API summary of a REST deployment
 * (`GetDeployment` with `embed=apisummary`) and the OpenAPI 3 export of an HTTP API stage
 * (`ExportApi` with `StageName`). Pure functions from the documents to the snapshot's deployed
 * shapes; a document that is not what AWS sends throws `ExportShapeError`.
 *
 * Sources (API Gateway Developer Guide unless named):
 * - "Export a REST API from API Gateway"; API reference `GetExport` ("Exports a deployed version
 *   of a RestApi"); "Export HTTP APIs from API Gateway" (a stage's definition, extensions included
 *   by default); API reference `GetDeployment` (`apiSummary`: path → verb → authorization type and
 *   API-key requirement).
 * - "OpenAPI extensions to API Gateway": `x-amazon-apigateway-authtype` (`awsSigv4` for IAM,
 *   `cognito_user_pools`, or free-form for a Lambda authorizer), `x-amazon-apigateway-authorizer`
 *   (`type` `token`, `request`, `cognito_user_pools`, or `jwt` for HTTP APIs),
 *   `x-amazon-apigateway-auth` (`type` on an operation), `x-amazon-apigateway-integration`,
 *   `x-amazon-apigateway-any-method` (the ANY verb), `x-amazon-apigateway-request-validators` and
 *   `x-amazon-apigateway-request-validator`, `x-amazon-apigateway-policy` (top level),
 *   `x-amazon-apigateway-endpoint-configuration` (on a server in OpenAPI 3, top level in Swagger 2).
 * - "Require API keys on a method with OpenAPI": an `apiKey` security scheme named by a method's
 *   security (in the `x-api-key` header) is the API-key requirement.
 */
import { compareMethods } from '../analysis/method-settings.js';
import type { DeployedMethod, DeployedRestConfig, DeployedV2Config, DeployedV2Route } from '../inventory/schema.js';

/** The document is not an export as API Gateway writes one. */
export class ExportShapeError extends Error {
  override readonly name = 'ExportShapeError';
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const bool = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** Own enumerable entries, so a key named `__proto__` is read as data. */
const entries = (value: Json): [string, unknown][] => Object.keys(value).map((key) => [key, value[key]]);

/** Copies the defined members only: the snapshot leaves out what the source did not state. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}

/** The OpenAPI operations of a path item and their HTTP verbs (ANY has its own extension). */
const VERBS: Record<string, string> = {
  get: 'GET',
  put: 'PUT',
  post: 'POST',
  delete: 'DELETE',
  options: 'OPTIONS',
  head: 'HEAD',
  patch: 'PATCH',
  'x-amazon-apigateway-any-method': 'ANY',
};

interface Operation {
  path: string;
  httpMethod: string;
  operation: Json;
}

function operationsOf(document: Json): Operation[] {
  const paths = document.paths ?? {};
  if (!isObject(paths)) throw new ExportShapeError("the export's 'paths' is not an object");
  const operations: Operation[] = [];
  for (const [path, item] of entries(paths)) {
    if (!isObject(item)) throw new ExportShapeError(`the export's path ${JSON.stringify(path)} is not an object`);
    for (const [key, operation] of entries(item)) {
      const httpMethod = VERBS[key];
      if (httpMethod === undefined) continue;
      if (!isObject(operation)) throw new ExportShapeError(`the export's ${key} ${JSON.stringify(path)} is not an object`);
      operations.push({ path, httpMethod, operation });
    }
  }
  return operations;
}

function documentOf(document: unknown): Json {
  if (!isObject(document)) throw new ExportShapeError('the export is not a JSON object');
  if (typeof document.openapi !== 'string' && typeof document.swagger !== 'string') {
    throw new ExportShapeError("the export names no 'openapi' (or 'swagger') version");
  }
  return document;
}

/** Security schemes: `components.securitySchemes` in OpenAPI 3, `securityDefinitions` in Swagger 2. */
function securitySchemesOf(document: Json): Json {
  const components = document.components;
  const schemes = isObject(components) ? components.securitySchemes : document.securityDefinitions;
  return isObject(schemes) ? schemes : {};
}

// ── Authorization ──────────────────────────────────────────────────────────────────────

/** What one security scheme stands for. */
type SchemeMeaning =
  | { kind: 'authorization'; authorizationType: string; authorizerName?: string }
  | { kind: 'api-key' }
  | { kind: 'unknown'; raw: string };

/** Authorizer types as the extension writes them (lower case) → the API's authorization type. */
const AUTHORIZER_TYPES: Record<string, string> = {
  token: 'CUSTOM',
  request: 'CUSTOM',
  cognito_user_pools: 'COGNITO_USER_POOLS',
  jwt: 'JWT',
};

/** `x-amazon-apigateway-authtype` values with a fixed meaning; a Lambda authorizer's is free-form. */
const AUTHTYPES: Record<string, string> = {
  awssigv4: 'AWS_IAM',
  cognito_user_pools: 'COGNITO_USER_POOLS',
  custom: 'CUSTOM',
};

function schemeMeaning(name: string, scheme: unknown): SchemeMeaning {
  if (!isObject(scheme)) return { kind: 'unknown', raw: `security scheme ${name} is not defined in the export` };
  const authorizer = scheme['x-amazon-apigateway-authorizer'];
  const authtype = str(scheme['x-amazon-apigateway-authtype']);
  if (isObject(authorizer) && authorizer.type !== undefined) {
    const authorizationType = AUTHORIZER_TYPES[str(authorizer.type)?.toLowerCase() ?? ''];
    if (authorizationType) return { kind: 'authorization', authorizationType, authorizerName: name };
    return { kind: 'unknown', raw: `authorizer ${name} of type ${JSON.stringify(authorizer.type)}` };
  }
  if (authtype !== undefined) {
    const authorizationType = AUTHTYPES[authtype.toLowerCase()];
    if (authorizationType === 'AWS_IAM') return { kind: 'authorization', authorizationType };
    // An authorizer whose `x-amazon-apigateway-authorizer` the export left out: its type is known
    // from the authtype alone, its settings are not (the snapshot lists no authorizer of that name).
    if (authorizationType) return { kind: 'authorization', authorizationType, authorizerName: name };
    return { kind: 'unknown', raw: authtype };
  }
  if (isObject(authorizer)) return { kind: 'unknown', raw: `authorizer ${name} of no type` };
  if (scheme.type === 'apiKey') return { kind: 'api-key' };
  return { kind: 'unknown', raw: `security scheme ${name} of type ${JSON.stringify(scheme.type)}` };
}

interface Authorization {
  authorizationType: string;
  authorizerName?: string;
  /** The scopes the security requirement lists for the authorizer (Cognito and JWT authorizers). */
  authorizationScopes?: string[];
  apiKeyRequired: boolean;
}

/**
 * A method's authorization from its security requirement (the operation's, else the document's):
 * none is NONE (or what `x-amazon-apigateway-auth` says); an API-key scheme is the API-key
 * requirement; anything this cannot read is kept as the raw text, which no check reads as NONE.
 */
function authorizationOf(operation: Json, document: Json, schemes: Json): Authorization {
  const security = operation.security ?? document.security ?? [];
  const auth = operation['x-amazon-apigateway-auth'];
  const declared = isObject(auth) && typeof auth.type === 'string' ? auth.type.toUpperCase() : 'NONE';
  if (!Array.isArray(security)) return { authorizationType: `security ${JSON.stringify(security)}`, apiKeyRequired: false };
  if (security.length === 0) return { authorizationType: declared, apiKeyRequired: false };
  if (security.length > 1 || !isObject(security[0])) {
    // Alternatives (OR) are not how API Gateway exports a method: keep them for a check to report.
    return { authorizationType: `security ${JSON.stringify(security)}`, apiKeyRequired: false };
  }
  let apiKeyRequired = false;
  const authorizations: Extract<SchemeMeaning, { kind: 'authorization' }>[] = [];
  const unknown: string[] = [];
  for (const name of Object.keys(security[0])) {
    const meaning = schemeMeaning(name, Object.hasOwn(schemes, name) ? schemes[name] : undefined);
    if (meaning.kind === 'api-key') apiKeyRequired = true;
    else if (meaning.kind === 'authorization') authorizations.push(meaning);
    else unknown.push(meaning.raw);
  }
  if (unknown.length > 0 || authorizations.length > 1) {
    const raw = [...authorizations.map((a) => a.authorizationType), ...unknown].join(' + ');
    return { authorizationType: raw, apiKeyRequired };
  }
  const [only] = authorizations;
  if (!only) return { authorizationType: declared, apiKeyRequired };
  const listed = only.authorizerName === undefined ? undefined : (security[0] as Record<string, unknown>)[only.authorizerName];
  const scopes = Array.isArray(listed) ? listed.filter((s): s is string => typeof s === 'string') : [];
  return defined({
    authorizationType: only.authorizationType,
    authorizerName: only.authorizerName,
    authorizationScopes: scopes.length ? scopes : undefined,
    apiKeyRequired,
  });
}

// ── REST APIs: GetExport ───────────────────────────────────────────────────────────────

export interface RestExportContext {
  deploymentId: string;
  /** The stage whose export this is. */
  stageName: string;
  /**
   * The working copy's resource policy and default-endpoint switch (`GetRestApis`): what the
   * export's silence about them means (see `policyOf`, `disableExecuteApiEndpointOf`).
   */
  draft: { policy?: string | undefined; disableExecuteApiEndpoint?: boolean | undefined };
}

/** Integration types are written in lower case in exports (`aws_proxy`); the API's are upper case. */
const upper = (value: unknown): string | undefined => str(value)?.toUpperCase();

function restIntegrationOf(operation: Json): DeployedMethod['integration'] {
  const integration = operation['x-amazon-apigateway-integration'];
  if (!isObject(integration)) return undefined;
  const tls = integration.tlsConfig;
  return defined({
    type: upper(integration.type),
    uri: str(integration.uri),
    connectionType: upper(integration.connectionType),
    connectionId: str(integration.connectionId),
    tlsConfig: isObject(tls) ? defined({ insecureSkipVerification: bool(tls.insecureSkipVerification) }) : undefined,
  });
}

/** The validator in force: the operation's `x-amazon-apigateway-request-validator`, else the document's default. */
function requestValidatorOf(operation: Json, document: Json): DeployedMethod['requestValidator'] {
  const name = str(operation['x-amazon-apigateway-request-validator']) ?? str(document['x-amazon-apigateway-request-validator']);
  if (name === undefined) return undefined;
  const validators = document['x-amazon-apigateway-request-validators'];
  const validator = isObject(validators) && Object.hasOwn(validators, name) ? validators[name] : undefined;
  if (!isObject(validator)) return { name };
  return defined({
    name,
    validateRequestBody: bool(validator.validateRequestBody),
    validateRequestParameters: bool(validator.validateRequestParameters),
  });
}

/**
 * The request body's models by content type: `requestBody.content.<type>.schema` refers to a
 * model (`#/components/schemas/<name>`), as exports write API Gateway models. An inline schema
 * names no model and is left out.
 */
function requestModelsOf(operation: Json): Record<string, string> | undefined {
  const body = operation.requestBody;
  const content = isObject(body) ? body.content : undefined;
  if (!isObject(content)) return undefined;
  const models: Record<string, string> = {};
  for (const [contentType, media] of entries(content)) {
    const ref = isObject(media) && isObject(media.schema) ? str(media.schema.$ref) : undefined;
    const name = ref?.match(/^#\/(?:components\/schemas|definitions)\/(.+)$/)?.[1];
    if (name !== undefined) Object.defineProperty(models, contentType, { value: name, enumerable: true, writable: true, configurable: true });
  }
  return Object.keys(models).length > 0 ? models : undefined;
}

function restAuthorizersOf(schemes: Json): NonNullable<DeployedRestConfig['authorizers']> {
  const authorizers: NonNullable<DeployedRestConfig['authorizers']> = [];
  for (const [name, scheme] of entries(schemes)) {
    const authorizer = isObject(scheme) ? scheme['x-amazon-apigateway-authorizer'] : undefined;
    if (!isObject(authorizer)) continue;
    const providerARNs = authorizer.providerARNs;
    authorizers.push(
      defined({
        name,
        type: upper(authorizer.type),
        authorizerUri: str(authorizer.authorizerUri),
        providerARNs: Array.isArray(providerARNs) ? providerARNs.filter((arn): arn is string => typeof arn === 'string') : undefined,
        identitySource: str(authorizer.identitySource),
        authorizerResultTtlInSeconds: num(authorizer.authorizerResultTtlInSeconds),
      }),
    );
  }
  return authorizers;
}

/**
 * The deployed resource policy: exports of APIs that have one carry it as a top-level
 * `x-amazon-apigateway-policy` document (seen in exports of stages with the API Gateway
 * extensions). Silence is read as "none" only when the working copy has none either; when the
 * working copy has one, silence could be a policy added but not deployed or one the export left
 * out, so the deployed policy is unknown (`undefined`), never assumed absent.
 */
function policyOf(document: Json, draft: RestExportContext['draft']): string | null | undefined {
  const policy = document['x-amazon-apigateway-policy'];
  if (typeof policy === 'string') return policy;
  if (isObject(policy)) return JSON.stringify(policy);
  if (policy !== undefined) throw new ExportShapeError("the export's x-amazon-apigateway-policy is neither a document nor text");
  return draft.policy?.trim() ? undefined : null;
}

/**
 * The deployed default-endpoint switch, from `x-amazon-apigateway-endpoint-configuration` (on a
 * server in OpenAPI 3). Silence is read as the default (enabled) only when the working copy has
 * it enabled too; otherwise it is unknown.
 */
function disableExecuteApiEndpointOf(document: Json, draft: RestExportContext['draft']): boolean | undefined {
  const servers = Array.isArray(document.servers) ? document.servers : [];
  const configurations = [document, ...servers]
    .map((holder) => (isObject(holder) ? holder['x-amazon-apigateway-endpoint-configuration'] : undefined))
    .filter(isObject);
  const stated = configurations.map((c) => bool(c.disableExecuteApiEndpoint)).filter((v) => v !== undefined);
  if (stated.length > 0) return stated.some(Boolean);
  return draft.disableExecuteApiEndpoint === false ? false : undefined;
}

/** A REST API stage's OpenAPI export (`GetExport`, `oas30`, API Gateway extensions) as its deployment's view. */
export function parseRestExport(exported: unknown, context: RestExportContext): DeployedRestConfig {
  const document = documentOf(exported);
  const schemes = securitySchemesOf(document);
  const methods = operationsOf(document).map(({ path, httpMethod, operation }): DeployedMethod => {
    const authorization = authorizationOf(operation, document, schemes);
    return defined({
      path,
      httpMethod,
      authorizationType: authorization.authorizationType,
      authorizerName: authorization.authorizerName,
      authorizationScopes: authorization.authorizationScopes,
      apiKeyRequired: authorization.apiKeyRequired,
      integration: restIntegrationOf(operation),
      requestValidator: requestValidatorOf(operation, document),
      requestModels: requestModelsOf(operation),
    });
  });
  methods.sort(compareMethods);
  return defined({
    deploymentId: context.deploymentId,
    source: 'export' as const,
    stageName: context.stageName,
    methods,
    authorizers: restAuthorizersOf(schemes),
    policy: policyOf(document, context.draft),
    disableExecuteApiEndpoint: disableExecuteApiEndpointOf(document, context.draft),
  });
}

// ── REST APIs: GetDeployment with embed=apisummary ─────────────────────────────────────

/**
 * A deployment's API summary (`GetDeployment` `embed=apisummary`): each method's authorization
 * type and API-key requirement, no more. Both are part of every method snapshot AWS returns; a
 * method without them is not an answer.
 */
export function parseApiSummary(apiSummary: unknown, deploymentId: string): DeployedRestConfig {
  if (!isObject(apiSummary)) throw new ExportShapeError('the deployment has no apiSummary (was embed=apisummary honoured?)');
  const methods: DeployedMethod[] = [];
  for (const [path, verbs] of entries(apiSummary)) {
    if (!isObject(verbs)) throw new ExportShapeError(`the API summary of ${JSON.stringify(path)} is not an object`);
    for (const [httpMethod, snapshot] of entries(verbs)) {
      const authorizationType = isObject(snapshot) ? str(snapshot.authorizationType) : undefined;
      const apiKeyRequired = isObject(snapshot) ? bool(snapshot.apiKeyRequired) : undefined;
      if (authorizationType === undefined || apiKeyRequired === undefined) {
        throw new ExportShapeError(`the API summary of ${httpMethod} ${path} lacks authorizationType or apiKeyRequired`);
      }
      methods.push({ path, httpMethod, authorizationType, apiKeyRequired });
    }
  }
  methods.sort(compareMethods);
  return { deploymentId, source: 'api-summary', methods };
}

// ── HTTP APIs: ExportApi with StageName ────────────────────────────────────────────────

/** HTTP API exports write the `$default` route as the path `/$default` with the ANY extension. */
const DEFAULT_ROUTE_PATHS = new Set(['/$default', '$default']);

function routeKeyOf(path: string, httpMethod: string): string {
  if (httpMethod === 'ANY' && DEFAULT_ROUTE_PATHS.has(path)) return '$default';
  return `${httpMethod} ${path}`;
}

function v2IntegrationOf(operation: Json): DeployedV2Route['integration'] {
  const integration = operation['x-amazon-apigateway-integration'];
  if (!isObject(integration)) return undefined;
  const tls = integration.tlsConfig;
  return defined({
    type: upper(integration.type),
    uri: str(integration.uri),
    connectionType: upper(integration.connectionType),
    connectionId: str(integration.connectionId),
    serverNameToVerify: isObject(tls) ? str(tls.serverNameToVerify) : undefined,
  });
}

/** An HTTP API stage's OpenAPI export (`ExportApi`, `OAS30`, extensions included) as what the stage serves. */
export function parseHttpApiExport(exported: unknown, stageName: string): DeployedV2Config {
  const document = documentOf(exported);
  const schemes = securitySchemesOf(document);
  const routes = operationsOf(document).map(({ path, httpMethod, operation }): DeployedV2Route => {
    const { authorizationType, authorizerName, authorizationScopes } = authorizationOf(operation, document, schemes);
    return defined({ routeKey: routeKeyOf(path, httpMethod), authorizationType, authorizerName, authorizationScopes, integration: v2IntegrationOf(operation) });
  });
  routes.sort((a, b) => (a.routeKey < b.routeKey ? -1 : a.routeKey > b.routeKey ? 1 : 0));
  return { stageName, routes };
}

/** The JSON document in an export's body (`GetExport` and `ExportApi` answer with bytes). */
export function exportDocument(body: Uint8Array | undefined): unknown {
  if (!body || body.length === 0) throw new ExportShapeError('the export is empty');
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body)) as unknown;
  } catch (error) {
    throw new ExportShapeError(`the export is not UTF-8 JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

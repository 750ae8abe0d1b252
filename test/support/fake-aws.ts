/**
 * A small AWS look-alike on 127.0.0.1 for end-to-end tests: it serves an Inventory (the
 * ground truth) over the real wire protocols of the operations the collectors call, so the
 * unmodified CLI can scan it through --endpoint-url. Slots recorded as failed in the inventory
 * are answered with the same error, so a scan of the demo reproduces the demo.
 *
 * Protocols: API Gateway v1 and v2 (REST-JSON, GET paths; v2 under `/v2/`); WAFv2, ACM,
 * Cognito user pools, CloudTrail, CloudWatch Logs and KMS (JSON 1.1, X-Amz-Target); CloudWatch
 * (JSON 1.0 in its query-compatible mode); STS and IAM (query protocol, XML); Lambda (REST-JSON,
 * fake-lambda.ts). The region comes
 * from the SigV4 credential scope.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AwsService } from '../../src/aws/services.js';
import { SecurityHubStore, securityHubReply } from './fake-securityhub.js';
import { route53Reply } from './fake-route53.js';
import { IDENTITY_POOLS_TARGET, identityPoolsReply } from './fake-identity-pools.js';
import { CLOUDFRONT_DISTRIBUTIONS_PATH, SHIELD_TARGET, cloudFrontReply, shieldReply } from './fake-shield.js';
import { isLambdaPath, lambdaReply } from './fake-lambda.js';
import { FaultInjector, type FaultPlan } from './faults.js';
import { FakeRateLimiter, type FakeRateLimitOptions } from './fake-aws-rate-limits.js';
import { FakeLatency, type FakeLatencyOptions } from './fake-aws-latency.js';
import { renderDeployment, renderHttpApiExport, renderRestExport } from './fake-exports.js';
import { parseUserPoolArn } from '../../src/inventory/links.js';
import type {
  Collected,
  IamPolicy,
  Inventory,
  KmsKey,
  RegionInventory,
  RestApi,
  Trail,
  UserPool,
  V2Api,
  V2DomainName,
} from '../../src/inventory/schema.js';

export interface FakeAwsOptions {
  inventory: Inventory;
  /** Page size the server uses when the client asks for more (forces paging in tests). */
  maxPageSize?: number;
  /** Fault injection (see faults.ts): answers chosen requests with errors, resets, hangs or bad bodies. */
  faults?: FaultPlan;
  /** Throttles like AWS (see fake-aws-rate-limits.ts): token buckets at the published rates, 429 when empty. */
  rateLimits?: FakeRateLimitOptions;
  /** Holds each answer back as AWS would take to send it (see fake-aws-latency.ts); off by default. */
  latency?: FakeLatencyOptions;
}

export interface RequestRecord {
  region: string;
  /** With `operation`, names the call: v1 and v2 share `GetStages`, `GetAuthorizers`, `GetDomainNames`. */
  service: AwsService | 'securityhub' | 'unknown';
  operation: string;
  /** The path and query string of REST-JSON calls, to assert what the client asked for. */
  path: string;
  query: string;
}

export interface FakeAws {
  url: string;
  requests: RequestRecord[];
  /** Security Hub CSPM (`POST /findings/import`, `POST /findings`), empty at start. */
  securityHub: SecurityHubStore;
  /** With `rateLimits`: what each bucket admitted and throttled. */
  rateLimiter?: FakeRateLimiter;
  close(): Promise<void>;
}

type Reply = { status: number; body: unknown; headers?: Record<string, string> };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** REST-JSON and JSON 1.0/1.1 send timestamps as epoch seconds by default. */
function toWire(value: unknown, key = ''): unknown {
  if (typeof value === 'string' && ISO_DATE.test(value) && /(Date|At|NotBefore|NotAfter|Time|Timestamp)$/.test(key)) {
    return Date.parse(value) / 1000;
  }
  if (Array.isArray(value)) return value.map((v) => toWire(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v, k)]));
  }
  return value;
}

function errorReply(error: { code: string; message: string }, json11 = false): Reply {
  const status = error.code.includes('NotFound')
    ? 404
    : error.code.startsWith('TooMany') || error.code.includes('Throttl')
      ? 429
      : error.code.startsWith('BadRequest')
        ? 400
        : 403;
  return json11
    ? { status: status === 403 ? 400 : status, body: { __type: error.code, message: error.message } }
    : { status, body: { message: error.message }, headers: { 'x-amzn-errortype': error.code } };
}

function slotReply<T>(slot: Collected<T>, render: (value: T) => unknown, json11 = false): Reply {
  return slot.ok ? { status: 200, body: toWire(render(slot.value)) } : errorReply(slot.error, json11);
}

function page<T>(items: T[], url: URL, maxPageSize: number): { item: T[]; position?: string } {
  const limit = Math.min(Number(url.searchParams.get('limit') ?? 25), maxPageSize);
  const start = Number(url.searchParams.get('position') ?? 0);
  const slice = items.slice(start, start + limit);
  return start + limit < items.length ? { item: slice, position: String(start + limit) } : { item: slice };
}

/**
 * v2 REST-JSON: every member's JSON name is its SDK name with a lower-case first letter (the
 * model's `jsonName`), and timestamps are ISO-8601 strings (`timestampFormat: date-time`), as
 * in the inventory. Map members keep their keys as they are; the values of the maps in
 * `V2_MAPS_OF_STRUCTURES` are structures, converted like any other.
 */
const V2_MAPS_OF_STRUCTURES = new Set(['RouteSettings', 'RequestParameters']);
const V2_MAPS = new Set(['Tags', 'StageVariables', 'RequestModels', 'RequestTemplates', 'ResponseParameters', ...V2_MAPS_OF_STRUCTURES]);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function toV2Wire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toV2Wire);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, member]) => [key.charAt(0).toLowerCase() + key.slice(1), toV2WireMember(key, member)]),
  );
}

function toV2WireMember(key: string, member: unknown): unknown {
  if (!V2_MAPS.has(key)) return toV2Wire(member);
  if (!V2_MAPS_OF_STRUCTURES.has(key) || !isRecord(member)) return member;
  return Object.fromEntries(Object.entries(member).map(([mapKey, entry]) => [mapKey, toV2Wire(entry)]));
}

/** A v2 list page: `maxResults` (a string) capped by the server's page size, `nextToken` opaque. */
function v2Page<T>(items: T[], url: URL, maxPageSize: number): Reply {
  const token = url.searchParams.get('nextToken');
  const start = token === null ? 0 : Number(token.replace(/^page-/, ''));
  const asked = Number(url.searchParams.get('maxResults') ?? maxPageSize);
  if (!Number.isInteger(start) || start < 0 || start > items.length || !Number.isInteger(asked) || asked < 1) {
    return errorReply({ code: 'BadRequestException', message: `Invalid nextToken or maxResults in ${url.search}` });
  }
  const end = start + Math.min(asked, maxPageSize);
  const body = { items: toV2Wire(items.slice(start, end)), ...(end < items.length ? { nextToken: `page-${end}` } : {}) };
  return { status: 200, body };
}

function v2SlotPage<T>(slot: Collected<T[]>, url: URL, maxPageSize: number, render: (item: T) => unknown = (item) => item): Reply {
  return slot.ok ? v2Page(slot.value.map(render), url, maxPageSize) : errorReply(slot.error);
}

function v2ApiFields(api: V2Api): Record<string, unknown> {
  const { routes: _r, stages: _s, authorizers: _a, integrations: _i, stageExports: _e, arn: _arn, ...fields } = api;
  return fields;
}

/** The per-API v2 lists by path segment: `/v2/apis/{id}/routes` and so on. */
const V2_API_LISTS: Record<string, { name: string; slot: (api: V2Api) => Collected<unknown[]> }> = {
  routes: { name: 'GetRoutes', slot: (api) => api.routes },
  stages: { name: 'GetStages', slot: (api) => api.stages },
  integrations: { name: 'GetIntegrations', slot: (api) => api.integrations },
  authorizers: { name: 'GetAuthorizers', slot: (api) => api.authorizers },
};

const noV2: RegionInventory['apigatewayv2'] = { apis: { ok: true, value: [] }, domainNames: { ok: true, value: [] } };

function apiGatewayV2(region: RegionInventory | undefined, url: URL, maxPage: number): [string, Reply] {
  const [, root, id, sub, ...rest] = decodeURIComponent(url.pathname).split('/').filter(Boolean);
  if (!region) return ['apigatewayv2:Unknown', notFound];
  // Snapshots written before v2 collection existed have no v2 part: nothing to serve.
  const { apis, domainNames } = region.apigatewayv2 ?? noV2;
  if (root === 'apis' && id !== undefined && sub === 'exports' && rest.length === 1) {
    const api = apis.ok ? apis.value.find((a) => a.ApiId === id) : undefined;
    return ['ExportApi', api ? exportApi(api, url, region.region) : notFound];
  }
  if (rest.length > 0) return ['apigatewayv2:Unknown', notFound];
  if (root === 'apis' && id === undefined) return ['GetApis', v2SlotPage(apis, url, maxPage, v2ApiFields)];
  if (root === 'apis' && id !== undefined) {
    const api = apis.ok ? apis.value.find((a) => a.ApiId === id) : undefined;
    const operation = V2_API_LISTS[sub ?? ''];
    if (!operation) return ['apigatewayv2:Unknown', notFound];
    if (!api) return [operation.name, notFound];
    return [operation.name, v2SlotPage<unknown>(operation.slot(api), url, maxPage)];
  }
  if (root === 'domainnames' && id === undefined) {
    return ['GetDomainNames', v2SlotPage(domainNames, url, maxPage, ({ apiMappings: _m, ...domain }: V2DomainName) => domain)];
  }
  if (root === 'domainnames' && id !== undefined && sub === 'apimappings') {
    const domain = domainNames.ok ? domainNames.value.find((d) => d.DomainName === id) : undefined;
    if (!domain) return ['GetApiMappings', notFound];
    return ['GetApiMappings', v2SlotPage(domain.apiMappings, url, maxPage)];
  }
  return ['apigatewayv2:Unknown', notFound];
}

function stripCollected(api: RestApi): Record<string, unknown> {
  const { resources: _r, stages: _s, authorizers: _a, requestValidators: _v, deployments: _d, arn: _arn, ...fields } = api;
  return fields;
}

/**
 * `GetExport` of a stage: its deployment's view from the snapshot as an OpenAPI 3 export (only
 * `oas30` JSON with `extensions=apigateway,authorizers` is served, as the collector asks).
 */
function getExport(api: RestApi, stageName: string, region: string): Reply {
  const stage = api.stages.ok ? api.stages.value.find((s) => s.stageName === stageName) : undefined;
  const deployment = stage?.deploymentId === undefined ? undefined : api.deployments[stage.deploymentId];
  if (!deployment) return { status: 404, body: { message: 'Invalid stage identifier specified' }, headers: { 'x-amzn-errortype': 'NotFoundException' } };
  return slotReply(deployment, (config) => renderRestExport(config, api, stageName, region));
}

/** `GetDeployment` with `embed=apisummary` (the only embed AWS supports). */
function getDeployment(api: RestApi, deploymentId: string, url: URL): Reply {
  const deployment = Object.hasOwn(api.deployments, deploymentId) ? api.deployments[deploymentId] : undefined;
  if (!deployment) return { status: 404, body: { message: 'Invalid Deployment identifier specified' }, headers: { 'x-amzn-errortype': 'NotFoundException' } };
  if (url.searchParams.get('embed') !== 'apisummary') return errorReply({ code: 'BadRequestException', message: 'the look-alike serves GetDeployment with embed=apisummary only' });
  return slotReply(deployment, renderDeployment);
}

/**
 * `ExportApi` with `StageName`: what that stage serves, from `stageExports`. An API without
 * routes cannot be exported: 400 BadRequestException (aws/aws-sdk-js#3980); nor a WebSocket API.
 */
function exportApi(api: V2Api, url: URL, region: string): Reply {
  const stageName = url.searchParams.get('stageName');
  if (api.ProtocolType === 'WEBSOCKET') return errorReply({ code: 'BadRequestException', message: 'Exporting WebSocket APIs is not supported' });
  if (api.routes.ok && api.routes.value.length === 0) return errorReply({ code: 'BadRequestException', message: 'Unable to export API: the API has no routes' });
  const served = stageName === null || !Object.hasOwn(api.stageExports, stageName) ? undefined : api.stageExports[stageName];
  if (!served) return { status: 404, body: { message: `Invalid stage identifier specified` }, headers: { 'x-amzn-errortype': 'NotFoundException' } };
  return slotReply(served, (config) => renderHttpApiExport(config, api, region));
}

function regionOf(request: IncomingMessage): string {
  const auth = request.headers.authorization ?? '';
  return /Credential=[^/]+\/\d+\/([^/]+)\//.exec(auth)?.[1] ?? 'us-east-1';
}

const notFound: Reply = { status: 404, body: { message: 'Invalid API identifier specified' }, headers: { 'x-amzn-errortype': 'NotFoundException' } };

function apiGateway(region: RegionInventory | undefined, url: URL, maxPage: number): [string, Reply] {
  const path = decodeURIComponent(url.pathname).split('/').filter(Boolean);
  const ag = region?.apigateway;
  if (!region || !ag) return ['apigateway:Unknown', notFound];
  const apiById = (id: string): RestApi | undefined =>
    ag.restApis.ok ? ag.restApis.value.find((a) => a.id === id) : undefined;
  const [root, id, sub] = path;
  if (root === 'account') return ['GetAccount', slotReply(ag.account, (v) => v)];
  if (root === 'restapis' && id === undefined) {
    return ['GetRestApis', slotReply(ag.restApis, (apis) => page(apis.map(stripCollected), url, maxPage))];
  }
  if (root === 'restapis' && id !== undefined) {
    const api = apiById(id);
    if (!api) return ['apigateway:NotFound', notFound];
    if (sub === 'stages' && path[4] === 'exports' && path.length === 6) return ['GetExport', getExport(api, path[3]!, region.region)];
    if (sub === 'deployments' && path.length === 4) return ['GetDeployment', getDeployment(api, path[3]!, url)];
    if (sub === 'resources') return ['GetResources', slotReply(api.resources, (r) => page(r, url, maxPage))];
    if (sub === 'stages') return ['GetStages', slotReply(api.stages, (s) => ({ item: s }))];
    if (sub === 'authorizers') return ['GetAuthorizers', slotReply(api.authorizers, (a) => page(a, url, maxPage))];
    if (sub === 'requestvalidators') {
      return ['GetRequestValidators', slotReply(api.requestValidators, (v) => page(v, url, maxPage))];
    }
  }
  if (root === 'usageplans') return ['GetUsagePlans', slotReply(ag.usagePlans, (p) => page(p, url, maxPage))];
  if (root === 'apikeys') return ['GetApiKeys', slotReply(ag.apiKeys, (k) => page(k, url, maxPage))];
  if (root === 'clientcertificates') {
    return ['GetClientCertificates', slotReply(ag.clientCertificates, (c) => page(c, url, maxPage))];
  }
  if (root === 'domainnames' && id === undefined) {
    return [
      'GetDomainNames',
      slotReply(ag.domainNames, (domains) =>
        page(domains.map(({ basePathMappings: _m, ...d }) => d), url, maxPage),
      ),
    ];
  }
  if (root === 'domainnames' && id !== undefined && sub === 'basepathmappings') {
    const domain = ag.domainNames.ok ? ag.domainNames.value.find((d) => d.domainName === id) : undefined;
    if (!domain) return ['GetBasePathMappings', notFound];
    return ['GetBasePathMappings', slotReply(domain.basePathMappings, (m) => page(m, url, maxPage))];
  }
  return ['apigateway:Unknown', notFound];
}

function json11(
  inventory: Inventory,
  region: RegionInventory | undefined,
  regionName: string,
  target: string,
  body: Record<string, unknown>,
  maxPage: number,
): [string, Reply] {
  const operation = target.split('.').pop() ?? target;
  if (target === 'AWSWAF_20190729.GetWebACL') {
    const arn = String(body.ARN ?? '');
    const acl = region?.webAcls[arn];
    if (!acl) return [operation, { status: 400, body: { __type: 'WAFNonexistentItemException', message: 'not found' } }];
    return [operation, slotReply(acl, (WebACL) => ({ WebACL, LockToken: 'lock' }), true)];
  }
  if (target === 'AWSWAF_20190729.GetLoggingConfiguration') {
    const arn = String(body.ResourceArn ?? '');
    const logging = region?.webAclLogging?.[arn];
    if (!logging || (logging.ok && !logging.value.enabled)) return [operation, json11Error('WAFNonexistentItemException', 'no logging configuration')];
    return [operation, slotReply(logging, ({ enabled: _enabled, ...config }) => ({ LoggingConfiguration: { ResourceArn: arn, ...config } }), true)];
  }
  if (target === 'AWSWAF_20190729.GetWebACLForResource') {
    // User pools may sit in regions that are not scanned: found by ARN.
    const answer = inventory.shared?.userPoolWebAcls?.[String(body.ResourceArn ?? '')];
    if (!answer) return [operation, { status: 200, body: {} }];
    return [operation, slotReply(answer, (a) => (a.associated ? { WebACL: { ARN: a.WebACLArn, Name: a.Name } } : {}), true)];
  }
  if (target === 'CertificateManager.DescribeCertificate') {
    const arn = String(body.CertificateArn ?? '');
    const certRegion = inventory.regions.find((r) => arn in r.certificates);
    const cert = certRegion?.certificates[arn];
    if (!cert) return [operation, { status: 400, body: { __type: 'ResourceNotFoundException', message: 'not found' } }];
    return [operation, slotReply(cert, (Certificate) => ({ Certificate }), true)];
  }
  const linked = linkedJson(inventory, region, regionName, target, operation, body, maxPage);
  if (linked) return [operation, linked];
  return [operation, { status: 400, body: { __type: 'UnknownOperationException', message: target } }];
}

/** Which service a JSON protocol request is for, from its X-Amz-Target prefix. */
const TARGET_SERVICES: [RegExp, AwsService][] = [
  [/^AWSWAF_20190729\./, 'wafv2'],
  [/^CertificateManager\./, 'acm'],
  [/^AWSCognitoIdentityProviderService\./, 'cognito-idp'],
  [IDENTITY_POOLS_TARGET, 'cognito-identity'],
  // The SDK sends the short form; older clients and AWS documents use the long one.
  [/^(com\.amazonaws\.cloudtrail\.v20131101\.)?CloudTrail_20131101\./, 'cloudtrail'],
  [/^Logs_20140328\./, 'logs'],
  [/^TrentService\./, 'kms'],
  [/^GraniteServiceVersion20100801\./, 'cloudwatch'],
  [SHIELD_TARGET, 'shield'],
];

function serviceOfTarget(target: string): AwsService | 'unknown' {
  return TARGET_SERVICES.find(([prefix]) => prefix.test(target))?.[1] ?? 'unknown';
}

const json11Error = (code: string, message: string): Reply => ({ status: 400, body: { __type: code, message } });

/** Offset paging for JSON list operations: the token is the index of the next item. */
function offsetPage<T>(items: readonly T[], token: unknown, asked: unknown, maxPage: number): { slice: T[]; next?: string } {
  const start = typeof token === 'string' ? Number(token.replace(/^page-/, '')) : 0;
  const size = Math.min(typeof asked === 'number' && asked > 0 ? asked : maxPage, maxPage);
  const end = start + size;
  return { slice: items.slice(start, end), ...(end < items.length ? { next: `page-${end}` } : {}) };
}

/** Cognito, CloudTrail, CloudWatch, CloudWatch Logs and KMS, served from the inventory. */
function linkedJson(
  inventory: Inventory,
  region: RegionInventory | undefined,
  regionName: string,
  target: string,
  operation: string,
  body: Record<string, unknown>,
  maxPage: number,
): Reply | undefined {
  switch (serviceOfTarget(target)) {
    case 'cognito-idp':
      // User pools may sit in regions that are not scanned: found by the region asked.
      return cognitoReply(inventory, regionName, operation, body, maxPage);
    case 'cognito-identity':
      return identityPoolsReply(region, operation, body, maxPage);
    case 'cloudtrail':
      return cloudTrailReply(inventory, region, operation, body);
    case 'cloudwatch':
      return operation === 'DescribeAlarms' ? describeAlarms(region, body, maxPage) : undefined;
    case 'logs':
      return operation === 'DescribeLogGroups' ? describeLogGroups(region, body, maxPage) : undefined;
    case 'kms':
      return kmsReply(inventory, operation, body);
    case 'shield':
      return shieldReply(inventory, operation, body, maxPage);
    default:
      return undefined;
  }
}

function cognitoReply(
  inventory: Inventory,
  regionName: string,
  operation: string,
  body: Record<string, unknown>,
  maxPage: number,
): Reply | undefined {
  const poolId = String(body.UserPoolId ?? '');
  const entry = Object.entries(inventory.shared?.userPools ?? {}).find(([arn]) => {
    const parsed = parseUserPoolArn(arn);
    return parsed?.poolId === poolId && parsed.region === regionName;
  });
  if (!entry) return json11Error('ResourceNotFoundException', `User pool ${poolId} does not exist.`);
  const pool: Collected<UserPool> = entry[1];
  if (!pool.ok) return slotReply(pool, () => undefined, true);
  const { mfa, clients, riskConfiguration, ...fields } = pool.value;
  switch (operation) {
    case 'DescribeUserPool':
      return slotReply(pool, () => ({ UserPool: fields }), true);
    case 'GetUserPoolMfaConfig':
      return slotReply(mfa, (config) => config, true);
    case 'ListUserPoolClients':
      return slotReply(
        clients,
        (list) => {
          const { slice, next } = offsetPage(list, body.NextToken, body.MaxResults, maxPage);
          const UserPoolClients = slice.map((c) => ({ ClientId: c.ClientId, UserPoolId: poolId, ClientName: c.ClientName }));
          return { UserPoolClients, ...(next ? { NextToken: next } : {}) };
        },
        true,
      );
    case 'DescribeUserPoolClient': {
      if (!clients.ok) return slotReply(clients, () => undefined, true);
      const client = clients.value.find((c) => c.ClientId === body.ClientId);
      if (!client) return json11Error('ResourceNotFoundException', `User pool client ${String(body.ClientId)} does not exist.`);
      return { status: 200, body: toWire({ UserPoolClient: client }) };
    }
    case 'DescribeRiskConfiguration': {
      // Threat protection off or in audit: a real pool answers UserPoolAddOnNotEnabledException.
      if (!riskConfiguration) return json11Error('UserPoolAddOnNotEnabledException', `User pool ${poolId} does not have threat protection enforced.`);
      return slotReply(
        riskConfiguration,
        (risk) => {
          const clientId = body.ClientId === undefined ? undefined : String(body.ClientId);
          const config = clientId === undefined ? risk.pool : risk.clients[clientId];
          return { RiskConfiguration: config ?? { UserPoolId: poolId } };
        },
        true,
      );
    }
    default:
      return undefined;
  }
}

type TrailFields = Omit<Trail, 'status' | 'selectors'>;

/** A trail by ARN or name: as the region asked sees it first (its home region), else anywhere. */
function findTrail(inventory: Inventory, region: RegionInventory | undefined, id: string): Trail | undefined {
  const regions = [region, ...inventory.regions.filter((r) => r !== region)];
  for (const r of regions) {
    const trails = r?.trails;
    const found = trails?.ok ? trails.value.find((t) => t.TrailARN === id || t.Name === id) : undefined;
    if (found) return found;
  }
  return undefined;
}

function cloudTrailReply(
  inventory: Inventory,
  region: RegionInventory | undefined,
  operation: string,
  body: Record<string, unknown>,
): Reply | undefined {
  if (operation === 'DescribeTrails') {
    // Snapshots written before trails were collected have none: nothing to serve.
    const trails: Collected<Trail[]> = region?.trails ?? { ok: true, value: [] };
    return slotReply(
      trails,
      (list) => ({ trailList: list.map(({ status: _s, selectors: _e, ...fields }): TrailFields => fields) }),
      true,
    );
  }
  const id = String(body.Name ?? body.TrailName ?? '');
  const trail = findTrail(inventory, region, id);
  if (operation === 'GetTrailStatus' || operation === 'GetEventSelectors') {
    if (!trail) return json11Error('TrailNotFoundException', `Unknown trail: ${id} for the user: ${inventory.account.id}`);
    return slotReply<object>(operation === 'GetTrailStatus' ? trail.status : trail.selectors, (value) => value, true);
  }
  return undefined;
}

/** CloudWatch: JSON 1.0, with the query error code in `x-amzn-query-error` (awsQueryCompatible). */
function describeAlarms(region: RegionInventory | undefined, body: Record<string, unknown>, maxPage: number): Reply {
  const alarms = region?.alarms ?? { ok: true, value: [] };
  const headers = { 'content-type': 'application/x-amz-json-1.0' };
  if (!alarms.ok) {
    const reply = errorReply(alarms.error, true);
    return { ...reply, headers: { ...headers, 'x-amzn-query-error': `${alarms.error.code};Sender` } };
  }
  const { slice, next } = offsetPage(alarms.value, body.NextToken, body.MaxRecords, maxPage);
  return { status: 200, body: toWire({ MetricAlarms: slice, ...(next ? { NextToken: next } : {}) }), headers };
}

/**
 * `logGroupIdentifiers` are names here (not a monitoring account). A failed slot answers the
 * whole call with its error, as a failed call fails every group of its batch.
 */
function describeLogGroups(region: RegionInventory | undefined, body: Record<string, unknown>, maxPage: number): Reply {
  const names = Array.isArray(body.logGroupIdentifiers) ? body.logGroupIdentifiers.map(String) : [];
  if (names.length === 0 || names.length > 50) {
    return json11Error('InvalidParameterException', `logGroupIdentifiers must hold 1 to 50 names, got ${names.length}`);
  }
  const slots = names.map((name) => region?.logGroups?.[name]);
  const failed = slots.find((slot) => slot && !slot.ok);
  if (failed && !failed.ok) return errorReply(failed.error, true);
  // The service answers in ASCII order of names.
  const found = slots
    .flatMap((slot) => (slot?.ok && slot.value.exists ? [slot.value] : []))
    .sort((a, b) => (a.logGroupName < b.logGroupName ? -1 : 1))
    .map(({ exists: _exists, ...group }) => group);
  const { slice, next } = offsetPage(found, body.nextToken, body.limit, maxPage);
  return { status: 200, body: { logGroups: slice, ...(next ? { nextToken: next } : {}) } };
}

function findKey(inventory: Inventory, id: string): Collected<KmsKey> | undefined {
  const keys = inventory.shared?.kmsKeys ?? {};
  return keys[id] ?? Object.values(keys).find((slot) => slot.ok && (slot.value.Arn === id || slot.value.KeyId === id));
}

function kmsReply(inventory: Inventory, operation: string, body: Record<string, unknown>): Reply | undefined {
  const id = String(body.KeyId ?? '');
  const key = findKey(inventory, id);
  if (operation !== 'DescribeKey' && operation !== 'GetKeyRotationStatus') return undefined;
  if (!key) return json11Error('NotFoundException', `Key '${id}' does not exist`);
  if (operation === 'DescribeKey') return slotReply(key, ({ rotation: _r, ...KeyMetadata }) => ({ KeyMetadata }), true);
  if (!key.ok) return slotReply(key, () => undefined, true);
  return slotReply<object>(key.value.rotation, (value) => value, true);
}

const xmlEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const element = (name: string, content: string | number | boolean | undefined) =>
  content === undefined ? '' : `<${name}>${typeof content === 'string' ? xmlEscape(content) : String(content)}</${name}>`;
const members = (name: string, items: string[]) => `<${name}>${items.map((item) => `<member>${item}</member>`).join('')}</${name}>`;

function queryError(code: string, message: string, status: number): Reply {
  const xml =
    `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>` +
    `${element('Code', code)}${element('Message', message)}</Error><RequestId>00000000-0000-0000-0000-000000000001</RequestId></ErrorResponse>`;
  return { status, body: xml, headers: { 'content-type': 'text/xml' } };
}

/** Where each kind of policy sits in a page; the collector reads them back in this order. */
const IAM_KIND_ORDER: Record<IamPolicy['kind'], number> = { managed: 0, role: 1, user: 2, group: 3 };
const INLINE: Record<Exclude<IamPolicy['kind'], 'managed'>, { list: string; nameTag: string; policies: string }> = {
  role: { list: 'RoleDetailList', nameTag: 'RoleName', policies: 'RolePolicyList' },
  user: { list: 'UserDetailList', nameTag: 'UserName', policies: 'UserPolicyList' },
  group: { list: 'GroupDetailList', nameTag: 'GroupName', policies: 'GroupPolicyList' },
};

/**
 * `GetAccountAuthorizationDetails`: each policy of the snapshot becomes a managed policy (one
 * default version) or an inline policy of its principal, documents URL-encoded as IAM sends
 * them. A page ends early where the snapshot's order would not survive the page's layout
 * (managed policies, then roles, users, groups), so the scan reads back the same order.
 */
function accountAuthorizationDetails(inventory: Inventory, params: URLSearchParams, maxPage: number): Reply {
  const slot: Collected<IamPolicy[]> = inventory.shared?.iamPolicies ?? { ok: true, value: [] };
  if (!slot.ok) return queryError(slot.error.code, slot.error.message, slot.error.code.startsWith('AccessDenied') ? 403 : 400);
  const policies = slot.value;
  const start = Number(params.get('Marker') ?? 0);
  const size = Math.min(Number(params.get('MaxItems') ?? 100), maxPage);
  let end = start;
  while (end < policies.length && end - start < size) {
    if (end > start && IAM_KIND_ORDER[policies[end]!.kind] < IAM_KIND_ORDER[policies[end - 1]!.kind]) break;
    end += 1;
  }
  const page = policies.slice(start, end);
  const managed = page
    .filter((p) => p.kind === 'managed')
    .map(
      (p) =>
        element('PolicyName', p.name) +
        element('Arn', p.arn) +
        element('AttachmentCount', p.attachmentCount) +
        element('DefaultVersionId', 'v1') +
        members('PolicyVersionList', [
          element('Document', encodeURIComponent(p.document)) + element('VersionId', 'v1') + element('IsDefaultVersion', true),
        ]),
    );
  const truncated = end < policies.length;
  const attached = truncated ? new Map<string, { arn: string; name: string }[]>() : attachmentsByPrincipal(inventory);
  const inline = (kind: keyof typeof INLINE) =>
    members(INLINE[kind].list, [
      ...page
        .filter((p) => p.kind === kind)
        .map(
          (p) =>
            element(INLINE[kind].nameTag, p.arn.split('/').pop() ?? p.arn) +
            element('Arn', p.arn) +
            members(INLINE[kind].policies, [element('PolicyName', p.name) + element('PolicyDocument', encodeURIComponent(p.document))]),
        ),
      // The last page also lists every principal with the managed policies attached to it.
      ...[...attached]
        .filter(([principal]) => principal.startsWith(`${kind}/`))
        .map(
          ([principal, policies]) =>
            element(INLINE[kind].nameTag, principal.split('/').pop() ?? principal) +
            element('Arn', `arn:${inventory.account.partition}:iam::${inventory.account.id}:${principal}`) +
            members('AttachedManagedPolicies', policies.map((policy) => element('PolicyName', policy.name) + element('PolicyArn', policy.arn))),
        ),
    ]);
  const xml =
    `<GetAccountAuthorizationDetailsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetAccountAuthorizationDetailsResult>` +
    element('IsTruncated', truncated) +
    (truncated ? element('Marker', String(end)) : '') +
    inline('user') +
    inline('group') +
    inline('role') +
    members('Policies', managed) +
    `</GetAccountAuthorizationDetailsResult><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000002</RequestId></ResponseMetadata>` +
    `</GetAccountAuthorizationDetailsResponse>`;
  return { status: 200, body: xml, headers: { 'content-type': 'text/xml' } };
}

/**
 * Principal (`role/app/x`) → the managed policies attached to it: customer-managed ones and the
 * attached AWS-managed ones by their `attachedTo`. An AWS-managed policy whose slot failed is
 * attached to a principal of its own, so the scan asks for it and meets the same failure.
 */
function attachmentsByPrincipal(inventory: Inventory): Map<string, { arn: string; name: string }[]> {
  const byPrincipal = new Map<string, { arn: string; name: string }[]>();
  const attach = (principal: string, arn: string, name: string) => byPrincipal.set(principal, [...(byPrincipal.get(principal) ?? []), { arn, name }]);
  const customer = inventory.shared?.iamPolicies;
  for (const policy of customer?.ok ? customer.value : []) {
    if (policy.kind === 'managed') for (const principal of policy.attachedTo ?? []) attach(principal, policy.arn, policy.name);
  }
  for (const [arn, slot] of Object.entries(inventory.shared?.awsManagedPolicies ?? {})) {
    const name = arn.split('/').pop() ?? arn;
    if (slot.ok) for (const principal of slot.value.attachedTo ?? []) attach(principal, arn, name);
    else attach(`role/holder-of-${name}`, arn, name);
  }
  return byPrincipal;
}

const queryReply = (operation: string, result: string): Reply => ({
  status: 200,
  body:
    `<${operation}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><${operation}Result>${result}</${operation}Result>` +
    `<ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000003</RequestId></ResponseMetadata></${operation}Response>`,
  headers: { 'content-type': 'text/xml' },
});

const failedSlotReply = (error: { code: string; message: string }) =>
  queryError(error.code, error.message, error.code.startsWith('AccessDenied') ? 403 : 400);

/** `ListPolicies` (Scope=AWS, OnlyAttached): the attached AWS-managed policies of the snapshot, default version v1. */
function listAwsPolicies(inventory: Inventory, params: URLSearchParams, maxPage: number): Reply {
  const slots = Object.entries(inventory.shared?.awsManagedPolicies ?? {});
  const denied = slots.find(([, slot]) => !slot.ok && slot.error.operation === 'ListPolicies')?.[1];
  if (denied && !denied.ok) return failedSlotReply(denied.error);
  const start = Number(params.get('Marker') ?? 0);
  const size = Math.min(Number(params.get('MaxItems') ?? 100), maxPage);
  const page = slots.slice(start, start + size);
  const truncated = start + size < slots.length;
  const policies = page.map(([arn, slot]) =>
    element('PolicyName', arn.split('/').pop()) +
    element('Arn', arn) +
    element('DefaultVersionId', 'v1') +
    element('AttachmentCount', slot.ok ? slot.value.attachmentCount : 1),
  );
  return queryReply('ListPolicies', element('IsTruncated', truncated) + (truncated ? element('Marker', String(start + size)) : '') + members('Policies', policies));
}

/** `GetPolicyVersion` of an attached AWS-managed policy: its document, URL-encoded, or the slot's error. */
function awsPolicyVersion(inventory: Inventory, params: URLSearchParams): Reply {
  const arn = params.get('PolicyArn') ?? '';
  const slot = inventory.shared?.awsManagedPolicies?.[arn];
  if (!slot || params.get('VersionId') !== 'v1') return queryError('NoSuchEntity', `Policy ${arn} version ${params.get('VersionId')} does not exist`, 404);
  if (!slot.ok) return failedSlotReply(slot.error);
  const version = element('Document', encodeURIComponent(slot.value.document)) + element('VersionId', 'v1') + element('IsDefaultVersion', true);
  return queryReply('GetPolicyVersion', `<PolicyVersion>${version}</PolicyVersion>`);
}

function stsIdentity(inventory: Inventory): Reply {
  const account = inventory.account.id;
  const xml =
    `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
    `<Arn>arn:${inventory.account.partition}:sts::${account}:assumed-role/apiposture-audit/test</Arn>` +
    `<UserId>AROAEXAMPLE:test</UserId><Account>${account}</Account></GetCallerIdentityResult>` +
    `<ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
  return { status: 200, body: xml, headers: { 'content-type': 'text/xml' } };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeAws(options: FakeAwsOptions): Promise<FakeAws> {
  const { inventory } = options;
  const maxPage = options.maxPageSize ?? 500;
  const requests: RequestRecord[] = [];
  const securityHub = new SecurityHubStore();
  const faults = options.faults ? new FaultInjector(options.faults) : undefined;
  const rateLimiter = options.rateLimits ? new FakeRateLimiter(options.rateLimits) : undefined;
  const latency = options.latency ? new FakeLatency(options.latency) : undefined;
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const regionName = regionOf(request);
    const region = inventory.regions.find((r) => r.region === regionName);
    const body = await readBody(request);
    const target = request.headers['x-amz-target'];
    let service: RequestRecord['service'];
    let operation: string;
    let reply: Reply;
    const form = request.method === 'POST' && typeof target !== 'string' ? new URLSearchParams(body) : undefined;
    if (typeof target === 'string') {
      service = serviceOfTarget(target);
      [operation, reply] = json11(inventory, region, regionName, target, body ? (JSON.parse(body) as Record<string, unknown>) : {}, maxPage);
    } else if (form?.get('Action') === 'GetCallerIdentity') {
      service = 'sts';
      [operation, reply] = ['GetCallerIdentity', stsIdentity(inventory)];
    } else if (form?.get('Action') === 'GetAccountAuthorizationDetails') {
      service = 'iam';
      [operation, reply] = ['GetAccountAuthorizationDetails', accountAuthorizationDetails(inventory, form, maxPage)];
    } else if (form?.get('Action') === 'ListPolicies') {
      service = 'iam';
      [operation, reply] = ['ListPolicies', listAwsPolicies(inventory, form, maxPage)];
    } else if (form?.get('Action') === 'GetPolicyVersion') {
      service = 'iam';
      [operation, reply] = ['GetPolicyVersion', awsPolicyVersion(inventory, form)];
    } else if (request.method === 'POST' && url.pathname.startsWith('/findings')) {
      service = 'securityhub';
      [operation, reply] = securityHubReply(securityHub, regionName, url.pathname, body);
    } else if (request.method === 'GET' && url.pathname.startsWith('/2013-04-01/')) {
      service = 'route53';
      [operation, reply] = route53Reply(inventory, url, maxPage);
    } else if (request.method === 'GET' && url.pathname === CLOUDFRONT_DISTRIBUTIONS_PATH) {
      service = 'cloudfront';
      [operation, reply] = cloudFrontReply(inventory, url, maxPage);
    } else if (request.method === 'GET' && isLambdaPath(url.pathname)) {
      service = 'lambda';
      [operation, reply] = lambdaReply(inventory, regionName, url);
    } else if (request.method === 'GET' && url.pathname.startsWith('/v2/')) {
      service = 'apigatewayv2';
      [operation, reply] = apiGatewayV2(region, url, maxPage);
    } else if (request.method === 'GET') {
      service = 'apigateway';
      [operation, reply] = apiGateway(region, url, maxPage);
    } else {
      service = 'unknown';
      [operation, reply] = ['Unknown', { status: 400, body: { message: 'unsupported request' } }];
    }
    reply = rateLimiter?.admit(service, operation, regionName) ?? reply;
    requests.push({ region: regionName, service, operation, path: url.pathname, query: url.search });
    const protocol = typeof target === 'string' ? 'json' : service === 'sts' || service === 'iam' ? 'query' : 'rest-json';
    if (faults?.inject({ region: regionName, service, operation, path: url.pathname, query: url.search, body }, protocol, request, response)) return;
    const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    const delayMs = latency?.delayMs(service, operation, reply.status, reply.body, Buffer.byteLength(text)) ?? 0;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    response.writeHead(reply.status, {
      'content-type': typeof target === 'string' ? 'application/x-amz-json-1.1' : 'application/json',
      'x-amzn-requestid': `req-${requests.length}`,
      ...reply.headers,
    });
    response.end(text);
  };
  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    securityHub,
    ...(rateLimiter ? { rateLimiter } : {}),
    // closeAllConnections: hung (fault-injected) requests would otherwise keep the server open.
    close: () => new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

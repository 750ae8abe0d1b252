/**
 * A small AWS look-alike on 127.0.0.1 for end-to-end tests: it serves an Inventory (the
 * ground truth) over the real wire protocols of the operations the collectors call, so the
 * unmodified CLI can scan it through --endpoint-url. Slots recorded as failed in the inventory
 * are answered with the same error, so a scan of the demo reproduces the demo.
 *
 * Protocols: API Gateway v1 and v2 (REST-JSON, GET paths; v2 under `/v2/`), WAFv2 and ACM
 * (JSON 1.1, X-Amz-Target), STS (query protocol, XML). The region comes from the SigV4
 * credential scope.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AwsService } from '../../src/aws/services.js';
import type { Collected, Inventory, RegionInventory, RestApi, V2Api, V2DomainName } from '../../src/inventory/schema.js';

export interface FakeAwsOptions {
  inventory: Inventory;
  /** Page size the server uses when the client asks for more (forces paging in tests). */
  maxPageSize?: number;
}

export interface RequestRecord {
  region: string;
  /** With `operation`, names the call: v1 and v2 share `GetStages`, `GetAuthorizers`, `GetDomainNames`. */
  service: AwsService | 'unknown';
  operation: string;
  /** The path and query string of REST-JSON calls, to assert what the client asked for. */
  path: string;
  query: string;
}

export interface FakeAws {
  url: string;
  requests: RequestRecord[];
  close(): Promise<void>;
}

type Reply = { status: number; body: unknown; headers?: Record<string, string> };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** REST-JSON and JSON 1.1 send timestamps as epoch seconds by default. */
function toWire(value: unknown, key = ''): unknown {
  if (typeof value === 'string' && ISO_DATE.test(value) && /(Date|At|NotBefore|NotAfter)$/.test(key)) {
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
  const { routes: _r, stages: _s, authorizers: _a, integrations: _i, arn: _arn, ...fields } = api;
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
  const { resources: _r, stages: _s, authorizers: _a, requestValidators: _v, arn: _arn, ...fields } = api;
  return fields;
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

function json11(inventory: Inventory, region: RegionInventory | undefined, target: string, body: Record<string, unknown>): [string, Reply] {
  const operation = target.split('.').pop() ?? target;
  if (target === 'AWSWAF_20190729.GetWebACL') {
    const arn = String(body.ARN ?? '');
    const acl = region?.webAcls[arn];
    if (!acl) return [operation, { status: 400, body: { __type: 'WAFNonexistentItemException', message: 'not found' } }];
    return [operation, slotReply(acl, (WebACL) => ({ WebACL, LockToken: 'lock' }), true)];
  }
  if (target === 'CertificateManager.DescribeCertificate') {
    const arn = String(body.CertificateArn ?? '');
    const certRegion = inventory.regions.find((r) => arn in r.certificates);
    const cert = certRegion?.certificates[arn];
    if (!cert) return [operation, { status: 400, body: { __type: 'ResourceNotFoundException', message: 'not found' } }];
    return [operation, slotReply(cert, (Certificate) => ({ Certificate }), true)];
  }
  return [operation, { status: 400, body: { __type: 'UnknownOperationException', message: target } }];
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
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const regionName = regionOf(request);
    const region = inventory.regions.find((r) => r.region === regionName);
    const body = await readBody(request);
    const target = request.headers['x-amz-target'];
    let service: RequestRecord['service'];
    let operation: string;
    let reply: Reply;
    if (typeof target === 'string') {
      service = target.startsWith('AWSWAF') ? 'wafv2' : target.startsWith('CertificateManager') ? 'acm' : 'unknown';
      [operation, reply] = json11(inventory, region, target, body ? (JSON.parse(body) as Record<string, unknown>) : {});
    } else if (request.method === 'POST' && body.includes('Action=GetCallerIdentity')) {
      service = 'sts';
      [operation, reply] = ['GetCallerIdentity', stsIdentity(inventory)];
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
    requests.push({ region: regionName, service, operation, path: url.pathname, query: url.search });
    const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
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
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

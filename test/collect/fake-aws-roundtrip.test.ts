/**
 * The collector against the local AWS look-alike, over the real wire protocols: what the fake
 * serves from a ground-truth inventory must come back unchanged, v1 and v2 alike.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { collectInventory, type CollectResult } from '../../src/collect/index.js';
import { parseInventory } from '../../src/inventory/io.js';
import type { CollectionError, Inventory, V2Route } from '../../src/inventory/schema.js';
import { v2ApiArn } from '../../src/inventory/view.js';
import {
  ACCOUNT,
  REGION,
  domainName,
  inventory,
  ok,
  region,
  resource,
  restApi,
  route,
  v2Api,
  v2DomainName,
  v2Stage,
} from '../fixtures/builders.js';
import { startFakeAws, type FakeAws } from '../support/fake-aws.js';

const CERT_ARN = `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/11111111-2222-3333-4444-555555555555`;

function denied(operation: string, resource: string): CollectionError {
  return {
    service: 'apigatewayv2',
    operation,
    region: REGION,
    resource,
    code: 'AccessDeniedException',
    message: `User is not authorized to perform: apigateway:GET on resource: ${resource}`,
  };
}

/** A route without an authorizer (the builder's default names one). */
function openRoute(routeKey: string, overrides: Partial<V2Route> = {}): V2Route {
  const { AuthorizerId: _none, ...open } = route(routeKey, { AuthorizationType: 'NONE', ...overrides });
  return open;
}

const chatArn = v2ApiArn(REGION, 'chat1');
const lockedArn = v2ApiArn(REGION, 'locked1');
const integrationsDenied = denied('GetIntegrations', chatArn);
const routesDenied = denied('GetRoutes', lockedArn);

/** REST, HTTP and WebSocket APIs, a custom domain seen by v1 and v2, two denied v2 calls. */
function groundTruth(): Inventory {
  const orders = v2Api({
    ApiId: 'orders1',
    Name: 'orders-http',
    CreatedDate: '2024-05-01T08:30:00.000Z',
    RouteSelectionExpression: '$request.method $request.path',
    CorsConfiguration: { AllowOrigins: ['https://shop.example.com'], AllowMethods: ['GET', 'POST'], MaxAge: 300 },
    DisableExecuteApiEndpoint: true,
    Tags: { Team: 'orders', 'aws:cloudformation:stack-name': 'orders' },
    // Three routes at page size 2: GetRoutes takes two pages.
    routes: ok([
      route('GET /orders', { AuthorizationScopes: ['orders/read'], Target: 'integrations/i1' }),
      route('POST /orders', { AuthorizationScopes: ['orders/write'], Target: 'integrations/i1' }),
      openRoute('GET /health', { Target: 'integrations/i1' }),
    ]),
    stages: ok([
      v2Stage({
        CreatedDate: '2024-05-01T08:31:00.000Z',
        LastUpdatedDate: '2024-06-01T00:00:00.000Z',
        AccessLogSettings: { DestinationArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:orders`, Format: '$context.requestId' },
        DefaultRouteSettings: { DetailedMetricsEnabled: true, ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 },
        RouteSettings: { 'GET /orders': { ThrottlingBurstLimit: 10, ThrottlingRateLimit: 5 } },
        StageVariables: { Backend: 'https://orders.internal', lambdaAlias: 'live' },
      }),
    ]),
    authorizers: ok([
      {
        AuthorizerId: 'jwt1',
        Name: 'cognito',
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: { Audience: ['client-1'], Issuer: `https://cognito-idp.${REGION}.amazonaws.com/${REGION}_abc` },
      },
    ]),
    integrations: ok([
      {
        IntegrationId: 'i1',
        IntegrationType: 'HTTP_PROXY',
        IntegrationMethod: 'ANY',
        IntegrationUri: 'https://orders.internal/{proxy}',
        PayloadFormatVersion: '1.0',
        ConnectionType: 'INTERNET',
        TlsConfig: { ServerNameToVerify: 'orders.internal' },
        RequestParameters: { 'append:header.x-request-id': '$context.requestId' },
        ResponseParameters: { '200': { 'overwrite:header.cache-control': 'no-store' } },
      } as never,
    ]),
  });
  const chat = v2Api({
    ApiId: 'chat1',
    ProtocolType: 'WEBSOCKET',
    RouteSelectionExpression: '$request.body.action',
    ApiKeySelectionExpression: '$request.header.x-api-key',
    routes: ok([
      route('$connect', {
        AuthorizationType: 'CUSTOM',
        AuthorizerId: 'lambda1',
        ApiKeyRequired: true,
        RequestParameters: { 'route.request.querystring.token': { Required: true } },
      } as never),
      openRoute('sendMessage'),
    ]),
    stages: ok([
      v2Stage({
        StageName: 'prod',
        AutoDeploy: false,
        DefaultRouteSettings: { LoggingLevel: 'ERROR', DataTraceEnabled: false },
        RouteSettings: { $connect: { LoggingLevel: 'INFO', DataTraceEnabled: true } },
      }),
    ]),
    authorizers: ok([{ AuthorizerId: 'lambda1', AuthorizerType: 'REQUEST', IdentitySource: ['route.request.querystring.token'] }]),
    integrations: { ok: false, error: integrationsDenied },
  });
  const locked = v2Api({
    ApiId: 'locked1',
    routes: { ok: false, error: routesDenied },
    authorizers: {
      ok: false,
      error: {
        ...routesDenied,
        operation: 'GetAuthorizers',
        code: 'Skipped',
        message: 'not collected because GetRoutes failed (AccessDeniedException)',
      },
    },
  });
  const open = v2Api({ ApiId: 'open1', routes: ok([openRoute('$default')]) });

  return inventory({
    regions: [
      region({
        restApis: [restApi({ id: 'rest1', resources: [resource('/', { GET: {} })] })],
        domainNames: [domainName({ basePathMappings: ok([{ basePath: 'v1', restApiId: 'rest1', stage: 'prod' }]) })],
        v2Apis: [orders, chat, locked, open],
        v2DomainNames: [
          v2DomainName({
            DomainNameArn: `arn:aws:apigateway:${REGION}::/domainnames/api.example.com`,
            Tags: { Owner: 'platform' },
            apiMappings: ok([
              { ApiMappingId: 'm1', ApiId: 'orders1', Stage: '$default', ApiMappingKey: 'orders' },
              { ApiMappingId: 'm2', ApiId: 'chat1', Stage: 'prod', ApiMappingKey: 'chat' },
              { ApiMappingId: 'm3', ApiId: 'open1', Stage: '$default', ApiMappingKey: '' },
            ]),
          }),
          v2DomainName({ DomainName: 'ws.example.com', apiMappings: ok([]) }),
        ],
        certificates: { [CERT_ARN]: { CertificateArn: CERT_ARN, DomainName: 'api.example.com', Status: 'ISSUED' } },
      }),
    ],
    errors: [integrationsDenied, routesDenied],
  });
}

describe('collector round trip through the AWS look-alike (REST + HTTP + WebSocket)', () => {
  // The fake serves every field; parsing keeps the declared ones, on both sides.
  const served = groundTruth();
  const truth = parseInventory(structuredClone(served), 'ground truth');
  let fake: FakeAws;
  let result: CollectResult;

  before(async () => {
    fake = await startFakeAws({ inventory: served, maxPageSize: 2 });
    result = await collectInventory({
      regions: [REGION],
      endpointUrl: fake.url,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
      rateScale: 1000,
    });
  });
  after(() => fake.close());

  it('collects exactly the ground truth: every field, every failed slot, every error', () => {
    const collected = parseInventory(JSON.parse(JSON.stringify(result.inventory)), 'collected');
    assert.deepEqual(collected.regions, truth.regions);
    assert.deepEqual(collected.errors, truth.errors);
    assert.deepEqual(collected.account, truth.account);
  });

  it('round-trips the fields the schema does not declare as well (the v2 wire names are right)', () => {
    const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
    assert.deepEqual(asJson(result.inventory.regions), asJson(served.regions));
  });

  it('keeps v2 map members verbatim, such as integration response parameters', () => {
    const region = result.inventory.regions[0];
    const apis = region?.apigatewayv2.apis;
    assert.ok(apis?.ok);
    const integrations = apis.value.find((api) => api.ApiId === 'orders1')?.integrations;
    assert.ok(integrations?.ok);
    assert.deepEqual((integrations.value[0] as unknown as { ResponseParameters: unknown }).ResponseParameters, {
      '200': { 'overwrite:header.cache-control': 'no-store' },
    });
  });

  it('pages v2 lists by nextToken and sends no maxResults', () => {
    const v2 = fake.requests.filter((r) => r.service === 'apigatewayv2');
    const pathsOf = (operation: string) => v2.filter((r) => r.operation === operation).map((r) => `${r.path}${r.query}`);
    assert.deepEqual(pathsOf('GetApis'), ['/v2/apis', '/v2/apis?nextToken=page-2']);
    assert.deepEqual(
      pathsOf('GetRoutes').filter((p) => p.includes('orders1')),
      ['/v2/apis/orders1/routes', '/v2/apis/orders1/routes?nextToken=page-2'],
    );
    assert.deepEqual(pathsOf('GetApiMappings').filter((p) => p.includes('api.example.com')), [
      '/v2/domainnames/api.example.com/apimappings',
      '/v2/domainnames/api.example.com/apimappings?nextToken=page-2',
    ]);
    assert.ok(v2.every((r) => !r.query.includes('maxResults')));
  });

  it('measures the calls per API: three, a fourth for authorizers, one more per extra page', () => {
    const callsFor = (apiId: string) =>
      fake.requests
        .filter((r) => r.service === 'apigatewayv2' && r.path.startsWith(`/v2/apis/${apiId}/`))
        .map((r) => r.operation)
        .sort();
    // `open1` names no authorizer: routes, stages, integrations.
    assert.deepEqual(callsFor('open1'), ['GetIntegrations', 'GetRoutes', 'GetStages']);
    // `chat1` names an authorizer: four calls (its integrations were denied, not retried).
    assert.deepEqual(callsFor('chat1'), ['GetAuthorizers', 'GetIntegrations', 'GetRoutes', 'GetStages']);
    // `orders1` names one too, and its three routes take two pages.
    assert.deepEqual(callsFor('orders1'), ['GetAuthorizers', 'GetIntegrations', 'GetRoutes', 'GetRoutes', 'GetStages']);
    // `locked1`'s routes are denied: its authorizers are skipped, not asked for.
    assert.deepEqual(callsFor('locked1'), ['GetIntegrations', 'GetRoutes', 'GetStages']);
    assert.equal(result.stats.snapshot()['apigatewayv2:GetAuthorizers']?.calls, 2);
    assert.equal(result.stats.snapshot()['apigatewayv2:GetIntegrations']?.attempts, 4);
  });
});

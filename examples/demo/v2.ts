/**
 * The demo account's HTTP and WebSocket APIs: a well-kept and a sloppy one of each kind, plus an
 * internal HTTP API behind a disabled default endpoint, so every HTTP/WebSocket check shows a
 * PASS and a FAIL. Two HTTP APIs deploy by hand: metrics-ingest-http's stage serves its latest
 * configuration; partner-portal-http's still serves GET /orders open, a fix made in the console
 * but never deployed (http-deployment-drift). `addV2Apis` replaces the `apigatewayv2.apis` slot
 * of the demo's regions, so applying it twice gives the same snapshot.
 */
import { v2DraftConfig } from '../../src/analysis/deployed.js';
import type { Inventory, RegionInventory, V2Api, V2Authorizer, V2Integration, V2Stage } from '../../src/inventory/schema.js';
import { ACCOUNT, ok, route, v2Api, v2Stage } from '../../test/fixtures/builders.js';

const EU = 'eu-west-1';
const US = 'us-east-1';

const open = { AuthorizationType: 'NONE', AuthorizerId: undefined };

function accessLogs(region: string, apiId: string, stageName: string): V2Stage['AccessLogSettings'] {
  return {
    DestinationArn: `arn:aws:logs:${region}:${ACCOUNT}:log-group:/aws/apigateway/${apiId}/${stageName.replace('$', '')}`,
    Format:
      '{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","caller":"$context.identity.caller","routeKey":"$context.routeKey","status":"$context.status"}',
  };
}

function lambdaIntegration(region: string, id: string, fn: string): V2Integration {
  return {
    IntegrationId: id,
    IntegrationType: 'AWS_PROXY',
    IntegrationUri: `arn:aws:lambda:${region}:${ACCOUNT}:function:${fn}`,
    PayloadFormatVersion: '2.0',
    ConnectionType: 'INTERNET',
  };
}

/**
 * What a stage without automatic deployment serves when its last deployment predates the
 * authorizers now on `openRoutes`: those routes served with authorization NONE.
 */
function deployedBeforeFix(api: V2Api, stageName: string, openRoutes: readonly string[]): V2Api['stageExports'][string] {
  const draft = v2DraftConfig(api, stageName);
  if (!draft.ok) return draft;
  const routes = draft.value.routes.map((r) =>
    openRoutes.includes(r.routeKey) ? { routeKey: r.routeKey, authorizationType: 'NONE', ...(r.integration ? { integration: r.integration } : {}) } : r,
  );
  return ok({ ...draft.value, routes });
}

// ── eu-west-1 ──────────────────────────────────────────────────────────────────────────

/** The web shop's API: JWT on every route, access logs, throttling, TLS to the private catalog. */
const storefrontJwt: V2Authorizer = {
  AuthorizerId: 'sfjwt1',
  Name: 'shop-customers',
  AuthorizerType: 'JWT',
  IdentitySource: ['$request.header.Authorization'],
  JwtConfiguration: {
    Issuer: `https://cognito-idp.${EU}.amazonaws.com/${EU}_Ab12Cd34E`,
    Audience: ['5q2lbn7q0n1ksh3d9mf0example'],
  },
};

const storefrontHttp = v2Api({
  ApiId: 'sf7h8ttp01',
  Name: 'storefront-http',
  Description: 'Web shop backend (cart, checkout, product catalog)',
  CreatedDate: '2025-05-12T09:00:00.000Z',
  CorsConfiguration: {
    AllowOrigins: ['https://shop.example.com', 'http://localhost:5173'],
    AllowCredentials: true,
    AllowHeaders: ['authorization', 'content-type'],
    AllowMethods: ['GET', 'POST', 'DELETE'],
    MaxAge: 600,
  },
  Tags: { team: 'commerce', env: 'prod' },
  routes: [
    route('GET /products', { AuthorizerId: 'sfjwt1', Target: 'integrations/catalog1' }),
    route('GET /cart', { AuthorizerId: 'sfjwt1', AuthorizationScopes: ['shop/cart.read'], Target: 'integrations/cart01' }),
    route('POST /cart/items', { AuthorizerId: 'sfjwt1', AuthorizationScopes: ['shop/cart.write'], Target: 'integrations/cart01' }),
    route('DELETE /cart/items/{sku}', { AuthorizerId: 'sfjwt1', AuthorizationScopes: ['shop/cart.write'], Target: 'integrations/cart01' }),
    route('OPTIONS /{proxy+}', open),
  ],
  authorizers: [storefrontJwt],
  integrations: [
    lambdaIntegration(EU, 'cart01', 'storefront-cart'),
    {
      IntegrationId: 'catalog1',
      IntegrationType: 'HTTP_PROXY',
      IntegrationMethod: 'ANY',
      ConnectionType: 'VPC_LINK',
      ConnectionId: 'vl7k2m',
      IntegrationUri: `arn:aws:elasticloadbalancing:${EU}:${ACCOUNT}:listener/app/catalog-alb/50dc6c495c0c9188/0467ef3c8400ae65`,
      PayloadFormatVersion: '1.0',
      TlsConfig: { ServerNameToVerify: 'catalog.internal.example.com' },
    },
  ],
  stages: [
    v2Stage({
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: accessLogs(EU, 'sf7h8ttp01', '$default'),
      DefaultRouteSettings: { DetailedMetricsEnabled: true, ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 },
      RouteSettings: { 'POST /cart/items': { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 } },
      StageVariables: { catalogHost: 'catalog.internal.example.com', cartFunctionAlias: 'live' },
      CreatedDate: '2025-05-12T09:05:00.000Z',
    }),
  ],
});

/** A partner portal put together in a hurry: open $default, permissive CORS, weak JWT, plaintext backends, a token in a stage variable. */
const partnerPortalHttp = v2Api({
  ApiId: 'pp2rtnr02x',
  Name: 'partner-portal-http',
  Description: 'Order exchange with resellers; prototype promoted to production',
  CreatedDate: '2024-01-22T14:30:00.000Z',
  CorsConfiguration: {
    AllowOrigins: ['*'],
    AllowCredentials: true,
    AllowHeaders: ['*'],
    AllowMethods: ['*'],
  },
  routes: [
    route('$default', { ...open, Target: 'integrations/legacy1' }),
    route('GET /orders', { AuthorizerId: 'ppjwt1', Target: 'integrations/orders1' }),
    route('POST /orders', { AuthorizerId: 'ppjwt1', Target: 'integrations/orders1' }),
  ],
  authorizers: [
    {
      AuthorizerId: 'ppjwt1',
      Name: 'partner-sso',
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: 'http://sso.partners.example.com/realms/resellers', Audience: [] },
    },
  ],
  integrations: [
    {
      IntegrationId: 'orders1',
      IntegrationType: 'HTTP_PROXY',
      IntegrationMethod: 'ANY',
      ConnectionType: 'VPC_LINK',
      ConnectionId: 'vl9q4r',
      IntegrationUri: `arn:aws:elasticloadbalancing:${EU}:${ACCOUNT}:listener/net/orders-nlb/a1b2c3d4e5f60718/293a4b5c6d7e8f90`,
      PayloadFormatVersion: '1.0',
    },
    {
      IntegrationId: 'legacy1',
      IntegrationType: 'HTTP_PROXY',
      IntegrationMethod: 'ANY',
      ConnectionType: 'INTERNET',
      IntegrationUri: 'http://legacy-exchange.example.com/{proxy}',
      PayloadFormatVersion: '1.0',
    },
  ],
  stages: [
    v2Stage({
      StageName: '$default',
      // Deployed by hand: the JWT authorizer on GET /orders was attached in the console after the
      // last deployment, which still serves the route open (see partnerPortalHttp.stageExports).
      AutoDeploy: false,
      DeploymentId: 'pp4dep',
      DefaultRouteSettings: { DetailedMetricsEnabled: false },
      // A made-up reseller feed token kept where anyone with apigateway:GET reads it.
      StageVariables: { legacyHost: 'legacy-exchange.example.com', orderFeedToken: 'ofx_live_3c9a7e1b5d2f8a4c6e0b' },
    }),
  ],
});

partnerPortalHttp.stageExports['$default'] = deployedBeforeFix(partnerPortalHttp, '$default', ['GET /orders']);

/** Customer-support chat: Lambda authorizer on $connect, execution and access logs, throttled. */
const supportChatWs = v2Api({
  ApiId: 'ch4tws03w',
  Name: 'support-chat-ws',
  ProtocolType: 'WEBSOCKET',
  Description: 'Live chat between customers and support agents',
  RouteSelectionExpression: '$request.body.action',
  ApiKeySelectionExpression: '$request.header.x-api-key',
  ApiEndpoint: `wss://ch4tws03w.execute-api.${EU}.amazonaws.com`,
  routes: [
    route('$connect', { AuthorizationType: 'CUSTOM', AuthorizerId: 'chatauth', Target: 'integrations/chat01' }),
    route('$disconnect', { ...open, Target: 'integrations/chat01' }),
    route('sendMessage', { ...open, Target: 'integrations/chat01' }),
    route('$default', { ...open, Target: 'integrations/chat01' }),
  ],
  authorizers: [
    {
      AuthorizerId: 'chatauth',
      Name: 'session-token',
      AuthorizerType: 'REQUEST',
      AuthorizerUri: `arn:aws:apigateway:${EU}:lambda:path/2015-03-31/functions/arn:aws:lambda:${EU}:${ACCOUNT}:function:chat-authorizer/invocations`,
      IdentitySource: ['route.request.querystring.token'],
    },
  ],
  integrations: [lambdaIntegration(EU, 'chat01', 'support-chat')],
  stages: [
    v2Stage({
      StageName: 'prod',
      AutoDeploy: false,
      DeploymentId: 'dpl7x2',
      AccessLogSettings: accessLogs(EU, 'ch4tws03w', 'prod'),
      DefaultRouteSettings: {
        LoggingLevel: 'INFO',
        DataTraceEnabled: false,
        DetailedMetricsEnabled: true,
        ThrottlingRateLimit: 50,
        ThrottlingBurstLimit: 100,
      },
      RouteSettings: { sendMessage: { LoggingLevel: 'ERROR', ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 } },
    }),
  ],
});

// ── us-east-1 ──────────────────────────────────────────────────────────────────────────

/** Push notifications to the mobile app: open $connect (API key only), data trace, plaintext backend. */
const notificationsWs = v2Api({
  ApiId: 'n0t1fy04w',
  arn: `arn:aws:apigateway:${US}::/apis/n0t1fy04w`,
  Name: 'notifications-ws',
  ProtocolType: 'WEBSOCKET',
  Description: 'Push notifications to the mobile app',
  RouteSelectionExpression: '$request.body.action',
  ApiKeySelectionExpression: '$request.header.x-api-key',
  ApiEndpoint: `wss://n0t1fy04w.execute-api.${US}.amazonaws.com`,
  routes: [
    route('$connect', { ...open, ApiKeyRequired: true, Target: 'integrations/push01' }),
    route('$disconnect', { ...open, Target: 'integrations/push01' }),
    route('subscribe', { ...open, Target: 'integrations/push01' }),
    route('$default', { ...open, Target: 'integrations/push01' }),
  ],
  integrations: [
    {
      IntegrationId: 'push01',
      IntegrationType: 'HTTP_PROXY',
      IntegrationMethod: 'POST',
      ConnectionType: 'VPC_LINK',
      ConnectionId: 'x9y8z7',
      IntegrationUri: 'http://push-nlb-1a2b3c4d5e6f7a8b.elb.us-east-1.amazonaws.com/events',
    },
  ],
  stages: [
    v2Stage({
      StageName: 'prod',
      AutoDeploy: false,
      DeploymentId: 'dpl3q9',
      DefaultRouteSettings: { LoggingLevel: 'ERROR', DataTraceEnabled: true, DetailedMetricsEnabled: false },
      RouteSettings: {
        $default: { LoggingLevel: 'OFF' },
        $connect: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      },
    }),
  ],
});

/** Metrics ingestion for internal services: IAM-signed, reachable only through a custom domain that is gone. */
const metricsIngestHttp = v2Api({
  ApiId: 'm3tr1cs05h',
  arn: `arn:aws:apigateway:${US}::/apis/m3tr1cs05h`,
  Name: 'metrics-ingest-http',
  Description: 'Metrics from internal services; default endpoint disabled, domain mapping removed',
  ApiEndpoint: `https://m3tr1cs05h.execute-api.${US}.amazonaws.com`,
  DisableExecuteApiEndpoint: true,
  routes: [
    route('POST /metrics', { AuthorizationType: 'AWS_IAM', AuthorizerId: undefined, Target: 'integrations/ingest1' }),
    route('GET /health', { ...open, Target: 'integrations/ingest1' }),
  ],
  integrations: [lambdaIntegration(US, 'ingest1', 'metrics-ingest')],
  stages: [
    v2Stage({
      StageName: '$default',
      // Deployed by hand after every change: it serves the latest configuration.
      AutoDeploy: false,
      DeploymentId: 'mt5dep',
      AccessLogSettings: accessLogs(US, 'm3tr1cs05h', '$default'),
      RouteSettings: { 'POST /metrics': { ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 } },
    }),
  ],
});

const BY_REGION: Record<string, RegionInventory['apigatewayv2']['apis']> = {
  [EU]: ok([storefrontHttp, partnerPortalHttp, supportChatWs]),
  [US]: ok([notificationsWs, metricsIngestHttp]),
};

/** Puts the HTTP and WebSocket APIs into the demo's eu-west-1 and us-east-1 regions. */
export function addV2Apis(demo: Inventory): void {
  for (const region of demo.regions) {
    const apis = BY_REGION[region.region];
    if (apis) region.apigatewayv2.apis = structuredClone(apis);
  }
}

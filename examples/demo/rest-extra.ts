/**
 * Demo data for the REST checks on web ACL rules, client certificates, stage-variable secrets,
 * integration schemes, request validation and authorizer caching: applied to the demo inventory
 * by examples/generate-demo.ts so that each of those checks shows a PASS and a FAIL.
 *
 * What it adds or changes:
 * - eu-west-1: a second, weak web ACL (`legacy-count-only`: the AWS core rule set in Count mode,
 *   nothing else) on inventory-sync/prod.
 * - legacy-partner-api: its price feed proxies to the partner backend over plain http://.
 * - inventory-sync: proxies to the stock service over HTTPS, presents a client certificate valid
 *   for months, and has ordinary (non-secret) stage variables.
 * - mobile-backend: a partner catalogue route behind a TOKEN Lambda authorizer (default TTL),
 *   proxied over HTTPS with a client certificate that expires three weeks after the scan.
 * - orders-api: POST /orders gets the request model its body validator checks against.
 *
 * Idempotent: applying it twice leaves the demo as applying it once.
 */
import type {
  ClientCertificate,
  Collected,
  Inventory,
  Method,
  RegionInventory,
  Resource,
  RestApi,
  WebAcl,
} from '../../src/inventory/schema.js';

const ACCOUNT = '123456789012';
const EU = 'eu-west-1';
const US = 'us-east-1';

export const WEAK_WEB_ACL_ARN = `arn:aws:wafv2:${EU}:${ACCOUNT}:regional/webacl/legacy-count-only/5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f`;

const weakWebAcl: WebAcl = {
  ARN: WEAK_WEB_ACL_ARN,
  Name: 'legacy-count-only',
  Id: '5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f',
  DefaultAction: { Allow: {} },
  Rules: [
    {
      Name: 'aws-common-evaluation',
      Priority: 0,
      Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } },
      // Left in Count mode after a trial in 2023: the group matches but blocks nothing, and
      // with its metrics off nobody sees what it counts.
      OverrideAction: { Count: {} },
      VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: false, MetricName: 'aws-common-evaluation' },
    },
  ],
  VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: 'legacy-count-only' },
};

const INVENTORY_CERT: ClientCertificate = {
  clientCertificateId: 'k7c2cert01',
  description: 'inventory-sync to stock service',
  createdDate: '2026-06-15T10:00:00.000Z',
  expirationDate: '2027-06-15T10:00:00.000Z',
};

const RETIRED_CERT: ClientCertificate = {
  clientCertificateId: 'x0ldcert99',
  description: 'retired 2024 certificate',
  createdDate: '2024-03-01T08:00:00.000Z',
  expirationDate: '2025-03-01T08:00:00.000Z',
};

const PARTNER_CATALOG_CERT: ClientCertificate = {
  clientCertificateId: 'q9r8cert02',
  description: 'mobile-backend to partner catalogue',
  createdDate: '2025-11-20T09:00:00.000Z',
  expirationDate: '2026-11-20T09:00:00.000Z',
};

function regionOf(demo: Inventory, name: string): RegionInventory {
  const region = demo.regions.find((r) => r.region === name);
  if (!region) throw new Error(`demo: no region ${name}`);
  return region;
}

function value<T>(collected: Collected<T>, what: string): T {
  if (!collected.ok) throw new Error(`demo: ${what} is not collected`);
  return collected.value;
}

function apiOf(region: RegionInventory, id: string): RestApi {
  const api = value(region.apigateway.restApis, `REST APIs of ${region.region}`).find((a) => a.id === id);
  if (!api) throw new Error(`demo: no REST API ${id} in ${region.region}`);
  return api;
}

function methodOf(api: RestApi, path: string, verb: string): Method {
  const method = value(api.resources, `resources of ${api.id}`).find((r) => r.path === path)?.resourceMethods?.[verb];
  if (!method) throw new Error(`demo: no method ${verb} ${path} in ${api.id}`);
  return method;
}

function upsert<T>(items: T[], item: T, same: (a: T) => boolean): void {
  const i = items.findIndex(same);
  if (i >= 0) items[i] = item;
  else items.push(item);
}

function addCertificate(region: RegionInventory, certificate: ClientCertificate): void {
  upsert(value(region.apigateway.clientCertificates, `client certificates of ${region.region}`), certificate, (c) => c.clientCertificateId === certificate.clientCertificateId);
}

export function addRestExtras(demo: Inventory): void {
  const eu = regionOf(demo, EU);
  const us = regionOf(demo, US);

  // A web ACL that is associated but protects nothing.
  eu.webAcls[WEAK_WEB_ACL_ARN] = { ok: true, value: structuredClone(weakWebAcl) };

  // legacy-partner-api: the price feed proxies to the partner over plain HTTP.
  const legacy = apiOf(eu, 'l1g4cy03c');
  for (const verb of ['GET', 'POST']) {
    methodOf(legacy, '/prices', verb).methodIntegration = {
      type: 'HTTP_PROXY',
      httpMethod: verb,
      uri: 'http://feed.partner-prices.example.net/v2/prices',
      connectionType: 'INTERNET',
    };
  }

  // inventory-sync: HTTPS to the stock service, a client certificate, plain stage variables, the weak web ACL.
  const sync = apiOf(eu, 'i5n6sync04');
  for (const verb of ['GET', 'POST']) {
    methodOf(sync, '/items', verb).methodIntegration = {
      type: 'HTTP_PROXY',
      httpMethod: verb,
      uri: 'https://${stageVariables.stockHost}/items',
      connectionType: 'INTERNET',
    };
  }
  const syncStage = value(sync.stages, 'stages of inventory-sync').find((s) => s.stageName === 'prod');
  if (!syncStage) throw new Error('demo: no stage prod in inventory-sync');
  syncStage.clientCertificateId = INVENTORY_CERT.clientCertificateId;
  syncStage.variables = { stockHost: 'stock.internal.example.com', lambdaAlias: 'live', storeRegion: 'emea' };
  syncStage.webAclArn = WEAK_WEB_ACL_ARN;
  addCertificate(eu, INVENTORY_CERT);
  addCertificate(eu, RETIRED_CERT);

  // orders-api: the body validator gets a model to validate against.
  methodOf(apiOf(eu, 'k3x9ord01a'), '/orders', 'POST').requestModels = { 'application/json': 'NewOrder' };

  // mobile-backend: a partner catalogue behind a TOKEN authorizer, with a client certificate about to expire.
  const mobile = apiOf(us, 'm0b1le07g');
  const partnerCatalog: Resource = {
    id: 'pc4t4l0g',
    path: '/partners/{partnerId}/catalog',
    pathPart: 'catalog',
    resourceMethods: {
      GET: {
        httpMethod: 'GET',
        authorizationType: 'CUSTOM',
        authorizerId: 'tok789',
        apiKeyRequired: false,
        requestParameters: { 'method.request.path.partnerId': true },
        methodIntegration: {
          type: 'HTTP_PROXY',
          httpMethod: 'GET',
          uri: 'https://catalog.partner-hub.example.com/v1/partners/{partnerId}/catalog',
          connectionType: 'INTERNET',
        },
      },
    },
  };
  upsert(value(mobile.resources, 'resources of mobile-backend'), partnerCatalog, (r) => r.id === partnerCatalog.id);
  upsert(
    value(mobile.authorizers, 'authorizers of mobile-backend'),
    {
      id: 'tok789',
      name: 'partner-token',
      type: 'TOKEN',
      authorizerUri: `arn:aws:apigateway:${US}:lambda:path/2015-03-31/functions/arn:aws:lambda:${US}:${ACCOUNT}:function:partner-token-check/invocations`,
      identitySource: 'method.request.header.Authorization',
    },
    (a) => a.id === 'tok789',
  );
  const mobileStage = value(mobile.stages, 'stages of mobile-backend').find((s) => s.stageName === 'prod');
  if (!mobileStage) throw new Error('demo: no stage prod in mobile-backend');
  mobileStage.clientCertificateId = PARTNER_CATALOG_CERT.clientCertificateId;
  addCertificate(us, PARTNER_CATALOG_CERT);
}

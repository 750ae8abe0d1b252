/**
 * Generates examples/demo-inventory.json: a made-up but realistic account with good and bad
 * REST APIs in two regions, so `npm run demo` shows every kind of result without AWS access.
 * Run with `npm run gen:demo` after changing it; a test keeps the committed file in sync.
 */
import { writeFileSync } from 'node:fs';
import { logGroupUses } from '../src/inventory/links.js';
import type { Method, Stage } from '../src/inventory/schema.js';
import {
  ACCOUNT,
  domainName,
  failed,
  inventory,
  ok,
  region,
  resource,
  restApi,
  stage,
} from '../test/fixtures/builders.js';
import { addDns } from './demo/dns.js';
import { addDomains } from './demo/domains.js';
import { addDrift, redeployRestApis } from './demo/drift.js';
import { addIdentity } from './demo/identity.js';
import { addIdentityPools } from './demo/identity-pools.js';
import { addLambda } from './demo/lambda.js';
import { addMonitoring } from './demo/monitoring.js';
import { addProtection } from './demo/protection.js';
import { addRestExtras } from './demo/rest-extra.js';
import { addV2Apis } from './demo/v2.js';
import { addWafAndLogs } from './demo/waf-logs.js';

const EU = 'eu-west-1';
const US = 'us-east-1';
const WAF_EU = `arn:aws:wafv2:${EU}:${ACCOUNT}:regional/webacl/api-protection/0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6`;
const WAF_US = `arn:aws:wafv2:${US}:${ACCOUNT}:regional/webacl/edge-apis/9a8b7c6d-5e4f-3a2b-1c0d-e9f8a7b6c5d4`;
const CERT_EU = `arn:aws:acm:${EU}:${ACCOUNT}:certificate/4f1c2d3e-aaaa-bbbb-cccc-0123456789ab`;

const cognito: Partial<Method> = { authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'cog123' };
const iam: Partial<Method> = { authorizationType: 'AWS_IAM' };
const open: Partial<Method> = { authorizationType: 'NONE' };
const corsPreflight: Partial<Method> = { authorizationType: 'NONE', methodIntegration: { type: 'MOCK' } };

function accessLogs(region: string, apiId: string, stageName: string): Stage['accessLogSettings'] {
  return {
    destinationArn: `arn:aws:logs:${region}:${ACCOUNT}:log-group:/aws/apigateway/${apiId}/${stageName}`,
    format: '{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","caller":"$context.identity.caller","status":"$context.status"}',
  };
}

/** A stage with every recommended setting. */
function hardenedStage(region: string, apiId: string, overrides: Partial<Stage> = {}): Stage {
  return stage({
    stageName: 'prod',
    tracingEnabled: true,
    webAclArn: region === EU ? WAF_EU : WAF_US,
    accessLogSettings: accessLogs(region, apiId, 'prod'),
    methodSettings: {
      '*/*': {
        loggingLevel: 'ERROR',
        dataTraceEnabled: false,
        metricsEnabled: true,
        throttlingRateLimit: 200,
        throttlingBurstLimit: 400,
        cachingEnabled: false,
      },
    },
    createdDate: '2025-03-02T09:15:00.000Z',
    lastUpdatedDate: '2026-10-14T16:40:00.000Z',
    ...overrides,
  });
}

const cognitoAuthorizer = {
  id: 'cog123',
  name: 'customers-pool',
  type: 'COGNITO_USER_POOLS',
  providerARNs: [`arn:aws:cognito-idp:${EU}:${ACCOUNT}:userpool/${EU}_Ab12Cd34E`],
  identitySource: 'method.request.header.Authorization',
};

const ordersApi = restApi({
  id: 'k3x9ord01a',
  name: 'orders-api',
  description: 'Customer orders (checkout, history, cancellation)',
  createdDate: '2025-03-01T10:00:00.000Z',
  endpointConfiguration: { types: ['REGIONAL'] },
  disableExecuteApiEndpoint: true,
  tags: { team: 'commerce', env: 'prod' },
  resources: [
    resource('/', {}),
    resource('/orders', { GET: cognito, POST: { ...cognito, requestValidatorId: 'val1' }, OPTIONS: corsPreflight }),
    resource('/orders/{orderId}', { GET: cognito, DELETE: cognito, OPTIONS: corsPreflight }),
  ],
  authorizers: [cognitoAuthorizer],
  requestValidators: [{ id: 'val1', name: 'body', validateRequestBody: true, validateRequestParameters: true }],
  stages: [
    hardenedStage(EU, 'k3x9ord01a', {
      cacheClusterEnabled: true,
      cacheClusterSize: '0.5',
      methodSettings: {
        '*/*': {
          loggingLevel: 'INFO',
          dataTraceEnabled: false,
          metricsEnabled: true,
          throttlingRateLimit: 200,
          throttlingBurstLimit: 400,
          cachingEnabled: true,
          cacheTtlInSeconds: 60,
          cacheDataEncrypted: true,
          requireAuthorizationForCacheControl: true,
        },
      },
    }),
  ],
});

const paymentsApi = restApi({
  id: 'p7y2pay02b',
  name: 'payments-api',
  description: 'Internal payment authorisation, reachable from the payments VPC only',
  endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-0a1b2c3d4e5f67890'] },
  policy: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: 'execute-api:/*',
        Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d4e5f67890' } },
      },
    ],
  },
  resources: [resource('/', {}), resource('/authorisations', { POST: iam }), resource('/authorisations/{id}', { GET: iam })],
  stages: [hardenedStage(EU, 'p7y2pay02b')],
});

const legacyPartnerApi = restApi({
  id: 'l1g4cy03c',
  name: 'legacy-partner-api',
  description: 'Partner price feed from 2019; owner left the company',
  createdDate: '2019-06-11T08:00:00.000Z',
  endpointConfiguration: { types: ['EDGE'] },
  resources: [
    resource('/', { GET: open }),
    resource('/prices', { GET: open, POST: open }),
    resource('/prices/{sku}', { GET: open, PUT: open, DELETE: open }),
  ],
  stages: [
    stage({
      stageName: 'v1',
      methodSettings: { '*/*': { loggingLevel: 'OFF', dataTraceEnabled: true, metricsEnabled: false } },
      variables: { backendHost: 'prices.internal.example.com', partnerToken: 'pt_live_8f3b2a9c7d6e5f4a3b2c1d0e' },
      createdDate: '2019-06-11T08:30:00.000Z',
    }),
  ],
});

const inventorySync = restApi({
  id: 'i5n6sync04',
  name: 'inventory-sync',
  description: 'Warehouse stock updates pushed by store systems (API key only)',
  endpointConfiguration: { types: ['REGIONAL'] },
  resources: [
    resource('/', {}),
    resource('/items', { GET: { ...open, apiKeyRequired: true }, POST: { ...open, apiKeyRequired: true } }),
  ],
  stages: [
    stage({
      stageName: 'prod',
      accessLogSettings: accessLogs(EU, 'i5n6sync04', 'prod'),
      methodSettings: {
        '*/*': { loggingLevel: 'ERROR', dataTraceEnabled: false, metricsEnabled: true },
        '~1items/POST': { loggingLevel: 'OFF', dataTraceEnabled: false },
      },
    }),
  ],
});

const internalReports = restApi({
  id: 'r8p9rep05e',
  name: 'internal-reports',
  description: 'Finance reports; private, but its policy lets any VPC endpoint in',
  endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-0fedcba9876543210'] },
  policy: JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }],
  }).replace(/"/g, '\\"'),
  resources: [resource('/', {}), resource('/reports/{month}', { GET: iam })],
  stages: [hardenedStage(EU, 'r8p9rep05e', { tracingEnabled: false })],
});

const publicStatus = restApi({
  id: 's2t3stat06',
  name: 'public-status',
  description: 'Status page feed, open by design, limited to the CDN egress ranges',
  endpointConfiguration: { types: ['REGIONAL'] },
  policy: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: 'execute-api:/*',
        Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.0/24'] } },
      },
    ],
  },
  resources: [resource('/', {}), resource('/health', { GET: open })],
  stages: [hardenedStage(EU, 's2t3stat06')],
});

const mobileBackend = restApi({
  id: 'm0b1le07g',
  name: 'mobile-backend',
  description: 'iOS and Android app backend',
  arn: `arn:aws:apigateway:${US}::/restapis/m0b1le07g`,
  endpointConfiguration: { types: ['EDGE'] },
  resources: [
    resource('/', {}),
    resource('/profile', { GET: cognito, PATCH: cognito, OPTIONS: corsPreflight }),
    resource('/catalog', { GET: cognito }),
  ],
  authorizers: [{ ...cognitoAuthorizer, providerARNs: [`arn:aws:cognito-idp:${US}:${ACCOUNT}:userpool/${US}_Zx98Yw76V`] }],
  stages: [
    hardenedStage(US, 'm0b1le07g', {
      tracingEnabled: false,
      cacheClusterEnabled: true,
      cacheClusterSize: '0.5',
      methodSettings: {
        '*/*': { loggingLevel: 'INFO', dataTraceEnabled: false, metricsEnabled: true, throttlingRateLimit: 500, throttlingBurstLimit: 1000 },
        '~1catalog/GET': { loggingLevel: 'INFO', cachingEnabled: true, cacheTtlInSeconds: 300, cacheDataEncrypted: false },
      },
    }),
  ],
});

const webhooksIngest = restApi({
  id: 'w3bh00k08h',
  name: 'webhooks-ingest',
  description: 'Receives webhooks from the payment provider (Lambda authorizer checks signatures)',
  arn: `arn:aws:apigateway:${US}::/restapis/w3bh00k08h`,
  endpointConfiguration: { types: ['REGIONAL'] },
  resources: [resource('/', {}), resource('/events', { POST: { authorizationType: 'CUSTOM', authorizerId: 'lam456' } })],
  authorizers: [
    {
      id: 'lam456',
      name: 'signature-check',
      type: 'REQUEST',
      authorizerUri: `arn:aws:apigateway:${US}:lambda:path/2015-03-31/functions/arn:aws:lambda:${US}:${ACCOUNT}:function:verify-signature/invocations`,
      identitySource: 'method.request.header.Stripe-Signature',
      authorizerResultTtlInSeconds: 0,
    },
  ],
  stages: [
    hardenedStage(US, 'w3bh00k08h'),
    stage({
      stageName: 'dev',
      methodSettings: { '*/*': { loggingLevel: 'INFO', dataTraceEnabled: true } },
      accessLogSettings: accessLogs(US, 'w3bh00k08h', 'dev'),
    }),
  ],
});

const analyticsApi = restApi({
  id: 'an4lyt09i',
  name: 'analytics-api',
  description: 'Clickstream ingestion',
  arn: `arn:aws:apigateway:${US}::/restapis/an4lyt09i`,
  endpointConfiguration: { types: ['REGIONAL'] },
  resources: [resource('/', {}), resource('/events', { POST: iam })],
  stages: failed('GetStages', 'AccessDeniedException', {
    region: US,
    resource: `arn:aws:apigateway:${US}::/restapis/an4lyt09i`,
    message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/apiposture-audit/session is not authorized to perform: apigateway:GET on resource: arn:aws:apigateway:${US}::/restapis/an4lyt09i/stages with an explicit deny in a service control policy`,
  }),
});

const demo = inventory({
  regions: [
    region({
      region: EU,
      restApis: [ordersApi, paymentsApi, legacyPartnerApi, inventorySync, internalReports, publicStatus],
      usagePlans: [
        {
          id: 'up1',
          name: 'store-systems',
          apiStages: [{ apiId: 'i5n6sync04', stage: 'prod' }],
          throttle: { rateLimit: 50, burstLimit: 100 },
          quota: { limit: 1000000, period: 'MONTH', offset: 0 },
        },
      ],
      apiKeys: [
        { id: 'key1', name: 'store-0042', enabled: true, createdDate: '2024-02-01T00:00:00.000Z', stageKeys: ['i5n6sync04/prod'] },
        { id: 'key2', name: 'old-pos-vendor', enabled: true, createdDate: '2021-09-15T00:00:00.000Z', stageKeys: [] },
      ],
      domainNames: [
        domainName({
          domainName: 'orders.api.example.com',
          regionalCertificateArn: CERT_EU,
          securityPolicy: 'TLS_1_2',
          basePathMappings: ok([{ basePath: '(none)', restApiId: 'k3x9ord01a', stage: 'prod' }]),
        }),
      ],
      webAcls: {
        [WAF_EU]: {
          ARN: WAF_EU,
          Name: 'api-protection',
          Id: '0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6',
          DefaultAction: { Allow: {} },
          Rules: [
            {
              Name: 'aws-common',
              Priority: 0,
              Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } },
              OverrideAction: { None: {} },
            },
            {
              Name: 'aws-sqli',
              Priority: 1,
              Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesSQLiRuleSet' } },
              OverrideAction: { None: {} },
            },
            {
              Name: 'per-ip-rate',
              Priority: 2,
              Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP' } },
              Action: { Block: {} },
            },
          ],
        },
      },
      certificates: {
        [CERT_EU]: {
          CertificateArn: CERT_EU,
          DomainName: 'orders.api.example.com',
          Status: 'ISSUED',
          Type: 'AMAZON_ISSUED',
          KeyAlgorithm: 'RSA_2048',
          NotBefore: '2026-06-01T00:00:00.000Z',
          NotAfter: '2027-06-30T23:59:59.000Z',
          RenewalEligibility: 'ELIGIBLE',
          InUseBy: [`arn:aws:apigateway:${EU}::/domainnames/orders.api.example.com`],
        },
      },
    }),
    region({
      region: US,
      restApis: [mobileBackend, webhooksIngest, analyticsApi],
      account: { throttleSettings: { burstLimit: 5000, rateLimit: 10000 } },
      webAcls: {
        [WAF_US]: failed('GetWebACL', 'AccessDeniedException', {
          service: 'wafv2',
          region: US,
          resource: WAF_US,
          message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/apiposture-audit/session is not authorized to perform: wafv2:GetWebACL`,
        }),
      },
    }),
  ],
});

addRestExtras(demo);
addV2Apis(demo);
addDomains(demo);
addDns(demo);
addIdentity(demo);
addIdentityPools(demo);
addMonitoring(demo);
addWafAndLogs(demo);
addProtection(demo);
// The changes above were deployed: every REST stage serves its API's final draft. Modules that
// make a stage serve something else (a fix never deployed, a weaker draft) come after this.
redeployRestApis(demo);
addDrift(demo);
// After the deployments are final: it names the functions what the stages serve.
addLambda(demo);

// API Gateway creates execution-log groups itself (no retention, no KMS key) once a stage logs
// and the account has a CloudWatch role; without the role nothing is written and the group
// does not exist.
for (const region of demo.regions) {
  const role = region.apigateway.account.ok && region.apigateway.account.value.cloudwatchRoleArn;
  for (const [name, uses] of logGroupUses(region)) {
    if (name in region.logGroups || !uses.some((use) => use.kind === 'execution')) continue;
    region.logGroups[name] = ok(
      role
        ? { logGroupName: name, exists: true, arn: `arn:aws:logs:${region.region}:${ACCOUNT}:log-group:${name}:*`, creationTime: 1740823200000 }
        : { logGroupName: name, exists: false },
    );
  }
}

// The top-level error list is what collection recorded: every failed call, once.
demo.errors = demo.regions.flatMap((r) => [
  ...r.apigateway.restApis.ok
    ? r.apigateway.restApis.value.flatMap((api) => (api.stages.ok ? [] : [api.stages.error]))
    : [],
  ...Object.values(r.webAcls).flatMap((acl) => (acl.ok ? [] : [acl.error])),
]);

export const demoInventory = demo;

if (process.argv[1]?.endsWith('generate-demo.ts')) {
  writeFileSync(new URL('./demo-inventory.json', import.meta.url), JSON.stringify(demo, null, 2) + '\n');
  console.log('wrote examples/demo-inventory.json');
}

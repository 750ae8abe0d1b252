/**
 * The collector against the local AWS look-alike, over the real wire protocols: what the fake
 * serves from a ground-truth inventory must come back unchanged, v1 and v2 alike, and so must
 * what protects the APIs (trails, alarms, log groups, user pools, KMS keys, IAM policies).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { collectInventory, type CollectResult } from '../../src/collect/index.js';
import { parseInventory } from '../../src/inventory/io.js';
import type { CollectionError, Inventory, SharedInventory, Trail, V2Route } from '../../src/inventory/schema.js';
import { v2ApiArn } from '../../src/inventory/view.js';
import {
  ACCOUNT,
  REGION,
  alarm,
  domainName,
  iamPolicy,
  inventory,
  kmsKey,
  logGroup,
  ok,
  region,
  resource,
  restApi,
  route,
  stage,
  trail,
  userPool,
  userPoolArn,
  userPoolClient,
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

const zoneDenied: CollectionError = {
  service: 'route53',
  operation: 'ListResourceRecordSets',
  region: REGION,
  resource: '/hostedzone/ZDENIED',
  code: 'AccessDenied',
  message: 'User is not authorized to perform: route53:ListResourceRecordSets',
};
const chatArn = v2ApiArn(REGION, 'chat1');
const lockedArn = v2ApiArn(REGION, 'locked1');
const integrationsDenied = denied('GetIntegrations', chatArn);
const routesDenied = denied('GetRoutes', lockedArn);

// ── What protects the APIs ──
const JWT_POOL = userPoolArn(`${REGION}_abc`);
/** Trusted by a REST authorizer, in a region that is not scanned; reading it is denied. */
const DENIED_POOL = userPoolArn('us-east-1_Denied1', 'us-east-1');
const FOREIGN_POOL = `arn:aws:cognito-idp:${REGION}:999999999999:userpool/${REGION}_Foreign1`;
const LOGS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1111aaaa-logs`;
const AWS_LOGS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/2222bbbb-aws-managed`;
const TRAIL_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/3333cccc-external`;
const SHADOW_TRAIL = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-audit`;
const LOCAL_TRAIL = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/local`;
const poolDenied: CollectionError = {
  service: 'cognito-idp',
  operation: 'DescribeUserPool',
  region: 'us-east-1',
  resource: DENIED_POOL,
  code: 'AccessDeniedException',
  message: `User is not authorized to perform: cognito-idp:DescribeUserPool on resource: ${DENIED_POOL}`,
};
const AWS_POLICY = 'arn:aws:iam::aws:policy';
const policyVersionDenied: CollectionError = {
  service: 'iam',
  operation: 'GetPolicyVersion',
  region: REGION,
  resource: `${AWS_POLICY}/PowerUserAccess`,
  code: 'AccessDenied',
  message: `User is not authorized to perform: iam:GetPolicyVersion on resource: ${AWS_POLICY}/PowerUserAccess`,
};
const trailStatusDenied: CollectionError = {
  service: 'cloudtrail',
  operation: 'GetTrailStatus',
  region: REGION,
  resource: LOCAL_TRAIL,
  code: 'AccessDeniedException',
  message: `User is not authorized to perform: cloudtrail:GetTrailStatus on resource: ${LOCAL_TRAIL}`,
};

/** A multi-region trail homed in us-east-1 (not scanned) and a local one whose status is denied. */
function trails(): Trail[] {
  const list: Trail[] = [
    trail({
      Name: 'org-audit',
      TrailARN: SHADOW_TRAIL,
      HomeRegion: 'us-east-1',
      KmsKeyId: TRAIL_KEY,
      S3KeyPrefix: 'audit',
      HasCustomEventSelectors: true,
      status: { IsLogging: true, StartLoggingTime: '2024-02-03T04:05:06.000Z', LatestDeliveryTime: '2026-10-31T23:59:00.000Z' } as never,
      selectors: {
        AdvancedEventSelectors: [
          { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
          { Name: 'No KMS reads', FieldSelectors: [{ Field: 'eventSource', NotEquals: ['kms.amazonaws.com'] }, { Field: 'eventCategory', Equals: ['Management'] }] },
        ],
      },
    } as never),
    trail({
      Name: 'local',
      TrailARN: LOCAL_TRAIL,
      IsMultiRegionTrail: false,
      LogFileValidationEnabled: false,
      KmsKeyId: undefined,
      status: { ok: false, error: trailStatusDenied },
      selectors: { EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true, ExcludeManagementEventSources: [] }] },
    }),
  ];
  // As JSON: no undefined members (the local trail has no key).
  return JSON.parse(JSON.stringify(list)) as Trail[];
}

/** Three alarms (two pages at page size 2): plain, metric math, and one without actions. */
function alarms() {
  return [
    alarm({
      AlarmName: 'orders-5xx',
      AlarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:orders-5xx`,
      StateValue: 'OK',
      Threshold: 5,
      ComparisonOperator: 'GreaterThanThreshold',
      StateUpdatedTimestamp: '2026-01-02T03:04:05.000Z',
    } as never),
    alarm({
      AlarmName: 'orders-error-rate',
      Namespace: undefined,
      MetricName: undefined,
      Dimensions: undefined,
      Metrics: [
        { Id: 'rate', Expression: 'errors / requests * 100' },
        { Id: 'errors', MetricStat: { Metric: { Namespace: 'AWS/ApiGateway', MetricName: '5xx', Dimensions: [{ Name: 'ApiId', Value: 'orders1' }] } } },
        { Id: 'requests', MetricStat: { Metric: { Namespace: 'AWS/ApiGateway', MetricName: 'Count', Dimensions: [{ Name: 'ApiId', Value: 'orders1' }] } } },
      ],
    }),
    alarm({ AlarmName: 'silent', ActionsEnabled: false, AlarmActions: [], StateValue: 'INSUFFICIENT_DATA' }),
  ].map((a) => JSON.parse(JSON.stringify(a)) as typeof a);
}

function sharedTruth(): SharedInventory {
  return {
    userPools: {
      [JWT_POOL]: ok(
        userPool({
          Id: `${REGION}_abc`,
          Name: 'shoppers',
          MfaConfiguration: 'OPTIONAL',
          EstimatedNumberOfUsers: 1200,
          CreationDate: '2023-03-04T05:06:07.000Z',
          mfa: { MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true }, EmailMfaConfiguration: { Subject: 'code' } },
          // Three clients: two pages of ListUserPoolClients at page size 2.
          clients: [
            userPoolClient({ ClientId: 'web', ClientName: 'web', LastModifiedDate: '2025-01-01T00:00:00.000Z' } as never),
            userPoolClient({ ClientId: 'mobile', ClientName: 'mobile', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'], PreventUserExistenceErrors: 'LEGACY' }),
            userPoolClient({ ClientId: 'backend', ClientName: 'backend', AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: ['orders/read'] }),
          ],
        } as never),
      ),
      [DENIED_POOL]: { ok: false, error: poolDenied },
      [FOREIGN_POOL]: {
        ok: false,
        error: {
          service: 'cognito-idp',
          operation: 'DescribeUserPool',
          region: REGION,
          resource: FOREIGN_POOL,
          code: 'CrossAccount',
          message: `the user pool belongs to account 999999999999, not to the scanned account ${ACCOUNT}; apiposture reads the scanned account only`,
        },
      },
    },
    // Pools the scan read: described ones of the scanned account (not the denied or foreign one).
    userPoolWebAcls: {
      [JWT_POOL]: ok({ associated: true, WebACLArn: `arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/webacl/sign-in/1`, Name: 'sign-in' }),
    },
    kmsKeys: {
      [LOGS_KEY]: ok(kmsKey(LOGS_KEY, { Description: 'API logs', CreationDate: '2022-02-02T02:02:02.000Z' } as never)),
      [AWS_LOGS_KEY]: ok(kmsKey(AWS_LOGS_KEY, { KeyManager: 'AWS', rotation: ok({ KeyRotationEnabled: true }) })),
      [TRAIL_KEY]: ok(
        kmsKey(TRAIL_KEY, {
          Origin: 'EXTERNAL',
          KeyState: 'PendingImport',
          rotation: {
            ok: false,
            error: {
              service: 'kms',
              operation: 'GetKeyRotationStatus',
              region: 'us-east-1',
              resource: TRAIL_KEY,
              code: 'NotApplicable',
              message: "automatic rotation applies only to keys with AWS KMS key material; this key's origin is EXTERNAL",
            },
          },
        }),
      ),
    },
    // Order matters and survives paging: a managed policy after inline ones starts a new page.
    iamPolicies: ok([
      iamPolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:*/prod/GET/*' }] }, {
        attachmentCount: 2,
        attachedTo: ['role/service-role/orders-fn', 'user/deployer'],
      }),
      iamPolicy('{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a b/100%/*"}]}', {
        kind: 'role',
        name: 'read-bucket',
        arn: `arn:aws:iam::${ACCOUNT}:role/service-role/orders-fn`,
        attachmentCount: undefined,
      }),
      iamPolicy({ Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } }] }, {
        kind: 'role',
        name: 'send <queue> & "log"',
        arn: `arn:aws:iam::${ACCOUNT}:role/service-role/orders-fn`,
        attachmentCount: undefined,
      }),
      iamPolicy({ Statement: [{ Effect: 'Allow', Action: 'apigateway:*', Resource: '*' }] }, { name: 'gateway-admin', arn: `arn:aws:iam::${ACCOUNT}:policy/gateway-admin`, attachmentCount: 0, attachedTo: [] }),
      iamPolicy({ Statement: [{ Effect: 'Allow', Action: 'execute-api:*', Resource: '*' }] }, { kind: 'user', name: 'ci', arn: `arn:aws:iam::${ACCOUNT}:user/deployer`, attachmentCount: undefined }),
      iamPolicy({ Statement: [{ Effect: 'Deny', NotAction: 'iam:*', Resource: '*' }] }, { kind: 'group', name: 'guard', arn: `arn:aws:iam::${ACCOUNT}:group/ops`, attachmentCount: undefined }),
    ].map((policy) => JSON.parse(JSON.stringify(policy)) as typeof policy)),
    // The fixtures' integrations name the placeholder `functions/fn`, no function ARN: none is read
    // (test/collect/lambda-fake-aws.test.ts reads the demo's functions through the look-alike).
    lambdaFunctions: {},
    // Route 53 over REST-XML: three zones (two pages at page size 2), one with records on two
    // pages (a weighted pair: the next page starts at a record identifier), one unreadable.
    route53: {
      hostedZones: ok([
        {
          Id: '/hostedzone/ZAPI',
          Name: 'example.com.',
          Config: { PrivateZone: false },
          ResourceRecordSetCount: 7,
          records: ok([
            { Name: 'api.example.com.', Type: 'A', AliasTarget: { DNSName: 'd-abc123.execute-api.eu-west-1.amazonaws.com.', HostedZoneId: 'ZLY8HYME6SFDD', EvaluateTargetHealth: false } },
            { Name: 'old.example.com.', Type: 'CNAME', SetIdentifier: 'blue', TTL: 60, ResourceRecords: [{ Value: 'zz9yy8xx7w.execute-api.eu-west-1.amazonaws.com' }] },
            { Name: 'old.example.com.', Type: 'CNAME', SetIdentifier: 'green', TTL: 60, ResourceRecords: [{ Value: 'a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com' }] },
          ]),
        },
        { Id: '/hostedzone/ZEMPTY', Name: 'example.org.', Config: { PrivateZone: false }, ResourceRecordSetCount: 2, records: ok([]) },
        {
          Id: '/hostedzone/ZDENIED',
          Name: 'example.net.',
          Config: { PrivateZone: false },
          ResourceRecordSetCount: 2,
          records: { ok: false, error: zoneDenied },
        },
      ]),
    },
    // Subscribed to Shield Advanced: three protections and three distributions, two pages each
    // at page size 2 (ListProtections by NextToken, CloudFront ListDistributions by Marker).
    shield: {
      subscription: ok({ SubscriptionState: 'ACTIVE' }),
      protections: ok(
        ['d1', 'd2', 'zone'].map((name, i) => ({
          Id: `p-${name}`,
          Name: name,
          ResourceArn: name === 'zone' ? `arn:aws:route53:::hostedzone/ZAPI` : `arn:aws:cloudfront::${ACCOUNT}:distribution/E${i + 1}`,
          ProtectionArn: `arn:aws:shield::${ACCOUNT}:protection/p-${name}`,
        })),
      ),
      distributions: ok([
        { Id: 'E1', ARN: `arn:aws:cloudfront::${ACCOUNT}:distribution/E1`, DomainName: 'e1.cloudfront.net', Enabled: true, originDomainNames: ['api.example.com'] },
        { Id: 'E2', ARN: `arn:aws:cloudfront::${ACCOUNT}:distribution/E2`, DomainName: 'e2.cloudfront.net', Enabled: false, originDomainNames: [`orders1.execute-api.${REGION}.amazonaws.com`, 'static.example.com'] },
        { Id: 'E3', ARN: `arn:aws:cloudfront::${ACCOUNT}:distribution/E3`, DomainName: 'e3.cloudfront.net', Enabled: true, originDomainNames: [] },
      ]),
    },
    // Attached AWS-managed policies, one of them unreadable.
    awsManagedPolicies: {
      [`${AWS_POLICY}/AdministratorAccess`]: ok(
        iamPolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, {
          name: 'AdministratorAccess',
          arn: `${AWS_POLICY}/AdministratorAccess`,
          attachmentCount: 1,
          attachedTo: ['group/ops'],
        }),
      ),
      [`${AWS_POLICY}/AmazonAPIGatewayInvokeFullAccess`]: ok(
        iamPolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['execute-api:Invoke', 'execute-api:ManageConnections'], Resource: 'arn:aws:execute-api:*:*:*' }] }, {
          name: 'AmazonAPIGatewayInvokeFullAccess',
          arn: `${AWS_POLICY}/AmazonAPIGatewayInvokeFullAccess`,
          attachmentCount: 2,
          attachedTo: ['role/partner-sync', 'user/deployer'],
        }),
      ),
      [`${AWS_POLICY}/PowerUserAccess`]: { ok: false, error: policyVersionDenied },
    },
  };
}

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

  // Trusts two pools through a Cognito authorizer; writes access and execution logs.
  const rest2 = restApi({
    id: 'rest2',
    resources: [resource('/', { GET: { authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'c1' } })],
    authorizers: [{ id: 'c1', name: 'pools', type: 'COGNITO_USER_POOLS', providerARNs: [DENIED_POOL, FOREIGN_POOL] }],
    stages: [
      stage({
        accessLogSettings: { destinationArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/apigateway/rest2`, format: '$context.requestId' },
        methodSettings: { '*/*': { loggingLevel: 'INFO', metricsEnabled: true } },
      }),
    ],
  });

  return inventory({
    regions: [
      region({
        restApis: [restApi({ id: 'rest1', resources: [resource('/', { GET: {} })] }), rest2],
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
        webAclLogging: {},
        // Three identity pools, paged two at a time: guests with the basic flow, guests, none.
        identityPools: ['1', '2', '3'].map((n) => ({
          IdentityPoolId: `${REGION}:0000000${n}-aaaa-bbbb-cccc-123456789012`,
          IdentityPoolName: `pool-${n}`,
          AllowUnauthenticatedIdentities: n !== '3',
          AllowClassicFlow: n === '1',
          roles: ok({ Roles: { unauthenticated: `arn:aws:iam::${ACCOUNT}:role/guest-${n}` } }),
        })),
        trails: trails(),
        alarms: alarms(),
        logGroups: {
          orders: logGroup('orders', { kmsKeyId: LOGS_KEY, creationTime: 1_700_000_000_123 }),
          '/aws/apigateway/rest2': logGroup('/aws/apigateway/rest2', { kmsKeyId: AWS_LOGS_KEY, retentionInDays: 7 }),
          'API-Gateway-Execution-Logs_rest2/prod': { logGroupName: 'API-Gateway-Execution-Logs_rest2/prod', exists: false },
        },
      }),
    ],
    shared: sharedTruth(),
    // In the snapshot's stable order: region, service, operation, resource, code.
    errors: [integrationsDenied, routesDenied, trailStatusDenied, policyVersionDenied, zoneDenied, poolDenied],
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
    assert.deepEqual(collected.shared, truth.shared);
    assert.deepEqual(collected.errors, truth.errors);
    assert.deepEqual(collected.account, truth.account);
  });

  it('round-trips the fields the schema does not declare as well (the v2 wire names are right)', () => {
    const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
    assert.deepEqual(asJson(result.inventory.regions), asJson(served.regions));
    assert.deepEqual(asJson(result.inventory.shared), asJson(served.shared));
  });

  it('measures the calls of the linked resources: one per item, one more per extra page, none for what is not read', () => {
    const linked = new Set(['cloudtrail', 'cloudwatch', 'logs', 'cognito-idp', 'kms', 'iam']);
    const counts: Record<string, number> = {};
    for (const r of fake.requests.filter((r) => linked.has(r.service))) {
      const key = `${r.service}:${r.operation}@${r.region}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    assert.deepEqual(counts, {
      [`cloudtrail:DescribeTrails@${REGION}`]: 1,
      // The shadow trail is read in its home region, the local one in the scanned region.
      'cloudtrail:GetTrailStatus@us-east-1': 1,
      'cloudtrail:GetEventSelectors@us-east-1': 1,
      [`cloudtrail:GetTrailStatus@${REGION}`]: 1,
      [`cloudtrail:GetEventSelectors@${REGION}`]: 1,
      // Three alarms at page size 2.
      [`cloudwatch:DescribeAlarms@${REGION}`]: 2,
      // Three log groups in one batch.
      [`logs:DescribeLogGroups@${REGION}`]: 1,
      // The foreign pool is never asked for; the denied one is asked once.
      [`cognito-idp:DescribeUserPool@${REGION}`]: 1,
      'cognito-idp:DescribeUserPool@us-east-1': 1,
      [`cognito-idp:GetUserPoolMfaConfig@${REGION}`]: 1,
      [`cognito-idp:ListUserPoolClients@${REGION}`]: 2,
      [`cognito-idp:DescribeUserPoolClient@${REGION}`]: 3,
      // Threat protection is ENFORCED: the pool's risk configuration, then each client's.
      [`cognito-idp:DescribeRiskConfiguration@${REGION}`]: 4,
      // Rotation only for the customer-managed AWS_KMS key.
      [`kms:DescribeKey@${REGION}`]: 2,
      'kms:DescribeKey@us-east-1': 1,
      [`kms:GetKeyRotationStatus@${REGION}`]: 1,
      // Six policies at page size 2, a new page where a managed policy follows inline ones.
      [`iam:GetAccountAuthorizationDetails@${REGION}`]: 4,
      // Three attached AWS-managed policies: their default version ids at page size 2, then one version each.
      [`iam:ListPolicies@${REGION}`]: 2,
      [`iam:GetPolicyVersion@${REGION}`]: 3,
    });
    assert.equal(result.stats.snapshot()['cognito-idp:DescribeUserPool']?.attempts, 2, 'AccessDenied is not retried');
  });

  it('stores IAM documents decoded and user pool clients without secrets', () => {
    const policies = result.inventory.shared.iamPolicies;
    assert.ok(policies.ok);
    assert.equal(policies.value[1]?.document, '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a b/100%/*"}]}');
    assert.doesNotMatch(JSON.stringify(result.inventory), /ClientSecret/);
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

// ── What the stages serve (issue 13) ──
const deployedArn = (id: string) => `arn:aws:apigateway:${REGION}::/restapis/${id}`;
const exportDenied: CollectionError = {
  service: 'apigateway',
  operation: 'GetExport',
  region: REGION,
  resource: `${deployedArn('locked2')}/stages/prod`,
  code: 'AccessDeniedException',
  message: `User is not authorized to perform: apigateway:GET on resource: ${deployedArn('locked2')}/stages/prod/exports/oas30`,
};
const exportApiDenied: CollectionError = {
  ...denied('ExportApi', `${v2ApiArn(REGION, 'hidden1')}/stages/live`),
};
const noRoutes: CollectionError = {
  service: 'apigatewayv2',
  operation: 'ExportApi',
  region: REGION,
  resource: `${v2ApiArn(REGION, 'empty1')}/stages/live`,
  code: 'BadRequestException',
  message: 'Unable to export API: the API has no routes',
};
const POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] };

/**
 * Drafts and deployments that disagree both ways: a method fixed in the draft (AWS_IAM) that
 * prod still serves open, a weaker draft (no API key, TLS check off) waiting for the next
 * deployment; two stages sharing a deployment; a canary-only deployment; a denied export.
 */
function deployedTruth(): Inventory {
  const shop = restApi({
    id: 'shop1',
    policy: POLICY,
    disableExecuteApiEndpoint: true,
    resources: [
      resource('/', { GET: { authorizationType: 'AWS_IAM' } }),
      resource('/orders', {
        GET: { authorizationType: 'CUSTOM', authorizerId: 'tok1', requestValidatorId: 'v1' },
        POST: {
          authorizationType: 'COGNITO_USER_POOLS',
          authorizerId: 'pool1',
          apiKeyRequired: false,
          methodIntegration: { type: 'HTTP_PROXY', uri: 'https://orders.internal/', connectionType: 'VPC_LINK', connectionId: 'vl1', tlsConfig: { insecureSkipVerification: true } },
        },
        ANY: { authorizationType: 'NONE', apiKeyRequired: true, methodIntegration: { type: 'MOCK' } },
      }),
    ],
    authorizers: [
      { id: 'tok1', name: 'tokens', type: 'TOKEN', authorizerUri: 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/auth/invocations', identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 300 },
      { id: 'pool1', name: 'users', type: 'COGNITO_USER_POOLS', providerARNs: [JWT_POOL], identitySource: 'method.request.header.Authorization' },
    ],
    requestValidators: [{ id: 'v1', name: 'body-and-params', validateRequestBody: true, validateRequestParameters: true }],
    stages: [
      stage({ stageName: 'prod', deploymentId: 'old1', canarySettings: { deploymentId: 'can1', percentTraffic: 10 } }),
      stage({ stageName: 'beta', deploymentId: 'new1' }),
      stage({ stageName: 'qa', deploymentId: 'new1' }),
    ],
    deployments: {
      // What prod serves: before the fixes — / open, no policy, the default endpoint on, a key required on POST.
      old1: ok({
        deploymentId: 'old1',
        source: 'export',
        stageName: 'prod',
        methods: [
          { path: '/', httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false, integration: { type: 'AWS_PROXY', uri: 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/fn/invocations' } },
          {
            path: '/orders',
            httpMethod: 'POST',
            authorizationType: 'COGNITO_USER_POOLS',
            authorizerName: 'users',
            apiKeyRequired: true,
            integration: { type: 'HTTP_PROXY', uri: 'https://orders.internal/', connectionType: 'VPC_LINK', connectionId: 'vl1', tlsConfig: { insecureSkipVerification: false } },
            requestValidator: { name: 'params-only', validateRequestBody: false, validateRequestParameters: true },
            requestModels: { 'application/json': 'NewOrder' },
          },
        ],
        authorizers: [{ name: 'users', type: 'COGNITO_USER_POOLS', providerARNs: [JWT_POOL], authorizerResultTtlInSeconds: 0 }],
        // No `policy`: the draft has one and the export is silent, so the deployed one is unknown.
        disableExecuteApiEndpoint: false,
      }),
      can1: ok({ deploymentId: 'can1', source: 'api-summary', createdDate: '2026-10-01T08:00:00.000Z', methods: [{ path: '/', httpMethod: 'GET', authorizationType: 'AWS_IAM', apiKeyRequired: false }] }),
    },
  });
  const locked2 = restApi({
    id: 'locked2',
    resources: [resource('/', { GET: { authorizationType: 'NONE' } })],
    deployments: { dep1: { ok: false, error: exportDenied } },
  });
  const routesOf = (target: string) => [
    route('GET /items', { AuthorizationType: 'JWT', AuthorizerId: 'jwt1', Target: target }),
    openRoute('$default', { Target: target }),
  ];
  const shopHttp = v2Api({
    ApiId: 'shophttp1',
    routes: ok(routesOf('integrations/i1')),
    authorizers: ok([{ AuthorizerId: 'jwt1', Name: 'cognito', AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] }]),
    integrations: ok([{ IntegrationId: 'i1', IntegrationType: 'HTTP_PROXY', IntegrationUri: 'https://items.internal', ConnectionType: 'VPC_LINK', ConnectionId: 'vl2', TlsConfig: { ServerNameToVerify: 'items.internal' } }]),
    stages: ok([v2Stage(), v2Stage({ StageName: 'live', AutoDeploy: false }), v2Stage({ StageName: 'old', AutoDeploy: undefined })]),
    stageExports: {
      // `old` still serves GET /items without its authorizer and a plain-HTTP backend.
      old: ok({
        stageName: 'old',
        routes: [
          { routeKey: '$default', authorizationType: 'NONE' },
          { routeKey: 'GET /items', authorizationType: 'NONE', integration: { type: 'HTTP_PROXY', uri: 'http://items.internal', connectionType: 'INTERNET' } },
          { routeKey: 'POST /items', authorizationType: 'AWS_IAM', integration: { type: 'AWS_PROXY', uri: 'arn:aws:lambda:eu-west-1:123456789012:function:items' } },
        ],
      }),
    },
  });
  const hidden = v2Api({ ApiId: 'hidden1', routes: ok([openRoute('GET /x')]), stages: ok([v2Stage({ StageName: 'live', AutoDeploy: false })]), stageExports: { live: { ok: false, error: exportApiDenied } } });
  const empty = v2Api({ ApiId: 'empty1', routes: ok([]), stages: ok([v2Stage({ StageName: 'live', AutoDeploy: false })]), stageExports: { live: { ok: false, error: noRoutes } } });
  const socket = v2Api({ ApiId: 'socket1', ProtocolType: 'WEBSOCKET', routes: ok([openRoute('$connect')]), stages: ok([v2Stage({ StageName: 'prod', AutoDeploy: false })]) });
  return inventory({
    regions: [region({ restApis: [shop, locked2], v2Apis: [shopHttp, hidden, empty, socket] })],
    shared: { iamPolicies: ok([]), userPools: {}, kmsKeys: {} },
    errors: [exportDenied, exportApiDenied, noRoutes],
  });
}

describe('what the stages serve, through the AWS look-alike (GetExport, GetDeployment, ExportApi)', () => {
  const served = deployedTruth();
  // Through JSON, as a snapshot file: members set to undefined are absent.
  const truth = parseInventory(JSON.parse(JSON.stringify(served)), 'ground truth');
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

  it('reads back exactly what each deployment and stage serves, and each failed read as a gap', () => {
    const collected = parseInventory(JSON.parse(JSON.stringify(result.inventory)), 'collected');
    const [collectedRegion] = collected.regions;
    const [truthRegion] = truth.regions;
    assert.deepEqual(collectedRegion?.apigateway.restApis, truthRegion?.apigateway.restApis);
    assert.deepEqual(collectedRegion?.apigatewayv2.apis, truthRegion?.apigatewayv2.apis);
    const byResource = (a: CollectionError, b: CollectionError) => (a.resource < b.resource ? -1 : 1);
    assert.deepEqual(
      collected.errors.filter((e) => ['GetExport', 'GetDeployment', 'ExportApi'].includes(e.operation)).sort(byResource),
      [exportApiDenied, noRoutes, exportDenied].sort(byResource),
    );
  });

  it('makes one GetExport per distinct deployment, one GetDeployment per canary-only one, one ExportApi per HTTP stage without AutoDeploy', () => {
    const calls = (operation: string) =>
      fake.requests
        .filter((r) => r.operation === operation)
        .map((r) => `${r.path}${r.query}`)
        .sort();
    assert.deepEqual(calls('GetExport'), [
      '/restapis/locked2/stages/prod/exports/oas30?extensions=apigateway%2Cauthorizers',
      '/restapis/shop1/stages/beta/exports/oas30?extensions=apigateway%2Cauthorizers',
      '/restapis/shop1/stages/prod/exports/oas30?extensions=apigateway%2Cauthorizers',
    ]);
    assert.deepEqual(calls('GetDeployment'), ['/restapis/shop1/deployments/can1?embed=apisummary']);
    // None for AutoDeploy stages or the WebSocket API.
    assert.deepEqual(calls('ExportApi'), [
      '/v2/apis/empty1/exports/OAS30?includeExtensions=true&outputType=JSON&stageName=live',
      '/v2/apis/hidden1/exports/OAS30?includeExtensions=true&outputType=JSON&stageName=live',
      '/v2/apis/shophttp1/exports/OAS30?includeExtensions=true&outputType=JSON&stageName=live',
      '/v2/apis/shophttp1/exports/OAS30?includeExtensions=true&outputType=JSON&stageName=old',
    ]);
  });
});

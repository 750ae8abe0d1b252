import check from '../../../checks/v2/v2-integration-tls.js';
import { WEBSOCKET_DEPLOYED_UNKNOWN } from '../../../src/analysis/deployed.js';
import type { DeployedV2Route, V2Integration } from '../../../src/inventory/schema.js';
import { JUDGED_ON_EXPORT, JUDGED_ON_LATEST } from '../../../src/analysis/v2.js';
import { failed, ok, route, v2Api, v2Stage, withV2Apis } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const ALB = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/orders/50dc6c495c0c9188/0467ef3c8400ae65';
const CLOUD_MAP = 'arn:aws:servicediscovery:eu-west-1:123456789012:service/srv-id01234567890abcd';
const lambda: V2Integration = {
  IntegrationId: 'lam1',
  IntegrationType: 'AWS_PROXY',
  IntegrationUri: 'arn:aws:lambda:eu-west-1:123456789012:function:orders',
  PayloadFormatVersion: '2.0',
};
const vpcLink = (IntegrationId: string, IntegrationUri: string, TlsConfig?: V2Integration['TlsConfig']): V2Integration => ({
  IntegrationId,
  IntegrationType: 'HTTP_PROXY',
  IntegrationMethod: 'ANY',
  ConnectionType: 'VPC_LINK',
  ConnectionId: 'vl0abc',
  IntegrationUri,
  ...(TlsConfig ? { TlsConfig } : {}),
});
const internet = (IntegrationId: string, IntegrationUri: string): V2Integration => ({
  IntegrationId,
  IntegrationType: 'HTTP_PROXY',
  IntegrationMethod: 'ANY',
  ConnectionType: 'INTERNET',
  IntegrationUri,
});

const prodManual = (StageVariables?: Record<string, string>) =>
  v2Stage({ StageName: 'prod', AutoDeploy: false, DeploymentId: 'dep1', ...(StageVariables ? { StageVariables } : {}) });
const exportedRoute = (routeKey: string, integration: DeployedV2Route['integration']): DeployedV2Route => ({
  routeKey,
  authorizationType: 'JWT',
  integration,
});
const prodExport = (...routes: DeployedV2Route[]) => ({ prod: ok({ stageName: 'prod', routes }) });

testCheck(check, [
  {
    name: 'a fix made but never deployed to a manual stage: the stage still calls the backend over http://',
    inventory: withV2Apis(
      v2Api({
        routes: [route('GET /orders', { Target: 'integrations/pub1' }), route('POST /orders', { Target: 'integrations/pub1' })],
        integrations: [internet('pub1', 'https://orders.example.com/{proxy}')],
        stages: [prodManual()],
        stageExports: prodExport(
          exportedRoute('GET /orders', { type: 'HTTP_PROXY', uri: 'http://orders.example.com/{proxy}', connectionType: 'INTERNET' }),
          exportedRoute('POST /orders', { type: 'HTTP_PROXY', uri: 'http://orders.example.com/{proxy}', connectionType: 'INTERNET' }),
        ),
      }),
    ),
    expect: [
      {
        status: 'FAIL',
        messageId: 'plaintext',
        evidence: {
          plaintext: ['GET /orders, POST /orders → http://orders.example.com/{proxy} (internet; stage prod)'],
          integrationCount: 1,
          stages: ['prod'],
          judgedOn: { prod: JUDGED_ON_EXPORT },
        },
      },
    ],
  },
  {
    name: 'a plaintext URI in the latest configuration not yet deployed to the manual stage: what it serves is https',
    inventory: withV2Apis(
      v2Api({
        integrations: [internet('pub1', 'http://orders.example.com/{proxy}')],
        stages: [prodManual()],
        stageExports: prodExport(exportedRoute('GET /orders', { type: 'HTTP_PROXY', uri: 'https://orders.example.com/{proxy}' })),
      }),
    ),
    expect: [{ status: 'PASS', messageId: 'encrypted', evidence: { integrationCount: 1, judgedOn: { prod: JUDGED_ON_EXPORT } } }],
  },
  {
    name: 'a deployed private integration without a TLS configuration fails, naming the stage; an AutoDeploy stage is judged on the latest',
    inventory: withV2Apis(
      v2Api({
        integrations: [vpcLink('alb1', ALB, { ServerNameToVerify: 'orders.internal.example.com' })],
        stages: [v2Stage({ StageName: 'dev' }), prodManual()],
        stageExports: prodExport(exportedRoute('ANY /{proxy+}', { type: 'HTTP_PROXY', uri: ALB, connectionType: 'VPC_LINK', connectionId: 'vl0abc' })),
      }),
    ),
    expect: [
      {
        status: 'FAIL',
        evidence: {
          plaintext: [`ANY /{proxy+} → ${ALB} (private, no TLS configuration; stage prod)`],
          stages: ['prod'],
          judgedOn: { dev: JUDGED_ON_LATEST, prod: JUDGED_ON_EXPORT },
        },
      },
    ],
  },
  {
    name: 'a deployed URI whose scheme comes from a stage variable is resolved with that stage\'s variables',
    inventory: withV2Apis(
      v2Api({
        integrations: [],
        stages: [prodManual({ backend: 'http://orders.example.com' })],
        stageExports: prodExport(exportedRoute('GET /orders', { type: 'HTTP_PROXY', uri: '${stageVariables.backend}/orders' })),
      }),
    ),
    expect: [{ status: 'FAIL', evidence: { plaintext: ['GET /orders → http://orders.example.com/orders (internet; stage prod)'] } }],
  },
  {
    name: 'what a manual stage serves could not be read (ExportApi denied): ERROR, never a pass',
    inventory: withV2Apis(
      v2Api({
        integrations: [internet('pub1', 'https://orders.example.com')],
        stages: [prodManual()],
        stageExports: { prod: failed('ExportApi', 'AccessDeniedException', { service: 'apigatewayv2' }) },
      }),
    ),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', evidence: { unjudgedStages: ['prod'] } }],
  },
  {
    name: 'a WebSocket stage without AutoDeploy is judged on the latest configuration, and the evidence says so',
    inventory: withV2Apis(v2Api({ ApiId: 'ws00000009', ProtocolType: 'WEBSOCKET', integrations: [internet('pub1', 'https://push.example.com')] })),
    expect: [{ status: 'PASS', evidence: { judgedOn: { prod: WEBSOCKET_DEPLOYED_UNKNOWN } } }],
  },
  {
    name: 'an API with no stage calls no backend: not applicable',
    inventory: withV2Apis(v2Api({ integrations: [internet('pub1', 'http://orders.example.com')], stages: [] })),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'not-deployed' }],
  },
  {
    name: 'private integrations with a TLS configuration and https internet integrations pass',
    inventory: withV2Apis(
      v2Api({
        integrations: [
          vpcLink('alb1', ALB, { ServerNameToVerify: 'orders.internal.example.com' }),
          vpcLink('map1', CLOUD_MAP, { ServerNameToVerify: 'svc.example.com' }),
          internet('pub1', 'https://backend.example.com/{proxy}'),
          lambda,
        ],
      }),
    ),
    expect: [
      {
        status: 'PASS',
        messageId: 'encrypted',
        resource: 'http-h1t2p3a4p5',
        evidence: { integrationCount: 3, privateCount: 2, withoutServerName: [] },
      },
    ],
  },
  {
    name: 'a private integration without a TLS configuration fails (SH APIGateway.10)',
    inventory: withV2Apis(v2Api({ integrations: [vpcLink('alb1', ALB), lambda] })),
    expect: [
      {
        status: 'FAIL',
        messageId: 'plaintext',
        evidence: { plaintext: [`alb1 → ${ALB} (private, no TLS configuration)`], plaintextCount: 1, integrationCount: 1 },
      },
    ],
  },
  {
    name: 'a TLS configuration without a server name is TLS (recorded)',
    inventory: withV2Apis(v2Api({ integrations: [vpcLink('alb1', ALB, {})] })),
    expect: [{ status: 'PASS', evidence: { withoutServerName: [`alb1 → ${ALB}`] } }],
  },
  {
    name: 'an HTTP_PROXY integration to an http:// URL fails',
    inventory: withV2Apis(v2Api({ integrations: [internet('pub1', 'http://legacy.example.com/{proxy}'), internet('pub2', 'HTTPS://ok.example.com')] })),
    expect: [{ status: 'FAIL', evidence: { plaintext: ['pub1 → http://legacy.example.com/{proxy} (internet)'], integrationCount: 2 } }],
  },
  {
    name: 'WebSocket private integrations are judged by their URI scheme',
    inventory: withV2Apis(
      v2Api({ ApiId: 'ws00000001', ProtocolType: 'WEBSOCKET', integrations: [vpcLink('nlb1', 'http://nlb.internal.example.com/push')] }),
      v2Api({ ApiId: 'ws00000002', ProtocolType: 'WEBSOCKET', integrations: [vpcLink('nlb2', 'https://nlb.internal.example.com/push')] }),
    ),
    expect: [
      { status: 'FAIL', resource: 'ws-ws00000001', evidence: { plaintext: ['nlb1 → http://nlb.internal.example.com/push (private, not https)'] } },
      { status: 'PASS', resource: 'ws-ws00000002', evidence: { protocol: 'WEBSOCKET', privateCount: 1 } },
    ],
  },
  {
    name: 'a scheme from a stage variable is resolved per stage: an http:// value fails, naming the stage',
    inventory: withV2Apis(
      v2Api({
        integrations: [internet('var1', '${stageVariables.backend}/orders')],
        stages: [
          v2Stage({ StageName: 'prod', StageVariables: { backend: 'https://orders.example.com' } }),
          v2Stage({ StageName: 'dev', StageVariables: { backend: 'http://orders-dev.example.com' } }),
        ],
      }),
    ),
    expect: [
      {
        status: 'FAIL',
        messageId: 'plaintext',
        evidence: { plaintext: ['var1 → http://orders-dev.example.com/orders (internet; stage dev)'], unresolved: [] },
      },
    ],
  },
  {
    name: 'a stage variable set to https:// in every stage passes',
    inventory: withV2Apis(
      v2Api({
        integrations: [internet('var1', '${stageVariables.backend}/orders')],
        stages: [v2Stage({ StageName: 'prod', StageVariables: { backend: 'https://orders.example.com' } })],
      }),
    ),
    expect: [{ status: 'PASS', messageId: 'encrypted', evidence: { unresolved: [] } }],
  },
  {
    name: 'a stage where the variable is unset cannot be judged: ERROR, never a pass',
    inventory: withV2Apis(
      v2Api({
        integrations: [internet('var1', '${stageVariables.backend}/orders')],
        stages: [
          v2Stage({ StageName: 'prod', StageVariables: { backend: 'https://orders.example.com' } }),
          v2Stage({ StageName: 'test' }),
        ],
      }),
    ),
    expect: [
      {
        status: 'ERROR',
        messageId: 'invalid-data',
        evidence: { unresolved: ['var1 → ${stageVariables.backend}/orders (stage test: stage variable unset)'] },
      },
    ],
  },
  {
    name: 'credentials in a URI are shown redacted, whether it is read as written, resolved per stage or unresolved',
    inventory: withV2Apis(
      v2Api({
        integrations: [
          internet('lit1', 'http://svc:s3cret@orders.example.com/x?access_token=t0k'),
          internet('var1', '${stageVariables.backend}/orders?apikey=k3y'),
          vpcLink('alb1', `${ALB}?password=pw`),
        ],
        stages: [
          v2Stage({ StageName: 'prod', StageVariables: { backend: 'http://u:s3cret@orders.example.com' } }),
          v2Stage({ StageName: 'test' }),
        ],
      }),
    ),
    expect: [
      {
        status: 'FAIL',
        messageId: 'plaintext',
        evidence: {
          plaintext: [
            'lit1 → http://[redacted]@orders.example.com/x?access_token=[redacted] (internet)',
            'var1 → http://[redacted]@orders.example.com/orders?apikey=[redacted] (internet; stage prod)',
            `alb1 → ${ALB}?password=[redacted] (private, no TLS configuration)`,
          ],
          unresolved: ['var1 → ${stageVariables.backend}/orders?apikey=[redacted] (stage test: stage variable unset)'],
        },
      },
    ],
  },
  {
    name: 'a WebSocket private integration whose scheme comes from a stage variable is resolved too',
    inventory: withV2Apis(
      v2Api({
        ApiId: 'ws00000003',
        ProtocolType: 'WEBSOCKET',
        integrations: [vpcLink('nlb3', '${stageVariables.nlb}/push')],
        stages: [v2Stage({ StageName: 'prod', StageVariables: { nlb: 'http://nlb.internal.example.com' } })],
      }),
    ),
    expect: [{ status: 'FAIL', evidence: { plaintext: ['nlb3 → http://nlb.internal.example.com/push (private, not https; stage prod)'] } }],
  },
  {
    name: 'a URI with no recognisable scheme is not a pass',
    inventory: withV2Apis(v2Api({ integrations: [internet('odd1', 'backend.example.com/orders')] })),
    expect: [{ status: 'ERROR', messageId: 'invalid-data', evidence: { unresolved: ['odd1 → backend.example.com/orders'] } }],
  },
  {
    name: 'stage variables in the scheme need the stages: GetStages denied is ERROR',
    inventory: withV2Apis(v2Api({ integrations: [internet('var1', '${stageVariables.backend}/orders')], stages: failed('GetStages') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'an API with only Lambda integrations, or none, is not applicable',
    inventory: withV2Apis(v2Api({ ApiId: 'lambda0001', integrations: [lambda] }), v2Api({ ApiId: 'none000001', integrations: [] })),
    expect: [
      { status: 'NOT_APPLICABLE', messageId: 'no-http-integrations', resource: 'http-lambda0001' },
      { status: 'NOT_APPLICABLE', messageId: 'no-http-integrations', resource: 'http-none000001' },
    ],
  },
  {
    name: 'GetIntegrations denied is ERROR on the API',
    inventory: withV2Apis(v2Api({ integrations: failed('GetIntegrations') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'http-h1t2p3a4p5' }],
  },
]);

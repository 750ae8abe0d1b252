import check from '../../../checks/v2/v2-integration-tls.js';
import type { V2Integration } from '../../../src/inventory/schema.js';
import { failed, v2Api, v2Stage, withV2Apis } from '../../fixtures/builders.js';
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

testCheck(check, [
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

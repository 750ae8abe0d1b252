import check from '../../../checks/websocket/websocket-connect-authorization.js';
import { WEBSOCKET_DEPLOYED_UNKNOWN } from '../../../src/analysis/deployed.js';
import { JUDGED_ON_LATEST } from '../../../src/analysis/v2.js';
import { failed, inventory, region, route, v2Api, v2Stage, withV2Apis, type V2ApiInput } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const ws = (routes: V2ApiInput['routes'], ApiId = 'w1s2o3c4k5', stages?: V2ApiInput['stages']) =>
  v2Api({ ApiId, ProtocolType: 'WEBSOCKET', routes, ...(stages ? { stages } : {}) });
const open = { AuthorizationType: 'NONE', AuthorizerId: undefined };

testCheck(check, [
  {
    name: 'a stage without AutoDeploy is judged on the latest configuration, and the evidence says so',
    inventory: withV2Apis(
      ws([route('$connect', open)], 'w1s2o3c4k5', [v2Stage({ StageName: 'prod', AutoDeploy: false }), v2Stage({ StageName: 'dev' })]),
    ),
    expect: [
      {
        status: 'FAIL',
        messageId: 'open',
        evidence: { stages: ['dev', 'prod'], judgedOn: { dev: JUDGED_ON_LATEST, prod: WEBSOCKET_DEPLOYED_UNKNOWN } },
      },
    ],
  },
  {
    name: 'a pass on a stage without AutoDeploy carries the same note',
    inventory: withV2Apis(ws([route('$connect', { AuthorizationType: 'AWS_IAM' })])),
    expect: [{ status: 'PASS', evidence: { stages: ['prod'], judgedOn: { prod: WEBSOCKET_DEPLOYED_UNKNOWN } } }],
  },
  {
    name: 'a WebSocket API with no stage accepts no connection: not applicable',
    inventory: withV2Apis(ws([route('$connect', open)], 'w1s2o3c4k5', [])),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'not-deployed' }],
  },
  {
    name: 'GetStages denied is ERROR',
    inventory: withV2Apis(ws([route('$connect', open)], 'w1s2o3c4k5', failed('GetStages'))),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'a Lambda authorizer on $connect passes; other routes without one are not failed',
    inventory: withV2Apis(
      ws([
        route('$connect', { AuthorizationType: 'CUSTOM', AuthorizerId: 'lambda1' }),
        route('$disconnect', open),
        route('sendMessage', open),
        route('$default', open),
      ]),
    ),
    expect: [
      {
        status: 'PASS',
        messageId: 'authorized',
        resource: 'ws-w1s2o3c4k5',
        evidence: { authorizationType: 'CUSTOM', authorizerId: 'lambda1', routeCount: 4, apiKeyRequired: false },
      },
    ],
  },
  {
    name: 'IAM on $connect passes',
    inventory: withV2Apis(ws([route('$connect', { AuthorizationType: 'AWS_IAM', AuthorizerId: undefined })])),
    expect: [{ status: 'PASS', evidence: { authorizationType: 'AWS_IAM', authorizerId: null } }],
  },
  {
    name: 'an open $connect fails, even with an API key required (recorded)',
    inventory: withV2Apis(ws([route('$connect', { ...open, ApiKeyRequired: true }), route('sendMessage', open)])),
    expect: [
      {
        status: 'FAIL',
        messageId: 'open',
        evidence: { authorizationType: 'NONE', apiKeyRequired: true, routes: ['$connect', 'sendMessage'], routeCount: 2 },
      },
    ],
  },
  {
    name: 'no $connect route: connections are accepted unchecked',
    inventory: withV2Apis(ws([route('$default', open), route('sendMessage', { AuthorizationType: 'CUSTOM' })])),
    expect: [{ status: 'FAIL', messageId: 'no-connect-route', evidence: { routes: ['$default', 'sendMessage'] } }],
  },
  {
    name: 'a JWT type on $connect (not valid for WebSocket APIs) is not authorization',
    inventory: withV2Apis(ws([route('$connect', { AuthorizationType: 'JWT' })])),
    expect: [{ status: 'FAIL', messageId: 'open', evidence: { authorizationType: 'JWT' } }],
  },
  {
    name: 'a WebSocket API with no routes is not applicable; HTTP APIs are not evaluated',
    inventory: withV2Apis(ws([]), v2Api({ routes: [route('$default', open)] })),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'no-routes' }],
  },
  {
    name: 'GetRoutes denied is ERROR on the API',
    inventory: withV2Apis(ws(failed('GetRoutes'))),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'ws-w1s2o3c4k5' }],
  },
  {
    name: 'GetApis denied is ERROR on the region',
    inventory: inventory({ regions: [region({ v2Apis: failed('GetApis') })] }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: '123456789012/eu-west-1' }],
  },
]);

import check from '../../../checks/http/http-route-authorization.js';
import { failed, inventory, region, route, v2Api, withV2Apis } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

testCheck(check, [
  {
    name: 'every route authorized (JWT, IAM, Lambda) passes; OPTIONS preflight routes are ignored',
    inventory: withV2Apis(
      v2Api({
        routes: [
          route('GET /items'),
          route('POST /items', { AuthorizationType: 'AWS_IAM', AuthorizerId: undefined }),
          route('DELETE /items/{id}', { AuthorizationType: 'CUSTOM', AuthorizerId: 'lambda1' }),
          route('OPTIONS /{proxy+}', { AuthorizationType: 'NONE', AuthorizerId: undefined }),
        ],
      }),
    ),
    expect: [
      { status: 'PASS', messageId: 'all-authorized', resource: 'http-h1t2p3a4p5', evidence: { routeCount: 3, optionsRoutes: 1 } },
    ],
  },
  {
    name: 'routes with NONE fail, sorted; an open $default counts like any route',
    inventory: withV2Apis(
      v2Api({
        routes: [
          route('POST /orders', { AuthorizationType: 'NONE', AuthorizerId: undefined }),
          route('GET /orders'),
          route('$default', { AuthorizationType: 'NONE', AuthorizerId: undefined }),
        ],
      }),
    ),
    expect: [
      {
        status: 'FAIL',
        messageId: 'open-routes',
        evidence: { openRoutes: ['$default', 'POST /orders'], openCount: 2, routeCount: 3, unrecognisedTypes: [] },
      },
    ],
  },
  {
    name: 'a missing or lower-case authorization type is read as given; an unknown type is not authorization',
    inventory: withV2Apis(
      v2Api({
        routes: [
          route('GET /a', { AuthorizationType: undefined }),
          route('GET /b', { AuthorizationType: 'jwt' }),
          route('GET /c', { AuthorizationType: 'COGNITO_USER_POOLS' }),
        ],
      }),
    ),
    expect: [
      { status: 'FAIL', evidence: { openRoutes: ['GET /a', 'GET /c'], unrecognisedTypes: ['GET /c (COGNITO_USER_POOLS)'] } },
    ],
  },
  {
    name: 'an open OPTIONS route with an integration runs its backend unauthenticated: judged like any route',
    inventory: withV2Apis(
      v2Api({
        routes: [
          route('GET /items'),
          route('OPTIONS /{proxy+}', { AuthorizationType: 'NONE', AuthorizerId: undefined, Target: 'integrations/lambda01' }),
        ],
      }),
    ),
    expect: [
      {
        status: 'FAIL',
        messageId: 'open-routes',
        evidence: { openRoutes: ['OPTIONS /{proxy+}'], routeCount: 2, optionsRoutes: 0, managedCors: false },
      },
    ],
  },
  {
    name: 'managed CORS answers preflights, yet an OPTIONS route with an integration still takes every other OPTIONS request',
    inventory: withV2Apis(
      v2Api({
        CorsConfiguration: { AllowOrigins: ['https://app.example.com'] },
        routes: [
          route('GET /items'),
          route('OPTIONS /items', { AuthorizationType: 'NONE', AuthorizerId: undefined, Target: 'integrations/lambda01' }),
          route('OPTIONS /health', { AuthorizationType: 'NONE', AuthorizerId: undefined }),
        ],
      }),
    ),
    expect: [
      {
        status: 'FAIL',
        messageId: 'open-routes',
        evidence: { openRoutes: ['OPTIONS /items'], routeCount: 2, optionsRoutes: 1, managedCors: true },
      },
    ],
  },
  {
    name: 'WebSocket APIs are not evaluated',
    inventory: withV2Apis(v2Api({ ApiId: 'ws00000001', ProtocolType: 'WEBSOCKET', routes: [route('$default', { AuthorizationType: 'NONE' })] })),
    expect: [],
  },
  {
    name: 'an API with no routes, or only OPTIONS routes, is not applicable',
    inventory: withV2Apis(
      v2Api({ ApiId: 'empty00001', routes: [] }),
      v2Api({ ApiId: 'cors000001', routes: [route('OPTIONS /items', { AuthorizationType: 'NONE' })] }),
    ),
    expect: [
      { status: 'NOT_APPLICABLE', messageId: 'no-routes', resource: 'http-empty00001' },
      { status: 'NOT_APPLICABLE', messageId: 'no-routes', resource: 'http-cors000001', evidence: { optionsRoutes: 1 } },
    ],
  },
  {
    name: 'GetRoutes denied is ERROR on the API',
    inventory: withV2Apis(v2Api({ routes: failed('GetRoutes') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'http-h1t2p3a4p5' }],
  },
  {
    name: 'GetApis denied is ERROR on the region',
    inventory: inventory({ regions: [region({ v2Apis: failed('GetApis') })] }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: '123456789012/eu-west-1' }],
  },
]);

import check from '../../../checks/http/http-cors-policy.js';
import type { V2ApiFields } from '../../../src/inventory/schema.js';
import { failed, route, v2Api, withV2Apis, type V2ApiInput } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

type Cors = NonNullable<V2ApiFields['CorsConfiguration']>;
const publicRoutes = [route('GET /status', { AuthorizationType: 'NONE', AuthorizerId: undefined })];
const api = (CorsConfiguration: Cors | undefined, input: V2ApiInput = {}) => withV2Apis(v2Api({ CorsConfiguration, ...input }));

testCheck(check, [
  {
    name: 'named https origins pass; a developer localhost over http is allowed and recorded',
    inventory: api({ AllowOrigins: ['https://app.example.com', 'http://localhost:3000'], AllowCredentials: true }),
    expect: [
      {
        status: 'PASS',
        messageId: 'restricted',
        resource: 'http-h1t2p3a4p5',
        evidence: { allowOrigins: ['https://app.example.com', 'http://localhost:3000'], loopbackOrigins: ['http://localhost:3000'] },
      },
    ],
  },
  {
    name: 'a wildcard with credentials fails',
    inventory: api({ AllowOrigins: ['*'], AllowCredentials: true }, { routes: publicRoutes }),
    expect: [{ status: 'FAIL', messageId: 'wildcard-credentials', evidence: { problems: ['AllowOrigins * with AllowCredentials true'] } }],
  },
  {
    name: 'a wildcard on an API with authenticated routes fails with the lesser message; OPTIONS routes do not count',
    inventory: api(
      { AllowOrigins: ['*'] },
      { routes: [route('GET /me'), route('OPTIONS /me', { AuthorizationType: 'NONE' }), ...publicRoutes] },
    ),
    expect: [
      {
        status: 'FAIL',
        messageId: 'wildcard-authenticated',
        evidence: { authenticatedRoutes: ['GET /me'], authenticatedCount: 1, allowCredentials: false, problems: ['AllowOrigins * on GET /me'] },
      },
    ],
  },
  {
    name: 'a wildcard without credentials on an all-public API passes',
    inventory: api({ AllowOrigins: ['*'], AllowCredentials: false }, { routes: publicRoutes }),
    expect: [{ status: 'PASS', messageId: 'wildcard-public', evidence: { routeCount: 1 } }],
  },
  {
    name: 'plain-http origins (not loopback) and the null origin fail',
    inventory: api({ AllowOrigins: ['https://app.example.com', 'http://partner.example.com', 'null', 'http://127.0.0.1:8080'] }),
    expect: [
      {
        status: 'FAIL',
        messageId: 'insecure-origins',
        evidence: {
          insecureOrigins: ['http://partner.example.com', 'null'],
          problems: ['http://partner.example.com (plain http)', 'the null origin (sandboxed frames, local files)'],
        },
      },
    ],
  },
  {
    name: 'every problem is listed; the worst one picks the message',
    inventory: api({ AllowOrigins: ['*', 'http://old.example.com'], AllowCredentials: true }),
    expect: [
      {
        status: 'FAIL',
        messageId: 'wildcard-credentials',
        evidence: { problems: ['AllowOrigins * with AllowCredentials true', 'http://old.example.com (plain http)'] },
      },
    ],
  },
  {
    name: 'a CORS configuration allowing no origin passes',
    inventory: api({ AllowMethods: ['GET'] }),
    expect: [{ status: 'PASS', messageId: 'restricted', evidence: { allowOrigins: [] } }],
  },
  {
    name: 'no CORS configuration is not applicable; WebSocket APIs are not evaluated',
    inventory: withV2Apis(v2Api({}), v2Api({ ApiId: 'w1s2o3c4k5', ProtocolType: 'WEBSOCKET' })),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'no-cors', resource: 'http-h1t2p3a4p5' }],
  },
  {
    name: 'a wildcard without credentials needs the routes: GetRoutes denied is ERROR',
    inventory: api({ AllowOrigins: ['*'] }, { routes: failed('GetRoutes') }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'the routes are not needed when the origins decide alone',
    inventory: api({ AllowOrigins: ['https://app.example.com'] }, { routes: failed('GetRoutes') }),
    expect: [{ status: 'PASS', messageId: 'restricted' }],
  },
]);

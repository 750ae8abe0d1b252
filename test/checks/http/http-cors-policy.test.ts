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
    name: 'origins are judged as written and shown without credentials',
    inventory: api({ AllowOrigins: ['http://u:s3cret@app.example.com', 'https://u:s3cret@ok.example.com', 'http://localhost:3000/?k=v'] }),
    expect: [
      {
        status: 'FAIL',
        messageId: 'insecure-origins',
        evidence: {
          allowOrigins: ['http://[redacted]@app.example.com', 'https://[redacted]@ok.example.com', 'http://localhost:3000/?k=[redacted]'],
          insecureOrigins: ['http://[redacted]@app.example.com'],
          problems: ['http://[redacted]@app.example.com (plain http)'],
        },
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
    name: 'https://* is a wildcard (every https origin, Developer Guide "Configuring CORS for an HTTP API"): with credentials it fails',
    inventory: api({ AllowOrigins: ['https://*'], AllowCredentials: true }, { routes: publicRoutes }),
    expect: [
      {
        status: 'FAIL',
        messageId: 'wildcard-credentials',
        evidence: { wildcardOrigins: ['https://*'], problems: ['AllowOrigins https://* with AllowCredentials true'] },
      },
    ],
  },
  {
    name: 'wildcard shapes: mixed case, a port, a wildcard scheme; http://* is also plain http',
    inventory: withV2Apis(
      v2Api({ ApiId: 'mixedcase1', CorsConfiguration: { AllowOrigins: [' HTTPS://* '], AllowCredentials: true } }),
      v2Api({ ApiId: 'withport01', CorsConfiguration: { AllowOrigins: ['https://*:443'], AllowCredentials: true } }),
      v2Api({ ApiId: 'anyscheme1', CorsConfiguration: { AllowOrigins: ['*://*'], AllowCredentials: true } }),
      v2Api({ ApiId: 'plainhttp1', CorsConfiguration: { AllowOrigins: ['http://*'], AllowCredentials: true } }),
    ),
    expect: [
      { status: 'FAIL', messageId: 'wildcard-credentials', resource: 'http-mixedcase1', evidence: { wildcardOrigins: ['HTTPS://*'] } },
      { status: 'FAIL', messageId: 'wildcard-credentials', resource: 'http-withport01', evidence: { wildcardOrigins: ['https://*:443'] } },
      { status: 'FAIL', messageId: 'wildcard-credentials', resource: 'http-anyscheme1', evidence: { wildcardOrigins: ['*://*'] } },
      {
        status: 'FAIL',
        messageId: 'wildcard-credentials',
        resource: 'http-plainhttp1',
        evidence: {
          wildcardOrigins: ['http://*'],
          insecureOrigins: ['http://*'],
          problems: ['AllowOrigins http://* with AllowCredentials true', 'http://* (plain http)'],
        },
      },
    ],
  },
  {
    name: 'https://* without credentials on authenticated routes fails like *',
    inventory: api({ AllowOrigins: ['https://*'] }, { routes: [route('GET /me'), ...publicRoutes] }),
    expect: [
      {
        status: 'FAIL',
        messageId: 'wildcard-authenticated',
        evidence: { authenticatedRoutes: ['GET /me'], problems: ['AllowOrigins https://* on GET /me'] },
      },
    ],
  },
  {
    name: 'https://* without credentials on an all-public API passes as a wildcard',
    inventory: api({ AllowOrigins: ['https://*'] }, { routes: publicRoutes }),
    expect: [{ status: 'PASS', messageId: 'wildcard-public', evidence: { wildcardOrigins: ['https://*'], routeCount: 1 } }],
  },
  {
    name: 'https://*.example.com is scoped to one domain, not a wildcard for every origin',
    inventory: api({ AllowOrigins: ['https://*.example.com'], AllowCredentials: true }, { routes: failed('GetRoutes') }),
    expect: [{ status: 'PASS', messageId: 'restricted', evidence: { wildcardOrigins: [], allowOrigins: ['https://*.example.com'] } }],
  },
  {
    name: 'an OPTIONS route with an integration behind it counts as a route (it is authenticated here)',
    inventory: api(
      { AllowOrigins: ['*'] },
      { routes: [route('OPTIONS /me', { Target: 'integrations/abc1234' }), ...publicRoutes] },
    ),
    expect: [{ status: 'FAIL', messageId: 'wildcard-authenticated', evidence: { authenticatedRoutes: ['OPTIONS /me'] } }],
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

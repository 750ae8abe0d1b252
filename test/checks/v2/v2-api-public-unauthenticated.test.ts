import check from '../../../checks/v2/v2-api-public-unauthenticated.js';
import { WEBSOCKET_DEPLOYED_UNKNOWN } from '../../../src/analysis/deployed.js';
import type { DeployedV2Route } from '../../../src/inventory/schema.js';
import { JUDGED_ON_EXPORT, JUDGED_ON_LATEST } from '../../../src/analysis/v2.js';
import { domainName, failed, inventory, ok, region, route, shared, userPool, v2Api, v2DomainName, v2Stage, withV2Apis, type V2ApiInput } from '../../fixtures/builders.js';
import type { Collected, UserPool, V2Authorizer } from '../../../src/inventory/schema.js';
import { guestRolePolicy, identityPool, invokePolicy } from '../identity/guests.js';
import { POOL_ARN, POOL_ID } from '../identity/pools.js';
import { testCheck } from '../tester.js';

const open = { AuthorizationType: 'NONE', AuthorizerId: undefined };
const mixed = [route('GET /items'), route('POST /items', open), route('$default', open), route('OPTIONS /items', open)];
const ws = (routes: ReturnType<typeof route>[], ApiId = 'w1s2o3c4k5') => v2Api({ ApiId, ProtocolType: 'WEBSOCKET', routes });
const exported = (routeKey: string, authorizationType: string): DeployedV2Route => ({
  routeKey,
  authorizationType,
  integration: { type: 'AWS_PROXY', uri: 'arn:aws:lambda:eu-west-1:123456789012:function:orders' },
});
const prodManual = v2Stage({ StageName: 'prod', AutoDeploy: false, DeploymentId: 'dep1' });
const selfSignUpPool = userPool({ AdminCreateUserConfig: { AllowAdminCreateUserOnly: false } });
const jwtAuthorizer: V2Authorizer = {
  AuthorizerId: 'jwt1',
  Name: 'shop-customers',
  AuthorizerType: 'JWT',
  JwtConfiguration: { Issuer: `https://cognito-idp.eu-west-1.amazonaws.com/${POOL_ID}`, Audience: ['client1'] },
};
/** `GET /items` behind the JWT authorizer `shop-customers` (a Cognito issuer), with the given scopes. */
const withJwt = (pool: UserPool | Collected<UserPool>, scopes?: string[], api: V2ApiInput = {}) =>
  inventory({
    regions: [region({ v2Apis: [v2Api({ routes: [route('GET /items', scopes ? { AuthorizationScopes: scopes } : {})], authorizers: [jwtAuthorizer], ...api })] })],
    shared: shared({ userPools: { [POOL_ARN]: pool } }),
  });

testCheck(check, [
  {
    name: 'a fix made but never deployed to a manual stage: anyone can still call the route that stage serves',
    inventory: withV2Apis(
      v2Api({
        routes: [route('GET /items'), route('POST /items')],
        stages: [prodManual],
        stageExports: { prod: ok({ stageName: 'prod', routes: [exported('GET /items', 'JWT'), exported('POST /items', 'NONE')] }) },
      }),
    ),
    expect: [
      {
        status: 'FAIL',
        messageId: 'open',
        evidence: { openRoutes: ['POST /items'], stages: ['prod'], judgedOn: { prod: JUDGED_ON_EXPORT }, openRoutesByStage: { prod: ['POST /items'] } },
      },
    ],
  },
  {
    name: 'a route opened in the latest configuration but not deployed to the manual stage: nothing open is served',
    inventory: withV2Apis(
      v2Api({
        routes: [route('GET /items', open)],
        stages: [prodManual],
        stageExports: { prod: ok({ stageName: 'prod', routes: [exported('GET /items', 'AWS_IAM')] }) },
      }),
    ),
    expect: [{ status: 'PASS', messageId: 'authenticated', evidence: { routeCount: 1, judgedOn: { prod: JUDGED_ON_EXPORT } } }],
  },
  {
    name: 'only the stages serving open routes are named; AutoDeploy stages are judged on the latest configuration',
    inventory: withV2Apis(
      v2Api({
        routes: [route('GET /items', open)],
        stages: [v2Stage({ StageName: 'dev' }), prodManual],
        stageExports: { prod: ok({ stageName: 'prod', routes: [exported('GET /items', 'JWT')] }) },
      }),
    ),
    expect: [{ status: 'FAIL', evidence: { stages: ['dev'], judgedOn: { dev: JUDGED_ON_LATEST, prod: JUDGED_ON_EXPORT } } }],
  },
  {
    name: 'what a manual stage serves could not be read (ExportApi denied): ERROR, never a pass',
    inventory: withV2Apis(
      v2Api({ stages: [prodManual], stageExports: { prod: failed('ExportApi', 'AccessDeniedException', { service: 'apigatewayv2' }) } }),
    ),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', evidence: { unjudgedStages: ['prod'] } }],
  },
  {
    name: 'a WebSocket stage without AutoDeploy is judged on the latest configuration, and the evidence says so',
    inventory: withV2Apis(ws([route('$connect', open)])),
    expect: [{ status: 'FAIL', messageId: 'open-connect', evidence: { stages: ['prod'], judgedOn: { prod: WEBSOCKET_DEPLOYED_UNKNOWN } } }],
  },
  {
    name: 'every HTTP route authorized passes (OPTIONS aside)',
    inventory: withV2Apis(v2Api({ routes: [route('GET /items'), route('OPTIONS /items', open)] })),
    expect: [{ status: 'PASS', messageId: 'authenticated', resource: 'http-h1t2p3a4p5', evidence: { routeCount: 1, protocol: 'HTTP' } }],
  },
  {
    name: 'an HTTP API with open routes (an open $default included) fails',
    inventory: withV2Apis(v2Api({ routes: mixed, stages: [v2Stage({ StageName: 'prod' }), v2Stage({ StageName: '$default' })] })),
    expect: [
      {
        status: 'FAIL',
        messageId: 'open',
        evidence: {
          openRoutes: ['$default', 'POST /items'],
          openCount: 2,
          reachableVia: ['execute-api endpoint'],
          stages: ['$default', 'prod'],
          apiKeyOnly: [],
        },
      },
    ],
  },
  {
    name: 'a WebSocket API with an authorized $connect passes, whatever its other routes',
    inventory: withV2Apis(ws([route('$connect', { AuthorizationType: 'AWS_IAM' }), route('sendMessage', open)])),
    expect: [
      {
        status: 'PASS',
        messageId: 'connect-authorized',
        resource: 'ws-w1s2o3c4k5',
        evidence: { authorizationType: 'AWS_IAM', routeCount: 2, judgedOn: { prod: WEBSOCKET_DEPLOYED_UNKNOWN } },
      },
    ],
  },
  {
    name: 'a WebSocket API with an open $connect fails: every route is open; an API key is recorded, not counted',
    inventory: withV2Apis(ws([route('$connect', { ...open, ApiKeyRequired: true }), route('sendMessage', open), route('$default', open)])),
    expect: [
      {
        status: 'FAIL',
        messageId: 'open-connect',
        evidence: {
          protocol: 'WEBSOCKET',
          connect: '$connect requires no authorization',
          openRoutes: ['$connect', '$default', 'sendMessage'],
          apiKeyOnly: ['$connect'],
        },
      },
    ],
  },
  {
    name: 'a WebSocket API without $connect accepts every connection',
    inventory: withV2Apis(ws([route('sendMessage', { AuthorizationType: 'CUSTOM' })])),
    expect: [{ status: 'FAIL', messageId: 'open-connect', evidence: { connect: 'there is no $connect route', openRoutes: ['sendMessage'] } }],
  },
  {
    name: 'an API with no stage is not deployed',
    inventory: withV2Apis(v2Api({ routes: mixed, stages: [] })),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'not-deployed' }],
  },
  {
    name: 'APIs with no routes (OPTIONS aside) are not applicable',
    inventory: withV2Apis(v2Api({ routes: [route('OPTIONS /x', open)] }), ws([])),
    expect: [
      { status: 'NOT_APPLICABLE', messageId: 'no-routes', resource: 'http-h1t2p3a4p5' },
      { status: 'NOT_APPLICABLE', messageId: 'no-routes', resource: 'ws-w1s2o3c4k5' },
    ],
  },
  {
    name: 'default endpoint disabled and no custom domain maps the API: not reachable',
    inventory: inventory({
      regions: [
        region({
          v2Apis: [v2Api({ routes: mixed, DisableExecuteApiEndpoint: true })],
          v2DomainNames: [v2DomainName({ apiMappings: ok([{ ApiId: 'zzzzzzzzzz', Stage: 'prod' }]) })],
        }),
      ],
    }),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'not-reachable', evidence: { disableExecuteApiEndpoint: true } }],
  },
  {
    name: 'default endpoint disabled but a custom domain maps the API: reachable through it',
    inventory: inventory({
      regions: [
        region({
          v2Apis: [v2Api({ routes: mixed, DisableExecuteApiEndpoint: true })],
          v2DomainNames: [
            v2DomainName({ DomainName: 'api.example.com', apiMappings: ok([{ ApiId: 'h1t2p3a4p5', Stage: '$default', ApiMappingKey: 'v2' }]) }),
            v2DomainName({ DomainName: 'other.example.com' }),
          ],
        }),
      ],
    }),
    expect: [{ status: 'FAIL', messageId: 'open', evidence: { reachableVia: ['api.example.com'] } }],
  },
  {
    name: 'with the default endpoint enabled, mapping domains are listed too',
    inventory: inventory({
      regions: [
        region({
          v2Apis: [v2Api({ routes: mixed })],
          v2DomainNames: [v2DomainName({ DomainName: 'api.example.com', apiMappings: ok([{ ApiId: 'h1t2p3a4p5', Stage: '$default' }]) })],
        }),
      ],
    }),
    expect: [{ status: 'FAIL', evidence: { reachableVia: ['execute-api endpoint', 'api.example.com'] } }],
  },
  {
    name: 'default endpoint disabled and only mutual-TLS domains map the API: callers need a client certificate',
    inventory: inventory({
      regions: [
        region({
          v2Apis: [v2Api({ routes: mixed, DisableExecuteApiEndpoint: true })],
          v2DomainNames: [
            v2DomainName({
              DomainName: 'b2b.example.com',
              MutualTlsAuthentication: { TruststoreUri: 's3://truststores/b2b.pem', TruststoreVersion: 'v3' },
              apiMappings: ok([{ ApiId: 'h1t2p3a4p5', Stage: '$default' }]),
            }),
          ],
        }),
      ],
    }),
    expect: [
      {
        status: 'PASS',
        messageId: 'mutual-tls',
        evidence: {
          openRoutes: ['$default', 'POST /items'],
          reachableVia: [],
          mutualTlsDomains: ['b2b.example.com'],
          disableExecuteApiEndpoint: true,
        },
      },
    ],
  },
  {
    name: 'mutual TLS on a domain does not help while the default endpoint is enabled',
    inventory: inventory({
      regions: [
        region({
          v2Apis: [v2Api({ routes: mixed })],
          v2DomainNames: [
            v2DomainName({
              DomainName: 'b2b.example.com',
              MutualTlsAuthentication: { TruststoreUri: 's3://truststores/b2b.pem' },
              apiMappings: ok([{ ApiId: 'h1t2p3a4p5' }]),
            }),
          ],
        }),
      ],
    }),
    expect: [
      {
        status: 'FAIL',
        messageId: 'open',
        evidence: { reachableVia: ['execute-api endpoint'], mutualTlsDomains: ['b2b.example.com'] },
      },
    ],
  },
  {
    name: 'mutual TLS on one domain does not help when another domain without it maps the API',
    inventory: inventory({
      regions: [
        region({
          v2Apis: [v2Api({ routes: mixed, DisableExecuteApiEndpoint: true })],
          v2DomainNames: [
            v2DomainName({
              DomainName: 'b2b.example.com',
              MutualTlsAuthentication: { TruststoreUri: 's3://truststores/b2b.pem' },
              apiMappings: ok([{ ApiId: 'h1t2p3a4p5' }]),
            }),
            v2DomainName({ DomainName: 'api.example.com', apiMappings: ok([{ ApiId: 'h1t2p3a4p5' }]) }),
          ],
        }),
      ],
    }),
    expect: [{ status: 'FAIL', evidence: { reachableVia: ['api.example.com'], mutualTlsDomains: ['b2b.example.com'] } }],
  },
  {
    name: 'only mutual-TLS domains known, but a mapping list is missing: ERROR, never a pass',
    inventory: inventory({
      regions: [
        region({
          v2Apis: [v2Api({ routes: mixed, DisableExecuteApiEndpoint: true })],
          v2DomainNames: [
            v2DomainName({
              DomainName: 'b2b.example.com',
              MutualTlsAuthentication: { TruststoreUri: 's3://truststores/b2b.pem' },
              apiMappings: ok([{ ApiId: 'h1t2p3a4p5' }]),
            }),
            v2DomainName({ DomainName: 'other.example.com', apiMappings: failed('GetApiMappings') }),
          ],
        }),
      ],
    }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'an open OPTIONS route with an integration is reachable; one without an integration is not counted',
    inventory: withV2Apis(
      v2Api({
        CorsConfiguration: { AllowOrigins: ['https://app.example.com'] },
        routes: [route('GET /items'), route('OPTIONS /items', { ...open, Target: 'integrations/lambda01' }), route('OPTIONS /x', open)],
      }),
    ),
    expect: [{ status: 'FAIL', messageId: 'open', evidence: { openRoutes: ['OPTIONS /items'], openCount: 1 } }],
  },
  {
    name: 'default endpoint disabled and GetDomainNames (v2) denied: ERROR',
    inventory: inventory({ regions: [region({ v2Apis: [v2Api({ routes: mixed, DisableExecuteApiEndpoint: true })], v2DomainNames: failed('GetDomainNames') })] }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'default endpoint disabled and GetApiMappings denied: ERROR',
    inventory: inventory({
      regions: [
        region({
          v2Apis: [v2Api({ routes: mixed, DisableExecuteApiEndpoint: true })],
          v2DomainNames: [v2DomainName({ apiMappings: failed('GetApiMappings') })],
        }),
      ],
    }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'a mapping found makes a gap elsewhere irrelevant',
    inventory: inventory({
      regions: [
        region({
          v2Apis: [v2Api({ routes: mixed, DisableExecuteApiEndpoint: true })],
          domainNames: [domainName({ domainName: 'legacy.example.com', basePathMappings: failed('GetBasePathMappings') })],
          v2DomainNames: [v2DomainName({ DomainName: 'api.example.com', apiMappings: ok([{ ApiId: 'h1t2p3a4p5' }]) })],
        }),
      ],
    }),
    expect: [{ status: 'FAIL', evidence: { reachableVia: ['api.example.com'] } }],
  },
  {
    name: 'domains are not needed when no route is open',
    inventory: inventory({ regions: [region({ v2Apis: [v2Api({ DisableExecuteApiEndpoint: true })], v2DomainNames: failed('GetDomainNames') })] }),
    expect: [{ status: 'PASS', messageId: 'authenticated' }],
  },
  {
    name: 'GetRoutes denied is ERROR',
    inventory: withV2Apis(v2Api({ routes: failed('GetRoutes') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'http-h1t2p3a4p5' }],
  },
  {
    name: 'GetStages denied is ERROR',
    inventory: withV2Apis(v2Api({ routes: mixed, stages: failed('GetStages') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'GetApis denied is ERROR on the region',
    inventory: inventory({ regions: [region({ v2Apis: failed('GetApis') })] }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: '123456789012/eu-west-1' }],
  },
  // ── Authorization anyone can pass ──
  {
    name: 'a JWT route whose Cognito issuer lets anyone sign up is reachable by anyone with an email address',
    inventory: withJwt(selfSignUpPool),
    expect: [
      {
        status: 'FAIL',
        messageId: 'open-borrowed',
        evidence: {
          openRoutes: ['GET /items'],
          borrowedRoutes: ['GET /items'],
          selfSignUp: true,
          selfSignUpRoutes: [`GET /items: authorizer shop-customers trusts ${POOL_ID}, where anyone with an email address can sign up`],
        },
      },
    ],
  },
  {
    name: 'a JWT route whose Cognito pool only administrators fill keeps its verdict',
    inventory: withJwt(userPool()),
    expect: [{ status: 'PASS', messageId: 'authenticated' }],
  },
  {
    name: 'a JWT route requiring a scope self-registered users cannot get stays closed',
    inventory: withJwt(selfSignUpPool, ['orders/admin']),
    expect: [{ status: 'PASS', messageId: 'authenticated' }],
  },
  {
    name: 'a manual stage is judged on the scopes its export requires',
    inventory: withJwt(selfSignUpPool, ['orders/admin'], {
      stages: [prodManual],
      stageExports: { prod: ok({ stageName: 'prod', routes: [{ ...exported('GET /items', 'JWT'), authorizerName: 'shop-customers' }] }) },
    }),
    expect: [{ status: 'FAIL', messageId: 'open-borrowed', evidence: { stages: ['prod'] } }],
  },
  {
    name: 'a JWT issuer that is not Cognito is not judged',
    inventory: withJwt(selfSignUpPool, undefined, { authorizers: [{ ...jwtAuthorizer, JwtConfiguration: { Issuer: 'https://login.example.com/', Audience: ['api'] } }] }),
    expect: [{ status: 'PASS', messageId: 'authenticated' }],
  },
  {
    name: 'a Cognito issuer pool that could not be read is an ERROR, never a PASS',
    inventory: withJwt(failed('DescribeUserPool', 'AccessDeniedException', { service: 'cognito-idp', resource: POOL_ARN })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'an AWS_IAM route guests of an identity pool may invoke (basic flow) is callable by anyone',
    inventory: inventory({
      regions: [region({ v2Apis: [v2Api({ routes: [route('GET /items', { AuthorizationType: 'AWS_IAM', AuthorizerId: undefined })] })], identityPools: [identityPool()] })],
      shared: shared({ iamPolicies: [guestRolePolicy(invokePolicy('arn:aws:execute-api:eu-west-1:123456789012:h1t2p3a4p5/*'))] }),
    }),
    expect: [{ status: 'FAIL', messageId: 'open-borrowed', evidence: { borrowedRoutes: ['GET /items'] } }],
  },
  {
    name: 'guests with the basic flow whose role cannot be read leave AWS_IAM routes unjudged: ERROR naming the failed call',
    inventory: inventory({
      regions: [region({ v2Apis: [v2Api({ routes: [route('GET /items', { AuthorizationType: 'AWS_IAM', AuthorizerId: undefined })] })], identityPools: [identityPool()] })],
      shared: shared({ iamPolicies: failed('GetAccountAuthorizationDetails', 'AccessDeniedException', { service: 'iam' }) }),
    }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'a WebSocket $connect with AWS_IAM that guests may invoke lets anyone connect',
    inventory: inventory({
      regions: [region({ v2Apis: [ws([route('$connect', { AuthorizationType: 'AWS_IAM', AuthorizerId: undefined }), route('sendMessage', open)])], identityPools: [identityPool()] })],
      shared: shared({ iamPolicies: [guestRolePolicy(invokePolicy('arn:aws:execute-api:eu-west-1:123456789012:w1s2o3c4k5/*'))] }),
    }),
    expect: [{ status: 'FAIL', messageId: 'open-connect', evidence: { connect: '$connect requires AWS_IAM authorization that anyone can pass' } }],
  },
]);

import assert from 'node:assert/strict';
import { it } from 'node:test';
import check from '../../../checks/http/http-route-authorization.js';
import { JUDGED_ON_EXPORT, JUDGED_ON_LATEST } from '../../../src/analysis/v2.js';
import type { DeployedV2Route } from '../../../src/inventory/schema.js';
import { failed, inventory, ok, region, route, v2Api, v2Stage, withV2Apis } from '../../fixtures/builders.js';
import { evaluate, testCheck } from '../tester.js';

const open = { AuthorizationType: 'NONE', AuthorizerId: undefined };
const LAMBDA = 'arn:aws:lambda:eu-west-1:123456789012:function:orders';
const exported = (routeKey: string, authorizationType: string): DeployedV2Route => ({
  routeKey,
  authorizationType,
  ...(authorizationType === 'JWT' ? { authorizerName: 'users' } : {}),
  integration: { type: 'AWS_PROXY', uri: LAMBDA },
});
const prodManual = v2Stage({ StageName: 'prod', AutoDeploy: false, DeploymentId: 'dep1' });
const exportGap = failed<never>('ExportApi', 'AccessDeniedException', { service: 'apigatewayv2' });

testCheck(check, [
  {
    name: 'a fix made in the latest configuration but never deployed to a manual stage: the stage still serves the open route',
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
        messageId: 'open-routes',
        evidence: {
          openRoutes: ['POST /items'],
          openCount: 1,
          routeCount: 2,
          stages: ['prod'],
          judgedOn: { prod: JUDGED_ON_EXPORT },
          openRoutesByStage: { prod: ['POST /items'] },
        },
      },
    ],
  },
  {
    name: 'a route opened in the latest configuration but not deployed: the manual stage still serves it authorized',
    inventory: withV2Apis(
      v2Api({
        routes: [route('GET /items', open)],
        stages: [prodManual],
        stageExports: { prod: ok({ stageName: 'prod', routes: [exported('GET /items', 'JWT')] }) },
      }),
    ),
    expect: [{ status: 'PASS', messageId: 'all-authorized', evidence: { routeCount: 1, judgedOn: { prod: JUDGED_ON_EXPORT } } }],
  },
  {
    name: 'an AutoDeploy stage serves the latest configuration; a manual stage its export: each judged on its own',
    inventory: withV2Apis(
      v2Api({
        routes: [route('GET /items'), route('DELETE /items', open)],
        stages: [v2Stage({ StageName: 'dev' }), prodManual],
        stageExports: { prod: ok({ stageName: 'prod', routes: [exported('GET /items', 'NONE')] }) },
      }),
    ),
    expect: [
      {
        status: 'FAIL',
        evidence: {
          openRoutes: ['DELETE /items', 'GET /items'],
          stages: ['dev', 'prod'],
          judgedOn: { dev: JUDGED_ON_LATEST, prod: JUDGED_ON_EXPORT },
          openRoutesByStage: { dev: ['DELETE /items'], prod: ['GET /items'] },
        },
      },
    ],
  },
  {
    name: 'what a manual stage serves could not be read (ExportApi denied): ERROR, never a pass',
    inventory: withV2Apis(v2Api({ stages: [v2Stage({ StageName: 'dev' }), prodManual], stageExports: { prod: exportGap } })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', evidence: { unjudgedStages: ['prod'] } }],
  },
  {
    name: 'an open route on one stage fails even when another stage could not be read (named as unjudged)',
    inventory: withV2Apis(
      v2Api({ routes: [route('GET /items', open)], stages: [v2Stage({ StageName: 'dev' }), prodManual], stageExports: { prod: exportGap } }),
    ),
    expect: [{ status: 'FAIL', evidence: { stages: ['dev'], unjudgedStages: ['prod'] } }],
  },
  {
    name: 'a manual stage missing from the snapshot\'s stage exports is ERROR',
    inventory: withV2Apis({ ...v2Api({ stages: [prodManual] }), stageExports: {} }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'an API with no stage serves nothing: not applicable',
    inventory: withV2Apis(v2Api({ routes: [route('GET /items', open)], stages: [] })),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'not-deployed' }],
  },
  {
    name: 'GetStages denied: which configuration is served is unknown, ERROR',
    inventory: withV2Apis(v2Api({ routes: [route('GET /items', open)], stages: failed('GetStages') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
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
      {
        status: 'PASS',
        messageId: 'all-authorized',
        resource: 'http-h1t2p3a4p5',
        evidence: { routeCount: 3, optionsRoutes: 1, judgedOn: { $default: JUDGED_ON_LATEST } },
      },
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

it('an unreadable stage export is reported as the ExportApi call that failed', () => {
  const [result] = evaluate(check, withV2Apis(v2Api({ stages: [prodManual], stageExports: { prod: exportGap } })));
  assert.equal(result?.error?.kind === 'collection-gap' ? result.error.operation : undefined, 'apigatewayv2:ExportApi');
});

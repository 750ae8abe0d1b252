import check from '../../../checks/v2/v2-stage-throttling.js';
import type { V2Stage } from '../../../src/inventory/schema.js';
import { failed, route, v2Api, v2Stage, withV2Apis, type V2ApiInput } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const routes = [route('GET /items'), route('POST /items'), route('$default')];
const api = (stage: Partial<V2Stage>, input: V2ApiInput = {}) => withV2Apis(v2Api({ routes, stages: [v2Stage(stage)], ...input }));

testCheck(check, [
  {
    name: 'a default rate limit throttles every route',
    inventory: api({ DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 } }),
    expect: [
      {
        status: 'PASS',
        messageId: 'stage-throttled',
        resource: 'http-h1t2p3a4p5/$default',
        evidence: { rateLimit: 100, burstLimit: 200, highestRateLimit: 100, zeroRate: [] },
      },
    ],
  },
  {
    name: 'overrides may raise a route above the default: still throttled, highest rate recorded',
    inventory: api({ DefaultRouteSettings: { ThrottlingRateLimit: 50 }, RouteSettings: { 'GET /items': { ThrottlingRateLimit: 500 } } }),
    expect: [{ status: 'PASS', messageId: 'stage-throttled', evidence: { rateLimit: 50, burstLimit: null, highestRateLimit: 500 } }],
  },
  {
    name: 'no throttle anywhere (AWS leaves the fields out) fails without needing the routes',
    inventory: api({ DefaultRouteSettings: { DetailedMetricsEnabled: true } }, { routes: failed('GetRoutes') }),
    expect: [{ status: 'FAIL', messageId: 'not-throttled', evidence: { defaultRateLimit: null, overrideCount: 0 } }],
  },
  {
    name: 'burst alone does not cap sustained traffic',
    inventory: api({ DefaultRouteSettings: { ThrottlingBurstLimit: 100 } }),
    expect: [{ status: 'FAIL', messageId: 'not-throttled' }],
  },
  {
    name: 'every route throttled through its own override passes',
    inventory: api({
      RouteSettings: {
        'GET /items': { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 100 },
        'POST /items': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
        $default: { ThrottlingRateLimit: 5 },
      },
    }),
    expect: [{ status: 'PASS', messageId: 'routes-throttled', evidence: { rateLimit: 100, defaultRateLimit: null } }],
  },
  {
    name: 'only some routes throttled: the unthrottled ones are named',
    inventory: api({ RouteSettings: { 'POST /items': { ThrottlingRateLimit: 10 }, 'GET /items': { DetailedMetricsEnabled: true } } }),
    expect: [
      {
        status: 'FAIL',
        messageId: 'partly-throttled',
        evidence: { unthrottled: ['$default', 'GET /items'], unthrottledCount: 2, throttled: ['POST /items (10 rps)'] },
      },
    ],
  },
  {
    name: 'a rate of 0 is a throttle (every request gets 429) and is named; negative rates are unset',
    inventory: withV2Apis(
      v2Api({ ApiId: 'zero000001', routes, stages: [v2Stage({ DefaultRouteSettings: { ThrottlingRateLimit: 0, ThrottlingBurstLimit: 0 } })] }),
      v2Api({ ApiId: 'neg0000001', routes, stages: [v2Stage({ DefaultRouteSettings: { ThrottlingRateLimit: -1 } })] }),
    ),
    expect: [
      { status: 'PASS', resource: 'http-zero000001/$default', evidence: { rateLimit: 0, zeroRate: ['(stage default)'] } },
      { status: 'FAIL', resource: 'http-neg0000001/$default', messageId: 'not-throttled' },
    ],
  },
  {
    name: 'WebSocket stages are judged too',
    inventory: withV2Apis(
      v2Api({
        ApiId: 'w1s2o3c4k5',
        ProtocolType: 'WEBSOCKET',
        routes: [route('$connect', { AuthorizationType: 'CUSTOM' }), route('sendMessage', { AuthorizationType: 'NONE' })],
        stages: [v2Stage({ StageName: 'prod', RouteSettings: { $connect: { ThrottlingRateLimit: 20 } } })],
      }),
    ),
    expect: [{ status: 'FAIL', messageId: 'partly-throttled', resource: 'ws-w1s2o3c4k5/prod', evidence: { unthrottled: ['sendMessage'], protocol: 'WEBSOCKET' } }],
  },
  {
    name: 'per-route throttles only, routes not collected: ERROR',
    inventory: api({ RouteSettings: { 'GET /items': { ThrottlingRateLimit: 10 } } }, { routes: failed('GetRoutes') }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'http-h1t2p3a4p5/$default' }],
  },
  {
    name: 'overrides for routes the API does not have cover nothing',
    inventory: api({ RouteSettings: { 'GET /old': { ThrottlingRateLimit: 10 } } }, { routes: [] }),
    expect: [{ status: 'FAIL', messageId: 'not-throttled', evidence: { overrideCount: 1 } }],
  },
  {
    name: 'GetStages denied is ERROR on the API',
    inventory: withV2Apis(v2Api({ stages: failed('GetStages') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'http-h1t2p3a4p5' }],
  },
]);

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import check from '../../../checks/v2/v2-stage-throttling.js';
import { runChecks } from '../../../src/engine/runner.js';
import type { V2Stage } from '../../../src/inventory/schema.js';
import { failed, inventory, region, route, v2Api, v2Stage, withV2Apis, type V2ApiInput } from '../../fixtures/builders.js';
import { deepFreeze, testCheck } from '../tester.js';

const routes = [route('GET /items'), route('POST /items'), route('$default')];
const api = (stage: Partial<V2Stage>, input: V2ApiInput = {}) => withV2Apis(v2Api({ routes, stages: [v2Stage(stage)], ...input }));

testCheck(check, [
  {
    name: 'a default rate limit throttles every route; the total stays within half the account limit',
    inventory: api({ DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 } }),
    expect: [
      {
        status: 'PASS',
        messageId: 'stage-throttled',
        resource: 'http-h1t2p3a4p5/$default',
        evidence: {
          rateLimit: 100,
          burstLimit: 200,
          highestRateLimit: 100,
          zeroRate: [],
          routeCount: 3,
          aggregateRateLimit: 300,
          accountRateLimit: 10000,
          thresholdRateLimit: 5000,
        },
      },
    ],
  },
  {
    name: 'overrides may raise a route above the default: still throttled, highest rate recorded',
    inventory: api({ DefaultRouteSettings: { ThrottlingRateLimit: 50 }, RouteSettings: { 'GET /items': { ThrottlingRateLimit: 500 } } }),
    expect: [{ status: 'PASS', messageId: 'stage-throttled', evidence: { rateLimit: 50, burstLimit: null, highestRateLimit: 500, aggregateRateLimit: 600 } }],
  },
  {
    name: 'a default at the account quota (10,000 rps) is no throttle',
    inventory: api({ DefaultRouteSettings: { ThrottlingRateLimit: 10000, ThrottlingBurstLimit: 5000 } }),
    expect: [{ status: 'FAIL', messageId: 'partly-throttled', evidence: { unthrottledCount: 3, unthrottledRates: ['$default (10000 rps)', 'GET /items (10000 rps)', 'POST /items (10000 rps)'] } }],
  },
  {
    name: 'the default applies per route: 3000 on each of three routes allows 9000 rps together',
    inventory: api({ DefaultRouteSettings: { ThrottlingRateLimit: 3000 } }),
    expect: [{ status: 'FAIL', messageId: 'aggregate-too-high', evidence: { aggregateRateLimit: 9000, routeCount: 3, thresholdRateLimit: 5000 } }],
  },
  {
    name: 'a route override just under the account quota is named',
    inventory: api({ DefaultRouteSettings: { ThrottlingRateLimit: 10 }, RouteSettings: { 'POST /items': { ThrottlingRateLimit: 9999 } } }),
    expect: [{ status: 'FAIL', messageId: 'partly-throttled', evidence: { unthrottled: ['POST /items'] } }],
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
    expect: [{ status: 'PASS', messageId: 'routes-throttled', evidence: { rateLimit: 100, defaultRateLimit: null, aggregateRateLimit: 115 } }],
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
      { status: 'PASS', resource: 'http-zero000001/$default', evidence: { rateLimit: 0, zeroRate: ['(stage default)'], aggregateRateLimit: 0 } },
      { status: 'FAIL', resource: 'http-neg0000001/$default', messageId: 'not-throttled' },
    ],
  },
  {
    name: 'a burst of 0 admits no request either: the route counts as throttled and is named',
    inventory: api({ DefaultRouteSettings: { ThrottlingRateLimit: 100 }, RouteSettings: { 'POST /items': { ThrottlingRateLimit: 10000, ThrottlingBurstLimit: 0 } } }),
    expect: [{ status: 'PASS', messageId: 'stage-throttled', evidence: { aggregateRateLimit: 200, zeroBurst: ['POST /items'] } }],
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
    name: 'a default throttle cannot be totalled without the routes: ERROR',
    inventory: api({ DefaultRouteSettings: { ThrottlingRateLimit: 100 } }, { routes: failed('GetRoutes') }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'a throttle cannot be compared without the account limit: ERROR',
    inventory: inventory({ regions: [region({ account: failed('GetAccount'), v2Apis: [v2Api({ routes, stages: [v2Stage({ DefaultRouteSettings: { ThrottlingRateLimit: 100 } })] })] })] }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'overrides for routes the API does not have cover nothing',
    inventory: api({ RouteSettings: { 'GET /old': { ThrottlingRateLimit: 10 } } }, { routes: [] }),
    expect: [{ status: 'FAIL', messageId: 'not-throttled', evidence: { overrideCount: 1 } }],
  },
  {
    name: 'an API without routes: the default alone decides',
    inventory: api({ DefaultRouteSettings: { ThrottlingRateLimit: 100 } }, { routes: [] }),
    expect: [{ status: 'PASS', messageId: 'stage-throttled', evidence: { routeCount: 0, aggregateRateLimit: 100 } }],
  },
  {
    name: 'GetStages denied is ERROR on the API',
    inventory: withV2Apis(v2Api({ stages: failed('GetStages') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'http-h1t2p3a4p5' }],
  },
]);

describe('check v2-stage-throttling maxAccountSharePercent', () => {
  it('raises the share of the account limit one stage may take', () => {
    const results = runChecks([check], deepFreeze(api({ DefaultRouteSettings: { ThrottlingRateLimit: 3000 } })), {
      checkOptions: { 'v2-stage-throttling': { maxAccountSharePercent: 90 } },
    });
    assert.deepEqual(results.map((r) => [r.status, r.evidence.thresholdRateLimit]), [['PASS', 9000]]);
  });
});

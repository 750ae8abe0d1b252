import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import check from '../../../checks/monitoring/api-monitoring-alarms.js';
import { runChecks } from '../../../src/engine/runner.js';
import type { MetricAlarm } from '../../../src/inventory/schema.js';
import { alarm, failed, inventory, region, restApi, stage, v2Api, v2Stage, type RegionInput } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const API = 'api-a1b2c3d4e5';
const dims = (stageName?: string, apiName = API) => [
  { Name: 'ApiName', Value: apiName },
  ...(stageName ? [{ Name: 'Stage', Value: stageName }] : []),
];

const errors5xx = alarm();
const latency = alarm({ AlarmName: 'api-latency', MetricName: 'Latency' });
const clientErrors = alarm({ AlarmName: 'api-4xx', MetricName: '4XXError' });

function inv(alarms: RegionInput['alarms'], input: Omit<RegionInput, 'alarms'> = { restApis: [restApi()] }) {
  return inventory({ regions: [region({ ...input, alarms })] });
}

const LATENCY_MISSING = 'latency or client errors (Latency/IntegrationLatency/4XXError)';
const SERVER_MISSING = 'server errors (5XXError)';

testCheck(check, [
  {
    name: 'a production stage with a 5XXError alarm and a latency alarm passes',
    inventory: inv([errors5xx, latency]),
    expect: [
      {
        status: 'PASS',
        messageId: 'monitored',
        resource: `${API}/prod`,
        evidence: {
          production: 'stage name prod',
          serverErrorAlarms: ['api-5xx (5XXError)'],
          latencyOrClientErrorAlarms: ['api-latency (Latency)'],
          ignoredAlarms: [],
        },
      },
    ],
  },
  {
    name: 'a client-error alarm stands in for the latency one',
    inventory: inv([errors5xx, clientErrors]),
    expect: [{ status: 'PASS', evidence: { latencyOrClientErrorAlarms: ['api-4xx (4XXError)'] } }],
  },
  {
    name: 'server errors only: fail, latency or client errors missing',
    inventory: inv([errors5xx]),
    expect: [{ status: 'FAIL', messageId: 'unmonitored', evidence: { missing: [LATENCY_MISSING] } }],
  },
  {
    name: 'no alarm at all: fail, both missing',
    inventory: inv([]),
    expect: [{ status: 'FAIL', messageId: 'unmonitored', evidence: { missing: [SERVER_MISSING, LATENCY_MISSING] } }],
  },
  {
    name: 'alarms without a Stage dimension cover every stage of the API; another stage\'s alarm does not count',
    inventory: inv(
      [
        alarm({ AlarmName: 'all-5xx', Dimensions: dims() }),
        alarm({ AlarmName: 'all-latency', MetricName: 'IntegrationLatency', Dimensions: dims() }),
        alarm({ AlarmName: 'dev-5xx', Dimensions: dims('dev') }),
      ],
      { restApis: [restApi({ stages: [stage({ stageName: 'prod' }), stage({ stageName: 'Live' })] })] },
    ),
    expect: [
      {
        status: 'PASS',
        resource: `${API}/prod`,
        evidence: { serverErrorAlarms: ['all-5xx (5XXError, all stages)'], latencyOrClientErrorAlarms: ['all-latency (IntegrationLatency, all stages)'] },
      },
      { status: 'PASS', resource: `${API}/Live`, evidence: { production: 'stage name Live' } },
    ],
  },
  {
    name: 'alarms whose actions are disabled or empty do not count, and the evidence says why',
    inventory: inv([alarm({ ActionsEnabled: false }), alarm({ AlarmName: 'api-latency', MetricName: 'Latency', AlarmActions: [] })]),
    expect: [
      {
        status: 'FAIL',
        evidence: {
          missing: [SERVER_MISSING, LATENCY_MISSING],
          ignoredAlarms: ['api-5xx: its actions are disabled', 'api-latency: it has no alarm action'],
        },
      },
    ],
  },
  {
    name: 'an alarm on one method only (detailed metrics) does not watch the stage',
    inventory: inv([
      alarm({ Dimensions: [...dims('prod'), { Name: 'Method', Value: 'GET' }, { Name: 'Resource', Value: '/pets' }] }),
      latency,
    ]),
    expect: [
      {
        status: 'FAIL',
        evidence: { missing: [SERVER_MISSING], ignoredAlarms: ['api-5xx: it watches 5XXError of part of the stage only (Method, Resource)'] },
      },
    ],
  },
  {
    name: 'a metric-math alarm counts through the metrics it reads',
    inventory: inv([
      alarm({
        AlarmName: 'api-5xx-rate',
        Namespace: undefined,
        MetricName: undefined,
        Dimensions: undefined,
        Metrics: [
          { Id: 'errors', MetricStat: { Metric: { Namespace: 'AWS/ApiGateway', MetricName: '5XXError', Dimensions: dims('prod') } } },
          { Id: 'requests', MetricStat: { Metric: { Namespace: 'AWS/ApiGateway', MetricName: 'Count', Dimensions: dims('prod') } } },
          { Id: 'rate', Expression: 'errors / requests * 100' },
        ],
      }),
      latency,
    ]),
    expect: [{ status: 'PASS', evidence: { serverErrorAlarms: ['api-5xx-rate (5XXError)'] } }],
  },
  {
    name: 'REST metrics name the API with non-ASCII characters stripped',
    inventory: inv(
      [
        alarm({ AlarmName: 'stripped-5xx', Dimensions: dims('prod', 'caf-api') }),
        alarm({ AlarmName: 'verbatim-latency', MetricName: 'Latency', Dimensions: dims('prod', 'café-api') }),
      ],
      { restApis: [restApi({ name: 'café-api' })] },
    ),
    expect: [{ status: 'FAIL', resource: 'café-api/prod', evidence: { serverErrorAlarms: ['stripped-5xx (5XXError)'], missing: [LATENCY_MISSING] } }],
  },
  {
    name: 'HTTP APIs: 5xx and 4xx by ApiId; a $default stage is production through its env tag; REST metric names do not count',
    inventory: inv(
      [
        alarm({ AlarmName: 'http-5xx', MetricName: '5xx', Dimensions: [{ Name: 'ApiId', Value: 'h1t2p3a4p5' }, { Name: 'Stage', Value: '$default' }] }),
        alarm({ AlarmName: 'http-4xx', MetricName: '4xx', Dimensions: [{ Name: 'ApiId', Value: 'h1t2p3a4p5' }] }),
        alarm({ AlarmName: 'wrong-case', MetricName: '5XXError', Dimensions: [{ Name: 'ApiId', Value: 'h2' }] }),
        alarm({ AlarmName: 'h2-latency', MetricName: 'Latency', Dimensions: [{ Name: 'ApiId', Value: 'h2' }] }),
      ],
      {
        v2Apis: [
          v2Api({ stages: [v2Stage({ Tags: { Environment: 'Production' } })] }),
          v2Api({ ApiId: 'h2', stages: [v2Stage({ Tags: { env: 'prod' } })] }),
        ],
      },
    ),
    expect: [
      {
        status: 'PASS',
        resource: 'http-h1t2p3a4p5/$default',
        evidence: {
          apiKind: 'http',
          production: 'tag Environment=Production',
          serverErrorAlarms: ['http-5xx (5xx)'],
          latencyOrClientErrorAlarms: ['http-4xx (4xx, all stages)'],
        },
      },
      { status: 'FAIL', resource: 'http-h2/$default', evidence: { missing: ['server errors (5xx)'] } },
    ],
  },
  {
    name: 'WebSocket APIs: IntegrationError or ExecutionError, and IntegrationLatency or ClientError',
    inventory: inv(
      [
        alarm({ AlarmName: 'ws-errors', MetricName: 'ExecutionError', Dimensions: [{ Name: 'ApiId', Value: 'w5s6k7t8u9' }, { Name: 'Stage', Value: 'prod' }] }),
        alarm({ AlarmName: 'ws-client', MetricName: 'ClientError', Dimensions: [{ Name: 'ApiId', Value: 'w5s6k7t8u9' }] }),
      ],
      { v2Apis: [v2Api({ ApiId: 'w5s6k7t8u9', ProtocolType: 'WEBSOCKET' })] },
    ),
    expect: [{ status: 'PASS', resource: 'ws-w5s6k7t8u9/prod', evidence: { apiKind: 'websocket', serverErrorAlarms: ['ws-errors (ExecutionError)'] } }],
  },
  {
    name: 'non-production stages are not applicable, whatever the alarms',
    inventory: inv([], {
      restApis: [restApi({ stages: [stage({ stageName: 'dev' }), stage({ stageName: 'production-copy' }), stage({ stageName: 'qa', tags: { env: 'staging' } })] })],
    }),
    expect: [
      { status: 'NOT_APPLICABLE', messageId: 'not-production', resource: `${API}/dev` },
      { status: 'NOT_APPLICABLE', messageId: 'not-production', resource: `${API}/production-copy` },
      { status: 'NOT_APPLICABLE', messageId: 'not-production', resource: `${API}/qa` },
    ],
  },
  {
    name: 'DescribeAlarms denied is ERROR for production stages only',
    inventory: inv(failed('DescribeAlarms'), { restApis: [restApi({ stages: [stage(), stage({ stageName: 'dev' })] })] }),
    expect: [
      { status: 'ERROR', messageId: 'collection-gap', resource: `${API}/prod` },
      { status: 'NOT_APPLICABLE', resource: `${API}/dev` },
    ],
  },
  {
    name: 'stages not collected are ERROR',
    inventory: inv([], { restApis: [restApi({ stages: failed('GetStages') })], v2Apis: failed('GetApis') }),
    expect: [
      { status: 'ERROR', messageId: 'collection-gap', resource: API },
      { status: 'ERROR', messageId: 'collection-gap', resource: '123456789012/eu-west-1' },
    ],
  },
]);

describe('check api-monitoring-alarms options', () => {
  const mainStage = inv([] as MetricAlarm[], { restApis: [restApi({ stages: [stage({ stageName: 'main' })] })] });

  it('productionStagePattern decides which stages are production', () => {
    const [byDefault] = runChecks([check], mainStage);
    assert.equal(byDefault!.status, 'NOT_APPLICABLE');
    const [custom] = runChecks([check], mainStage, { checkOptions: { 'api-monitoring-alarms': { productionStagePattern: '^main$' } } });
    assert.equal(custom!.status, 'FAIL');
    assert.equal(custom!.evidence.production, 'stage name main');
  });

  it('rejects a pattern that is not a regular expression', () => {
    assert.throws(
      () => runChecks([check], mainStage, { checkOptions: { 'api-monitoring-alarms': { productionStagePattern: '(prod' } } }),
      /not a valid regular expression/,
    );
  });
});

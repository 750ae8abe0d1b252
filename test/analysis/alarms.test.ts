import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { restMetricApiName, silentReason, stageAlarmCoverage, watchedMetrics } from '../../src/analysis/alarms.js';
import { allStages, stageFacts } from '../../src/analysis/stages.js';
import { InventoryView } from '../../src/inventory/view.js';
import { alarm, failed, inventory, region, restApi, stage, v2Api, v2Stage } from '../fixtures/builders.js';

const REST_PROD = { kind: 'rest', apiId: 'a1b2c3d4e5', apiName: 'api-a1b2c3d4e5', stageName: 'prod', tags: {} } as const;

describe('restMetricApiName', () => {
  it('strips non-ASCII characters and falls back to the id when nothing remains', () => {
    assert.equal(restMetricApiName('orders-api', 'id1'), 'orders-api');
    assert.equal(restMetricApiName('café ☕ api', 'id1'), 'caf  api');
    assert.equal(restMetricApiName('注文', 'id1'), 'id1');
    assert.equal(restMetricApiName(undefined, 'id1'), 'id1');
  });
});

describe('watchedMetrics', () => {
  it('reads the top-level metric and the metrics of a metric-math expression', () => {
    const metrics = watchedMetrics(
      alarm({
        Metrics: [
          { Id: 'e', MetricStat: { Metric: { Namespace: 'AWS/ApiGateway', MetricName: '5XXError' } } },
          { Id: 'rate', Expression: 'e * 100' },
        ],
      }),
    );
    assert.deepEqual(
      metrics.map((m) => m.metricName),
      ['5XXError', '5XXError'],
    );
    assert.deepEqual(metrics[1]!.dimensions, []);
  });
});

describe('silentReason', () => {
  it('is undefined for an enabled alarm with an action, and says why otherwise', () => {
    assert.equal(silentReason(alarm()), undefined);
    assert.equal(silentReason(alarm({ ActionsEnabled: undefined })), undefined);
    assert.equal(silentReason(alarm({ ActionsEnabled: false })), 'its actions are disabled');
    assert.equal(silentReason(alarm({ AlarmActions: undefined })), 'it has no alarm action');
    assert.equal(silentReason(alarm({ AlarmActions: [' '] })), 'it has no alarm action');
  });
});

describe('stageAlarmCoverage', () => {
  it('sorts matching alarms by signal and scope, once per alarm and signal', () => {
    const coverage = stageAlarmCoverage(
      [
        alarm(),
        alarm({ AlarmName: 'all-stages-latency', MetricName: 'Latency', Dimensions: [{ Name: 'ApiName', Value: 'api-a1b2c3d4e5' }] }),
        alarm({
          AlarmName: 'both',
          Namespace: undefined,
          MetricName: undefined,
          Metrics: [
            { MetricStat: { Metric: { Namespace: 'AWS/ApiGateway', MetricName: '4XXError', Dimensions: [{ Name: 'ApiName', Value: 'api-a1b2c3d4e5' }] } } },
            { MetricStat: { Metric: { Namespace: 'AWS/ApiGateway', MetricName: '4XXError', Dimensions: [{ Name: 'ApiName', Value: 'api-a1b2c3d4e5' }, { Name: 'Stage', Value: 'prod' }] } } },
          ],
        }),
      ],
      REST_PROD,
    );
    assert.deepEqual(coverage.matches, [
      { alarm: 'api-5xx', signal: 'server-errors', metric: '5XXError', scope: 'stage' },
      { alarm: 'all-stages-latency', signal: 'latency', metric: 'Latency', scope: 'api' },
      { alarm: 'both', signal: 'client-errors', metric: '4XXError', scope: 'api' },
    ]);
    assert.deepEqual(coverage.ignored, []);
  });

  it('ignores other namespaces, APIs, stages and metric names silently', () => {
    const coverage = stageAlarmCoverage(
      [
        alarm({ Namespace: 'AWS/Lambda' }),
        alarm({ Dimensions: [{ Name: 'ApiName', Value: 'other-api' }] }),
        alarm({ Dimensions: [{ Name: 'ApiName', Value: 'api-a1b2c3d4e5' }, { Name: 'Stage', Value: 'dev' }] }),
        alarm({ MetricName: 'Count' }),
        alarm({ MetricName: '5xx' }),
      ],
      REST_PROD,
    );
    assert.deepEqual(coverage, { matches: [], ignored: [] });
  });
});

describe('allStages and stageFacts', () => {
  it('list REST then v2 stages with their gaps, in one shape', () => {
    const view = new InventoryView(
      inventory({
        regions: [
          region({
            restApis: [restApi({ stages: [stage({ tags: { env: 'prod' }, accessLogSettings: { destinationArn: ' arn:aws:logs:x ' } })] }), restApi({ id: 'broken', stages: failed('GetStages') })],
            v2Apis: [v2Api({ ApiId: 'w1', ProtocolType: 'WEBSOCKET', Name: undefined, stages: [v2Stage({ StageName: 'prod', Tags: { team: 'a' } })] })],
          }),
        ],
      }),
    );
    const selection = allStages(view);
    assert.deepEqual(selection.gaps.map((g) => g.ref.name), ['api-broken']);
    assert.deepEqual(selection.targets.map(stageFacts), [
      { kind: 'rest', apiId: 'a1b2c3d4e5', apiName: 'api-a1b2c3d4e5', stageName: 'prod', tags: { env: 'prod' }, accessLogDestination: 'arn:aws:logs:x' },
      { kind: 'websocket', apiId: 'w1', apiName: 'w1', stageName: 'prod', tags: { team: 'a' } },
    ]);
  });
});

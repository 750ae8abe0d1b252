/** The fewest-calls bound: the calls any scanner needs for what apiposture reads, and the time the buckets and the latency impose on them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fewestCalls, fewestCallsBound } from '../../bench/bound.js';
import { inventory, ok, region, resource, restApi, route, stage, v2Api, v2Stage, withRestApis, withV2Apis } from '../fixtures/builders.js';

const ops = (inv: ReturnType<typeof inventory>, at = 0) => fewestCalls(inv, null).regions[at]!.byOperation;
/** The per-region calls every account pays, whatever its APIs: GetRestApis, GetApis, GetAccount, usage plans, keys, client certificates, v1 and v2 domains. */
const ACCOUNT_WIDE = 8;

describe('fewest calls', () => {
  it('REST: GetResources pages of 500 with methods embedded, GetStages, one GetExport per distinct deployment a stage serves', () => {
    const resources = Array.from({ length: 620 }, (_, i) => resource(`/r${i}`, { GET: {} }));
    const api = restApi({
      resources,
      stages: [stage({ stageName: 'prod', deploymentId: 'd1' }), stage({ stageName: 'beta', deploymentId: 'd1' }), stage({ stageName: 'dev', deploymentId: 'd2' })],
    });
    const calls = ops(withRestApis(api));
    assert.equal(calls['apigateway:GetResources'], 2);
    assert.equal(calls['apigateway:GetStages'], 1);
    assert.equal(calls['apigateway:GetExport'], 2, 'd1 exported once for two stages');
    assert.equal(calls['apigateway:GetDeployment'], undefined);
    assert.equal(fewestCalls(withRestApis(api), null).perRestApi, 5);
  });

  it('REST: GetAuthorizers and GetRequestValidators only when a method names one; GetDeployment for a deployment only a canary serves', () => {
    const named = restApi({
      id: 'named',
      resources: [resource('/', { GET: { authorizerId: 'au1', requestValidatorId: 'v1' } })],
      authorizers: [{ id: 'au1', name: 'a', type: 'TOKEN' }],
      requestValidators: [{ id: 'v1', name: 'v' }],
      stages: [stage({ deploymentId: 'd1', canarySettings: { deploymentId: 'd9', percentTraffic: 10 } })],
    });
    const unnamed = restApi({ id: 'unnamed', authorizers: [{ id: 'au2', name: 'b', type: 'TOKEN' }] });
    const calls = ops(withRestApis(named, unnamed));
    assert.equal(calls['apigateway:GetAuthorizers'], 1);
    assert.equal(calls['apigateway:GetRequestValidators'], 1);
    assert.equal(calls['apigateway:GetDeployment'], 1);
    assert.equal(calls['apigateway:GetExport'], 2);
  });

  it('HTTP: its lists (GetRoutes for the route ids, GetIntegrations for the integrations no route targets), GetAuthorizers when a route names one, one ExportApi per distinct deployment of the stages without AutoDeploy', () => {
    const auto = v2Api({ ApiId: 'auto' });
    const manual = v2Api({
      ApiId: 'manual',
      routes: [route('GET /open', { AuthorizationType: 'NONE', AuthorizerId: undefined })],
      stages: [v2Stage(), v2Stage({ StageName: 'prod', AutoDeploy: false, DeploymentId: 'x' }), v2Stage({ StageName: 'eu', AutoDeploy: false, DeploymentId: 'x' })],
    });
    const f = fewestCalls(withV2Apis(auto, manual), null);
    const calls = f.regions[0]!.byOperation;
    assert.equal(calls['apigatewayv2:GetRoutes'], 2, 'an export carries no RouteId, and route ids are part of resource and finding ids');
    assert.equal(calls['apigatewayv2:GetIntegrations'], 2, 'an export carries no IntegrationId and leaves out integrations no route targets');
    assert.equal(calls['apigatewayv2:GetAuthorizers'], 1, 'only the API whose route names an authorizer');
    assert.equal(calls['apigatewayv2:GetStages'], 2);
    assert.equal(calls['apigatewayv2:ExportApi'], 1, 'what prod and eu serve (deployment x); none of the working copy');
    assert.equal(f.perHttpApi, 4);
  });

  it('HTTP: GetAuthorizers also when only a route a stage still serves names an authorizer (the checks look it up by name)', () => {
    const stages = [v2Stage({ StageName: 'prod', AutoDeploy: false, DeploymentId: 'd1' })];
    const routes = [route('GET /items', { AuthorizationType: 'NONE', AuthorizerId: undefined })];
    const served = v2Api({
      ApiId: 'served',
      routes,
      stages,
      stageExports: { prod: ok({ stageName: 'prod', routes: [{ routeKey: 'GET /items', authorizationType: 'JWT', authorizerName: 'jwt' }] }) },
    });
    const open = v2Api({ ApiId: 'open', routes, stages });
    const calls = ops(withV2Apis(served, open));
    assert.equal(calls['apigatewayv2:GetAuthorizers'], 1, 'only the API whose prod stage still uses an authorizer');
  });

  it('WebSocket: its lists (no export exists), GetAuthorizers only when a route names one', () => {
    const named = v2Api({ ApiId: 'ws1', ProtocolType: 'WEBSOCKET' });
    const unnamed = v2Api({ ApiId: 'ws2', ProtocolType: 'WEBSOCKET', routes: [route('$connect', { AuthorizationType: 'NONE', AuthorizerId: undefined })] });
    const f = fewestCalls(withV2Apis(named, unnamed), null);
    const calls = f.regions[0]!.byOperation;
    assert.equal(calls['apigatewayv2:GetRoutes'], 2);
    assert.equal(calls['apigatewayv2:GetIntegrations'], 2);
    assert.equal(calls['apigatewayv2:GetStages'], 2);
    assert.equal(calls['apigatewayv2:GetAuthorizers'], 1);
    assert.equal(calls['apigatewayv2:ExportApi'], undefined);
    assert.equal(f.websocketApis, 2);
    assert.equal(f.perWebSocketApi, 3.5);
  });

  it('counts per region, list pages included (GetRestApis, GetApis), and the calls every region pays', () => {
    const rest = Array.from({ length: 501 }, (_, i) => restApi({ id: `api${i}` }));
    const inv = inventory({ regions: [region({ region: 'eu-west-1', restApis: rest }), region({ region: 'us-east-1' })] });
    const f = fewestCalls(inv, null);
    assert.equal(f.regions[0]!.byOperation['apigateway:GetRestApis'], 2);
    assert.equal(f.regions[1]!.byOperation['apigateway:GetRestApis'], 1);
    assert.equal(f.regions[1]!.apigateway, ACCOUNT_WIDE);
    assert.equal(f.regions[0]!.apigateway, ACCOUNT_WIDE + 1 + 501 * 3);
    assert.equal(f.total, f.regions[0]!.apigateway + f.regions[1]!.apigateway);
  });
});

describe('fewest-calls bound', () => {
  /** REST APIs with three stages serving three deployments: 5 calls each, the shared bucket binds. */
  const manyApis = (n: number, name = 'eu-west-1') =>
    region({
      region: name,
      restApis: Array.from({ length: n }, (_, i) =>
        restApi({ id: `${name}-${i}`, stages: ['d1', 'd2', 'd3'].map((deploymentId) => stage({ stageName: deploymentId, deploymentId })) }),
      ),
    });

  it('is (calls − burst) / rate of the busiest bucket, plus the quickest answer of that bucket; rates and latency scaled', () => {
    const inv = inventory({ regions: [manyApis(200)] });
    const calls = ACCOUNT_WIDE + 200 * 5;
    const noLatency = fewestCallsBound(fewestCalls(inv, null), 1);
    assert.equal(noLatency.binding, 'apigateway@eu-west-1');
    assert.equal(noLatency.seconds, (calls - 40) / 10);
    const withLatency = fewestCallsBound(fewestCalls(inv), 1);
    assert.equal(withLatency.rateSeconds, (calls - 40) / 10);
    assert.equal(withLatency.tailSeconds, 0.1, 'the quickest API Gateway answer (100 ms)');
    const scaled = fewestCallsBound(fewestCalls(inv), 10);
    assert.ok(Math.abs(scaled.seconds - withLatency.seconds / 10) < 1e-9);
  });

  it('binds on GetResources (2.5/s, burst 5) when the APIs need little else', () => {
    const inv = inventory({ regions: [region({ restApis: Array.from({ length: 200 }, (_, i) => restApi({ id: `a${i}` })) })] });
    const bound = fewestCallsBound(fewestCalls(inv), 1);
    assert.equal(bound.binding, 'apigateway:GetResources@eu-west-1');
    assert.equal(bound.rateSeconds, (200 - 5) / 2.5);
    assert.ok(Math.abs(bound.tailSeconds - 0.1026) < 1e-9, 'one resource, one method: 100 + 2 + 0.6 ms');
  });

  it('takes the busiest region: each region has its own buckets', () => {
    const inv = inventory({ regions: [manyApis(100, 'eu-west-1'), manyApis(300, 'us-east-1')] });
    const bound = fewestCallsBound(fewestCalls(inv, null), 1);
    assert.equal(bound.binding, 'apigateway@us-east-1');
    assert.equal(bound.seconds, (ACCOUNT_WIDE + 300 * 5 - 40) / 10);
  });

  it('is the chain of calls no concurrency shortens when the buckets do not bind: GetResources pages one after the other', () => {
    const resources = Array.from({ length: 1500 }, (_, i) => resource(`/r${i}`, { GET: {}, POST: {} }));
    const bound = fewestCallsBound(fewestCalls(withRestApis(restApi({ resources }))), 1);
    assert.equal(bound.binding, 'chain@eu-west-1');
    // GetRestApis of one API (100.4 ms) + three pages of 500 resources × 2 methods (100 + 1000 + 600 ms each).
    assert.ok(Math.abs(bound.seconds - (0.1004 + 3 * 1.7)) < 1e-9, String(bound.seconds));
    assert.equal(fewestCallsBound(fewestCalls(withRestApis(restApi({ resources })), null), 1).seconds, 0, 'within the bursts, without latency');
  });

  it('reads the Lambda functions the APIs invoke, three calls each, against Lambda’s buckets', () => {
    const inv = inventory({ regions: [region()] });
    inv.shared.lambdaFunctions = Object.fromEntries(
      Array.from({ length: 100 }, (_, i) => [`arn:aws:lambda:eu-west-1:123456789012:function:f${i}`, { ok: true as const, value: { FunctionName: `f${i}`, policy: { ok: true as const, value: null }, url: { ok: true as const, value: null } } }]),
    );
    const bound = fewestCallsBound(fewestCalls(inv, null), 1);
    assert.equal(bound.binding, 'lambda:control-plane@eu-west-1');
    assert.equal(bound.seconds, (200 - 15) / 15);
  });
});

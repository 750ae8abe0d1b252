/** The benchmark's synthetic accounts: deterministic, the promised shapes, valid snapshots. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HEAVY_SCAN, SHAPES, SNAPSHOTS, generateAccount, peerCost, servedShape, summarize } from '../../bench/generate.js';
import { apiGatewayBoundSeconds, asJson, callsPerApi, compareWithTruth, rateLimitBound } from '../../bench/measure.js';
import { parseInventory } from '../../src/inventory/io.js';
import { resource, restApi, withRestApis } from '../fixtures/builders.js';

describe('bench generator', () => {
  it('is deterministic: the same seed gives the same account, another seed another', () => {
    assert.deepEqual(generateAccount(SHAPES.small, 7), generateAccount(SHAPES.small, 7));
    assert.notDeepEqual(generateAccount(SHAPES.small, 7), generateAccount(SHAPES.small, 8));
  });

  it('produces valid snapshots with no collection errors', () => {
    const account = generateAccount(SHAPES.small);
    assert.doesNotThrow(() => parseInventory(JSON.parse(JSON.stringify(account)), 'small'));
    assert.deepEqual(account.errors, []);
  });

  it('builds the medium shape as specified: 200 REST × 20 resources × 3 methods × 3 stages, 50 HTTP', () => {
    const summary = summarize(generateAccount(SHAPES.medium));
    assert.equal(summary.restApis, 200);
    assert.equal(summary.httpApis, 50);
    assert.equal(summary.resources, 200 * 20);
    assert.equal(summary.methods, 200 * 20 * 3);
    assert.equal(summary.maxResourcesPerApi, 20);
  });

  it('gives the large shape 1,000 REST APIs, a few of them over 500 resources (paging)', () => {
    const account = generateAccount(SHAPES.large);
    const apis = account.regions[0]!.apigateway.restApis;
    assert.ok(apis.ok);
    assert.equal(apis.value.length, 1000);
    const sizes = apis.value.map((api) => (api.resources.ok ? api.resources.value.length : 0)).filter((n) => n > 500);
    assert.deepEqual(sizes.sort((a, b) => a - b), [...SHAPES.large.hugeApiResources].sort((a, b) => a - b));
    const ids = new Set(apis.value.map((api) => api.id));
    assert.equal(ids.size, 1000, 'API ids are unique');
  });

  it('names only what the collector reads: authorizers and validators a method names, web ACLs a stage names', () => {
    const region = generateAccount(SHAPES.medium).regions[0]!;
    assert.ok(region.apigateway.restApis.ok);
    for (const api of region.apigateway.restApis.value) {
      assert.ok(api.resources.ok && api.authorizers.ok && api.requestValidators.ok);
      const methods = api.resources.value.flatMap((r) => Object.values(r.resourceMethods ?? {}));
      for (const a of api.authorizers.value) assert.ok(methods.some((m) => m.authorizerId === a.id));
      for (const v of api.requestValidators.value) assert.ok(methods.some((m) => m.requestValidatorId === v.id));
    }
    const named = new Set(region.apigateway.restApis.value.flatMap((api) => (api.stages.ok ? api.stages.value.map((s) => s.webAclArn) : [])));
    for (const arn of Object.keys(region.webAcls)) assert.ok(named.has(arn));
  });
});

describe('bench measurements', () => {
  it("counts the peer's pattern: 3 + ⌈resources/25⌉ + one GetMethod per method, per REST API", () => {
    const resources = Array.from({ length: 30 }, (_, i) => resource(`/r${i}`, { GET: {}, POST: {} }));
    const cost = peerCost(withRestApis(restApi({ id: 'a', resources }), restApi({ id: 'b', resources: [resource('/', { GET: {} })] })));
    assert.deepEqual(cost, { calls: 3 + 2 + 60 + (3 + 1 + 1), getResourcesCalls: 3 });
  });

  it('bounds the wall time by the busiest bucket: (calls − burst) / rate, rates scaled', () => {
    const bound = rateLimitBound(
      { 'apigateway@eu-west-1': { admitted: 440, throttled: 0 }, 'apigateway:GetResources@eu-west-1': { admitted: 205, throttled: 3 } },
      2,
    );
    assert.equal(bound.buckets[0]!.bucket, 'apigateway:GetResources@eu-west-1');
    assert.equal(bound.seconds, (205 - 5) / 5);
    assert.equal(bound.buckets[1]!.seconds, (440 - 40) / 20);
    assert.equal(apiGatewayBoundSeconds(30, 3), 0, 'within the bursts');
    assert.equal(apiGatewayBoundSeconds(1040, 5), 100);
  });

  it('divides the calls of the per-API operations by the number of APIs', () => {
    const stat = (calls: number) => ({ calls, attempts: calls, throttled: 0, transientErrors: 0, failures: 0, retriesExhausted: 0, limiterWaitMs: 0, backoffMs: 0 });
    const per = callsPerApi({ 'apigateway:GetResources': stat(12), 'apigateway:GetStages': stat(10) }, ['apigateway:GetResources', 'apigateway:GetStages'], 10);
    assert.deepEqual(per, { byOperation: { 'apigateway:GetResources': 1.2, 'apigateway:GetStages': 1 }, total: 2.2 });
  });

  it('reports what is missing and what is invented when a snapshot differs from the truth', () => {
    const truth = generateAccount(SHAPES.tiny);
    const collected = structuredClone(truth);
    const apis = collected.regions[0]!.apigateway.restApis;
    assert.ok(apis.ok);
    apis.value.pop();
    collected.regions[0]!.logGroups['/invented'] = { ok: true, value: { logGroupName: '/invented', exists: false } };
    const comparison = compareWithTruth(truth, collected);
    assert.equal(comparison.ok, false);
    assert.ok(comparison.differences.some((d) => /restApis\.value: expected 4 items, got 3/.test(d)), comparison.differences.join('\n'));
    assert.ok(comparison.differences.some((d) => /logGroups\.\/invented: invented/.test(d)), comparison.differences.join('\n'));
    assert.deepEqual(compareWithTruth(truth, structuredClone(truth)), { ok: true, differences: [] });
  });

  it('serves the scan shapes by name, and heavy as the 10k account at rates × 20 for the CLI', () => {
    assert.equal(servedShape('large'), SHAPES.large);
    assert.equal(servedShape('heavy'), HEAVY_SCAN);
    assert.deepEqual({ ...HEAVY_SCAN, defaultScale: SNAPSHOTS.heavy.defaultScale }, SNAPSHOTS.heavy);
    assert.equal(HEAVY_SCAN.defaultScale, 20);
    assert.equal(servedShape('snapshot-10k-light'), undefined);
    assert.equal(servedShape('toString'), undefined);
  });

  it('reads both sides as JSON would, without the string (the heavy snapshot is longer than V8 allows)', () => {
    const value = {
      kept: 'a',
      gone: undefined,
      fn: () => 1,
      nested: { list: [1, undefined, () => 2, Symbol('s'), Number.NaN, { deep: undefined, at: new Date(0) }], infinite: Infinity },
      at: new Date(Date.UTC(2026, 11, 7)),
      empty: [],
      nothing: null,
    };
    assert.deepEqual(asJson(value), JSON.parse(JSON.stringify(value)));
    assert.deepEqual(asJson([undefined, 'x']), [null, 'x']);
    assert.equal(asJson(Number.NaN), null);
  });
});

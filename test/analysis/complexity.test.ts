/**
 * The work the shared analysis does grows with the account, not with its square. Nothing is
 * timed: the tests count reads of the inventory (through proxies) for n and 2n, or check that
 * a result computed once is the one every caller gets.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stageAlarmCoverage } from '../../src/analysis/alarms.js';
import { lambdaFunctions } from '../../src/analysis/lambda.js';
import { effectiveSetting, methodOverrides, restMethods, resolvedEntrySetting } from '../../src/analysis/method-settings.js';
import { restIntegrations } from '../../src/analysis/rest-integrations.js';
import { analyseWebAcl } from '../../src/analysis/waf.js';
import { runCheck } from '../../src/engine/runner.js';
import type { MethodSetting, MetricAlarm, Resource, Stage, UsagePlan, WebAcl } from '../../src/inventory/schema.js';
import { InventoryView, type RestStageEntity } from '../../src/inventory/view.js';
import driftCheck from '../../checks/rest/rest-deployment-drift.js';
import throttlingCheck from '../../checks/rest/rest-stage-throttling.js';
import { alarm, inventory, region, resource, restApi, stage, usagePlan, withRestApis } from '../fixtures/builders.js';

/** Counts every property read of `target` (and of the objects read from it, one level down when `deep`). */
function counting<T extends object>(target: T, counter: { reads: number }, deep = false): T {
  return new Proxy(target, {
    get(obj, key, receiver) {
      counter.reads += 1;
      const value = Reflect.get(obj, key, receiver) as unknown;
      return deep && typeof value === 'object' && value !== null ? counting(value, counter) : value;
    },
    ownKeys(obj) {
      counter.reads += 1;
      return Reflect.ownKeys(obj);
    },
  });
}

/** Reads for 2n over reads for n: about 2 when linear, about 4 when quadratic. */
function growth(readsFor: (n: number) => number, n: number): number {
  return readsFor(2 * n) / readsFor(n);
}

const FIELDS: (keyof MethodSetting)[] = ['loggingLevel', 'throttlingRateLimit', 'throttlingBurstLimit', 'cachingEnabled', 'cacheDataEncrypted'];

function resourcesWith(n: number): Resource[] {
  return Array.from({ length: n }, (_, i) => resource(`/r${i}`, { GET: {} }));
}

/** A stage with a per-method override for each of the n methods, its settings counted. */
function overriddenStage(n: number, counter: { reads: number }): Stage {
  const settings: Record<string, MethodSetting> = { '*/*': { loggingLevel: 'ERROR', throttlingRateLimit: 100 } };
  for (let i = 0; i < n; i += 1) settings[`~1r${i}/GET`] = { throttlingRateLimit: i, cachingEnabled: i % 2 === 0 };
  return stage({ methodSettings: counting(settings, counter) });
}

describe('method settings resolve in linear time', () => {
  it('reads the settings of a stage a number of times linear in its methods, resolving every field of every method', () => {
    const readsFor = (n: number) => {
      const counter = { reads: 0 };
      const s = overriddenStage(n, counter);
      for (const m of restMethods(resourcesWith(n))) for (const field of FIELDS) effectiveSetting(s, m.path, m.httpMethod, field);
      return counter.reads;
    };
    const ratio = growth(readsFor, 200);
    assert.ok(ratio < 2.3, `settings reads grew ×${ratio.toFixed(2)} from 200 to 400 methods`);
  });

  it('resolves every settings entry in linear time too (the entry-judging checks)', () => {
    const readsFor = (n: number) => {
      const counter = { reads: 0 };
      const s = overriddenStage(n, counter);
      for (const key of Object.keys(s.methodSettings!)) resolvedEntrySetting(s, key, 'dataTraceEnabled');
      return counter.reads;
    };
    const ratio = growth(readsFor, 200);
    assert.ok(ratio < 2.3, `settings reads grew ×${ratio.toFixed(2)} from 200 to 400 entries`);
  });

  it('parses the overrides of a stage once and hands every caller the same list', () => {
    const s = stage({ methodSettings: { '~1pets/GET': { loggingLevel: 'INFO' }, 'pets/GET': { loggingLevel: 'OFF' } } });
    assert.equal(methodOverrides(s), methodOverrides(s));
    // Both spellings of the key name the method; the first in key order wins, as before.
    assert.deepEqual(effectiveSetting(s, '/pets', 'get', 'loggingLevel'), { value: 'OFF', source: 'method', key: 'pets/GET' });
  });

  it('sees a replaced settings object (the memo is keyed on the object)', () => {
    const s = stage({ methodSettings: { '~1pets/GET': { loggingLevel: 'INFO' } } });
    assert.equal(effectiveSetting(s, '/pets', 'GET', 'loggingLevel').value, 'INFO');
    s.methodSettings = { '~1pets/*': { loggingLevel: 'ERROR' } };
    assert.deepEqual(effectiveSetting(s, '/pets', 'GET', 'loggingLevel'), { value: 'ERROR', source: 'resource', key: '~1pets/*' });
  });
});

describe('shared per-API and per-ACL results are computed once', () => {
  it('restIntegrations returns the same sorted integrations for every stage of an API', () => {
    const resources = [resource('/a', { GET: { methodIntegration: { type: 'HTTP', uri: 'https://backend.example.com/a' } } })];
    const first = restIntegrations(resources);
    assert.equal(restIntegrations(resources), first);
    assert.deepEqual(
      first.http.map((m) => m.label),
      ['GET /a'],
    );
  });

  it('analyseWebAcl analyses a web ACL once for all the stages that name it', () => {
    const acl: WebAcl = { Name: 'acl', Id: 'id', ARN: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/acl/id', DefaultAction: { Allow: {} }, Rules: [] };
    assert.equal(analyseWebAcl(acl), analyseWebAcl(acl));
  });

  it('rest-deployment-drift builds the draft of an API once, whatever its number of stages', () => {
    const readsFor = (stages: number) => {
      const counter = { reads: 0 };
      const resources = counting(resourcesWith(50), counter);
      const api = restApi({ resources, stages: Array.from({ length: stages }, (_, i) => stage({ stageName: `s${i}`, deploymentId: 'dep1' })) });
      counter.reads = 0; // the builder itself read them to make the deployments
      const results = runCheck(driftCheck, new InventoryView(withRestApis(api)));
      assert.equal(results.length, stages);
      assert.ok(results.every((r) => r.status === 'PASS'));
      return counter.reads;
    };
    assert.equal(readsFor(8), readsFor(1));
  });

  it('lambdaFunctions shares its links between checks without one role filter leaking into another', () => {
    const fnUri = (name: string) => `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:${name}/invocations`;
    const api = restApi({
      resources: [resource('/a', { GET: { authorizationType: 'CUSTOM', authorizerId: 'au1', methodIntegration: { type: 'AWS_PROXY', uri: fnUri('handler') } } })],
      authorizers: [{ id: 'au1', name: 'token', type: 'TOKEN', authorizerUri: fnUri('authorizer') }],
    });
    const view = new InventoryView(withRestApis(api));
    const names = (role?: 'authorizer') => lambdaFunctions(view, role).gaps.map((g) => g.ref.name).sort();
    assert.deepEqual(names('authorizer'), ['authorizer']);
    assert.deepEqual(names(), ['authorizer', 'handler']);
    assert.deepEqual(names('authorizer'), ['authorizer']);
  });
});

describe('per-stage joins use indexes, not scans of the whole list', () => {
  it('rest-stage-throttling reads the per-method throttles of a usage plan a number of times linear in the methods', () => {
    const readsFor = (n: number) => {
      const counter = { reads: 0 };
      const resources = Array.from({ length: n }, (_, i) => resource(`/r${i}`, { GET: { authorizationType: 'NONE', apiKeyRequired: true } }));
      const throttle = counting(Object.fromEntries(resources.map((r) => [`${r.path}/GET`, { rateLimit: 5, burstLimit: 10 }])), counter);
      const api = restApi({ resources, stages: [stage({ methodSettings: { '*/*': { throttlingRateLimit: 10_000, throttlingBurstLimit: 5000 } } })] });
      const plan = usagePlan({ id: 'keys', apiStages: [{ apiId: api.id, stage: 'prod', throttle }] });
      const [result] = runCheck(throttlingCheck, new InventoryView(inventory({ regions: [region({ restApis: [api], usagePlans: [plan] })] })));
      assert.equal(result?.status, 'PASS');
      assert.equal(result?.messageId, 'usage-plan-throttled');
      return counter.reads;
    };
    const ratio = growth(readsFor, 200);
    assert.ok(ratio < 2.3, `throttle reads grew ×${ratio.toFixed(2)} from 200 to 400 methods`);
  });

  it('stageAlarmCoverage reads a number of alarms linear in the stages and alarms', () => {
    const readsFor = (n: number) => {
      const counter = { reads: 0 };
      const alarms: MetricAlarm[] = Array.from({ length: n }, (_, i) =>
        counting(alarm({ AlarmName: `a${i}`, Dimensions: [{ Name: 'ApiName', Value: `api-${i}` }] }), counter, true),
      );
      for (let i = 0; i < n; i += 1) {
        const coverage = stageAlarmCoverage(alarms, { kind: 'rest', apiId: `id${i}`, apiName: `api-${i}`, stageName: 'prod', tags: {} });
        assert.deepEqual(
          coverage.matches.map((m) => m.alarm),
          [`a${i}`],
        );
      }
      return counter.reads;
    };
    const ratio = growth(readsFor, 100);
    assert.ok(ratio < 2.3, `alarm reads grew ×${ratio.toFixed(2)} from 100 to 200 stages and alarms`);
  });

  it('usagePlansFor reads a number of plans linear in the stages and plans, and keeps plan order', () => {
    const readsFor = (n: number) => {
      const counter = { reads: 0 };
      const apis = Array.from({ length: n }, (_, i) => restApi({ id: `api${i}`, resources: [], stages: [stage()] }));
      const plans: UsagePlan[] = apis.map((api, i) => counting(usagePlan({ id: `p${i}`, apiStages: [{ apiId: api.id, stage: 'prod' }] }), counter, true));
      const view = new InventoryView(inventory({ regions: [region({ restApis: apis, usagePlans: [counting(usagePlan({ id: 'all', apiStages: apis.map((a) => ({ apiId: a.id, stage: 'prod' })) }), counter, true), ...plans] })] }));
      for (const target of view.restStages().targets as RestStageEntity[]) {
        const found = view.usagePlansFor(target);
        assert.ok(found.ok);
        assert.deepEqual(
          found.value.map((p) => p.id),
          ['all', `p${target.api.api.id.slice(3)}`],
        );
      }
      return counter.reads;
    };
    const ratio = growth(readsFor, 100);
    assert.ok(ratio < 2.3, `plan reads grew ×${ratio.toFixed(2)} from 100 to 200 stages and plans`);
  });
});

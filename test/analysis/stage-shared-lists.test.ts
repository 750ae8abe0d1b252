/**
 * The per-stage checks that hand every stage of an API one shared, frozen list when the stage
 * cannot change it (no method overrides; a stage serving its deployment alone, with no stage
 * variable deciding a scheme), pinned against the path that builds the list stage by stage.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import executionLogging from '../../checks/rest/rest-stage-execution-logging.js';
import integrationHttps from '../../checks/rest/rest-integration-https.js';
import requestValidation from '../../checks/rest/rest-method-request-validation.js';
import throttling from '../../checks/rest/rest-stage-throttling.js';
import { labelsWith, shortenedLabels } from '../../src/analysis/method-labels.js';
import { MAX_LIST_ITEMS, moreNotShown } from '../../src/util/shortened-lists.js';
import { restMethods } from '../../src/analysis/method-settings.js';
import { restDraftConfig } from '../../src/analysis/deployed.js';
import type { CheckResult } from '../../src/model/results.js';
import { resource, restApi, stage, withRestApis, type RestApiInput } from '../fixtures/builders.js';
import { evaluate } from '../checks/tester.js';

const resources = [
  resource('/', { GET: {} }),
  resource('/pets', { GET: {}, POST: { requestValidatorId: 'v1' } }),
  resource('/pets/{id}', { DELETE: {}, PUT: { requestValidatorId: 'v1', requestModels: { 'application/json': 'Pet' } } }),
];

const byStage = (results: readonly CheckResult[]) => new Map(results.map((r) => [r.resource.name.split('/').pop()!, r]));

describe('labelsWith', () => {
  it('is the labels with the suffix, frozen, once per list of methods and suffix', () => {
    const methods = restMethods(resources);
    const off = labelsWith(methods, ' (OFF)');
    assert.deepEqual(off, methods.map((m) => `${m.label} (OFF)`));
    assert.ok(Object.isFrozen(off));
    assert.equal(labelsWith(methods, ' (OFF)'), off);
    assert.notEqual(labelsWith(methods, ' (ERROR)'), off);
    assert.deepEqual(labelsWith(restMethods([]), ' (OFF)'), []);
  });
});

describe('shortenedLabels', () => {
  it('spells all the labels up to one past the bound, else the first of them and a marker', () => {
    for (const count of [0, 1, MAX_LIST_ITEMS, MAX_LIST_ITEMS + 1, MAX_LIST_ITEMS + 2, 250]) {
      let spelled = 0;
      const list = shortenedLabels(count, (i) => {
        spelled += 1;
        return `m${i}`;
      });
      const all = Array.from({ length: count }, (_, i) => `m${i}`);
      const expected = count <= MAX_LIST_ITEMS + 1 ? all : [...all.slice(0, MAX_LIST_ITEMS), moreNotShown(count - MAX_LIST_ITEMS)];
      assert.deepEqual(list, expected, `${count} labels`);
      assert.equal(spelled, Math.min(count, count <= MAX_LIST_ITEMS + 1 ? count : MAX_LIST_ITEMS), `${count} labels: only those kept are spelled`);
      assert.ok(Object.isFrozen(list));
    }
  });

  it('labelsWith keeps a long list as a result would', () => {
    const many = restMethods([resource('/many', {}), ...Array.from({ length: 150 }, (_, i) => resource(`/r${String(i).padStart(3, '0')}`, { GET: {} }))]);
    const off = labelsWith(many, ' (OFF)');
    assert.equal(off.length, MAX_LIST_ITEMS + 1);
    assert.deepEqual(off.slice(0, MAX_LIST_ITEMS), many.slice(0, MAX_LIST_ITEMS).map((m) => `${m.label} (OFF)`));
    assert.equal(off[MAX_LIST_ITEMS], moreNotShown(50));
  });
});

/** `count` resources of one GET method each: a list of methods around the bound of a result's lists. */
const methodsAround = (count: number) => Array.from({ length: count }, (_, i) => resource(`/r${String(i).padStart(3, '0')}`, { GET: {} }));

describe('a stage without overrides reads as one overriding with the default, around the list bound', () => {
  // The shared list is shortened before the engine bounds it; the stage-by-stage one after: the
  // evidence and message must read the same, the count must be the whole one.
  const sameResult = (a: CheckResult, b: CheckResult, name: string) => {
    assert.equal(a.status, b.status, name);
    assert.deepEqual({ ...a.evidence, stage: b.evidence['stage'] }, b.evidence, name);
    assert.equal(a.message.replace(/([Ss]tage) a\b/, '$1 c'), b.message, name);
  };

  for (const count of [MAX_LIST_ITEMS, MAX_LIST_ITEMS + 1, MAX_LIST_ITEMS + 2, 230]) {
    it(`rest-stage-execution-logging, ${count} methods`, () => {
      const api = restApi({
        resources: methodsAround(count),
        stages: [
          stage({ stageName: 'a', methodSettings: { '*/*': { loggingLevel: 'OFF' } } }),
          stage({ stageName: 'c', methodSettings: { '*/*': { loggingLevel: 'OFF' }, '~1r000/GET': { loggingLevel: 'OFF' } } }),
        ],
      });
      const results = byStage(evaluate(executionLogging, withRestApis(api)));
      sameResult(results.get('a')!, results.get('c')!, `${count}`);
      assert.equal(results.get('a')!.evidence['notLoggingCount'], count);
    });

    it(`rest-stage-throttling, ${count} methods`, () => {
      const loose = { throttlingRateLimit: 9000, throttlingBurstLimit: 5000 };
      const api = restApi({
        resources: methodsAround(count),
        stages: [
          stage({ stageName: 'a', methodSettings: { '*/*': loose } }),
          stage({ stageName: 'c', methodSettings: { '*/*': loose, '~1r000/GET': { throttlingRateLimit: 9000 } } }),
        ],
      });
      const results = byStage(evaluate(throttling, withRestApis(api)));
      sameResult(results.get('a')!, results.get('c')!, `${count}`);
    });
  }
});

describe('a stage without overrides lists what an override restating the default lists', () => {
  it('rest-stage-execution-logging', () => {
    const api = restApi({
      resources,
      stages: [
        stage({ stageName: 'a', methodSettings: { '*/*': { loggingLevel: 'off' } } }),
        stage({ stageName: 'b', methodSettings: { '*/*': { loggingLevel: 'off' } } }),
        // Overridden: judged method by method.
        stage({ stageName: 'c', methodSettings: { '*/*': { loggingLevel: 'off' }, '~1pets/GET': { loggingLevel: 'OFF' } } }),
      ],
    });
    const results = byStage(evaluate(executionLogging, withRestApis(api)));
    const lists = ['a', 'b', 'c'].map((name) => results.get(name)!.evidence['notLogging']);
    assert.equal(lists[0], lists[1], 'shared by the stages without overrides');
    assert.deepEqual(lists[0], lists[2]);
    assert.equal((lists[2] as string[]).length, 5);
  });

  it('rest-stage-throttling', () => {
    const loose = { throttlingRateLimit: 9000, throttlingBurstLimit: 5000 };
    const api = restApi({
      resources,
      stages: [
        stage({ stageName: 'a', methodSettings: { '*/*': loose } }),
        stage({ stageName: 'b', methodSettings: { '*/*': loose } }),
        stage({ stageName: 'c', methodSettings: { '*/*': loose, '~1pets~1{id}/DELETE': { throttlingRateLimit: 9000 } } }),
        // No default at all: `unset` for every method.
        stage({ stageName: 'd' }),
        stage({ stageName: 'e', methodSettings: { '~1/GET': { metricsEnabled: true } } }),
      ],
    });
    const results = byStage(evaluate(throttling, withRestApis(api)));
    const evidence = ['a', 'b', 'c', 'd', 'e'].map((name) => results.get(name)!.evidence);
    assert.equal(evidence[0]!['unthrottled'], evidence[1]!['unthrottled'], 'shared by the stages without overrides');
    assert.deepEqual({ ...evidence[0], stage: 'c' }, evidence[2]);
    assert.deepEqual({ ...evidence[3], stage: 'e' }, evidence[4]);
    assert.deepEqual(evidence[3]!['unthrottled'], restMethods(resources).map((m) => `${m.label} (unset)`));
  });
});

describe('a stage serving its deployment alone lists what the stage-by-stage path lists', () => {
  const withCanary = (draft: RestApiInput) =>
    restApi({
      ...draft,
      stages: [
        stage({ stageName: 'alone' }),
        stage({ stageName: 'also' }),
        // A canary on another deployment of the same methods: judged part by part.
        stage({ stageName: 'canaried', canarySettings: { deploymentId: 'dep2', percentTraffic: 5 } }),
      ],
      deployments: { dep2: restDraftConfig(restApi(draft), 'dep2') },
    });
  const withoutCanary = (list: unknown) => (list as string[]).filter((label) => !label.includes('canary'));

  it('rest-method-request-validation', () => {
    const draft = { resources, requestValidators: [{ id: 'v1', name: 'body', validateRequestBody: true }] };
    const results = byStage(evaluate(requestValidation, withRestApis(withCanary(draft))));
    const [alone, also, canaried] = ['alone', 'also', 'canaried'].map((name) => results.get(name)!.evidence);
    for (const key of ['bodyMethods', 'notValidated']) {
      assert.equal(alone![key], also![key], `${key} shared`);
      assert.deepEqual(alone![key], withoutCanary(canaried![key]), key);
      assert.ok((canaried![key] as string[]).length > (alone![key] as string[]).length, `${key}: the canary's are listed too`);
    }
    assert.deepEqual(alone!['notValidated'], ['POST /pets (no request model to validate against)']);
  });

  it('rest-integration-https, and not when a stage variable decides a scheme', () => {
    const http = (uri: string, extra: object = {}) => ({ methodIntegration: { type: 'HTTP_PROXY', uri, ...extra } });
    const draft = {
      resources: [
        resource('/a', { GET: http('http://a.example.com'), PUT: {} }),
        resource('/b', { GET: http('https://b.example.com', { tlsConfig: { insecureSkipVerification: true } }), POST: http('http://v.example.com', { connectionType: 'VPC_LINK' }) }),
        resource('/c', { GET: http('ftp://c.example.com') }),
      ],
    };
    const results = byStage(evaluate(integrationHttps, withRestApis(withCanary(draft))));
    const [alone, also, canaried] = ['alone', 'also', 'canaried'].map((name) => results.get(name)!.evidence);
    for (const key of ['plainHttp', 'vpcLinkHttp', 'tlsVerificationSkipped', 'unresolved', 'unknownIntegrations']) {
      assert.equal(alone![key], also![key], `${key} shared`);
      assert.deepEqual(alone![key], withoutCanary(canaried![key]), key);
    }
    assert.deepEqual(alone!['plainHttp'], ['GET /a → http://a.example.com']);
    assert.equal(alone!['httpIntegrationCount'], 4);

    const variable = { resources: [resource('/v', { GET: http('${stageVariables.url}/x') })] };
    const api = restApi({ ...variable, stages: [stage({ stageName: 'p', variables: { url: 'http://p.example.com' } }), stage({ stageName: 's', variables: { url: 'https://s.example.com' } })] });
    const own = byStage(evaluate(integrationHttps, withRestApis(api)));
    assert.equal(own.get('p')!.status, 'FAIL');
    assert.equal(own.get('s')!.status, 'PASS');
  });
});

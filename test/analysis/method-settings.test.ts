import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  canonicalMethods,
  deployedMethods,
  describeSettingKey,
  effectiveSetting,
  entrySetting,
  hasMethodOverrides,
  isUnauthenticated,
  judgedMethods,
  methodOverrides,
  normalizePath,
  parseSettingKey,
  restMethods,
} from '../../src/analysis/method-settings.js';
import type { DeployedRestConfig } from '../../src/inventory/schema.js';
import { resource, stage } from '../fixtures/builders.js';

describe('parseSettingKey', () => {
  const cases: Array<[string, ReturnType<typeof parseSettingKey>]> = [
    ['*/*', { kind: 'default' }],
    ['~1pets/GET', { kind: 'method', path: '/pets', httpMethod: 'GET' }],
    ['pets/GET', { kind: 'method', path: '/pets', httpMethod: 'GET' }],
    ['/pets/get', { kind: 'method', path: '/pets', httpMethod: 'GET' }],
    ['~1pets~1{id}/DELETE', { kind: 'method', path: '/pets/{id}', httpMethod: 'DELETE' }],
    ['pets/{id}/DELETE', { kind: 'method', path: '/pets/{id}', httpMethod: 'DELETE' }],
    ['~1/GET', { kind: 'method', path: '/', httpMethod: 'GET' }],
    ['/GET', { kind: 'method', path: '/', httpMethod: 'GET' }],
    ['~1pets/*', { kind: 'method', path: '/pets', httpMethod: '*' }],
    ['~1a~0b/POST', { kind: 'method', path: '/a~b', httpMethod: 'POST' }],
    ['GET', { kind: 'invalid', key: 'GET' }],
    ['pets/', { kind: 'invalid', key: 'pets/' }],
  ];
  for (const [key, expected] of cases) {
    it(`${key}`, () => assert.deepEqual(parseSettingKey(key), expected));
  }
});

describe('normalizePath', () => {
  it('adds a leading slash, drops a trailing one and collapses doubles', () => {
    assert.equal(normalizePath('pets/'), '/pets');
    assert.equal(normalizePath(''), '/');
    assert.equal(normalizePath('//pets//{id}'), '/pets/{id}');
    assert.equal(normalizePath('/'), '/');
  });
  it('keeps a path that is already normal, and normalises one that only looks it', () => {
    assert.equal(normalizePath('/pets/{id}'), '/pets/{id}');
    assert.equal(normalizePath('/pets/é'), '/pets/é');
    // Whatever trim removes goes, ASCII or not, at either end; so do doubled and trailing slashes.
    assert.equal(normalizePath('/pets '), '/pets');
    assert.equal(normalizePath('/pets\t'), '/pets');
    assert.equal(normalizePath('/pets\u00a0'), '/pets');
    assert.equal(normalizePath(' /pets'), '/pets');
    assert.equal(normalizePath('/pets//{id}'), '/pets/{id}');
    assert.equal(normalizePath('/pets/'), '/pets');
  });
});

describe('describeSettingKey', () => {
  it('renders method keys as METHOD /path and keeps the default', () => {
    assert.equal(describeSettingKey('~1pets~1{id}/DELETE'), 'DELETE /pets/{id}');
    assert.equal(describeSettingKey('*/*'), '*/*');
    assert.equal(describeSettingKey('bogus'), 'bogus');
  });
});

describe('effectiveSetting', () => {
  const s = stage({
    methodSettings: {
      '*/*': { loggingLevel: 'ERROR', dataTraceEnabled: false },
      '~1pets/GET': { loggingLevel: 'OFF' },
      'orders/POST': { metricsEnabled: true },
      '~1/GET': { loggingLevel: 'INFO' },
      '~1admin/*': { loggingLevel: 'OFF' },
      '~1admin/DELETE': { loggingLevel: 'INFO' },
    },
  });

  it('an override wins over the default', () => {
    assert.deepEqual(effectiveSetting(s, '/pets', 'GET', 'loggingLevel'), { value: 'OFF', source: 'method', key: '~1pets/GET' });
  });
  it('a field the override leaves out falls back to the default (Terraform-style key)', () => {
    assert.deepEqual(effectiveSetting(s, '/orders', 'POST', 'loggingLevel'), { value: 'ERROR', source: 'stage', key: '*/*' });
    assert.deepEqual(effectiveSetting(s, '/orders', 'POST', 'metricsEnabled'), { value: true, source: 'method', key: 'orders/POST' });
  });
  it('the root resource matches ~1/GET', () => {
    assert.equal(effectiveSetting(s, '/', 'GET', 'loggingLevel').value, 'INFO');
  });
  it('method names compare case-insensitively and paths are normalised', () => {
    assert.equal(effectiveSetting(s, 'pets/', 'get', 'loggingLevel').value, 'OFF');
  });
  it('a per-resource wildcard applies below an exact override', () => {
    assert.deepEqual(effectiveSetting(s, '/admin', 'GET', 'loggingLevel'), { value: 'OFF', source: 'resource', key: '~1admin/*' });
    assert.equal(effectiveSetting(s, '/admin', 'DELETE', 'loggingLevel').value, 'INFO');
  });
  it('a method without an override takes the default', () => {
    assert.equal(effectiveSetting(s, '/other', 'PUT', 'loggingLevel').value, 'ERROR');
  });
  it('asked for the wildcard method, the per-resource key answers as an exact one', () => {
    assert.deepEqual(effectiveSetting(s, '/admin', '*', 'loggingLevel'), { value: 'OFF', source: 'method', key: '~1admin/*' });
  });
  it('an override that leaves a field null falls through to the next layer', () => {
    const nulls = stage({ methodSettings: { '*/*': { loggingLevel: 'ERROR' }, '~1pets/GET': { loggingLevel: null }, '~1pets/*': { loggingLevel: null } } as never });
    assert.deepEqual(effectiveSetting(nulls, '/pets', 'GET', 'loggingLevel'), { value: 'ERROR', source: 'stage', key: '*/*' });
  });
  it('nothing set anywhere is unset, not defaulted', () => {
    assert.deepEqual(effectiveSetting(s, '/other', 'PUT', 'throttlingRateLimit'), { value: undefined, source: 'unset' });
    assert.deepEqual(effectiveSetting(stage(), '/', 'GET', 'loggingLevel'), { value: undefined, source: 'unset' });
  });
});

describe('hasMethodOverrides', () => {
  it('is true only for a stage with a per-method key it can parse', () => {
    assert.equal(hasMethodOverrides(stage()), false);
    assert.equal(hasMethodOverrides(stage({ methodSettings: { '*/*': { loggingLevel: 'INFO' } } })), false);
    assert.equal(hasMethodOverrides(stage({ methodSettings: { '*/*': { loggingLevel: 'INFO' }, junk: { loggingLevel: 'OFF' } } })), false);
    assert.equal(hasMethodOverrides(stage({ methodSettings: { '~1pets/*': { loggingLevel: 'OFF' } } })), true);
  });
});

describe('canonicalMethods and deployedMethods', () => {
  const list = (uri: string): DeployedRestConfig['methods'] => [
    { path: '/pets', httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false, integration: { type: 'HTTP_PROXY', uri } },
    { path: '/pets', httpMethod: 'POST', authorizationType: 'AWS_IAM', apiKeyRequired: false },
  ];
  const config = (methods: DeployedRestConfig['methods']): DeployedRestConfig => ({ deploymentId: 'd', source: 'export', methods });

  it('deployments with the same methods share one list, built once; any difference keeps its own', () => {
    const first = list('https://a.example.com');
    const same = list('https://a.example.com');
    const other = list('https://b.example.com');
    assert.equal(canonicalMethods(first), first);
    assert.equal(canonicalMethods(same), first);
    assert.equal(canonicalMethods(other), other);
    assert.equal(deployedMethods(config(same)), deployedMethods(config(first)));
    assert.notEqual(deployedMethods(config(other)), deployedMethods(config(first)));
    assert.deepEqual(
      deployedMethods(config(other)).map((m) => [m.label, m.method.methodIntegration?.uri]),
      [['GET /pets', 'https://b.example.com'], ['POST /pets', undefined]],
    );
  });
});

describe('entrySetting and methodOverrides', () => {
  const s = stage({ methodSettings: { '*/*': { dataTraceEnabled: true }, '~1pets/GET': { loggingLevel: 'INFO' }, junk: {} } });
  it('an override entry inherits the default field', () => {
    assert.equal(entrySetting(s, '~1pets/GET', 'dataTraceEnabled'), true);
    assert.equal(entrySetting(s, '*/*', 'loggingLevel'), undefined);
  });
  it('lists parsed overrides only', () => {
    assert.deepEqual(
      methodOverrides(s).map((o) => [o.key, o.path, o.httpMethod]),
      [['~1pets/GET', '/pets', 'GET']],
    );
  });
});

describe('restMethods', () => {
  it('lists every method sorted by path then verb, with labels', () => {
    const methods = restMethods([
      resource('/pets', { POST: {}, GET: {} }),
      resource('/', { get: {} }),
      resource('/pets/{id}', { DELETE: {} }),
      resource('/empty'),
    ]);
    assert.deepEqual(methods.map((m) => m.label), ['GET /', 'GET /pets', 'POST /pets', 'DELETE /pets/{id}']);
  });
});

describe('isUnauthenticated', () => {
  it('NONE in any case, or missing, is unauthenticated; anything else is not', () => {
    assert.equal(isUnauthenticated('NONE'), true);
    assert.equal(isUnauthenticated('none'), true);
    assert.equal(isUnauthenticated(undefined), true);
    assert.equal(isUnauthenticated('AWS_IAM'), false);
    assert.equal(isUnauthenticated('CUSTOM'), false);
    assert.equal(isUnauthenticated('COGNITO_USER_POOLS'), false);
  });
});

describe('judgedMethods', () => {
  it('exempts only MOCK OPTIONS methods; an OPTIONS reaching a backend is judged; a missing integration is unknown', () => {
    const methods = restMethods([
      resource('/a', {
        GET: {},
        OPTIONS: { authorizationType: 'NONE', methodIntegration: { type: 'mock' } },
      }),
      resource('/b', { OPTIONS: { authorizationType: 'NONE', methodIntegration: { type: 'AWS_PROXY' } } }),
      resource('/c', { OPTIONS: { authorizationType: 'NONE', methodIntegration: undefined } }),
      resource('/d', { OPTIONS: { authorizationType: 'AWS_IAM', methodIntegration: undefined } }),
    ]);
    const labels = (list: readonly { label: string }[]) => list.map((m) => m.label);
    const split = judgedMethods(methods);
    assert.deepEqual(labels(split.judged), ['GET /a', 'OPTIONS /b', 'OPTIONS /d']);
    assert.deepEqual(labels(split.preflights), ['OPTIONS /a']);
    assert.deepEqual(labels(split.integrationUnknown), ['OPTIONS /c']);
  });
});

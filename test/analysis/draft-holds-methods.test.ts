import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { draftHoldsMethods, restDraftApiLevel, restDraftConfig } from '../../src/analysis/deployed.js';
import { sameDeployedMethods } from '../../src/analysis/same-deployed.js';
import type { DeployedMethod, DeployedRestConfig, Method, RestApi } from '../../src/inventory/schema.js';
import { failed, resource, restApi } from '../fixtures/builders.js';

/** The slow path: the draft built, its methods. */
function built(api: RestApi): DeployedMethod[] {
  const draft = restDraftConfig(api);
  assert.ok(draft.ok);
  return draft.value.methods;
}

const full: Partial<Method> = {
  authorizationType: 'CUSTOM',
  authorizerId: 'a1',
  authorizationScopes: ['orders/write'],
  apiKeyRequired: true,
  requestValidatorId: 'v1',
  requestModels: { 'application/json': 'Order' },
  methodIntegration: { type: 'HTTP_PROXY', uri: 'https://b.example.com', connectionType: 'VPC_LINK', connectionId: 'l1', tlsConfig: { insecureSkipVerification: true } },
};

/** A draft with every field a deployed method carries, its resources out of path order (the draft sorts them). */
function richApi(overrides: Partial<Method> = {}): RestApi {
  return restApi({
    resources: [
      resource('/orders/{id}', { GET: { authorizationType: 'NONE' }, POST: { ...full, ...overrides } }),
      resource('/', { GET: { authorizationType: 'AWS_IAM', apiKeyRequired: null as unknown as boolean, authorizationScopes: [], requestModels: {} } }),
      resource('/orders', { PUT: { authorizationType: 'AWS_IAM', methodIntegration: { type: 'MOCK' } } }),
    ],
    authorizers: [
      { id: 'a1', name: 'stale-duplicate', type: 'TOKEN' },
      { id: 'a1', name: 'token-check', type: 'TOKEN' },
      { id: 'a2', type: 'TOKEN' },
    ],
    requestValidators: [{ id: 'v1', name: 'body', validateRequestBody: true }],
  });
}

/** One change per field of a deployed method, nested ones included. */
const changes: Record<string, (m: DeployedMethod) => void> = {
  path: (m) => (m.path = '/orders/{key}'),
  httpMethod: (m) => (m.httpMethod = 'PATCH'),
  authorizationType: (m) => (m.authorizationType = 'AWS_IAM'),
  authorizerName: (m) => (m.authorizerName = 'stale-duplicate'),
  'authorizerName removed': (m) => delete m.authorizerName,
  authorizationScopes: (m) => (m.authorizationScopes = ['orders/read']),
  'authorizationScopes removed': (m) => delete m.authorizationScopes,
  apiKeyRequired: (m) => (m.apiKeyRequired = false),
  integration: (m) => delete m.integration,
  'integration.type': (m) => (m.integration!.type = 'HTTP'),
  'integration.uri': (m) => (m.integration!.uri = 'http://b.example.com'),
  'integration.connectionType': (m) => (m.integration!.connectionType = 'INTERNET'),
  'integration.connectionId': (m) => (m.integration!.connectionId = 'l2'),
  'integration.tlsConfig': (m) => delete m.integration!.tlsConfig,
  'integration.tlsConfig.insecureSkipVerification': (m) => (m.integration!.tlsConfig!.insecureSkipVerification = false),
  requestValidator: (m) => delete m.requestValidator,
  'requestValidator.name': (m) => (m.requestValidator!.name = 'other'),
  'requestValidator.validateRequestBody': (m) => (m.requestValidator!.validateRequestBody = false),
  'requestValidator.validateRequestParameters': (m) => (m.requestValidator!.validateRequestParameters = false),
  requestModels: (m) => (m.requestModels = { 'application/json': 'Other' }),
  'requestModels (one more)': (m) => (m.requestModels = { 'application/json': 'Order', 'text/plain': 'Order' }),
  'requestModels removed': (m) => delete m.requestModels,
};

const copy = (methods: readonly DeployedMethod[]): DeployedMethod[] => structuredClone(methods as DeployedMethod[]);

describe('draftHoldsMethods: the draft compared without building it, pinned against restDraftConfig + sameDeployedMethods', () => {
  it('holds the methods the draft builds (resources out of path order, the duplicate authorizer id read as the map reads it)', () => {
    const api = richApi();
    assert.equal(draftHoldsMethods(api, copy(built(api))), true);
  });

  it('empty scopes and request models, a null apiKeyRequired read as the draft builds them', () => {
    const api = richApi();
    const root = built(api).find((m) => m.path === '/')!;
    assert.equal(root.apiKeyRequired, false);
    assert.ok(!('authorizationScopes' in root) && !('requestModels' in root));
    assert.equal(draftHoldsMethods(api, copy(built(api))), true);
  });

  for (const [field, change] of Object.entries(changes)) {
    it(`another ${field} is another method, as sameDeployedMethods finds`, () => {
      const api = richApi();
      const methods = copy(built(api));
      change(methods.find((m) => m.path === '/orders/{id}' && m.httpMethod === 'POST')!);
      assert.equal(sameDeployedMethods(methods, built(api)), false, 'the slow path sees the change');
      assert.equal(draftHoldsMethods(api, methods), false);
    });
  }

  it('a method more or less is a difference', () => {
    const api = richApi();
    assert.equal(draftHoldsMethods(api, copy(built(api)).slice(1)), false);
    assert.equal(draftHoldsMethods(api, [...copy(built(api)), { path: '/z', httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false }]), false);
  });

  it('a draft that needs a sort after it is built (two resources on one path) is left to the slow path, never called the same wrongly', () => {
    const api = restApi({ resources: [resource('/a', { POST: {} }), resource('/a', { GET: {} })] });
    const methods = copy(built(api));
    assert.deepEqual(
      methods.map((m) => m.httpMethod),
      ['GET', 'POST'],
    );
    assert.equal(draftHoldsMethods(api, methods), false);
    // In walk order (POST, GET) the list is not what the draft holds either.
    assert.equal(draftHoldsMethods(api, [methods[1]!, methods[0]!]), false);
  });

  it('verbs keyed out of their method order are left to the slow path', () => {
    const api = restApi({ resources: [resource('/a', { POST: {}, GET: {} })] });
    assert.equal(draftHoldsMethods(api, copy(built(api))), false);
  });

  it('a draft that was not read holds nothing', () => {
    const api = restApi({ resources: failed('GetResources') });
    assert.equal(draftHoldsMethods(api, []), false);
    assert.deepEqual(restDraftApiLevel(api), api.resources, 'the failed read, as restDraftConfig gives it');
    assert.deepEqual(restDraftApiLevel(api), restDraftConfig(api));
  });
});

describe('restDraftApiLevel: the draft without its methods', () => {
  it('is what restDraftConfig holds besides the methods (named authorizers only, policy, default endpoint)', () => {
    for (const api of [
      richApi(),
      { ...richApi(), policy: '  ', disableExecuteApiEndpoint: true },
      { ...richApi(), policy: '{"Version":"2012-10-17"}', disableExecuteApiEndpoint: false },
    ]) {
      const draft = restDraftConfig(api);
      assert.ok(draft.ok);
      const { authorizers, policy, disableExecuteApiEndpoint } = draft.value;
      const expected: Partial<DeployedRestConfig> = { authorizers, policy, ...(disableExecuteApiEndpoint !== undefined ? { disableExecuteApiEndpoint } : {}) };
      assert.deepEqual(restDraftApiLevel(api), { ok: true, value: expected });
    }
  });
});

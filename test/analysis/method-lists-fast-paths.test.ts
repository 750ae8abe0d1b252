/**
 * The method lists every REST check reads, pinned against the plain way of making them: sorting
 * resources instead of methods (`restMethods`, `restDraftConfig`), a deployed method as its own
 * `method`, and the canonical-list ring that must not keep lists alive.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { restDraftConfig } from '../../src/analysis/deployed.js';
import { uniqueMethods, uniqueMethodsOf } from '../../src/analysis/served.js';
import {
  canonicalMethods,
  compareMethods,
  deployedMethods,
  deployedRefsOf,
  methodLabel,
  normalizePath,
  restMethods,
  type RestMethodRef,
} from '../../src/analysis/method-settings.js';
import { phaseBoundary } from '../../src/scan/phase-boundary.js';
import type { DeployedMethod, DeployedRestConfig, Method, Resource } from '../../src/inventory/schema.js';
import { resource, restApi } from '../fixtures/builders.js';
import { collectedWithin } from '../support/collected.js';

/** `restMethods` as it was: every method listed resource by resource, then sorted. */
function slowRestMethods(resources: readonly Resource[]): { label: string; method: Method }[] {
  const out: { path: string; httpMethod: string; label: string; method: Method }[] = [];
  for (const r of resources) {
    const path = normalizePath(r.path);
    for (const verb of Object.keys(r.resourceMethods ?? {})) {
      const httpMethod = verb.toUpperCase();
      out.push({ path, httpMethod, label: methodLabel(httpMethod, path), method: r.resourceMethods![verb]! });
    }
  }
  return out.sort(compareMethods).map(({ label, method }) => ({ label, method }));
}

/** The order `restDraftConfig` used to give its methods: listed resource by resource, then sorted. */
function slowDraftOrder(resources: readonly Resource[]): { path: string; httpMethod: string; authorizationType: string }[] {
  const out: { path: string; httpMethod: string; authorizationType: string }[] = [];
  for (const r of resources) {
    for (const verb of Object.keys(r.resourceMethods ?? {})) {
      const m = r.resourceMethods![verb]!;
      out.push({ path: r.path, httpMethod: m.httpMethod ?? verb, authorizationType: m.authorizationType ?? 'NONE' });
    }
  }
  return out.sort(compareMethods);
}

/** A deterministic stream of numbers in [0, 1). */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

/** Resources from small alphabets: repeated paths (also spelled unnormalised), verbs in either case, unsorted. */
function randomResources(next: () => number): Resource[] {
  const paths = ['/', '/a', '/a/', 'a', '/b', '/a/b', '/B', '/a{x}'];
  const verbs = ['GET', 'get', 'POST', 'DELETE', 'ANY', 'OPTIONS', 'Put'];
  const types = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS', 'none'];
  return Array.from({ length: Math.floor(next() * 7) }, () => {
    const methods: Record<string, Partial<Method>> = {};
    for (let i = Math.floor(next() * 4); i > 0; i--) {
      const verb = verbs[Math.floor(next() * verbs.length)]!;
      // The method's own httpMethod may differ from its key: the draft's order follows it.
      methods[verb] = { authorizationType: types[Math.floor(next() * types.length)]!, httpMethod: next() < 0.2 ? verb.toLowerCase() : verb };
    }
    return resource(paths[Math.floor(next() * paths.length)]!, methods);
  });
}

describe('restMethods sorts resources, not methods', () => {
  it('gives the order sorting every method gives, equal methods in the order they came', () => {
    const resources = [
      resource('/pets', { POST: {}, GET: {} }),
      resource('/a', { POST: { authorizationType: 'NONE' } }),
      resource('/', { get: {} }),
      // The same path twice (once unnormalised), their verbs interleaving: sorting resources alone would leave them apart.
      resource('/a/', { GET: {}, DELETE: {}, get: { authorizationType: 'CUSTOM' } }),
      resource('/a', { PATCH: {}, GET: { authorizationType: 'AWS_IAM' } }),
    ];
    const fast = restMethods(resources);
    const slow = slowRestMethods(resources);
    assert.deepEqual(
      fast.map((m) => m.label),
      ['GET /', 'DELETE /a', 'GET /a', 'GET /a', 'GET /a', 'PATCH /a', 'POST /a', 'GET /pets', 'POST /pets'],
    );
    assert.equal(fast.length, slow.length);
    fast.forEach((m, i) => {
      assert.equal(m.label, slow[i]!.label);
      assert.equal(m.method, slow[i]!.method, `method ${i} (${m.label}) is the same object`);
    });
  });

  it('agrees with the slow way on random resource lists', () => {
    const next = random(7);
    for (let round = 0; round < 300; round++) {
      const resources = randomResources(next);
      const fast = restMethods(resources);
      const slow = slowRestMethods(resources);
      assert.deepEqual(
        fast.map((m) => [m.label, m.method]),
        slow.map((m) => [m.label, m.method]),
        `round ${round}`,
      );
    }
  });
});

describe('restDraftConfig orders methods as sorting them would', () => {
  it('by raw path and the method\'s own httpMethod, equal methods in the order they came', () => {
    const resources = [
      resource('/b', { GET: {} }),
      resource('/a', { POST: {}, GET: { authorizationType: 'AWS_IAM' } }),
      resource('/a', { GET: { authorizationType: 'CUSTOM' }, DELETE: {} }),
      resource('a', { GET: {} }),
    ];
    const draft = restDraftConfig(restApi({ resources }));
    assert.ok(draft.ok);
    const fast = draft.value.methods.map(({ path, httpMethod, authorizationType }) => ({ path, httpMethod, authorizationType }));
    assert.deepEqual(fast, slowDraftOrder(resources));
    assert.deepEqual(
      fast.map((m) => `${m.httpMethod} ${m.path} ${m.authorizationType}`),
      ['DELETE /a AWS_IAM', 'GET /a AWS_IAM', 'GET /a CUSTOM', 'POST /a AWS_IAM', 'GET /b AWS_IAM', 'GET a AWS_IAM'],
    );
  });

  it('agrees with the slow way on random resource lists', () => {
    const next = random(11);
    for (let round = 0; round < 300; round++) {
      const resources = randomResources(next);
      const draft = restDraftConfig(restApi({ resources }));
      assert.ok(draft.ok);
      assert.deepEqual(
        draft.value.methods.map(({ path, httpMethod, authorizationType }) => ({ path, httpMethod, authorizationType })),
        slowDraftOrder(resources),
        `round ${round}`,
      );
    }
  });
});

describe('a deployed method is its own method', () => {
  /** The method object a deployed method used to be given. */
  function slowMethod(m: DeployedMethod): Method {
    const method = { httpMethod: m.httpMethod.toUpperCase(), authorizationType: m.authorizationType } as Method;
    if (m.authorizationScopes?.length) method.authorizationScopes = m.authorizationScopes;
    method.apiKeyRequired = m.apiKeyRequired;
    if (m.integration) method.methodIntegration = m.integration;
    return method;
  }
  const integration = { type: 'HTTP_PROXY', uri: 'https://backend.example.com' };
  const methods: DeployedMethod[] = [
    { path: 'pets/', httpMethod: 'get', authorizationType: 'NONE', apiKeyRequired: true, integration },
    { path: '/pets', httpMethod: 'POST', authorizationType: 'COGNITO_USER_POOLS', authorizationScopes: ['read'], apiKeyRequired: false },
    // No scopes listed reads as none at all.
    { path: '/pets/{id}', httpMethod: 'DELETE', authorizationType: 'AWS_IAM', authorizationScopes: [], apiKeyRequired: false },
    { path: '/x', httpMethod: 'OPTIONS', authorizationType: 'none' } as DeployedMethod,
  ];

  it('reads every field a method reader reads as the separate method object did', () => {
    const config: DeployedRestConfig = { deploymentId: 'own-method', source: 'export', methods };
    const refs = deployedMethods(config);
    const byLabel = new Map(refs.map((r) => [r.label, r]));
    for (const m of methods) {
      const ref = byLabel.get(methodLabel(m.httpMethod.toUpperCase(), m.path))!;
      const slow = slowMethod(m);
      for (const field of ['httpMethod', 'authorizationType', 'authorizationScopes', 'apiKeyRequired', 'methodIntegration', 'authorizerId'] as const) {
        assert.equal(ref.method[field], slow[field], `${ref.label} ${field}`);
      }
    }
    assert.equal(byLabel.get('GET /pets')!.method.methodIntegration, integration, 'the snapshot\'s own integration, not a copy');
    assert.deepEqual(refs.map((r) => r.label), ['GET /pets', 'POST /pets', 'DELETE /pets/{id}', 'OPTIONS /x']);
  });
});

describe('canonicalMethods', () => {
  const list = (uri: string): DeployedRestConfig['methods'] => [
    { path: '/ring', httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false, integration: { type: 'HTTP', uri } },
  ];

  it('compares a list with the last four distinct lists read only', () => {
    const first = list('https://ring-0.example.com');
    assert.equal(canonicalMethods(first), first);
    assert.equal(canonicalMethods(list('https://ring-0.example.com')), first);
    for (let i = 1; i <= 4; i++) canonicalMethods(list(`https://ring-${i}.example.com`));
    const late = list('https://ring-0.example.com');
    assert.equal(canonicalMethods(late), late, 'read four lists before: it stays its own');
  });

  it('does not keep a list alive once four others were read, within the same job', async () => {
    let collected = false;
    const registry = new FinalizationRegistry(() => (collected = true));
    // All in one synchronous job: a WeakRef to the list would keep it alive until the job ends.
    (() => {
      const read = list('https://released.example.com');
      canonicalMethods(read);
      registry.register(read, 'released');
      for (let i = 0; i < 4; i++) canonicalMethods(list(`https://after-released-${i}.example.com`));
    })();
    phaseBoundary();
    assert.equal(await collectedWithin(() => collected), true);
  });
});

describe('a deployment made from the draft shares the draft\'s list of methods', () => {
  /** Everything a reader of a deployed ref reads, as plain values. */
  const reading = (refs: readonly RestMethodRef[]) =>
    refs.map(({ path, httpMethod, label, method }) => {
      const i = method.methodIntegration;
      return {
        path,
        httpMethod,
        label,
        verb: method.httpMethod,
        authorizationType: method.authorizationType,
        scopes: method.authorizationScopes === undefined ? undefined : [...method.authorizationScopes],
        apiKeyRequired: method.apiKeyRequired,
        integration: i && { type: i.type, uri: i.uri, connectionType: i.connectionType, connectionId: i.connectionId, tls: i.tlsConfig && { ...i.tlsConfig } },
      };
    });

  type Edit = (m: DeployedMethod) => DeployedMethod;
  /** Changes to one deployed method, each a difference a reader could see, or not. */
  const edits: [string, Edit][] = [
    ['none', (m) => m],
    ['path spelled unnormalised', (m) => ({ ...m, path: `${m.path}/` })],
    ['verb in lower case', (m) => ({ ...m, httpMethod: m.httpMethod.toLowerCase() })],
    ['authorization type', (m) => ({ ...m, authorizationType: m.authorizationType === 'NONE' ? 'AWS_IAM' : 'NONE' })],
    ['API key unset', (m) => ({ ...m, apiKeyRequired: undefined }) as unknown as DeployedMethod],
    ['API key', (m) => ({ ...m, apiKeyRequired: !m.apiKeyRequired })],
    ['scopes listed empty', (m) => ({ ...m, authorizationScopes: [] })],
    ['scopes', (m) => ({ ...m, authorizationScopes: ['other'] })],
    ['integration dropped', ({ integration: _i, ...m }) => m],
    ['integration URI', (m) => ({ ...m, integration: { ...m.integration, uri: 'https://elsewhere.example.com' } })],
    ['integration connection', (m) => ({ ...m, integration: { ...m.integration, connectionType: 'VPC_LINK', connectionId: 'v1' } })],
    ['TLS verification', (m) => ({ ...m, integration: { ...m.integration, tlsConfig: { insecureSkipVerification: true } } })],
  ];

  function draftResources(next: () => number): Resource[] {
    const paths = ['/', '/a', '/b', '/a/{id}', '/c'];
    // Mostly what a deployment states alike; now and then what it states differently (unset, an empty list).
    const types = ['NONE', 'AWS_IAM', 'COGNITO_USER_POOLS'];
    return paths
      .filter(() => next() < 0.7)
      .map((path) => {
        const methods: Record<string, Partial<Method>> = {};
        for (const verb of ['GET', 'POST', 'OPTIONS']) {
          if (next() < 0.5) continue;
          methods[verb] = {
            // The method's own verb, which a deployment states in upper case.
            httpMethod: next() < 0.05 ? verb.toLowerCase() : verb,
            authorizationType: next() < 0.03 ? undefined : types[Math.floor(next() * types.length)],
            apiKeyRequired: next() < 0.03 ? undefined : next() < 0.5,
            ...(next() < 0.3 ? { authorizationScopes: next() < 0.1 ? [] : ['read'] } : {}),
            methodIntegration:
              next() < 0.2
                ? undefined
                : { type: next() < 0.5 ? 'HTTP_PROXY' : 'MOCK', uri: `https://b${Math.floor(next() * 3)}.example.com`, httpMethod: 'GET', ...(next() < 0.3 ? { tlsConfig: {} } : {}) },
          };
        }
        return resource(path, methods);
      });
  }

  it('reads, ref for ref, as the deployment\'s own refs would, whatever differs', () => {
    const next = random(3);
    let shared = 0;
    for (let round = 0; round < 400; round++) {
      const resources = draftResources(next);
      const api = restApi({ resources });
      const draft = restDraftConfig(api);
      assert.ok(draft.ok);
      const [name, edit] = edits[round % edits.length]!;
      const at = Math.floor(next() * draft.value.methods.length);
      const methods = draft.value.methods.map((m, i) => (i === at ? edit(m) : m));
      const config: DeployedRestConfig = { ...draft.value, deploymentId: `d${round}`, methods };
      const refs = deployedMethods(config, api);
      if (refs === restMethods(resources)) shared++;
      assert.deepEqual(reading(refs), reading(deployedRefsOf(methods)), `round ${round}: ${name}`);
    }
    assert.ok(shared > 40, `deployments made from the draft share its list (${shared} of 400)`);
  });

  it('shares the list of a deployment made from the draft as it stands, and only then', () => {
    const resources = [
      resource('/pets', { GET: { authorizationType: 'NONE', apiKeyRequired: false, methodIntegration: { type: 'HTTP_PROXY', uri: 'https://p.example.com' } } }),
      resource('/pets/{id}', { DELETE: { authorizationType: 'AWS_IAM', apiKeyRequired: true } }),
    ];
    const api = restApi({ resources });
    const draft = restDraftConfig(api);
    assert.ok(draft.ok);
    assert.equal(deployedMethods({ ...draft.value, deploymentId: 'same' }, api), restMethods(resources));
    const unsetType = [resource('/pets', { GET: { authorizationType: undefined, apiKeyRequired: false } })];
    const unsetApi = restApi({ resources: unsetType });
    const fromUnset = restDraftConfig(unsetApi);
    assert.ok(fromUnset.ok);
    // The draft leaves the type unset where the deployment states NONE: a reader could tell them apart.
    const refs = deployedMethods({ ...fromUnset.value, deploymentId: 'unset' }, unsetApi);
    assert.notEqual(refs, restMethods(unsetType));
    assert.equal(refs[0]!.method.authorizationType, 'NONE');
  });
});

describe('uniqueMethodsOf', () => {
  const methods = restMethods([
    resource('/a', { GET: { authorizationType: 'NONE' }, POST: {} }),
    // The same label twice: the union keeps the last method under the first one's place.
    resource('/a/', { GET: { authorizationType: 'AWS_IAM' } }),
    resource('/b', { DELETE: {} }),
  ]);
  const other = restMethods([resource('/a', { GET: { authorizationType: 'CUSTOM' } }), resource('/c', { PUT: {} })]);
  const read = (list: readonly RestMethodRef[]) => list.map((m) => [m.label, m.method]);

  it('is the union of the lists, for one list repeated as for different ones', () => {
    for (const lists of [[methods], [methods, methods, methods], [methods, other], [other, methods, methods], [[...methods], methods], []]) {
      assert.deepEqual(read(uniqueMethodsOf(lists)), read(uniqueMethods(lists.flat())));
    }
    assert.deepEqual(read(uniqueMethodsOf([methods, methods])).map(([label]) => label), ['GET /a', 'POST /a', 'DELETE /b']);
  });

  it('hands out a copy: changing it changes no later answer', () => {
    const first = uniqueMethodsOf([methods, methods]);
    first.pop();
    assert.equal(uniqueMethodsOf([methods, methods]).length, 3);
  });
});

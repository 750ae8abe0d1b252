import check from '../../../checks/rest/rest-stage-cache-invalidation.js';
import { failed, resource, restApi, stage, withRestApis } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';
import type { Stage } from '../../../src/inventory/schema.js';

const RESOURCES = [resource('/pets', { GET: {}, POST: {} }), resource('/pets/{id}', { GET: {} })];
const api = (s: Partial<Stage>) => withRestApis(restApi({ resources: RESOURCES, stages: [stage(s)] }));

testCheck(check, [
  {
    name: 'cache on, invalidation requires authorization: passes, showing the strategy',
    inventory: api({
      cacheClusterEnabled: true,
      methodSettings: { '*/*': { cachingEnabled: true, requireAuthorizationForCacheControl: true, unauthorizedCacheControlHeaderStrategy: 'FAIL_WITH_403' } },
    }),
    expect: [
      {
        status: 'PASS',
        messageId: 'authorized',
        resource: 'api-a1b2c3d4e5/prod',
        evidence: { cachedCount: 3, cached: ['GET /pets (FAIL_WITH_403)', 'POST /pets (FAIL_WITH_403)', 'GET /pets/{id} (FAIL_WITH_403)'] },
      },
    ],
  },
  {
    name: 'requireAuthorizationForCacheControl false on the default: anyone invalidates every cached method',
    inventory: api({ cacheClusterEnabled: true, methodSettings: { '*/*': { requireAuthorizationForCacheControl: false } } }),
    expect: [{ status: 'FAIL', messageId: 'anyone-invalidates', evidence: { openCount: 2, open: ['GET /pets', 'GET /pets/{id}'] } }],
  },
  {
    name: 'a per-method override turning authorization off fails for that method only',
    inventory: api({
      cacheClusterEnabled: true,
      methodSettings: { '*/*': { requireAuthorizationForCacheControl: true }, '~1pets~1{id}/GET': { requireAuthorizationForCacheControl: false } },
    }),
    expect: [{ status: 'FAIL', evidence: { open: ['GET /pets/{id}'] } }],
  },
  {
    name: 'SUCCEED_* strategies ignore the header of unauthorised callers: they do not let them invalidate',
    inventory: api({
      cacheClusterEnabled: true,
      methodSettings: {
        '*/*': { requireAuthorizationForCacheControl: true, unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER' },
        '~1pets/GET': { unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITHOUT_RESPONSE_HEADER' },
      },
    }),
    expect: [
      {
        status: 'PASS',
        messageId: 'authorized',
        evidence: { cached: ['GET /pets (SUCCEED_WITHOUT_RESPONSE_HEADER)', 'GET /pets/{id} (SUCCEED_WITH_RESPONSE_HEADER)'] },
      },
    ],
  },
  {
    name: 'unset means the API Gateway default, authorization required',
    inventory: api({ cacheClusterEnabled: true }),
    expect: [{ status: 'PASS', evidence: { cachedCount: 2, cached: ['GET /pets (strategy unset)', 'GET /pets/{id} (strategy unset)'] } }],
  },
  {
    name: 'authorization off only where nothing is cached (TTL 0, caching off) does not matter',
    inventory: api({
      cacheClusterEnabled: true,
      methodSettings: {
        '*/*': { requireAuthorizationForCacheControl: true },
        '~1pets/GET': { requireAuthorizationForCacheControl: false, cacheTtlInSeconds: 0 },
        '~1pets/POST': { requireAuthorizationForCacheControl: false },
      },
    }),
    expect: [{ status: 'PASS', evidence: { cachedCount: 1 } }],
  },
  {
    name: 'with the cache cluster off nothing is cached, whatever the method settings say',
    inventory: api({ methodSettings: { '*/*': { cachingEnabled: true, requireAuthorizationForCacheControl: false } } }),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'cluster-off' }],
  },
  {
    name: 'cache on but no served method caches is not applicable',
    inventory: api({ cacheClusterEnabled: true, methodSettings: { '*/*': { cachingEnabled: false, requireAuthorizationForCacheControl: false } } }),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'no-cache', evidence: { cachedCount: 0 } }],
  },
  {
    name: 'methods are those the deployment serves, not the working copy',
    inventory: withRestApis(
      restApi({
        resources: [resource('/draft-only', { GET: {} })],
        stages: [stage({ cacheClusterEnabled: true, methodSettings: { '*/*': { requireAuthorizationForCacheControl: false } } })],
        deployments: {
          dep1: { ok: true, value: { deploymentId: 'dep1', source: 'export', stageName: 'prod', methods: [{ path: '/served', httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false }] } },
        },
      }),
    ),
    expect: [{ status: 'FAIL', evidence: { open: ['GET /served'] } }],
  },
  {
    name: 'the deployment could not be read: ERROR, never a pass',
    inventory: withRestApis(
      restApi({ resources: RESOURCES, stages: [stage({ cacheClusterEnabled: true })], deployments: { dep1: failed('GetExport') } }),
    ),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'GetStages denied is ERROR on the API',
    inventory: withRestApis(restApi({ stages: failed('GetStages') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'api-a1b2c3d4e5' }],
  },
]);

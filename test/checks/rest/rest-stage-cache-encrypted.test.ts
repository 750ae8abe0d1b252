import check from '../../../checks/rest/rest-stage-cache-encrypted.js';
import { failed, resource, restApi, stage, withRestApis } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';
import type { Stage } from '../../../src/inventory/schema.js';

const api = (s: Partial<Stage>, resources = [resource('/pets', { GET: {}, POST: {} }), resource('/pets/{id}', { GET: {} })]) =>
  withRestApis(restApi({ resources, stages: [stage(s)] }));

testCheck(check, [
  {
    name: 'no cache cluster and no method caching is not applicable',
    inventory: api({ methodSettings: { '*/*': { cachingEnabled: false, cacheDataEncrypted: false } } }),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'no-cache', resource: 'api-a1b2c3d4e5/prod' }],
  },
  {
    name: 'cache on, default caching encrypted passes',
    inventory: api({ cacheClusterEnabled: true, methodSettings: { '*/*': { cachingEnabled: true, cacheDataEncrypted: true } } }),
    expect: [{ status: 'PASS', messageId: 'encrypted', evidence: { cachingCount: 3, caching: ['GET /pets', 'POST /pets', 'GET /pets/{id}'] } }],
  },
  {
    name: 'cache on, default caching unencrypted fails for every caching method',
    inventory: api({ cacheClusterEnabled: true, methodSettings: { '*/*': { cachingEnabled: true, cacheDataEncrypted: false } } }),
    expect: [{ status: 'FAIL', messageId: 'unencrypted', evidence: { unencrypted: ['GET /pets', 'POST /pets', 'GET /pets/{id}'] } }],
  },
  {
    name: 'cache on with no caching settings: GET methods cache by default, unencrypted',
    inventory: api({ cacheClusterEnabled: true }),
    expect: [{ status: 'FAIL', evidence: { unencrypted: ['GET /pets', 'GET /pets/{id}'], cachingCount: 2 } }],
  },
  {
    name: 'a per-method override caching without encryption fails, though the default encrypts',
    inventory: api({
      cacheClusterEnabled: true,
      methodSettings: {
        '*/*': { cachingEnabled: false, cacheDataEncrypted: true },
        '~1pets/POST': { cachingEnabled: true },
        '~1pets~1{id}/GET': { cachingEnabled: true, cacheDataEncrypted: false },
      },
    }),
    expect: [{ status: 'FAIL', evidence: { unencrypted: ['GET /pets/{id}'], cachingCount: 2 } }],
  },
  {
    name: 'with the cache cluster off nothing is cached, whatever the method settings say',
    inventory: api({ cacheClusterEnabled: false, methodSettings: { 'pets/GET': { cachingEnabled: true } } }),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'cluster-off', evidence: { cacheClusterEnabled: false, dormantUnencrypted: ['GET /pets'] } }],
  },
  {
    name: 'cluster off: an unencrypted caching default is dormant too; a missing cacheClusterEnabled is off',
    inventory: withRestApis(
      restApi({
        resources: failed('GetResources'),
        stages: [
          stage({ cacheClusterEnabled: false, methodSettings: { '*/*': { cachingEnabled: true, cacheDataEncrypted: false } } }),
          stage({ stageName: 'dev', methodSettings: { '*/*': { cachingEnabled: true, cacheDataEncrypted: true } } }),
        ],
      }),
    ),
    expect: [
      { status: 'NOT_APPLICABLE', messageId: 'cluster-off', resource: 'api-a1b2c3d4e5/prod', evidence: { dormantUnencrypted: ['*/*'] } },
      { status: 'NOT_APPLICABLE', messageId: 'cluster-off', resource: 'api-a1b2c3d4e5/dev', evidence: { dormantUnencrypted: [] } },
    ],
  },
  {
    name: 'a TTL of 0 disables caching for the methods it covers',
    inventory: api({
      cacheClusterEnabled: true,
      methodSettings: { '*/*': { cachingEnabled: true, cacheTtlInSeconds: 0 }, '~1pets/POST': { cacheTtlInSeconds: 300 } },
    }),
    expect: [{ status: 'FAIL', messageId: 'unencrypted', evidence: { unencrypted: ['POST /pets'], cachingCount: 1 } }],
  },
  {
    name: 'a TTL of 0 everywhere: nothing is cached',
    inventory: api({ cacheClusterEnabled: true, methodSettings: { '*/*': { cachingEnabled: true, cacheTtlInSeconds: 0 } } }),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'no-cache', evidence: { cachingCount: 0 } }],
  },
  {
    name: 'cache on but caching disabled for every method is not applicable',
    inventory: api({ cacheClusterEnabled: true, methodSettings: { '*/*': { cachingEnabled: false } } }),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'no-cache', evidence: { cachingCount: 0 } }],
  },
  {
    name: 'an API with no methods: the default entry is judged',
    inventory: api({ cacheClusterEnabled: true, methodSettings: { '*/*': { cachingEnabled: true } } }, []),
    expect: [{ status: 'FAIL', evidence: { unencrypted: ['*/*'] } }],
  },
  {
    name: 'GetResources denied is ERROR when caching is on',
    inventory: withRestApis(restApi({ resources: failed('GetResources'), stages: [stage({ cacheClusterEnabled: true })] })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'GetResources denied does not matter when nothing caches',
    inventory: withRestApis(restApi({ resources: failed('GetResources'), stages: [stage({})] })),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'no-cache' }],
  },
  {
    name: 'GetStages denied is ERROR on the API',
    inventory: withRestApis(restApi({ stages: failed('GetStages') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'api-a1b2c3d4e5' }],
  },
]);

import check from '../../../checks/rest/rest-stage-execution-logging.js';
import { failed, inventory, region, resource, restApi, stage, withRestApis } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const petsApi = (methodSettings: Record<string, object> | undefined) =>
  restApi({
    resources: [resource('/', { GET: {} }), resource('/pets', { GET: {}, POST: {} }), resource('/pets/{id}', { DELETE: {} })],
    stages: [stage({ methodSettings })],
  });

testCheck(check, [
  {
    name: 'stage default at ERROR covers every method',
    inventory: withRestApis(petsApi({ '*/*': { loggingLevel: 'ERROR' } })),
    expect: [{ status: 'PASS', messageId: 'logging', resource: 'api-a1b2c3d4e5/prod', evidence: { defaultLevel: 'ERROR', methodCount: 4 } }],
  },
  {
    name: 'no method settings at all: logging is OFF',
    inventory: withRestApis(petsApi(undefined)),
    expect: [
      {
        status: 'FAIL',
        messageId: 'not-logging',
        evidence: { defaultLevel: 'OFF', notLogging: ['GET / (OFF)', 'GET /pets (OFF)', 'POST /pets (OFF)', 'DELETE /pets/{id} (OFF)'] },
      },
    ],
  },
  {
    name: 'a */* entry without loggingLevel is OFF (as AWS reports after setting only dataTrace)',
    inventory: withRestApis(petsApi({ '*/*': { metricsEnabled: false, throttlingRateLimit: 10000, throttlingBurstLimit: 5000 } })),
    expect: [{ status: 'FAIL', evidence: { defaultLevel: 'OFF' } }],
  },
  {
    name: 'a ~1-encoded override turning one method OFF fails that method only',
    inventory: withRestApis(petsApi({ '*/*': { loggingLevel: 'INFO' }, '~1pets~1{id}/DELETE': { loggingLevel: 'OFF' } })),
    expect: [{ status: 'FAIL', evidence: { notLogging: ['DELETE /pets/{id} (OFF)'], notLoggingCount: 1 } }],
  },
  {
    name: 'Terraform-style and root overrides turn logging on for every method although the default is off',
    inventory: withRestApis(
      petsApi({
        '*/*': { loggingLevel: 'OFF' },
        '~1/GET': { loggingLevel: 'ERROR' },
        'pets/GET': { loggingLevel: 'INFO' },
        '/pets/POST': { loggingLevel: 'error' },
        'pets/{id}/DELETE': { loggingLevel: 'INFO' },
      }),
    ),
    expect: [{ status: 'PASS', messageId: 'logging', evidence: { defaultLevel: 'OFF' } }],
  },
  {
    name: 'a key that names no method changes nothing: every method logs at the default, in any case',
    inventory: withRestApis(
      petsApi({ '*/*': { loggingLevel: 'info' }, junk: { loggingLevel: 'OFF' } }),
      restApi({ id: 'nulllevel1', resources: [resource('/pets', { GET: {} })], stages: [stage({ methodSettings: { '*/*': { loggingLevel: null } } as never })] }),
    ),
    expect: [
      { status: 'PASS', messageId: 'logging', evidence: { defaultLevel: 'INFO', methodCount: 4 } },
      { status: 'FAIL', messageId: 'not-logging', evidence: { defaultLevel: 'OFF', notLogging: ['GET /pets (OFF)'] } },
    ],
  },
  {
    name: 'an override without loggingLevel inherits the default',
    inventory: withRestApis(petsApi({ '*/*': { loggingLevel: 'ERROR' }, '~1pets/GET': { metricsEnabled: true } })),
    expect: [{ status: 'PASS' }],
  },
  {
    name: 'an API with no methods: judge the */* default only',
    inventory: withRestApis(
      restApi({ id: 'nomethods1', resources: [resource('/')], stages: [stage({ methodSettings: { '*/*': { loggingLevel: 'INFO' } } })] }),
      restApi({ id: 'nomethods2', resources: [], stages: [stage({})] }),
    ),
    expect: [
      { status: 'PASS', messageId: 'default-logging', resource: 'api-nomethods1/prod' },
      { status: 'FAIL', messageId: 'default-not-logging', resource: 'api-nomethods2/prod', evidence: { defaultLevel: 'OFF' } },
    ],
  },
  {
    name: 'one result per stage',
    inventory: withRestApis(
      restApi({
        stages: [stage({ stageName: 'dev' }), stage({ stageName: 'prod', methodSettings: { '*/*': { loggingLevel: 'ERROR' } } })],
      }),
    ),
    expect: [
      { status: 'FAIL', resource: 'api-a1b2c3d4e5/dev' },
      { status: 'PASS', resource: 'api-a1b2c3d4e5/prod' },
    ],
  },
  {
    name: 'GetResources denied is ERROR on the stage (its methods are unknown)',
    inventory: withRestApis(restApi({ resources: failed('GetResources'), stages: [stage({ methodSettings: { '*/*': { loggingLevel: 'ERROR' } } })] })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'api-a1b2c3d4e5/prod' }],
  },
  {
    name: 'GetStages denied is ERROR on the API',
    inventory: withRestApis(restApi({ stages: failed('GetStages') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'api-a1b2c3d4e5' }],
  },
  {
    name: 'GetRestApis denied is ERROR on the region',
    inventory: inventory({ regions: [region({ restApis: failed('GetRestApis') })] }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: '123456789012/eu-west-1' }],
  },
]);

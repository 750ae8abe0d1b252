import check from '../../../checks/rest/rest-stage-xray-tracing.js';
import { failed, inventory, region, restApi, stage, withRestApis } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

testCheck(check, [
  {
    name: 'tracing enabled passes',
    inventory: withRestApis(restApi({ stages: [stage({ tracingEnabled: true })] })),
    expect: [{ status: 'PASS', messageId: 'enabled', resource: 'api-a1b2c3d4e5/prod' }],
  },
  {
    name: 'tracing absent fails (AWS omits false)',
    inventory: withRestApis(restApi({ stages: [stage({})] })),
    expect: [{ status: 'FAIL', messageId: 'disabled', evidence: { tracingEnabled: false } }],
  },
  {
    name: 'one result per stage',
    inventory: withRestApis(
      restApi({ stages: [stage({ stageName: 'dev' }), stage({ stageName: 'prod', tracingEnabled: true })] }),
    ),
    expect: [
      { status: 'FAIL', resource: 'api-a1b2c3d4e5/dev' },
      { status: 'PASS', resource: 'api-a1b2c3d4e5/prod' },
    ],
  },
  {
    name: 'an API with no stages yields nothing (not a PASS)',
    inventory: withRestApis(restApi({ stages: [] })),
    expect: [],
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

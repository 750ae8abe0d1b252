import check from '../../../checks/rest/rest-stage-data-trace.js';
import { failed, restApi, stage, withRestApis } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const withSettings = (methodSettings?: Record<string, object>) => withRestApis(restApi({ stages: [stage({ methodSettings })] }));

testCheck(check, [
  {
    name: 'no method settings: data trace is off',
    inventory: withSettings(undefined),
    expect: [{ status: 'PASS', messageId: 'off', resource: 'api-a1b2c3d4e5/prod', evidence: { settingsEntries: 0 } }],
  },
  {
    name: 'explicitly off on the default and overrides passes',
    inventory: withSettings({ '*/*': { dataTraceEnabled: false, loggingLevel: 'INFO' }, '~1pets/GET': { dataTraceEnabled: false } }),
    expect: [{ status: 'PASS', evidence: { settingsEntries: 2 } }],
  },
  {
    name: 'on for the whole stage fails; overrides inherit it unless they switch it off',
    inventory: withSettings({
      '*/*': { dataTraceEnabled: true },
      '~1pets/GET': { loggingLevel: 'INFO' },
      '~1pets/POST': { dataTraceEnabled: false },
    }),
    expect: [{ status: 'FAIL', messageId: 'on', evidence: { dataTraceOn: ['*/*', 'GET /pets'] } }],
  },
  {
    name: 'on for one method only (Terraform-style key) fails and names it',
    inventory: withSettings({ '*/*': { dataTraceEnabled: false }, 'pets/{id}/DELETE': { dataTraceEnabled: true } }),
    expect: [{ status: 'FAIL', evidence: { dataTraceOn: ['DELETE /pets/{id}'] } }],
  },
  {
    name: 'GetStages denied is ERROR on the API',
    inventory: withRestApis(restApi({ stages: failed('GetStages') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
]);

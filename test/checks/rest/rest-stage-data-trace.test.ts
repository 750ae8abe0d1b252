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
    name: 'on for the whole stage with logging on fails; overrides inherit it unless they switch it off',
    inventory: withSettings({
      '*/*': { dataTraceEnabled: true, loggingLevel: 'INFO' },
      '~1pets/GET': { metricsEnabled: true },
      '~1pets/POST': { dataTraceEnabled: false },
    }),
    expect: [{ status: 'FAIL', messageId: 'on', evidence: { dataTraceOn: ['*/*', 'GET /pets'] } }],
  },
  {
    name: 'on for one method only (Terraform-style key) fails and names it',
    inventory: withSettings({ '*/*': { dataTraceEnabled: false, loggingLevel: 'ERROR' }, 'pets/{id}/DELETE': { dataTraceEnabled: true } }),
    expect: [{ status: 'FAIL', evidence: { dataTraceOn: ['DELETE /pets/{id}'] } }],
  },
  {
    name: 'data trace with logging OFF writes nothing: a PASS that names the dormant setting',
    inventory: withSettings({ '*/*': { dataTraceEnabled: true, loggingLevel: 'OFF' } }),
    expect: [{ status: 'PASS', messageId: 'dormant', evidence: { dormantDataTrace: ['*/*'] } }],
  },
  {
    name: 'data trace with no logging level set (OFF) writes nothing either',
    inventory: withSettings({ '*/*': { dataTraceEnabled: true } }),
    expect: [{ status: 'PASS', messageId: 'dormant', evidence: { dormantDataTrace: ['*/*'] } }],
  },
  {
    name: 'logging OFF on the stage but INFO on one method: that method logs full bodies',
    inventory: withSettings({ '*/*': { dataTraceEnabled: true, loggingLevel: 'OFF' }, '~1pets/GET': { loggingLevel: 'INFO' } }),
    expect: [{ status: 'FAIL', messageId: 'on', evidence: { dataTraceOn: ['GET /pets'], dormantDataTrace: ['*/*'] } }],
  },
  {
    name: 'a per-resource key (~1pets/*) turning logging on reaches the method that turns data trace on',
    inventory: withSettings({ '*/*': { loggingLevel: 'OFF' }, '~1pets/*': { loggingLevel: 'INFO' }, '~1pets/GET': { dataTraceEnabled: true } }),
    expect: [{ status: 'FAIL', messageId: 'on', evidence: { dataTraceOn: ['GET /pets'] } }],
  },
  {
    name: 'an unknown logging level with data trace on cannot be judged',
    inventory: withSettings({ '*/*': { dataTraceEnabled: true, loggingLevel: 'DEBUG' } }),
    expect: [{ status: 'ERROR', messageId: 'invalid-data' }],
  },
  {
    name: 'GetStages denied is ERROR on the API',
    inventory: withRestApis(restApi({ stages: failed('GetStages') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
]);

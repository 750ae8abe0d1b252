import check from '../../../checks/rest/rest-stage-access-logging.js';
import { failed, restApi, stage, withRestApis } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const LOG_GROUP = 'arn:aws:logs:eu-west-1:123456789012:log-group:api-access';

testCheck(check, [
  {
    name: 'a destination ARN passes',
    inventory: withRestApis(restApi({ stages: [stage({ accessLogSettings: { destinationArn: LOG_GROUP, format: '$context.requestId' } })] })),
    expect: [{ status: 'PASS', messageId: 'enabled', resource: 'api-a1b2c3d4e5/prod', evidence: { destinationArn: LOG_GROUP, formatSet: true } }],
  },
  {
    name: 'no access log settings fails',
    inventory: withRestApis(restApi({ stages: [stage({})] })),
    expect: [{ status: 'FAIL', messageId: 'disabled', evidence: { accessLogSettings: null } }],
  },
  {
    name: 'a format without a destination (or a blank destination) fails',
    inventory: withRestApis(
      restApi({
        stages: [
          stage({ stageName: 'a', accessLogSettings: { format: '$context.requestId' } }),
          stage({ stageName: 'b', accessLogSettings: { destinationArn: '  ' } }),
        ],
      }),
    ),
    expect: [
      { status: 'FAIL', resource: 'api-a1b2c3d4e5/a' },
      { status: 'FAIL', resource: 'api-a1b2c3d4e5/b' },
    ],
  },
  {
    name: 'GetStages denied is ERROR on the API',
    inventory: withRestApis(restApi({ stages: failed('GetStages') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'api-a1b2c3d4e5' }],
  },
]);

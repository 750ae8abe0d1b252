import check from '../../../checks/rest/rest-execution-log-group.js';
import type { Collected, LogGroup, Stage } from '../../../src/inventory/schema.js';
import { failed, inventory, logGroup, region, restApi, stage } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const GROUP = 'API-Gateway-Execution-Logs_a1b2c3d4e5/prod';

function inv(groups: Record<string, LogGroup | Collected<LogGroup>>, stages: Stage[] = [stage({ methodSettings: { '*/*': { loggingLevel: 'ERROR' } } })]) {
  return inventory({ regions: [region({ restApis: [restApi({ stages })], logGroups: groups })] });
}

testCheck(check, [
  {
    name: 'an execution-log group kept a year and encrypted passes',
    inventory: inv({ [GROUP]: logGroup(GROUP) }),
    expect: [{ status: 'PASS', messageId: 'kept', resource: 'api-a1b2c3d4e5/prod', evidence: { logGroup: GROUP } }],
  },
  {
    name: 'the group as API Gateway creates it (no retention, no key) fails on the key only',
    inventory: inv({ [GROUP]: logGroup(GROUP, { retentionInDays: undefined, kmsKeyId: undefined }) }),
    expect: [{ status: 'FAIL', messageId: 'weak-group', evidence: { retention: 'forever (never expires)', problems: ['not encrypted with a KMS key'] } }],
  },
  {
    name: 'a one-day retention fails',
    inventory: inv({ [GROUP]: logGroup(GROUP, { retentionInDays: 1 }) }),
    expect: [{ status: 'FAIL', evidence: { problems: ['events are deleted after 1 days (minimum 365)'] } }],
  },
  {
    name: 'a group not created yet is not applicable; a stage logging only at one method still counts',
    inventory: inv({ [GROUP]: logGroup(GROUP, { exists: false, retentionInDays: undefined, kmsKeyId: undefined }) }, [
      stage({ methodSettings: { '*/*': { loggingLevel: 'OFF' }, 'pets/GET': { loggingLevel: 'INFO' } } }),
    ]),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'not-created' }],
  },
  {
    name: 'stages without execution logging are not applicable',
    inventory: inv({}, [stage({ methodSettings: { '*/*': { loggingLevel: 'OFF' } } }), stage({ stageName: 'dev' })]),
    expect: [
      { status: 'NOT_APPLICABLE', messageId: 'no-execution-logs' },
      { status: 'NOT_APPLICABLE', messageId: 'no-execution-logs' },
    ],
  },
  {
    name: 'DescribeLogGroups denied, or the group not in the snapshot, is ERROR',
    inventory: inv({ [GROUP]: failed('DescribeLogGroups') }, [
      stage({ methodSettings: { '*/*': { loggingLevel: 'ERROR' } } }),
      stage({ stageName: 'live', methodSettings: { '*/*': { loggingLevel: 'ERROR' } } }),
    ]),
    expect: [
      { status: 'ERROR', messageId: 'collection-gap', resource: 'api-a1b2c3d4e5/prod' },
      { status: 'ERROR', messageId: 'collection-gap', resource: 'api-a1b2c3d4e5/live' },
    ],
  },
]);

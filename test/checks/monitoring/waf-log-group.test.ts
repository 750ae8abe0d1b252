import check from '../../../checks/monitoring/waf-log-group.js';
import type { Collected, LogGroup, WebAclLogging } from '../../../src/inventory/schema.js';
import { ACCOUNT, failed, inventory, logGroup, region, restApi, stage } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const ACL = `arn:aws:wafv2:eu-west-1:${ACCOUNT}:regional/webacl/api-acl/11111111-2222-3333-4444-555555555555`;
const GROUP = 'aws-waf-logs-api';
const GROUP_ARN = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:${GROUP}`;
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/logs-key`;

function inv(logging: WebAclLogging | Collected<WebAclLogging>, groups: Record<string, LogGroup | Collected<LogGroup>> = {}) {
  return inventory({
    regions: [region({ restApis: [restApi({ stages: [stage({ webAclArn: ACL })] })], webAclLogging: { [ACL]: logging }, logGroups: groups })],
  });
}
const toGroup = { enabled: true, LogDestinationConfigs: [GROUP_ARN] };

testCheck(check, [
  {
    name: 'a WAF log group kept a year and encrypted passes',
    inventory: inv(toGroup, { [GROUP]: logGroup(GROUP) }),
    expect: [{ status: 'PASS', messageId: 'kept', resource: 'api-acl', evidence: { logGroup: GROUP, retentionInDays: 365, kmsKeyId: KEY } }],
  },
  {
    name: 'a short retention and no KMS key fail, as for access-log groups',
    inventory: inv(toGroup, { [GROUP]: logGroup(GROUP, { retentionInDays: 14, kmsKeyId: undefined }) }),
    expect: [{ status: 'FAIL', messageId: 'weak-group', evidence: { problems: ['events are deleted after 14 days (minimum 365)', 'not encrypted with a KMS key'] } }],
  },
  {
    name: 'a group that never expires passes the retention test',
    inventory: inv(toGroup, { [GROUP]: logGroup(GROUP, { retentionInDays: undefined }) }),
    expect: [{ status: 'PASS', evidence: { retention: 'forever (never expires)' } }],
  },
  {
    name: 'a deleted destination group fails: nothing is logged',
    inventory: inv(toGroup, { [GROUP]: logGroup(GROUP, { exists: false, retentionInDays: undefined, kmsKeyId: undefined }) }),
    expect: [{ status: 'FAIL', messageId: 'missing-group' }],
  },
  {
    name: 'no logging, or logging to S3, is not applicable',
    inventory: inventory({
      regions: [
        region({ restApis: [restApi({ stages: [stage({ webAclArn: ACL })] })], webAclLogging: { [ACL]: { enabled: false } } }),
        region({
          region: 'us-east-1',
          restApis: [restApi({ stages: [stage({ webAclArn: ACL.replace('eu-west-1', 'us-east-1') })] })],
          webAclLogging: { [ACL.replace('eu-west-1', 'us-east-1')]: { enabled: true, LogDestinationConfigs: ['arn:aws:s3:::aws-waf-logs-api'] } },
        }),
      ],
    }),
    expect: [
      { status: 'NOT_APPLICABLE', messageId: 'no-logging' },
      { status: 'NOT_APPLICABLE', messageId: 'not-cloudwatch' },
    ],
  },
  {
    name: 'the group not described, or the logging configuration not read, is ERROR',
    inventory: inventory({
      regions: [
        region({ restApis: [restApi({ stages: [stage({ webAclArn: ACL })] })], webAclLogging: { [ACL]: toGroup }, logGroups: { [GROUP]: failed('DescribeLogGroups') } }),
        region({ region: 'us-east-1', restApis: [restApi({ stages: [stage({ webAclArn: ACL.replace('eu-west-1', 'us-east-1') })] })] }),
      ],
    }),
    expect: [
      { status: 'ERROR', messageId: 'collection-gap' },
      { status: 'ERROR', messageId: 'collection-gap' },
    ],
  },
]);

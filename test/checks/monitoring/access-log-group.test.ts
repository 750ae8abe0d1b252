import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import check from '../../../checks/monitoring/access-log-group.js';
import { runChecks } from '../../../src/engine/runner.js';
import type { Stage } from '../../../src/inventory/schema.js';
import { ACCOUNT, failed, inventory, logGroup, region, restApi, stage, v2Api, v2Stage, type RegionInput } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const GROUP = '/aws/apigateway/a1b2c3d4e5/prod';
const groupArn = (name: string) => `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:${name}`;
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/logs-key`;

function logged(destinationArn: string, overrides: Partial<Stage> = {}): Stage {
  return stage({ accessLogSettings: { destinationArn, format: '$context.requestId' }, ...overrides });
}

function inv(logGroups: RegionInput['logGroups'], stages: Stage[] = [logged(groupArn(GROUP))], extra: Omit<RegionInput, 'logGroups' | 'restApis'> = {}) {
  return inventory({ regions: [region({ restApis: [restApi({ stages })], logGroups, ...extra })] });
}

testCheck(check, [
  {
    name: 'a group kept 365 days and encrypted with KMS passes',
    inventory: inv({ [GROUP]: logGroup(GROUP) }),
    expect: [
      {
        status: 'PASS',
        messageId: 'kept',
        resource: 'api-a1b2c3d4e5/prod',
        evidence: { logGroup: GROUP, retentionInDays: 365, retention: '365 days', kmsKeyId: KEY },
      },
    ],
  },
  {
    name: 'a group that never expires passes the retention test (as the AWS Config rule does); the :* ARN form is read too',
    inventory: inv({ [GROUP]: logGroup(GROUP, { retentionInDays: undefined }) }, [logged(`${groupArn(GROUP)}:*`)]),
    expect: [{ status: 'PASS', evidence: { retentionInDays: null, retention: 'forever (never expires)' } }],
  },
  {
    name: 'a missing group fails: the stage logs nothing',
    inventory: inv({ [GROUP]: logGroup(GROUP, { exists: false, retentionInDays: undefined, kmsKeyId: undefined }) }),
    expect: [{ status: 'FAIL', messageId: 'missing-group', evidence: { logGroup: GROUP } }],
  },
  {
    name: 'a short retention fails',
    inventory: inv({ [GROUP]: logGroup(GROUP, { retentionInDays: 30 }) }),
    expect: [{ status: 'FAIL', messageId: 'weak-group', evidence: { problems: ['events are deleted after 30 days (minimum 365)'] } }],
  },
  {
    name: 'no KMS key fails; both problems are listed',
    inventory: inv({ [GROUP]: logGroup(GROUP, { retentionInDays: 7, kmsKeyId: undefined }) }),
    expect: [
      {
        status: 'FAIL',
        messageId: 'weak-group',
        evidence: { kmsKeyId: null, problems: ['events are deleted after 7 days (minimum 365)', 'not encrypted with a KMS key'] },
      },
    ],
  },
  {
    name: 'HTTP and WebSocket stages are judged too',
    inventory: inventory({
      regions: [
        region({
          v2Apis: [v2Api({ stages: [v2Stage({ AccessLogSettings: { DestinationArn: groupArn('/http/default') } })] })],
          logGroups: { '/http/default': logGroup('/http/default', { kmsKeyId: undefined }) },
        }),
      ],
    }),
    expect: [{ status: 'FAIL', resource: 'http-h1t2p3a4p5/$default', evidence: { problems: ['not encrypted with a KMS key'] } }],
  },
  {
    name: 'stages without access logs or logging to Firehose are not applicable',
    inventory: inv({}, [
      stage({ stageName: 'dev' }),
      logged(`arn:aws:firehose:eu-west-1:${ACCOUNT}:deliverystream/amazon-apigateway-logs`, { stageName: 'fh' }),
    ]),
    expect: [
      { status: 'NOT_APPLICABLE', messageId: 'no-access-logs', resource: 'api-a1b2c3d4e5/dev' },
      { status: 'NOT_APPLICABLE', messageId: 'not-cloudwatch', resource: 'api-a1b2c3d4e5/fh' },
    ],
  },
  {
    name: 'DescribeLogGroups denied, or the group not in the snapshot, is ERROR',
    inventory: inv({ [GROUP]: failed('DescribeLogGroups') }, [logged(groupArn(GROUP)), logged(groupArn('/other'), { stageName: 'live' })]),
    expect: [
      { status: 'ERROR', messageId: 'collection-gap', resource: 'api-a1b2c3d4e5/prod' },
      { status: 'ERROR', messageId: 'collection-gap', resource: 'api-a1b2c3d4e5/live' },
    ],
  },
  {
    name: 'stages not collected are ERROR',
    inventory: inventory({ regions: [region({ restApis: [restApi({ stages: failed('GetStages') })] })] }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'api-a1b2c3d4e5' }],
  },
]);

describe('check access-log-group options', () => {
  const month = inv({ [GROUP]: logGroup(GROUP, { retentionInDays: 30 }) });

  it('minRetentionDays moves the threshold', () => {
    const [result] = runChecks([check], month, { checkOptions: { 'access-log-group': { minRetentionDays: 30 } } });
    assert.equal(result!.status, 'PASS');
    assert.equal(result!.evidence.minRetentionDays, 30);
  });

  it('rejects a zero minRetentionDays', () => {
    assert.throws(() => runChecks([check], month, { checkOptions: { 'access-log-group': { minRetentionDays: 0 } } }));
  });
});

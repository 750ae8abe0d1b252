import check from '../../../checks/monitoring/waf-web-acl-logging.js';
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Collected, WebAclLogging } from '../../../src/inventory/schema.js';
import { ACCOUNT, failed, inventory, region, restApi, stage } from '../../fixtures/builders.js';
import { evaluate, testCheck } from '../tester.js';

const ACL = `arn:aws:wafv2:eu-west-1:${ACCOUNT}:regional/webacl/api-acl/11111111-2222-3333-4444-555555555555`;
const GROUP_ARN = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:aws-waf-logs-api`;

function inv(logging: WebAclLogging | Collected<WebAclLogging> | undefined, stages = [stage({ webAclArn: ACL }), stage({ stageName: 'dev', webAclArn: ACL })]) {
  return inventory({
    regions: [region({ restApis: [restApi({ stages })], ...(logging === undefined ? {} : { webAclLogging: { [ACL]: logging } }) })],
  });
}

testCheck(check, [
  {
    name: 'a web ACL with a logging configuration passes, once for every stage it protects, naming the destination',
    inventory: inv({ enabled: true, LogDestinationConfigs: [GROUP_ARN], LoggingFilter: { DefaultBehavior: 'KEEP' } }),
    expect: [
      {
        status: 'PASS',
        messageId: 'logging',
        resource: 'api-acl',
        evidence: { destination: GROUP_ARN, destinationKind: 'cloudwatch-logs', filterDefaultBehavior: 'KEEP', stages: ['api-a1b2c3d4e5/prod', 'api-a1b2c3d4e5/dev'] },
      },
    ],
  },
  {
    name: 'S3 and Firehose destinations are logging too',
    inventory: inv({ enabled: true, LogDestinationConfigs: ['arn:aws:s3:::aws-waf-logs-api'] }),
    expect: [{ status: 'PASS', evidence: { destinationKind: 's3' } }],
  },
  {
    name: 'WAFNonexistentItemException (no logging configuration) fails',
    inventory: inv({ enabled: false }),
    expect: [{ status: 'FAIL', messageId: 'not-logging', resource: 'api-acl' }],
  },
  {
    name: 'a configuration without a destination cannot be judged',
    inventory: inv({ enabled: true, LogDestinationConfigs: [] }),
    expect: [{ status: 'ERROR', messageId: 'invalid-data' }],
  },
  {
    name: 'GetLoggingConfiguration denied is ERROR, as is a snapshot that predates it',
    inventory: inventory({
      regions: [
        region({ restApis: [restApi({ stages: [stage({ webAclArn: ACL })] })], webAclLogging: { [ACL]: failed('GetLoggingConfiguration') } }),
        region({ region: 'us-east-1', restApis: [restApi({ stages: [stage({ webAclArn: ACL.replace('eu-west-1', 'us-east-1') })] })] }),
      ],
    }),
    expect: [
      { status: 'ERROR', messageId: 'collection-gap', resource: 'api-acl' },
      { status: 'ERROR', messageId: 'collection-gap', resource: 'api-acl' },
    ],
  },
  {
    name: 'stages that could not be read are ERROR: the web ACLs they name are unknown',
    inventory: inventory({ regions: [region({ restApis: [restApi({ stages: failed('GetStages') })] })] }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'api-a1b2c3d4e5' }],
  },
]);

it('one result per web ACL, counting towards every API whose stages it protects', () => {
  const apis = [restApi({ stages: [stage({ webAclArn: ACL })] }), restApi({ id: 'b2c3d4e5f6', name: 'api-b', stages: [stage({ webAclArn: ACL })] })];
  const results = evaluate(check, inventory({ regions: [region({ restApis: apis, webAclLogging: { [ACL]: { enabled: false } } })] }));
  assert.equal(results.length, 1);
  assert.equal(results[0]!.resource.type, 'web-acl');
  assert.deepEqual(results[0]!.resource.linkedApiArns, [apis[0]!.arn, apis[1]!.arn].sort());
});

/**
 * The web ACLs' logging configurations (GetLoggingConfiguration), the WAF log groups they name,
 * and the web ACL of each trusted user pool (GetWebACLForResource).
 */
import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import { GetAuthorizersCommand, GetResourcesCommand, GetRestApisCommand, GetStagesCommand } from '@aws-sdk/client-api-gateway';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import {
  GetLoggingConfigurationCommand,
  GetWebACLCommand,
  GetWebACLForResourceCommand,
  WAFNonexistentItemException,
  WAFV2ServiceException,
} from '@aws-sdk/client-wafv2';
import { runChecks } from '../../src/engine/runner.js';
import wafWebAclLogging from '../../checks/monitoring/waf-web-acl-logging.js';
import cognitoUserPoolWaf from '../../checks/identity/cognito-user-pool-waf.js';
import { ACCOUNT_ID, apigateway, cognito, collect, logs, regionOf, resetAws, restoreAws, value, wafv2 } from './mock-aws.js';

const ACL_ARN = `arn:aws:wafv2:eu-west-1:${ACCOUNT_ID}:regional/webacl/api-acl/0f1e2d3c`;
const WAF_GROUP = 'aws-waf-logs-api';
const WAF_GROUP_ARN = `arn:aws:logs:eu-west-1:${ACCOUNT_ID}:log-group:${WAF_GROUP}`;
const POOL_ARN = `arn:aws:cognito-idp:eu-west-1:${ACCOUNT_ID}:userpool/eu-west-1_Pool1`;
const OTHER_POOL_ARN = 'arn:aws:cognito-idp:eu-west-1:210987654321:userpool/eu-west-1_Other';

const wafDenied = (action: string) =>
  new WAFV2ServiceException({
    name: 'AccessDeniedException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message: `User is not authorized to perform: ${action}`,
  });
const wafThrottled = () => new WAFV2ServiceException({ name: 'ThrottlingException', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'Rate exceeded' });

function stagesWithAcl(): void {
  apigateway.on(GetRestApisCommand).resolves({ items: [{ id: 'a1', name: 'orders' }] });
  apigateway.on(GetStagesCommand).resolves({ item: [{ stageName: 'prod', webAclArn: ACL_ARN }, { stageName: 'dev', webAclArn: ACL_ARN }] });
  wafv2.on(GetWebACLCommand).resolves({ WebACL: { ARN: ACL_ARN, Name: 'api-acl', Id: '0f1e2d3c', DefaultAction: { Block: {} }, VisibilityConfig: { CloudWatchMetricsEnabled: true, MetricName: 'm', SampledRequestsEnabled: true } } });
}

function poolAuthorizers(): void {
  apigateway.on(GetRestApisCommand).resolves({ items: [{ id: 'a1', name: 'orders' }] });
  apigateway.on(GetResourcesCommand).resolves({
    items: [{ id: 'r1', path: '/', resourceMethods: { GET: { httpMethod: 'GET', authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'z1' } } }],
  });
  apigateway.on(GetAuthorizersCommand).resolves({
    items: [{ id: 'z1', name: 'customers', type: 'COGNITO_USER_POOLS', providerARNs: [POOL_ARN, OTHER_POOL_ARN] }],
  });
  cognito.on(DescribeUserPoolCommand).resolves({ UserPool: { Id: 'eu-west-1_Pool1', Arn: POOL_ARN, Name: 'customers' } });
}

describe('web ACL logging', () => {
  beforeEach(resetAws);
  after(restoreAws);

  it('reads the logging configuration once per web ACL and describes its log group with the others', async () => {
    stagesWithAcl();
    wafv2.on(GetLoggingConfigurationCommand).resolves({
      LoggingConfiguration: { ResourceArn: ACL_ARN, LogDestinationConfigs: [WAF_GROUP_ARN], LoggingFilter: { DefaultBehavior: 'KEEP', Filters: [] } },
    });
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: WAF_GROUP, retentionInDays: 30 }] });
    const result = await collect();

    assert.deepEqual(wafv2.commandCalls(GetLoggingConfigurationCommand).map((call) => call.args[0].input), [{ ResourceArn: ACL_ARN }]);
    assert.deepEqual(value(regionOf(result).webAclLogging?.[ACL_ARN]), {
      enabled: true,
      LogDestinationConfigs: [WAF_GROUP_ARN],
      LoggingFilter: { DefaultBehavior: 'KEEP', Filters: [] },
    });
    const asked = logs.commandCalls(DescribeLogGroupsCommand).flatMap((call) => call.args[0].input.logGroupIdentifiers ?? []);
    assert.deepEqual(asked, [WAF_GROUP]);
    assert.deepEqual(value(regionOf(result).logGroups[WAF_GROUP]), { logGroupName: WAF_GROUP, exists: true, retentionInDays: 30 });
  });

  it('takes WAFNonexistentItemException as "no logging", an answer and not a collection error', async () => {
    stagesWithAcl();
    wafv2.on(GetLoggingConfigurationCommand).rejects(new WAFNonexistentItemException({ message: 'not found', $metadata: { httpStatusCode: 400 } }));
    const result = await collect();

    assert.deepEqual(value(regionOf(result).webAclLogging?.[ACL_ARN]), { enabled: false });
    assert.deepEqual(result.inventory.errors.filter((e) => e.service === 'wafv2'), []);
    const [finding] = runChecks([wafWebAclLogging], result.inventory);
    assert.equal(finding?.status, 'FAIL');
  });

  it('a denied call is a collection error, and the logging check reports ERROR, not PASS', async () => {
    stagesWithAcl();
    wafv2.on(GetLoggingConfigurationCommand).rejects(wafDenied('wafv2:GetLoggingConfiguration'));
    const result = await collect();

    const slot = regionOf(result).webAclLogging?.[ACL_ARN];
    assert.equal(slot && !slot.ok && slot.error.code, 'AccessDeniedException');
    assert.deepEqual(result.inventory.errors.filter((e) => e.service === 'wafv2').map((e) => e.operation), ['GetLoggingConfiguration']);
    const [finding] = runChecks([wafWebAclLogging], result.inventory);
    assert.equal(finding?.status, 'ERROR');
  });

  it('retries a throttled call through callAws', async () => {
    stagesWithAcl();
    wafv2.on(GetLoggingConfigurationCommand).rejectsOnce(wafThrottled()).resolves({ LoggingConfiguration: { ResourceArn: ACL_ARN, LogDestinationConfigs: ['arn:aws:s3:::aws-waf-logs-api'] } });
    const result = await collect();

    assert.equal(wafv2.commandCalls(GetLoggingConfigurationCommand).length, 2);
    assert.equal(value(regionOf(result).webAclLogging?.[ACL_ARN]).enabled, true);
    assert.equal(result.stats.of('wafv2', 'GetLoggingConfiguration').throttled, 1);
  });
});

describe('user pool web ACLs', () => {
  beforeEach(resetAws);
  after(restoreAws);

  it('asks GetWebACLForResource for each pool of the scanned account, in its region, and none of another account', async () => {
    poolAuthorizers();
    wafv2.on(GetWebACLForResourceCommand).resolves({ WebACL: { ARN: ACL_ARN, Name: 'pool-acl', Id: '1', DefaultAction: { Block: {} }, VisibilityConfig: { CloudWatchMetricsEnabled: true, MetricName: 'm', SampledRequestsEnabled: true } } });
    const result = await collect();

    assert.deepEqual(wafv2.commandCalls(GetWebACLForResourceCommand).map((call) => call.args[0].input), [{ ResourceArn: POOL_ARN }]);
    assert.deepEqual(value(result.inventory.shared.userPoolWebAcls?.[POOL_ARN]), { associated: true, WebACLArn: ACL_ARN, Name: 'pool-acl' });
    assert.equal(result.inventory.shared.userPoolWebAcls?.[OTHER_POOL_ARN], undefined);
  });

  it('an answer without WebACL is a pool without a web ACL, which the check fails', async () => {
    poolAuthorizers();
    const result = await collect();

    assert.deepEqual(value(result.inventory.shared.userPoolWebAcls?.[POOL_ARN]), { associated: false });
    const findings = runChecks([cognitoUserPoolWaf], result.inventory).filter((r) => r.resource.arn === POOL_ARN);
    assert.deepEqual(findings.map((r) => r.status), ['FAIL']);
  });

  it('a denied call is a collection error and the check reports ERROR', async () => {
    poolAuthorizers();
    wafv2.on(GetWebACLForResourceCommand).rejects(wafDenied('wafv2:GetWebACLForResource'));
    const result = await collect();

    const slot = result.inventory.shared.userPoolWebAcls?.[POOL_ARN];
    assert.equal(slot && !slot.ok && slot.error.code, 'AccessDeniedException');
    const findings = runChecks([cognitoUserPoolWaf], result.inventory).filter((r) => r.resource.arn === POOL_ARN);
    assert.deepEqual(findings.map((r) => r.status), ['ERROR']);
  });
});

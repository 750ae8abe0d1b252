/**
 * The log groups the stages write to are read as soon as every API's stages are (and the logging
 * of the web ACLs they name), while the APIs' other reads still run; the KMS keys those groups
 * name are read then too, not after the last region. The snapshot is the one reading them at the
 * end gave: every group in one call, nothing read before the last stage is in.
 */
import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import { GetResourcesCommand, GetRestApisCommand, GetStagesCommand } from '@aws-sdk/client-api-gateway';
import { GetApisCommand, GetStagesCommand as GetV2StagesCommand } from '@aws-sdk/client-apigatewayv2';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeKeyCommand, GetKeyRotationStatusCommand } from '@aws-sdk/client-kms';
import { GetLoggingConfigurationCommand, GetWebACLCommand } from '@aws-sdk/client-wafv2';
import { ACCOUNT_ID, REGION, apigateway, apigatewayv2, collect, kms, logs, regionOf, resetAws, restoreAws, wafv2 } from './mock-aws.js';

const ACL_ARN = `arn:aws:wafv2:${REGION}:${ACCOUNT_ID}:regional/webacl/api-acl/0f1e2d3c`;
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const group = (name: string) => `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:${name}`;
const GROUPS = ['API-Gateway-Execution-Logs_a1/prod', 'access-a1', 'access-h1', 'aws-waf-logs-api'];

/**
 * REST API a1 logs access and execution; b2's stage sits behind a web ACL that logs to a group;
 * HTTP API h1 logs access. `holdUntil` answers b2's `GetResources` only once the named calls have
 * been asked (or after 2 s: the old order, log groups after every API). `v2StagesAfterMs`
 * delays h1's stages.
 */
function account(order: string[], holdUntil: readonly string[], v2StagesAfterMs = 0): void {
  let released: () => void = () => {};
  const release = new Promise<void>((resolve) => (released = resolve));
  const asked = (call: string) => {
    order.push(call);
    if (holdUntil.every((c) => order.includes(c))) released();
  };
  apigateway.on(GetRestApisCommand).resolves({ items: [{ id: 'a1', name: 'orders' }, { id: 'b2', name: 'admin' }] });
  apigateway.on(GetResourcesCommand).resolves({ items: [{ id: 'r', path: '/' }] });
  apigateway.on(GetResourcesCommand, { restApiId: 'b2' }).callsFake(async () => {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([release, new Promise((resolve) => (timer = setTimeout(resolve, 2_000)))]);
    clearTimeout(timer);
    order.push('b2 GetResources answered');
    return { items: [{ id: 'r', path: '/' }] };
  });
  apigateway.on(GetStagesCommand, { restApiId: 'a1' }).resolves({
    item: [{ stageName: 'prod', accessLogSettings: { destinationArn: group('access-a1') }, methodSettings: { '*/*': { loggingLevel: 'INFO' } } }],
  });
  apigateway.on(GetStagesCommand, { restApiId: 'b2' }).resolves({ item: [{ stageName: 'prod', webAclArn: ACL_ARN }] });
  wafv2.on(GetWebACLCommand).resolves({ WebACL: { Name: 'api-acl', Id: '0f1e2d3c', ARN: ACL_ARN, DefaultAction: { Allow: {} }, Rules: [], VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: 'api-acl' } } });
  wafv2.on(GetLoggingConfigurationCommand).resolves({ LoggingConfiguration: { ResourceArn: ACL_ARN, LogDestinationConfigs: [group('aws-waf-logs-api')] } });
  apigatewayv2.on(GetApisCommand).resolves({ Items: [{ ApiId: 'h1', Name: 'web', ProtocolType: 'HTTP', RouteSelectionExpression: '${request.method} ${request.path}' }] });
  apigatewayv2.on(GetV2StagesCommand, { ApiId: 'h1' }).callsFake(async () => {
    if (v2StagesAfterMs > 0) await new Promise((resolve) => setTimeout(resolve, v2StagesAfterMs));
    order.push('h1 GetStages answered');
    return { Items: [{ StageName: '$default', AutoDeploy: true, AccessLogSettings: { DestinationArn: group('access-h1') } }] };
  });
  logs.on(DescribeLogGroupsCommand).callsFake((input: { logGroupIdentifiers?: string[] }) => {
    asked('DescribeLogGroups');
    return {
      logGroups: (input.logGroupIdentifiers ?? []).map((name) => ({
        logGroupName: name,
        arn: group(name),
        retentionInDays: 30,
        ...(name === 'access-a1' ? { kmsKeyId: KEY_ARN } : {}),
      })),
    };
  });
  kms.on(DescribeKeyCommand).callsFake(() => {
    asked('DescribeKey');
    return { KeyMetadata: { KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab', Arn: KEY_ARN, KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', Origin: 'AWS_KMS' } };
  });
  kms.on(GetKeyRotationStatusCommand).callsFake(() => {
    asked('GetKeyRotationStatus');
    return { KeyRotationEnabled: true };
  });
}

describe('log groups and their KMS keys are read once every stage is', () => {
  beforeEach(resetAws);
  after(restoreAws);

  it('reads them before the last API is read in full, in one call naming every group', async () => {
    const order: string[] = [];
    account(order, ['DescribeLogGroups', 'DescribeKey', 'GetKeyRotationStatus']);
    const result = await collect();

    const answered = order.indexOf('b2 GetResources answered');
    for (const call of ['DescribeLogGroups', 'DescribeKey', 'GetKeyRotationStatus']) {
      assert.ok(order.indexOf(call) >= 0 && order.indexOf(call) < answered, `${call} before b2 is read in full: ${order.join(', ')}`);
    }
    assert.deepEqual(
      logs.commandCalls(DescribeLogGroupsCommand).map((call) => call.args[0].input.logGroupIdentifiers),
      [GROUPS],
    );
    const region = regionOf(result);
    assert.deepEqual(Object.keys(region.logGroups), GROUPS);
    for (const name of GROUPS) assert.deepEqual(region.logGroups[name], { ok: true, value: { logGroupName: name, exists: true, arn: group(name), retentionInDays: 30, ...(name === 'access-a1' ? { kmsKeyId: KEY_ARN } : {}) } });
    assert.deepEqual(result.inventory.shared.kmsKeys, {
      [KEY_ARN]: {
        ok: true,
        value: { KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab', Arn: KEY_ARN, KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', Origin: 'AWS_KMS', rotation: { ok: true, value: { KeyRotationEnabled: true } } },
      },
    });
    assert.equal(kms.commandCalls(DescribeKeyCommand).length, 1);
    assert.deepEqual(result.inventory.errors, []);
  });

  it('waits for the last stage, whichever family it belongs to', async () => {
    const order: string[] = [];
    account(order, ['DescribeLogGroups'], 150);
    const result = await collect();

    assert.ok(order.indexOf('h1 GetStages answered') < order.indexOf('DescribeLogGroups'), order.join(', '));
    assert.deepEqual(
      logs.commandCalls(DescribeLogGroupsCommand).map((call) => call.args[0].input.logGroupIdentifiers),
      [GROUPS],
    );
    assert.deepEqual(Object.keys(regionOf(result).logGroups), GROUPS);
  });
});

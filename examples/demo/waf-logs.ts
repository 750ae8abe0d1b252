/**
 * WAF logging and metrics, the user pools' web ACLs, and what the access logs write, so the
 * WAF and log checks each show a PASS and a FAIL:
 *
 *   eu-west-1  web ACL api-protection: metrics on for itself and every rule; logs to the log
 *              group aws-waf-logs-api-protection, kept 30 days without a KMS key
 *              web ACL legacy-count-only (inventory-sync, rest-extra.ts, where its one rule has
 *              its CloudWatch metrics off): no logging configuration
 *              inventory-sync/prod writes $context.identity.apiKey into its access logs (the
 *              stage serves API-key clients)
 *              orders-api/prod's execution-log group was given 400 days and the logs key; the
 *              other execution-log groups are as API Gateway created them (no retention, no key)
 *   us-east-1  web ACL edge-apis: logs to the log group aws-waf-logs-edge-apis, kept a year
 *              under the us-east-1 logs key (GetWebACL itself is denied)
 *              webhooks-ingest/dev logs only the request id and status
 *   shared     user pools customers, partners and kiosks sit behind the web ACL
 *              cognito-protection; mobile-users has none
 *
 * The other REST execution-log groups are the generator's. `addWafAndLogs` sets whole values, so
 * applying it twice changes nothing.
 */
import type { Inventory, LogGroup, RegionInventory, Stage, VisibilityConfig, WebAcl } from '../../src/inventory/schema.js';
import { ACCOUNT, ok } from '../../test/fixtures/builders.js';
import { WEAK_WEB_ACL_ARN } from './rest-extra.js';

const EU = 'eu-west-1';
const US = 'us-east-1';
const WAF_EU = `arn:aws:wafv2:${EU}:${ACCOUNT}:regional/webacl/api-protection/0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6`;
const WAF_US = `arn:aws:wafv2:${US}:${ACCOUNT}:regional/webacl/edge-apis/9a8b7c6d-5e4f-3a2b-1c0d-e9f8a7b6c5d4`;
const WAF_LOG_GROUP = 'aws-waf-logs-api-protection';
const WAF_LOG_GROUP_US = 'aws-waf-logs-edge-apis';
/** The key of the us-east-1 access-log groups (monitoring.ts). */
const KEY_US_LOGS = `arn:aws:kms:${US}:${ACCOUNT}:key/5f4e3d2c-1b0a-4987-b6c5-d4e3f2a1b0c9`;
/** The key of the eu-west-1 access-log groups (monitoring.ts). */
const KEY_EU_LOGS = `arn:aws:kms:${EU}:${ACCOUNT}:key/6b1f0c2e-3d4a-4e5b-8c9d-0a1b2c3d4e5f`;
const POOL_WEB_ACL = `arn:aws:wafv2:${EU}:${ACCOUNT}:regional/webacl/cognito-protection/6e5d4c3b-2a19-4807-b6f5-e4d3c2b1a098`;

const metrics = (name: string): VisibilityConfig => ({ SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: name });

function regionOf(demo: Inventory, name: string): RegionInventory {
  const region = demo.regions.find((r) => r.region === name);
  if (!region) throw new Error(`the demo has no region ${name}`);
  return region;
}

function restStage(region: RegionInventory, apiId: string, stageName: string): Stage {
  const apis = region.apigateway.restApis;
  const api = apis.ok ? apis.value.find((a) => a.id === apiId) : undefined;
  const stage = api?.stages.ok ? api.stages.value.find((s) => s.stageName === stageName) : undefined;
  if (!stage) throw new Error(`the demo has no stage ${apiId}/${stageName} in ${region.region}`);
  return stage;
}

function withMetrics(region: RegionInventory, arn: string, set: (acl: WebAcl) => void): void {
  const slot = region.webAcls[arn];
  if (!slot?.ok) throw new Error(`the demo web ACL ${arn} is not readable`);
  set(slot.value);
}

export function addWafAndLogs(demo: Inventory): void {
  const eu = regionOf(demo, EU);
  const us = regionOf(demo, US);

  withMetrics(eu, WAF_EU, (acl) => {
    acl.VisibilityConfig = metrics('api-protection');
    for (const rule of acl.Rules ?? []) rule.VisibilityConfig = metrics(rule.Name ?? 'rule');
  });

  eu.webAclLogging = {
    [WAF_EU]: ok({ enabled: true, LogDestinationConfigs: [`arn:aws:logs:${EU}:${ACCOUNT}:log-group:${WAF_LOG_GROUP}`], RedactedFields: [{ SingleHeader: { Name: 'authorization' } }] }),
    [WEAK_WEB_ACL_ARN]: ok({ enabled: false }),
  };
  us.webAclLogging = {
    [WAF_US]: ok({ enabled: true, LogDestinationConfigs: [`arn:aws:logs:${US}:${ACCOUNT}:log-group:${WAF_LOG_GROUP_US}`] }),
  };
  us.logGroups[WAF_LOG_GROUP_US] = ok({
    logGroupName: WAF_LOG_GROUP_US,
    exists: true,
    arn: `arn:aws:logs:${US}:${ACCOUNT}:log-group:${WAF_LOG_GROUP_US}:*`,
    retentionInDays: 365,
    kmsKeyId: KEY_US_LOGS,
    creationTime: 1735732800000,
  });
  const wafGroup: LogGroup = {
    logGroupName: WAF_LOG_GROUP,
    exists: true,
    arn: `arn:aws:logs:${EU}:${ACCOUNT}:log-group:${WAF_LOG_GROUP}:*`,
    retentionInDays: 30,
    creationTime: 1735732800000,
  };
  eu.logGroups[WAF_LOG_GROUP] = ok(wafGroup);
  const ordersExecution = 'API-Gateway-Execution-Logs_k3x9ord01a/prod';
  eu.logGroups[ordersExecution] = ok({
    logGroupName: ordersExecution,
    exists: true,
    arn: `arn:aws:logs:${EU}:${ACCOUNT}:log-group:${ordersExecution}:*`,
    retentionInDays: 400,
    kmsKeyId: KEY_EU_LOGS,
    creationTime: 1740823200000,
  });

  const sync = restStage(eu, 'i5n6sync04', 'prod');
  sync.accessLogSettings = {
    destinationArn: sync.accessLogSettings?.destinationArn ?? `arn:aws:logs:${EU}:${ACCOUNT}:log-group:/aws/apigateway/i5n6sync04/prod`,
    format:
      '{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","caller":"$context.identity.caller","apiKey":"$context.identity.apiKey","status":"$context.status"}',
  };
  const webhooksDev = restStage(us, 'w3bh00k08h', 'dev');
  webhooksDev.accessLogSettings = {
    destinationArn: webhooksDev.accessLogSettings?.destinationArn ?? `arn:aws:logs:${US}:${ACCOUNT}:log-group:/aws/apigateway/w3bh00k08h/dev`,
    format: '$context.requestId $context.status',
  };

  const shared = demo.shared;
  const pools = Object.entries(shared.userPools).flatMap(([arn, slot]) => (slot.ok ? [[arn, slot.value.Name] as const] : []));
  shared.userPoolWebAcls = Object.fromEntries(
    pools.map(([arn, name]) => [
      arn,
      ok(name === 'mobile-users' ? { associated: false } : { associated: true, WebACLArn: POOL_WEB_ACL, Name: 'cognito-protection' }),
    ]),
  );
}

/**
 * Collecting for a selection of checks: only the parts they read (and what finds them) are
 * collected; every other slot is `NotSelected`, exactly as `withoutParts` leaves it, and made
 * without a call.
 */
import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import { DescribeCertificateCommand } from '@aws-sdk/client-acm';
import {
  GetAuthorizersCommand,
  GetBasePathMappingsCommand,
  GetDomainNamesCommand,
  GetExportCommand,
  GetResourcesCommand,
  GetRestApisCommand,
  GetStagesCommand,
} from '@aws-sdk/client-api-gateway';
import {
  ExportApiCommand,
  GetApiMappingsCommand,
  GetApisCommand,
  GetAuthorizersCommand as GetV2AuthorizersCommand,
  GetDomainNamesCommand as GetV2DomainNamesCommand,
  GetRoutesCommand,
  GetStagesCommand as GetV2StagesCommand,
} from '@aws-sdk/client-apigatewayv2';
import { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeUserPoolCommand, GetUserPoolMfaConfigCommand, ListUserPoolClientsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GetAccountAuthorizationDetailsCommand } from '@aws-sdk/client-iam';
import { DescribeKeyCommand, GetKeyRotationStatusCommand } from '@aws-sdk/client-kms';
import { GetWebACLCommand } from '@aws-sdk/client-wafv2';
import { allChecks } from '../../checks/index.js';
import { buildReadOnlyPolicy } from '../../src/collect/iam-policy.js';
import { operationsOfParts } from '../../src/collect/plan.js';
import type { CollectProgress, CollectResult } from '../../src/collect/index.js';
import { INVENTORY_PARTS, withoutParts } from '../../src/inventory/parts.js';
import { evaluateInventory } from '../../src/scan/evaluate.js';
import { Selection } from '../../src/selection/selection.js';
import {
  acm,
  apigateway,
  apigatewayv2,
  cloudtrail,
  cloudwatch,
  cognito,
  collect,
  iam,
  kms,
  logs,
  resetAws,
  restoreAws,
  wafv2,
} from './mock-aws.js';

const ACL_ARN = 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/acl/1';
const CERT_ARN = 'arn:aws:acm:eu-west-1:123456789012:certificate/c1';
const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/k1';
const TRAIL_ARN = 'arn:aws:cloudtrail:eu-west-1:123456789012:trail/audit';
const POOL = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool1';
const openapi = (paths: object) => Buffer.from(JSON.stringify({ openapi: '3.0.1', info: { title: 'x', version: '1' }, paths })) as never;

/** Two REST APIs with a stage each, an HTTP API, a domain, and what protects them. */
function account(): void {
  apigateway.on(GetRestApisCommand).resolves({ items: [{ id: 'a1', name: 'orders' }, { id: 'b2', name: 'users' }] });
  apigateway.on(GetResourcesCommand).resolves({
    items: [{ id: 'r', path: '/', resourceMethods: { GET: { httpMethod: 'GET', authorizationType: 'CUSTOM', authorizerId: 'z1' } } }],
  });
  apigateway.on(GetAuthorizersCommand).resolves({ items: [{ id: 'z1', type: 'TOKEN' }] });
  apigateway.on(GetStagesCommand).resolves({
    item: [{ stageName: 'prod', deploymentId: 'd1', webAclArn: ACL_ARN, methodSettings: { '*/*': { loggingLevel: 'ERROR' } } }],
  });
  apigateway.on(GetExportCommand).resolves({ body: openapi({ '/': { get: { security: [] } } }) });
  apigateway.on(GetDomainNamesCommand).resolves({ items: [{ domainName: 'api.example.com', regionalCertificateArn: CERT_ARN }] });
  apigateway.on(GetBasePathMappingsCommand).resolves({ items: [{ basePath: '(none)', restApiId: 'a1', stage: 'prod' }] });
  wafv2.on(GetWebACLCommand).resolves({ WebACL: { ARN: ACL_ARN, Name: 'acl', Id: '1', DefaultAction: { Block: {} }, Rules: [] } as never });
  acm.on(DescribeCertificateCommand).resolves({ Certificate: { CertificateArn: CERT_ARN, NotAfter: new Date('2027-01-01T00:00:00Z') } });
  apigatewayv2.on(GetApisCommand).resolves({ Items: [{ ApiId: 'h1', Name: 'http', ProtocolType: 'HTTP', RouteSelectionExpression: '$request.method $request.path' }] });
  apigatewayv2.on(GetRoutesCommand).resolves({ Items: [{ RouteKey: 'GET /items', AuthorizationType: 'JWT', AuthorizerId: 'j1' }] });
  apigatewayv2.on(GetV2AuthorizersCommand).resolves({ Items: [{ AuthorizerId: 'j1', Name: 'jwt', AuthorizerType: 'JWT', JwtConfiguration: { Issuer: POOL } }] });
  apigatewayv2.on(GetV2StagesCommand).resolves({ Items: [{ StageName: 'live', AutoDeploy: false }] });
  apigatewayv2.on(ExportApiCommand).resolves({ body: openapi({ '/items': { get: {} } }) });
  apigatewayv2.on(GetV2DomainNamesCommand).resolves({ Items: [{ DomainName: 'api.example.com' }] });
  apigatewayv2.on(GetApiMappingsCommand).resolves({ Items: [{ ApiId: 'h1', Stage: 'live', ApiMappingKey: 'v2' }] });
  cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: 'audit', TrailARN: TRAIL_ARN, HomeRegion: 'eu-west-1', KmsKeyId: KEY_ARN }] });
  cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
  cloudtrail.on(GetEventSelectorsCommand).resolves({ TrailARN: TRAIL_ARN, EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] });
  cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'api-5xx', Namespace: 'AWS/ApiGateway', MetricName: '5XXError' }] });
  logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: 'API-Gateway-Execution-Logs_a1/prod', retentionInDays: 30, kmsKeyId: KEY_ARN }] });
  cognito.on(DescribeUserPoolCommand).resolves({ UserPool: { Id: 'eu-west-1_Pool1', Arn: 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Pool1' } });
  cognito.on(GetUserPoolMfaConfigCommand).resolves({ MfaConfiguration: 'ON' });
  cognito.on(ListUserPoolClientsCommand).resolves({ UserPoolClients: [] });
  kms.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: 'k1', Arn: KEY_ARN, KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', Origin: 'AWS_KMS' } });
  kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: true });
  iam.on(GetAccountAuthorizationDetailsCommand).resolves({ RoleDetailList: [] });
}

const NOW = () => new Date('2026-12-01T00:00:00Z');

/**
 * The snapshot with the `NotSelected` entries of its maps (web ACLs, log groups, deployments …)
 * removed. A collection knows those keys only when it collected what names them; the view reads
 * a missing entry and a `NotSelected` one alike (a gap), so the two are equivalent.
 */
const MAPS = new Set(['webAcls', 'webAclLogging', 'certificates', 'logGroups', 'deployments', 'stageExports', 'userPools', 'userPoolWebAcls', 'kmsKeys']);
const isNotSelected = (slot: unknown) => (slot as { error?: { code?: string } } | undefined)?.error?.code === 'NotSelected';

function withoutNotSelectedEntries(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutNotSelectedEntries(item));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).filter(([, member]) => !(MAPS.has(key) && isNotSelected(member)));
  return Object.fromEntries(entries.map(([name, member]) => [name, withoutNotSelectedEntries(member, name)]));
}

function callsOf(result: CollectResult): Record<string, number> {
  return Object.fromEntries(Object.entries(result.stats.snapshot()).map(([operation, stats]) => [operation, stats.calls]));
}

async function collectFor(checks: string[]): Promise<{ selection: Selection; result: CollectResult }> {
  const selection = new Selection({ checks });
  const result = await collect({ now: NOW, parts: selection.collectionParts!, selectedChecks: selection.checks.map((c) => c.id) });
  return { selection, result };
}

describe('collecting for a selection of checks', () => {
  beforeEach(() => {
    resetAws();
    account();
  });
  after(restoreAws);

  it('--checks account-cloudtrail reads the trails only: no API Gateway call at all', async () => {
    const { result } = await collectFor(['account-cloudtrail']);
    assert.deepEqual(callsOf(result), {
      'sts:GetCallerIdentity': 1,
      'cloudtrail:DescribeTrails': 1,
      'cloudtrail:GetTrailStatus': 1,
      'cloudtrail:GetEventSelectors': 1,
    });
    assert.equal(apigateway.calls().length + apigatewayv2.calls().length, 0);
    assert.deepEqual(result.inventory.selection, { checks: ['account-cloudtrail'], parts: ['trails'] });
    assert.deepEqual(result.inventory.errors, [], 'parts left out are no collection errors');
  });

  it('a mid-size selection makes exactly the calls its parts need', async () => {
    const { selection, result } = await collectFor(['rest-stage-waf', 'domain-certificate']);
    assert.deepEqual([...selection.collectionParts!], ['rest-apis', 'rest-stages', 'domains', 'v2-apis', 'web-acls', 'certificates']);
    assert.deepEqual(callsOf(result), {
      'sts:GetCallerIdentity': 1,
      'apigateway:GetRestApis': 1,
      'apigateway:GetStages': 2,
      'apigateway:GetDomainNames': 1,
      'apigateway:GetBasePathMappings': 1,
      'apigatewayv2:GetApis': 1,
      'apigatewayv2:GetDomainNames': 1,
      'apigatewayv2:GetApiMappings': 1,
      'wafv2:GetWebACL': 1,
      'acm:DescribeCertificate': 1,
    });
    const full = await collect({ now: NOW });
    assert.equal(result.stats.totalCalls, 11);
    // 37, plus GetLoggingConfiguration of the web ACL and GetWebACLForResource of the pool, plus
    // ListIdentityPools of the region, plus Shield's GetSubscriptionState (not subscribed: nothing more),
    // plus Route 53's ListHostedZones (no hosted zone: no record set is listed).
    assert.equal(full.stats.totalCalls, 42, 'the same account collected whole');
    assert.equal(full.stats.of('route53', 'ListHostedZones').calls, 1);
  });

  for (const checks of [['account-cloudtrail'], ['rest-stage-waf', 'domain-certificate'], ['cognito-mfa'], ['kms-key-rotation'], ['http-deployment-drift']]) {
    it(`--checks ${checks.join(',')}: the snapshot is the whole one with the other parts NotSelected, and its checks judge it alike`, async () => {
      const { selection, result } = await collectFor(checks);
      resetAws();
      account();
      const full = await collect({ now: NOW });
      const left = INVENTORY_PARTS.filter((part) => !selection.collectionParts!.has(part));
      const { selection: recorded, ...partial } = result.inventory;
      assert.deepEqual(withoutNotSelectedEntries(partial), withoutNotSelectedEntries(withoutParts(full.inventory, left)));
      assert.deepEqual(recorded?.parts, [...selection.collectionParts!]);
      // Only the selected parts' operations were called.
      const allowed = new Set([...operationsOfParts(selection.collectionParts!), 'sts:GetCallerIdentity']);
      assert.deepEqual(Object.keys(result.stats.snapshot()).filter((op) => !allowed.has(op)), []);
      // The selected checks judge the partial snapshot as the whole one.
      const on = (inventory: typeof full.inventory) => evaluateInventory(inventory, { selection }, NOW()).results;
      assert.deepEqual(on(result.inventory), on(full.inventory));
    });
  }

  it('still ends each region with its log-groups phase, so progress shows the region done', async () => {
    const selection = new Selection({ checks: ['account-cloudtrail'] });
    const events: CollectProgress[] = [];
    await collect({ now: NOW, parts: selection.collectionParts!, onProgress: (event) => events.push(event) });
    const logGroups = events.filter((e) => e.region === 'eu-west-1' && e.phase === 'log-groups');
    assert.ok(logGroups.length > 0 && logGroups.every((e) => e.done >= e.total));
  });

  it('a later evaluate of every check reports ERROR for the checks the snapshot was not collected for, never PASS', async () => {
    const { result } = await collectFor(['account-cloudtrail']);
    const report = evaluateInventory(result.inventory, {}, NOW());
    assert.deepEqual(report.scan.selection?.collectedFor, ['account-cloudtrail']);
    const others = report.results.filter((r) => r.checkId !== 'account-cloudtrail');
    assert.deepEqual(new Set(others.map((r) => r.status)), new Set(['ERROR']));
    for (const check of allChecks) assert.ok(report.results.some((r) => r.checkId === check.id), `${check.id} reports`);
    assert.equal(report.scan.complete, false);
  });
});

describe('the least-privilege policy of a selection', () => {
  const actions = (policy: ReturnType<typeof buildReadOnlyPolicy>) => policy.Statement.flatMap((s) => s.Action).sort();

  it('grants only what the selected checks need', () => {
    const trail = buildReadOnlyPolicy({ parts: new Selection({ checks: ['account-cloudtrail'] }).collectionParts! });
    assert.deepEqual(actions(trail), ['account:ListRegions', 'cloudtrail:DescribeTrails', 'cloudtrail:GetEventSelectors', 'cloudtrail:GetTrailStatus']);

    const waf = buildReadOnlyPolicy({ parts: new Selection({ checks: ['rest-stage-waf'] }).collectionParts! });
    assert.deepEqual(actions(waf), ['account:ListRegions', 'apigateway:GET', 'wafv2:GetWebACL']);
    assert.deepEqual(waf.Statement.find((s) => s.Action[0] === 'apigateway:GET')?.Resource, [
      'arn:aws:apigateway:*::/restapis',
      'arn:aws:apigateway:*::/restapis/*/stages',
    ]);
  });

  it('is the whole policy for every check', () => {
    assert.deepEqual(buildReadOnlyPolicy({ parts: new Set(INVENTORY_PARTS) }), buildReadOnlyPolicy());
  });
});

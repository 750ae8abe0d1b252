/**
 * What watches over the demo APIs: CloudTrail trails, CloudWatch alarms, the access-log groups the
 * stages write to, the KMS keys encrypting them, and a few IAM policies, so the monitoring, trail,
 * key and IAM checks each show a PASS and a FAIL:
 *
 *   eu-west-1  trail org-audit: multi-Region organization trail, validated, KMS-encrypted, logging
 *              all management events (advanced selectors, plus S3 data events)
 *              alarms: orders-api/prod (5XXError + p99 Latency), payments-api (metric-math 5xx
 *              rate on prod + 4XXError on all stages), support-chat-ws/prod (IntegrationError +
 *              ClientError), inventory-sync/prod (5XXError, actions muted since a migration),
 *              public-status/prod (Latency only); internal-reports/prod has none
 *              log groups: orders, payments, reports and storefront kept ≥ 365 days (or forever)
 *              with KMS; inventory-sync kept 14 days unencrypted; public-status kept 30 days;
 *              support-chat-ws's group was deleted (exists: false)
 *   us-east-1  trail legacy-us-east-1: single-Region, no log file validation, no KMS (the demo
 *              keeps its regions independent: in a real account the eu-west-1 multi-Region trail
 *              would show up here as a shadow trail)
 *              alarms: webhooks-ingest/prod (5XXError + IntegrationLatency); mobile-backend/prod
 *              (5XXError + a 4XXError alarm on one method only); notifications-ws/prod (an alarm on
 *              5XXError, a metric WebSocket APIs do not publish)
 *              log groups: mobile-backend kept 365 days with a key that does not rotate;
 *              webhooks-ingest prod 90 days, dev 7 days unencrypted; metrics-ingest forever, no KMS
 *   shared     KMS keys for the groups and the trail (the us-east-1 logs key without rotation);
 *              IAM policies: a scoped execute-api:Invoke policy, a CI policy managing one API, a
 *              partner policy with execute-api:* on *, an inline * on * break-glass role policy, an
 *              unattached apigateway:* policy, and two attached AWS-managed policies (invoke on
 *              every API for a batch role; CloudWatch Logs for API Gateway's logging role)
 *
 * `addMonitoring` upserts by name, ARN and key, so applying it twice changes nothing.
 */
import type {
  Collected,
  IamPolicy,
  Inventory,
  KmsKey,
  LogGroup,
  MetricAlarm,
  RegionInventory,
  Trail,
} from '../../src/inventory/schema.js';

const ACCOUNT = '123456789012';
const EU = 'eu-west-1';
const US = 'us-east-1';

const KEY_EU_LOGS = `arn:aws:kms:${EU}:${ACCOUNT}:key/6b1f0c2e-3d4a-4e5b-8c9d-0a1b2c3d4e5f`;
const KEY_EU_PAYMENTS = `arn:aws:kms:${EU}:${ACCOUNT}:key/9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4`;
const KEY_EU_TRAIL = `arn:aws:kms:${EU}:${ACCOUNT}:key/0c1d2e3f-4a5b-4c6d-9e7f-8a9b0c1d2e3f`;
const KEY_US_LOGS = `arn:aws:kms:${US}:${ACCOUNT}:key/5f4e3d2c-1b0a-4987-b6c5-d4e3f2a1b0c9`;

const ONCALL_EU = `arn:aws:sns:${EU}:${ACCOUNT}:api-oncall`;
const ONCALL_US = `arn:aws:sns:${US}:${ACCOUNT}:api-oncall`;

// ── CloudTrail ─────────────────────────────────────────────────────────────────────────

const orgTrail: Trail = {
  Name: 'org-audit',
  TrailARN: `arn:aws:cloudtrail:${EU}:${ACCOUNT}:trail/org-audit`,
  HomeRegion: EU,
  IsMultiRegionTrail: true,
  IncludeGlobalServiceEvents: true,
  IsOrganizationTrail: true,
  LogFileValidationEnabled: true,
  KmsKeyId: KEY_EU_TRAIL,
  S3BucketName: 'example-org-audit-logs',
  CloudWatchLogsLogGroupArn: `arn:aws:logs:${EU}:${ACCOUNT}:log-group:aws-cloudtrail-org-audit:*`,
  status: { ok: true, value: { IsLogging: true, StartLoggingTime: '2024-01-15T09:00:00.000Z' } },
  selectors: {
    ok: true,
    value: {
      AdvancedEventSelectors: [
        { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        {
          Name: 'Audit bucket object access',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
            { Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::example-org-audit-logs/'] },
          ],
        },
      ],
    },
  },
};

const legacyTrail: Trail = {
  Name: 'legacy-us-east-1',
  TrailARN: `arn:aws:cloudtrail:${US}:${ACCOUNT}:trail/legacy-us-east-1`,
  HomeRegion: US,
  IsMultiRegionTrail: false,
  IncludeGlobalServiceEvents: true,
  IsOrganizationTrail: false,
  LogFileValidationEnabled: false,
  S3BucketName: 'example-legacy-cloudtrail',
  status: { ok: true, value: { IsLogging: true, StartLoggingTime: '2019-06-01T12:00:00.000Z' } },
  selectors: { ok: true, value: { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] } },
};

// ── CloudWatch alarms ──────────────────────────────────────────────────────────────────

function restAlarm(
  region: string,
  apiName: string,
  stage: string | undefined,
  metric: string,
  overrides: Partial<MetricAlarm> = {},
): MetricAlarm {
  const name = `${apiName}-${stage ?? 'all'}-${metric.toLowerCase()}`;
  return {
    AlarmName: name,
    AlarmArn: `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:${name}`,
    ActionsEnabled: true,
    AlarmActions: [region === EU ? ONCALL_EU : ONCALL_US],
    StateValue: 'OK',
    Namespace: 'AWS/ApiGateway',
    MetricName: metric,
    Dimensions: [{ Name: 'ApiName', Value: apiName }, ...(stage ? [{ Name: 'Stage', Value: stage }] : [])],
    ...overrides,
  };
}

function v2Alarm(region: string, apiId: string, stage: string | undefined, metric: string, name: string): MetricAlarm {
  return {
    AlarmName: name,
    AlarmArn: `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:${name}`,
    ActionsEnabled: true,
    AlarmActions: [region === EU ? ONCALL_EU : ONCALL_US],
    StateValue: 'OK',
    Namespace: 'AWS/ApiGateway',
    MetricName: metric,
    Dimensions: [{ Name: 'ApiId', Value: apiId }, ...(stage ? [{ Name: 'Stage', Value: stage }] : [])],
  };
}

const paymentsErrorRate: MetricAlarm = {
  AlarmName: 'payments-api-prod-5xx-rate',
  AlarmArn: `arn:aws:cloudwatch:${EU}:${ACCOUNT}:alarm:payments-api-prod-5xx-rate`,
  ActionsEnabled: true,
  AlarmActions: [ONCALL_EU, `arn:aws:sns:${EU}:${ACCOUNT}:payments-team`],
  StateValue: 'OK',
  Metrics: [
    {
      Id: 'errors',
      MetricStat: {
        Metric: {
          Namespace: 'AWS/ApiGateway',
          MetricName: '5XXError',
          Dimensions: [
            { Name: 'ApiName', Value: 'payments-api' },
            { Name: 'Stage', Value: 'prod' },
          ],
        },
      },
    },
    {
      Id: 'requests',
      MetricStat: {
        Metric: {
          Namespace: 'AWS/ApiGateway',
          MetricName: 'Count',
          Dimensions: [
            { Name: 'ApiName', Value: 'payments-api' },
            { Name: 'Stage', Value: 'prod' },
          ],
        },
      },
    },
    { Id: 'rate', Expression: '100 * errors / requests' },
  ],
};

const EU_ALARMS: MetricAlarm[] = [
  restAlarm(EU, 'orders-api', 'prod', '5XXError'),
  restAlarm(EU, 'orders-api', 'prod', 'Latency'),
  paymentsErrorRate,
  restAlarm(EU, 'payments-api', undefined, '4XXError'),
  // Muted during the 2026 stock-service migration and never switched back on.
  restAlarm(EU, 'inventory-sync', 'prod', '5XXError', { ActionsEnabled: false, StateValue: 'ALARM' }),
  restAlarm(EU, 'public-status', 'prod', 'Latency'),
  v2Alarm(EU, 'ch4tws03w', 'prod', 'IntegrationError', 'support-chat-ws-prod-integration-errors'),
  v2Alarm(EU, 'ch4tws03w', undefined, 'ClientError', 'support-chat-ws-client-errors'),
];

const US_ALARMS: MetricAlarm[] = [
  restAlarm(US, 'webhooks-ingest', 'prod', '5XXError'),
  restAlarm(US, 'webhooks-ingest', 'prod', 'IntegrationLatency'),
  restAlarm(US, 'mobile-backend', 'prod', '5XXError'),
  // Detailed metrics on one method only: the rest of the stage is unwatched.
  restAlarm(US, 'mobile-backend', 'prod', '4XXError', {
    AlarmName: 'mobile-backend-profile-patch-4xx',
    AlarmArn: `arn:aws:cloudwatch:${US}:${ACCOUNT}:alarm:mobile-backend-profile-patch-4xx`,
    Dimensions: [
      { Name: 'ApiName', Value: 'mobile-backend' },
      { Name: 'Stage', Value: 'prod' },
      { Name: 'Method', Value: 'PATCH' },
      { Name: 'Resource', Value: '/profile' },
    ],
  }),
  // Copied from a REST alarm: WebSocket APIs publish no 5XXError, so this never fires.
  v2Alarm(US, 'n0t1fy04w', 'prod', '5XXError', 'notifications-ws-prod-5xx'),
];

// ── CloudWatch Logs ────────────────────────────────────────────────────────────────────

function group(region: string, name: string, retentionInDays: number | undefined, kmsKeyId: string | undefined): LogGroup {
  return {
    logGroupName: name,
    exists: true,
    arn: `arn:aws:logs:${region}:${ACCOUNT}:log-group:${name}:*`,
    ...(retentionInDays !== undefined ? { retentionInDays } : {}),
    ...(kmsKeyId !== undefined ? { kmsKeyId } : {}),
    creationTime: 1741000000000,
  };
}

const EU_GROUPS: LogGroup[] = [
  group(EU, '/aws/apigateway/k3x9ord01a/prod', 400, KEY_EU_LOGS),
  group(EU, '/aws/apigateway/p7y2pay02b/prod', 731, KEY_EU_PAYMENTS),
  group(EU, '/aws/apigateway/i5n6sync04/prod', 14, undefined),
  group(EU, '/aws/apigateway/r8p9rep05e/prod', undefined, KEY_EU_LOGS),
  group(EU, '/aws/apigateway/s2t3stat06/prod', 30, KEY_EU_LOGS),
  group(EU, '/aws/apigateway/sf7h8ttp01/default', 365, KEY_EU_LOGS),
  // Deleted with the old chat stack; the stage still points at it.
  { logGroupName: '/aws/apigateway/ch4tws03w/prod', exists: false },
];

const US_GROUPS: LogGroup[] = [
  group(US, '/aws/apigateway/m0b1le07g/prod', 365, KEY_US_LOGS),
  group(US, '/aws/apigateway/w3bh00k08h/prod', 90, KEY_US_LOGS),
  group(US, '/aws/apigateway/w3bh00k08h/dev', 7, undefined),
  group(US, '/aws/apigateway/m3tr1cs05h/default', undefined, undefined),
];

// ── KMS ────────────────────────────────────────────────────────────────────────────────

function key(arn: string, rotation: KmsKey['rotation']): KmsKey {
  return {
    KeyId: arn.split('/').pop()!,
    Arn: arn,
    KeyManager: 'CUSTOMER',
    KeyState: 'Enabled',
    KeySpec: 'SYMMETRIC_DEFAULT',
    Origin: 'AWS_KMS',
    rotation,
  };
}

const KEYS: KmsKey[] = [
  key(KEY_EU_LOGS, { ok: true, value: { KeyRotationEnabled: true, RotationPeriodInDays: 365 } }),
  key(KEY_EU_PAYMENTS, { ok: true, value: { KeyRotationEnabled: true, RotationPeriodInDays: 180 } }),
  key(KEY_EU_TRAIL, { ok: true, value: { KeyRotationEnabled: true, RotationPeriodInDays: 365 } }),
  key(KEY_US_LOGS, { ok: true, value: { KeyRotationEnabled: false } }),
];

// ── IAM ────────────────────────────────────────────────────────────────────────────────

function policyDocument(...Statement: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement });
}

const ORDERS = `arn:aws:execute-api:${EU}:${ACCOUNT}:k3x9ord01a`;

const POLICIES: IamPolicy[] = [
  {
    kind: 'managed',
    name: 'orders-frontend-invoke',
    arn: `arn:aws:iam::${ACCOUNT}:policy/orders-frontend-invoke`,
    attachmentCount: 1,
    attachedTo: ['role/orders-frontend'],
    document: policyDocument({
      Sid: 'CallOrders',
      Effect: 'Allow',
      Action: 'execute-api:Invoke',
      Resource: [`${ORDERS}/prod/GET/orders`, `${ORDERS}/prod/POST/orders`, `${ORDERS}/prod/GET/orders/*`],
    }),
  },
  {
    kind: 'managed',
    name: 'orders-api-deploy',
    arn: `arn:aws:iam::${ACCOUNT}:policy/ci/orders-api-deploy`,
    attachmentCount: 1,
    attachedTo: ['role/ci/orders-deployer'],
    document: policyDocument({
      Sid: 'ManageOrdersApi',
      Effect: 'Allow',
      Action: ['apigateway:GET', 'apigateway:POST', 'apigateway:PUT', 'apigateway:PATCH'],
      Resource: [`arn:aws:apigateway:${EU}::/restapis/k3x9ord01a`, `arn:aws:apigateway:${EU}::/restapis/k3x9ord01a/*`],
    }),
  },
  {
    kind: 'managed',
    name: 'partner-integration',
    arn: `arn:aws:iam::${ACCOUNT}:policy/partner-integration`,
    attachmentCount: 2,
    attachedTo: ['role/partner-sync', 'user/partners/acme'],
    document: policyDocument(
      { Sid: 'PartnerApis', Effect: 'Allow', Action: 'execute-api:*', Resource: '*' },
      { Sid: 'ReadFeeds', Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::example-partner-feeds/*' },
    ),
  },
  {
    kind: 'role',
    name: 'break-glass',
    arn: `arn:aws:iam::${ACCOUNT}:role/ops-admin`,
    document: policyDocument({ Effect: 'Allow', Action: '*', Resource: '*' }),
  },
  {
    // Left behind by a migration: attached to nothing, so it grants nothing until someone attaches it.
    kind: 'managed',
    name: 'legacy-gateway-admin',
    arn: `arn:aws:iam::${ACCOUNT}:policy/legacy-gateway-admin`,
    attachmentCount: 0,
    attachedTo: [],
    document: policyDocument({ Sid: 'AllApis', Effect: 'Allow', Action: 'apigateway:*', Resource: `arn:aws:apigateway:${EU}::/*` }),
  },
];

const AWS_POLICY = 'arn:aws:iam::aws:policy';

/** AWS-managed policies the demo's roles have attached, with their documents as AWS publishes them. */
const AWS_MANAGED_POLICIES: IamPolicy[] = [
  {
    kind: 'managed',
    name: 'AmazonAPIGatewayInvokeFullAccess',
    arn: `${AWS_POLICY}/AmazonAPIGatewayInvokeFullAccess`,
    attachmentCount: 1,
    attachedTo: ['role/reporting-batch'],
    document: policyDocument({ Effect: 'Allow', Action: ['execute-api:Invoke', 'execute-api:ManageConnections'], Resource: 'arn:aws:execute-api:*:*:*' }),
  },
  {
    kind: 'managed',
    name: 'AmazonAPIGatewayPushToCloudWatchLogs',
    arn: `${AWS_POLICY}/service-role/AmazonAPIGatewayPushToCloudWatchLogs`,
    attachmentCount: 1,
    attachedTo: ['role/apigw-cloudwatch'],
    document: policyDocument({
      Effect: 'Allow',
      Action: [
        'logs:CreateLogGroup',
        'logs:CreateLogStream',
        'logs:DescribeLogGroups',
        'logs:DescribeLogStreams',
        'logs:PutLogEvents',
        'logs:GetLogEvents',
        'logs:FilterLogEvents',
      ],
      Resource: '*',
    }),
  },
];

// ── Applying it ────────────────────────────────────────────────────────────────────────

function regionOf(demo: Inventory, name: string): RegionInventory {
  const region = demo.regions.find((r) => r.region === name);
  if (!region) throw new Error(`demo: no region ${name}`);
  return region;
}

/** The list in a slot, making the slot a collected empty list first if it holds no list. */
function listOf<T>(owner: { [k: string]: unknown }, slot: string): T[] {
  const current = owner[slot] as Collected<T[]> | undefined;
  if (current?.ok) return current.value;
  const fresh: Collected<T[]> = { ok: true, value: [] };
  owner[slot] = fresh;
  return fresh.value;
}

function upsert<T>(items: T[], item: T, key: (t: T) => string): void {
  const at = items.findIndex((existing) => key(existing) === key(item));
  if (at >= 0) items[at] = item;
  else items.push(item);
}

function addRegion(region: RegionInventory, trails: Trail[], alarms: MetricAlarm[], groups: LogGroup[]): void {
  const regionTrails = listOf<Trail>(region, 'trails');
  for (const trail of trails) upsert(regionTrails, structuredClone(trail), (t) => t.TrailARN);
  const regionAlarms = listOf<MetricAlarm>(region, 'alarms');
  for (const alarm of alarms) upsert(regionAlarms, structuredClone(alarm), (a) => a.AlarmName);
  for (const logGroup of groups) region.logGroups[logGroup.logGroupName] = { ok: true, value: structuredClone(logGroup) };
}

/** Adds the trails, alarms, log groups, KMS keys and IAM policies described above to the demo. */
export function addMonitoring(demo: Inventory): void {
  addRegion(regionOf(demo, EU), [orgTrail], EU_ALARMS, EU_GROUPS);
  addRegion(regionOf(demo, US), [legacyTrail], US_ALARMS, US_GROUPS);

  demo.shared ??= { iamPolicies: { ok: true, value: [] }, userPools: {}, kmsKeys: {} };
  for (const k of KEYS) demo.shared.kmsKeys[k.Arn] = { ok: true, value: structuredClone(k) };
  const policies = listOf<IamPolicy>(demo.shared, 'iamPolicies');
  for (const policy of POLICIES) upsert(policies, structuredClone(policy), (p) => `${p.kind} ${p.arn} ${p.name}`);
  demo.shared.awsManagedPolicies ??= {};
  for (const policy of AWS_MANAGED_POLICIES) demo.shared.awsManagedPolicies[policy.arn] = { ok: true, value: structuredClone(policy) };
}

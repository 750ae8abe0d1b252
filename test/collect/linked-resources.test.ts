/**
 * The linked-resources phase: trails, alarms and log groups per region; user pools, KMS keys and
 * IAM policies once per scan.
 */
import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import {
  GetAuthorizersCommand,
  GetResourcesCommand,
  GetRestApisCommand,
  GetStagesCommand,
} from '@aws-sdk/client-api-gateway';
import {
  GetApisCommand,
  GetAuthorizersCommand as GetV2AuthorizersCommand,
  GetRoutesCommand,
  GetStagesCommand as GetV2StagesCommand,
} from '@aws-sdk/client-apigatewayv2';
import { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeAlarmsCommand, type MetricAlarm as SdkMetricAlarm } from '@aws-sdk/client-cloudwatch';
import { DescribeLogGroupsCommand, type LogGroup as SdkLogGroup } from '@aws-sdk/client-cloudwatch-logs';
import {
  CognitoIdentityProviderServiceException,
  DescribeRiskConfigurationCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  ListUserPoolClientsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetAccountAuthorizationDetailsCommand, GetPolicyVersionCommand, IAMServiceException, ListPoliciesCommand } from '@aws-sdk/client-iam';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, type KeyMetadata } from '@aws-sdk/client-kms';
import iamApiWildcards from '../../checks/account/iam-api-wildcards.js';
import cognitoMfa from '../../checks/identity/cognito-mfa.js';
import cognitoThreatProtection from '../../checks/identity/cognito-threat-protection.js';
import type { CollectProgress } from '../../src/collect/index.js';
import { runChecks } from '../../src/engine/runner.js';
import { LOG_GROUPS_PER_CALL } from '../../src/collect/log-groups.js';
import { parseInventory } from '../../src/inventory/io.js';
import {
  ACCOUNT_ID,
  REGION,
  apigateway,
  apigatewayv2,
  cloudtrail,
  cloudwatch,
  cognito,
  collect,
  iam,
  kms,
  logs,
  regionOf,
  resetAws,
  restoreAws,
  value,
} from './mock-aws.js';

const POOL_ARN = `arn:aws:cognito-idp:${REGION}:${ACCOUNT_ID}:userpool/${REGION}_RestPool1`;
const JWT_POOL_ID = 'us-east-1_JwtPool2';
const JWT_POOL_ARN = `arn:aws:cognito-idp:us-east-1:${ACCOUNT_ID}:userpool/${JWT_POOL_ID}`;
const FOREIGN_POOL_ARN = `arn:aws:cognito-idp:${REGION}:999999999999:userpool/${REGION}_Foreign1`;
const keyArn = (id: string, region = REGION, account = ACCOUNT_ID) => `arn:aws:kms:${region}:${account}:key/${id}`;
const logGroupArn = (name: string) => `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:${name}`;
const SHADOW_TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT_ID}:trail/org-audit`;

/** What the client a mocked call went through was configured for. */
async function regionsOf(calls: { thisValue: unknown }[]): Promise<string[]> {
  return Promise.all(calls.map((call) => (call.thisValue as { config: { region: () => Promise<string> } }).config.region()));
}

function denied(service: string, action: string) {
  return Object.assign(new Error(`User is not authorized to perform: ${service}:${action}`), {
    name: 'AccessDeniedException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });
}

/** One REST API whose `prod` stage logs to the given groups, behind a Cognito authorizer. */
function restApiWith(options: { poolArns?: string[]; accessLogGroups?: string[] } = {}) {
  apigateway.on(GetRestApisCommand).resolves({ items: [{ id: 'a1', name: 'orders' }] });
  apigateway.on(GetResourcesCommand).resolves({
    items: [
      {
        id: 'r',
        path: '/',
        resourceMethods: { GET: { httpMethod: 'GET', authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'c1' } },
      },
    ],
  });
  apigateway
    .on(GetAuthorizersCommand)
    .resolves({ items: [{ id: 'c1', name: 'users', type: 'COGNITO_USER_POOLS', providerARNs: options.poolArns ?? [] }] });
  apigateway.on(GetStagesCommand).resolves({
    item: (options.accessLogGroups ?? []).map((name, i) => ({
      stageName: `s${i}`,
      accessLogSettings: { destinationArn: logGroupArn(name), format: '$context.requestId' },
    })),
  });
}

/** One HTTP API with a JWT authorizer trusting a Cognito issuer. */
function httpApiTrusting(issuer: string) {
  apigatewayv2.on(GetApisCommand).resolves({ Items: [{ ApiId: 'h1', Name: 'http', ProtocolType: 'HTTP', RouteSelectionExpression: '$request.method $request.path' }] });
  apigatewayv2.on(GetRoutesCommand).resolves({ Items: [{ RouteKey: 'GET /items', AuthorizationType: 'JWT', AuthorizerId: 'j1' }] });
  apigatewayv2.on(GetV2AuthorizersCommand).resolves({
    Items: [{ AuthorizerId: 'j1', Name: 'jwt', AuthorizerType: 'JWT', JwtConfiguration: { Issuer: issuer, Audience: ['c'] } }],
  });
  apigatewayv2.on(GetV2StagesCommand).resolves({ Items: [] });
}

/** A user pool answering for any id; `clients` pages by NextToken; `threatProtection` sets AdvancedSecurityMode. */
function userPools(clientPages: Record<string, { ids: string[]; next?: string }> = { '': { ids: ['web'] } }, threatProtection?: string) {
  cognito.on(DescribeUserPoolCommand).callsFake((input: { UserPoolId: string }) => {
    const region = input.UserPoolId.split('_')[0]!;
    return {
      UserPool: {
        ...(threatProtection ? { UserPoolAddOns: { AdvancedSecurityMode: threatProtection }, UserPoolTier: 'PLUS' } : {}),
        Id: input.UserPoolId,
        Arn: `arn:aws:cognito-idp:${region}:${ACCOUNT_ID}:userpool/${input.UserPoolId}`,
        Name: `pool ${input.UserPoolId}`,
        MfaConfiguration: 'OPTIONAL',
        DeletionProtection: 'ACTIVE',
        Policies: { PasswordPolicy: { MinimumLength: 12, RequireSymbols: true } },
        CreationDate: new Date('2024-01-02T03:04:05Z'),
        EstimatedNumberOfUsers: 42,
      },
    };
  });
  cognito.on(GetUserPoolMfaConfigCommand).resolves({ MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } });
  cognito.on(ListUserPoolClientsCommand).callsFake((input: { UserPoolId: string; NextToken?: string }) => {
    const page = clientPages[input.NextToken ?? ''];
    assert.ok(page, `a page for NextToken ${String(input.NextToken)}`);
    return {
      UserPoolClients: page.ids.map((ClientId) => ({ ClientId, ClientName: ClientId, UserPoolId: input.UserPoolId })),
      NextToken: page.next,
    };
  });
  cognito.on(DescribeUserPoolClientCommand).callsFake((input: { UserPoolId: string; ClientId: string }) => ({
    UserPoolClient: {
      UserPoolId: input.UserPoolId,
      ClientId: input.ClientId,
      ClientName: input.ClientId,
      ClientSecret: `sEcReT-${input.ClientId}-0123456789`,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      AccessTokenValidity: 60,
      TokenValidityUnits: { AccessToken: 'minutes' },
      LastModifiedDate: new Date('2025-05-06T07:08:09Z'),
    },
  }));
}

function logGroupsFound(groups: SdkLogGroup[]) {
  logs.on(DescribeLogGroupsCommand).callsFake((input: { logGroupIdentifiers?: string[] }) => ({
    logGroups: groups.filter((g) => input.logGroupIdentifiers?.includes(g.logGroupName ?? '')),
  }));
}

function keys(metadata: Record<string, Partial<KeyMetadata>>) {
  kms.on(DescribeKeyCommand).callsFake((input: { KeyId: string }) => {
    const found = metadata[input.KeyId];
    if (!found) throw Object.assign(new Error(`Key '${input.KeyId}' does not exist`), { name: 'NotFoundException', $fault: 'client' });
    return { KeyMetadata: { AWSAccountId: ACCOUNT_ID, Enabled: true, KeyState: 'Enabled', ...found } };
  });
  kms.on(GetKeyRotationStatusCommand).callsFake((input: { KeyId: string }) => ({
    KeyId: input.KeyId,
    KeyRotationEnabled: input.KeyId.endsWith('rotating'),
    RotationPeriodInDays: 365,
    NextRotationDate: new Date('2026-12-01T00:00:00Z'),
  }));
}

describe('linked resources: CloudTrail', () => {
  beforeEach(resetAws);
  after(restoreAws);

  it('reads each trail with its status and selectors, a shadow trail once, in its home region', async () => {
    const homeTrail = {
      Name: 'local',
      TrailARN: `arn:aws:cloudtrail:${REGION}:${ACCOUNT_ID}:trail/local`,
      HomeRegion: REGION,
      IsMultiRegionTrail: false,
      LogFileValidationEnabled: false,
    };
    const shadow = {
      Name: 'org-audit',
      TrailARN: SHADOW_TRAIL_ARN,
      HomeRegion: 'us-east-1',
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      LogFileValidationEnabled: true,
      KmsKeyId: keyArn('trail-key', 'us-east-1'),
      HasCustomEventSelectors: true,
    };
    cloudtrail.on(DescribeTrailsCommand).callsFake(async function (this: unknown, _input: unknown, getClient: () => { config: { region: () => Promise<string> } }) {
      const region = await getClient().config.region();
      return { trailList: region === REGION ? [homeTrail, shadow] : [shadow] };
    });
    cloudtrail.on(GetTrailStatusCommand).callsFake((input: { Name: string }) => ({
      IsLogging: input.Name === SHADOW_TRAIL_ARN,
      StartLoggingTime: new Date('2024-02-03T04:05:06Z'),
      LatestDeliveryTime: new Date('2026-10-31T23:59:00Z'),
    }));
    cloudtrail.on(GetEventSelectorsCommand, { TrailName: SHADOW_TRAIL_ARN }).resolves({
      TrailARN: SHADOW_TRAIL_ARN,
      AdvancedEventSelectors: [{ Name: 'management', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }],
    });
    cloudtrail.on(GetEventSelectorsCommand, { TrailName: homeTrail.TrailARN }).resolves({
      TrailARN: homeTrail.TrailARN,
      EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }],
    });
    keys({ [keyArn('trail-key', 'us-east-1')]: { KeyId: 'trail-key', Arn: keyArn('trail-key', 'us-east-1'), KeyManager: 'AWS' } });

    const result = await collect({ regions: [REGION, 'us-east-1'] });

    assert.deepEqual(
      cloudtrail.commandCalls(DescribeTrailsCommand).map((call) => call.args[0].input),
      [{ includeShadowTrails: true }, { includeShadowTrails: true }],
    );
    const statusCalls = cloudtrail.commandCalls(GetTrailStatusCommand);
    assert.deepEqual(statusCalls.map((call) => call.args[0].input.Name).sort(), [homeTrail.TrailARN, SHADOW_TRAIL_ARN]);
    const regionByTrail = Object.fromEntries(
      (await regionsOf(statusCalls)).map((region, i) => [statusCalls[i]!.args[0].input.Name, region]),
    );
    assert.deepEqual(regionByTrail, { [homeTrail.TrailARN]: REGION, [SHADOW_TRAIL_ARN]: 'us-east-1' });
    assert.equal(cloudtrail.commandCalls(GetEventSelectorsCommand).length, 2);

    const eu = value(regionOf(result).trails);
    const us = value(regionOf(result, 'us-east-1').trails);
    assert.deepEqual(
      eu.map((t) => t.Name),
      ['local', 'org-audit'],
    );
    assert.deepEqual(eu[1], us[0], 'both regions see the same shadow trail details');
    assert.deepEqual(eu[1]?.status, {
      ok: true,
      value: { IsLogging: true, StartLoggingTime: '2024-02-03T04:05:06.000Z', LatestDeliveryTime: '2026-10-31T23:59:00.000Z' },
    });
    assert.deepEqual(value(eu[1]?.selectors).AdvancedEventSelectors, [
      { Name: 'management', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
    ]);
    assert.equal((eu[1] as unknown as { HasCustomEventSelectors: boolean }).HasCustomEventSelectors, true);
    assert.deepEqual(value(eu[0]?.selectors).EventSelectors, [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }]);
    assert.equal(value(eu[0]?.status).IsLogging, false);
    // The trail's key is read in the key's region, once for both regions.
    assert.deepEqual(await regionsOf(kms.commandCalls(DescribeKeyCommand)), ['us-east-1']);
    assert.deepEqual(result.inventory.errors, []);
  });

  it('keeps a trail whose status is denied, with the error in its slot', async () => {
    const arn = `arn:aws:cloudtrail:${REGION}:${ACCOUNT_ID}:trail/main`;
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: 'main', TrailARN: arn, HomeRegion: REGION }] });
    cloudtrail.on(GetTrailStatusCommand).rejects(denied('cloudtrail', 'GetTrailStatus'));
    cloudtrail.on(GetEventSelectorsCommand).resolves({ TrailARN: arn, EventSelectors: [] });
    const result = await collect();

    const [trail] = value(regionOf(result).trails);
    assert.deepEqual(trail?.status, {
      ok: false,
      error: {
        service: 'cloudtrail',
        operation: 'GetTrailStatus',
        region: REGION,
        resource: arn,
        code: 'AccessDeniedException',
        message: 'User is not authorized to perform: cloudtrail:GetTrailStatus',
      },
    });
    assert.ok(trail?.selectors.ok);
    assert.deepEqual(result.inventory.errors.map((e) => `${e.service}:${e.operation}`), ['cloudtrail:GetTrailStatus']);
  });
});

describe('linked resources: CloudWatch alarms', () => {
  beforeEach(resetAws);
  after(restoreAws);

  const alarmOn = (name: string, namespace: string): SdkMetricAlarm => ({
    AlarmName: name,
    Namespace: namespace,
    MetricName: '5XXError',
    Dimensions: [{ Name: 'ApiName', Value: 'orders' }],
    StateValue: 'OK',
    StateUpdatedTimestamp: new Date('2026-01-01T00:00:00Z'),
  });
  const mathAlarm = (name: string, namespaces: string[]): SdkMetricAlarm => ({
    AlarmName: name,
    Metrics: [
      { Id: 'e1', Expression: 'm1 / m2', ReturnData: true },
      ...namespaces.map((Namespace, i) => ({
        Id: `m${i + 1}`,
        MetricStat: { Metric: { Namespace, MetricName: 'Count', Dimensions: [{ Name: 'ApiId', Value: 'h1' }] }, Period: 60, Stat: 'Sum' },
        ReturnData: false,
      })),
    ],
  });

  it('pages through metric alarms and keeps those on an AWS/ApiGateway metric, plain or metric math', async () => {
    const pages: Record<string, { MetricAlarms: SdkMetricAlarm[]; NextToken?: string }> = {
      '': { MetricAlarms: [alarmOn('api-5xx', 'AWS/ApiGateway'), alarmOn('lambda-errors', 'AWS/Lambda')], NextToken: 't2' },
      t2: { MetricAlarms: [mathAlarm('api-error-rate', ['AWS/ApiGateway', 'AWS/ApiGateway']), mathAlarm('queue-math', ['AWS/SQS'])], NextToken: 't3' },
      t3: { MetricAlarms: [mathAlarm('mixed', ['AWS/Lambda', 'AWS/ApiGateway'])] },
    };
    cloudwatch.on(DescribeAlarmsCommand).callsFake((input: { NextToken?: string }) => pages[input.NextToken ?? '']);
    const result = await collect();

    assert.deepEqual(
      cloudwatch.commandCalls(DescribeAlarmsCommand).map((call) => call.args[0].input),
      [
        { AlarmTypes: ['MetricAlarm'], MaxRecords: 100, NextToken: undefined },
        { AlarmTypes: ['MetricAlarm'], MaxRecords: 100, NextToken: 't2' },
        { AlarmTypes: ['MetricAlarm'], MaxRecords: 100, NextToken: 't3' },
      ],
    );
    const alarms = value(regionOf(result).alarms);
    assert.deepEqual(
      alarms.map((a) => a.AlarmName),
      ['api-5xx', 'api-error-rate', 'mixed'],
    );
    assert.equal((alarms[0] as unknown as { StateUpdatedTimestamp: string }).StateUpdatedTimestamp, '2026-01-01T00:00:00.000Z');
    assert.deepEqual(alarms[1]?.Metrics?.[1]?.MetricStat?.Metric, {
      Namespace: 'AWS/ApiGateway',
      MetricName: 'Count',
      Dimensions: [{ Name: 'ApiId', Value: 'h1' }],
    });
  });

  it('fails the whole list when a later page fails', async () => {
    cloudwatch
      .on(DescribeAlarmsCommand)
      .resolvesOnce({ MetricAlarms: [alarmOn('api-5xx', 'AWS/ApiGateway')], NextToken: 't2' })
      .rejects(denied('cloudwatch', 'DescribeAlarms'));
    const result = await collect();
    const alarms = regionOf(result).alarms;
    assert.equal(alarms.ok, false);
    assert.equal(!alarms.ok && alarms.error.code, 'AccessDeniedException');
  });
});

describe('linked resources: log groups', () => {
  beforeEach(resetAws);
  after(restoreAws);

  it('describes the groups stages write to in batches of at most 50 names; a missing one does not exist', async () => {
    const names = Array.from({ length: 53 }, (_, i) => `/aws/apigateway/orders-${String(i).padStart(2, '0')}`);
    restApiWith({ accessLogGroups: names });
    logGroupsFound([
      ...names
        .filter((name) => !name.endsWith('-07'))
        .map((logGroupName, i) => ({
          logGroupName,
          arn: `${logGroupArn(logGroupName)}:*`,
          logGroupArn: logGroupArn(logGroupName),
          creationTime: 1_700_000_000_000 + i,
          retentionInDays: i % 2 ? 30 : undefined,
          kmsKeyId: i === 0 ? keyArn('logs-key') : undefined,
          storedBytes: 1234,
        })),
    ]);
    keys({ [keyArn('logs-key')]: { KeyId: 'logs-key', Arn: keyArn('logs-key'), KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', Origin: 'AWS_KMS' } });
    const result = await collect();

    const calls = logs.commandCalls(DescribeLogGroupsCommand).map((call) => call.args[0].input.logGroupIdentifiers ?? []);
    assert.deepEqual(
      calls.map((ids) => ids.length),
      [LOG_GROUPS_PER_CALL, 3],
    );
    assert.deepEqual(calls.flat(), [...names].sort());
    const groups = regionOf(result).logGroups;
    assert.deepEqual(Object.keys(groups).sort(), [...names].sort());
    assert.deepEqual(value(groups[names[0]!]), {
      logGroupName: names[0],
      exists: true,
      arn: `${logGroupArn(names[0]!)}:*`,
      creationTime: 1_700_000_000_000,
      kmsKeyId: keyArn('logs-key'),
    });
    assert.deepEqual(value(groups[names[1]!]), {
      logGroupName: names[1],
      exists: true,
      arn: `${logGroupArn(names[1]!)}:*`,
      creationTime: 1_700_000_000_001,
      retentionInDays: 30,
    });
    assert.deepEqual(value(groups['/aws/apigateway/orders-07']), { logGroupName: '/aws/apigateway/orders-07', exists: false });
    assert.equal(value(result.inventory.shared.kmsKeys[keyArn('logs-key')]).KeyId, 'logs-key');
  });

  it('matches names exactly and marks every group of a failed batch', async () => {
    const names = Array.from({ length: 51 }, (_, i) => `g${String(i).padStart(2, '0')}`);
    restApiWith({ accessLogGroups: [...names, 'API-Gateway-Execution-Logs_a1/prod'] });
    logs.on(DescribeLogGroupsCommand).callsFake((input: { logGroupIdentifiers: string[] }) => {
      if (input.logGroupIdentifiers.includes('g00')) throw denied('logs', 'DescribeLogGroups');
      // A look-alike name comes back too: only exact names count.
      return { logGroups: [{ logGroupName: 'g50-old', creationTime: 1 }, { logGroupName: 'g50', creationTime: 2 }] };
    });
    const result = await collect();

    const groups = regionOf(result).logGroups;
    const failedNames = Object.entries(groups).filter(([, slot]) => !slot.ok).map(([name]) => name);
    assert.equal(failedNames.length, 50);
    assert.ok(failedNames.includes('API-Gateway-Execution-Logs_a1/prod'), 'upper case sorts first');
    assert.deepEqual(value(groups.g50), { logGroupName: 'g50', exists: true, creationTime: 2 });
    assert.deepEqual(value(groups.g49), { logGroupName: 'g49', exists: false });
    assert.equal(groups['g50-old'], undefined);
    assert.equal(result.inventory.errors.filter((e) => e.operation === 'DescribeLogGroups').length, 1, 'one error per failed call');
  });

  it('makes no call when no stage logs', async () => {
    restApiWith();
    const result = await collect();
    assert.equal(logs.commandCalls(DescribeLogGroupsCommand).length, 0);
    assert.deepEqual(regionOf(result).logGroups, {});
  });
});

describe('linked resources: KMS keys', () => {
  beforeEach(resetAws);
  after(restoreAws);

  it('reads rotation only for customer-managed symmetric AWS_KMS keys, each key in its own region', async () => {
    const arns = {
      rotating: keyArn('cust-rotating'),
      still: keyArn('cust-still', 'us-west-2'),
      awsManaged: keyArn('aws-managed'),
      asymmetric: keyArn('asym'),
      imported: keyArn('imported'),
    };
    const names = Object.keys(arns);
    restApiWith({ accessLogGroups: names });
    logGroupsFound(names.map((name) => ({ logGroupName: name, kmsKeyId: arns[name as keyof typeof arns] })));
    const trailArn = `arn:aws:cloudtrail:${REGION}:${ACCOUNT_ID}:trail/t`;
    // A bare key id (not an ARN) is resolved in the region it was found in.
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: 't', TrailARN: trailArn, HomeRegion: REGION, KmsKeyId: 'bare-rotating' }] });
    keys({
      [arns.rotating]: { KeyId: 'cust-rotating', Arn: arns.rotating, KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', Origin: 'AWS_KMS' },
      [arns.still]: { KeyId: 'cust-still', Arn: arns.still, KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', Origin: 'AWS_KMS' },
      [arns.awsManaged]: { KeyId: 'aws-managed', Arn: arns.awsManaged, KeyManager: 'AWS', KeySpec: 'SYMMETRIC_DEFAULT', Origin: 'AWS_KMS' },
      [arns.asymmetric]: { KeyId: 'asym', Arn: arns.asymmetric, KeyManager: 'CUSTOMER', KeySpec: 'RSA_2048', Origin: 'AWS_KMS' },
      [arns.imported]: { KeyId: 'imported', Arn: arns.imported, KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', Origin: 'EXTERNAL' },
      'bare-rotating': { KeyId: 'bare-rotating', Arn: keyArn('bare-rotating'), KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', Origin: 'AWS_KMS' },
    });
    const result = await collect();

    const describeCalls = kms.commandCalls(DescribeKeyCommand);
    const describedIn = Object.fromEntries((await regionsOf(describeCalls)).map((region, i) => [describeCalls[i]!.args[0].input.KeyId, region]));
    assert.deepEqual(describedIn, {
      [arns.rotating]: REGION,
      [arns.still]: 'us-west-2',
      [arns.awsManaged]: REGION,
      [arns.asymmetric]: REGION,
      [arns.imported]: REGION,
      'bare-rotating': REGION,
    });
    const rotationCalls = kms.commandCalls(GetKeyRotationStatusCommand);
    assert.deepEqual(rotationCalls.map((call) => call.args[0].input.KeyId).sort(), [keyArn('bare-rotating'), arns.rotating, arns.still].sort());
    assert.deepEqual(
      Object.fromEntries((await regionsOf(rotationCalls)).map((region, i) => [rotationCalls[i]!.args[0].input.KeyId, region])),
      { [keyArn('bare-rotating')]: REGION, [arns.rotating]: REGION, [arns.still]: 'us-west-2' },
    );

    const shared = result.inventory.shared.kmsKeys;
    assert.deepEqual(Object.keys(shared).sort(), [...Object.values(arns), 'bare-rotating'].sort());
    assert.deepEqual(value(shared[arns.rotating]).rotation, {
      ok: true,
      value: { KeyId: arns.rotating, KeyRotationEnabled: true, RotationPeriodInDays: 365, NextRotationDate: '2026-12-01T00:00:00.000Z' },
    });
    assert.equal(value(value(shared[arns.still]).rotation).KeyRotationEnabled, false);
    assert.deepEqual(value(shared[arns.awsManaged]).rotation, { ok: true, value: { KeyRotationEnabled: true } });
    const asymmetric = value(shared[arns.asymmetric]).rotation;
    assert.ok(!asymmetric.ok);
    assert.equal(asymmetric.error.code, 'NotApplicable');
    assert.match(asymmetric.error.message, /symmetric encryption keys; this key is RSA_2048/);
    assert.equal(asymmetric.error.resource, arns.asymmetric);
    const imported = value(shared[arns.imported]).rotation;
    assert.ok(!imported.ok);
    assert.equal(imported.error.code, 'NotApplicable');
    assert.match(imported.error.message, /origin is EXTERNAL/);
    assert.equal(value(shared['bare-rotating']).Arn, keyArn('bare-rotating'));
    assert.deepEqual(result.inventory.errors, [], 'NotApplicable is no collection error');
  });

  it('records a key that cannot be described', async () => {
    restApiWith({ accessLogGroups: ['g'] });
    logGroupsFound([{ logGroupName: 'g', kmsKeyId: keyArn('gone') }]);
    keys({});
    const result = await collect();
    const slot = result.inventory.shared.kmsKeys[keyArn('gone')];
    assert.ok(slot && !slot.ok);
    assert.deepEqual(
      { ...slot.error, message: undefined },
      { service: 'kms', operation: 'DescribeKey', region: REGION, resource: keyArn('gone'), code: 'NotFoundException', message: undefined },
    );
    assert.equal(kms.commandCalls(GetKeyRotationStatusCommand).length, 0);
  });
});

describe('linked resources: Cognito user pools', () => {
  beforeEach(resetAws);
  after(restoreAws);

  it('reads the pools REST authorizers and JWT issuers trust, each in its region, with MFA and clients', async () => {
    restApiWith({ poolArns: [POOL_ARN] });
    httpApiTrusting(`https://cognito-idp.us-east-1.amazonaws.com/${JWT_POOL_ID}`);
    userPools({ '': { ids: ['web', 'mobile'], next: 'n2' }, n2: { ids: ['backend'] } });
    const result = await collect();

    const pools = result.inventory.shared.userPools;
    assert.deepEqual(Object.keys(pools).sort(), [POOL_ARN, JWT_POOL_ARN].sort());
    const describeCalls = cognito.commandCalls(DescribeUserPoolCommand);
    assert.deepEqual(
      Object.fromEntries((await regionsOf(describeCalls)).map((region, i) => [describeCalls[i]!.args[0].input.UserPoolId, region])),
      { [`${REGION}_RestPool1`]: REGION, [JWT_POOL_ID]: 'us-east-1' },
    );
    assert.deepEqual(
      cognito
        .commandCalls(ListUserPoolClientsCommand)
        .filter((call) => call.args[0].input.UserPoolId === JWT_POOL_ID)
        .map((call) => call.args[0].input),
      [
        { UserPoolId: JWT_POOL_ID, MaxResults: 60, NextToken: undefined },
        { UserPoolId: JWT_POOL_ID, MaxResults: 60, NextToken: 'n2' },
      ],
    );
    const pool = value(pools[JWT_POOL_ARN]);
    assert.equal(pool.Arn, JWT_POOL_ARN);
    assert.equal(pool.MfaConfiguration, 'OPTIONAL');
    assert.deepEqual(pool.Policies, { PasswordPolicy: { MinimumLength: 12, RequireSymbols: true } });
    assert.equal((pool as unknown as { CreationDate: string }).CreationDate, '2024-01-02T03:04:05.000Z');
    assert.deepEqual(value(pool.mfa), { MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } });
    const clients = value(pool.clients);
    assert.deepEqual(
      clients.map((c) => c.ClientId),
      ['web', 'mobile', 'backend'],
    );
    assert.deepEqual(clients[0], {
      UserPoolId: JWT_POOL_ID,
      ClientId: 'web',
      ClientName: 'web',
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      AccessTokenValidity: 60,
      TokenValidityUnits: { AccessToken: 'minutes' },
      LastModifiedDate: '2025-05-06T07:08:09.000Z',
    });
    assert.equal(cognito.commandCalls(DescribeUserPoolClientCommand).length, 6);
    // No client secret anywhere in the snapshot, and nothing about users was asked for.
    assert.doesNotMatch(JSON.stringify(result.inventory), /sEcReT|ClientSecret/);
    const asked = new Set(cognito.calls().map((call) => (call.args[0] as object).constructor.name));
    assert.deepEqual([...asked].sort(), [
      'DescribeUserPoolClientCommand',
      'DescribeUserPoolCommand',
      'GetUserPoolMfaConfigCommand',
      'ListUserPoolClientsCommand',
    ]);
    assert.deepEqual(parseInventory(JSON.parse(JSON.stringify(result.inventory)), 'test').shared.userPools[JWT_POOL_ARN]?.ok, true);
  });

  it('does not read a pool of another account', async () => {
    restApiWith({ poolArns: [FOREIGN_POOL_ARN] });
    userPools();
    const result = await collect();

    assert.equal(cognito.calls().length, 0);
    assert.deepEqual(result.inventory.shared.userPools[FOREIGN_POOL_ARN], {
      ok: false,
      error: {
        service: 'cognito-idp',
        operation: 'DescribeUserPool',
        region: REGION,
        resource: FOREIGN_POOL_ARN,
        code: 'CrossAccount',
        message: `the user pool belongs to account 999999999999, not to the scanned account ${ACCOUNT_ID}; apiposture reads the scanned account only`,
      },
    });
    assert.deepEqual(result.inventory.errors, []);
  });

  it('reads the risk configuration of an ENFORCED pool once, then once per app client, keeping the clients that have their own', async () => {
    restApiWith({ poolArns: [POOL_ARN] });
    userPools({ '': { ids: ['web', 'mobile'] } }, 'ENFORCED');
    const poolLevel = {
      UserPoolId: `${REGION}_RestPool1`,
      CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' as const } },
      AccountTakeoverRiskConfiguration: { Actions: { HighAction: { EventAction: 'MFA_REQUIRED' as const, Notify: true } } },
      LastModifiedDate: new Date('2025-02-03T04:05:06Z'),
    };
    const mobileOwn = {
      UserPoolId: `${REGION}_RestPool1`,
      ClientId: 'mobile',
      CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' as const } },
      AccountTakeoverRiskConfiguration: { Actions: { HighAction: { EventAction: 'NO_ACTION' as const, Notify: false } } },
    };
    cognito.on(DescribeRiskConfigurationCommand).callsFake((input: { UserPoolId: string; ClientId?: string }) => ({
      // A client without its own configuration is answered with the pool's (no ClientId).
      RiskConfiguration: input.ClientId === 'mobile' ? mobileOwn : poolLevel,
    }));
    const result = await collect();

    assert.deepEqual(
      cognito.commandCalls(DescribeRiskConfigurationCommand).map((call) => call.args[0].input.ClientId ?? 'pool'),
      ['pool', 'web', 'mobile'],
    );
    const risk = value(value(result.inventory.shared.userPools[POOL_ARN]).riskConfiguration);
    assert.deepEqual(risk, { pool: { ...poolLevel, LastModifiedDate: '2025-02-03T04:05:06.000Z' }, clients: { mobile: mobileOwn } });
    assert.deepEqual(result.inventory.errors, []);
    const [threat] = runChecks([cognitoThreatProtection], result.inventory);
    assert.equal(threat?.status, 'FAIL');
    assert.deepEqual(threat?.evidence.problems, ['app client mobile (mobile): high-risk sign-ins are allowed (NO_ACTION)']);
  });

  it('records a denied DescribeRiskConfiguration in the slot; the checks that need it report ERROR, never PASS', async () => {
    restApiWith({ poolArns: [POOL_ARN] });
    userPools(undefined, 'ENFORCED');
    cognito.on(DescribeRiskConfigurationCommand).rejects(denied('cognito-idp', 'DescribeRiskConfiguration'));
    const result = await collect();

    const pool = value(result.inventory.shared.userPools[POOL_ARN]);
    assert.ok(pool.riskConfiguration && !pool.riskConfiguration.ok);
    assert.equal(pool.riskConfiguration.error.code, 'AccessDeniedException');
    assert.deepEqual(result.inventory.errors.map((e) => e.operation), ['DescribeRiskConfiguration', 'DescribeRiskConfiguration']);
    // The pool's MFA is OPTIONAL: adaptive authentication cannot be shown without the risk configuration.
    const results = runChecks([cognitoThreatProtection, cognitoMfa], result.inventory);
    assert.deepEqual(results.map((r) => [r.checkId, r.status, r.messageId]), [
      ['cognito-threat-protection', 'ERROR', 'collection-gap'],
      ['cognito-mfa', 'ERROR', 'collection-gap'],
    ]);
  });

  it('takes ResourceNotFoundException for the risk configuration as nothing configured, not as an error', async () => {
    restApiWith({ poolArns: [POOL_ARN] });
    userPools(undefined, 'ENFORCED');
    cognito
      .on(DescribeRiskConfigurationCommand)
      .rejects(Object.assign(new Error('Risk configuration not found'), { name: 'ResourceNotFoundException', $fault: 'client', $metadata: {} }));
    const result = await collect();

    const risk = value(value(result.inventory.shared.userPools[POOL_ARN]).riskConfiguration);
    assert.deepEqual(risk, { pool: { UserPoolId: `${REGION}_RestPool1` }, clients: {} });
    assert.deepEqual(result.inventory.errors, []);
    const [threat] = runChecks([cognitoThreatProtection], result.inventory);
    assert.equal(threat?.messageId, 'enforced-no-action');
  });

  it('does not ask for the risk configuration when threat protection is AUDIT', async () => {
    restApiWith({ poolArns: [POOL_ARN] });
    userPools(undefined, 'AUDIT');
    const result = await collect();

    assert.equal(cognito.commandCalls(DescribeRiskConfigurationCommand).length, 0);
    assert.equal(value(result.inventory.shared.userPools[POOL_ARN]).riskConfiguration, undefined);
  });

  it('records a JWT issuer pool the scanned account does not have as not found, not as a collection error', async () => {
    httpApiTrusting(`https://cognito-idp.us-east-1.amazonaws.com/${JWT_POOL_ID}`);
    cognito
      .on(DescribeUserPoolCommand)
      .rejects(Object.assign(new Error(`User pool ${JWT_POOL_ID} does not exist.`), { name: 'ResourceNotFoundException', $fault: 'client', $metadata: {} }));
    const result = await collect();

    const slot = result.inventory.shared.userPools[JWT_POOL_ARN];
    assert.ok(slot && !slot.ok);
    assert.equal(slot.error.code, 'ResourceNotFoundException');
    assert.deepEqual(result.inventory.errors, []);
    assert.equal(cognito.calls().length, 1, 'nothing more is asked about a pool that is not there');
    const [mfa] = runChecks([cognitoMfa], result.inventory);
    assert.equal(mfa?.status, 'NOT_APPLICABLE');
    assert.match(mfa?.message ?? '', /outside the scanned account/);
  });

  it('fails the clients slot when one client cannot be described, and keeps the rest of the pool', async () => {
    restApiWith({ poolArns: [POOL_ARN] });
    userPools({ '': { ids: ['web', 'locked'] } });
    cognito.on(DescribeUserPoolClientCommand, { ClientId: 'locked' }).rejects(denied('cognito-idp', 'DescribeUserPoolClient'));
    const result = await collect();

    const pool = value(result.inventory.shared.userPools[POOL_ARN]);
    assert.ok(!pool.clients.ok);
    assert.equal(pool.clients.error.operation, 'DescribeUserPoolClient');
    assert.ok(pool.mfa.ok);
  });

  it('with Cognito denied altogether, records the pools as errors and collects everything else', async () => {
    restApiWith({ poolArns: [POOL_ARN], accessLogGroups: ['g'] });
    httpApiTrusting(`https://cognito-idp.us-east-1.amazonaws.com/${JWT_POOL_ID}`);
    cognito.onAnyCommand().rejects(
      new CognitoIdentityProviderServiceException({
        name: 'AccessDeniedException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
        message: 'User is not authorized to perform: cognito-idp:DescribeUserPool',
      }),
    );
    logGroupsFound([{ logGroupName: 'g', retentionInDays: 7 }]);
    const trailArn = `arn:aws:cloudtrail:${REGION}:${ACCOUNT_ID}:trail/t`;
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: 't', TrailARN: trailArn, HomeRegion: REGION }] });
    cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    iam.on(GetAccountAuthorizationDetailsCommand).resolves({
      Policies: [{ PolicyName: 'p', Arn: `arn:aws:iam::${ACCOUNT_ID}:policy/p`, PolicyVersionList: [{ IsDefaultVersion: true, Document: '%7B%7D' }] }],
    });
    const result = await collect();

    const pools = result.inventory.shared.userPools;
    for (const arn of [POOL_ARN, JWT_POOL_ARN]) {
      const slot = pools[arn];
      assert.ok(slot && !slot.ok, arn);
      assert.equal(slot.error.code, 'AccessDeniedException');
      assert.equal(slot.error.operation, 'DescribeUserPool');
    }
    assert.deepEqual(
      result.inventory.errors.map((e) => `${e.service}:${e.operation}:${e.region}`),
      [`cognito-idp:DescribeUserPool:${REGION}`, 'cognito-idp:DescribeUserPool:us-east-1'],
    );
    const region = regionOf(result);
    assert.equal(value(region.apigateway.restApis).length, 1);
    assert.equal(value(region.trails)[0]?.Name, 't');
    assert.deepEqual(value(region.logGroups.g), { logGroupName: 'g', exists: true, retentionInDays: 7 });
    assert.equal(value(result.inventory.shared.iamPolicies).length, 1);
  });
});

describe('linked resources: IAM policies', () => {
  beforeEach(resetAws);
  after(restoreAws);

  const doc = (action: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
  /** IAM's URL encoding (RFC 3986): spaces, quotes, braces and colons all escaped. */
  const encoded = (document: object) => encodeURIComponent(JSON.stringify(document, null, 1));

  it('pages by Marker, decodes documents, lists managed then inline policies, and whom each managed one is attached to', async () => {
    const policyArn = `arn:aws:iam::${ACCOUNT_ID}:policy/service/api-callers`;
    const roleArn = `arn:aws:iam::${ACCOUNT_ID}:role/app/lambda-exec`;
    const userArn = `arn:aws:iam::${ACCOUNT_ID}:user/deployer`;
    const groupArn = `arn:aws:iam::${ACCOUNT_ID}:group/admins`;
    const spareArn = `arn:aws:iam::${ACCOUNT_ID}:policy/spare`;
    iam.on(GetAccountAuthorizationDetailsCommand).callsFake((input: { Marker?: string }) =>
      input.Marker === undefined
        ? {
            IsTruncated: true,
            Marker: 'm2',
            Policies: [
              {
                PolicyName: 'api-callers',
                Arn: policyArn,
                DefaultVersionId: 'v2',
                AttachmentCount: 3,
                PolicyVersionList: [
                  { VersionId: 'v1', IsDefaultVersion: false, Document: encoded(doc('old:*')) },
                  { VersionId: 'v2', IsDefaultVersion: true, Document: encoded(doc('execute-api:Invoke')) },
                ],
              },
              { PolicyName: 'spare', Arn: spareArn, AttachmentCount: 0, PolicyVersionList: [{ IsDefaultVersion: true, Document: encoded(doc('s3:*')) }] },
            ],
            RoleDetailList: [
              {
                RoleName: 'lambda-exec',
                Arn: roleArn,
                RolePolicyList: [
                  { PolicyName: 'inline-a', PolicyDocument: encoded(doc('s3:GetObject')) },
                  { PolicyName: 'inline-b', PolicyDocument: encoded(doc('sqs:SendMessage')) },
                ],
                AttachedManagedPolicies: [{ PolicyName: 'api-callers', PolicyArn: policyArn }],
              },
              { RoleName: 'empty', Arn: `arn:aws:iam::${ACCOUNT_ID}:role/empty`, RolePolicyList: [] },
            ],
          }
        : {
            IsTruncated: false,
            UserDetailList: [
              {
                UserName: 'deployer',
                Arn: userArn,
                UserPolicyList: [{ PolicyName: 'deploy', PolicyDocument: encoded(doc('apigateway:*')) }],
                AttachedManagedPolicies: [{ PolicyName: 'api-callers', PolicyArn: policyArn }],
              },
            ],
            GroupDetailList: [
              {
                GroupName: 'admins',
                Arn: groupArn,
                GroupPolicyList: [{ PolicyName: 'all', PolicyDocument: encoded(doc('*')) }],
                AttachedManagedPolicies: [{ PolicyName: 'api-callers', PolicyArn: policyArn }],
              },
            ],
          },
    );
    const result = await collect({ regions: ['eu-west-1', 'us-east-1'] });

    const calls = iam.commandCalls(GetAccountAuthorizationDetailsCommand);
    assert.deepEqual(
      calls.map((call) => call.args[0].input),
      [
        { Filter: ['LocalManagedPolicy', 'Role', 'User', 'Group'], MaxItems: 1000, Marker: undefined },
        { Filter: ['LocalManagedPolicy', 'Role', 'User', 'Group'], MaxItems: 1000, Marker: 'm2' },
      ],
      'once per scan, whatever the number of regions',
    );
    assert.deepEqual(await regionsOf(calls), ['eu-west-1', 'eu-west-1']);
    assert.equal(iam.commandCalls(ListPoliciesCommand).length, 0, 'no AWS-managed policy attached: no call for them');
    assert.equal(iam.commandCalls(GetPolicyVersionCommand).length, 0);
    assert.deepEqual(value(result.inventory.shared.iamPolicies), [
      {
        kind: 'managed',
        name: 'api-callers',
        arn: policyArn,
        attachmentCount: 3,
        attachedTo: ['group/admins', 'role/app/lambda-exec', 'user/deployer'],
        document: JSON.stringify(doc('execute-api:Invoke'), null, 1),
      },
      { kind: 'managed', name: 'spare', arn: spareArn, attachmentCount: 0, attachedTo: [], document: JSON.stringify(doc('s3:*'), null, 1) },
      { kind: 'role', name: 'inline-a', arn: roleArn, document: JSON.stringify(doc('s3:GetObject'), null, 1) },
      { kind: 'role', name: 'inline-b', arn: roleArn, document: JSON.stringify(doc('sqs:SendMessage'), null, 1) },
      { kind: 'user', name: 'deploy', arn: userArn, document: JSON.stringify(doc('apigateway:*'), null, 1) },
      { kind: 'group', name: 'all', arn: groupArn, document: JSON.stringify(doc('*'), null, 1) },
    ]);
    assert.deepEqual(result.inventory.shared.awsManagedPolicies, {});
  });

  it('fails the slot, inventing nothing, when a document is missing or not URL-encoded', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand).resolves({
      Policies: [{ PolicyName: 'p', Arn: `arn:aws:iam::${ACCOUNT_ID}:policy/p`, PolicyVersionList: [{ IsDefaultVersion: true, Document: '%E0%A4%A' }] }],
    });
    const result = await collect();
    const slot = result.inventory.shared.iamPolicies;
    assert.ok(!slot.ok);
    assert.equal(slot.error.code, 'UnexpectedResponse');
    assert.match(slot.error.message, /arn:aws:iam::123456789012:policy\/p is not URL-encoded/);
  });

  it('records AccessDenied as the slot error', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand).rejects(denied('iam', 'GetAccountAuthorizationDetails'));
    const result = await collect();
    const slot = result.inventory.shared.iamPolicies;
    assert.ok(!slot.ok);
    assert.deepEqual(slot.error, {
      service: 'iam',
      operation: 'GetAccountAuthorizationDetails',
      region: REGION,
      resource: ACCOUNT_ID,
      code: 'AccessDeniedException',
      message: 'User is not authorized to perform: iam:GetAccountAuthorizationDetails',
    });
    assert.ok(!('awsManagedPolicies' in result.inventory.shared), 'which AWS-managed policies are attached is unknown');
    assert.equal(iam.commandCalls(ListPoliciesCommand).length, 0);
  });
});

describe('linked resources: attached AWS-managed policies', () => {
  beforeEach(resetAws);
  after(restoreAws);

  const AWS = 'arn:aws:iam::aws:policy';
  const doc = (action: string, resource = '*') => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });
  const principals = {
    RoleDetailList: [
      {
        RoleName: 'break-glass',
        Arn: `arn:aws:iam::${ACCOUNT_ID}:role/break-glass`,
        AttachedManagedPolicies: [
          { PolicyName: 'AdministratorAccess', PolicyArn: `${AWS}/AdministratorAccess` },
          { PolicyName: 'ReadOnlyAccess', PolicyArn: `${AWS}/ReadOnlyAccess` },
        ],
      },
    ],
    UserDetailList: [
      {
        UserName: 'partner',
        Arn: `arn:aws:iam::${ACCOUNT_ID}:user/partners/acme`,
        AttachedManagedPolicies: [{ PolicyName: 'AmazonAPIGatewayInvokeFullAccess', PolicyArn: `${AWS}/AmazonAPIGatewayInvokeFullAccess` }],
      },
    ],
    GroupDetailList: [
      { GroupName: 'ops', Arn: `arn:aws:iam::${ACCOUNT_ID}:group/ops`, AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: `${AWS}/AdministratorAccess` }] },
    ],
  };
  const listed = (name: string, version: string, count: number) => ({ PolicyName: name, Arn: `${AWS}/${name}`, DefaultVersionId: version, AttachmentCount: count });
  const documents: Record<string, object> = {
    [`${AWS}/AdministratorAccess@v1`]: doc('*'),
    [`${AWS}/AmazonAPIGatewayInvokeFullAccess@v2`]: doc('execute-api:Invoke', 'arn:aws:execute-api:*:*:*'),
    [`${AWS}/ReadOnlyAccess@v131`]: doc('apigateway:GET'),
  };
  function serveAwsPolicies(): void {
    iam.on(GetAccountAuthorizationDetailsCommand).resolves({ IsTruncated: false, ...principals });
    iam.on(ListPoliciesCommand).callsFake((input: { Marker?: string }) =>
      input.Marker === undefined
        ? { IsTruncated: true, Marker: 'p2', Policies: [listed('AdministratorAccess', 'v1', 2), listed('AmazonS3ReadOnlyAccess', 'v3', 1)] }
        : { IsTruncated: false, Policies: [listed('AmazonAPIGatewayInvokeFullAccess', 'v2', 1), listed('ReadOnlyAccess', 'v131', 1)] },
    );
    iam.on(GetPolicyVersionCommand).callsFake((input: { PolicyArn: string; VersionId: string }) => {
      const document = documents[`${input.PolicyArn}@${input.VersionId}`];
      assert.ok(document, `${input.PolicyArn}@${input.VersionId} is a default version`);
      return { PolicyVersion: { VersionId: input.VersionId, IsDefaultVersion: true, Document: encodeURIComponent(JSON.stringify(document)) } };
    });
  }
  const iamDenied = (action: string) =>
    new IAMServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: `User is not authorized to perform: iam:${action}` });

  it('reads the default version of each attached one: one paged ListPolicies, one GetPolicyVersion each', async () => {
    serveAwsPolicies();
    const result = await collect();
    assert.deepEqual(
      iam.commandCalls(ListPoliciesCommand).map((call) => call.args[0].input),
      [
        { Scope: 'AWS', OnlyAttached: true, PolicyUsageFilter: 'PermissionsPolicy', MaxItems: 1000, Marker: undefined },
        { Scope: 'AWS', OnlyAttached: true, PolicyUsageFilter: 'PermissionsPolicy', MaxItems: 1000, Marker: 'p2' },
      ],
    );
    assert.deepEqual(
      iam.commandCalls(GetPolicyVersionCommand).map((call) => call.args[0].input),
      [
        { PolicyArn: `${AWS}/AdministratorAccess`, VersionId: 'v1' },
        { PolicyArn: `${AWS}/AmazonAPIGatewayInvokeFullAccess`, VersionId: 'v2' },
        { PolicyArn: `${AWS}/ReadOnlyAccess`, VersionId: 'v131' },
      ],
      'only the attached ones: not AmazonS3ReadOnlyAccess, which no principal in the details holds',
    );
    assert.deepEqual(result.inventory.shared.awsManagedPolicies, {
      [`${AWS}/AdministratorAccess`]: {
        ok: true,
        value: { kind: 'managed', name: 'AdministratorAccess', arn: `${AWS}/AdministratorAccess`, attachmentCount: 2, attachedTo: ['group/ops', 'role/break-glass'], document: JSON.stringify(doc('*')) },
      },
      [`${AWS}/AmazonAPIGatewayInvokeFullAccess`]: {
        ok: true,
        value: {
          kind: 'managed',
          name: 'AmazonAPIGatewayInvokeFullAccess',
          arn: `${AWS}/AmazonAPIGatewayInvokeFullAccess`,
          attachmentCount: 1,
          attachedTo: ['user/partners/acme'],
          document: JSON.stringify(doc('execute-api:Invoke', 'arn:aws:execute-api:*:*:*')),
        },
      },
      [`${AWS}/ReadOnlyAccess`]: {
        ok: true,
        value: { kind: 'managed', name: 'ReadOnlyAccess', arn: `${AWS}/ReadOnlyAccess`, attachmentCount: 1, attachedTo: ['role/break-glass'], document: JSON.stringify(doc('apigateway:GET')) },
      },
    });
    assert.deepEqual(result.inventory.errors, []);
    parseInventory(JSON.parse(JSON.stringify(result.inventory)), 'collected');
  });

  it('ListPolicies denied: every attached AWS-managed policy is a failed slot, the rest is kept', async () => {
    serveAwsPolicies();
    iam.on(ListPoliciesCommand).rejects(iamDenied('ListPolicies'));
    const result = await collect();
    const slots = result.inventory.shared.awsManagedPolicies ?? {};
    assert.deepEqual(Object.keys(slots), [`${AWS}/AdministratorAccess`, `${AWS}/AmazonAPIGatewayInvokeFullAccess`, `${AWS}/ReadOnlyAccess`]);
    for (const slot of Object.values(slots)) {
      assert.ok(!slot.ok);
      assert.equal(slot.error.operation, 'ListPolicies');
      assert.equal(slot.error.code, 'AccessDenied');
    }
    assert.equal(iam.commandCalls(GetPolicyVersionCommand).length, 0);
    assert.deepEqual(value(result.inventory.shared.iamPolicies), []);
    assert.deepEqual(result.inventory.errors.map((e) => `${e.operation} ${e.code}`), ['ListPolicies AccessDenied'], 'one failed call, one error');
    assert.deepEqual(
      runChecks([iamApiWildcards], result.inventory).map((r) => `${r.resource.name} ${r.status} ${r.messageId}`),
      [
        'AdministratorAccess ERROR collection-gap',
        'AmazonAPIGatewayInvokeFullAccess ERROR collection-gap',
        'ReadOnlyAccess ERROR collection-gap',
      ],
      'never a PASS for a policy whose document could not be read',
    );
  });

  it('GetPolicyVersion denied for one policy fails that policy only', async () => {
    serveAwsPolicies();
    iam.on(GetPolicyVersionCommand, { PolicyArn: `${AWS}/AdministratorAccess`, VersionId: 'v1' }).rejects(iamDenied('GetPolicyVersion'));
    const result = await collect();
    const slots = result.inventory.shared.awsManagedPolicies ?? {};
    const admin = slots[`${AWS}/AdministratorAccess`];
    assert.ok(admin && !admin.ok);
    assert.deepEqual(
      { operation: admin.error.operation, resource: admin.error.resource, code: admin.error.code },
      { operation: 'GetPolicyVersion', resource: `${AWS}/AdministratorAccess`, code: 'AccessDenied' },
    );
    assert.ok(slots[`${AWS}/AmazonAPIGatewayInvokeFullAccess`]?.ok);
    assert.ok(slots[`${AWS}/ReadOnlyAccess`]?.ok);
    assert.deepEqual(
      runChecks([iamApiWildcards], result.inventory).map((r) => `${r.resource.name} ${r.status} ${r.messageId} ${r.severity}`),
      ['AdministratorAccess ERROR collection-gap medium', 'AmazonAPIGatewayInvokeFullAccess FAIL broad-grant high', 'ReadOnlyAccess PASS scoped medium'],
    );
  });

  it('a policy attached but not listed, or a version without a document, fails that policy as UnexpectedResponse', async () => {
    serveAwsPolicies();
    iam.on(ListPoliciesCommand).resolves({ IsTruncated: false, Policies: [listed('AdministratorAccess', 'v1', 2), listed('ReadOnlyAccess', 'v131', 1)] });
    iam.on(GetPolicyVersionCommand, { PolicyArn: `${AWS}/ReadOnlyAccess`, VersionId: 'v131' }).resolves({ PolicyVersion: { VersionId: 'v131' } });
    const result = await collect();
    const slots = result.inventory.shared.awsManagedPolicies ?? {};
    const invoke = slots[`${AWS}/AmazonAPIGatewayInvokeFullAccess`];
    assert.ok(invoke && !invoke.ok);
    assert.equal(invoke.error.code, 'UnexpectedResponse');
    assert.match(invoke.error.message, /did not give the default version of .*AmazonAPIGatewayInvokeFullAccess, attached to user\/partners\/acme/);
    const readOnly = slots[`${AWS}/ReadOnlyAccess`];
    assert.ok(readOnly && !readOnly.ok);
    assert.match(readOnly.error.message, /no policy document for version v131/);
    assert.ok(slots[`${AWS}/AdministratorAccess`]?.ok);
  });
});

describe('linked resources: progress', () => {
  beforeEach(resetAws);
  after(restoreAws);

  it('reports the account-wide phases under `global`', async () => {
    restApiWith({ poolArns: [POOL_ARN] });
    userPools();
    const events: CollectProgress[] = [];
    await collect({ onProgress: (event) => events.push(event) });
    const last = new Map<string, CollectProgress>();
    for (const event of events.filter((e) => e.region === 'global')) last.set(event.phase, event);
    assert.deepEqual(Object.fromEntries([...last].map(([phase, e]) => [phase, [e.done, e.total]])), {
      'iam-policies': [1, 1],
      'user-pools': [1, 1],
      'kms-keys': [0, 0],
      'lambda-functions': [0, 0],
      'user-pool-web-acls': [1, 1],
      // No hosted zone is listed: the phase ends at once.
      'dns-records': [0, 0],
      shield: [1, 1],
    });
  });
});

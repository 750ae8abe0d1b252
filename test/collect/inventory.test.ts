import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, beforeEach, describe, it } from 'node:test';
import { DescribeCertificateCommand } from '@aws-sdk/client-acm';
import {
  GetAccountCommand,
  GetAuthorizersCommand,
  GetClientCertificatesCommand,
  GetDeploymentCommand,
  GetDomainNamesCommand,
  GetExportCommand,
  GetRequestValidatorsCommand,
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
import {
  DescribeRiskConfigurationCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  ListUserPoolClientsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DescribeIdentityPoolCommand, GetIdentityPoolRolesCommand, ListIdentityPoolsCommand } from '@aws-sdk/client-cognito-identity';
import { GetAccountAuthorizationDetailsCommand, GetPolicyVersionCommand, ListPoliciesCommand } from '@aws-sdk/client-iam';
import { DescribeKeyCommand, GetKeyRotationStatusCommand } from '@aws-sdk/client-kms';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { GetWebACLCommand } from '@aws-sdk/client-wafv2';
import { ListHostedZonesCommand, ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import { GetSubscriptionStateCommand, ListProtectionsCommand } from '@aws-sdk/client-shield';
import { GetFunctionConfigurationCommand, GetFunctionUrlConfigCommand, GetPolicyCommand } from '@aws-sdk/client-lambda';
import {
  COLLECTOR_OPERATIONS,
  CredentialsError,
  IDENTITY_OPERATION,
  type CollectProgress,
} from '../../src/collect/index.js';
import { parseInventory } from '../../src/inventory/io.js';
import {
  acm,
  apigateway,
  apigatewayv2,
  cloudfront,
  cloudtrail,
  cloudwatch,
  cognito,
  cognitoIdentity,
  collect,
  iam,
  kms,
  lambda,
  logs,
  regionOf,
  resetAws,
  restoreAws,
  route53,
  shield,
  sts,
  value,
  wafv2,
} from './mock-aws.js';

const ACL_ARN = 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/acl/1';
const CERT_ARN = 'arn:aws:acm:eu-west-1:123456789012:certificate/c1';
const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/k1';
const TRAIL_ARN = 'arn:aws:cloudtrail:eu-west-1:123456789012:trail/audit';
const FUNCTION_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:orders-handler';

/** One of everything, so every collector path runs. */
function fullAccount() {
  apigateway.on(GetAccountCommand).resolves({
    $metadata: { httpStatusCode: 200, requestId: 'req-1' },
    cloudwatchRoleArn: 'arn:aws:iam::123456789012:role/apigw-logs',
    throttleSettings: { burstLimit: 5000, rateLimit: 10000 },
    features: ['UsagePlans'],
  });
  apigateway.on(GetRestApisCommand).resolves({
    items: [
      {
        id: 'a1',
        name: 'orders',
        createdDate: new Date('2024-03-01T10:00:00Z'),
        binaryMediaTypes: ['image/png'],
        endpointConfiguration: { types: ['REGIONAL'], ipAddressType: 'ipv4' },
        policy: '{\\"Version\\":\\"2012-10-17\\"}',
      },
      { id: 'b2', name: 'users' },
    ],
  });
  apigateway.on(GetResourcesCommand).resolves({
    items: [
      {
        id: 'r',
        path: '/',
        resourceMethods: { GET: { httpMethod: 'GET', authorizationType: 'CUSTOM', authorizerId: 'z1', requestValidatorId: 'v1' } },
      },
    ],
  });
  apigateway.on(GetAuthorizersCommand).resolves({ items: [{ id: 'z1', type: 'TOKEN' }] });
  apigateway.on(GetRequestValidatorsCommand).resolves({ items: [{ id: 'v1', validateRequestBody: true }] });
  apigateway.on(GetStagesCommand).resolves({
    item: [
      {
        stageName: 'prod',
        // What the stage serves (GetExport), and what only its canary serves (GetDeployment).
        deploymentId: 'd1',
        canarySettings: { deploymentId: 'c1', percentTraffic: 5 },
        webAclArn: ACL_ARN,
        createdDate: new Date('2024-03-02T00:00:00Z'),
        lastUpdatedDate: new Date('2024-04-02T00:00:00Z'),
        methodSettings: { '*/*': { loggingLevel: 'ERROR', metricsEnabled: false } },
      },
    ],
  });
  apigateway.on(GetDomainNamesCommand).resolves({
    items: [{ domainName: 'api.example.com', regionalCertificateArn: CERT_ARN, certificateUploadDate: new Date('2024-01-01T00:00:00Z') }],
  });
  apigateway.on(GetClientCertificatesCommand).resolves({ items: [{ clientCertificateId: 'cc1', expirationDate: new Date('2026-01-01T00:00:00Z') }] });
  wafv2.on(GetWebACLCommand).resolves({
    WebACL: {
      ARN: ACL_ARN,
      Name: 'acl',
      Id: '1',
      DefaultAction: { Block: {} },
      Rules: [],
      VisibilityConfig: { SampledRequestsEnabled: false, CloudWatchMetricsEnabled: true, MetricName: 'acl' },
    },
  });
  acm.on(DescribeCertificateCommand).resolves({ Certificate: { CertificateArn: CERT_ARN, NotAfter: new Date('2026-01-01T00:00:00Z') } });
  const openapi = (paths: object) => Buffer.from(JSON.stringify({ openapi: '3.0.1', info: { title: 'x', version: '1' }, paths })) as never;
  apigateway.on(GetExportCommand).resolves({ body: openapi({ '/': { get: { security: [] } } }) });
  apigateway.on(GetDeploymentCommand).resolves({ id: 'c1', apiSummary: { '/': { GET: { authorizationType: 'NONE', apiKeyRequired: false } } } });
  // A stage without automatic deployment: its export is what it serves.
  apigatewayv2.on(GetV2StagesCommand).resolves({ Items: [{ StageName: 'live', AutoDeploy: false }] });
  // The HTTP API's route invokes a Lambda function: its configuration, policy and URL are read.
  const integration = { type: 'aws_proxy', uri: FUNCTION_ARN, payloadFormatVersion: '2.0' };
  apigatewayv2.on(ExportApiCommand).resolves({ body: openapi({ '/items': { get: { 'x-amazon-apigateway-integration': integration } } }) });
  apigatewayv2.on(GetApisCommand).resolves({ Items: [{ ApiId: 'h1', Name: 'http', ProtocolType: 'HTTP', RouteSelectionExpression: '$request.method $request.path' }] });
  apigatewayv2.on(GetRoutesCommand).resolves({ Items: [{ RouteKey: 'GET /items', AuthorizationType: 'JWT', AuthorizerId: 'j1' }] });
  apigatewayv2.on(GetV2AuthorizersCommand).resolves({
    Items: [{ AuthorizerId: 'j1', Name: 'jwt', AuthorizerType: 'JWT', JwtConfiguration: { Issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool1' } }],
  });
  apigatewayv2.on(GetV2DomainNamesCommand).resolves({ Items: [{ DomainName: 'api.example.com' }] });
  apigatewayv2.on(GetApiMappingsCommand).resolves({ Items: [{ ApiId: 'h1', Stage: '$default', ApiMappingKey: '' }] });
  // What protects the APIs: a trail, an alarm, the stages' execution log groups, a pool, a key, IAM.
  cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: 'audit', TrailARN: TRAIL_ARN, HomeRegion: 'eu-west-1', KmsKeyId: KEY_ARN }] });
  cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
  cloudtrail.on(GetEventSelectorsCommand).resolves({ TrailARN: TRAIL_ARN, EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] });
  cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'api-5xx', Namespace: 'AWS/ApiGateway', MetricName: '5XXError' }] });
  logs.on(DescribeLogGroupsCommand).resolves({
    logGroups: [{ logGroupName: 'API-Gateway-Execution-Logs_a1/prod', retentionInDays: 30, kmsKeyId: KEY_ARN }],
  });
  cognito.on(DescribeUserPoolCommand).resolves({
    UserPool: {
      Id: 'eu-west-1_Pool1',
      Arn: 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Pool1',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    },
  });
  cognito.on(DescribeRiskConfigurationCommand).resolves({ RiskConfiguration: { UserPoolId: 'eu-west-1_Pool1' } });
  cognito.on(GetUserPoolMfaConfigCommand).resolves({ MfaConfiguration: 'ON' });
  cognito.on(ListUserPoolClientsCommand).resolves({ UserPoolClients: [{ ClientId: 'c1' }] });
  cognito.on(DescribeUserPoolClientCommand).resolves({ UserPoolClient: { ClientId: 'c1' } });
  kms.on(DescribeKeyCommand).resolves({
    KeyMetadata: { KeyId: 'k1', Arn: KEY_ARN, KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', Origin: 'AWS_KMS' },
  });
  kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: true });
  const invokeFullAccess = 'arn:aws:iam::aws:policy/AmazonAPIGatewayInvokeFullAccess';
  iam.on(GetAccountAuthorizationDetailsCommand).resolves({
    RoleDetailList: [
      {
        Arn: 'arn:aws:iam::123456789012:role/r',
        RoleName: 'r',
        RolePolicyList: [{ PolicyName: 'p', PolicyDocument: '%7B%7D' }],
        AttachedManagedPolicies: [{ PolicyName: 'AmazonAPIGatewayInvokeFullAccess', PolicyArn: invokeFullAccess }],
      },
    ],
  });
  iam.on(ListPoliciesCommand).resolves({ Policies: [{ Arn: invokeFullAccess, PolicyName: 'AmazonAPIGatewayInvokeFullAccess', DefaultVersionId: 'v1' }] });
  iam.on(GetPolicyVersionCommand).resolves({ PolicyVersion: { VersionId: 'v1', IsDefaultVersion: true, Document: '%7B%7D' } });
  cognitoIdentity.on(ListIdentityPoolsCommand).resolves({ IdentityPools: [{ IdentityPoolId: 'eu-west-1:1111', IdentityPoolName: 'guests' }] });
  cognitoIdentity.on(DescribeIdentityPoolCommand).resolves({ IdentityPoolId: 'eu-west-1:1111', IdentityPoolName: 'guests', AllowUnauthenticatedIdentities: false });
  cognitoIdentity.on(GetIdentityPoolRolesCommand).resolves({ IdentityPoolId: 'eu-west-1:1111', Roles: {} });
  route53.on(ListHostedZonesCommand).resolves({ HostedZones: [{ Id: '/hostedzone/Z1', Name: 'example.com.', CallerReference: 'z1' }], IsTruncated: false });
  route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [{ Name: 'example.com.', Type: 'NS', TTL: 172800, ResourceRecords: [{ Value: 'ns-1.awsdns-01.org.' }] }], IsTruncated: false });
  shield.on(GetSubscriptionStateCommand).resolves({ SubscriptionState: 'ACTIVE' });
  shield.on(ListProtectionsCommand).resolves({ Protections: [{ Id: 'p1', Name: 'cdn', ResourceArn: 'arn:aws:cloudfront::123456789012:distribution/E1CDN' }] });
  cloudfront.on(ListDistributionsCommand).resolves({ DistributionList: { Marker: '', MaxItems: 100, IsTruncated: false, Quantity: 0 } });
  lambda.on(GetFunctionConfigurationCommand).resolves({ FunctionName: 'orders-handler', FunctionArn: FUNCTION_ARN, Runtime: 'nodejs22.x', PackageType: 'Zip' });
  lambda.on(GetPolicyCommand).resolves({ Policy: '{"Version":"2012-10-17","Statement":[]}' });
  lambda.on(GetFunctionUrlConfigCommand).resolves({ FunctionUrl: 'https://orders.lambda-url.eu-west-1.on.aws/', AuthType: 'AWS_IAM' });
}

describe('collectInventory', () => {
  beforeEach(resetAws);
  after(restoreAws);

  it('builds a snapshot that validates, with the account, partition, tool version and time', async () => {
    fullAccount();
    sts.on(GetCallerIdentityCommand).resolves({ Account: '210987654321', Arn: 'arn:aws-cn:sts::210987654321:assumed-role/audit/s' });
    const result = await collect({ regions: ['cn-north-1'], now: () => new Date('2026-11-01T12:00:00Z') });
    const { inventory } = result;

    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    assert.deepEqual(inventory.tool, { name: 'apiposture', version: pkg.version });
    assert.equal(inventory.schemaVersion, 2);
    assert.equal(inventory.collectedAt, '2026-11-01T12:00:00.000Z');
    assert.deepEqual(inventory.account, { id: '210987654321', partition: 'aws-cn' });
    const [api] = value(regionOf(result, 'cn-north-1').apigateway.restApis);
    assert.equal(api?.arn, 'arn:aws-cn:apigateway:cn-north-1::/restapis/a1');
    assert.deepEqual(inventory.errors, []);
    assert.deepEqual(parseInventory(JSON.parse(JSON.stringify(inventory)), 'test').account, inventory.account);
  });

  it('keeps every field AWS returned as JSON data: Dates as ISO strings, no $metadata', async () => {
    fullAccount();
    const result = await collect();
    const region = regionOf(result);

    // A JSON round trip changes nothing: no Dates, no undefined members, no class instances.
    assert.deepEqual(JSON.parse(JSON.stringify(result.inventory)), result.inventory);
    assert.deepEqual(value(region.apigateway.account), {
      cloudwatchRoleArn: 'arn:aws:iam::123456789012:role/apigw-logs',
      throttleSettings: { burstLimit: 5000, rateLimit: 10000 },
      features: ['UsagePlans'],
    });
    const [api] = value(region.apigateway.restApis);
    assert.equal(api?.createdDate, '2024-03-01T10:00:00.000Z');
    assert.deepEqual((api as unknown as { binaryMediaTypes: string[] }).binaryMediaTypes, ['image/png']);
    assert.equal(api?.policy, '{\\"Version\\":\\"2012-10-17\\"}');
    const [stage] = value(api?.stages);
    assert.equal(stage?.createdDate, '2024-03-02T00:00:00.000Z');
    assert.equal(stage?.lastUpdatedDate, '2024-04-02T00:00:00.000Z');
    const [domain] = value(region.apigateway.domainNames);
    assert.equal((domain as unknown as { certificateUploadDate: string }).certificateUploadDate, '2024-01-01T00:00:00.000Z');
    assert.equal(value(region.certificates[CERT_ARN]).NotAfter, '2026-01-01T00:00:00.000Z');
  });

  it('calls only operations declared in COLLECTOR_OPERATIONS (the source of the IAM policy)', async () => {
    fullAccount();
    const result = await collect();

    const declared = [...COLLECTOR_OPERATIONS, IDENTITY_OPERATION].map((op) => `${op.service}:${op.operation}`);
    assert.equal(new Set(declared).size, declared.length, 'service and name identify an operation');
    const called = Object.keys(result.stats.snapshot());
    assert.deepEqual(called.filter((op) => !declared.includes(op)), []);
    // The full account exercises every declared operation, but for the permission WAF checks on a
    // user pool when wafv2:GetWebACLForResource asks about it (never a call of its own).
    const permissionOnly = ['cognito-idp:GetWebACLForResource'];
    assert.deepEqual([...called].sort(), declared.filter((op) => !permissionOnly.includes(op)).sort());
    assert.ok(COLLECTOR_OPERATIONS.every((op) => /^(apigateway|wafv2|acm|cloudtrail|cloudwatch|logs|cognito-idp|cognito-identity|kms|iam|lambda|route53|shield|cloudfront):\w+$/.test(op.iamAction)));
    assert.ok(COLLECTOR_OPERATIONS.every((op) => op.iamAction === 'apigateway:GET' || op.iamAction === `${op.service}:${op.operation}`));
    assert.equal(result.stats.totalCalls, result.stats.totals().calls);
  });

  it('reports progress per region and phase, ending with done equal to total', async () => {
    fullAccount();
    const events: CollectProgress[] = [];
    await collect({ regions: ['eu-west-1', 'us-east-1'], onProgress: (event) => events.push(event) });

    for (const region of ['eu-west-1', 'us-east-1']) {
      const last = new Map<string, CollectProgress>();
      for (const event of events.filter((e) => e.region === region)) last.set(event.phase, event);
      assert.deepEqual(
        Object.fromEntries([...last].map(([phase, e]) => [phase, [e.done, e.total]])),
        {
          account: [4, 4],
          'rest-apis': [2, 2],
          domains: [1, 1],
          'v2-apis': [1, 1],
          'v2-domains': [1, 1],
          'web-acls': [1, 1],
          certificates: [1, 1],
          trails: [1, 1],
          alarms: [1, 1],
          'identity-pools': [1, 1],
          'log-groups': [1, 1],
        },
      );
    }
    const global = new Map<string, CollectProgress>();
    for (const event of events.filter((e) => e.region === 'global')) global.set(event.phase, event);
    assert.deepEqual(Object.fromEntries([...global].map(([phase, e]) => [phase, [e.done, e.total]])), {
      'iam-policies': [2, 2],
      'user-pools': [1, 1],
      'user-pool-web-acls': [1, 1],
      'kms-keys': [1, 1],
      // One hosted zone; one function, named by the HTTP API in both regions (read once).
      'dns-records': [1, 1],
      'lambda-functions': [1, 1],
      shield: [1, 1],
    });
  });

  it('throws a one-line CredentialsError when GetCallerIdentity fails, and calls nothing else', async () => {
    sts.on(GetCallerIdentityCommand).rejects(
      Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
    );
    await assert.rejects(collect({ profile: 'audit' }), (error: unknown) => {
      assert.ok(error instanceof CredentialsError);
      assert.equal(
        error.message,
        'cannot verify the credentials of profile audit (sts:GetCallerIdentity in eu-west-1): CredentialsProviderError: Could not load credentials from any providers',
      );
      return true;
    });
    assert.equal(apigateway.calls().length, 0);
  });

  it('lists errors in a stable order whatever order the calls finish in', async () => {
    apigateway.on(GetRestApisCommand).resolves({ items: [{ id: 'b2' }, { id: 'a1' }] });
    apigateway.on(GetStagesCommand).callsFake(async (input: { restApiId: string }) => {
      // The later API fails first.
      await new Promise((resolve) => setTimeout(resolve, input.restApiId === 'a1' ? 1 : 10));
      throw Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
    });
    const result = await collect();

    assert.deepEqual(
      result.inventory.errors.map((e) => e.resource),
      ['arn:aws:apigateway:eu-west-1::/restapis/a1', 'arn:aws:apigateway:eu-west-1::/restapis/b2'],
    );
  });
});

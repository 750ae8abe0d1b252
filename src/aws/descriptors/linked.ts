/**
 * What protects the APIs, read after API Gateway: trails, alarms and log groups per region;
 * user pools, KMS keys and IAM policies once per scan. Resources may sit in other regions than
 * the scanned ones (shadow trails, keys, pools), or in other accounts (organization trails and
 * their keys).
 */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { conservativeRate, defineService, reads } from '../descriptor.js';

const TRAIL = 'arn:${Partition}:cloudtrail:*:*:trail/*';
const USER_POOL = 'arn:${Partition}:cognito-idp:*:${Account}:userpool/*';
const KEY = 'arn:${Partition}:kms:*:*:key/*';

export const cloudTrail = defineService({
  id: 'cloudtrail',
  client: (config) => new CloudTrailClient(config),
  // DescribeTrails is a list; it also returns shadow trails of other regions and organization trails.
  operations: reads('cloudtrail', { DescribeTrails: ['*'], GetTrailStatus: [TRAIL], GetEventSelectors: [TRAIL] }),
  rates: [conservativeRate('cloudtrail')],
  phases: ['trails'],
});

export const cloudWatch = defineService({
  id: 'cloudwatch',
  client: (config) => new CloudWatchClient(config),
  operations: reads('cloudwatch', { DescribeAlarms: ['arn:${Partition}:cloudwatch:${Region}:${Account}:alarm:*'] }),
  rates: [conservativeRate('cloudwatch')],
  phases: ['alarms'],
});

export const cloudWatchLogs = defineService({
  id: 'logs',
  client: (config) => new CloudWatchLogsClient(config),
  operations: reads('logs', { DescribeLogGroups: ['arn:${Partition}:logs:${Region}:${Account}:log-group:*'] }),
  rates: [conservativeRate('logs')],
  phases: ['log-groups'],
});

export const cognito = defineService({
  id: 'cognito-idp',
  client: (config) => new CognitoIdentityProviderClient(config),
  // Never a user-reading operation (ListUsers, AdminGetUser …): only the pool's configuration.
  // DescribeRiskConfiguration: threat protection's responses to risk, for pools that enforce it.
  operations: reads('cognito-idp', {
    DescribeUserPool: [USER_POOL],
    GetUserPoolMfaConfig: [USER_POOL],
    ListUserPoolClients: [USER_POOL],
    DescribeUserPoolClient: [USER_POOL],
    DescribeRiskConfiguration: [USER_POOL],
    // Permission only, never called through this client: wafv2:GetWebACLForResource on a user
    // pool needs it too ("Permissions for GetWebACLForResource", AWS WAF Developer Guide).
    GetWebACLForResource: [USER_POOL],
  }),
  // Quotas are per category, shared by every operation in it ("Quotas in Amazon Cognito", API request rate quotas).
  rates: [
    {
      name: 'cognito-idp:UserPoolRead',
      rate: { ratePerSecond: 15, burst: 15 },
      operations: ['DescribeUserPool', 'GetUserPoolMfaConfig', 'DescribeRiskConfiguration', 'GetWebACLForResource'],
    },
    {
      name: 'cognito-idp:UserPoolClientRead',
      rate: { ratePerSecond: 15, burst: 15 },
      operations: ['ListUserPoolClients', 'DescribeUserPoolClient'],
    },
  ],
  phases: ['user-pools'],
});

export const kms = defineService({
  id: 'kms',
  client: (config) => new KMSClient(config),
  operations: reads('kms', { DescribeKey: [KEY], GetKeyRotationStatus: [KEY] }),
  rates: [conservativeRate('kms')],
  phases: ['kms-keys'],
});

/** Global: any region of the partition reaches its one endpoint. */
export const iam = defineService({
  id: 'iam',
  client: (config) => new IAMClient(config),
  operations: reads('iam', {
    // IAM has no resource-level permission for this read.
    GetAccountAuthorizationDetails: ['*'],
    // The attached AWS-managed policies: their default version ids (a list: no resource-level
    // permission), then each default version, on the policies of the `aws` account.
    ListPolicies: ['*'],
    GetPolicyVersion: ['arn:${Partition}:iam::aws:policy/*'],
  }),
  rates: [conservativeRate('iam')],
  phases: ['iam-policies'],
});

/**
 * Amazon Cognito identity pools (federated identities): the pools of each scanned region, their
 * configuration and their roles. Only configuration is read, never identities or credentials.
 *
 * Rates: "Quotas in Amazon Cognito", section "Amazon Cognito identity pools (federated
 * identities) API operation request rate quotas": per account and Region; these reads are paced
 * at the conservative 5 requests per second, no more than the lowest of them.
 */
import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import { conservativeRate, defineService, reads } from '../descriptor.js';

const IDENTITY_POOL = 'arn:${Partition}:cognito-identity:${Region}:${Account}:identitypool/*';

export const cognitoIdentity = defineService({
  id: 'cognito-identity',
  client: (config) => new CognitoIdentityClient(config),
  operations: reads('cognito-identity', {
    // A list: no resource-level permission.
    ListIdentityPools: ['*'],
    DescribeIdentityPool: [IDENTITY_POOL],
    GetIdentityPoolRoles: [IDENTITY_POOL],
  }),
  rates: [conservativeRate('cognito-identity')],
  phases: ['identity-pools'],
});

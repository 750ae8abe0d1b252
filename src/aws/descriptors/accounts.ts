/**
 * Who is scanned: the caller's identity and the roles assumed in member accounts (STS), the
 * organization's accounts (`--organization`) and the regions enabled in an account (`--regions
 * all`). Organizations and Account Management are global: any region of the partition reaches them.
 */
import { AccountClient } from '@aws-sdk/client-account';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { conservativeRate, defineService, reads } from '../descriptor.js';

export const sts = defineService({
  id: 'sts',
  client: (config) => new STSClient(config),
  operations: reads('sts', {
    // Needs no IAM permission; listed so the policy generator can say so.
    GetCallerIdentity: ['*'],
    // Multi-account scans: the role in each member account (its ARN is the resource).
    AssumeRole: ['arn:${Partition}:iam::*:role/*'],
  }),
  // STS publishes no request rate; the calls are one per account.
  rates: [conservativeRate('sts')],
});

export const organizations = defineService({
  id: 'organizations',
  client: (config) => new OrganizationsClient(config),
  operations: reads('organizations', { ListAccounts: ['*'] }),
  // Organizations publishes no request rate for ListAccounts.
  rates: [conservativeRate('organizations')],
});

export const account = defineService({
  id: 'account',
  client: (config) => new AccountClient(config),
  operations: reads('account', { ListRegions: ['arn:${Partition}:account::${Account}:account'] }),
  // "Quotas for AWS Account Management": ListRegions, 5 per second, burst 5, per account.
  rates: [{ name: 'account:ListRegions', rate: { ratePerSecond: 5, burst: 5 }, operations: ['ListRegions'] }],
});

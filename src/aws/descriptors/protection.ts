/**
 * What sits in front of an API: WAFv2 web ACLs and the ACM certificates of custom domains
 * (quota pages "AWS WAF quotas" and "Quotas for AWS Certificate Manager"; neither publishes a
 * burst, so one second's worth).
 */
import { ACMClient } from '@aws-sdk/client-acm';
import { WAFV2Client } from '@aws-sdk/client-wafv2';
import { defineService, reads } from '../descriptor.js';

const WEB_ACL = 'arn:${Partition}:wafv2:${Region}:${Account}:regional/webacl/*/*';

export const wafv2 = defineService({
  id: 'wafv2',
  client: (config) => new WAFV2Client(config),
  operations: reads('wafv2', {
    GetWebACL: [WEB_ACL],
    // The logging configuration of each web ACL the stages name (Security Hub WAF.11).
    GetLoggingConfiguration: [WEB_ACL],
    // The web ACL of each user pool an authorizer trusts; a user pool is a protected resource
    // type, so the action is authorized on the pool too ("Permissions for GetWebACLForResource").
    GetWebACLForResource: [WEB_ACL, 'arn:${Partition}:cognito-idp:*:${Account}:userpool/*'],
  }),
  // "AWS WAF quotas", call rates per account and region: GetWebACLForResource (and
  // ListResourcesForWebACL, not called) 1/s; any other Get or List call 5/s.
  rates: [
    { name: 'wafv2:GetWebACLForResource', rate: { ratePerSecond: 1, burst: 1 }, operations: ['GetWebACLForResource'] },
    { name: 'wafv2:read', rate: { ratePerSecond: 5, burst: 5 }, operations: ['GetWebACL', 'GetLoggingConfiguration'] },
  ],
  phases: ['web-acls', 'user-pool-web-acls'],
});

export const acm = defineService({
  id: 'acm',
  client: (config) => new ACMClient(config),
  // Edge-optimized domains keep their certificate in us-east-1, whatever region is scanned.
  operations: reads('acm', { DescribeCertificate: ['arn:${Partition}:acm:*:${Account}:certificate/*'] }),
  rates: [{ name: 'acm:DescribeCertificate', rate: { ratePerSecond: 10, burst: 10 }, operations: ['DescribeCertificate'] }],
  phases: ['certificates'],
});

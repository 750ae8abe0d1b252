/**
 * What sits in front of an API: WAFv2 web ACLs and the ACM certificates of custom domains
 * (quota pages "AWS WAF quotas" and "Quotas for AWS Certificate Manager"; neither publishes a
 * burst, so one second's worth).
 */
import { ACMClient } from '@aws-sdk/client-acm';
import { WAFV2Client } from '@aws-sdk/client-wafv2';
import { defineService, reads } from '../descriptor.js';

export const wafv2 = defineService({
  id: 'wafv2',
  client: (config) => new WAFV2Client(config),
  operations: reads('wafv2', { GetWebACL: ['arn:${Partition}:wafv2:${Region}:${Account}:regional/webacl/*/*'] }),
  // Get and List calls: 5/s (GetWebACLForResource and ListResourcesForWebACL, 1/s, are not called).
  rates: [{ name: 'wafv2:read', rate: { ratePerSecond: 5, burst: 5 } }],
  phases: ['web-acls'],
});

export const acm = defineService({
  id: 'acm',
  client: (config) => new ACMClient(config),
  // Edge-optimized domains keep their certificate in us-east-1, whatever region is scanned.
  operations: reads('acm', { DescribeCertificate: ['arn:${Partition}:acm:*:${Account}:certificate/*'] }),
  rates: [{ name: 'acm:DescribeCertificate', rate: { ratePerSecond: 10, burst: 10 }, operations: ['DescribeCertificate'] }],
  phases: ['certificates'],
});

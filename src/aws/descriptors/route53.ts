/**
 * Route 53: the hosted zones and their records, read once per scan to find DNS names that still
 * point at API Gateway targets that no longer exist (src/collect/route53.ts).
 *
 * Route 53 is global: one endpoint per partition (route53.amazonaws.com, signed for us-east-1 in
 * the `aws` partition; the SDK resolves it from any region of the partition).
 */
import { Route53Client } from '@aws-sdk/client-route-53';
import { defineService, reads } from '../descriptor.js';

export const route53 = defineService({
  id: 'route53',
  client: (config) => new Route53Client(config),
  operations: reads('route53', {
    // A list: no resource-level permission ("Actions, resources, and condition keys for Amazon Route 53").
    ListHostedZones: ['*'],
    ListResourceRecordSets: ['arn:${Partition}:route53:::hostedzone/*'],
  }),
  // "Throttling for Amazon Route 53 API requests" (Route 53 Developer Guide, updated 2025): token
  // buckets per account, all operations together 10 requests/s sustained with a burst of 50, and
  // each operation not listed otherwise (these two) the same 10/s, 50. Older pages ("Quotas":
  // "five requests per second per AWS account") predate the change. Every caller in the account
  // draws from the account bucket, so the scan keeps to the sustained rate and a modest burst.
  rates: [{ name: 'route53:account', rate: { ratePerSecond: 10, burst: 10 } }],
  phases: ['dns-records'],
});

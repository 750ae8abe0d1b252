/**
 * Route 53 for the demo account, so `dns-dangling-api-record` shows a PASS and a FAIL:
 *
 *   example.com. (public)  orders.api.example.com  A alias → d-7h2k9m4p1q.execute-api.eu-west-1…,
 *                                                   the target of the live orders.api.example.com
 *                                                   domain (PASS, linked to orders-api)
 *                          legacy-orders.example.com CNAME → q8w7e6r5t4.execute-api.eu-west-1…,
 *                                                   the default endpoint of an API deleted since
 *                                                   (FAIL: the name dangles)
 *                          www.example.com         A 192.0.2.10 (not aimed at API Gateway: not kept)
 *
 * `addDns` sets the whole Route 53 part, so applying it twice changes nothing.
 */
import type { HostedZone, Inventory } from '../../src/inventory/schema.js';
import { ok } from '../../test/fixtures/builders.js';

/** The regional target API Gateway gave orders.api.example.com (its v2 view in the demo). */
const ORDERS_TARGET = 'd-7h2k9m4p1q.execute-api.eu-west-1.amazonaws.com';
/** No API of the demo has this id: the API behind the record was deleted. */
const DELETED_API_HOST = 'q8w7e6r5t4.execute-api.eu-west-1.amazonaws.com';

export function addDns(demo: Inventory): void {
  const zone: HostedZone = {
    Id: '/hostedzone/Z04817263DEMO0EXAMPLE',
    Name: 'example.com.',
    Config: { PrivateZone: false, Comment: 'public zone of the demo account' },
    ResourceRecordSetCount: 5,
    // The collector keeps only records aimed at API Gateway or CloudFront; www.example.com is not.
    records: ok([
      {
        Name: 'legacy-orders.example.com.',
        Type: 'CNAME',
        TTL: 300,
        ResourceRecords: [{ Value: DELETED_API_HOST }],
      },
      {
        Name: 'orders.api.example.com.',
        Type: 'A',
        AliasTarget: { DNSName: `${ORDERS_TARGET}.`, HostedZoneId: 'ZLY8HYME6SFDD', EvaluateTargetHealth: false },
      },
    ]),
  };
  demo.shared.route53 = { hostedZones: ok([zone]) };
}

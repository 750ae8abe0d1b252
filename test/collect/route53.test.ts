/**
 * Route 53, once per scan: hosted zones (Marker/NextMarker), then each public zone's records
 * (StartRecordName/Type/Identifier), keeping the alias and CNAME records aimed at API Gateway or
 * CloudFront; AccessDenied is a gap the DNS check reports as ERROR; throttling is retried.
 */
import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import {
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  Route53ServiceException,
  type ListResourceRecordSetsCommandInput,
} from '@aws-sdk/client-route-53';
import dnsDangling from '../../checks/edge/dns-dangling-api-record.js';
import { runChecks } from '../../src/engine/runner.js';
import { parseInventory } from '../../src/inventory/io.js';
import { REGION, collect, resetAws, restoreAws, route53, value } from './mock-aws.js';

const API_HOST = `a1b2c3d4e5.execute-api.${REGION}.amazonaws.com`;

function route53Error(name: string, status: number, message: string): Route53ServiceException {
  return new Route53ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message });
}

function zone(id: string, name: string, privateZone = false) {
  return { Id: `/hostedzone/${id}`, Name: name, CallerReference: id, Config: { PrivateZone: privateZone }, ResourceRecordSetCount: 3 };
}

const hostedZonesOf = async (result: Awaited<ReturnType<typeof collect>>) => value(result.inventory.shared.route53?.hostedZones);

describe('Route 53 collection', () => {
  beforeEach(resetAws);
  after(restoreAws);

  it('pages hosted zones and records, reads public zones only, and keeps the records aimed at API Gateway', async () => {
    route53
      .on(ListHostedZonesCommand, { Marker: undefined })
      .resolves({ HostedZones: [zone('ZPUB1', 'example.com.')], IsTruncated: true, NextMarker: 'ZPRIV', Marker: '', MaxItems: 100 })
      .on(ListHostedZonesCommand, { Marker: 'ZPRIV' })
      .resolves({ HostedZones: [zone('ZPRIV', 'internal.example.', true), zone('ZPUB2', 'example.org.')], IsTruncated: false, Marker: 'ZPRIV', MaxItems: 100 });
    route53.on(ListResourceRecordSetsCommand).callsFake((input: ListResourceRecordSetsCommandInput) => {
      if (input.HostedZoneId === '/hostedzone/ZPUB2') return { ResourceRecordSets: [], IsTruncated: false, MaxItems: 300 };
      if (input.StartRecordName === undefined) {
        return {
          ResourceRecordSets: [
            { Name: 'example.com.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.1' }] },
            { Name: 'api.example.com.', Type: 'A', AliasTarget: { DNSName: 'd-abc123.execute-api.eu-west-1.amazonaws.com.', HostedZoneId: 'ZLY8HYME6SFDD', EvaluateTargetHealth: false } },
          ],
          IsTruncated: true,
          NextRecordName: 'api.example.com.',
          NextRecordType: 'AAAA',
          NextRecordIdentifier: 'blue',
          MaxItems: 300,
        };
      }
      assert.deepEqual([input.StartRecordName, input.StartRecordType, input.StartRecordIdentifier], ['api.example.com.', 'AAAA', 'blue']);
      return {
        ResourceRecordSets: [{ Name: 'old.example.com.', Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: API_HOST }] }],
        IsTruncated: false,
        MaxItems: 300,
      };
    });

    const result = await collect();
    const zones = await hostedZonesOf(result);
    assert.deepEqual(
      zones.map((z) => [z.Id, z.Name]),
      [
        ['/hostedzone/ZPUB1', 'example.com.'],
        ['/hostedzone/ZPUB2', 'example.org.'],
      ],
    );
    assert.deepEqual(
      value(zones[0]!.records).map((r) => r.Name),
      ['api.example.com.', 'old.example.com.'],
    );
    assert.deepEqual(value(zones[1]!.records), []);
    assert.equal(route53.commandCalls(ListHostedZonesCommand).length, 2);
    // Two pages for the first zone, one for the second, none for the private zone.
    const zoneCalls = route53.commandCalls(ListResourceRecordSetsCommand).map((call) => call.args[0].input.HostedZoneId);
    assert.deepEqual([...zoneCalls].sort(), ['/hostedzone/ZPUB1', '/hostedzone/ZPUB1', '/hostedzone/ZPUB2']);
    // The snapshot round-trips through its schema.
    const parsed = parseInventory(JSON.parse(JSON.stringify(result.inventory)), 'test');
    assert.equal(value(parsed.shared.route53?.hostedZones).length, 2);
  });

  it('turns AccessDenied on the zone list into a gap the DNS check reports as ERROR', async () => {
    route53.on(ListHostedZonesCommand).rejects(route53Error('AccessDenied', 403, 'not authorized to perform: route53:ListHostedZones'));
    const result = await collect();
    const slot = result.inventory.shared.route53?.hostedZones;
    assert.ok(slot && !slot.ok);
    assert.deepEqual([slot.error.service, slot.error.operation, slot.error.code], ['route53', 'ListHostedZones', 'AccessDenied']);
    assert.ok(result.inventory.errors.some((e) => e.service === 'route53' && e.code === 'AccessDenied'));
    const results = runChecks([dnsDangling], result.inventory);
    assert.deepEqual(
      results.map((r) => [r.status, r.error?.kind]),
      [['ERROR', 'collection-gap']],
    );
  });

  it('turns AccessDenied on one zone\'s records into a gap for that zone only', async () => {
    route53.on(ListHostedZonesCommand).resolves({ HostedZones: [zone('ZDENIED', 'a.example.'), zone('ZOK', 'b.example.')], IsTruncated: false });
    route53
      .on(ListResourceRecordSetsCommand, { HostedZoneId: '/hostedzone/ZDENIED' })
      .rejects(route53Error('AccessDenied', 403, 'not authorized to perform: route53:ListResourceRecordSets'))
      .on(ListResourceRecordSetsCommand, { HostedZoneId: '/hostedzone/ZOK' })
      .resolves({ ResourceRecordSets: [{ Name: 'old.b.example.', Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: API_HOST }] }], IsTruncated: false });
    const result = await collect();
    const [denied, fine] = await hostedZonesOf(result);
    assert.ok(denied && !denied.records.ok && denied.records.error.code === 'AccessDenied');
    assert.equal(value(fine?.records).length, 1);
    const results = runChecks([dnsDangling], result.inventory);
    assert.deepEqual(
      results.map((r) => [r.status, r.resource.name]),
      [
        ['ERROR', 'a.example'],
        ['FAIL', 'old.b.example CNAME'],
      ],
    );
  });

  it('retries Route 53 throttling (HTTP 400 Throttling) through callAws', async () => {
    route53
      .on(ListHostedZonesCommand)
      .rejectsOnce(route53Error('Throttling', 400, 'Rate exceeded'))
      .resolves({ HostedZones: [zone('ZPUB1', 'example.com.')], IsTruncated: false });
    route53.on(ListResourceRecordSetsCommand).rejectsOnce(route53Error('Throttling', 400, 'Rate exceeded')).resolves({ ResourceRecordSets: [], IsTruncated: false });
    const result = await collect();
    assert.equal((await hostedZonesOf(result)).length, 1);
    assert.equal(route53.commandCalls(ListHostedZonesCommand).length, 2);
    assert.equal(route53.commandCalls(ListResourceRecordSetsCommand).length, 2);
    assert.ok(!result.inventory.errors.some((e) => e.service === 'route53'));
  });

  it('reads Route 53 once per scan, whatever the number of regions', async () => {
    route53.on(ListHostedZonesCommand).resolves({ HostedZones: [zone('ZPUB1', 'example.com.')], IsTruncated: false });
    route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [], IsTruncated: false });
    await collect({ regions: [REGION, 'us-east-1', 'ap-southeast-2'] });
    assert.equal(route53.commandCalls(ListHostedZonesCommand).length, 1);
    assert.equal(route53.commandCalls(ListResourceRecordSetsCommand).length, 1);
  });

  it('makes no Route 53 call when no selected check reads DNS records', async () => {
    const result = await collect({ parts: new Set(['rest-apis']) });
    assert.equal(route53.calls().length, 0);
    const slot = result.inventory.shared.route53?.hostedZones;
    assert.ok(slot && !slot.ok && slot.error.code === 'NotSelected');
  });
});

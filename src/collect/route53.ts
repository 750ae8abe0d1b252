/**
 * Route 53 hosted zones and the records in them that point at API Gateway, once per scan
 * (Route 53 is global; its request quota is per account, see src/aws/descriptors/route53.ts).
 *
 * - `ListHostedZones`, paged with `Marker`/`NextMarker` (100 zones a page, the most it returns);
 * - for each public zone, `ListResourceRecordSets`, paged with `StartRecordName`,
 *   `StartRecordType` and `StartRecordIdentifier` from the previous page's `NextRecord*`
 *   (300 records a page, the most it returns).
 *
 * Private zones are not read: their names resolve only inside the VPCs associated with them, so
 * nobody outside the account can take a dangling one over ("Working with private hosted zones").
 * Of each public zone only the alias and CNAME records aimed at an API Gateway or CloudFront
 * host are kept (src/analysis/dns.ts): a zone's other records are no business of this scan.
 *
 * Calls per scan: ⌈zones/100⌉ + Σ over public zones of ⌈records/300⌉.
 */
import { ListHostedZonesCommand, ListResourceRecordSetsCommand, type HostedZone as SdkHostedZone, type RRType } from '@aws-sdk/client-route-53';
import { z } from 'zod';
import { pointsAtApiGatewayOrCloudFront } from '../analysis/dns.js';
import { hostedZoneSchema, recordSetSchema, type Collected, type HostedZone, type RecordSet, type SharedInventory } from '../inventory/schema.js';
import type { RegionFetcher } from './context.js';
import { definedOnly } from './slots.js';

const ZONES_PER_PAGE = 100;
const RECORDS_PER_PAGE = 300;

const zoneFieldsSchema = hostedZoneSchema.omit({ records: true });
const recordsSchema = z.array(recordSetSchema);

/** Where the next page of records starts: Route 53's three `NextRecord*` fields, as one page token. */
interface RecordPosition {
  name: string;
  type?: string;
  identifier?: string;
}

/** `region` is any region of the partition: Route 53 answers on one global endpoint. */
export async function collectRoute53(f: RegionFetcher, region: string): Promise<NonNullable<SharedInventory['route53']>> {
  const client = f.ctx.clients.client('route53', region);
  const listTarget = f.target('ListHostedZones', f.ctx.accountId, region);
  f.progress('dns-records', 0, 1);
  const listed = await f.pages(listTarget, async (Marker) => {
    const output = await client.send(new ListHostedZonesCommand({ Marker, MaxItems: ZONES_PER_PAGE }));
    return { items: output.HostedZones, position: output.IsTruncated ? output.NextMarker : undefined };
  });
  const zones = f.conform(z.array(zoneFieldsSchema), listed, listTarget);
  if (!zones.ok) {
    f.progress('dns-records', 1, 1);
    return { hostedZones: zones };
  }
  const publicZones = (listed.ok ? listed.value : []).filter((zone) => zone.Config?.PrivateZone !== true);
  const hostedZones = await f.eachWithProgress('dns-records', publicZones, (zone) => collectZone(f, region, zone));
  return { hostedZones: { ok: true, value: hostedZones } };
}

async function collectZone(f: RegionFetcher, region: string, zone: SdkHostedZone): Promise<HostedZone> {
  const HostedZoneId = zone.Id as string;
  const client = f.ctx.clients.client('route53', region);
  const target = f.target('ListResourceRecordSets', HostedZoneId, region);
  const listed = await f.pages(target, async (token) => {
    const start = token === undefined ? undefined : (JSON.parse(token) as RecordPosition);
    const output = await client.send(
      new ListResourceRecordSetsCommand({
        HostedZoneId,
        MaxItems: RECORDS_PER_PAGE,
        ...(start ? { StartRecordName: start.name, StartRecordType: start.type as RRType | undefined, StartRecordIdentifier: start.identifier } : {}),
      }),
    );
    const next = output.IsTruncated && output.NextRecordName ? nextPosition(output.NextRecordName, output.NextRecordType, output.NextRecordIdentifier) : undefined;
    return { items: output.ResourceRecordSets, position: next };
  });
  const records = f.conform(recordsSchema, listed, target);
  const kept: Collected<RecordSet[]> = records.ok ? { ok: true, value: records.value.filter(pointsAtApiGatewayOrCloudFront) } : records;
  return definedOnly({
    Id: HostedZoneId,
    Name: zone.Name as string,
    Config: zone.Config ? definedOnly({ PrivateZone: zone.Config.PrivateZone, Comment: zone.Config.Comment }) : undefined,
    ResourceRecordSetCount: zone.ResourceRecordSetCount,
    records: kept,
  });
}

function nextPosition(name: string, type: string | undefined, identifier: string | undefined): string {
  return JSON.stringify(definedOnly({ name, type, identifier }));
}

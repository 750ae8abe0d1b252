/**
 * Route 53 for the AWS look-alike (fake-aws.ts): REST-XML under `/2013-04-01/`, serving the
 * inventory's `shared.route53` — `ListHostedZones` (marker/maxitems) and `ListResourceRecordSets`
 * (name/type/identifier/maxitems). A slot recorded as failed is answered with its error.
 */
import type { CollectionError, HostedZone, Inventory, RecordSet } from '../../src/inventory/schema.js';

type Reply = { status: number; body: string; headers: Record<string, string> };

const XMLNS = 'https://route53.amazonaws.com/doc/2013-04-01/';
const XML = { 'content-type': 'text/xml' };

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const el = (name: string, content: string | number | boolean | undefined) =>
  content === undefined ? '' : `<${name}>${typeof content === 'string' ? escape(content) : String(content)}</${name}>`;

function errorReply(error: CollectionError): Reply {
  const status = error.code === 'AccessDenied' || error.code === 'AccessDeniedException' ? 403 : error.code === 'Throttling' ? 400 : 400;
  const body =
    `<?xml version="1.0"?><ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type>${el('Code', error.code)}${el('Message', error.message)}</Error>` +
    `<RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>`;
  return { status, body, headers: XML };
}

const notFound = (what: string): Reply =>
  errorReply({ service: 'route53', operation: '', region: 'global', resource: what, code: 'NoSuchHostedZone', message: `No hosted zone found with ID: ${what}` });

function zoneXml(zone: HostedZone): string {
  const config = zone.Config ? `<Config>${el('Comment', zone.Config.Comment)}${el('PrivateZone', zone.Config.PrivateZone ?? false)}</Config>` : '';
  return `<HostedZone>${el('Id', zone.Id)}${el('Name', zone.Name)}${el('CallerReference', zone.Id)}${config}${el('ResourceRecordSetCount', zone.ResourceRecordSetCount)}</HostedZone>`;
}

function recordXml(record: RecordSet): string {
  const alias = record.AliasTarget
    ? `<AliasTarget>${el('HostedZoneId', record.AliasTarget.HostedZoneId ?? '')}${el('DNSName', record.AliasTarget.DNSName)}${el('EvaluateTargetHealth', record.AliasTarget.EvaluateTargetHealth ?? false)}</AliasTarget>`
    : '';
  const values = record.ResourceRecords
    ? `<ResourceRecords>${record.ResourceRecords.map((r) => `<ResourceRecord>${el('Value', r.Value)}</ResourceRecord>`).join('')}</ResourceRecords>`
    : '';
  return `<ResourceRecordSet>${el('Name', record.Name)}${el('Type', record.Type)}${el('SetIdentifier', record.SetIdentifier)}${alias}${el('TTL', record.TTL)}${values}</ResourceRecordSet>`;
}

function pageSize(url: URL, maxPage: number, defaultSize: number): number {
  const asked = Number(url.searchParams.get('maxitems') ?? defaultSize);
  return Math.max(1, Math.min(asked || defaultSize, maxPage));
}

/** Answers a Route 53 request; `[operation, reply]` as fake-aws.ts records them. */
export function route53Reply(inventory: Inventory, url: URL, maxPage: number): [string, Reply] {
  const path = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const zones = inventory.shared?.route53?.hostedZones ?? { ok: true as const, value: [] };
  if (path.length === 2 && path[1] === 'hostedzone') {
    if (!zones.ok) return ['ListHostedZones', errorReply(zones.error)];
    const size = pageSize(url, maxPage, 100);
    const marker = url.searchParams.get('marker');
    const start = marker ? Math.max(0, zones.value.findIndex((z) => z.Id.endsWith(`/${marker}`) || z.Id === marker)) : 0;
    const page = zones.value.slice(start, start + size);
    const next = zones.value[start + size];
    const body =
      `<?xml version="1.0"?><ListHostedZonesResponse xmlns="${XMLNS}"><HostedZones>${page.map(zoneXml).join('')}</HostedZones>` +
      `${el('Marker', marker ?? '')}${el('IsTruncated', next !== undefined)}${el('NextMarker', next?.Id.replace(/^\/hostedzone\//, ''))}${el('MaxItems', size)}` +
      `</ListHostedZonesResponse>`;
    return ['ListHostedZones', { status: 200, body, headers: XML }];
  }
  if (path.length === 4 && path[1] === 'hostedzone' && path[3] === 'rrset') {
    if (!zones.ok) return ['ListResourceRecordSets', errorReply(zones.error)];
    const zone = zones.value.find((z) => z.Id.replace(/^\/hostedzone\//, '') === path[2]);
    if (!zone) return ['ListResourceRecordSets', notFound(path[2] ?? '')];
    if (!zone.records.ok) return ['ListResourceRecordSets', errorReply(zone.records.error)];
    const records = zone.records.value;
    const size = pageSize(url, maxPage, 300);
    const name = url.searchParams.get('name');
    const type = url.searchParams.get('type');
    const identifier = url.searchParams.get('identifier');
    const start = name
      ? Math.max(0, records.findIndex((r) => r.Name === name && (!type || r.Type === type) && (!identifier || r.SetIdentifier === identifier)))
      : 0;
    const page = records.slice(start, start + size);
    const next = records[start + size];
    const body =
      `<?xml version="1.0"?><ListResourceRecordSetsResponse xmlns="${XMLNS}"><ResourceRecordSets>${page.map(recordXml).join('')}</ResourceRecordSets>` +
      `${el('IsTruncated', next !== undefined)}${el('NextRecordName', next?.Name)}${el('NextRecordType', next?.Type)}${el('NextRecordIdentifier', next?.SetIdentifier)}${el('MaxItems', size)}` +
      `</ListResourceRecordSetsResponse>`;
    return ['ListResourceRecordSets', { status: 200, body, headers: XML }];
  }
  return ['Unknown', notFound(url.pathname)];
}

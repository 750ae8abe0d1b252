/**
 * AWS Shield Advanced and CloudFront for the AWS look-alike (fake-aws.ts), serving the
 * inventory's `shared.shield`: Shield's `GetSubscriptionState` and `ListProtections` (JSON 1.1,
 * X-Amz-Target `AWSShield_20160616.*`, NextToken paging) and CloudFront's `ListDistributions`
 * (REST-XML, GET /2020-05-31/distribution, Marker/MaxItems paging). A snapshot without Shield
 * data answers as an account that does not subscribe; a slot recorded as failed answers with
 * its error.
 */
import type { CollectionError, Distribution, Inventory } from '../../src/inventory/schema.js';

type Reply = { status: number; body: unknown; headers?: Record<string, string> };

export const SHIELD_TARGET = /^AWSShield_20160616\./;
export const CLOUDFRONT_DISTRIBUTIONS_PATH = '/2020-05-31/distribution';

const status = (code: string) => (/AccessDenied/.test(code) ? 403 : 400);

function jsonError(error: CollectionError): Reply {
  return { status: status(error.code), body: { __type: error.code, message: error.message } };
}

/** Shield (JSON 1.1): `[operation, reply]`, or undefined for an operation it does not serve. */
export function shieldReply(inventory: Inventory, operation: string, body: Record<string, unknown>, maxPage: number): Reply | undefined {
  const shield = inventory.shared?.shield;
  if (operation === 'GetSubscriptionState') {
    if (!shield) return { status: 200, body: { SubscriptionState: 'INACTIVE' } };
    return shield.subscription.ok ? { status: 200, body: shield.subscription.value } : jsonError(shield.subscription.error);
  }
  if (operation === 'ListProtections') {
    const protections = shield?.protections ?? { ok: true as const, value: [] };
    if (!protections.ok) return jsonError(protections.error);
    // Shield answers ResourceNotFoundException when nothing is protected.
    if (protections.value.length === 0) return { status: 400, body: { __type: 'ResourceNotFoundException', message: 'no protections' } };
    const start = typeof body.NextToken === 'string' ? Number(body.NextToken) : 0;
    const size = Math.min(typeof body.MaxResults === 'number' ? body.MaxResults : maxPage, maxPage);
    const end = start + size;
    return { status: 200, body: { Protections: protections.value.slice(start, end), ...(end < protections.value.length ? { NextToken: String(end) } : {}) } };
  }
  return undefined;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const el = (name: string, content: string | number | boolean | undefined) =>
  content === undefined ? '' : `<${name}>${typeof content === 'string' ? escape(content) : String(content)}</${name}>`;
const XML = { 'content-type': 'text/xml' };

function distributionXml(d: Distribution): string {
  const origins = d.originDomainNames.map((host, i) => `<Origin>${el('Id', `origin-${i}`)}${el('DomainName', host)}</Origin>`).join('');
  return (
    `<DistributionSummary>${el('Id', d.Id)}${el('ARN', d.ARN)}${el('DomainName', d.DomainName ?? `${d.Id.toLowerCase()}.cloudfront.net`)}` +
    `${el('Enabled', d.Enabled ?? true)}<Origins>${el('Quantity', d.originDomainNames.length)}<Items>${origins}</Items></Origins></DistributionSummary>`
  );
}

/** CloudFront `ListDistributions` (REST-XML). */
export function cloudFrontReply(inventory: Inventory, url: URL, maxPage: number): [string, Reply] {
  const distributions = inventory.shared?.shield?.distributions ?? { ok: true as const, value: [] };
  if (!distributions.ok) {
    const { code, message } = distributions.error;
    const body = `<?xml version="1.0"?><ErrorResponse><Error><Type>Sender</Type>${el('Code', code)}${el('Message', message)}</Error><RequestId>0</RequestId></ErrorResponse>`;
    return ['ListDistributions', { status: status(code), body, headers: XML }];
  }
  const marker = url.searchParams.get('Marker');
  const size = Math.max(1, Math.min(Number(url.searchParams.get('MaxItems') ?? 100) || 100, maxPage));
  const start = marker ? distributions.value.findIndex((d) => d.Id === marker) + 1 : 0;
  const page = distributions.value.slice(start, start + size);
  const truncated = start + size < distributions.value.length;
  const body =
    `<?xml version="1.0"?><DistributionList xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">${el('Marker', marker ?? '')}` +
    `${truncated ? el('NextMarker', page[page.length - 1]!.Id) : ''}${el('MaxItems', size)}${el('IsTruncated', truncated)}${el('Quantity', page.length)}` +
    `<Items>${page.map(distributionXml).join('')}</Items></DistributionList>`;
  return ['ListDistributions', { status: 200, body, headers: XML }];
}

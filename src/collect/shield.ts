/**
 * AWS Shield Advanced, once per scan (Shield is global; its API answers in us-east-1):
 *
 * - `GetSubscriptionState`: ACTIVE or INACTIVE. An account that never subscribed may answer
 *   ResourceNotFoundException instead; that is recorded as INACTIVE, an answer rather than a
 *   failure of the scan.
 * - only while ACTIVE, `ListProtections`, paged with `NextToken` (100 a page). Shield answers
 *   ResourceNotFoundException when there are no protections: an empty list.
 * - only while ACTIVE, CloudFront `ListDistributions`, paged with `Marker`/`NextMarker` (100 a
 *   page), kept as id, ARN and origin host names: what shows whether a protected distribution
 *   fronts an API.
 *
 * Calls per scan: 1, or 1 + ⌈protections/100⌉ + ⌈distributions/100⌉ when subscribed.
 */
import { ListDistributionsCommand, type DistributionSummary } from '@aws-sdk/client-cloudfront';
import { GetSubscriptionStateCommand, ListProtectionsCommand, type Protection } from '@aws-sdk/client-shield';
import { z } from 'zod';
import { errorCode } from '../aws/retry.js';
import { distributionSchema, shieldProtectionSchema, type ShieldInventory } from '../inventory/schema.js';
import type { RegionFetcher } from './context.js';
import { definedOnly } from './slots.js';

const PROTECTIONS_PER_PAGE = 100;
const DISTRIBUTIONS_PER_PAGE = 100;
const NOT_FOUND = 'ResourceNotFoundException';

const subscriptionSchema = z.object({ SubscriptionState: z.string() });
const protectionsSchema = z.array(shieldProtectionSchema);
const distributionsSchema = z.array(distributionSchema);

/** Where Shield's API answers for a partition: us-east-1 in `aws`; elsewhere the scan's own region. */
export function shieldRegion(partition: string, fallback: string): string {
  return partition === 'aws' ? 'us-east-1' : fallback;
}

async function orNotFound<T, N>(request: () => Promise<T>, notFound: N): Promise<T | N> {
  try {
    return await request();
  } catch (error) {
    if (errorCode(error) === NOT_FOUND) return notFound;
    throw error;
  }
}

export async function collectShield(f: RegionFetcher, region: string): Promise<ShieldInventory> {
  const client = f.ctx.clients.client('shield', region);
  f.progress('shield', 0, 1);
  const stateTarget = f.target('GetSubscriptionState', f.ctx.accountId, region);
  const state = await f.call(stateTarget, () =>
    orNotFound(() => client.send(new GetSubscriptionStateCommand({})), { SubscriptionState: 'INACTIVE' as const }),
  );
  const subscription = f.conform(subscriptionSchema, state, stateTarget, (output) => ({ SubscriptionState: output.SubscriptionState }));
  if (!subscription.ok || subscription.value.SubscriptionState !== 'ACTIVE') {
    f.progress('shield', 1, 1);
    return { subscription };
  }
  const [protections, distributions] = await Promise.all([collectProtections(f, region), collectDistributions(f, region)]);
  f.progress('shield', 1, 1);
  return { subscription, protections, distributions };
}

async function collectProtections(f: RegionFetcher, region: string): Promise<NonNullable<ShieldInventory['protections']>> {
  const client = f.ctx.clients.client('shield', region);
  const listTarget = f.target('ListProtections', f.ctx.accountId, region);
  const pages = await f.pages<Protection>(listTarget, async (NextToken) => {
    const output = await orNotFound(() => client.send(new ListProtectionsCommand({ NextToken, MaxResults: PROTECTIONS_PER_PAGE })), {
      Protections: [] as Protection[],
      NextToken: undefined,
    });
    return { items: output.Protections, position: output.NextToken };
  });
  return f.conform(protectionsSchema, pages, listTarget);
}

async function collectDistributions(f: RegionFetcher, region: string): Promise<NonNullable<ShieldInventory['distributions']>> {
  const client = f.ctx.clients.client('cloudfront', region);
  const target = f.target('ListDistributions', f.ctx.accountId, region);
  const pages = await f.pages<DistributionSummary>(target, async (Marker) => {
    const output = await client.send(new ListDistributionsCommand({ Marker, MaxItems: DISTRIBUTIONS_PER_PAGE }));
    const list = output.DistributionList;
    return { items: list?.Items, position: list?.IsTruncated ? list.NextMarker : undefined };
  });
  return f.conform(distributionsSchema, pages, target, (items) =>
    // A summary carries the whole distribution configuration; only what shows what it fronts is kept.
    items.map((d) =>
      definedOnly({ Id: d.Id, ARN: d.ARN, DomainName: d.DomainName, Enabled: d.Enabled, originDomainNames: (d.Origins?.Items ?? []).map((o) => o.DomainName) }),
    ),
  );
}

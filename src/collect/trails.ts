/**
 * CloudTrail: the trails a region sees (`DescribeTrails` includes shadow trails: multi-region
 * trails of other home regions and organization trails), each with its logging status and
 * event selectors. Those two are read in the trail's home region, by ARN, once per scan.
 */
import { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { z } from 'zod';
import { trailSchema, type Collected, type Trail } from '../inventory/schema.js';
import { parseArn } from './arn.js';
import type { RegionFetcher } from './context.js';
import { valueSchemaOf } from './slots.js';

type TrailFields = Omit<Trail, 'status' | 'selectors'>;
type TrailDetails = Pick<Trail, 'status' | 'selectors'>;

const trailListSchema = z.array(trailSchema.omit({ status: true, selectors: true }));
const statusSchema = valueSchemaOf(trailSchema.shape.status);
const selectorsSchema = valueSchemaOf(trailSchema.shape.selectors);

export async function collectTrails(f: RegionFetcher): Promise<Collected<Trail[]>> {
  const target = f.target('DescribeTrails', f.region);
  const client = f.ctx.clients.cloudTrail(f.region);
  const list = async (): Promise<Collected<TrailFields[]>> => {
    const result = await f.call(target, () => client.send(new DescribeTrailsCommand({ includeShadowTrails: true })));
    return f.conform(trailListSchema, result, target, (output) => output.trailList ?? []);
  };
  return f.eachListed('trails', list, async (trail) => ({ ...trail, ...(await detailsOnce(f, trail)) }));
}

/** The region a trail's own calls go to: its home region (a shadow trail's is another one). */
export function trailHomeRegion(trail: Pick<TrailFields, 'HomeRegion' | 'TrailARN'>, fallback: string): string {
  return trail.HomeRegion || parseArn(trail.TrailARN)?.region || fallback;
}

function detailsOnce(f: RegionFetcher, trail: TrailFields): Promise<TrailDetails> {
  const cache = f.ctx.trailDetails;
  let pending = cache.get(trail.TrailARN);
  if (!pending) {
    pending = details(f, trail);
    cache.set(trail.TrailARN, pending);
  }
  return pending;
}

async function details(f: RegionFetcher, trail: TrailFields): Promise<TrailDetails> {
  const region = trailHomeRegion(trail, f.region);
  const client = f.ctx.clients.cloudTrail(region);
  const arn = trail.TrailARN;
  const statusTarget = f.target('GetTrailStatus', arn, region);
  const selectorsTarget = f.target('GetEventSelectors', arn, region);
  const [status, selectors] = await Promise.all([
    f.call(statusTarget, () => client.send(new GetTrailStatusCommand({ Name: arn }))),
    f.call(selectorsTarget, () => client.send(new GetEventSelectorsCommand({ TrailName: arn }))),
  ]);
  return {
    status: f.conform(statusSchema, status, statusTarget),
    selectors: f.conform(selectorsSchema, selectors, selectorsTarget),
  };
}

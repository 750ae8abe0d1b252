/**
 * `--regions all`: the regions enabled in an account, from Account Management `ListRegions`
 * (enabled by default, or opted in), every page, through the shared call path.
 */
import { ListRegionsCommand, type AccountClient } from '@aws-sdk/client-account';
import { callAws, type CallContext } from '../aws/call.js';
import { isRegionName } from '../aws/region-name.js';
import type { Collected } from '../inventory/schema.js';

export const ENABLED_REGION_STATUSES = ['ENABLED', 'ENABLED_BY_DEFAULT'] as const;
/** The API's maximum page size. */
const PAGE_SIZE = 50;
/** A loop guard: there are some 40 regions today. */
const MAX_PAGES = 100;

export type RegionsClient = Pick<AccountClient, 'send'>;

/**
 * The enabled regions, sorted; a `CollectionError` when a page could not be read (the caller
 * decides: one line and exit 3 for a single account, a failed account in a multi-account run).
 * `region` picks the endpoint: Account Management is global within a partition.
 */
export async function listEnabledRegions(client: RegionsClient, calls: CallContext, region: string): Promise<Collected<string[]>> {
  const regions = new Set<string>();
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result = await callAws(calls, { service: 'account', operation: 'ListRegions', region, resource: 'account' }, () =>
      client.send(
        new ListRegionsCommand({
          RegionOptStatusContains: [...ENABLED_REGION_STATUSES],
          MaxResults: PAGE_SIZE,
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
      ),
    );
    if (!result.ok) return result;
    for (const entry of result.value.Regions ?? []) {
      const status = entry.RegionOptStatus;
      // Filtered by the call already; checked again so a region being disabled is never scanned.
      if (entry.RegionName && isRegionName(entry.RegionName) && (status === undefined || (ENABLED_REGION_STATUSES as readonly string[]).includes(status))) {
        regions.add(entry.RegionName);
      }
    }
    nextToken = result.value.NextToken || undefined;
    if (!nextToken) return { ok: true, value: [...regions].sort() };
  }
  return {
    ok: false,
    error: {
      service: 'account',
      operation: 'ListRegions',
      region,
      resource: 'account',
      code: 'TooManyPages',
      message: `ListRegions still returned a NextToken after ${MAX_PAGES} pages`,
    },
  };
}

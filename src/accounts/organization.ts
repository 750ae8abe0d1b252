/**
 * `--organization`: the organization's accounts from Organizations `ListAccounts` (management
 * account or a delegated administrator), every page; only ACTIVE accounts are scanned.
 */
import { ListAccountsCommand, type OrganizationsClient } from '@aws-sdk/client-organizations';
import { callAws, type CallContext } from '../aws/call.js';
import type { Collected } from '../inventory/schema.js';
import { isAccountId } from './targets.js';

/** The API's maximum page size. */
const PAGE_SIZE = 20;
/** A loop guard: 20 000 accounts. */
const MAX_PAGES = 1000;

export type OrganizationClient = Pick<OrganizationsClient, 'send'>;

export interface OrganizationAccount {
  id: string;
  name?: string;
  /** `State` (PENDING_ACTIVATION, ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED), or the older `Status`. */
  state: string;
}

export interface OrganizationAccounts {
  /** The accounts to scan, sorted by id. */
  active: OrganizationAccount[];
  /** Suspended, closing, closed or not yet active: not scanned, listed in the run summary. */
  skipped: OrganizationAccount[];
}

/**
 * Every account of the organization, split into ACTIVE and the rest. `State` replaces the
 * deprecated `Status`; either is read, `State` first.
 */
export async function listOrganizationAccounts(
  client: OrganizationClient,
  calls: CallContext,
  region: string,
): Promise<Collected<OrganizationAccounts>> {
  const byId = new Map<string, OrganizationAccount>();
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result = await callAws(calls, { service: 'organizations', operation: 'ListAccounts', region, resource: 'organization' }, () =>
      client.send(new ListAccountsCommand({ MaxResults: PAGE_SIZE, ...(nextToken ? { NextToken: nextToken } : {}) })),
    );
    if (!result.ok) return result;
    for (const account of result.value.Accounts ?? []) {
      if (!account.Id || !isAccountId(account.Id)) continue;
      byId.set(account.Id, {
        id: account.Id,
        ...(account.Name ? { name: account.Name } : {}),
        state: account.State ?? account.Status ?? 'UNKNOWN',
      });
    }
    nextToken = result.value.NextToken || undefined;
    if (!nextToken) {
      const all = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
      return { ok: true, value: { active: all.filter((a) => a.state === 'ACTIVE'), skipped: all.filter((a) => a.state !== 'ACTIVE') } };
    }
  }
  return {
    ok: false,
    error: {
      service: 'organizations',
      operation: 'ListAccounts',
      region,
      resource: 'organization',
      code: 'TooManyPages',
      message: `ListAccounts still returned a NextToken after ${MAX_PAGES} pages`,
    },
  };
}

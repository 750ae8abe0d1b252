/** What a scan is pointed at: accounts, regions and how to reach AWS. */
import type { RoleChoice } from '../accounts/targets.js';
import type { AwsCredentials } from '../aws/clients.js';
import type { InventoryPart } from '../inventory/parts.js';

export interface Connection {
  profile?: string;
  /** A local emulator (LocalStack, moto) or a test double; otherwise the SDK's endpoint. */
  endpointUrl?: string;
}

export interface AwsTarget extends Connection {
  regions: string[];
  /** Credentials obtained by apiposture itself (a role assumed in a member account). */
  credentials?: AwsCredentials;
  /** The inventory parts to collect (a selection of checks); default every part. */
  parts?: ReadonlySet<InventoryPart>;
  /** The checks a partial collection is for, recorded in the snapshot. */
  selectedChecks?: readonly string[];
}

/** `--regions all` asks the account which regions are enabled; otherwise the regions given. */
export type RegionChoice = { kind: 'list'; regions: string[] } | { kind: 'all' };

export type AccountSource = { kind: 'accounts'; ids: string[] } | { kind: 'organization' };

export interface AccountsPlan {
  source: AccountSource;
  role: RoleChoice;
  externalId?: string;
}

export function connectionOf(target: Connection): Connection {
  return { ...(target.profile ? { profile: target.profile } : {}), ...(target.endpointUrl ? { endpointUrl: target.endpointUrl } : {}) };
}

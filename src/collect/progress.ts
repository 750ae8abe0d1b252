/** Progress events a CLI can render; collection works the same without a listener. */

/**
 * `v2-apis` are the HTTP and WebSocket APIs, `v2-domains` the custom domains' API mappings.
 * `user-pools`, `kms-keys` and `iam-policies` are account-wide: their events name the region
 * `global`.
 */
export type CollectPhase =
  | 'account'
  | 'rest-apis'
  | 'domains'
  | 'v2-apis'
  | 'v2-domains'
  | 'web-acls'
  | 'certificates'
  | 'trails'
  | 'alarms'
  | 'log-groups'
  | 'user-pools'
  | 'kms-keys'
  | 'iam-policies';

export interface CollectProgress {
  /** The region, or `global` for the account-wide phases. */
  region: string;
  phase: CollectPhase;
  done: number;
  total: number;
}

export type ProgressListener = (event: CollectProgress) => void;

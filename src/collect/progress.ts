/** Progress events a CLI can render; collection works the same without a listener. */
import type { CollectionPhase } from '../aws/services.js';

/**
 * The phases come from the services' descriptors (src/aws/descriptors/). `v2-apis` are the HTTP
 * and WebSocket APIs, `v2-domains` the custom domains' API mappings. `user-pools`, `kms-keys`
 * and `iam-policies` are account-wide: their events name the region `global`.
 */
export type CollectPhase = CollectionPhase;

export interface CollectProgress {
  /** The region, or `global` for the account-wide phases. */
  region: string;
  phase: CollectPhase;
  done: number;
  total: number;
}

export type ProgressListener = (event: CollectProgress) => void;

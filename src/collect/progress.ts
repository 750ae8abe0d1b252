/** Progress events a CLI can render; collection works the same without a listener. */

/** `v2-apis` are the HTTP and WebSocket APIs, `v2-domains` the custom domains' API mappings. */
export type CollectPhase = 'account' | 'rest-apis' | 'domains' | 'v2-apis' | 'v2-domains' | 'web-acls' | 'certificates';

export interface CollectProgress {
  region: string;
  phase: CollectPhase;
  done: number;
  total: number;
}

export type ProgressListener = (event: CollectProgress) => void;

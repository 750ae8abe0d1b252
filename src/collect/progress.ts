/** Progress events a CLI can render; collection works the same without a listener. */

export type CollectPhase = 'account' | 'rest-apis' | 'domains' | 'web-acls' | 'certificates';

export interface CollectProgress {
  region: string;
  phase: CollectPhase;
  done: number;
  total: number;
}

export type ProgressListener = (event: CollectProgress) => void;

/**
 * Security Hub clients for the CLI, one per region, from the shared client factory
 * (src/aws/clients.ts): the same credentials, endpoint override, timeouts, user agent and single
 * SDK attempt as every other client. Retries and pacing are `callAws`'s (the importer's calls).
 */
import { AwsClients, type AwsCredentials } from '../aws/clients.js';
import type { SecurityHubClientFactory } from './importer.js';

export interface SecurityHubClientOptions {
  profile?: string;
  /** A local emulator or a test double; otherwise the SDK's endpoint (and `AWS_ENDPOINT_URL*`). */
  endpointUrl?: string;
  /** Credentials apiposture obtained itself (a role assumed in a member account); overrides `profile`. */
  credentials?: AwsCredentials;
}

export interface SecurityHubClients {
  clientFor: SecurityHubClientFactory;
  /** Closes every client's sockets so the process can exit promptly. */
  destroy(): void;
}

export function securityHubClients(options: SecurityHubClientOptions = {}): SecurityHubClients {
  const clients = new AwsClients({
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  return {
    clientFor: (region) => clients.securityHub(region),
    destroy: () => clients.destroy(),
  };
}

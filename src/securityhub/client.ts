/**
 * Security Hub clients for the CLI, one per region, sharing one credential resolution. Retries
 * are the importer's (token buckets, backoff), hence one SDK attempt.
 */
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, shareCredentials, type AwsCredentials } from '../aws/clients.js';
import { userAgent } from '../version.js';
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
  const credentials =
    options.credentials ?? shareCredentials(options.profile ? fromIni({ profile: options.profile }) : fromNodeProviderChain());
  const clients = new Map<string, SecurityHubClient>();
  return {
    clientFor(region) {
      let client = clients.get(region);
      if (!client) {
        client = new SecurityHubClient({
          region,
          credentials,
          maxAttempts: 1,
          // Like the collectors' clients: an unanswered call fails instead of hanging the run.
          requestHandler: {
            connectionTimeout: DEFAULT_CONNECT_TIMEOUT_MS,
            requestTimeout: DEFAULT_REQUEST_TIMEOUT_MS,
            throwOnRequestTimeout: true,
          },
          customUserAgent: userAgent(),
          ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
        });
        clients.set(region, client);
      }
      return client;
    },
    destroy() {
      for (const client of clients.values()) client.destroy();
      clients.clear();
    },
  };
}

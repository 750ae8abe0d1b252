/**
 * SDK clients, one per service × region, created on first use and reused. Each service's
 * descriptor (src/aws/descriptors/) says how its client is built; every client gets the same
 * config (credentials, endpoint override, timeouts, user agent, one SDK attempt). The factory is
 * an ordinary object the caller creates: nothing connects or reads credentials at import time.
 */
import type { AccountClient } from '@aws-sdk/client-account';
import type { ACMClient } from '@aws-sdk/client-acm';
import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { STSClient } from '@aws-sdk/client-sts';
import type { WAFV2Client } from '@aws-sdk/client-wafv2';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { userAgent } from '../version.js';
import type { AwsCredentials, SharedClientConfig } from './descriptor.js';
import { descriptorOf, type ClientOf, type ClientService } from './services.js';

export type { AwsCredentials } from './descriptor.js';
type CredentialProvider = Extract<AwsCredentials, (...args: never[]) => unknown>;
type ResolvedCredentials = Awaited<ReturnType<CredentialProvider>>;

export interface AwsClientOptions {
  /** A named profile from the shared config files; otherwise the default provider chain. */
  profile?: string;
  /** Overrides the provider chain (tests, callers that assumed a role themselves). */
  credentials?: AwsCredentials;
  /**
   * One endpoint for every service (a local emulator). Without it the SDK still honours
   * `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>` from the environment.
   */
  endpointUrl?: string;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Appended to the SDK user agent; default `apiposture/<version>`. */
  userAgent?: string;
}

/** What collectors need: a client per service and region. */
export interface AwsClientSource {
  /** The client of any service whose descriptor builds one. */
  client<S extends ClientService>(service: S, region: string): ClientOf<S>;
  apiGateway(region: string): APIGatewayClient;
  apiGatewayV2(region: string): ApiGatewayV2Client;
  wafv2(region: string): WAFV2Client;
  acm(region: string): ACMClient;
  sts(region: string): STSClient;
  cloudTrail(region: string): CloudTrailClient;
  cloudWatch(region: string): CloudWatchClient;
  cloudWatchLogs(region: string): CloudWatchLogsClient;
  cognito(region: string): CognitoIdentityProviderClient;
  kms(region: string): KMSClient;
  /** IAM is global: any region of the partition reaches its one endpoint. */
  iam(region: string): IAMClient;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** Refresh a cached identity this long before it expires. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

/**
 * Shares one credential resolution across all clients: with an assume-role or SSO profile,
 * each client would otherwise resolve (and call STS or SSO) on its own.
 */
export function shareCredentials(provider: CredentialProvider, now: () => number = Date.now): CredentialProvider {
  let cached: Promise<ResolvedCredentials> | undefined;
  const isFresh = (identity: ResolvedCredentials) =>
    identity.expiration === undefined || identity.expiration.getTime() - now() > EXPIRY_MARGIN_MS;
  const shared = async (...args: Parameters<CredentialProvider>): Promise<ResolvedCredentials> => {
    const current = cached;
    if (current) {
      const identity = await current;
      if (isFresh(identity)) return identity;
      if (cached === current) cached = undefined;
    }
    cached ??= provider(...args).catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
    return cached;
  };
  return shared as CredentialProvider;
}

function credentialsFor(options: AwsClientOptions): AwsCredentials {
  if (options.credentials) {
    return typeof options.credentials === 'function' ? shareCredentials(options.credentials) : options.credentials;
  }
  return shareCredentials(options.profile ? fromIni({ profile: options.profile }) : fromNodeProviderChain());
}

export class AwsClients implements AwsClientSource {
  private readonly clients = new Map<string, { destroy(): void }>();
  private credentials: AwsCredentials | undefined;

  constructor(private readonly options: AwsClientOptions = {}) {}

  client<S extends ClientService>(service: S, region: string): ClientOf<S> {
    const key = `${service}@${region}`;
    let client = this.clients.get(key);
    if (!client) {
      const { client: build } = descriptorOf(service) as { client?: (config: SharedClientConfig) => ClientOf<S> };
      if (!build) throw new Error(`the ${service} descriptor builds no client`);
      client = build(this.clientConfig(region));
      this.clients.set(key, client);
    }
    return client as ClientOf<S>;
  }

  apiGateway(region: string): APIGatewayClient {
    return this.client('apigateway', region);
  }

  apiGatewayV2(region: string): ApiGatewayV2Client {
    return this.client('apigatewayv2', region);
  }

  wafv2(region: string): WAFV2Client {
    return this.client('wafv2', region);
  }

  acm(region: string): ACMClient {
    return this.client('acm', region);
  }

  sts(region: string): STSClient {
    return this.client('sts', region);
  }

  cloudTrail(region: string): CloudTrailClient {
    return this.client('cloudtrail', region);
  }

  cloudWatch(region: string): CloudWatchClient {
    return this.client('cloudwatch', region);
  }

  cloudWatchLogs(region: string): CloudWatchLogsClient {
    return this.client('logs', region);
  }

  cognito(region: string): CognitoIdentityProviderClient {
    return this.client('cognito-idp', region);
  }

  kms(region: string): KMSClient {
    return this.client('kms', region);
  }

  iam(region: string): IAMClient {
    return this.client('iam', region);
  }

  /** Account Management (`--regions all`): global, any region of the partition reaches it. */
  account(region: string): AccountClient {
    return this.client('account', region);
  }

  /** Organizations (`--organization`): global, any region of the partition reaches it. */
  organizations(region: string): OrganizationsClient {
    return this.client('organizations', region);
  }

  securityHub(region: string): SecurityHubClient {
    return this.client('securityhub', region);
  }

  /** The options every client gets; all retries are ours (src/aws/call.ts), hence one attempt. */
  clientConfig(region: string): SharedClientConfig {
    this.credentials ??= credentialsFor(this.options);
    return {
      region,
      credentials: this.credentials,
      maxAttempts: 1,
      requestHandler: {
        connectionTimeout: this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
        requestTimeout: this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
        // Without it the SDK only logs a warning when requestTimeout passes and waits forever.
        throwOnRequestTimeout: true,
      },
      ...(this.options.endpointUrl ? { endpoint: this.options.endpointUrl } : {}),
      customUserAgent: this.options.userAgent ?? userAgent(),
    };
  }

  /** Stops every client's keep-alive sockets so the process can exit promptly. */
  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }
}

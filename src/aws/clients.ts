/**
 * SDK clients, one per service × region, created on first use and reused. The factory is an
 * ordinary object the caller creates: nothing connects or reads credentials at import time.
 */
import { AccountClient } from '@aws-sdk/client-account';
import { ACMClient } from '@aws-sdk/client-acm';
import { APIGatewayClient, type APIGatewayClientConfig } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { WAFV2Client } from '@aws-sdk/client-wafv2';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';

/** Static credentials or a provider, as the SDK clients accept them. */
export type AwsCredentials = NonNullable<APIGatewayClientConfig['credentials']>;
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
  /** Appended to the SDK user agent, e.g. `apiposture/0.1.0`. */
  userAgent?: string;
}

/** What collectors need: a client per service and region. */
export interface AwsClientSource {
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
  private readonly clients = new Map<string, unknown>();
  private credentials: AwsCredentials | undefined;

  constructor(private readonly options: AwsClientOptions = {}) {}

  apiGateway(region: string): APIGatewayClient {
    return this.cached('apigateway', region, (config) => new APIGatewayClient(config));
  }

  apiGatewayV2(region: string): ApiGatewayV2Client {
    return this.cached('apigatewayv2', region, (config) => new ApiGatewayV2Client(config));
  }

  wafv2(region: string): WAFV2Client {
    return this.cached('wafv2', region, (config) => new WAFV2Client(config));
  }

  acm(region: string): ACMClient {
    return this.cached('acm', region, (config) => new ACMClient(config));
  }

  sts(region: string): STSClient {
    return this.cached('sts', region, (config) => new STSClient(config));
  }

  cloudTrail(region: string): CloudTrailClient {
    return this.cached('cloudtrail', region, (config) => new CloudTrailClient(config));
  }

  cloudWatch(region: string): CloudWatchClient {
    return this.cached('cloudwatch', region, (config) => new CloudWatchClient(config));
  }

  cloudWatchLogs(region: string): CloudWatchLogsClient {
    return this.cached('logs', region, (config) => new CloudWatchLogsClient(config));
  }

  cognito(region: string): CognitoIdentityProviderClient {
    return this.cached('cognito-idp', region, (config) => new CognitoIdentityProviderClient(config));
  }

  kms(region: string): KMSClient {
    return this.cached('kms', region, (config) => new KMSClient(config));
  }

  iam(region: string): IAMClient {
    return this.cached('iam', region, (config) => new IAMClient(config));
  }

  /** Account Management (`--regions all`): global, any region of the partition reaches it. */
  account(region: string): AccountClient {
    return this.cached('account', region, (config) => new AccountClient(config));
  }

  /** Organizations (`--organization`): global, any region of the partition reaches it. */
  organizations(region: string): OrganizationsClient {
    return this.cached('organizations', region, (config) => new OrganizationsClient(config));
  }

  /** The options every client gets; all retries are ours (src/aws/call.ts), hence one attempt. */
  clientConfig(region: string) {
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
      ...(this.options.userAgent ? { customUserAgent: this.options.userAgent } : {}),
    };
  }

  /** Stops every client's keep-alive sockets so the process can exit promptly. */
  destroy(): void {
    for (const client of this.clients.values()) (client as { destroy(): void }).destroy();
    this.clients.clear();
  }

  private cached<C>(service: string, region: string, create: (config: ReturnType<AwsClients['clientConfig']>) => C): C {
    const key = `${service}@${region}`;
    let client = this.clients.get(key) as C | undefined;
    if (!client) {
      client = create(this.clientConfig(region));
      this.clients.set(key, client);
    }
    return client;
  }
}

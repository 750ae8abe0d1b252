/**
 * The shape of a service descriptor (src/aws/descriptors/): everything apiposture knows about
 * one AWS service in one place — how its SDK client is built, the operations it calls with the
 * IAM permission each needs, the client-side rate rules that pace them, and the collection
 * progress phases it reports. The service list, the client factory, the rate-rule table and the
 * operation lists of the least-privilege policy are derived from the descriptors.
 */
import type { APIGatewayClientConfig } from '@aws-sdk/client-api-gateway';

/** Static credentials or a provider, as the SDK clients accept them. */
export type AwsCredentials = NonNullable<APIGatewayClientConfig['credentials']>;

/** The configuration every SDK client gets (src/aws/clients.ts `clientConfig`). */
export interface SharedClientConfig {
  region: string;
  credentials: AwsCredentials;
  /** Retries are ours (src/aws/call.ts): one SDK attempt. */
  maxAttempts: 1;
  requestHandler: { connectionTimeout: number; requestTimeout: number; throwOnRequestTimeout: true };
  endpoint?: string;
  customUserAgent?: string;
}

/** Anything built from the shared config that holds sockets to close. */
export interface SdkClient {
  destroy(): void;
}

export interface BucketRate {
  ratePerSecond: number;
  burst: number;
}

/**
 * What one operation needs in IAM. `iamResources` use `${Partition}`, `${Region}` and
 * `${Account}` placeholders (S3's also `${Bucket}` and `${Prefix}`).
 */
export interface OperationSpec {
  iamAction: string;
  iamResources: readonly string[];
}

export interface RateSpec<Operation extends string = string> {
  /** Names the bucket: one per name and region, shared by every rule of that name. */
  name: string;
  rate: BucketRate;
  /** The operations it paces; every operation of the service when absent. */
  operations?: readonly Operation[];
}

export interface ServiceDescriptor<
  Id extends string = string,
  Client extends SdkClient = SdkClient,
  Operations extends Record<string, OperationSpec> = Record<string, OperationSpec>,
  Phase extends string = string,
> {
  /** As in IAM actions and collection errors (`apigateway`, `cognito-idp` …). */
  id: Id;
  /** Builds the SDK client; absent where a module of its own builds it on demand (S3). */
  client?: (config: SharedClientConfig) => Client;
  operations: Operations;
  /** Most specific first: a call takes a token from every rule that applies, in this order. */
  rates: readonly RateSpec<Extract<keyof Operations, string>>[];
  /** Collection progress phases this service's collectors report (src/collect/progress.ts). */
  phases?: readonly Phase[];
}

/** What the rate-rule table reads of any descriptor. */
export interface RatedService {
  id: string;
  operations: Readonly<Record<string, OperationSpec>>;
  rates: readonly RateSpec[];
}

/** Keeps the literal types (ids, operation names, phases) the derived lists are typed by. */
export function defineService<
  const Id extends string,
  Client extends SdkClient,
  const Operations extends Record<string, OperationSpec>,
  const Phase extends string = never,
>(descriptor: ServiceDescriptor<Id, Client, Operations, Phase>): ServiceDescriptor<Id, Client, Operations, Phase> {
  return descriptor;
}

/** Reads whose IAM action is named after the operation (`<service>:<Operation>`), with their resources. */
export function reads<const Operations extends Record<string, readonly string[]>>(
  service: string,
  resources: Operations,
): { [Name in keyof Operations]: OperationSpec } {
  const entries = Object.entries(resources).map(([operation, iamResources]) => [operation, { iamAction: `${service}:${operation}`, iamResources }]);
  return Object.fromEntries(entries) as { [Name in keyof Operations]: OperationSpec };
}

/** No published rate is relied on: a conservative 5/s per service and region. */
export function conservativeRate(service: string): RateSpec<never> {
  return { name: service, rate: { ratePerSecond: 5, burst: 5 } };
}

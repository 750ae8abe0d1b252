/**
 * Every AWS service apiposture calls, one descriptor each (src/aws/descriptors/). The service
 * names, the client factory (clients.ts), the rate-rule table (rate-limiter.ts), the operation
 * lists of the least-privilege policy (src/collect/operations.ts) and the collection progress
 * phases are derived from this table: a new service is a descriptor and one line here.
 */
import { account, organizations, sts } from './descriptors/accounts.js';
import { apiGateway, apiGatewayV2 } from './descriptors/api-gateway.js';
import { cognitoIdentity } from './descriptors/identity-pools.js';
import { cloudTrail, cloudWatch, cloudWatchLogs, cognito, iam, kms } from './descriptors/linked.js';
import { lambda } from './descriptors/lambda.js';
import { acm, wafv2 } from './descriptors/protection.js';
import { route53 } from './descriptors/route53.js';
import { cloudFront, shield } from './descriptors/shield.js';
import type { SdkClient } from './descriptor.js';
import { s3, securityHub } from './descriptors/reports.js';

export const AWS_SERVICES = [
  apiGateway,
  apiGatewayV2,
  wafv2,
  acm,
  sts,
  cloudTrail,
  cloudWatch,
  cloudWatchLogs,
  cognito,
  cognitoIdentity,
  kms,
  iam,
  route53,
  shield,
  cloudFront,
  lambda,
  account,
  organizations,
  s3,
  securityHub,
] as const;

type AnyDescriptor = (typeof AWS_SERVICES)[number];

/** The AWS services apiposture calls, named as in IAM actions and collection errors. */
export type AwsService = AnyDescriptor['id'];
export type DescriptorOf<S extends AwsService> = Extract<AnyDescriptor, { id: S }>;
/** The operations of a service that apiposture calls (each with its IAM action and rate rule). */
export type OperationOf<S extends AwsService> = Extract<keyof DescriptorOf<S>['operations'], string>;
/** Services whose SDK client the shared factory builds. */
export type ClientOf<S extends AwsService> = ReturnType<NonNullable<DescriptorOf<S>['client']>>;
/** Services whose SDK client the shared factory builds (S3's is built on demand elsewhere). */
export type ClientService = { [S in AwsService]: SdkClient extends ClientOf<S> ? never : S }[AwsService];
/** The collection progress phases, from the services' descriptors. */
export type CollectionPhase = NonNullable<AnyDescriptor['phases']>[number];

const BY_ID = new Map<string, AnyDescriptor>(AWS_SERVICES.map((d) => [d.id, d]));

export function descriptorOf<S extends AwsService>(service: S): DescriptorOf<S> {
  const descriptor = BY_ID.get(service);
  if (!descriptor) throw new Error(`no descriptor for AWS service ${service}`);
  return descriptor as DescriptorOf<S>;
}

/** One operation with what IAM needs for it: the input of the least-privilege policy. */
export interface DescribedOperation<S extends AwsService = AwsService, O extends string = string> {
  service: S;
  operation: O;
  iamAction: string;
  iamResources: readonly string[];
}

/** A service's operations as a list, optionally only the named ones, in the order named. */
export function operationsOf<S extends AwsService, O extends OperationOf<S> = OperationOf<S>>(
  service: S,
  only?: readonly O[],
): DescribedOperation<S, O>[] {
  const operations = descriptorOf(service).operations as Record<string, { iamAction: string; iamResources: readonly string[] }>;
  const names = only ?? (Object.keys(operations) as O[]);
  return names.map((operation) => {
    const spec = operations[operation];
    if (!spec) throw new Error(`${service} has no operation ${operation}`);
    return { service, operation, iamAction: spec.iamAction, iamResources: spec.iamResources };
  });
}

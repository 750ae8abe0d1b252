/**
 * Collection entry point: resolves who we are (STS), collects every region concurrently, then
 * what the regions' APIs link to across regions (user pools, KMS keys), and assembles the
 * inventory snapshot. IAM policies, being account-wide, are read alongside from the start.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { Logger } from 'pino';
import { callAws, type CallContext } from '../aws/call.js';
import { CallStats } from '../aws/call-stats.js';
import { AwsClients, type AwsClientSource, type AwsCredentials } from '../aws/clients.js';
import { CredentialsError } from '../aws/errors.js';
import { RateLimits, type Clock, type Sleep } from '../aws/rate-limiter.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../aws/retry.js';
import { INVENTORY_PARTS, type InventoryPart } from '../inventory/parts.js';
import { INVENTORY_SCHEMA_VERSION, type CollectionError, type Inventory } from '../inventory/schema.js';
import { toolVersion, userAgent } from '../version.js';
import { parseArn } from './arn.js';
import { createCollectContext, RegionFetcher } from './context.js';
import { collectIamPolicies } from './iam-policies.js';
import { KeyReads, kmsKeyRefsOf } from './kms-keys.js';
import { ALL_PARTS } from './plan.js';
import type { ProgressListener } from './progress.js';
import { collectRegion, notSelectedEntries } from './region.js';
import { collectRoute53 } from './route53.js';
import { collectShield, shieldRegion } from './shield.js';
import { FunctionReads, functionsServedBy } from './lambda.js';
import { poolsTrustedBy, UserPoolReads } from './user-pools.js';

export { CallStats, type OperationStats } from '../aws/call-stats.js';
export { CredentialsError } from '../aws/errors.js';
export {
  COLLECTOR_OPERATIONS,
  IDENTITY_OPERATION,
  LINKED_OPERATIONS,
  REST_OPERATIONS,
  V2_OPERATIONS,
  type CollectorOperation,
} from './operations.js';
export type { CollectPhase, CollectProgress, ProgressListener } from './progress.js';

/** What paces the Lambda lane: Lambda's control-plane bucket. */
const LAMBDA_PACE = { service: 'lambda', operation: 'GetFunctionConfiguration' } as const;

export interface CollectOptions {
  regions: string[];
  profile?: string;
  /** Every call goes here (an emulator). Without it the SDK honours `AWS_ENDPOINT_URL`. */
  endpointUrl?: string;
  credentials?: AwsCredentials;
  logger?: Logger;
  onProgress?: ProgressListener;
  /** Multiplies the client-side rate limits (benchmarks against a fake); default 1. */
  rateScale?: number;
  /** Attempts per call, retries included; default 8. */
  maxAttempts?: number;
  /** AWS calls in flight per region; default 8. */
  concurrency?: number;
  /** Test seams: retry timing, limiter clock, ready-made clients. */
  retry?: Partial<Omit<RetryPolicy, 'maxAttempts'>>;
  clock?: Clock;
  limiterSleep?: Sleep;
  clients?: AwsClientSource;
  now?: () => Date;
  /**
   * The parts to collect (`collectionPlan` of what the selected checks read); default every
   * part. The others are `NotSelected` slots, without a call.
   */
  parts?: ReadonlySet<InventoryPart>;
  /** The checks the collection was made for, recorded in the snapshot (`selection`). */
  selectedChecks?: readonly string[];
}

export interface CollectResult {
  inventory: Inventory;
  stats: CallStats;
}

export interface CallerIdentity {
  accountId: string;
  partition: string;
}

export async function collectInventory(options: CollectOptions): Promise<CollectResult> {
  const regions = [...new Set(options.regions)];
  const [identityRegion] = regions;
  if (identityRegion === undefined) throw new RangeError('collectInventory needs at least one region');
  const collectedAt = (options.now ?? (() => new Date()))().toISOString();
  const version = toolVersion();

  const stats = new CallStats();
  const calls: CallContext = {
    limits: new RateLimits({ rateScale: options.rateScale, clock: options.clock, sleep: options.limiterSleep }),
    retry: { ...DEFAULT_RETRY_POLICY, ...options.retry, maxAttempts: options.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts },
    stats,
    logger: options.logger,
  };
  let ownClients: AwsClients | undefined;
  const clients =
    options.clients ??
    (ownClients = new AwsClients({
      profile: options.profile,
      credentials: options.credentials,
      endpointUrl: options.endpointUrl,
      userAgent: userAgent(),
    }));

  try {
    const identity = await resolveCallerIdentity(clients, calls, identityRegion, options.profile);
    options.logger?.debug({ ...identity, regions }, 'collecting');

    const ctx = createCollectContext({
      clients,
      calls,
      partition: identity.partition,
      accountId: identity.accountId,
      concurrency: options.concurrency,
      onProgress: options.onProgress,
      ...(options.parts ? { parts: options.parts } : {}),
    });
    const account = { id: identity.accountId, partition: identity.partition };
    // Account-wide collectors: their calls name their own regions; IAM answers in any region.
    const global = new RegionFetcher(ctx, identityRegion, 'global');
    const iamPoliciesReady = global.wants('iam-policies')
      ? collectIamPolicies(global, identityRegion)
      : { iamPolicies: global.notSelected('iam-policies', global.target('GetAccountAuthorizationDetails', identity.accountId, 'global')) };
    // Route 53 is global too: hosted zones and records, read once while the regions are collected.
    const route53Ready = global.wants('dns-records')
      ? collectRoute53(global, identityRegion)
      : { hostedZones: global.notSelected('dns-records', global.target('ListHostedZones', identity.accountId, 'global')) };
    // Shield Advanced is global: its subscription and protections, once per scan.
    const shieldReady = global.wants('shield')
      ? collectShield(global, shieldRegion(identity.partition, identityRegion))
      : { subscription: global.notSelected('shield', global.target('GetSubscriptionState', identity.accountId, 'global')) };
    // Lambda functions are read in their own lane (their own buckets), each as soon as an API's
    // stages name it, alongside the API Gateway calls rather than after them.
    // One lane per function region: Lambda's quotas are per account and Region.
    const functionReads = global.wants('lambda-functions')
      ? new FunctionReads(global, (region) => new RegionFetcher(ctx, region, 'global', LAMBDA_PACE))
      : undefined;
    // User pools (and their web ACLs) likewise, in Cognito's and WAF's lanes.
    const poolReads = new UserPoolReads(global);
    // What the APIs name is gathered as each is read: worked out again for the finished
    // snapshot, every method's link would be built at once beside it, at the scan's peak memory.
    const named = { functions: new Set<string>(), pools: new Set<string>() };
    ctx.onApiRead = (region, api) => {
      const functions = functionsServedBy(region, api, account);
      const pools = poolsTrustedBy(region, api, account);
      for (const arn of functions) named.functions.add(arn);
      for (const arn of pools) named.pools.add(arn);
      functionReads?.start(functions);
      poolReads.start(pools);
    };
    // KMS keys likewise, as soon as a region's log groups and trails name them.
    const keyReads = global.wants('kms-keys') ? new KeyReads(global) : undefined;
    ctx.onKeysNamed = (region) => keyReads?.start(kmsKeyRefsOf([region]));
    const regionInventories = await Promise.all(regions.map((region) => collectRegion(ctx, region)));
    const poolArns = [...named.pools].sort();
    const keyRefs = kmsKeyRefsOf(regionInventories);
    const functionArns = [...named.functions].sort();
    const lambdaFunctionsReady = functionReads
      ? functionReads.all(functionArns)
      : notSelectedEntries(global, 'lambda-functions', functionArns, (arn) => global.target('GetFunctionConfiguration', arn, arn.split(':')[3] || 'global'));
    const [{ userPools, userPoolWebAcls }, kmsKeys, iam] = await Promise.all([
      poolReads.all(poolArns),
      keyReads
        ? keyReads.all(keyRefs)
        : notSelectedEntries(global, 'kms-keys', keyRefs.map((ref) => ref.ref), (ref) => global.target('DescribeKey', ref, ref.split(':')[3] || 'global')),
      iamPoliciesReady,
    ]);

    const inventory: Inventory = {
      schemaVersion: INVENTORY_SCHEMA_VERSION,
      tool: { name: 'apiposture', version },
      collectedAt,
      account,
      regions: regionInventories,
      shared: { ...iam, userPools, kmsKeys, route53: await route53Ready, shield: await shieldReady, userPoolWebAcls, lambdaFunctions: await lambdaFunctionsReady },
      errors: sortErrors(ctx.errors),
      ...(options.parts && options.parts.size < ALL_PARTS.size
        ? { selection: { checks: [...(options.selectedChecks ?? [])], parts: INVENTORY_PARTS.filter((part) => options.parts!.has(part)) } }
        : {}),
    };
    return { inventory, stats };
  } finally {
    ownClients?.destroy();
  }
}

/** The account and partition the credentials belong to; a `CredentialsError` when unusable. */
export async function resolveCallerIdentity(
  clients: AwsClientSource,
  calls: CallContext,
  region: string,
  profile?: string,
): Promise<CallerIdentity> {
  const client = clients.sts(region);
  const result = await callAws(
    calls,
    { service: 'sts', operation: 'GetCallerIdentity', region, resource: region },
    () => client.send(new GetCallerIdentityCommand({})),
  );
  const whose = profile ? `the credentials of profile ${profile}` : 'the AWS credentials';
  if (!result.ok) {
    throw new CredentialsError(`cannot verify ${whose} (sts:GetCallerIdentity in ${region}): ${result.error.code}: ${result.error.message}`);
  }
  const accountId = result.value.Account;
  const partition = result.value.Arn ? parseArn(result.value.Arn)?.partition : undefined;
  if (!accountId || !/^\d{12}$/.test(accountId) || !partition) {
    throw new CredentialsError(
      `cannot verify ${whose}: sts:GetCallerIdentity returned account ${JSON.stringify(accountId)} and ARN ${JSON.stringify(result.value.Arn)}`,
    );
  }
  return { accountId, partition };
}

/** Errors arrive in completion order; the snapshot lists them in a stable one. */
function sortErrors(errors: readonly CollectionError[]): CollectionError[] {
  const key = (e: CollectionError) => [e.region, e.service, e.operation, e.resource, e.code].join('\u0000');
  return [...errors].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

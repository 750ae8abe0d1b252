/**
 * The Cognito user pools authorizers trust (REST `COGNITO_USER_POOLS` provider ARNs, HTTP JWT
 * issuers of Cognito), each read in its own region: the pool's configuration, its MFA
 * configuration, its app clients and, when threat protection is ENFORCED, its risk
 * configuration. Nothing about users is ever read, and client secrets are dropped. Pools of
 * other accounts are not read; a pool the scanned account does not have (a JWT issuer of another
 * account) is recorded as not found, which is an answer rather than a failure of the scan.
 */
import {
  DescribeRiskConfigurationCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  ListUserPoolClientsCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CallTarget } from '../aws/call.js';
import { errorCode } from '../aws/retry.js';
import { CROSS_ACCOUNT, parseUserPoolArn, POOL_NOT_FOUND, userPoolUses } from '../inventory/links.js';
import {
  riskConfigurationSchema,
  userPoolClientSchema,
  userPoolMfaSchema,
  userPoolSchema,
  type Collected,
  type CollectionError,
  type Inventory,
  type ResourceWebAcl,
  type RiskConfiguration,
  type UserPool,
  type UserPoolClient,
  type UserPoolRisk,
} from '../inventory/schema.js';
import { regionOfOneApi, RegionFetcher, skipped, type ApiRead } from './context.js';
import { KeyedReads } from './keyed-reads.js';
import { notSelectedEntries } from './region.js';
import { asksPoolWebAcl, poolWebAclReads, resourceWafFetcher } from './web-acls.js';
import { allCollected } from './slots.js';

/** The largest page `ListUserPoolClients` returns. */
const MAX_CLIENTS_PER_PAGE = 60;

const poolFieldsSchema = userPoolSchema.omit({ mfa: true, clients: true, riskConfiguration: true });
type PoolFields = Omit<UserPool, 'mfa' | 'clients' | 'riskConfiguration'>;

/** What paces the user pools' lane: Cognito's user pool read category. */
const COGNITO_PACE = { service: 'cognito-idp', operation: 'DescribeUserPool' } as const;

/**
 * The user pools the authorizers trust and each pool's web ACL: a pool is read (in Cognito's
 * own lane) as soon as an API's authorizers name it, and its web ACL (in the lane of
 * `GetWebACLForResource`) as soon as the pool is read, since a pool found missing or of
 * another account is not asked. `all` waits for what the whole scan names.
 */
export class UserPoolReads {
  private readonly pools: KeyedReads<string, Collected<UserPool>> | undefined;
  private readonly webAcls: KeyedReads<string, Collected<ResourceWebAcl>> | undefined;

  /** `global`: the scan's account-wide fetcher; the pools' calls name their own regions. */
  constructor(private readonly global: RegionFetcher) {
    const cognito = new RegionFetcher(global.ctx, global.region, global.scope, COGNITO_PACE);
    this.pools = global.wants('user-pools') ? new KeyedReads(cognito, 'user-pools', (arn: string) => arn, (arn) => collectUserPool(cognito, arn)) : undefined;
    this.webAcls = global.wants('user-pool-web-acls') ? poolWebAclReads(resourceWafFetcher(global)) : undefined;
  }

  /** Starts reading pools (`poolsTrustedBy` one API) and their web ACLs; none twice. */
  start(poolArns: readonly string[]): void {
    for (const arn of poolArns) this.startPool(arn);
  }

  /** The pools and their web ACLs, by pool ARN, for `poolArns` (sorted, distinct): what every API names. */
  async all(poolArns: readonly string[]): Promise<{ userPools: Record<string, Collected<UserPool>>; userPoolWebAcls: Record<string, Collected<ResourceWebAcl>> }> {
    const { global } = this;
    const regionOf = (arn: string) => arn.split(':')[3] || 'global';
    const userPools = this.pools
      ? await this.pools.all(poolArns)
      : notSelectedEntries(global, 'user-pools', poolArns, (arn) => global.target('DescribeUserPool', arn, regionOf(arn)));
    const asked = poolArns.filter((arn) => asksPoolWebAcl(global.ctx.accountId, arn, userPools[arn]));
    const userPoolWebAcls = this.webAcls
      ? await this.webAcls.all(asked)
      : notSelectedEntries(global, 'user-pool-web-acls', poolArns, (arn) => global.target('GetWebACLForResource', arn, regionOf(arn)));
    return { userPools, userPoolWebAcls };
  }

  private startPool(arn: string): void {
    const { webAcls } = this;
    const askWebAcl = (pool: Collected<UserPool> | undefined) => {
      if (webAcls && asksPoolWebAcl(this.global.ctx.accountId, arn, pool)) void webAcls.start(arn);
    };
    // Not reading pools: their slots are `NotSelected`, and the web ACL of each is asked at once.
    if (this.pools) void this.pools.start(arn).then(askWebAcl, () => {});
    else askWebAcl(undefined);
  }
}

/** The user pools one API's authorizers trust, sorted (the scan's are the union over its APIs). */
export function poolsTrustedBy(region: string, read: ApiRead, account: Inventory['account']): string[] {
  return [...userPoolUses({ regions: [regionOfOneApi(region, read)], account }).keys()].sort();
}

/**
 * Resolves to undefined on ResourceNotFoundException: for these reads "there is no such thing"
 * is an answer, and the call is not a failure of the scan.
 */
async function orNotFound<T>(request: () => Promise<T>): Promise<T | undefined> {
  try {
    return await request();
  } catch (error) {
    if (errorCode(error) === POOL_NOT_FOUND) return undefined;
    throw error;
  }
}

/** A slot left unread on purpose or found not to exist: not a collection error of the scan. */
function unread(target: CallTarget, code: string, message: string): { ok: false; error: CollectionError } {
  return { ok: false, error: { ...target, code, message } };
}

async function collectUserPool(f: RegionFetcher, arn: string): Promise<Collected<UserPool>> {
  const pool = parseUserPoolArn(arn);
  const region = pool?.region ?? f.region;
  const target = f.target('DescribeUserPool', arn, region);
  if (!pool) return unread(target, 'InvalidArn', `${arn} is not the ARN of a Cognito user pool`);
  if (pool.account !== f.ctx.accountId) {
    return unread(
      target,
      CROSS_ACCOUNT,
      `the user pool belongs to account ${pool.account}, not to the scanned account ${f.ctx.accountId}; apiposture reads the scanned account only`,
    );
  }
  const client = f.ctx.clients.cognito(region);
  const UserPoolId = pool.poolId;
  const described = await f.call(target, () => orNotFound(() => client.send(new DescribeUserPoolCommand({ UserPoolId }))));
  if (described.ok && described.value === undefined) {
    // A JWT issuer names no account: its pool id is looked up here, and may be another account's.
    return unread(target, POOL_NOT_FOUND, `no user pool ${UserPoolId} exists in ${region} of account ${f.ctx.accountId}`);
  }
  const fields = f.conform(poolFieldsSchema, described, target, (output) => output?.UserPool);
  if (!fields.ok) return fields;
  const [mfa, clients] = await Promise.all([
    collectMfa(f, client, arn, region, UserPoolId),
    collectClients(f, client, arn, region, UserPoolId),
  ]);
  const riskConfiguration = await collectRisk(f, client, arn, region, fields.value, clients);
  return { ok: true, value: { ...fields.value, mfa, clients, ...(riskConfiguration ? { riskConfiguration } : {}) } };
}

/**
 * Threat protection's risk configuration, read only when the pool's mode is ENFORCED: its actions
 * apply in no other mode, and DescribeRiskConfiguration fails when threat protection is off.
 * Asked once with the pool id (the pool-level configuration), then once per app client: a
 * client's own configuration replaces the pool's for that client (SetRiskConfiguration), and
 * only asking with its ClientId shows whether it has one. A PASS has to rule those overrides
 * out, so the per-client calls are made, for ENFORCED pools only. ResourceNotFoundException for
 * a pool just described means nothing is configured there: recorded as a configuration with no
 * actions.
 */
async function collectRisk(
  f: RegionFetcher,
  client: CognitoIdentityProviderClient,
  arn: string,
  region: string,
  pool: PoolFields,
  clients: Collected<UserPoolClient[]>,
): Promise<Collected<UserPoolRisk> | undefined> {
  if (pool.UserPoolAddOns?.AdvancedSecurityMode?.trim().toUpperCase() !== 'ENFORCED') return undefined;
  const target = f.target('DescribeRiskConfiguration', arn, region);
  if (!clients.ok) return skipped(target, clients.error);
  const UserPoolId = pool.Id;
  const describe = async (ClientId?: string): Promise<Collected<RiskConfiguration>> => {
    const result = await f.call(target, () => orNotFound(() => client.send(new DescribeRiskConfigurationCommand({ UserPoolId, ClientId }))));
    return f.conform(riskConfigurationSchema, result, target, (output) => output?.RiskConfiguration ?? { UserPoolId });
  };
  const [poolLevel, clientLevel] = await Promise.all([describe(), Promise.all(clients.value.map((c) => describe(c.ClientId))).then(allCollected)]);
  if (!poolLevel.ok) return poolLevel;
  if (!clientLevel.ok) return clientLevel;
  // A response without ClientId is the pool's configuration, which the client inherits.
  const own = clientLevel.value.filter((config) => config.ClientId).map((config) => [config.ClientId, config] as const);
  return { ok: true, value: { pool: poolLevel.value, clients: Object.fromEntries(own) } };
}

async function collectMfa(f: RegionFetcher, client: CognitoIdentityProviderClient, arn: string, region: string, UserPoolId: string) {
  const target = f.target('GetUserPoolMfaConfig', arn, region);
  const result = await f.call(target, () => client.send(new GetUserPoolMfaConfigCommand({ UserPoolId })));
  return f.conform(userPoolMfaSchema, result, target);
}

async function collectClients(
  f: RegionFetcher,
  client: CognitoIdentityProviderClient,
  arn: string,
  region: string,
  UserPoolId: string,
): Promise<Collected<UserPoolClient[]>> {
  const listTarget = f.target('ListUserPoolClients', arn, region);
  const listed = await f.pages(listTarget, async (NextToken) => {
    const output = await client.send(new ListUserPoolClientsCommand({ UserPoolId, MaxResults: MAX_CLIENTS_PER_PAGE, NextToken }));
    return { items: output.UserPoolClients, position: output.NextToken };
  });
  if (!listed.ok) return listed;
  const describeTarget = f.target('DescribeUserPoolClient', arn, region);
  const described = await Promise.all(
    listed.value.map(async ({ ClientId }): Promise<Collected<UserPoolClient>> => {
      if (!ClientId) return f.fail(listTarget, 'UnexpectedResponse', 'ListUserPoolClients returned a client without a ClientId');
      const result = await f.call(describeTarget, () => client.send(new DescribeUserPoolClientCommand({ UserPoolId, ClientId })));
      // The secret is never stored, whatever the caller may read.
      return f.conform(userPoolClientSchema, result, describeTarget, (output) => withoutSecret(output.UserPoolClient));
    }),
  );
  return allCollected(described);
}

function withoutSecret<T extends { ClientSecret?: unknown }>(client: T | undefined): Omit<T, 'ClientSecret'> | undefined {
  if (!client) return client;
  const { ClientSecret: _secret, ...rest } = client;
  return rest;
}

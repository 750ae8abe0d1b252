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
import { CROSS_ACCOUNT, parseUserPoolArn, POOL_NOT_FOUND } from '../inventory/links.js';
import {
  riskConfigurationSchema,
  userPoolClientSchema,
  userPoolMfaSchema,
  userPoolSchema,
  type Collected,
  type CollectionError,
  type RiskConfiguration,
  type UserPool,
  type UserPoolClient,
  type UserPoolRisk,
} from '../inventory/schema.js';
import { skipped, type RegionFetcher } from './context.js';
import { allCollected } from './slots.js';

/** The largest page `ListUserPoolClients` returns. */
const MAX_CLIENTS_PER_PAGE = 60;

const poolFieldsSchema = userPoolSchema.omit({ mfa: true, clients: true, riskConfiguration: true });
type PoolFields = Omit<UserPool, 'mfa' | 'clients' | 'riskConfiguration'>;

export async function collectUserPools(f: RegionFetcher, poolArns: Iterable<string>): Promise<Record<string, Collected<UserPool>>> {
  const arns = [...new Set(poolArns)].sort();
  const entries = await f.eachWithProgress('user-pools', arns, async (arn) => [arn, await collectUserPool(f, arn)] as const);
  return Object.fromEntries(entries);
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

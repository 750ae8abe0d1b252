/**
 * The Cognito user pools authorizers trust (REST `COGNITO_USER_POOLS` provider ARNs, HTTP JWT
 * issuers of Cognito), each read in its own region: the pool's configuration, its MFA
 * configuration and its app clients. Nothing about users is ever read, and client secrets are
 * dropped. Pools of other accounts are not read.
 */
import {
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  ListUserPoolClientsCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CallTarget } from '../aws/call.js';
import { parseUserPoolArn } from '../inventory/links.js';
import {
  userPoolClientSchema,
  userPoolMfaSchema,
  userPoolSchema,
  type Collected,
  type CollectionError,
  type UserPool,
  type UserPoolClient,
} from '../inventory/schema.js';
import type { RegionFetcher } from './context.js';
import { allCollected } from './slots.js';

/** The largest page `ListUserPoolClients` returns. */
const MAX_CLIENTS_PER_PAGE = 60;

const poolFieldsSchema = userPoolSchema.omit({ mfa: true, clients: true });

export async function collectUserPools(f: RegionFetcher, poolArns: Iterable<string>): Promise<Record<string, Collected<UserPool>>> {
  const arns = [...new Set(poolArns)].sort();
  const entries = await f.eachWithProgress('user-pools', arns, async (arn) => [arn, await collectUserPool(f, arn)] as const);
  return Object.fromEntries(entries);
}

/** A slot left unread on purpose: no call was made, so it is not a collection error of the scan. */
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
      'CrossAccount',
      `the user pool belongs to account ${pool.account}, not to the scanned account ${f.ctx.accountId}; apiposture reads the scanned account only`,
    );
  }
  const client = f.ctx.clients.cognito(region);
  const UserPoolId = pool.poolId;
  const described = await f.call(target, () => client.send(new DescribeUserPoolCommand({ UserPoolId })));
  const fields = f.conform(poolFieldsSchema, described, target, (output) => output.UserPool);
  if (!fields.ok) return fields;
  const [mfa, clients] = await Promise.all([
    collectMfa(f, client, arn, region, UserPoolId),
    collectClients(f, client, arn, region, UserPoolId),
  ]);
  return { ok: true, value: { ...fields.value, mfa, clients } };
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

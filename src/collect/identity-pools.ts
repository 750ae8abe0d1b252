/**
 * Cognito identity pools of one region: `ListIdentityPools` (every page), then for each pool
 * `DescribeIdentityPool` (whether guests get credentials, whether the basic flow is on) and
 * `GetIdentityPoolRoles` (the role guests get). Nothing about identities is read, and no
 * credentials are requested. The roles' policies come from the IAM collection
 * (`GetAccountAuthorizationDetails`, iam-policies.ts), which already holds every role's inline
 * and attached policies: no call per role.
 *
 * A pool that cannot be described fails the region's list (a list missing a pool would read as
 * complete); roles that cannot be read fail that pool's `roles` slot only.
 */
import {
  DescribeIdentityPoolCommand,
  GetIdentityPoolRolesCommand,
  ListIdentityPoolsCommand,
  type CognitoIdentityClient,
  type IdentityPoolShortDescription,
} from '@aws-sdk/client-cognito-identity';
import { identityPoolSchema, type Collected, type IdentityPool } from '../inventory/schema.js';
import type { RegionFetcher } from './context.js';
import { allCollected, definedOnly, valueSchemaOf } from './slots.js';

/** The largest page `ListIdentityPools` returns. */
const MAX_RESULTS = 60;

const poolFieldsSchema = identityPoolSchema.omit({ roles: true });
const rolesSchema = valueSchemaOf(identityPoolSchema.shape.roles);

export async function collectIdentityPools(f: RegionFetcher): Promise<Collected<IdentityPool[]>> {
  const client = f.ctx.clients.client('cognito-identity', f.region);
  const listTarget = f.target('ListIdentityPools', f.region);
  const pools = await f.eachListed(
    'identity-pools',
    () =>
      f.pages(listTarget, async (NextToken) => {
        const output = await client.send(new ListIdentityPoolsCommand({ MaxResults: MAX_RESULTS, NextToken }));
        return { items: output.IdentityPools, position: output.NextToken };
      }),
    (listed: IdentityPoolShortDescription) => collectIdentityPool(f, client, listed),
  );
  return pools.ok ? allCollected(pools.value) : pools;
}

async function collectIdentityPool(f: RegionFetcher, client: CognitoIdentityClient, listed: IdentityPoolShortDescription): Promise<Collected<IdentityPool>> {
  const IdentityPoolId = listed.IdentityPoolId ?? '';
  const resource = `arn:${f.ctx.partition}:cognito-identity:${f.region}:${f.ctx.accountId}:identitypool/${IdentityPoolId}`;
  const describeTarget = f.target('DescribeIdentityPool', resource);
  if (!IdentityPoolId) return f.fail(describeTarget, 'UnexpectedResponse', 'ListIdentityPools returned a pool without an IdentityPoolId');
  const [described, roles] = await Promise.all([
    f.call(describeTarget, () => client.send(new DescribeIdentityPoolCommand({ IdentityPoolId }))),
    f.call(f.target('GetIdentityPoolRoles', resource), () => client.send(new GetIdentityPoolRolesCommand({ IdentityPoolId }))),
  ]);
  const fields = f.conform(poolFieldsSchema, described, describeTarget);
  if (!fields.ok) return fields;
  const rolesSlot = f.conform(rolesSchema, roles, f.target('GetIdentityPoolRoles', resource), ({ Roles, RoleMappings }) => definedOnly({ Roles, RoleMappings }));
  return { ok: true, value: { ...fields.value, roles: rolesSlot } };
}

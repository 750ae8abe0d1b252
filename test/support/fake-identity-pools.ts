/**
 * Cognito identity pools for the AWS look-alike (fake-aws.ts): JSON 1.1 with
 * `X-Amz-Target: AWSCognitoIdentityService.<Operation>`, serving the region's `identityPools` —
 * `ListIdentityPools` (offset paging), `DescribeIdentityPool`, `GetIdentityPoolRoles`. A list or
 * roles slot recorded as failed is answered with its error; a region without the slot (an older
 * inventory) has no pools.
 */
import type { IdentityPool, RegionInventory } from '../../src/inventory/schema.js';

type Reply = { status: number; body: unknown };

export const IDENTITY_POOLS_TARGET = /^AWSCognitoIdentityService\./;

const error = (code: string, message: string): Reply => ({ status: 400, body: { __type: code, message } });

export function identityPoolsReply(region: RegionInventory | undefined, operation: string, body: Record<string, unknown>, maxPage: number): Reply | undefined {
  const slot = region?.identityPools ?? { ok: true as const, value: [] as IdentityPool[] };
  if (!slot.ok) return error(slot.error.code, slot.error.message);
  const pools = slot.value;
  if (operation === 'ListIdentityPools') {
    const start = typeof body.NextToken === 'string' ? Number(body.NextToken) : 0;
    const size = Math.min(typeof body.MaxResults === 'number' && body.MaxResults > 0 ? body.MaxResults : maxPage, maxPage);
    const IdentityPools = pools.slice(start, start + size).map((p) => ({ IdentityPoolId: p.IdentityPoolId, IdentityPoolName: p.IdentityPoolName }));
    return { status: 200, body: { IdentityPools, ...(start + size < pools.length ? { NextToken: String(start + size) } : {}) } };
  }
  const pool = pools.find((p) => p.IdentityPoolId === body.IdentityPoolId);
  if (!pool) return error('ResourceNotFoundException', `IdentityPool '${String(body.IdentityPoolId)}' not found.`);
  const { roles, ...fields } = pool;
  if (operation === 'DescribeIdentityPool') return { status: 200, body: fields };
  if (operation === 'GetIdentityPoolRoles') {
    return roles.ok ? { status: 200, body: { IdentityPoolId: pool.IdentityPoolId, ...roles.value } } : error(roles.error.code, roles.error.message);
  }
  return undefined;
}

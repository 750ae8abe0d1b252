import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import {
  DescribeIdentityPoolCommand,
  GetIdentityPoolRolesCommand,
  ListIdentityPoolsCommand,
  type DescribeIdentityPoolCommandInput,
  type GetIdentityPoolRolesCommandInput,
} from '@aws-sdk/client-cognito-identity';
import guestAccess from '../../checks/identity/cognito-identity-pool-guest-access.js';
import { runChecks } from '../../src/engine/runner.js';
import { parseInventory } from '../../src/inventory/io.js';
import { cognitoIdentity, collect, regionOf, resetAws, restoreAws, value } from './mock-aws.js';

function denied(action: string) {
  return Object.assign(new Error(`User is not authorized to perform: cognito-identity:${action}`), {
    name: 'AccessDeniedException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });
}

function throttled() {
  return Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException', $fault: 'client', $metadata: { httpStatusCode: 429 } });
}

const pool = (n: number) => ({ IdentityPoolId: `eu-west-1:0000000${n}-aaaa-bbbb-cccc-123456789012`, IdentityPoolName: `pool-${n}` });

function servePools(count: number): void {
  const all = Array.from({ length: count }, (_, i) => pool(i + 1));
  cognitoIdentity.on(ListIdentityPoolsCommand).callsFake((input: { NextToken?: string }) => {
    const start = input.NextToken ? Number(input.NextToken) : 0;
    const page = all.slice(start, start + 2);
    return { IdentityPools: page, ...(start + 2 < all.length ? { NextToken: String(start + 2) } : {}) };
  });
  cognitoIdentity.on(DescribeIdentityPoolCommand).callsFake((input: DescribeIdentityPoolCommandInput) => ({
    ...all.find((p) => p.IdentityPoolId === input.IdentityPoolId),
    AllowUnauthenticatedIdentities: true,
    AllowClassicFlow: false,
    $metadata: { httpStatusCode: 200 },
  }));
  cognitoIdentity.on(GetIdentityPoolRolesCommand).callsFake((input: GetIdentityPoolRolesCommandInput) => ({
    IdentityPoolId: input.IdentityPoolId,
    Roles: { unauthenticated: 'arn:aws:iam::123456789012:role/guest' },
  }));
}

describe('identity pools', () => {
  beforeEach(resetAws);
  after(restoreAws);

  it('reads every page of ListIdentityPools, then each pool and its roles', async () => {
    servePools(5);
    const result = await collect();
    assert.deepEqual(
      cognitoIdentity.commandCalls(ListIdentityPoolsCommand).map((c) => c.args[0].input),
      [
        { MaxResults: 60, NextToken: undefined },
        { MaxResults: 60, NextToken: '2' },
        { MaxResults: 60, NextToken: '4' },
      ],
    );
    const pools = value(regionOf(result).identityPools);
    assert.deepEqual(pools.map((p) => p.IdentityPoolName), ['pool-1', 'pool-2', 'pool-3', 'pool-4', 'pool-5']);
    assert.equal(pools[0]?.AllowUnauthenticatedIdentities, true);
    assert.deepEqual(value(pools[0]?.roles).Roles, { unauthenticated: 'arn:aws:iam::123456789012:role/guest' });
    assert.equal(cognitoIdentity.commandCalls(DescribeIdentityPoolCommand).length, 5);
    assert.equal(cognitoIdentity.commandCalls(GetIdentityPoolRolesCommand).length, 5);
    // The snapshot round-trips through its schema.
    assert.ok(parseInventory(JSON.parse(JSON.stringify(result.inventory)), 'collected'));
  });

  it('retries a throttled call through callAws', async () => {
    servePools(1);
    cognitoIdentity.on(DescribeIdentityPoolCommand).rejectsOnce(throttled()).resolves({ ...pool(1), AllowUnauthenticatedIdentities: false });
    const result = await collect();
    assert.equal(cognitoIdentity.commandCalls(DescribeIdentityPoolCommand).length, 2);
    assert.equal(value(regionOf(result).identityPools)[0]?.AllowUnauthenticatedIdentities, false);
    assert.deepEqual(result.inventory.errors, []);
  });

  it('with ListIdentityPools denied, the region slot is an error and the check reports ERROR, never PASS', async () => {
    cognitoIdentity.on(ListIdentityPoolsCommand).rejects(denied('ListIdentityPools'));
    const result = await collect();
    const slot = regionOf(result).identityPools;
    assert.equal(slot?.ok, false);
    assert.equal(slot && !slot.ok && slot.error.code, 'AccessDeniedException');
    const results = runChecks([guestAccess], result.inventory);
    assert.deepEqual(results.map((r) => r.status), ['ERROR']);
  });

  it('fails the list when a later page fails: a partial list would read as complete', async () => {
    cognitoIdentity.on(ListIdentityPoolsCommand).resolvesOnce({ IdentityPools: [pool(1)], NextToken: 't2' }).rejects(denied('ListIdentityPools'));
    const result = await collect();
    assert.equal(regionOf(result).identityPools?.ok, false);
  });

  it('keeps a pool whose roles are denied, with the error in its roles slot', async () => {
    servePools(1);
    cognitoIdentity.on(GetIdentityPoolRolesCommand).rejects(denied('GetIdentityPoolRoles'));
    const result = await collect();
    const [only] = value(regionOf(result).identityPools);
    assert.equal(only?.roles.ok, false);
    assert.deepEqual(result.inventory.errors.map((e) => `${e.service}:${e.operation}`), ['cognito-identity:GetIdentityPoolRoles']);
  });

  it('makes no call when the selected checks do not read identity pools', async () => {
    servePools(1);
    const result = await collect({ parts: new Set(['rest-apis']) });
    assert.equal(cognitoIdentity.commandCalls(ListIdentityPoolsCommand).length, 0);
    const slot = regionOf(result).identityPools;
    assert.equal(slot && !slot.ok && slot.error.code, 'NotSelected');
  });
});

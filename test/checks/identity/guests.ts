/**
 * Fixtures for the identity-pool tests: a pool `shop-guests` in eu-west-1 whose unauthenticated
 * role `shop-guest` has the given inline policy, and a REST API (`orders-api`, `a1b2c3d4e5`) with
 * an AWS_IAM method `GET /orders` and an open `GET /status`.
 */
import type { Collected, IamPolicy, IdentityPool, Inventory } from '../../../src/inventory/schema.js';
import { iamPolicy, inventory, region, resource, restApi, shared, type RegionInput } from '../../fixtures/builders.js';

export const GUEST_POOL_ID = 'eu-west-1:0d7e5c2a-1111-4a4a-9b9b-123456789012';
export const GUEST_ROLE_ARN = 'arn:aws:iam::123456789012:role/shop-guest';
export const ORDERS_API_ARN = 'arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5';

export function identityPool(overrides: Partial<IdentityPool> = {}): IdentityPool {
  return {
    IdentityPoolId: GUEST_POOL_ID,
    IdentityPoolName: 'shop-guests',
    AllowUnauthenticatedIdentities: true,
    AllowClassicFlow: true,
    roles: { ok: true, value: { Roles: { unauthenticated: GUEST_ROLE_ARN, authenticated: 'arn:aws:iam::123456789012:role/shop-user' } } },
    ...overrides,
  };
}

/** Allow execute-api:Invoke on `resource` (and Deny statements after it). */
export function invokePolicy(resourceArn: string | string[], extra: object[] = []): object {
  return { Version: '2012-10-17', Statement: [{ Sid: 'CallApis', Effect: 'Allow', Action: 'execute-api:Invoke', Resource: resourceArn }, ...extra] };
}

export function guestRolePolicy(document: object): IamPolicy {
  return iamPolicy(document, { kind: 'role', name: 'guest-inline', arn: GUEST_ROLE_ARN });
}

export const ordersApi = () =>
  restApi({
    name: 'orders-api',
    resources: [resource('/orders', { GET: { authorizationType: 'AWS_IAM' } }), resource('/status', { GET: { authorizationType: 'NONE' } })],
  });

export function withGuests(
  pools: Collected<IdentityPool[]> | IdentityPool[],
  policies: Collected<IamPolicy[]> | IamPolicy[] = [],
  regionInput: RegionInput = {},
): Inventory {
  return inventory({
    regions: [region({ restApis: [ordersApi()], identityPools: pools, ...regionInput })],
    shared: shared({ iamPolicies: policies }),
  });
}

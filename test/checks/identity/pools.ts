/**
 * Fixtures shared by the identity check tests: a REST API (`orders-api`) whose Cognito
 * authorizer (`customers-pool`) trusts one user pool, and the chain line its results carry.
 */
import type { Authorizer, Collected, Inventory, UserPool } from '../../../src/inventory/schema.js';
import { failed, inventory, region, restApi, shared, userPoolArn, v2Api } from '../../fixtures/builders.js';

export const POOL_ID = 'eu-west-1_Ab12Cd34E';
export const POOL_ARN = userPoolArn(POOL_ID);

export function cognitoAuthorizer(poolArn = POOL_ARN, name = 'customers-pool'): Authorizer {
  return { id: 'cog1', name, type: 'COGNITO_USER_POOLS', providerARNs: [poolArn], identitySource: 'method.request.header.Authorization' };
}

/** `orders-api` trusting the pool; `withJwtApi` adds an HTTP API (`shop-http`) trusting it through a JWT authorizer. */
export function withPool(pool: UserPool | Collected<UserPool>, options: { withJwtApi?: boolean } = {}): Inventory {
  const v2Apis = options.withJwtApi
    ? [
        v2Api({
          Name: 'shop-http',
          authorizers: [
            {
              AuthorizerId: 'jwt1',
              Name: 'shop-customers',
              AuthorizerType: 'JWT',
              JwtConfiguration: { Issuer: `https://cognito-idp.eu-west-1.amazonaws.com/${POOL_ID}`, Audience: ['client1'] },
            },
          ],
        }),
      ]
    : [];
  return inventory({
    regions: [region({ restApis: [restApi({ name: 'orders-api', authorizers: [cognitoAuthorizer()] })], v2Apis })],
    shared: shared({ userPools: { [POOL_ARN]: pool } }),
  });
}

/** The chain line of `orders-api` for a finding. */
export function chain(finding: string): string {
  return `orders-api → customers-pool (authorizer) → ${POOL_ID} (user pool): ${finding}`;
}

/** `shop-http` trusting the pool through a JWT issuer only (the issuer URL names no account). */
export function withJwtOnlyPool(pool: UserPool | Collected<UserPool>): Inventory {
  const v2 = v2Api({
    Name: 'shop-http',
    authorizers: [
      {
        AuthorizerId: 'jwt1',
        Name: 'shop-customers',
        AuthorizerType: 'JWT',
        JwtConfiguration: { Issuer: `https://cognito-idp.eu-west-1.amazonaws.com/${POOL_ID}`, Audience: ['client1'] },
      },
    ],
  });
  return inventory({ regions: [region({ v2Apis: [v2] })], shared: shared({ userPools: { [POOL_ARN]: pool } }) });
}

/** DescribeUserPool found no such pool in the scanned account (as the collector records it). */
export const poolNotFound = failed<UserPool>('DescribeUserPool', 'ResourceNotFoundException', { service: 'cognito-idp', resource: POOL_ARN });

/** A REST authorizer trusting a pool whose ARN names another account. */
export const FOREIGN_POOL_ARN = `arn:aws:cognito-idp:eu-west-1:999999999999:userpool/${POOL_ID}`;
export function withForeignPool(): Inventory {
  const crossAccount = failed<UserPool>('DescribeUserPool', 'CrossAccount', {
    service: 'cognito-idp',
    resource: FOREIGN_POOL_ARN,
    message: 'the user pool belongs to account 999999999999, not to the scanned account 123456789012; apiposture reads the scanned account only',
  });
  return inventory({
    regions: [region({ restApis: [restApi({ name: 'orders-api', authorizers: [cognitoAuthorizer(FOREIGN_POOL_ARN)] })] })],
    shared: shared({ userPools: { [FOREIGN_POOL_ARN]: crossAccount } }),
  });
}

/** DescribeUserPool denied for the pool. */
export const poolDenied = failed<UserPool>('DescribeUserPool', 'AccessDeniedException', { service: 'cognito-idp', resource: POOL_ARN });

/** The pool is trusted but missing from the snapshot. */
export function poolMissing(): Inventory {
  return inventory({ regions: [region({ restApis: [restApi({ name: 'orders-api', authorizers: [cognitoAuthorizer()] })] })] });
}

/**
 * Cognito identity pools of the demo, one per region, so cognito-identity-pool-guest-access shows
 * a PASS and a FAIL that opens an API:
 *
 *   eu-west-1  storefront-members  signed-in customers only (no guest access): passes.
 *   us-east-1  mobile-guests       guest access with the basic flow on; its unauthenticated role
 *                                  mobile-guest may invoke POST /events of analytics-api (AWS_IAM),
 *                                  so anyone on the internet can post clickstream events there.
 *
 * `addIdentityPools` sets each region's `identityPools` and the role's inline policy (replacing
 * an earlier one of the same role and name), so applying it twice changes nothing.
 */
import type { IamPolicy, IdentityPool, Inventory } from '../../src/inventory/schema.js';
import { ACCOUNT, ok } from '../../test/fixtures/builders.js';

const EU = 'eu-west-1';
const US = 'us-east-1';
const GUEST_ROLE = `arn:aws:iam::${ACCOUNT}:role/mobile-guest`;

const members: IdentityPool = {
  IdentityPoolId: `${EU}:5b0c2d7e-3f41-4a8b-9c6d-2e1f0a9b8c7d`,
  IdentityPoolName: 'storefront-members',
  AllowUnauthenticatedIdentities: false,
  AllowClassicFlow: false,
  CognitoIdentityProviders: [{ ProviderName: `cognito-idp.${EU}.amazonaws.com/${EU}_Ab12Cd34E`, ClientId: '1h2g3f4e5d6c7b8a9' }],
  roles: ok({ Roles: { authenticated: `arn:aws:iam::${ACCOUNT}:role/storefront-member` } }),
};

const mobileGuests: IdentityPool = {
  IdentityPoolId: `${US}:9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4`,
  IdentityPoolName: 'mobile-guests',
  AllowUnauthenticatedIdentities: true,
  AllowClassicFlow: true,
  roles: ok({ Roles: { unauthenticated: GUEST_ROLE, authenticated: `arn:aws:iam::${ACCOUNT}:role/mobile-user` } }),
};

/** What the app's analytics SDK was given: posting events, on the API that ingests them. */
const guestPolicy: IamPolicy = {
  kind: 'role',
  name: 'post-analytics-events',
  arn: GUEST_ROLE,
  document: JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'PostEvents', Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `arn:aws:execute-api:${US}:${ACCOUNT}:an4lyt09i/*/POST/events` }],
  }),
};

export function addIdentityPools(demo: Inventory): void {
  for (const region of demo.regions) {
    const pools = region.region === EU ? [members] : region.region === US ? [mobileGuests] : [];
    region.identityPools = ok(structuredClone(pools));
  }
  demo.shared ??= { iamPolicies: ok([]), userPools: {}, kmsKeys: {} };
  const policies = demo.shared.iamPolicies.ok ? demo.shared.iamPolicies.value : [];
  const kept = policies.filter((p) => !(p.kind === guestPolicy.kind && p.arn === guestPolicy.arn && p.name === guestPolicy.name));
  demo.shared.iamPolicies = ok([...kept, structuredClone(guestPolicy)]);
}

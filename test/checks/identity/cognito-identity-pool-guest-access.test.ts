import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import check from '../../../checks/identity/cognito-identity-pool-guest-access.js';
import { runChecks } from '../../../src/engine/runner.js';
import { failed, iamPolicy, inventory, region, restApi } from '../../fixtures/builders.js';
import { deepFreeze, testCheck } from '../tester.js';
import { GUEST_ROLE_ARN, guestRolePolicy, identityPool, invokePolicy, ORDERS_API_ARN, withGuests } from './guests.js';

const ORDERS = 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5';
const everyApi = guestRolePolicy(invokePolicy('arn:aws:execute-api:*:*:*'));

testCheck(check, [
  {
    name: 'a pool without guest access passes',
    inventory: withGuests([identityPool({ AllowUnauthenticatedIdentities: false })], [everyApi]),
    expect: [{ status: 'PASS', messageId: 'no-guests', resource: 'shop-guests' }],
  },
  {
    name: 'guests with the basic flow and a role allowed to invoke the API fail, naming its AWS_IAM methods',
    inventory: withGuests([identityPool()], [everyApi]),
    expect: [
      {
        status: 'FAIL',
        messageId: 'guests-invoke-apis',
        evidence: { roleArn: GUEST_ROLE_ARN, apiCount: 1, apis: ['orders-api (GET /orders; by guest-inline: CallApis (Statement[0]))'] },
      },
    ],
  },
  {
    name: 'an attached customer-managed policy counts like an inline one',
    inventory: withGuests([identityPool()], [iamPolicy(invokePolicy(`${ORDERS}/prod/GET/orders`), { attachedTo: ['role/shop-guest'] })]),
    expect: [{ status: 'FAIL', messageId: 'guests-invoke-apis', evidence: { apiCount: 1 } }],
  },
  {
    name: 'guests through the enhanced flow only: the session policy has no execute-api, so no API is opened (Cognito.2 still fails)',
    inventory: withGuests([identityPool({ AllowClassicFlow: false })], [everyApi]),
    expect: [{ status: 'FAIL', messageId: 'guests', evidence: { allowClassicFlow: false, invokeStatements: ['guest-inline: CallApis (Statement[0])'] } }],
  },
  {
    name: 'a role granting another API only opens nothing here',
    inventory: withGuests([identityPool()], [guestRolePolicy(invokePolicy('arn:aws:execute-api:eu-west-1:123456789012:zzzzzzzzzz/*'))]),
    expect: [{ status: 'FAIL', messageId: 'guests' }],
  },
  {
    name: 'an unconditional Deny in the role takes the grant back',
    inventory: withGuests(
      [identityPool()],
      [guestRolePolicy(invokePolicy('*', [{ Effect: 'Deny', Action: 'execute-api:*', Resource: `${ORDERS}/*` }]))],
    ),
    expect: [{ status: 'FAIL', messageId: 'guests' }],
  },
  {
    name: 'a grant on the open method only reaches no AWS_IAM method',
    inventory: withGuests([identityPool()], [guestRolePolicy(invokePolicy(`${ORDERS}/*/GET/status`))]),
    expect: [{ status: 'FAIL', messageId: 'guests' }],
  },
  {
    name: 'a pool with guests but no unauthenticated role fails (identity ids, no credentials)',
    inventory: withGuests([identityPool({ roles: { ok: true, value: { Roles: {} } } })], [everyApi]),
    expect: [{ status: 'FAIL', messageId: 'guests' }],
  },
  {
    name: 'roles that could not be read: Cognito.2 still fails, with what was not judged',
    inventory: withGuests([identityPool({ roles: failed('GetIdentityPoolRoles', 'AccessDeniedException', { service: 'cognito-identity', message: 'denied' }) })]),
    expect: [{ status: 'FAIL', messageId: 'guests', evidence: { apiAccessNotJudged: 'GetIdentityPoolRoles: AccessDeniedException: denied' } }],
  },
  {
    name: 'IAM policies that could not be read: not judged, named in the evidence',
    inventory: withGuests([identityPool()], failed('GetAccountAuthorizationDetails', 'AccessDeniedException', { service: 'iam', message: 'denied' })),
    expect: [{ status: 'FAIL', messageId: 'guests', evidence: { apiAccessNotJudged: 'GetAccountAuthorizationDetails: AccessDeniedException: denied' } }],
  },
  {
    name: 'ListIdentityPools denied is an ERROR',
    inventory: withGuests(failed('ListIdentityPools', 'AccessDeniedException', { service: 'cognito-identity' })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'a snapshot without identity pools (older version) is an ERROR',
    inventory: inventory({ regions: [region({ restApis: [restApi()] })] }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'a pool that does not state AllowUnauthenticatedIdentities is an ERROR',
    inventory: withGuests([identityPool({ AllowUnauthenticatedIdentities: undefined })]),
    expect: [{ status: 'ERROR' }],
  },
]);

describe('what guest access opens', () => {
  it('is critical and counts towards the APIs whose AWS_IAM methods guests can call', () => {
    const [result] = runChecks([check], deepFreeze(withGuests([identityPool()], [everyApi])));
    assert.equal(result?.severity, 'critical');
    assert.deepEqual(result?.resource.linkedApiArns, [ORDERS_API_ARN]);
  });

  it('stays medium and linked to no API through the enhanced flow', () => {
    const [result] = runChecks([check], deepFreeze(withGuests([identityPool({ AllowClassicFlow: false })], [everyApi])));
    assert.equal(result?.severity, 'medium');
    assert.equal(result?.resource.linkedApiArns, undefined);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import check from '../../../checks/identity/cognito-client-auth-flows.js';
import { runChecks } from '../../../src/engine/runner.js';
import { failed, userPool, userPoolClient } from '../../fixtures/builders.js';
import { deepFreeze, testCheck } from '../tester.js';
import { chain, POOL_ARN, POOL_ID, poolDenied, poolMissing, withPool } from './pools.js';

const clientsDenied = failed<never>('ListUserPoolClients', 'AccessDeniedException', { service: 'cognito-idp', resource: POOL_ARN });
const web = userPoolClient();
const mobile = userPoolClient({
  ClientId: 'client2',
  ClientName: 'mobile',
  ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  PreventUserExistenceErrors: 'LEGACY',
  EnableTokenRevocation: false,
  AccessTokenValidity: 24,
  IdTokenValidity: 1,
  TokenValidityUnits: { AccessToken: 'hours', IdToken: 'days', RefreshToken: 'days' },
});

testCheck(check, [
  {
    name: 'a hardened client passes, listing its token lifetimes',
    inventory: withPool(userPool({ clients: [web] })),
    expect: [
      {
        status: 'PASS',
        messageId: 'clients-hardened',
        resource: 'customers',
        evidence: {
          clientCount: 1,
          clientNames: ['web (client1)'],
          tokenMinutes: [{ client: 'web (client1)', access: 60, id: 60 }],
          maxTokenValidityMinutes: 60,
          chain: [chain('all 1 app client(s) hardened')],
        },
      },
    ],
  },
  {
    name: 'tokens in seconds, and a client that sets no validity (60 minutes), pass',
    inventory: withPool(
      userPool({
        clients: [
          userPoolClient({ AccessTokenValidity: 1800, IdTokenValidity: 3600, TokenValidityUnits: { AccessToken: 'seconds', IdToken: 'seconds' } }),
          userPoolClient({ ClientId: 'client3', ClientName: undefined, AccessTokenValidity: undefined, IdTokenValidity: undefined, TokenValidityUnits: undefined }),
        ],
      }),
    ),
    expect: [
      {
        status: 'PASS',
        evidence: {
          tokenMinutes: [
            { client: 'web (client1)', access: 30, id: 60 },
            { client: 'client3', access: 60, id: 60 },
          ],
        },
      },
    ],
  },
  {
    name: 'every weak setting of every failing client is listed; hardened clients are not',
    inventory: withPool(userPool({ clients: [web, mobile] })),
    expect: [
      {
        status: 'FAIL',
        messageId: 'clients-weak',
        evidence: {
          clientCount: 2,
          failingCount: 1,
          problems: [
            'mobile (client2): allows ALLOW_USER_PASSWORD_AUTH (the password is sent instead of an SRP proof); ' +
              'PreventUserExistenceErrors is LEGACY: sign-in errors reveal which users exist; token revocation is off; ' +
              'access tokens live 1 day(s), over 60 minutes; ID tokens live 1 day(s), over 60 minutes',
          ],
          clients: [
            {
              client: 'mobile (client2)',
              problems: [
                'allows ALLOW_USER_PASSWORD_AUTH (the password is sent instead of an SRP proof)',
                'PreventUserExistenceErrors is LEGACY: sign-in errors reveal which users exist',
                'token revocation is off',
                'access tokens live 1 day(s), over 60 minutes',
                'ID tokens live 1 day(s), over 60 minutes',
              ],
            },
          ],
          chain: [chain('1 of 2 app client(s) weak (mobile (client2))')],
        },
      },
    ],
  },
  {
    name: 'the legacy USER_PASSWORD_AUTH flow fails',
    inventory: withPool(userPool({ clients: [userPoolClient({ ExplicitAuthFlows: ['USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH'] })] })),
    expect: [
      { status: 'FAIL', evidence: { problems: ['web (client1): allows USER_PASSWORD_AUTH (the password is sent instead of an SRP proof)'] } },
    ],
  },
  {
    name: 'a validity without units is in hours (2 hours fails)',
    inventory: withPool(userPool({ clients: [userPoolClient({ AccessTokenValidity: 2, TokenValidityUnits: undefined, IdTokenValidity: undefined })] })),
    expect: [{ status: 'FAIL', evidence: { problems: ['web (client1): access tokens live 2 hour(s) (2 with no unit set, so hours), over 60 minutes'] } }],
  },
  {
    name: 'unset user-existence and revocation settings fail (LEGACY is the API default)',
    inventory: withPool(userPool({ clients: [userPoolClient({ PreventUserExistenceErrors: undefined, EnableTokenRevocation: undefined })] })),
    expect: [
      {
        status: 'FAIL',
        evidence: {
          problems: [
            'web (client1): PreventUserExistenceErrors is not set (LEGACY): sign-in errors reveal which users exist; token revocation is not reported as on',
          ],
        },
      },
    ],
  },
  {
    name: 'a weakness is reported even when another client cannot be read',
    inventory: withPool(
      userPool({ clients: [mobile, userPoolClient({ ClientId: 'client4', ClientName: 'odd', TokenValidityUnits: { AccessToken: 'weeks', IdToken: 'minutes' } })] }),
    ),
    expect: [{ status: 'FAIL', evidence: { failingCount: 1, unreadable: ["odd (client4): access token validity unit 'weeks' is not one AWS defines"] } }],
  },
  {
    name: 'an unknown token validity unit cannot be judged',
    inventory: withPool(userPool({ clients: [userPoolClient({ TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'fortnights' } })] })),
    expect: [{ status: 'ERROR', messageId: 'invalid-data' }],
  },
  {
    name: 'a pool without app clients is not applicable',
    inventory: withPool(userPool({ clients: [] })),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'no-clients', evidence: { clientCount: 0 } }],
  },
  {
    name: 'app clients not collected is an ERROR',
    inventory: withPool(userPool({ clients: clientsDenied })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', evidence: { chain: [chain('the app clients were not collected')] } }],
  },
  {
    name: 'DescribeUserPool denied is an ERROR',
    inventory: withPool(poolDenied),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: POOL_ID }],
  },
  {
    name: 'a trusted pool missing from the snapshot is an ERROR',
    inventory: poolMissing(),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
]);

describe('check cognito-client-auth-flows maxTokenValidityMinutes', () => {
  const run = (max: number) =>
    runChecks([check], deepFreeze(withPool(userPool({ clients: [userPoolClient({ AccessTokenValidity: 2, TokenValidityUnits: { AccessToken: 'hours', IdToken: 'minutes' } })] }))), {
      checkOptions: { 'cognito-client-auth-flows': { maxTokenValidityMinutes: max } },
    });

  it('accepts longer tokens when raised', () => {
    assert.deepEqual(run(120).map((r) => [r.status, r.evidence.maxTokenValidityMinutes]), [['PASS', 120]]);
  });

  it('fails them at the default', () => {
    assert.deepEqual(run(60).map((r) => r.status), ['FAIL']);
  });

  it('rejects a limit below what Cognito allows', () => {
    assert.throws(() => check.parseOptions({ maxTokenValidityMinutes: 1 }), /cognito-client-auth-flows/);
  });
});

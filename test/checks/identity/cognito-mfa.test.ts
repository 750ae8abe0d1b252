import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import check from '../../../checks/identity/cognito-mfa.js';
import { ALL_EVIDENCE_ITEMS } from '../../../src/engine/evidence-bounds.js';
import { runChecks } from '../../../src/engine/runner.js';
import type { UserPoolRisk } from '../../../src/inventory/schema.js';
import { failed, strongRiskConfiguration, userPool } from '../../fixtures/builders.js';
import { deepFreeze, testCheck } from '../tester.js';
import { chain, POOL_ARN, POOL_ID, poolDenied, poolMissing, withPool } from './pools.js';

const mfaDenied = failed<never>('GetUserPoolMfaConfig', 'AccessDeniedException', { service: 'cognito-idp', resource: POOL_ARN });
function riskWithHigh(EventAction: string): UserPoolRisk {
  const risk = strongRiskConfiguration(POOL_ID);
  risk.pool.AccountTakeoverRiskConfiguration = { Actions: { HighAction: { EventAction, Notify: true } } };
  return risk;
}
const sms = { SmsAuthenticationMessage: 'Your code is {####}', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/cognito-sms' } };
/** MFA required, with every second factor Cognito offers (WebAuthn counted as multi-factor). */
const EVERY_FACTOR = {
  MfaConfiguration: 'ON',
  SoftwareTokenMfaConfiguration: { Enabled: true },
  SmsMfaConfiguration: sms,
  EmailMfaConfiguration: { Subject: 'Sign-in code' },
  WebAuthnConfiguration: { RelyingPartyId: 'auth.example.com', UserVerification: 'required', FactorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION' },
} as const;

testCheck(check, [
  {
    name: 'MFA ON with TOTP passes and lists the factor, with the chain from the API',
    inventory: withPool(userPool()),
    expect: [
      {
        status: 'PASS',
        messageId: 'required',
        resource: 'customers',
        evidence: { mfaConfiguration: 'ON', factors: ['TOTP'], chain: [chain('MFA is ON (TOTP)')] },
      },
    ],
  },
  {
    name: 'every factor is listed; WebAuthn only when passkeys count as multi-factor',
    inventory: withPool(
      userPool({ mfa: EVERY_FACTOR }),
    ),
    expect: [{ status: 'PASS', messageId: 'required', evidence: { factors: ['TOTP', 'SMS', 'email', 'WebAuthn'] } }],
  },
  {
    name: 'single-factor passkeys and a disabled TOTP are not second factors',
    inventory: withPool(
      userPool({
        mfa: {
          MfaConfiguration: 'ON',
          SoftwareTokenMfaConfiguration: { Enabled: false },
          EmailMfaConfiguration: { Subject: 'Sign-in code' },
          WebAuthnConfiguration: { RelyingPartyId: 'auth.example.com', FactorConfiguration: 'SINGLE_FACTOR' },
        },
      }),
    ),
    expect: [{ status: 'PASS', messageId: 'required', evidence: { factors: ['email'] } }],
  },
  {
    name: 'MFA ON with SMS as the only factor passes with a note',
    inventory: withPool(userPool({ mfa: { MfaConfiguration: 'ON', SmsMfaConfiguration: sms } })),
    expect: [{ status: 'PASS', messageId: 'required-sms-only', evidence: { factors: ['SMS'], chain: [chain('MFA is ON (SMS), SMS only')] } }],
  },
  {
    name: 'MFA OPTIONAL fails: users may skip it',
    inventory: withPool(userPool({ MfaConfiguration: 'OPTIONAL', UserPoolAddOns: { AdvancedSecurityMode: 'OFF' } })),
    expect: [
      {
        status: 'FAIL',
        messageId: 'optional',
        evidence: { mfaConfiguration: 'OPTIONAL', factors: ['TOTP'], chain: [chain('MFA is OPTIONAL (users may skip it)')] },
      },
    ],
  },
  {
    // SetUserPoolMfaConfig: "For user pools with adaptive authentication with threat protection, choose OPTIONAL."
    name: 'MFA OPTIONAL with enforced threat protection that blocks high-risk sign-ins passes as adaptive authentication',
    inventory: withPool(userPool({ MfaConfiguration: 'OPTIONAL' })),
    expect: [
      {
        status: 'PASS',
        messageId: 'optional-adaptive',
        evidence: {
          mfaConfiguration: 'OPTIONAL',
          factors: ['TOTP'],
          highRiskActions: ['the pool: BLOCK'],
          chain: [chain('MFA is OPTIONAL with adaptive authentication (high risk: the pool BLOCK)')],
        },
      },
    ],
  },
  {
    name: 'MFA OPTIONAL with enforced threat protection that allows high-risk sign-ins fails: nothing adapts',
    inventory: withPool(userPool({ MfaConfiguration: 'OPTIONAL', riskConfiguration: riskWithHigh('NO_ACTION') })),
    expect: [
      {
        status: 'FAIL',
        messageId: 'optional',
        evidence: { note: 'threat protection is ENFORCED but does not demand MFA or block high-risk sign-ins (the pool: NO_ACTION)' },
      },
    ],
  },
  {
    name: 'MFA OPTIONAL fails when an app client overrides adaptive authentication with NO_ACTION',
    inventory: withPool(
      userPool({
        MfaConfiguration: 'OPTIONAL',
        riskConfiguration: {
          pool: strongRiskConfiguration(POOL_ID).pool,
          clients: {
            client1: {
              UserPoolId: POOL_ID,
              ClientId: 'client1',
              AccountTakeoverRiskConfiguration: { Actions: { HighAction: { EventAction: 'NO_ACTION', Notify: false } } },
            },
          },
        },
      }),
    ),
    expect: [{ status: 'FAIL', messageId: 'optional', evidence: { note: 'threat protection is ENFORCED but does not demand MFA or block high-risk sign-ins (app client web (client1): NO_ACTION)' } }],
  },
  {
    name: 'MFA OPTIONAL with enforced threat protection whose risk configuration was denied is an ERROR, not a PASS',
    inventory: withPool(
      userPool({
        MfaConfiguration: 'OPTIONAL',
        riskConfiguration: failed('DescribeRiskConfiguration', 'AccessDeniedException', { service: 'cognito-idp', resource: POOL_ARN }),
      }),
    ),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'MFA OPTIONAL with threat protection in AUDIT fails: audit mode never challenges',
    inventory: withPool(userPool({ MfaConfiguration: 'OPTIONAL', UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' } })),
    expect: [{ status: 'FAIL', messageId: 'optional' }],
  },
  {
    // Config rule cognito-user-pool-mfa-enabled judges only pools with a PASSWORD-only sign-in policy.
    name: 'a pool that also offers passwordless first factors is not judged, even with MFA OFF',
    inventory: withPool(
      userPool({
        MfaConfiguration: 'OFF',
        Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'] } },
      }),
    ),
    expect: [
      {
        status: 'NOT_APPLICABLE',
        messageId: 'not-password-only',
        evidence: { firstFactors: ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'], mfaConfiguration: 'OFF' },
      },
    ],
  },
  {
    name: 'a PASSWORD-only sign-in policy is judged like a pool without one',
    inventory: withPool(userPool({ MfaConfiguration: 'OFF', Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD'] } } })),
    expect: [{ status: 'FAIL', messageId: 'off' }],
  },
  {
    name: 'MFA OFF fails, with one chain line per API that trusts the pool',
    inventory: withPool(userPool({ MfaConfiguration: 'OFF', mfa: { MfaConfiguration: 'OFF' } }), { withJwtApi: true }),
    expect: [
      {
        status: 'FAIL',
        messageId: 'off',
        evidence: {
          mfaConfiguration: 'OFF',
          factors: [],
          chain: [chain('MFA is OFF'), `shop-http → shop-customers (authorizer) → ${POOL_ID} (user pool): MFA is OFF`],
        },
      },
    ],
  },
  {
    name: 'MFA OFF fails even when the MFA details could not be read',
    inventory: withPool(userPool({ MfaConfiguration: 'OFF', mfa: mfaDenied })),
    expect: [{ status: 'FAIL', messageId: 'off', evidence: { factors: 'not collected (GetUserPoolMfaConfig failed)' } }],
  },
  {
    name: 'the MFA mode falls back to GetUserPoolMfaConfig when DescribeUserPool leaves it out',
    inventory: withPool(userPool({ MfaConfiguration: undefined, mfa: { MfaConfiguration: 'OFF' } })),
    expect: [{ status: 'FAIL', messageId: 'off' }],
  },
  {
    name: 'MFA ON whose factors were not collected is an ERROR (a pass names them)',
    inventory: withPool(userPool({ mfa: mfaDenied })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', evidence: { chain: [chain('MFA is ON; its factors were not collected')] } }],
  },
  {
    name: 'MFA ON with no factor shown cannot be judged',
    inventory: withPool(userPool({ mfa: { MfaConfiguration: 'ON' } })),
    expect: [{ status: 'ERROR', messageId: 'invalid-data' }],
  },
  {
    name: 'no MFA mode anywhere cannot be judged',
    inventory: withPool(userPool({ MfaConfiguration: undefined, mfa: {} })),
    expect: [{ status: 'ERROR', messageId: 'invalid-data' }],
  },
  {
    name: 'an unknown MFA mode cannot be judged',
    inventory: withPool(userPool({ MfaConfiguration: 'SOMETIMES' })),
    expect: [{ status: 'ERROR', messageId: 'invalid-data' }],
  },
  {
    name: 'DescribeUserPool denied is an ERROR for the pool',
    inventory: withPool(poolDenied),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: POOL_ID }],
  },
  {
    name: 'a trusted pool missing from the snapshot is an ERROR',
    inventory: poolMissing(),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: POOL_ID }],
  },
]);

describe('check cognito-mfa allowOptional', () => {
  it('passes OPTIONAL when allowed, listing the factors', () => {
    const results = runChecks([check], deepFreeze(withPool(userPool({ MfaConfiguration: 'OPTIONAL' }))), {
      checkOptions: { 'cognito-mfa': { allowOptional: true } },
      evidenceItems: ALL_EVIDENCE_ITEMS,
    });
    assert.deepEqual(results.map((r) => [r.status, r.messageId, r.evidence.factors]), [['PASS', 'optional-allowed', ['TOTP']]]);
  });

  it('still fails OFF when OPTIONAL is allowed', () => {
    const results = runChecks([check], deepFreeze(withPool(userPool({ MfaConfiguration: 'OFF' }))), {
      checkOptions: { 'cognito-mfa': { allowOptional: true } },
    });
    assert.deepEqual(results.map((r) => [r.status, r.messageId]), [['FAIL', 'off']]);
  });

  it('rejects an option of the wrong type', () => {
    assert.throws(() => check.parseOptions({ allowOptional: 'yes' }), /cognito-mfa/);
  });
});

describe('check cognito-mfa message', () => {
  it('names every second factor, whatever list items a passing result keeps in its evidence', () => {
    const pool = userPool({ mfa: EVERY_FACTOR });
    const [result] = runChecks([check], deepFreeze(withPool(pool)));
    assert.equal(result?.message, 'MFA is required for every user; second factors: TOTP, SMS, email, WebAuthn.');
  });
});

describe('user pool results count towards the APIs that trust the pool', () => {
  it('carries every trusting API in linkedApiArns', () => {
    const [result] = runChecks([check], deepFreeze(withPool(userPool({ MfaConfiguration: 'OFF' }), { withJwtApi: true })));
    assert.equal(result?.resource.type, 'user-pool');
    assert.equal(result?.resource.apiArn, undefined);
    assert.deepEqual(result?.resource.linkedApiArns, [
      'arn:aws:apigateway:eu-west-1::/apis/h1t2p3a4p5',
      'arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5',
    ]);
  });
});

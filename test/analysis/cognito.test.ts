import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assessClient,
  assessPasswordPolicy,
  clientLabel,
  mfaFactors,
  tokenValidityMinutes,
  trustChain,
  type PasswordThresholds,
} from '../../src/analysis/cognito.js';
import { userPoolMfaSchema } from '../../src/inventory/schema.js';
import { userPoolClient } from '../fixtures/builders.js';

const SH_DEFAULTS: PasswordThresholds = {
  minLength: 8,
  requireUppercase: true,
  requireLowercase: true,
  requireNumbers: true,
  requireSymbols: true,
  maxTemporaryPasswordValidityDays: 7,
  minPasswordHistorySize: 0,
};

describe('trustChain', () => {
  const orders = { apiArn: 'arn:aws:apigateway:eu-west-1::/restapis/a1', apiName: 'orders-api', authorizerName: 'customers-pool' };
  const shop = { apiArn: 'arn:aws:apigateway:eu-west-1::/apis/h1', apiName: 'shop-http', authorizerName: 'shop-customers' };

  it('writes API → authorizer → pool: finding, one line per use, duplicates dropped', () => {
    assert.deepEqual(trustChain({ Id: 'eu-west-1_Ab12Cd34E' }, [orders, shop, orders], 'MFA is OFF'), [
      'orders-api → customers-pool (authorizer) → eu-west-1_Ab12Cd34E (user pool): MFA is OFF',
      'shop-http → shop-customers (authorizer) → eu-west-1_Ab12Cd34E (user pool): MFA is OFF',
    ]);
  });

  it('is empty for a pool nothing trusts', () => {
    assert.deepEqual(trustChain({ Id: 'p' }, [], 'x'), []);
  });
});

describe('mfaFactors', () => {
  it('lists nothing for an empty configuration', () => assert.deepEqual(mfaFactors({}), []));

  it('counts passkeys only when they are set up as multi-factor', () => {
    assert.deepEqual(mfaFactors({ WebAuthnConfiguration: { RelyingPartyId: 'example.com' } }), []);
    assert.deepEqual(mfaFactors({ WebAuthnConfiguration: { FactorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION' } }), ['WebAuthn']);
  });

  it('still sees the passkey factor setting after a snapshot is read (the schema keeps it)', () => {
    const read = userPoolMfaSchema.parse({
      MfaConfiguration: 'ON',
      WebAuthnConfiguration: { RelyingPartyId: 'example.com', UserVerification: 'required', FactorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION' },
    });
    assert.deepEqual(mfaFactors(read), ['WebAuthn']);
  });

  it('counts TOTP only when enabled', () => {
    assert.deepEqual(mfaFactors({ SoftwareTokenMfaConfiguration: { Enabled: false }, SmsMfaConfiguration: {} }), ['SMS']);
  });
});

describe('assessPasswordPolicy', () => {
  it('treats a temporary-password validity of 0 as Cognito does: the 7-day default', () => {
    const { policy, failing } = assessPasswordPolicy(
      { MinimumLength: 8, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true, TemporaryPasswordValidityDays: 0 },
      SH_DEFAULTS,
    );
    assert.equal(policy.temporaryPasswordValidityDays, 7);
    assert.deepEqual(failing, []);
  });

  it('takes a character class the policy leaves out as not required', () => {
    const { policy, failing } = assessPasswordPolicy({ MinimumLength: 12 }, { ...SH_DEFAULTS, requireSymbols: false, requireNumbers: false });
    assert.equal(policy.requireUppercase, false);
    assert.deepEqual(failing, ['uppercase letters are not required', 'lowercase letters are not required']);
  });
});

describe('tokenValidityMinutes', () => {
  it('converts every unit AWS defines', () => {
    assert.equal(tokenValidityMinutes(90, 'seconds'), 1.5);
    assert.equal(tokenValidityMinutes(45, 'minutes'), 45);
    assert.equal(tokenValidityMinutes(2, 'HOURS'), 120);
    assert.equal(tokenValidityMinutes(1, 'days'), 1440);
  });

  it('reads a validity without a unit as hours, and no validity as 60 minutes', () => {
    assert.equal(tokenValidityMinutes(3, undefined), 180);
    assert.equal(tokenValidityMinutes(undefined, 'days'), 60);
  });

  it('is undefined for a unit AWS does not define', () => assert.equal(tokenValidityMinutes(1, 'weeks'), undefined));
});

describe('app clients', () => {
  it('are labelled by name and id, or by id alone', () => {
    assert.equal(clientLabel({ ClientId: 'abc', ClientName: 'web' }), 'web (abc)');
    assert.equal(clientLabel({ ClientId: 'abc' }), 'abc');
  });

  it('a hardened client has no problems', () => {
    assert.deepEqual(assessClient(userPoolClient(), 60), { client: 'web (client1)', accessTokenMinutes: 60, idTokenMinutes: 60, problems: [] });
  });

  it('admin and SRP flows are not plain-password flows', () => {
    const client = userPoolClient({ ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_USER_AUTH'] });
    assert.deepEqual(assessClient(client, 60).problems, []);
  });

  it('an unknown unit makes the client unreadable rather than weak', () => {
    const result = assessClient(userPoolClient({ TokenValidityUnits: { AccessToken: 'weeks', IdToken: 'minutes' } }), 60);
    assert.deepEqual(result.problems, []);
    assert.equal(result.invalid, "access token validity unit 'weeks' is not one AWS defines");
    assert.equal(result.accessTokenMinutes, undefined);
  });
});

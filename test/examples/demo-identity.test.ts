import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import cognitoClientAuthFlows from '../../checks/identity/cognito-client-auth-flows.js';
import cognitoDeletionProtection from '../../checks/identity/cognito-deletion-protection.js';
import cognitoMfa from '../../checks/identity/cognito-mfa.js';
import cognitoPasswordPolicy from '../../checks/identity/cognito-password-policy.js';
import cognitoThreatProtection from '../../checks/identity/cognito-threat-protection.js';
import { addIdentity } from '../../examples/demo/identity.js';
import { demoInventory } from '../../examples/generate-demo.js';
import { runChecks } from '../../src/engine/runner.js';
import { parseInventory } from '../../src/inventory/io.js';
import type { Inventory } from '../../src/inventory/schema.js';

const CHECKS = [cognitoMfa, cognitoPasswordPolicy, cognitoThreatProtection, cognitoDeletionProtection, cognitoClientAuthFlows];

/** A fresh copy of the demo with the user pools added. */
function demoWithIdentity(): Inventory {
  const demo = JSON.parse(JSON.stringify(demoInventory)) as Inventory;
  addIdentity(demo);
  return demo;
}

describe('the demo user pools', () => {
  const inventory = parseInventory(JSON.parse(JSON.stringify(demoWithIdentity())), 'demo with user pools');
  const results = runChecks(CHECKS, inventory);

  it('keep the demo a valid snapshot, with a pool for every pool an authorizer trusts', () => {
    assert.deepEqual(Object.keys(inventory.shared.userPools).sort(), [
      'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Ab12Cd34E',
      'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Pt4rNr5Sx',
      'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Rs9lLr2Qz',
      'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Ki0sK7Wq3',
      'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Zx98Yw76V',
    ]);
    assert.deepEqual(results.filter((r) => r.status === 'ERROR').map((r) => `${r.checkId} ${r.resource.name}: ${r.message}`), []);
  });

  for (const check of CHECKS) {
    it(`show a PASS and a FAIL for ${check.id}`, () => {
      const statuses = new Set(results.filter((r) => r.checkId === check.id).map((r) => r.status));
      assert.ok(statuses.has('PASS') && statuses.has('FAIL'), `${check.id}: ${[...statuses].join(', ')}`);
    });
  }

  it('link each pool to the APIs whose authorizers trust it', () => {
    const linked = new Map(results.filter((r) => r.checkId === 'cognito-mfa').map((r) => [r.resource.name, r.resource.linkedApiArns]));
    assert.deepEqual(Object.fromEntries(linked), {
      customers: ['arn:aws:apigateway:eu-west-1::/apis/sf7h8ttp01', 'arn:aws:apigateway:eu-west-1::/restapis/k3x9ord01a'],
      'mobile-users': ['arn:aws:apigateway:us-east-1::/restapis/m0b1le07g'],
      partners: ['arn:aws:apigateway:eu-west-1::/apis/pp2rtnr02x'],
      kiosks: ['arn:aws:apigateway:us-east-1::/restapis/m0b1le07g'],
      'eu-west-1_Rs9lLr2Qz': ['arn:aws:apigateway:eu-west-1::/apis/pp2rtnr02x'],
    });
  });

  const verdict = (checkId: string, pool: string) => {
    const found = results.find((r) => r.checkId === checkId && r.resource.name === pool);
    return found && [found.status, found.messageId];
  };

  it('pass MFA OPTIONAL with adaptive authentication (threat protection ENFORCED, high risk challenged)', () => {
    assert.deepEqual(verdict('cognito-mfa', 'partners'), ['PASS', 'optional-adaptive']);
    assert.deepEqual(verdict('cognito-threat-protection', 'partners'), ['PASS', 'enforced']);
  });

  it('do not judge MFA on a pool with passwordless sign-in, and fail its threat protection for an app client that takes no action', () => {
    assert.deepEqual(verdict('cognito-mfa', 'kiosks'), ['NOT_APPLICABLE', 'not-password-only']);
    const threat = results.find((r) => r.checkId === 'cognito-threat-protection' && r.resource.name === 'kiosks');
    assert.equal(threat?.status, 'FAIL');
    assert.deepEqual(threat?.evidence.problems, ['app client store-kiosk (6v1kiosk4ppclient0example): high-risk sign-ins are allowed (NO_ACTION)']);
  });

  it('say a JWT issuer pool of another account is outside the scan, for every identity check', () => {
    for (const check of CHECKS) assert.deepEqual(verdict(check.id, 'eu-west-1_Rs9lLr2Qz'), ['NOT_APPLICABLE', 'outside-scan'], check.id);
  });

  it('spell out the chain from the API to the failing setting', () => {
    const mfa = results.find((r) => r.checkId === 'cognito-mfa' && r.status === 'FAIL');
    assert.deepEqual(mfa?.evidence.chain, ['mobile-backend → customers-pool (authorizer) → us-east-1_Zx98Yw76V (user pool): MFA is OPTIONAL (users may skip it)']);
  });

  it('applying the module twice gives the same snapshot', () => {
    const once = demoWithIdentity();
    const twice = structuredClone(once);
    addIdentity(twice);
    assert.deepEqual(twice, once);
  });

  it('creates the shared section when the snapshot has none, touching nothing else', () => {
    const demo = JSON.parse(JSON.stringify(demoInventory)) as Inventory;
    const { shared: _shared, ...rest } = demo;
    const bare = rest as Inventory;
    addIdentity(bare);
    assert.deepEqual(bare.shared.iamPolicies, { ok: true, value: [] });
    assert.deepEqual(bare.shared.kmsKeys, {});
    assert.equal(Object.keys(bare.shared.userPools).length, 5);
  });
});

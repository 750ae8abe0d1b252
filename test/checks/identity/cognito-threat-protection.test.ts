import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import check from '../../../checks/identity/cognito-threat-protection.js';
import { runChecks } from '../../../src/engine/runner.js';
import type { RiskConfiguration, UserPoolRisk } from '../../../src/inventory/schema.js';
import { failed, strongRiskConfiguration, userPool, userPoolClient } from '../../fixtures/builders.js';
import { deepFreeze, testCheck } from '../tester.js';
import { chain, POOL_ARN, POOL_ID, poolDenied, poolMissing, withPool } from './pools.js';

const strong = strongRiskConfiguration(POOL_ID);

/** The default pool with its pool-level risk configuration changed by `change`. */
function poolRisk(change: (config: RiskConfiguration) => RiskConfiguration, clients: UserPoolRisk['clients'] = {}) {
  return withPool(userPool({ riskConfiguration: { pool: change(structuredClone(strong.pool)), clients } }));
}

const withHigh = (EventAction: string) => (c: RiskConfiguration) => ({
  ...c,
  AccountTakeoverRiskConfiguration: { Actions: { ...c.AccountTakeoverRiskConfiguration?.Actions, HighAction: { EventAction, Notify: true } } },
});
const withCompromised = (EventAction: string, EventFilter?: string[]) => (c: RiskConfiguration) => ({
  ...c,
  CompromisedCredentialsRiskConfiguration: { ...(EventFilter ? { EventFilter } : {}), Actions: { EventAction } },
});
const riskDenied = failed<UserPoolRisk>('DescribeRiskConfiguration', 'AccessDeniedException', { service: 'cognito-idp', resource: POOL_ARN });

testCheck(check, [
  {
    name: 'ENFORCED on the Plus tier passes',
    inventory: withPool(userPool()),
    expect: [
      {
        status: 'PASS',
        messageId: 'enforced',
        resource: 'customers',
        evidence: {
          advancedSecurityMode: 'ENFORCED',
          userPoolTier: 'PLUS',
          tierNote: 'The pool is on the Plus tier, which threat protection needs.',
          chain: [chain('threat protection is ENFORCED')],
        },
      },
    ],
  },
  {
    name: 'ENFORCED with MFA demanded on high risk passes, the compromised-credentials filter left out meaning every event',
    inventory: poolRisk((c) => withCompromised('BLOCK')(withHigh('MFA_REQUIRED')(c))),
    expect: [
      {
        status: 'PASS',
        messageId: 'enforced',
        evidence: { responses: ['the pool: high risk MFA_REQUIRED; compromised credentials BLOCK on every event'] },
      },
    ],
  },
  {
    name: 'ENFORCED that allows high-risk sign-ins (NO_ACTION) fails',
    inventory: poolRisk(withHigh('NO_ACTION')),
    expect: [
      {
        status: 'FAIL',
        messageId: 'enforced-no-action',
        evidence: {
          problems: ['the pool: high-risk sign-ins are allowed (NO_ACTION)'],
          chain: [chain('threat protection is ENFORCED but takes no action (the pool: high-risk sign-ins are allowed (NO_ACTION))')],
        },
      },
    ],
  },
  {
    name: 'ENFORCED that accepts compromised passwords (NO_ACTION) fails',
    inventory: poolRisk(withCompromised('NO_ACTION')),
    expect: [{ status: 'FAIL', messageId: 'enforced-no-action', evidence: { problems: ['the pool: compromised passwords are accepted (NO_ACTION)'] } }],
  },
  {
    name: 'ENFORCED blocking compromised passwords only at sign-up fails: sign-in is not covered',
    inventory: poolRisk(withCompromised('BLOCK', ['SIGN_UP'])),
    expect: [
      { status: 'FAIL', messageId: 'enforced-no-action', evidence: { problems: ['the pool: compromised passwords are blocked on SIGN_UP only, not at sign-in'] } },
    ],
  },
  {
    name: 'ENFORCED with no adaptive or compromised-credentials actions configured fails',
    inventory: poolRisk(() => ({ UserPoolId: POOL_ID })),
    expect: [
      {
        status: 'FAIL',
        messageId: 'enforced-no-action',
        evidence: {
          problems: ['the pool: no action is configured for high-risk sign-ins', 'the pool: no action is configured for compromised credentials'],
        },
      },
    ],
  },
  {
    name: 'ENFORCED whose always-allow list covers every address fails',
    inventory: poolRisk((c) => ({ ...c, RiskExceptionConfiguration: { SkippedIPRangeList: ['0.0.0.0/0'] } })),
    expect: [
      { status: 'FAIL', messageId: 'enforced-no-action', evidence: { problems: ['the pool: risk detection is skipped for every address (always-allow 0.0.0.0/0)'] } },
    ],
  },
  {
    name: 'an app client whose own configuration allows high risk weakens a strong pool: FAIL naming the client',
    inventory: poolRisk((c) => c, {
      client1: { UserPoolId: POOL_ID, ClientId: 'client1', CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } } },
    }),
    expect: [
      {
        status: 'FAIL',
        messageId: 'enforced-no-action',
        evidence: { problems: ['app client web (client1): no action is configured for high-risk sign-ins'] },
      },
    ],
  },
  {
    name: 'an app client without its own configuration inherits the pool: PASS',
    inventory: withPool(
      userPool({
        clients: [userPoolClient(), userPoolClient({ ClientId: 'client2', ClientName: 'admin' })],
        riskConfiguration: { pool: strong.pool, clients: { client1: { UserPoolId: POOL_ID }, client2: { UserPoolId: POOL_ID } } },
      }),
    ),
    expect: [{ status: 'PASS', messageId: 'enforced' }],
  },
  {
    name: 'ENFORCED whose risk configuration was denied is an ERROR, never a PASS',
    inventory: withPool(userPool({ riskConfiguration: riskDenied })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', evidence: { chain: [chain('threat protection is ENFORCED; its risk configuration was not collected')] } }],
  },
  {
    name: 'ENFORCED with no risk configuration in the snapshot cannot be judged',
    inventory: withPool(userPool({ riskConfiguration: null })),
    expect: [{ status: 'ERROR', messageId: 'invalid-data' }],
  },
  {
    name: 'an action AWS does not define cannot be judged',
    inventory: poolRisk(withHigh('SHRUG')),
    expect: [{ status: 'ERROR', messageId: 'invalid-data' }],
  },
  {
    name: 'AUDIT with no risk configuration collected still fails as audit only (its actions never apply)',
    inventory: withPool(userPool({ UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' }, riskConfiguration: null })),
    expect: [{ status: 'FAIL', messageId: 'audit-only' }],
  },
  {
    name: 'AUDIT fails as audit only',
    inventory: withPool(userPool({ UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' } })),
    expect: [
      { status: 'FAIL', messageId: 'audit-only', evidence: { advancedSecurityMode: 'AUDIT', chain: [chain('threat protection is AUDIT (audit only)')] } },
    ],
  },
  {
    name: 'OFF on the Essentials tier fails, noting that threat protection needs Plus',
    inventory: withPool(userPool({ UserPoolTier: 'ESSENTIALS', UserPoolAddOns: { AdvancedSecurityMode: 'OFF' } })),
    expect: [
      {
        status: 'FAIL',
        messageId: 'off',
        evidence: {
          advancedSecurityMode: 'OFF',
          userPoolTier: 'ESSENTIALS',
          tierNote: 'Threat protection needs the Plus tier; the pool is on ESSENTIALS.',
          chain: [chain('threat protection is OFF')],
        },
      },
    ],
  },
  {
    name: 'a pool without add-ons (and no tier reported) fails as OFF',
    inventory: withPool(userPool({ UserPoolAddOns: undefined, UserPoolTier: undefined })),
    expect: [
      {
        status: 'FAIL',
        messageId: 'off',
        evidence: {
          advancedSecurityMode: 'OFF (not set)',
          userPoolTier: 'not reported',
          tierNote: 'Threat protection needs the Plus tier; the pool is on an unreported tier (ESSENTIALS by default).',
        },
      },
    ],
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

describe('check cognito-threat-protection allowAudit', () => {
  const run = (mode: string) =>
    runChecks([check], deepFreeze(withPool(userPool({ UserPoolAddOns: { AdvancedSecurityMode: mode } }))), {
      checkOptions: { 'cognito-threat-protection': { allowAudit: true } },
    });

  it('passes AUDIT when allowed', () => {
    assert.deepEqual(run('AUDIT').map((r) => [r.status, r.messageId]), [['PASS', 'audit-allowed']]);
  });

  it('still fails OFF', () => {
    assert.deepEqual(run('OFF').map((r) => [r.status, r.messageId]), [['FAIL', 'off']]);
  });
});

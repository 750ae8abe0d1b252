import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import check from '../../../checks/identity/cognito-threat-protection.js';
import { runChecks } from '../../../src/engine/runner.js';
import { userPool } from '../../fixtures/builders.js';
import { deepFreeze, testCheck } from '../tester.js';
import { chain, POOL_ID, poolDenied, poolMissing, withPool } from './pools.js';

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

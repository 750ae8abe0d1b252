import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import check from '../../../checks/identity/cognito-password-policy.js';
import { runChecks } from '../../../src/engine/runner.js';
import type { UserPool } from '../../../src/inventory/schema.js';
import { userPool } from '../../fixtures/builders.js';
import { deepFreeze, testCheck } from '../tester.js';
import { chain, POOL_ID, poolDenied, poolMissing, withPool } from './pools.js';

type PasswordPolicy = NonNullable<NonNullable<UserPool['Policies']>['PasswordPolicy']>;
const STRONG: PasswordPolicy = {
  MinimumLength: 14,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  PasswordHistorySize: 5,
  TemporaryPasswordValidityDays: 3,
};
const withPolicy = (policy: PasswordPolicy) => withPool(userPool({ Policies: { PasswordPolicy: policy } }));

testCheck(check, [
  {
    name: 'a policy meeting every threshold passes',
    inventory: withPolicy(STRONG),
    expect: [
      {
        status: 'PASS',
        messageId: 'meets',
        resource: 'customers',
        evidence: { minimumLength: 14, temporaryPasswordValidityDays: 3, passwordHistorySize: 5, chain: [chain('the password policy meets the thresholds')] },
      },
    ],
  },
  {
    name: 'the Security Hub minimum (8 characters, every class, 7 days) passes',
    inventory: withPolicy({ ...STRONG, MinimumLength: 8, TemporaryPasswordValidityDays: 7, PasswordHistorySize: undefined }),
    expect: [{ status: 'PASS', messageId: 'meets', evidence: { minimumLength: 8, passwordHistorySize: 0 } }],
  },
  {
    name: 'a missing temporary-password validity is Cognito\'s default of 7 days',
    inventory: withPolicy({ ...STRONG, TemporaryPasswordValidityDays: undefined }),
    expect: [{ status: 'PASS', evidence: { temporaryPasswordValidityDays: 7 } }],
  },
  {
    name: 'a short minimum length fails',
    inventory: withPolicy({ ...STRONG, MinimumLength: 6 }),
    expect: [{ status: 'FAIL', messageId: 'weak', evidence: { failingCount: 1, failing: ['minimum length 6 is below 8'] } }],
  },
  {
    name: 'every missing requirement is listed, and the chain names them',
    inventory: withPolicy({ MinimumLength: 6, RequireUppercase: false, RequireLowercase: true, RequireNumbers: false, TemporaryPasswordValidityDays: 30 }),
    expect: [
      {
        status: 'FAIL',
        messageId: 'weak',
        evidence: {
          failingCount: 5,
          failing: [
            'minimum length 6 is below 8',
            'uppercase letters are not required',
            'numbers are not required',
            'symbols are not required',
            'temporary passwords stay valid 30 days (at most 7)',
          ],
          chain: [
            chain(
              'weak password policy (minimum length 6 is below 8; uppercase letters are not required; numbers are not required; symbols are not required; temporary passwords stay valid 30 days (at most 7))',
            ),
          ],
        },
      },
    ],
  },
  {
    name: 'a policy without a minimum length fails',
    inventory: withPolicy({ ...STRONG, MinimumLength: undefined }),
    expect: [{ status: 'FAIL', evidence: { minimumLength: 'not set', failing: ['no minimum length (at least 8 required)'] } }],
  },
  {
    name: 'a pool description without a password policy cannot be judged',
    inventory: withPool(userPool({ Policies: {} })),
    expect: [{ status: 'ERROR', messageId: 'invalid-data' }],
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

describe('check cognito-password-policy options', () => {
  const run = (policy: PasswordPolicy, options: Record<string, unknown>) =>
    runChecks([check], deepFreeze(withPolicy(policy)), { checkOptions: { 'cognito-password-policy': options } });

  it('raises the minimum length', () => {
    const [result] = run(STRONG, { minLength: 16 });
    assert.deepEqual([result?.status, result?.evidence.failing], ['FAIL', ['minimum length 14 is below 16']]);
  });

  it('requires a password history when asked', () => {
    const [result] = run({ ...STRONG, PasswordHistorySize: undefined }, { minPasswordHistorySize: 3 });
    assert.deepEqual([result?.status, result?.evidence.failing], ['FAIL', ['password history remembers 0 password(s) (at least 3)']]);
  });

  it('drops a character-class requirement and shortens the temporary-password window', () => {
    assert.equal(run({ ...STRONG, RequireSymbols: false }, { requireSymbols: false })[0]?.status, 'PASS');
    const [result] = run(STRONG, { maxTemporaryPasswordValidityDays: 1 });
    assert.deepEqual(result?.evidence.failing, ['temporary passwords stay valid 3 days (at most 1)']);
  });

  it('rejects a minimum length Cognito cannot have', () => {
    assert.throws(() => check.parseOptions({ minLength: 4 }), /cognito-password-policy/);
  });
});

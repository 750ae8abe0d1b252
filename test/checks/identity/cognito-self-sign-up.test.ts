import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import check from '../../../checks/identity/cognito-self-sign-up.js';
import { userPool } from '../../fixtures/builders.js';
import { runChecks } from '../../../src/engine/runner.js';
import { deepFreeze, testCheck } from '../tester.js';
import { chain, POOL_ID, poolDenied, poolMissing, withForeignPool, withPool } from './pools.js';

const selfService = userPool({ AdminCreateUserConfig: { AllowAdminCreateUserOnly: false } });

testCheck(check, [
  {
    name: 'a pool where only administrators create users passes',
    inventory: withPool(userPool()),
    expect: [{ status: 'PASS', messageId: 'admin-only', evidence: { allowAdminCreateUserOnly: true, chain: [chain('only administrators create users')] } }],
  },
  {
    name: 'self-service sign-up fails at high severity, naming every API that trusts the pool',
    inventory: withPool(selfService, { withJwtApi: true }),
    expect: [
      {
        status: 'FAIL',
        messageId: 'self-service',
        evidence: { selfSignUp: true, poolId: POOL_ID, allowAdminCreateUserOnly: false, apiCount: 2, apis: ['orders-api', 'shop-http'] },
      },
    ],
  },
  {
    name: 'self-service sign-up behind a pre sign-up trigger fails at the check severity, naming the trigger',
    inventory: withPool(
      userPool({
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
        LambdaConfig: { PreSignUp: 'arn:aws:lambda:eu-west-1:123456789012:function:allow-company-emails' },
      }),
    ),
    expect: [
      {
        status: 'FAIL',
        messageId: 'self-service-trigger',
        evidence: { selfSignUp: true, preSignUpTrigger: 'arn:aws:lambda:eu-west-1:123456789012:function:allow-company-emails' },
      },
    ],
  },
  {
    name: 'a pool that does not state AllowAdminCreateUserOnly is an ERROR, not a pass',
    inventory: withPool(userPool({ AdminCreateUserConfig: {} })),
    expect: [{ status: 'ERROR', evidence: { poolId: POOL_ID } }],
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
  {
    name: 'a pool of another account is not applicable',
    inventory: withForeignPool(),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'outside-scan' }],
  },
]);

describe('what self-service sign-up opens', () => {
  it('is high when anyone can sign up, and counts towards every trusting API', () => {
    const [result] = runChecks([check], deepFreeze(withPool(selfService, { withJwtApi: true })));
    assert.equal(result?.severity, 'high');
    assert.deepEqual(result?.resource.linkedApiArns, ['arn:aws:apigateway:eu-west-1::/apis/h1t2p3a4p5', 'arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5']);
  });

  it('stays medium when a pre sign-up trigger decides who may register', () => {
    const pool = userPool({ AdminCreateUserConfig: { AllowAdminCreateUserOnly: false }, LambdaConfig: { PreSignUp: 'arn:aws:lambda:eu-west-1:123456789012:function:f' } });
    const [result] = runChecks([check], deepFreeze(withPool(pool)));
    assert.equal(result?.severity, 'medium');
  });
});

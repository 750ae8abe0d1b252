/**
 * Pools an authorizer trusts that are not in the scanned account: every identity check says so
 * (NOT_APPLICABLE) instead of reporting a collection gap; a pool the scan could not read stays
 * an ERROR.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import cognitoClientAuthFlows from '../../checks/identity/cognito-client-auth-flows.js';
import cognitoDeletionProtection from '../../checks/identity/cognito-deletion-protection.js';
import cognitoMfa from '../../checks/identity/cognito-mfa.js';
import cognitoPasswordPolicy from '../../checks/identity/cognito-password-policy.js';
import cognitoThreatProtection from '../../checks/identity/cognito-threat-protection.js';
import type { Inventory } from '../../src/inventory/schema.js';
import { failed } from '../fixtures/builders.js';
import { evaluate } from '../checks/tester.js';
import { FOREIGN_POOL_ARN, POOL_ARN, POOL_ID, poolNotFound, withForeignPool, withJwtOnlyPool, withPool } from '../checks/identity/pools.js';

const CHECKS = [cognitoMfa, cognitoPasswordPolicy, cognitoThreatProtection, cognitoDeletionProtection, cognitoClientAuthFlows];

function resultsOf(inventory: Inventory) {
  return CHECKS.map((check) => {
    const results = evaluate(check, inventory);
    assert.equal(results.length, 1, check.id);
    return { check: check.id, ...results[0]! };
  });
}

describe('identity checks: pools outside the scanned account', () => {
  it('a JWT issuer pool that does not exist in the scanned account is NOT_APPLICABLE, not a gap', () => {
    for (const result of resultsOf(withJwtOnlyPool(poolNotFound))) {
      assert.equal(result.status, 'NOT_APPLICABLE', `${result.check}: ${result.message}`);
      assert.equal(result.messageId, 'outside-scan', result.check);
      assert.equal(result.resource.arn, POOL_ARN);
      assert.match(String(result.evidence.reason), /does not name the pool's account, so the issuer is a pool of another account/);
      assert.deepEqual(result.evidence.chain, [`shop-http → shop-customers (authorizer) → ${POOL_ID} (user pool): outside the scanned account`]);
      assert.match(result.message, /^Not judged: the user pool is outside the scanned account/);
    }
  });

  it('a REST provider ARN of another account is NOT_APPLICABLE, naming the account', () => {
    for (const result of resultsOf(withForeignPool())) {
      assert.equal(result.status, 'NOT_APPLICABLE', `${result.check}: ${result.message}`);
      assert.equal(result.resource.arn, FOREIGN_POOL_ARN);
      assert.match(String(result.evidence.reason), /belongs to account 999999999999/);
    }
  });

  it('a REST provider ARN of the scanned account whose pool is gone is NOT_APPLICABLE as a deleted pool', () => {
    for (const result of resultsOf(withPool(poolNotFound))) {
      assert.equal(result.status, 'NOT_APPLICABLE', `${result.check}: ${result.message}`);
      assert.match(String(result.evidence.reason), /trusts a pool that no longer exists/);
    }
  });

  it('a JWT issuer pool whose DescribeUserPool was denied stays an ERROR', () => {
    const denied = failed('DescribeUserPool', 'AccessDeniedException', { service: 'cognito-idp', resource: POOL_ARN });
    for (const result of resultsOf(withJwtOnlyPool(denied as never))) {
      assert.equal(result.status, 'ERROR', result.check);
      assert.equal(result.messageId, 'collection-gap', result.check);
    }
  });

  it('a JWT issuer pool whose lookup was throttled out stays an ERROR', () => {
    const throttled = failed('DescribeUserPool', 'TooManyRequestsException', { service: 'cognito-idp', resource: POOL_ARN, retriesExhausted: true });
    for (const result of resultsOf(withJwtOnlyPool(throttled as never))) assert.equal(result.status, 'ERROR', result.check);
  });
});

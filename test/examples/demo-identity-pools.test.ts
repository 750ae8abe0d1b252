import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import guestAccess from '../../checks/identity/cognito-identity-pool-guest-access.js';
import selfSignUp from '../../checks/identity/cognito-self-sign-up.js';
import restExposure from '../../checks/rest/rest-api-public-unauthenticated.js';
import { addIdentityPools } from '../../examples/demo/identity-pools.js';
import { runChecks } from '../../src/engine/runner.js';
import { parseInventory } from '../../src/inventory/io.js';
import type { Inventory } from '../../src/inventory/schema.js';

const demo = parseInventory(JSON.parse(readFileSync(new URL('../../examples/demo-inventory.json', import.meta.url), 'utf8')), 'demo');
const results = runChecks([selfSignUp, guestAccess, restExposure], demo);
const find = (checkId: string, name: string) => results.find((r) => r.checkId === checkId && r.resource.name === name);

describe('the demo: who can sign up, and guests', () => {
  it('mobile-users lets anyone sign up: high, counted towards mobile-backend', () => {
    const result = find('cognito-self-sign-up', 'mobile-users');
    assert.equal(result?.status, 'FAIL');
    assert.equal(result?.severity, 'high');
    assert.deepEqual(result?.resource.linkedApiArns, ['arn:aws:apigateway:us-east-1::/restapis/m0b1le07g']);
    assert.equal(find('cognito-self-sign-up', 'customers')?.status, 'PASS');
  });

  it('mobile-backend is reachable by anyone with an email address (it passed before: every method requires a Cognito token)', () => {
    const result = find('rest-api-public-unauthenticated', 'mobile-backend');
    assert.equal(result?.status, 'FAIL');
    assert.equal(result?.messageId, 'open-borrowed');
    assert.equal(result?.evidence.selfSignUp, true);
    assert.deepEqual(result?.evidence.borrowedMethods, ['GET /catalog', 'GET /profile', 'PATCH /profile']);
  });

  it('mobile-guests hands out credentials that can post to analytics-api: critical, linked to it', () => {
    const result = find('cognito-identity-pool-guest-access', 'mobile-guests');
    assert.equal(result?.status, 'FAIL');
    assert.equal(result?.severity, 'critical');
    assert.equal(result?.messageId, 'guests-invoke-apis');
    assert.deepEqual(result?.resource.linkedApiArns, ['arn:aws:apigateway:us-east-1::/restapis/an4lyt09i']);
    assert.equal(find('cognito-identity-pool-guest-access', 'storefront-members')?.status, 'PASS');
  });

  it('adding the identity pools twice changes nothing', () => {
    const once = structuredClone(demo) as Inventory;
    addIdentityPools(once);
    const twice = structuredClone(once);
    addIdentityPools(twice);
    assert.deepEqual(twice, once);
  });
});

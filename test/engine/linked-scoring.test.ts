/**
 * The linked-resource rule, end to end: results about a shared resource (here a Cognito user
 * pool) count towards every API that relies on it. Two APIs trust one weak pool, a third trusts
 * a strong one; the weak pool's failures must land in the first two APIs' counts, scores and
 * report sections, and nowhere near the third.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allChecks } from '../../checks/index.js';
import cognitoClientAuthFlows from '../../checks/identity/cognito-client-auth-flows.js';
import cognitoDeletionProtection from '../../checks/identity/cognito-deletion-protection.js';
import cognitoMfa from '../../checks/identity/cognito-mfa.js';
import cognitoPasswordPolicy from '../../checks/identity/cognito-password-policy.js';
import cognitoThreatProtection from '../../checks/identity/cognito-threat-protection.js';
import { runChecks } from '../../src/engine/runner.js';
import { scoreApis, subsumptionTable, type ApiScore } from '../../src/engine/scoring.js';
import { apisOf, type CheckResult } from '../../src/engine/types.js';
import type { Inventory, UserPool } from '../../src/inventory/schema.js';
import { InventoryView } from '../../src/inventory/view.js';
import { buildReport } from '../../src/report/model.js';
import { inventory, region, restApi, shared, userPool, userPoolArn, userPoolClient, v2Api } from '../fixtures/builders.js';

const IDENTITY_CHECKS = [cognitoMfa, cognitoPasswordPolicy, cognitoThreatProtection, cognitoDeletionProtection, cognitoClientAuthFlows];

const WEAK_ID = 'eu-west-1_Wk12Wk34W';
const STRONG_ID = 'eu-west-1_St12St34S';
const WEAK_ARN = userPoolArn(WEAK_ID);
const STRONG_ARN = userPoolArn(STRONG_ID);

const ORDERS = 'arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5';
const SHOP = 'arn:aws:apigateway:eu-west-1::/apis/h1t2p3a4p5';
const ADMIN = 'arn:aws:apigateway:eu-west-1::/restapis/b9b8b7b6b5';

/** Fails every identity check: MFA off, 6-character passwords, audit-only, unprotected, password flow. */
const weakPool = userPool({
  Id: WEAK_ID,
  Name: 'legacy-users',
  MfaConfiguration: 'OFF',
  DeletionProtection: 'INACTIVE',
  UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' },
  Policies: { PasswordPolicy: { MinimumLength: 6, RequireLowercase: true } },
  mfa: { MfaConfiguration: 'OFF' },
  clients: [userPoolClient({ ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'], PreventUserExistenceErrors: 'LEGACY' })],
});
const strongPool = (id: string, name: string) => userPool({ Id: id, Name: name });

function cognitoAuthorizer(poolArn: string) {
  return { id: 'cog1', name: 'users', type: 'COGNITO_USER_POOLS', providerARNs: [poolArn] };
}

/** orders-api (REST) and shop-http (JWT) trust pool `first`; admin-api (REST) trusts the strong pool. */
function account(first: UserPool): Inventory {
  return inventory({
    regions: [
      region({
        restApis: [
          restApi({ id: 'a1b2c3d4e5', name: 'orders-api', authorizers: [cognitoAuthorizer(WEAK_ARN)] }),
          restApi({ id: 'b9b8b7b6b5', name: 'admin-api', authorizers: [cognitoAuthorizer(STRONG_ARN)] }),
        ],
        v2Apis: [
          v2Api({
            Name: 'shop-http',
            authorizers: [
              {
                AuthorizerId: 'jwt1',
                Name: 'shop-users',
                AuthorizerType: 'JWT',
                JwtConfiguration: { Issuer: `https://cognito-idp.eu-west-1.amazonaws.com/${WEAK_ID}`, Audience: ['client1'] },
              },
            ],
          }),
        ],
      }),
    ],
    shared: shared({ userPools: { [WEAK_ARN]: first, [STRONG_ARN]: strongPool(STRONG_ID, 'admins') } }),
  });
}

function apiRefs(inv: Inventory) {
  const view = new InventoryView(inv);
  return [...view.restApis().targets, ...view.v2Apis().targets].map((t) => t.ref);
}

function scoresByArn(inv: Inventory, results: readonly CheckResult[]): Map<string, ApiScore> {
  return new Map(scoreApis(apiRefs(inv), results, subsumptionTable(IDENTITY_CHECKS)).map((s) => [s.api.arn, s]));
}

describe('results about a shared user pool count towards every API that trusts it', () => {
  const weak = account(weakPool);
  const results = runChecks(IDENTITY_CHECKS, weak);
  const weakFails = results.filter((r) => r.status === 'FAIL');

  it('the weak pool fails every identity check, once, linked to both APIs that trust it', () => {
    assert.deepEqual(weakFails.map((r) => r.checkId).sort(), IDENTITY_CHECKS.map((c) => c.id).sort());
    for (const result of weakFails) {
      assert.equal(result.resource.arn, WEAK_ARN);
      assert.deepEqual(apisOf(result.resource), [SHOP, ORDERS]);
    }
  });

  it('scoreApis counts the failures in both trusting APIs and not in the third', () => {
    const scores = scoresByArn(weak, results);
    for (const arn of [ORDERS, SHOP]) {
      const score = scores.get(arn)!;
      assert.deepEqual(score.counts, { PASS: 0, FAIL: 5, NOT_APPLICABLE: 0, ERROR: 0 }, arn);
      assert.deepEqual(score.failedBySeverity, { critical: 0, high: 2, medium: 2, low: 1, info: 0 }, arn);
      assert.equal(score.score, 0, arn);
      assert.equal(score.grade, 'F', arn);
    }
    const admin = scores.get(ADMIN)!;
    assert.deepEqual(admin.counts, { PASS: 5, FAIL: 0, NOT_APPLICABLE: 0, ERROR: 0 });
    assert.equal(admin.score, 100);
    assert.equal(admin.grade, 'A');
  });

  it('the report scores them the same way and groups them under each trusting API', () => {
    const report = buildReport({ inventory: weak, results, checks: IDENTITY_CHECKS, toolVersion: '0.0.0-test', generatedAt: '2026-11-01T12:30:00.000Z' });
    const entry = (arn: string) => report.apis.find((a) => a.api.arn === arn)!;
    assert.equal(entry(ORDERS).counts.FAIL, 5);
    assert.equal(entry(SHOP).counts.FAIL, 5);
    assert.equal(entry(ADMIN).counts.FAIL, 0);
    assert.equal(entry(ADMIN).counts.PASS, 5);
    // Linked results are not account-level results.
    assert.deepEqual(report.accountResults, []);
    // The per-API grouping of the report (what each API's section lists) follows apisOf.
    const section = (arn: string) => report.results.filter((r) => apisOf(r.resource).includes(arn));
    for (const arn of [ORDERS, SHOP]) {
      assert.deepEqual(
        section(arn).filter((r) => r.status === 'FAIL').map((r) => `${r.checkId} ${r.resource.name}`).sort(),
        IDENTITY_CHECKS.map((c) => `${c.id} legacy-users`).sort(),
        arn,
      );
    }
    assert.deepEqual(section(ADMIN).map((r) => `${r.status} ${r.resource.name}`), Array(5).fill('PASS admins'));
  });

  it('an API trusting two weak pools is penalised once per check, not once per pool', () => {
    const SECOND_ID = 'eu-west-1_Wk56Wk78W';
    const second = userPool({ ...weakPool, Id: SECOND_ID, Name: 'legacy-partners' });
    const twoPools = inventory({
      regions: [
        region({
          restApis: [
            restApi({
              id: 'a1b2c3d4e5',
              name: 'orders-api',
              authorizers: [cognitoAuthorizer(WEAK_ARN), { ...cognitoAuthorizer(userPoolArn(SECOND_ID)), id: 'cog2', name: 'partners' }],
            }),
          ],
        }),
      ],
      shared: shared({ userPools: { [WEAK_ARN]: weakPool, [userPoolArn(SECOND_ID)]: second } }),
    });
    const one = scoresByArn(weak, results).get(ORDERS)!;
    const two = scoresByArn(twoPools, runChecks(IDENTITY_CHECKS, twoPools)).get(ORDERS)!;
    // Both pools' failures are listed…
    assert.deepEqual(two.counts, { PASS: 0, FAIL: 10, NOT_APPLICABLE: 0, ERROR: 0 });
    // …but each identity check weighs once for the API: the same verdicts as with one weak pool.
    assert.deepEqual(two.verdicts, one.verdicts);
    assert.deepEqual(two.weights, { passed: 0, applicable: 5 + 5 + 3 + 3 + 1 });
  });

  it('with every registered check, a weak pool lowers exactly the trusting APIs\' scores', () => {
    const strong = account(strongPool(WEAK_ID, 'legacy-users'));
    const before = scoresByArn(strong, runChecks(allChecks, strong));
    const after = scoresByArn(weak, runChecks(allChecks, weak));
    for (const arn of [ORDERS, SHOP]) {
      assert.equal(after.get(arn)!.counts.FAIL - before.get(arn)!.counts.FAIL, 5, arn);
      assert.ok(after.get(arn)!.score! < before.get(arn)!.score!, `${arn}: ${before.get(arn)!.score} → ${after.get(arn)!.score}`);
    }
    assert.deepEqual(after.get(ADMIN), before.get(ADMIN));
  });
});

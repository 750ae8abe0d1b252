/**
 * A partial scan must not resolve failures it could not see. User pools and KMS keys are found
 * only through links (authorizers; log groups and trails): when a link source is denied, the
 * linked resource is not a target this run, and its earlier FAILED finding must neither be
 * archived nor replaced. Inventory → checks → report → Security Hub reconcile, end to end.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import kmsKeyRotation from '../../checks/account/kms-key-rotation.js';
import cognitoClientAuthFlows from '../../checks/identity/cognito-client-auth-flows.js';
import cognitoDeletionProtection from '../../checks/identity/cognito-deletion-protection.js';
import cognitoMfa from '../../checks/identity/cognito-mfa.js';
import cognitoPasswordPolicy from '../../checks/identity/cognito-password-policy.js';
import cognitoThreatProtection from '../../checks/identity/cognito-threat-protection.js';
import { runChecks } from '../../src/engine/runner.js';
import type { Inventory } from '../../src/inventory/schema.js';
import { buildReport, type Report } from '../../src/report/model.js';
import { buildFindings, findingId, findingKey } from '../../src/securityhub/asff.js';
import { decideArchives, previousFromReport, runScope, type ArchiveDecision } from '../../src/securityhub/reconcile.js';
import {
  ACCOUNT,
  failed,
  inventory,
  kmsKey,
  logGroup,
  ok,
  region,
  restApi,
  shared,
  stage,
  trail,
  userPool,
  userPoolArn,
  v2Api,
} from '../fixtures/builders.js';

/** The checks of resources found through links. */
const LINKED_CHECKS = [cognitoMfa, cognitoPasswordPolicy, cognitoThreatProtection, cognitoDeletionProtection, cognitoClientAuthFlows, kmsKeyRotation];

const EU = 'eu-west-1';
const US = 'us-east-1';
const POOL_ID = 'eu-west-1_Wk12Wk34W';
const POOL = userPoolArn(POOL_ID);
const US_POOL_ID = 'us-east-1_Wk56Wk78W';
const US_POOL = userPoolArn(US_POOL_ID, US);
const LOG_KEY = `arn:aws:kms:${EU}:${ACCOUNT}:key/logs-key`;
const ACCESS_LOGS = '/aws/apigateway/orders';

const weakPool = (id: string) => userPool({ Id: id, Name: 'legacy-users', MfaConfiguration: 'OFF', mfa: { MfaConfiguration: 'OFF' } });
const cognitoAuthorizer = (poolArn: string) => ({ id: 'cog1', name: 'users', type: 'COGNITO_USER_POOLS', providerARNs: [poolArn] });
const jwtAuthorizer = (issuerRegion: string, poolId: string) => ({
  AuthorizerId: 'jwt1',
  Name: 'shop-users',
  AuthorizerType: 'JWT',
  JwtConfiguration: { Issuer: `https://cognito-idp.${issuerRegion}.amazonaws.com/${poolId}`, Audience: ['client1'] },
});
const loggingStage = stage({ accessLogSettings: { destinationArn: `arn:aws:logs:${EU}:${ACCOUNT}:log-group:${ACCESS_LOGS}`, format: '$context.requestId' } });
const notRotating = kmsKey(LOG_KEY, { rotation: ok({ KeyRotationEnabled: false }) });

function reportOf(inv: Inventory, generatedAt: string): Report {
  return buildReport({ inventory: inv, results: runChecks(LINKED_CHECKS, inv), checks: LINKED_CHECKS, toolVersion: '0.0.0-test', generatedAt });
}

/** What this run decides about each finding the earlier run left active. */
function decisions(earlier: Inventory, now: Inventory): { report: Report; decide: (checkId: string, arn: string) => ArchiveDecision | undefined } {
  const previous = previousFromReport(reportOf(earlier, '2026-10-01T08:00:00.000Z'));
  const report = reportOf(now, '2026-11-01T08:00:00.000Z');
  const produced = new Set(buildFindings(report, { now: new Date('2026-11-01T08:00:00.000Z') }).map((p) => findingKey(p.account, p.region, p.finding.Id!)));
  const all = decideArchives(previous, runScope(report), produced);
  return { report, decide: (checkId, arn) => all.find((d) => d.previous.id === findingId(checkId, arn)) };
}

function errorsOf(report: Report, checkId: string): string[] {
  return report.results.filter((r) => r.checkId === checkId && r.status === 'ERROR').map((r) => `${r.resource.name}: ${r.message}`);
}

describe('a user pool behind authorizers that could not be read', () => {
  const earlier = inventory({
    regions: [region({ restApis: [restApi({ name: 'orders-api', authorizers: [cognitoAuthorizer(POOL)] })] })],
    shared: shared({ userPools: { [POOL]: weakPool(POOL_ID) } }),
  });

  it('the earlier run failed cognito-mfa on the pool', () => {
    const report = reportOf(earlier, '2026-10-01T08:00:00.000Z');
    assert.equal(report.results.find((r) => r.checkId === 'cognito-mfa' && r.resource.arn === POOL)?.status, 'FAIL');
  });

  it('GetAuthorizers denied: the identity checks are ERROR for the API, and the FAILED finding is not archived', () => {
    const now = inventory({ regions: [region({ restApis: [restApi({ name: 'orders-api', authorizers: failed('GetAuthorizers') })] })] });
    const { report, decide } = decisions(earlier, now);
    assert.deepEqual(errorsOf(report, 'cognito-mfa'), [
      "orders-api: Not evaluated: apigateway:GetAuthorizers failed (AccessDeniedException): user pools behind orders-api's authorizers could not be listed: User is not authorized to perform: apigateway:GET (GetAuthorizers)",
    ]);
    for (const check of LINKED_CHECKS.filter((c) => c.id.startsWith('cognito-'))) assert.equal(errorsOf(report, check.id).length, 1, check.id);
    assert.deepEqual({ ...decide('cognito-mfa', POOL), previous: undefined }, { previous: undefined, archive: false, reason: 'check-errored' });
  });

  it('the HTTP API whose JWT authorizers link the pool could not be read: the same', () => {
    const jwtEarlier = inventory({
      regions: [region({ v2Apis: [v2Api({ Name: 'shop', authorizers: [jwtAuthorizer(EU, POOL_ID)] })] })],
      shared: shared({ userPools: { [POOL]: weakPool(POOL_ID) } }),
    });
    const now = inventory({ regions: [region({ v2Apis: [v2Api({ Name: 'shop', authorizers: failed('GetAuthorizers', 'AccessDeniedException', { service: 'apigatewayv2' }) })] })] });
    const { report, decide } = decisions(jwtEarlier, now);
    assert.equal(errorsOf(report, 'cognito-mfa').length, 1);
    assert.equal(decide('cognito-mfa', POOL)?.archive, false);
  });

  it('GetRestApis denied in the region: the same, with the region as the ERROR resource', () => {
    const now = inventory({ regions: [region({ restApis: failed('GetRestApis') })] });
    const { report, decide } = decisions(earlier, now);
    assert.deepEqual(errorsOf(report, 'cognito-mfa').map((e) => e.split(':')[0]), [`${ACCOUNT}/${EU}`]);
    assert.equal(decide('cognito-mfa', POOL)?.archive, false);
  });

  it('a pool in another scanned region (JWT issuers name any region): its finding is not archived there either', () => {
    const twoRegions = (eu: ReturnType<typeof region>) => inventory({ regions: [eu, region({ region: US })], shared: shared({ userPools: { [US_POOL]: weakPool(US_POOL_ID) } }) });
    const crossEarlier = twoRegions(region({ v2Apis: [v2Api({ Name: 'shop', authorizers: [jwtAuthorizer(US, US_POOL_ID)] })] }));
    const now = inventory({ regions: [region({ v2Apis: [v2Api({ Name: 'shop', authorizers: failed('GetAuthorizers') })] }), region({ region: US })] });
    const { decide } = decisions(crossEarlier, now);
    const decision = decide('cognito-mfa', US_POOL);
    assert.equal(decision?.previous.region, US);
    assert.deepEqual([decision?.archive, decision?.reason], [false, 'check-errored']);
  });

  it('with every link read, a pool no authorizer trusts any more is still archived', () => {
    const now = inventory({ regions: [region({ restApis: [restApi({ name: 'orders-api', authorizers: [] })] })] });
    const { report, decide } = decisions(earlier, now);
    assert.deepEqual(errorsOf(report, 'cognito-mfa'), []);
    assert.deepEqual([decide('cognito-mfa', POOL)?.archive, decide('cognito-mfa', POOL)?.reason], [true, 'not-produced']);
  });
});

describe('a KMS key behind log groups or trails that could not be read', () => {
  const earlier = inventory({
    regions: [region({ restApis: [restApi({ name: 'orders-api', stages: [loggingStage] })], logGroups: { [ACCESS_LOGS]: logGroup(ACCESS_LOGS, { kmsKeyId: LOG_KEY }) } })],
    shared: shared({ kmsKeys: { [LOG_KEY]: notRotating } }),
  });

  it('the earlier run failed kms-key-rotation on the key', () => {
    const report = reportOf(earlier, '2026-10-01T08:00:00.000Z');
    assert.equal(report.results.find((r) => r.checkId === 'kms-key-rotation' && r.resource.arn === LOG_KEY)?.status, 'FAIL');
  });

  it('DescribeLogGroups denied: kms-key-rotation is ERROR for the API, and the FAILED finding is not archived', () => {
    const now = inventory({
      regions: [
        region({
          restApis: [restApi({ name: 'orders-api', stages: [loggingStage] })],
          logGroups: { [ACCESS_LOGS]: failed('DescribeLogGroups', 'AccessDeniedException', { service: 'logs' }) },
        }),
      ],
    });
    const { report, decide } = decisions(earlier, now);
    assert.deepEqual(
      errorsOf(report, 'kms-key-rotation').map((e) => e.replace(/: User is not.*$/, '')),
      [`orders-api: Not evaluated: logs:DescribeLogGroups failed (AccessDeniedException): the KMS key protecting log group ${ACCESS_LOGS} (written by orders-api's stages) is unknown`],
    );
    assert.deepEqual([decide('kms-key-rotation', LOG_KEY)?.archive, decide('kms-key-rotation', LOG_KEY)?.reason], [false, 'check-errored']);
  });

  it('GetStages denied (the access-log groups are unknown): the same', () => {
    const now = inventory({ regions: [region({ restApis: [restApi({ name: 'orders-api', stages: failed('GetStages') })] })] });
    const { report, decide } = decisions(earlier, now);
    assert.equal(errorsOf(report, 'kms-key-rotation').length, 1);
    assert.equal(decide('kms-key-rotation', LOG_KEY)?.archive, false);
  });

  it("DescribeTrails denied: a trail key's finding is not archived, in whichever scanned region the key is", () => {
    const US_KEY = `arn:aws:kms:${US}:${ACCOUNT}:key/trail-key`;
    const trailEarlier = inventory({
      regions: [region({ trails: [trail({ KmsKeyId: US_KEY, HomeRegion: US })] }), region({ region: US })],
      shared: shared({ kmsKeys: { [US_KEY]: kmsKey(US_KEY, { rotation: ok({ KeyRotationEnabled: false }) }) } }),
    });
    const now = inventory({ regions: [region({ trails: failed('DescribeTrails', 'AccessDeniedException', { service: 'cloudtrail' }) }), region({ region: US })] });
    const { report, decide } = decisions(trailEarlier, now);
    assert.equal(errorsOf(report, 'kms-key-rotation').length, 1);
    assert.deepEqual([decide('kms-key-rotation', US_KEY)?.archive, decide('kms-key-rotation', US_KEY)?.reason], [false, 'check-errored']);
  });

  it('with every link read, a key no log group uses any more is still archived', () => {
    const now = inventory({
      regions: [region({ restApis: [restApi({ name: 'orders-api', stages: [loggingStage] })], logGroups: { [ACCESS_LOGS]: { logGroupName: ACCESS_LOGS, exists: true } } })],
    });
    const { report, decide } = decisions(earlier, now);
    assert.deepEqual(errorsOf(report, 'kms-key-rotation'), []);
    assert.equal(decide('kms-key-rotation', LOG_KEY)?.archive, true);
  });
});

/**
 * A partial scan against the local AWS look-alike, then the Security Hub reconcile against the
 * fault-free run's findings: user pools and KMS keys are found only through links, and when the
 * linking calls are denied, those resources are not seen. Nothing changed in the account, so
 * nothing may be archived as resolved; the lost resources' checks are ERROR instead.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Report } from '../../src/report/model.js';
import { buildFindings, findingKey } from '../../src/securityhub/asff.js';
import { decideArchives, previousFromReport, runScope, type ArchiveDecision } from '../../src/securityhub/reconcile.js';
import { startFakeAws } from '../support/fake-aws.js';
import { deny, type FaultPlan } from '../support/faults.js';
import { demo, scanInProcess } from './support.js';

const MOBILE_API = 'arn:aws:apigateway:us-east-1::/restapis/m0b1le07g';
const PARTNER_API = 'arn:aws:apigateway:eu-west-1::/apis/pp2rtnr02x';
/** Trusted only by mobile-backend's COGNITO_USER_POOLS authorizer; fails cognito-mfa. */
const MOBILE_POOL = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Zx98Yw76V';
/** Trusted only by partner-portal-http's JWT authorizers. */
const PARTNER_POOL = 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Pt4rNr5Sx';
/** Protects mobile-backend's and webhooks-ingest's log groups (us-east-1); fails kms-key-rotation. */
const LOGS_KEY = 'arn:aws:kms:us-east-1:123456789012:key/5f4e3d2c-1b0a-4987-b6c5-d4e3f2a1b0c9';
/** Protects the eu-west-1 trail only. */
const TRAIL_KEY = 'arn:aws:kms:eu-west-1:123456789012:key/0c1d2e3f-4a5b-4c6d-9e7f-8a9b0c1d2e3f';

const LINK_SOURCES_DENIED: FaultPlan = deny(
  (r) =>
    (r.service === 'apigateway' && r.path === '/restapis/m0b1le07g/authorizers') ||
    (r.service === 'apigatewayv2' && r.path === '/v2/apis/pp2rtnr02x/authorizers') ||
    (r.operation === 'DescribeLogGroups' && r.region === 'us-east-1') ||
    (r.operation === 'DescribeTrails' && r.region === 'eu-west-1'),
);

async function scan(faults?: FaultPlan): Promise<Report> {
  const fake = await startFakeAws({ inventory: demo, ...(faults ? { faults } : {}) });
  try {
    return (await scanInProcess(fake)).report;
  } finally {
    await fake.close();
  }
}

/** What the faulted run decides about the findings the fault-free run imported. */
function archiveDecisions(earlier: Report, now: Report): ArchiveDecision[] {
  const produced = new Set(buildFindings(now, { now: new Date(now.scan.generatedAt) }).map((p) => findingKey(p.account, p.region, p.finding.Id!)));
  return decideArchives(previousFromReport(earlier), runScope(now), produced);
}

describe('link sources denied: no archive decision for what they link', () => {
  let baseline: Report;
  let faulted: Report;

  before(async () => {
    baseline = await scan();
    faulted = await scan(LINK_SOURCES_DENIED);
  });

  const statusOf = (report: Report, checkId: string, arn: string) => report.results.find((r) => r.checkId === checkId && r.resource.arn === arn)?.status;

  it('the fault-free run evaluated the linked resources, failures included', () => {
    assert.equal(statusOf(baseline, 'cognito-mfa', MOBILE_POOL), 'FAIL');
    assert.equal(statusOf(baseline, 'kms-key-rotation', LOGS_KEY), 'FAIL');
    assert.equal(statusOf(baseline, 'cognito-password-policy', PARTNER_POOL), 'PASS');
    assert.equal(statusOf(baseline, 'kms-key-rotation', TRAIL_KEY), 'PASS');
  });

  it('the faulted run cannot see them, and says so: ERROR naming the API or region whose links are unknown', () => {
    for (const arn of [MOBILE_POOL, PARTNER_POOL, LOGS_KEY, TRAIL_KEY]) {
      assert.deepEqual(faulted.results.filter((r) => r.resource.arn === arn), [], arn);
    }
    const errors = (checkId: string) =>
      faulted.results.filter((r) => r.checkId === checkId && r.status === 'ERROR').map((r) => `${r.resource.arn} ${r.error?.kind === 'collection-gap' ? r.error.operation : ''}`);
    assert.deepEqual(errors('cognito-mfa').sort(), [`${PARTNER_API} apigatewayv2:GetAuthorizers`, `${MOBILE_API} apigateway:GetAuthorizers`].sort());
    const kms = errors('kms-key-rotation');
    assert.ok(kms.includes(`${MOBILE_API} logs:DescribeLogGroups`), kms.join('\n'));
    assert.ok(kms.includes('arn:aws:apigateway:eu-west-1:123456789012:account cloudtrail:DescribeTrails'), kms.join('\n'));
  });

  it('the reconcile archives none of the fault-free findings', () => {
    const decisions = archiveDecisions(baseline, faulted);
    assert.deepEqual(
      decisions.filter((d) => d.archive).map((d) => d.previous.id),
      [],
      'nothing changed in the account: an archive here would resolve a finding the run could not see',
    );
    const about = (checkId: string, arn: string) => decisions.find((d) => d.previous.checkId === checkId && d.previous.id.endsWith(`/${arn}`));
    assert.equal(about('cognito-mfa', MOBILE_POOL)?.reason, 'check-errored');
    assert.equal(about('kms-key-rotation', LOGS_KEY)?.reason, 'check-errored');
  });
});

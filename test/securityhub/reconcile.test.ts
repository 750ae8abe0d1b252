import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { buildFindings, findingId, findingKey, productArnFor, type PlannedFinding } from '../../src/securityhub/asff.js';
import {
  archivedFinding,
  decideArchives,
  decideSends,
  type FindingSelection,
  previousFromReport,
  previousFromSecurityHub,
  runScope,
  toReimport,
  type PreviousFinding,
} from '../../src/securityhub/reconcile.js';
import type { Report } from '../../src/report/model.js';
import { ACCOUNT, check, EU, report, result, stageArn, US } from './fixtures.js';

const NOW = new Date('2026-11-02T08:00:00.000Z');

/** Where a read-back was made: the account, the region and the product ARN filtered on. */
function place(region: string, account = ACCOUNT) {
  return { account, region, productArn: productArnFor('aws', region, account) };
}
const EARLIER = new Date('2026-10-01T08:00:00.000Z');

/** What Security Hub holds after importing `earlier`, as GetFindings returns it. */
function stored(earlier: Report): PreviousFinding[] {
  return buildFindings(earlier, { now: EARLIER }).flatMap((p) =>
    previousFromSecurityHub([{ ...p.finding, Region: p.region, Workflow: { Status: 'NEW' } }], place(p.region, p.account)),
  );
}

function produced(planned: PlannedFinding[]): Set<string> {
  return new Set(planned.map((p) => findingKey(p.account, p.region, p.finding.Id!)));
}

/** The ids this run archives. */
function archived(earlier: Report, now: Report, previous = stored(earlier)): string[] {
  return decideArchives(previous, runScope(now), produced(buildFindings(now, { now: NOW })))
    .filter((d) => d.archive)
    .map((d) => d.previous.id);
}

const A = stageArn(EU, 'a');
const B = stageArn(EU, 'b');
const C = stageArn(US, 'c');

describe('which earlier findings a run archives', () => {
  it('archives a finding whose resource is gone', () => {
    const earlier = report([result('c1', A, 'FAIL'), result('c1', B, 'FAIL')]);
    const now = report([result('c1', A, 'FAIL')]);
    assert.deepEqual(archived(earlier, now), [findingId('c1', B)]);
  });

  it('archives a finding whose check no longer applies (NOT_APPLICABLE now)', () => {
    const earlier = report([result('c1', A, 'FAIL')]);
    const now = report([result('c1', A, 'NOT_APPLICABLE')]);
    assert.deepEqual(archived(earlier, now), [findingId('c1', A)]);
  });

  it('keeps a finding that now passes: it is re-imported as PASSED, not archived', () => {
    const earlier = report([result('c1', A, 'FAIL')]);
    const now = report([result('c1', A, 'PASS')]);
    assert.deepEqual(archived(earlier, now), []);
    assert.equal(buildFindings(now, { now: NOW })[0]!.finding.Compliance?.Status, 'PASSED');
  });

  it('never archives when the check ended in ERROR in that account and region', () => {
    const earlier = report([result('c1', A, 'FAIL'), result('c1', B, 'FAIL'), result('c1', C, 'FAIL')]);
    const regionGap = result('c1', `arn:aws:apigateway:${EU}:${ACCOUNT}:account`, 'ERROR', { type: 'account' });
    const now = report([regionGap]);
    const decisions = decideArchives(stored(earlier), runScope(now), produced(buildFindings(now, { now: NOW })));
    const byId = new Map(decisions.map((d) => [d.previous.id, d]));
    assert.equal(byId.get(findingId('c1', A))?.reason, 'check-errored');
    assert.equal(byId.get(findingId('c1', B))?.archive, false);
    assert.equal(byId.get(findingId('c1', C))?.archive, true, 'an ERROR in eu-west-1 says nothing about us-east-1');
  });

  it('never archives in a region this run did not scan', () => {
    const earlier = report([result('c1', A, 'FAIL'), result('c1', C, 'FAIL')]);
    const now = report([], { regions: [EU], checks: [check('c1')] });
    const decisions = decideArchives(stored(earlier), runScope(now), new Set());
    assert.deepEqual(
      decisions.map((d) => [d.previous.region, d.archive, d.reason]),
      [
        [EU, true, 'not-produced'],
        [US, false, 'not-covered'],
      ],
    );
  });

  it('never archives findings of a check this run did not evaluate', () => {
    const earlier = report([result('old-check', A, 'FAIL'), result('c1', B, 'FAIL')]);
    const now = report([result('c1', B, 'FAIL')]);
    const decisions = decideArchives(stored(earlier), runScope(now), produced(buildFindings(now, { now: NOW })));
    assert.deepEqual(decisions.map((d) => [d.previous.checkId, d.reason]), [
      ['c1', 'produced'],
      ['old-check', 'not-covered'],
    ]);
  });

  it('a check that replaces an earlier id resolves that id\'s findings where it runs, and never where it ended in ERROR', () => {
    const earlier = report([result('old-check', A, 'FAIL'), result('old-check', C, 'FAIL')], { regions: [EU, US] });
    const renamed = { checks: [check('new-check', { replaces: ['old-check'] })], regions: [EU, US] };
    const now = report([result('new-check', A, 'FAIL'), result('new-check', C, 'ERROR')], renamed);
    const decisions = decideArchives(stored(earlier), runScope(now), produced(buildFindings(now, { now: NOW })));
    assert.deepEqual(
      decisions.map((d) => [d.previous.checkId, d.previous.region, d.reason]),
      [
        ['old-check', EU, 'not-produced'],
        ['old-check', US, 'check-errored'],
      ],
    );
    // Without the declaration, the old id's findings are not this run's to resolve.
    const unrelated = report([result('new-check', A, 'FAIL')], { regions: [EU, US] });
    assert.deepEqual(
      decideArchives(stored(earlier), runScope(unrelated), new Set()).map((d) => d.reason),
      ['not-covered', 'not-covered'],
    );
  });

  it('leaves already archived findings and findings that are not ours alone', () => {
    const earlier = report([result('c1', A, 'FAIL')]);
    const previous = stored(earlier).map((p) => ({ ...p, recordState: 'ARCHIVED' as const }));
    assert.deepEqual(archived(earlier, report([], { checks: [check('c1')] }), previous), []);
    const foreign = previousFromSecurityHub(
      [{ ...stored(earlier)[0]!.finding, Id: 'someone-else/1' }],
      place(EU),
    );
    assert.equal(foreign.length, 0, 'read-back keeps only apiposture/ ids');
  });

  it('archives global (IAM) findings where this run covers them: scanned regions and the home region', () => {
    const policy = `arn:aws:iam::${ACCOUNT}:policy/p`;
    const iamCheck = check('iam-api-wildcards', { resourceType: 'iam-policy' });
    const earlier = report([result('iam-api-wildcards', policy, 'FAIL', { type: 'iam-policy', region: 'global' })], { checks: [iamCheck] });
    const gone = report([], { checks: [iamCheck] });
    assert.deepEqual(archived(earlier, gone), [findingId('iam-api-wildcards', policy)]);
    const elsewhere = decideArchives(stored(earlier), runScope(gone, 'us-west-2'), new Set());
    assert.deepEqual(elsewhere.map((d) => d.archive), [true], 'the old home (eu-west-1) is still scanned');
    const notScanned = report([], { regions: [US], checks: [iamCheck] });
    const moved = decideArchives(stored(earlier), runScope(notScanned), new Set());
    assert.deepEqual(moved.map((d) => d.reason), ['not-covered']);
  });

  it('a check that also evaluates IAM policies is global there, though its main type is regional', () => {
    const policy = `arn:aws:iam::${ACCOUNT}:policy/p`;
    const mixed = check('mixed', { resourceType: 'rest-api', resourceTypes: ['rest-api', 'iam-policy'] });
    const earlier = report([result('mixed', policy, 'FAIL', { type: 'iam-policy', region: 'global' })], { regions: [EU], checks: [mixed] });
    const gone = report([], { regions: [US], checks: [mixed] });
    const decisions = decideArchives(stored(earlier), runScope(gone, EU), new Set());
    assert.deepEqual(decisions.map((d) => d.reason), ['not-produced'], 'the home region holds its global findings');
  });

  it('a check of linked resources whose links could not be read archives nothing in any region', () => {
    // User pools and KMS keys are found through authorizers, log groups and trails, and may sit
    // in another region than what links them (a JWT issuer names any region).
    const poolCheck = check('cognito-mfa', { resourceType: 'user-pool' });
    const poolIn = (region: string, id: string) => `arn:aws:cognito-idp:${region}:${ACCOUNT}:userpool/${region}_${id}`;
    const usPool = poolIn(US, 'Wk12Wk34W');
    const euPool = poolIn(EU, 'Ab12Cd34E');
    const earlier = report([result('cognito-mfa', usPool, 'FAIL', { type: 'user-pool' })], { checks: [poolCheck] });
    const linksUnknown = result('cognito-mfa', `arn:aws:apigateway:${EU}::/restapis/a1`, 'ERROR', { type: 'rest-api' });
    const unknown = decideArchives(stored(earlier), runScope(report([linksUnknown], { checks: [poolCheck] })), new Set());
    assert.deepEqual(unknown.map((d) => [d.previous.region, d.archive, d.reason]), [[US, false, 'check-errored']]);
    // An ERROR about one pool is about that pool: a pool elsewhere that is gone is still archived.
    const onePool = result('cognito-mfa', euPool, 'ERROR', { type: 'user-pool' });
    const known = decideArchives(stored(earlier), runScope(report([onePool], { checks: [poolCheck] })), new Set());
    assert.deepEqual(known.map((d) => [d.previous.region, d.archive, d.reason]), [[US, true, 'not-produced']]);
  });

  it('ignores what cross-region aggregation returns from other regions', () => {
    const [finding] = buildFindings(report([result('c1', C, 'FAIL')]), { now: EARLIER });
    const read = previousFromSecurityHub([{ ...finding!.finding, Region: US }], place(EU));
    assert.equal(read.length, 0);
  });
});

describe('what a read-back takes as an earlier finding of ours', () => {
  const [ours] = buildFindings(report([result('c1', A, 'FAIL')]), { now: EARLIER });
  const finding: AwsSecurityFinding = { ...ours!.finding, Region: EU };

  it('takes our own finding', () => {
    assert.deepEqual(previousFromSecurityHub([finding], place(EU)).map((p) => [p.id, p.checkId]), [[findingId('c1', A), 'c1']]);
  });

  it('not a finding of the product read (another product ARN, or another region without a Region field)', () => {
    const otherProduct = { ...finding, ProductArn: `arn:aws:securityhub:${EU}::product/vendor/scanner` };
    const { Region: _r, ...aggregated } = { ...finding, ProductArn: productArnFor('aws', US, ACCOUNT) };
    assert.deepEqual(previousFromSecurityHub([otherProduct, aggregated], place(EU)), []);
  });

  it('not a finding whose generator is not the check its id names, or that has none', () => {
    const { GeneratorId: _g, ...noGenerator } = finding;
    assert.deepEqual(previousFromSecurityHub([{ ...finding, GeneratorId: 'c2' }, noGenerator as AwsSecurityFinding], place(EU)), []);
  });

  it('not an id that is not apiposture/<check>/<resource>', () => {
    const ids = ['apiposture/c1', 'apiposture/c1/', 'apiposture//arn:aws:x', 'apiposture/'];
    assert.deepEqual(previousFromSecurityHub(ids.map((Id) => ({ ...finding, Id })), place(EU)), []);
  });

  it('not a finding without the account it was read for', () => {
    const { AwsAccountId: _a, ...noAccount } = finding;
    assert.deepEqual(previousFromSecurityHub([noAccount as AwsSecurityFinding, { ...finding, AwsAccountId: '210987654321' }], place(EU)), []);
  });

  it('the same finding on two pages is one earlier finding: the latest stored version', () => {
    const later = { ...finding, UpdatedAt: '2026-10-20T00:00:00.000Z', RecordState: 'ARCHIVED' as const };
    for (const order of [[finding, later], [later, finding]]) {
      const read = previousFromSecurityHub(order, place(EU));
      assert.deepEqual(read.map((p) => [p.updatedAt, p.recordState]), [['2026-10-20T00:00:00.000Z', 'ARCHIVED']]);
    }
  });
});

describe('the archived finding', () => {
  const stale: AwsSecurityFinding = {
    ...buildFindings(report([result('c1', A, 'FAIL')]), { now: EARLIER })[0]!.finding,
    Region: EU,
    Workflow: { Status: 'NOTIFIED' },
    WorkflowState: 'NEW',
    Note: { Text: 'ticket 42', UpdatedBy: 'alice', UpdatedAt: '2026-10-02T00:00:00Z' },
    UserDefinedFields: { owner: 'team-a' },
    VerificationState: 'TRUE_POSITIVE',
    Severity: { Label: 'HIGH' },
    Types: ['Software and Configuration Checks/AWS Security Best Practices'],
    ProcessedAt: '2026-10-01T08:00:01Z',
    ProductFields: { 'apiposture/CheckId': 'c1', 'aws/securityhub/FindingId': 'arn:…', 'aws/securityhub/ProductName': 'Default' },
  };

  it('is re-sent as ARCHIVED with a later UpdatedAt, nothing Security Hub or the customer owns', () => {
    const [previous] = previousFromSecurityHub([stale], place(EU));
    const finding = archivedFinding(previous!, NOW);
    assert.equal(finding.RecordState, 'ARCHIVED');
    assert.equal(finding.UpdatedAt, NOW.toISOString());
    assert.equal(finding.CreatedAt, stale.CreatedAt);
    for (const key of ['Workflow', 'WorkflowState', 'Note', 'UserDefinedFields', 'VerificationState', 'Severity', 'Types', 'Region', 'ProcessedAt'] as const) {
      assert.equal(finding[key], undefined, key);
    }
    assert.deepEqual(finding.ProductFields, { 'apiposture/CheckId': 'c1' });
    assert.deepEqual(finding.FindingProviderFields, stale.FindingProviderFields);
  });

  it('gets FindingProviderFields from the top-level values of an old finding without them', () => {
    const { FindingProviderFields: _f, ...old } = stale;
    const back = toReimport(old);
    assert.deepEqual(back.FindingProviderFields, { Severity: { Label: 'HIGH' }, Types: stale.Types });
    assert.equal(back.Severity, undefined);
  });

  it('UpdatedAt stays later than the stored value when the clock is behind', () => {
    const [previous] = previousFromSecurityHub([{ ...stale, UpdatedAt: '2026-12-01T00:00:00.000Z' }], place(EU));
    assert.equal(archivedFinding(previous!, NOW).UpdatedAt, '2026-12-01T00:00:00.001Z');
  });
});

describe('earlier findings from a previous report', () => {
  it('are what that run imported: created when it was generated, first observed when collected', () => {
    const earlier = report([result('c1', A, 'FAIL'), result('c1', B, 'NOT_APPLICABLE')], {
      collectedAt: '2026-10-01T07:00:00.000Z',
      generatedAt: '2026-10-01T07:05:00.000Z',
    });
    const previous = previousFromReport(earlier);
    assert.deepEqual(previous.map((p) => [p.id, p.region, p.createdAt, p.firstObservedAt, p.source]), [
      [findingId('c1', A), EU, '2026-10-01T07:05:00.000Z', '2026-10-01T07:00:00.000Z', 'previous-report'],
    ]);
  });
});

describe('which of this run\'s findings are sent', () => {
  const D = stageArn(EU, 'd');
  /** The ids sent, and why the others are held, given what Security Hub holds from `earlier`. */
  function sends(earlier: Report | undefined, now: Report, selection: FindingSelection, known = true) {
    const previous = new Map((earlier ? stored(earlier) : []).map((p) => [findingKey(p.account, p.region, p.id), p]));
    const decisions = decideSends(buildFindings(now, { now: NOW }), {
      selection,
      earlier: (place, id) => previous.get(findingKey(place.account, place.region, id)),
      knows: () => known,
    });
    const by = (reason: string) => decisions.filter((d) => d.reason === reason).map((d) => d.planned.finding.Id);
    return { sent: by('send'), kept: by('earlier-failure-kept'), unselected: by('not-selected'), unknown: by('earlier-unknown') };
  }

  it('an ERROR never replaces an active FAILED finding: it is kept as it was', () => {
    const earlier = report([result('c1', A, 'FAIL'), result('c1', B, 'PASS')]);
    const now = report([result('c1', A, 'ERROR'), result('c1', B, 'ERROR'), result('c1', D, 'ERROR')]);
    const all = sends(earlier, now, 'all');
    assert.deepEqual(all.kept, [findingId('c1', A)]);
    assert.deepEqual(all.sent, [findingId('c1', B), findingId('c1', D)], 'an earlier pass or nothing earlier: NOT_AVAILABLE is sent');
  });

  it('older data never overwrites a finding Security Hub holds from later data (an old PASS never resolves a newer FAIL)', () => {
    const newer = stored(report([result('c1', A, 'FAIL'), result('c1', B, 'PASS')])).map((p) => ({ ...p, lastObservedAt: '2099-01-01T00:00:00.000Z' }));
    const previous = new Map(newer.map((p) => [findingKey(p.account, p.region, p.id), p]));
    const older = report([result('c1', A, 'PASS'), result('c1', B, 'FAIL'), result('c1', D, 'PASS')]);
    const decisions = decideSends(buildFindings(older, { now: NOW }), {
      selection: 'all',
      earlier: (place, id) => previous.get(findingKey(place.account, place.region, id)),
      knows: () => true,
      collectedAt: older.scan.collectedAt,
    });
    const by = (reason: string) => decisions.filter((d) => d.reason === reason).map((d) => d.planned.finding.Id);
    assert.deepEqual(by('newer-held'), [findingId('c1', A), findingId('c1', B)]);
    assert.deepEqual(by('send'), [findingId('c1', D)], 'what Security Hub does not hold is still sent');
    // The same stored findings from older data than this report are updated as usual.
    const olderStored = new Map(newer.map((p) => [findingKey(p.account, p.region, p.id), { ...p, lastObservedAt: '2000-01-01T00:00:00.000Z' }]));
    const sentAll = decideSends(buildFindings(older, { now: NOW }), {
      selection: 'all',
      earlier: (place, id) => olderStored.get(findingKey(place.account, place.region, id)),
      knows: () => true,
      collectedAt: older.scan.collectedAt,
    });
    assert.ok(sentAll.every((d) => d.reason === 'send'));
  });

  it('an ERROR over an archived FAILED finding hides nothing: it is sent', () => {
    const earlier = report([result('c1', A, 'FAIL')]);
    const archivedEarlier = stored(earlier).map((p) => ({ ...p, recordState: 'ARCHIVED' as const }));
    const previous = new Map(archivedEarlier.map((p) => [p.id, p]));
    const decisions = decideSends(buildFindings(report([result('c1', A, 'ERROR')]), { now: NOW }), {
      selection: 'all',
      earlier: (_place, id) => previous.get(id),
      knows: () => true,
    });
    assert.deepEqual(decisions.map((d) => d.reason), ['send']);
  });

  it('failed: sends failures, resolves earlier non-passing findings that now pass, and nothing else', () => {
    const earlier = report([result('c1', A, 'FAIL'), result('c1', B, 'PASS'), result('c1', C, 'ERROR')]);
    const now = report([result('c1', A, 'PASS'), result('c1', B, 'PASS'), result('c1', C, 'PASS'), result('c1', D, 'FAIL')]);
    const failed = sends(earlier, now, 'failed');
    assert.deepEqual(failed.sent, [findingId('c1', A), findingId('c1', D), findingId('c1', C)]);
    assert.deepEqual(failed.unselected, [findingId('c1', B)], 'already PASSED: nothing to resolve');
  });

  it('failed: a pass with nothing earlier, or an error, is not sent; an error over a failure is kept', () => {
    const earlier = report([result('c1', A, 'FAIL')]);
    const now = report([result('c1', A, 'ERROR'), result('c1', B, 'PASS'), result('c1', D, 'ERROR')]);
    const failed = sends(earlier, now, 'failed');
    assert.deepEqual(failed.sent, []);
    assert.deepEqual(failed.kept, [findingId('c1', A)]);
    assert.deepEqual(failed.unselected, [findingId('c1', B), findingId('c1', D)]);
  });

  it('where earlier findings could not be read: passes are sent (one may resolve a failure), errors held', () => {
    const now = report([result('c1', A, 'PASS'), result('c1', B, 'ERROR'), result('c1', D, 'FAIL')]);
    for (const selection of ['all', 'failed'] as const) {
      const unknown = sends(undefined, now, selection, false);
      assert.deepEqual(unknown.sent, [findingId('c1', A), findingId('c1', D)], selection);
      assert.deepEqual(unknown.unknown, [findingId('c1', B)], selection);
    }
  });
});

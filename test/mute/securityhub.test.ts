/**
 * A muted finding is never shown as active in Security Hub: it is sent with `RecordState`
 * ARCHIVED (a provider may update it on every import; `Workflow` it may not touch after
 * creation), and an un-muted one becomes ACTIVE again.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Muted } from '../../src/model/results.js';
import type { Report, ReportResult } from '../../src/report/model.js';
import { buildFindings, findingId } from '../../src/securityhub/asff.js';
import { importFindings, type ImportOptions } from '../../src/securityhub/importer.js';
import { decideArchives, decideSends, previousFromReport, runScope } from '../../src/securityhub/reconcile.js';
import { FakeHub, hub } from '../securityhub/fake-hub.js';
import { EU, report, result, stageArn } from '../securityhub/fixtures.js';

const MUTE: Muted = { rule: 'accepted', reason: 'Public by design.', owner: 'platform@example.com', expires: '2027-06-30' };
const A = stageArn(EU, 'a');
const B = stageArn(EU, 'b');

function muted(r: ReportResult, mute: Muted = MUTE): ReportResult {
  return { ...r, muted: mute };
}

const DAY_1 = new Date('2026-11-02T08:00:00.000Z');
const DAY_2 = new Date('2026-11-03T08:00:00.000Z');
const DAY_3 = new Date('2026-11-04T08:00:00.000Z');

function collectedOn(day: Date, results: ReportResult[]): Report {
  return report(results, { regions: [EU], collectedAt: day.toISOString(), generatedAt: day.toISOString() });
}

describe('a muted finding in ASFF', () => {
  it('is ARCHIVED with its compliance kept and the rule in the product fields; Workflow is never written', () => {
    const [planned] = buildFindings(report([muted(result('c1', A, 'FAIL'))]), { now: DAY_1 });
    assert.equal(planned!.finding.RecordState, 'ARCHIVED');
    assert.equal(planned!.finding.Compliance?.Status, 'FAILED');
    assert.equal(planned!.finding.Workflow, undefined);
    assert.equal(planned!.muted, true);
    assert.deepEqual(
      Object.fromEntries(Object.entries(planned!.finding.ProductFields ?? {}).filter(([key]) => key.startsWith('apiposture/Mute'))),
      {
        'apiposture/MutedBy': 'accepted',
        'apiposture/MuteReason': 'Public by design.',
        'apiposture/MuteOwner': 'platform@example.com',
        'apiposture/MuteExpires': '2027-06-30',
      },
    );
  });

  it('an unmuted finding stays ACTIVE and carries no mute field', () => {
    const [planned] = buildFindings(report([result('c1', A, 'FAIL')]), { now: DAY_1 });
    assert.equal(planned!.finding.RecordState, 'ACTIVE');
    assert.equal(planned!.muted, undefined);
    assert.ok(!Object.keys(planned!.finding.ProductFields ?? {}).some((key) => key.startsWith('apiposture/Mute')));
  });

  it('is produced by the run, so the archiving of gone findings leaves it alone', () => {
    const earlier = previousFromReport(report([result('c1', A, 'FAIL')]));
    const now = report([muted(result('c1', A, 'FAIL'))]);
    const produced = new Set(buildFindings(now, { now: DAY_2 }).map((p) => `${p.account}|${p.region}|${p.finding.Id}`));
    assert.deepEqual(decideArchives(earlier, runScope(now), produced).map((d) => d.reason), ['produced']);
  });

  it('a previous report rebuilds it as ARCHIVED, as the import left it', () => {
    const [previous] = previousFromReport(report([muted(result('c1', A, 'FAIL'))]));
    assert.equal(previous!.recordState, 'ARCHIVED');
  });

  it('under --security-hub-findings failed, is sent only to archive an active earlier finding', () => {
    const now = report([muted(result('c1', A, 'FAIL')), muted(result('c1', B, 'FAIL'))]);
    const planned = buildFindings(now, { now: DAY_2 });
    const earlier = previousFromReport(report([result('c1', A, 'FAIL')]));
    const decisions = decideSends(planned, {
      selection: 'failed',
      earlier: (place, id) => earlier.find((p) => p.region === place.region && p.id === id),
      knows: () => true,
    });
    assert.deepEqual(
      decisions.map((d) => [d.planned.finding.Id, d.send]),
      [
        [findingId('c1', A), true],
        [findingId('c1', B), false],
      ],
    );
  });
});

describe('muting and un-muting against Security Hub (mocked)', () => {
  let fake: FakeHub;
  beforeEach(() => {
    fake = new FakeHub();
  });
  afterEach(() => hub.reset());

  function run(r: Report, now: Date, options: Partial<ImportOptions> = {}) {
    return importFindings({ report: r, clientFor: fake.clientFor, now: () => now, clock: () => 0, sleep: async () => {}, ...options });
  }

  it('an active failure is archived once muted, and ACTIVE again once the rule is gone', async () => {
    await run(collectedOn(DAY_1, [result('c1', A, 'FAIL')]), DAY_1);
    assert.equal(fake.get(EU, findingId('c1', A))?.RecordState, 'ACTIVE');

    await run(collectedOn(DAY_2, [muted(result('c1', A, 'FAIL'))]), DAY_2);
    assert.equal(fake.get(EU, findingId('c1', A))?.RecordState, 'ARCHIVED');
    assert.equal(fake.get(EU, findingId('c1', A))?.Compliance?.Status, 'FAILED');

    const summary = await run(collectedOn(DAY_3, [result('c1', A, 'FAIL')]), DAY_3);
    const stored = fake.get(EU, findingId('c1', A));
    assert.equal(stored?.RecordState, 'ACTIVE');
    assert.equal(stored?.ProductFields?.['apiposture/MutedBy'], undefined);
    assert.equal(summary.complete, true);
  });

  it('under failed, a fixed finding whose mute was lifted returns as ACTIVE PASSED', async () => {
    await run(collectedOn(DAY_1, [result('c1', A, 'FAIL')]), DAY_1, { findings: 'failed' });
    await run(collectedOn(DAY_2, [muted(result('c1', A, 'FAIL'))]), DAY_2, { findings: 'failed' });
    assert.equal(fake.get(EU, findingId('c1', A))?.RecordState, 'ARCHIVED');
    await run(collectedOn(DAY_3, [result('c1', A, 'PASS')]), DAY_3, { findings: 'failed' });
    assert.equal(fake.get(EU, findingId('c1', A))?.RecordState, 'ACTIVE');
    assert.equal(fake.get(EU, findingId('c1', A))?.Compliance?.Status, 'PASSED');
  });

  it('a muted ERROR archives the earlier failure as it was (still FAILED), and un-muted the failure comes back, not NOT_AVAILABLE', async () => {
    await run(collectedOn(DAY_1, [result('c1', A, 'FAIL')]), DAY_1);

    const second = await run(collectedOn(DAY_2, [muted(result('c1', A, 'ERROR'))]), DAY_2);
    let stored = fake.get(EU, findingId('c1', A));
    assert.equal(stored?.RecordState, 'ARCHIVED');
    assert.equal(stored?.Compliance?.Status, 'FAILED', 'the failure is not replaced by NOT_AVAILABLE');
    assert.equal(stored?.ProductFields?.['apiposture/MutedBy'], 'accepted');
    assert.equal(second.keptFailures, 0);

    await run(collectedOn(DAY_3, [result('c1', A, 'ERROR')]), DAY_3);
    stored = fake.get(EU, findingId('c1', A));
    assert.equal(stored?.RecordState, 'ACTIVE');
    assert.equal(stored?.Compliance?.Status, 'FAILED');
    assert.equal(stored?.ProductFields?.['apiposture/MutedBy'], undefined);
  });

  it('a muted ERROR over a finding already archived by the mute leaves it as it is', async () => {
    await run(collectedOn(DAY_1, [muted(result('c1', A, 'FAIL'))]), DAY_1);
    const before = structuredClone(fake.get(EU, findingId('c1', A)));
    const imports = fake.imports.length;
    const summary = await run(collectedOn(DAY_2, [muted(result('c1', A, 'ERROR'))]), DAY_2);
    assert.equal(fake.imports.length, imports, 'nothing sent');
    assert.deepEqual(fake.get(EU, findingId('c1', A)), before);
    assert.equal(summary.keptFailures, 1);
  });
});

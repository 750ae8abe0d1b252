/** `merge --mute-file`: the rules are applied to every account's results before the organisation is scored. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { allChecks } from '../../checks/index.js';
import { subsumptionTable } from '../../src/engine/scoring.js';
import { EXIT } from '../../src/exit-codes.js';
import type { Inventory } from '../../src/inventory/schema.js';
import type { MuteList } from '../../src/mute/schema.js';
import { mergeReports, organisationReportSchema, type MergeSource } from '../../src/report/merge.js';
import { muteReports } from '../../src/report/mutes.js';
import { evaluateInventory, exitCodeFor } from '../../src/scan/evaluate.js';

const DEMO_TEXT = readFileSync(new URL('../../examples/demo-inventory.json', import.meta.url), 'utf8');
const DEMO_ACCOUNT = (JSON.parse(DEMO_TEXT) as Inventory).account.id;
const A = '111111111111';
const B = '222222222222';
const NOW = new Date('2026-12-06T10:00:00.000Z');
const OPTIONS = { generatedAt: NOW.toISOString(), toolVersion: '0.0.0-test' };
const SUBSUMES = subsumptionTable(allChecks);

function source(account: string, generatedAt = '2026-12-01T12:00:00.000Z', mutes?: MuteList): MergeSource {
  const inventory = JSON.parse(DEMO_TEXT.replaceAll(DEMO_ACCOUNT, account)) as Inventory;
  return { file: `${account}-${generatedAt}.json`, report: evaluateInventory(inventory, mutes ? { mutes } : {}, new Date(generatedAt)) };
}

/** Mutes every critical failure of account A: its exit code and grade change, B's do not. */
const LIST: MuteList = {
  source: 'org-mutes.yaml',
  rules: [
    { id: 'a-public-apis', reason: 'partner APIs, accepted', owner: 'sec@example.com', accounts: [A], checks: ['*-public-unauthenticated', '*-deployment-drift', 'iam-api-wildcards', 'lambda-*', 'cognito-identity-pool-guest-access'] },
    { id: 'stale', reason: 'gone', owner: 'sec@example.com', regions: ['ap-south-1'] },
    { id: 'not-merged', reason: 'another account', owner: 'sec@example.com', accounts: ['333333333333'] },
    { id: 'tagged', reason: 'crm', owner: 'crm@example.com', tags: { team: 'crm' } },
  ],
};

describe('merge with a mute file', () => {
  const sources = [source(A), source(B)];
  const muted = muteReports(sources, LIST, NOW, SUBSUMES);
  const plain = mergeReports(sources, OPTIONS);
  const merged = mergeReports(muted, OPTIONS);
  const account = (report: typeof merged, id: string) => report.accounts.find((a) => a.account === id)!;

  it('muted failures leave the account scores, failure counts and totals', () => {
    assert.equal(account(plain, A).criticalFailures, account(plain, B).criticalFailures);
    assert.equal(account(merged, A).criticalFailures, 0);
    assert.equal(account(merged, B).criticalFailures, account(plain, B).criticalFailures);
    assert.notEqual(account(merged, A).risk, 'critical-failure');
    assert.equal(account(merged, B).risk, 'critical-failure');
    assert.equal(merged.totals.failuresBySeverity.critical, plain.totals.failuresBySeverity.critical - account(plain, A).criticalFailures);
    assert.ok(merged.apis.filter((api) => api.account === A).every((api) => api.failedBySeverity.critical === 0));
  });

  it('the per-account exit codes (which decide merge’s) see the mutes', () => {
    assert.equal(exitCodeFor(muted[0]!.report, 'critical'), EXIT.INCOMPLETE, 'the demo account still has its collection gaps');
    assert.equal(exitCodeFor(muted[1]!.report, 'critical'), EXIT.FINDINGS);
  });

  it('the organisation report says what each rule did over all accounts; tag rules are skipped', () => {
    assert.deepEqual(
      merged.mutes?.rules.map((r) => [r.id, r.state]),
      [
        ['a-public-apis', 'applied'],
        ['stale', 'unmatched'],
        ['not-merged', 'other-account'],
        ['tagged', 'skipped'],
      ],
    );
    const mutedInA = muted[0]!.report.results.filter((r) => r.muted !== undefined).length;
    assert.ok(mutedInA >= account(plain, A).criticalFailures, 'its passes too');
    assert.equal(merged.mutes?.muted, mutedInA);
    assert.ok(muted[1]!.report.results.every((r) => r.muted === undefined));
    assert.equal(plain.mutes, undefined);
    assert.doesNotThrow(() => organisationReportSchema.parse(JSON.parse(JSON.stringify(merged))));
  });

  it('results muted by the account’s own scan stay muted (the tag rule applied there)', () => {
    const scanned = source(A, '2026-12-01T12:00:00.000Z', { source: 'm.yaml', rules: [LIST.rules[3]!] });
    assert.ok(scanned.report.results.some((r) => r.muted?.rule === 'tagged'));
    const [again] = muteReports([scanned], LIST, NOW, SUBSUMES);
    assert.ok(again!.report.results.some((r) => r.muted?.rule === 'tagged'));
  });

  it('a superseded report of the same account is not counted', () => {
    const twice = muteReports([source(A, '2026-11-01T12:00:00.000Z'), source(A)], LIST, NOW, SUBSUMES);
    const report = mergeReports(twice, OPTIONS);
    assert.equal(report.mutes?.rules[0]!.muted, merged.mutes?.rules[0]!.muted);
  });
});

/** Change states across two snapshots of one account: src/changes/compare.ts. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changeLists, isNewFailure, withChanges } from '../../src/changes/compare.js';
import { InputError } from '../../src/errors.js';
import { findingId } from '../../src/model/finding-id.js';
import { parseReport, REPORT_SCHEMA_VERSION, type Report, type ReportResult } from '../../src/report/model.js';
import { findingId as asffFindingId } from '../../src/securityhub/asff.js';
import { EU, US, check, report, result, stageArn } from '../securityhub/fixtures.js';

const A = stageArn(EU, 'aaaaaaaaaa');
const B = stageArn(EU, 'bbbbbbbbbb');
const C = stageArn(EU, 'cccccccccc');
const D = stageArn(US, 'dddddddddd');
const YESTERDAY = { collectedAt: '2026-10-31T12:00:00.000Z', generatedAt: '2026-10-31T12:01:00.000Z' };

function compare(before: ReportResult[], now: ReportResult[], options: Parameters<typeof report>[1] = {}): Report {
  return withChanges(report(now, options), { report: report(before, YESTERDAY), source: 'yesterday.json' });
}

function stateOf(compared: Report, checkId: string, arn: string): string | undefined {
  const found = compared.results.filter((r) => r.checkId === checkId && r.resource.arn === arn);
  assert.equal(found.length, 1, `one result for ${checkId} on ${arn}`);
  return found[0]!.change;
}

function muted(r: ReportResult): ReportResult {
  return { ...r, muted: { rule: 'r1', reason: 'accepted until the migration', owner: 'team-a' } } as ReportResult;
}

describe('change states', () => {
  it('new, still failing, regressed, fixed; an unchanged pass has none', () => {
    const compared = compare(
      [result('c1', A, 'FAIL'), result('c1', B, 'PASS'), result('c2', A, 'FAIL'), result('c2', B, 'PASS'), result('c3', A, 'FAIL')],
      [result('c1', A, 'FAIL'), result('c1', B, 'FAIL'), result('c2', A, 'PASS'), result('c2', B, 'PASS'), result('c3', A, 'NOT_APPLICABLE'), result('c1', C, 'FAIL')],
    );
    assert.equal(stateOf(compared, 'c1', A), 'still-failing');
    assert.equal(stateOf(compared, 'c1', B), 'regressed');
    assert.equal(stateOf(compared, 'c2', A), 'fixed');
    assert.equal(stateOf(compared, 'c2', B), undefined);
    assert.equal(stateOf(compared, 'c3', A), 'fixed', 'a failure that no longer applies is fixed');
    assert.equal(stateOf(compared, 'c1', C), 'new', 'a resource that is new fails for the first time');
    assert.deepEqual(compared.changes?.counts, { new: 1, regressed: 1, 'still-failing': 1, fixed: 2, gone: 0, 'newly-muted': 0 });
    assert.deepEqual(compared.changes?.previous, { source: 'yesterday.json', ...YESTERDAY });
    assert.deepEqual(
      compared.changes?.fixed.map((f) => [f.checkId, f.resource.arn, f.status, f.gone]),
      [['c2', A, 'PASS', false], ['c3', A, 'NOT_APPLICABLE', false]],
    );
  });

  it('a failure that could not be evaluated before is new; one that cannot be evaluated now is neither fixed nor failing', () => {
    const compared = compare([result('c1', A, 'ERROR'), result('c1', B, 'FAIL')], [result('c1', A, 'FAIL'), result('c1', B, 'ERROR')]);
    assert.equal(stateOf(compared, 'c1', A), 'new');
    assert.equal(stateOf(compared, 'c1', B), undefined);
    assert.equal(compared.changes?.counts.fixed, 0);
  });

  it('a renamed API or stage keeps its match: the id is the check and the ARN, not the display name', () => {
    const compared = compare(
      [result('c1', A, 'FAIL', { name: 'orders/prod' }), result('c2', A, 'PASS', { name: 'orders/prod' })],
      [result('c1', A, 'FAIL', { name: 'orders-api/prod' }), result('c2', A, 'FAIL', { name: 'orders-api/prod' })],
    );
    assert.equal(stateOf(compared, 'c1', A), 'still-failing');
    assert.equal(stateOf(compared, 'c2', A), 'regressed');
    assert.equal(compared.changes?.counts.new, 0);
  });

  it('a failure whose resource is gone is listed as fixed and gone, where this run looked', () => {
    const compared = compare(
      [result('c1', A, 'FAIL'), result('c1', B, 'FAIL', { severity: 'critical' }), result('c1', D, 'FAIL'), result('old-check', A, 'FAIL')],
      [result('c1', A, 'FAIL')],
      { regions: [EU], checks: [check('c1')] },
    );
    assert.deepEqual(
      compared.changes?.fixed.map((f) => [f.resource.arn, f.gone, f.status, f.severity, f.message]),
      [[B, true, undefined, 'critical', `c1 is FAIL on ${B}.`]],
      'us-east-1 was not scanned and old-check did not run: neither is claimed gone',
    );
    assert.deepEqual(compared.changes?.counts, { new: 0, regressed: 0, 'still-failing': 1, fixed: 1, gone: 1, 'newly-muted': 0 });
  });

  it('nothing is claimed gone in a region whose collection failed this time', () => {
    const now = report([result('c1', A, 'PASS')], { regions: [EU] });
    now.collectionErrors = [{ service: 'apigateway', operation: 'GetRestApis', region: EU, resource: EU, code: 'AccessDeniedException', message: 'denied' }];
    const compared = withChanges(now, { report: report([result('c1', B, 'FAIL')], YESTERDAY), source: 'y.json' });
    assert.deepEqual(compared.changes?.fixed, []);
  });

  it('a check renamed with `replaces` keeps its findings', () => {
    const compared = compare([result('old-id', A, 'FAIL'), result('old-id', B, 'FAIL')], [result('new-id', A, 'FAIL'), result('new-id', B, 'PASS')], {
      checks: [check('new-id', { replaces: ['old-id'] })],
    });
    assert.equal(stateOf(compared, 'new-id', A), 'still-failing');
    assert.equal(stateOf(compared, 'new-id', B), 'fixed');
  });

  it('newly muted: muted now and not before, whatever it was; muted before and now follows the verdict', () => {
    const compared = compare(
      [result('c1', A, 'FAIL'), muted(result('c1', B, 'FAIL')), result('c1', C, 'PASS')],
      [muted(result('c1', A, 'FAIL')), muted(result('c1', B, 'FAIL')), muted(result('c1', C, 'FAIL'))],
    );
    assert.equal(stateOf(compared, 'c1', A), 'newly-muted');
    assert.equal(stateOf(compared, 'c1', B), 'still-failing');
    assert.equal(stateOf(compared, 'c1', C), 'newly-muted');
    assert.equal(compared.changes?.counts['newly-muted'], 2);
    assert.equal(compared.results.filter(isNewFailure).length, 0, 'a muted failure never gates --fail-on-new');
  });

  it('reads a malformed `muted` as not muted', () => {
    const odd = { ...result('c1', A, 'FAIL'), muted: 'yes' } as unknown as ReportResult;
    assert.equal(stateOf(compare([], [odd]), 'c1', A), 'new');
  });

  it('several results for one id: the id fails when any fails', () => {
    const twice = (status: 'PASS' | 'FAIL', messageId: string) => ({ ...result('c1', A, status), messageId });
    const compared = compare([twice('FAIL', 'x')], [twice('FAIL', 'x'), twice('PASS', 'y')]);
    assert.deepEqual(compared.results.map((r) => r.change), ['still-failing', undefined]);
    assert.equal(compared.changes?.counts.fixed, 0);
  });

  it('every result carries its id, the Security Hub finding id, and accountResults carry the same states', () => {
    const account = result('acct', 'arn:aws:iam::123456789012:policy/admin', 'FAIL', { type: 'iam-policy', region: 'global' });
    const now = report([account, result('c1', A, 'FAIL')]);
    now.accountResults = [account];
    const compared = withChanges(now, { report: report([], YESTERDAY), source: 'y.json' });
    assert.equal(compared.results[1]!.id, findingId('c1', A));
    assert.equal(findingId('c1', A), asffFindingId('c1', A));
    assert.equal(compared.accountResults[0]!.change, 'new');
  });

  it('changeLists gives new and regressed gravest first, and the fixed list', () => {
    const compared = compare(
      [result('c1', B, 'PASS'), result('c2', C, 'FAIL')],
      [result('c1', A, 'FAIL', { severity: 'low' }), result('c1', C, 'FAIL', { severity: 'critical' }), result('c1', B, 'FAIL'), result('c2', C, 'PASS')],
    );
    const lists = changeLists(compared);
    assert.deepEqual(lists.new.map((r) => r.severity), ['critical', 'low']);
    assert.deepEqual(lists.regressed.map((r) => r.resource.arn), [B]);
    assert.deepEqual(lists.fixed.map((f) => f.resource.arn), [C]);
  });
});

describe('the previous report is checked', () => {
  it('another account is a one-line input error', () => {
    const other = report([], YESTERDAY);
    other.scan.account = '999999999999';
    assert.throws(
      () => withChanges(report([]), { report: other, source: 'other.json' }),
      (error: unknown) => error instanceof InputError && /--previous-report other\.json is a report of account 999999999999, this run of account 123456789012/.test(error.message),
    );
  });

  it('a report written with --status lists only some results: comparing it is an input error, either side', () => {
    const filtered = report([], YESTERDAY);
    filtered.scan.statusFilter = ['FAIL'];
    assert.throws(
      () => withChanges(report([]), { report: filtered, source: 'failing-only.json' }),
      (error: unknown) => error instanceof InputError && /failing-only\.json lists only FAIL results \(written with --status\)/.test(error.message),
    );
    const current = report([]);
    current.scan.statusFilter = ['FAIL', 'ERROR'];
    assert.throws(() => withChanges(current, { report: report([], YESTERDAY), source: 'full.json' }), /this run lists only FAIL, ERROR results/);
  });

  it('a previous report collected after this one is an error; the same time is not', () => {
    const later = report([], { collectedAt: '2026-11-02T00:00:00.000Z' });
    assert.throws(() => withChanges(report([]), { report: later, source: 'later.json' }), /later\.json was collected at 2026-11-02T00:00:00\.000Z, after this run/);
    assert.doesNotThrow(() => withChanges(report([]), { report: report([]), source: 'same.json' }));
  });

  it('another schema version is refused when read', () => {
    assert.throws(() => parseReport({ ...report([]), schemaVersion: REPORT_SCHEMA_VERSION + 1 }, 'v3.json'), InputError);
  });

  it('a report written before results carried ids gets them when read', () => {
    const old = report([result('c1', A, 'FAIL')]);
    const parsed = parseReport(JSON.parse(JSON.stringify(old)), 'old.json');
    assert.equal(parsed.results[0]!.id, findingId('c1', A));
  });
});

/** `--fail-on-new`: exit 1 only for failures new or regressed since the previous report; the other exit rules stay. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withChanges } from '../../src/changes/compare.js';
import { resolveChangeOptions } from '../../src/cli/change-options.js';
import { EXIT } from '../../src/exit-codes.js';
import type { Report, ReportResult } from '../../src/report/model.js';
import { exitCodeFor } from '../../src/scan/evaluate.js';
import { EU, report, result, stageArn } from '../securityhub/fixtures.js';

const A = stageArn(EU, 'aaaaaaaaaa');
const B = stageArn(EU, 'bbbbbbbbbb');
const YESTERDAY = { collectedAt: '2026-10-31T12:00:00.000Z', generatedAt: '2026-10-31T12:01:00.000Z' };
const ONLY_NEW = { onlyNew: true };

function compared(before: ReportResult[], now: ReportResult[]): Report {
  return withChanges(report(now, { regions: [EU] }), { report: report(before, YESTERDAY), source: 'y.json' });
}

describe('--fail-on-new', () => {
  it('a failure that was already failing does not fail the run; without the flag it does', () => {
    const run = compared([result('c1', A, 'FAIL')], [result('c1', A, 'FAIL')]);
    assert.equal(exitCodeFor(run, 'high', ONLY_NEW), EXIT.OK);
    assert.equal(exitCodeFor(run, 'high'), EXIT.FINDINGS);
  });

  it('a new or regressed failure at or above --fail-on fails it; below does not', () => {
    assert.equal(exitCodeFor(compared([], [result('c1', A, 'FAIL')]), 'high', ONLY_NEW), EXIT.FINDINGS);
    assert.equal(exitCodeFor(compared([result('c1', A, 'PASS')], [result('c1', A, 'FAIL')]), 'high', ONLY_NEW), EXIT.FINDINGS);
    assert.equal(exitCodeFor(compared([], [result('c1', A, 'FAIL', { severity: 'low' })]), 'high', ONLY_NEW), EXIT.OK);
    assert.equal(exitCodeFor(compared([], [result('c1', A, 'FAIL')]), 'none', ONLY_NEW), EXIT.OK);
  });

  it('a newly muted failure never fails it', () => {
    const mutedNow = { ...result('c1', A, 'FAIL'), muted: { rule: 'r', reason: 'accepted', owner: 'me' } } as ReportResult;
    assert.equal(exitCodeFor(compared([], [mutedNow]), 'info', ONLY_NEW), EXIT.OK);
  });

  it('findings still win over an incomplete scan (1), and an old failure with an ERROR is incomplete (3)', () => {
    assert.equal(exitCodeFor(compared([], [result('c1', A, 'FAIL'), result('c1', B, 'ERROR')]), 'high', ONLY_NEW), EXIT.FINDINGS);
    assert.equal(exitCodeFor(compared([result('c1', A, 'FAIL')], [result('c1', A, 'FAIL'), result('c1', B, 'ERROR')]), 'high', ONLY_NEW), EXIT.INCOMPLETE);
  });

  it('with no previous report found (a first run of --previous-report latest) every failure is new', () => {
    assert.equal(exitCodeFor(report([result('c1', A, 'FAIL')]), 'high', ONLY_NEW), EXIT.FINDINGS);
  });

  it('needs --previous-report (flag or APIPOSTURE_FAIL_ON_NEW)', () => {
    assert.throws(() => resolveChangeOptions({ failOnNew: true }, {}), /--fail-on-new needs --previous-report/);
    assert.throws(() => resolveChangeOptions({}, { APIPOSTURE_FAIL_ON_NEW: 'true' }), /--fail-on-new needs --previous-report/);
    assert.deepEqual(resolveChangeOptions({ previousReport: 'latest' }, { APIPOSTURE_FAIL_ON_NEW: 'true' }), {
      previousReport: { kind: 'latest' },
      failOnNew: true,
    });
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderSummaryTable } from '../../src/report/summary.js';
import { restApi, stage, withRestApis } from '../fixtures/builders.js';
import { adminPolicyReport, cleanInventory, hostileReport, reportFor } from './fixture.js';

const ESC = '\u001b';

describe('renderSummaryTable', () => {
  const report = hostileReport();
  const text = renderSummaryTable(report, { color: false });
  const lines = text.split('\n');

  it('lists APIs worst first under a header', () => {
    assert.match(lines[0]!, /^Grade\s+Score\s+Crit\s+High\s+Med\s+Low\s+Err\s+API\s+Region$/);
    assert.match(lines[1]!, /^F\s+9\s+1\s+0\s+0\s+0\s+0\s+orders-api\s+eu-west-1$/);
    assert.match(lines[2]!, /^A\s+91\s+0\s+0\s+0\s+2\s+0\s+<script>alert\(1\)<\/script>\s+eu-west-1$/);
    assert.match(lines[4]!, /^A\*\s+100\s+0\s+0\s+0\s+0\s+1\s+payments\\u202Egnp\.exe\\u2066\s+eu-west-1$/);
  });

  it('ends with totals and says the scan is incomplete', () => {
    assert.equal(
      lines.at(-2),
      'Totals: 4 APIs; failures: 1 critical, 0 high, 0 medium, 2 low; 3 not evaluated; grades: A 3, B 0, C 0, D 0, F 1, N/A 0',
    );
    assert.match(lines.at(-1)!, /^Scan INCOMPLETE: 2 collection errors, 3 results not evaluated/);
    assert.ok(!text.endsWith('\n'));
  });

  it('lists account-level critical findings, which belong to no API row, and counts them in the totals', () => {
    const out = renderSummaryTable(adminPolicyReport(), { color: false }).split('\n');
    const at = out.indexOf('Critical findings outside any API (1):');
    assert.ok(at > 0, out.join('\n'));
    assert.equal(
      out[at + 1],
      '  iam-api-wildcards  ops-admin/break-glass (inline): Policy ops-admin/break-glass (inline) allows every action on every resource.',
    );
    assert.match(out.at(-2)!, /^Totals: 1 API; failures: 2 critical \(1 outside any API\), 0 high/);
  });

  it('says when the scan is complete', () => {
    assert.match(renderSummaryTable(reportFor(cleanInventory()), { color: false }), /\nScan complete: /);
  });

  it('stops after the limit', () => {
    const limited = renderSummaryTable(report, { color: false, limit: 2 }).split('\n');
    assert.equal(limited.length, 1 + 2 + 1 + 1 + 1 + 3);
    assert.equal(limited[3], '… and 2 more');
    assert.match(limited[4]!, /^Ranked by risk: critical failures, then high failures/, 'the order is explained');
    assert.match(limited[5]!, /^\* incomplete: .*a critical one caps the grade at D/, 'the incomplete marker is explained');
  });

  it('uses colour only when asked', () => {
    assert.ok(!text.includes(ESC));
    assert.ok(renderSummaryTable(report, { color: true }).includes(`${ESC}[31mF    ${ESC}[0m`));
  });

  it('cannot be used to send escape sequences to the terminal', () => {
    const hostile = reportFor(withRestApis(restApi({ name: `clear${ESC}[2J\r\u009b31m`, stages: [stage({ tracingEnabled: true })] })));
    const out = renderSummaryTable(hostile, { color: false });
    assert.ok(!out.includes(ESC));
    assert.ok(!out.includes('\r'));
    assert.ok(out.includes('clear\\u001B[2J\\u000D\\u009B31m'));
  });

  it('keeps long names to a fixed width', () => {
    const long = reportFor(withRestApis(restApi({ name: 'x'.repeat(80), stages: [stage({ tracingEnabled: true })] })));
    const row = renderSummaryTable(long, { color: false }).split('\n')[1]!;
    assert.match(row, / x{39}… +eu-west-1$/);
  });

  it('handles an account with no APIs', () => {
    assert.match(renderSummaryTable(reportFor(withRestApis()), { color: false }), /^No APIs found\.\n/);
  });
});

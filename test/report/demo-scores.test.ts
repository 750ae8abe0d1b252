/**
 * The demo account's scores and ranking tell the truth. Other checks' verdicts move the demo's
 * numbers, so these assertions hold for any verdicts of those checks: they are about how the
 * scoring treats what the demo contains (denied calls, open APIs, an `Allow *:*` policy).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { evaluateInventory } from '../../src/scan/evaluate.js';
import { RISK_TIERS } from '../../src/engine/scoring.js';
import { parseInventory } from '../../src/inventory/io.js';
import { renderHtml } from '../../src/report/html.js';
import { renderSummaryTable } from '../../src/report/summary.js';

const DEMO = new URL('../../examples/demo-inventory.json', import.meta.url);
const report = evaluateInventory(parseInventory(JSON.parse(readFileSync(DEMO, 'utf8')), 'demo'), {}, new Date('2026-11-01T12:30:00Z'));
const entry = (name: string) => report.apis.find((a) => a.api.name === name)!;
const position = (name: string) => report.apis.findIndex((a) => a.api.name === name);
const EXPOSURE = ['rest-api-public-unauthenticated', 'v2-api-public-unauthenticated'];

describe('the demo’s scores and ranking', () => {
  it('analytics-api, whose stages could not be read, cannot grade above D and says why', () => {
    const analytics = entry('analytics-api');
    assert.equal(analytics.incomplete, true);
    assert.ok(['D', 'F', 'N/A'].includes(analytics.grade), `graded ${analytics.grade}`);
    assert.ok(analytics.unevaluatedBySeverity!.critical >= 1, 'its critical exposure check could not run');
    // Ranked at least with the blind spots: a high failure found by another check would rank it higher still.
    assert.ok(RISK_TIERS.indexOf(analytics.risk!) <= RISK_TIERS.indexOf('critical-unevaluated'), analytics.risk);
  });

  it('every publicly exposed API ranks above every API without a critical or high failure', () => {
    const exposed = report.apis.filter((a) => a.criticalFailures.some((id) => EXPOSURE.includes(id)));
    assert.ok(exposed.length >= 3, 'the demo has open APIs');
    const lastExposed = Math.max(...exposed.map((a) => position(a.api.name)));
    const hygieneOnly = report.apis.filter((a) => a.risk === 'other');
    assert.ok(hygieneOnly.length > 0);
    for (const api of hygieneOnly) assert.ok(position(api.api.name) > lastExposed, `${api.api.name} ranks above an exposed API`);
    assert.ok(position('analytics-api') < Math.min(...hygieneOnly.map((a) => position(a.api.name))));
  });

  it('is ranked by risk tier throughout', () => {
    const tiers = report.apis.map((a) => RISK_TIERS.indexOf(a.risk!));
    assert.deepEqual(tiers, [...tiers].sort((a, b) => a - b));
  });

  it('shows the account-level Allow *:* policy as critical in the HTML card and the stdout summary', () => {
    const admin = report.accountResults.find((r) => r.checkId === 'iam-api-wildcards' && r.status === 'FAIL' && r.severity === 'critical');
    assert.ok(admin, 'the demo has an admin policy');
    const page = renderHtml(report);
    const card = page.slice(page.indexOf('<h2>Critical findings</h2>'), page.indexOf('</section>', page.indexOf('<h2>Critical findings</h2>')));
    assert.ok(card.includes('<a href="#account">Account 123456789012</a>'), card);
    assert.ok(page.includes('<article class="finding FAIL" data-status="FAIL" data-severity="critical" data-check="iam-api-wildcards">'));
    const text = renderSummaryTable(report, { color: false });
    assert.match(text, /Critical findings outside any API \(\d+\):\n {2}iam-api-wildcards {2}ops-admin\/break-glass/);
  });
});

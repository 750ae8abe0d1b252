/**
 * Muted results in the report built from a snapshot: kept with their status, counted apart, in
 * no score, grade cap, risk tier or exit code; a muted ERROR still leaves the scan incomplete.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { EXIT } from '../../src/exit-codes.js';
import { parseInventory } from '../../src/inventory/io.js';
import { scoreApi } from '../../src/engine/scoring.js';
import type { CheckResult, Muted } from '../../src/model/results.js';
import type { MuteList, MuteRule } from '../../src/mute/schema.js';
import { derivedCompleteness } from '../../src/report/completeness.js';
import { renderHtml } from '../../src/report/html.js';
import { parseReport, type Report } from '../../src/report/model.js';
import { renderSummaryTable } from '../../src/report/summary.js';
import { evaluateInventory, exitCodeFor } from '../../src/scan/evaluate.js';
import { report as handMade, result, stageArn, EU } from '../securityhub/fixtures.js';

const demo = parseInventory(JSON.parse(readFileSync(new URL('../../examples/demo-inventory.json', import.meta.url), 'utf8')) as unknown, 'demo');
const GENERATED = new Date('2026-12-06T10:00:00.000Z');
const MUTE: Muted = { rule: 'accepted', reason: 'accepted', owner: 'o' };

function rule(matchers: Partial<MuteRule>, id = 'r'): MuteRule {
  return { id, reason: `reason of ${id}`, owner: 'owner@example.com', ...matchers };
}

function evaluate(rules?: MuteRule[]): Report {
  const mutes: MuteList | undefined = rules && { source: 'mutes.yaml', rules };
  return evaluateInventory(demo, mutes ? { mutes } : {}, GENERATED);
}

const plain = evaluate();
const api = (report: Report, name: string) => report.apis.find((a) => a.api.name === name)!;

describe('scores leave muted results out', () => {
  it('one muted high failure: the API is no longer capped at C nor in the high-failure tier', () => {
    const before = api(plain, 'public-status');
    assert.deepEqual([before.grade, before.risk, before.failedBySeverity.high], ['C', 'high-failure', 1]);
    const muted = evaluate([rule({ checks: ['rest-method-authorization'], resources: ['public-status'] })]);
    const after = api(muted, 'public-status');
    assert.equal(after.risk, 'other');
    assert.equal(after.gradeCappedBy, null);
    assert.equal(after.failedBySeverity.high, 0);
    assert.equal(after.counts.FAIL, before.counts.FAIL - 1);
    assert.equal(after.muted, 1);
    assert.ok(after.score! > before.score!);
    const kept = muted.results.find((r) => r.checkId === 'rest-method-authorization' && r.resource.name === 'public-status')!;
    assert.equal(kept.status, 'FAIL', 'the verdict is kept');
    assert.equal(kept.muted?.rule, 'r');
  });

  it('the summary counts muted results apart, and only with a mute file', () => {
    assert.equal(plain.summary.muted, undefined);
    assert.equal(plain.mutes, undefined);
    const muted = evaluate([rule({ checks: ['rest-method-authorization'], resources: ['public-status'] })]);
    assert.deepEqual(muted.summary.muted, { PASS: 0, FAIL: 1, NOT_APPLICABLE: 0, ERROR: 0 });
    assert.equal(muted.summary.results.FAIL, plain.summary.results.FAIL - 1);
    assert.equal(muted.summary.failuresBySeverity.high, plain.summary.failuresBySeverity.high - 1);
    assert.equal(muted.mutes?.muted, 1);
  });

  it('a muted critical account-level failure caps nothing and leaves the critical list', () => {
    const muted = evaluate([rule({ checks: ['iam-api-wildcards'], resources: ['ops-admin/*'] })]);
    assert.equal(muted.summary.failuresBySeverity.critical, plain.summary.failuresBySeverity.critical - 1);
    assert.doesNotMatch(renderSummaryTable(muted, { color: false }), /Critical findings outside any API/);
    assert.match(renderSummaryTable(plain, { color: false }), /Critical findings outside any API/);
  });

  it('a muted ERROR lifts its grade cap and risk tier, but the API stays incomplete', () => {
    const scored = scoreApi(plain.apis[0]!.api, [{ ...result('c1', stageArn(EU, 'a'), 'ERROR', { severity: 'critical' }), muted: MUTE }, result('c2', stageArn(EU, 'a'), 'PASS')], {});
    assert.deepEqual([scored.grade, scored.risk, scored.gradeCappedBy, scored.incomplete, scored.counts.ERROR], ['A', 'other', null, true, 0]);
  });

  it('the report still parses against its schema', () => {
    const muted = evaluate([rule({ regions: ['us-east-1'] })]);
    assert.deepEqual(parseReport(JSON.parse(JSON.stringify(muted)), 'r').mutes, muted.mutes);
  });
});

describe('exit codes leave muted failures out, but not muted ERRORs', () => {
  const failing = (mute?: Muted): CheckResult => ({ ...result('c1', stageArn(EU, 'a'), 'FAIL', { severity: 'critical' }), ...(mute ? { muted: mute } : {}) });

  it('a muted critical FAIL does not make exit 1', () => {
    assert.equal(exitCodeFor(handMade([failing()], { regions: [EU] }), 'high'), EXIT.FINDINGS);
    assert.equal(exitCodeFor(handMade([failing(MUTE)], { regions: [EU] }), 'high'), EXIT.OK);
  });

  it('a muted ERROR still makes the scan incomplete (exit 3): muting accepts a risk, not missing data', () => {
    const report = handMade([{ ...result('c1', stageArn(EU, 'a'), 'ERROR'), muted: MUTE }], { regions: [EU] });
    assert.equal(derivedCompleteness(report).complete, false);
    assert.equal(exitCodeFor(report, 'high'), EXIT.INCOMPLETE);
  });

  it('from a snapshot: muting the ERRORs of analytics-api leaves scan.complete false', () => {
    const muted = evaluate([rule({ resources: ['analytics-api*'] })]);
    assert.equal(muted.scan.complete, false);
    assert.equal(api(muted, 'analytics-api').incomplete, true);
    assert.ok(muted.summary.muted!.ERROR > 0);
    assert.match(renderSummaryTable(muted, { color: false }), new RegExp(`${plain.summary.results.ERROR} results not evaluated`));
  });
});

describe('the HTML report lists muted findings apart', () => {
  const muted = evaluate([
    rule({ checks: ['rest-method-authorization'], resources: ['public-status'], expires: '2027-06-30' }, 'status-page'),
    rule({ checks: ['rest-stage-waf'], expires: '2026-01-01' }, 'old-waf'),
  ]);
  const page = renderHtml(muted);

  it('a Muted section with rule, reason, owner and expiry, and the rules that expired', () => {
    const section = page.slice(page.indexOf('<section id="muted">'), page.indexOf('</section>', page.indexOf('<section id="muted">')));
    assert.ok(section.length > 0);
    assert.match(section, /status-page/);
    assert.match(section, /reason of status-page/);
    assert.match(section, /owner@example.com/);
    assert.match(section, /2027-06-30/);
    assert.match(section, /old-waf<\/code>.*EXPIRED/s);
  });

  it("in the API's section as MUTED with the reason, not among its failures", () => {
    const start = page.indexOf('<span class="api-name">public-status</span>');
    const section = page.slice(start, page.indexOf('</details>\n', page.indexOf('muted-findings', start)) + 10);
    assert.match(section, /MUTED<\/span>.*reason of status-page/s);
    const failures = section.slice(0, section.indexOf('muted-findings'));
    assert.doesNotMatch(failures, /class="finding FAIL" data-status="FAIL" data-severity="high"/);
  });

  it('no Muted section without a mute file', () => {
    assert.doesNotMatch(renderHtml(plain), /id="muted"/);
  });
});

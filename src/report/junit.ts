/**
 * `--format junit`: JUnit XML for CI dashboards (Jenkins, GitLab, Azure DevOps, GitHub test
 * reporters): one `<testsuite>` per check, one `<testcase>` per check × resource.
 *
 * - FAIL → `<failure>`, ERROR → `<error>`, NOT_APPLICABLE → `<skipped>`, PASS → an empty test
 *   case. A muted result (a mute rule accepted it) is `<skipped>` with the rule: it must not fail
 *   the build, as it does not fail `--fail-on`.
 * - Several results of one check on one resource make one test case, with the worst status
 *   (FAIL, ERROR, PASS, NOT_APPLICABLE) and every message in its text.
 * - Text from the account (names, messages) is escaped, and characters XML 1.0 cannot carry
 *   (control characters other than tab, LF and CR, lone surrogates, U+FFFE, U+FFFF) are removed:
 *   an API named `]]><script>` stays text.
 */
import type { Status } from '../model/results.js';
import type { Report } from './model.js';
import { resultRows, type ResultRow } from './result-rows.js';

/** Characters outside XML 1.0's `Char` production. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text content: escaped, impossible characters removed. */
export function xmlText(value: string): string {
  return value.replace(NOT_XML_CHAR, '').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** An attribute value (in double quotes): as text, with quotes and line breaks kept as references. */
export function xmlAttribute(value: string): string {
  return xmlText(value).replaceAll('"', '&quot;').replaceAll('\t', '&#9;').replaceAll('\n', '&#10;').replaceAll('\r', '&#13;');
}

const STATUS_RANK: Record<Status, number> = { FAIL: 3, ERROR: 2, PASS: 1, NOT_APPLICABLE: 0 };

export type Outcome = 'failure' | 'error' | 'skipped' | 'passed';

export interface TestCase {
  /** Where it sorts in its suite: `resource ARN \0 account`. */
  key: string;
  name: string;
  classname: string;
  outcome: Outcome;
  /** The `message` attribute: the representative result's message. */
  message: string;
  /** The `type` attribute: the severity of a failure, the error kind, why it was skipped. */
  type: string;
  /** The element's text: every result's message, the resource and the remediation. */
  detail: string;
}

export interface TestSuite {
  checkId: string;
  title: string;
  severity: string;
  cases: TestCase[];
}

/** The result standing for the group: unmuted before muted, then the worst status. */
function representative(rows: readonly ResultRow[]): ResultRow {
  return rows.reduce((best, row) => {
    const mutedOrder = Number(row.result.muted === undefined) - Number(best.result.muted === undefined);
    if (mutedOrder !== 0) return mutedOrder > 0 ? row : best;
    return STATUS_RANK[row.result.status] > STATUS_RANK[best.result.status] ? row : best;
  });
}

function outcomeOf(row: ResultRow): { outcome: Outcome; type: string } {
  const { result } = row;
  if (result.muted !== undefined) return { outcome: 'skipped', type: 'muted' };
  switch (result.status) {
    case 'FAIL':
      return { outcome: 'failure', type: result.severity };
    case 'ERROR':
      return { outcome: 'error', type: result.error?.kind ?? 'error' };
    case 'NOT_APPLICABLE':
      return { outcome: 'skipped', type: 'not-applicable' };
    case 'PASS':
      return { outcome: 'passed', type: '' };
  }
}

function caseOf(key: string, rows: readonly ResultRow[]): TestCase {
  const chosen = representative(rows);
  const { result, check } = chosen;
  const { outcome, type } = outcomeOf(chosen);
  const muted = result.muted;
  const message = muted ? `muted by ${muted.rule} (${muted.owner}): ${muted.reason}` : result.message;
  const lines = [
    ...rows.map((row) => `${row.result.status}: ${row.result.message}`),
    `Resource: ${result.resource.name} (${result.resource.type}, ${result.resource.arn})`,
    ...(check ? [`Remediation: ${check.remediation.text}`] : []),
    ...(check?.remediation.cli ? [`CLI: ${check.remediation.cli}`] : []),
  ];
  return {
    key,
    name: `${result.resource.name} (${result.resource.arn})`,
    classname: result.checkId,
    outcome,
    message,
    type,
    detail: lines.join('\n'),
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Suites by check id, cases by resource ARN (and account, for an organisation). */
export function junitSuites(reports: readonly Report[]): TestSuite[] {
  const byCheck = new Map<string, { suite: Omit<TestSuite, 'cases'>; byResource: Map<string, ResultRow[]> }>();
  for (const row of resultRows(reports)) {
    const { result, check } = row;
    let entry = byCheck.get(result.checkId);
    if (!entry) {
      entry = { suite: { checkId: result.checkId, title: check?.title ?? result.checkId, severity: check?.severity ?? result.severity }, byResource: new Map() };
      byCheck.set(result.checkId, entry);
    }
    const key = `${result.resource.arn}\u0000${row.report.scan.account}`;
    entry.byResource.set(key, [...(entry.byResource.get(key) ?? []), row]);
  }
  return [...byCheck.values()]
    .sort((a, b) => compareText(a.suite.checkId, b.suite.checkId))
    .map(({ suite, byResource }) => ({
      ...suite,
      cases: [...byResource.entries()].sort(([a], [b]) => compareText(a, b)).map(([key, rows]) => caseOf(key, rows)),
    }));
}

/** How many test cases there are, and how many failed, erred and were skipped. */
export interface CaseCounts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

export function caseCounts(cases: readonly { outcome: Outcome }[]): CaseCounts {
  const count = (outcome: Outcome) => cases.filter((c) => c.outcome === outcome).length;
  return { tests: cases.length, failures: count('failure'), errors: count('error'), skipped: count('skipped') };
}

export function addCaseCounts(a: CaseCounts, b: CaseCounts): CaseCounts {
  return { tests: a.tests + b.tests, failures: a.failures + b.failures, errors: a.errors + b.errors, skipped: a.skipped + b.skipped };
}

function counts(c: CaseCounts): string {
  return `tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}"`;
}

export function caseXml(test: TestCase): string {
  const open = `    <testcase classname="${xmlAttribute(test.classname)}" name="${xmlAttribute(test.name)}" time="0"`;
  if (test.outcome === 'passed') return `${open}/>\n`;
  const child = `<${test.outcome} message="${xmlAttribute(test.message)}" type="${xmlAttribute(test.type)}">${xmlText(test.detail)}</${test.outcome}>`;
  return `${open}>\n      ${child}\n    </testcase>\n`;
}

/** A suite's opening tag and properties; its cases follow, then `SUITE_END`. */
export function suiteHead(suite: Pick<TestSuite, 'checkId' | 'title' | 'severity'>, caseCounts: CaseCounts, timestamp: string): string {
  return (
    `  <testsuite name="${xmlAttribute(suite.checkId)}" ${counts(caseCounts)} time="0" timestamp="${xmlAttribute(timestamp)}">\n` +
    `    <properties>\n` +
    `      <property name="title" value="${xmlAttribute(suite.title)}"/>\n` +
    `      <property name="severity" value="${xmlAttribute(suite.severity)}"/>\n` +
    `    </properties>\n`
  );
}

export const SUITE_END = '  </testsuite>\n';

/** The document's start, with the totals; the suites follow, then `JUNIT_END`. */
export function junitHead(totals: CaseCounts): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="apiposture" ${counts(totals)} time="0">\n`;
}

export const JUNIT_END = '</testsuites>\n';

/** The document: `<testsuites>` with the totals, then a suite per check. */
export function* junitChunks(reports: readonly Report[], generatedAt: string): Generator<string> {
  const suites = junitSuites(reports);
  yield junitHead(caseCounts(suites.flatMap((suite) => suite.cases)));
  for (const suite of suites) yield suiteHead(suite, caseCounts(suite.cases), generatedAt) + suite.cases.map(caseXml).join('') + SUITE_END;
  yield JUNIT_END;
}

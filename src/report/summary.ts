/** The short plain-text summary printed to stdout after a scan: worst APIs first, then totals. */
import type { Grade } from '../engine/scoring.js';
import { GRADES, type Report, type ReportApi, type ReportResult } from './model.js';
import { oneLine, plural, truncate } from '../util/text.js';
import { selectionLine } from './selection-text.js';
import { focusedFramework } from './compliance.js';
import { renderComplianceTable } from './compliance-text.js';
import { changesLine } from './changes-text.js';
import { muteSummaryLine } from '../mute/apply.js';

export interface SummaryOptions {
  /** ANSI colours; only for a terminal. */
  color: boolean;
  /** APIs listed before "… and N more". */
  limit?: number;
}

const DEFAULT_LIMIT = 20;
const MAX_NAME_WIDTH = 40;
/** Account-level critical findings listed before "… and N more"; each is one line of at most this width. */
const MAX_ACCOUNT_CRITICAL = 10;
const MAX_FINDING_WIDTH = 160;

const ANSI = { red: '31', green: '32', yellow: '33', dim: '2', bold: '1' } as const;
type Tone = keyof typeof ANSI;

const GRADE_TONE: Record<Grade, Tone> = { A: 'green', B: 'green', C: 'yellow', D: 'red', F: 'red', 'N/A': 'dim' };

interface Column {
  title: string;
  width: number;
  align: 'left' | 'right';
  cell(api: ReportApi): string;
  tone?(api: ReportApi): Tone | undefined;
}

function columns(apis: readonly ReportApi[]): Column[] {
  const count = (title: string, value: (api: ReportApi) => number, tone: Tone): Column => ({
    title,
    width: Math.max(title.length, ...apis.map((api) => String(value(api)).length)),
    align: 'right',
    cell: (api) => String(value(api)),
    tone: (api) => (value(api) > 0 ? tone : undefined),
  });
  const nameWidth = Math.min(MAX_NAME_WIDTH, Math.max(3, ...apis.map((api) => oneLine(api.api.name).length)));
  return [
    {
      title: 'Grade',
      width: 5,
      align: 'left',
      cell: (api) => (api.incomplete ? `${api.grade}*` : api.grade),
      tone: (api) => GRADE_TONE[api.grade],
    },
    { title: 'Score', width: 5, align: 'right', cell: (api) => (api.score === null ? '-' : String(api.score)) },
    count('Crit', (api) => api.failedBySeverity.critical, 'red'),
    count('High', (api) => api.failedBySeverity.high, 'red'),
    count('Med', (api) => api.failedBySeverity.medium, 'yellow'),
    count('Low', (api) => api.failedBySeverity.low, 'yellow'),
    count('Err', (api) => api.counts.ERROR, 'yellow'),
    { title: 'API', width: nameWidth, align: 'left', cell: (api) => truncate(oneLine(api.api.name), nameWidth) },
    { title: 'Region', width: 0, align: 'left', cell: (api) => oneLine(api.api.region) },
  ];
}

export function renderSummaryTable(report: Report, options: SummaryOptions): string {
  const paint = (text: string, tone: Tone | undefined) =>
    options.color && tone !== undefined ? `\u001b[${ANSI[tone]}m${text}\u001b[0m` : text;
  const pad = (text: string, column: Column) =>
    column.align === 'right' ? text.padStart(column.width) : text.padEnd(column.width);
  const limit = options.limit ?? DEFAULT_LIMIT;
  const shown = report.apis.slice(0, limit);
  const cols = columns(shown);
  const lines: string[] = [];
  if (report.apis.length === 0) {
    lines.push(report.scan.selection?.notListed ? 'APIs not listed: no selected check reads them.' : 'No APIs found.');
  } else {
    lines.push(paint(cols.map((c) => pad(c.title, c)).join('  ').trimEnd(), 'bold'));
    for (const api of shown) {
      // Pad before painting: escape codes must not count towards the width.
      lines.push(cols.map((c) => paint(pad(c.cell(api), c), c.tone?.(api))).join('  ').trimEnd());
    }
    if (report.apis.length > shown.length) lines.push(`… and ${report.apis.length - shown.length} more`);
    lines.push('Ranked by risk: critical failures, then high failures, then critical or high checks not evaluated, then grade and score.');
    if (report.apis.some((api) => api.incomplete)) {
      lines.push(
        '* incomplete: some of its checks could not be evaluated (Err); a critical one caps the grade at D, a high one at C',
      );
    }
  }
  lines.push(...accountCriticalLines(report, paint));
  lines.push('', totalsLine(report), completenessLine(report, paint));
  if (report.changes) lines.push(changesLine(report.changes));
  if (report.mutes) lines.push(oneLine(muteSummaryLine(report.mutes)));
  const selected = selectionLine(report);
  if (selected !== undefined) lines.push(selected);
  // --compliance <framework>: that framework's roll-up after the summary.
  const focused = focusedFramework(report.compliance);
  if (focused !== undefined) lines.push('', renderComplianceTable(focused));
  return lines.join('\n');
}

/** Critical failures about the account as a whole (an `Allow *:*` policy): they belong to no API row. */
function accountCritical(report: Report): ReportResult[] {
  return report.accountResults.filter((r) => r.status === 'FAIL' && r.severity === 'critical' && r.muted === undefined);
}

function accountCriticalLines(report: Report, paint: (text: string, tone: Tone | undefined) => string): string[] {
  const critical = accountCritical(report);
  if (critical.length === 0) return [];
  const shown = critical.slice(0, MAX_ACCOUNT_CRITICAL);
  return [
    '',
    paint(`Critical findings outside any API (${critical.length}):`, 'red'),
    ...shown.map((r) => `  ${truncate(oneLine(`${r.checkId}  ${r.resource.name}: ${r.message}`), MAX_FINDING_WIDTH)}`),
    ...(critical.length > shown.length ? [`  … and ${critical.length - shown.length} more`] : []),
  ];
}

function totalsLine(report: Report): string {
  const { summary } = report;
  const failures = summary.failuresBySeverity;
  const grades = GRADES.map((grade) => `${grade} ${summary.grades[grade]}`).join(', ');
  const outside = accountCritical(report).length;
  const critical = outside > 0 ? `${failures.critical} critical (${outside} outside any API)` : `${failures.critical} critical`;
  return (
    `Totals: ${plural(summary.apis, 'API')}; failures: ${critical}, ${failures.high} high, ` +
    `${failures.medium} medium, ${failures.low} low; ${summary.results.ERROR} not evaluated; grades: ${grades}`
  );
}

function completenessLine(report: Report, paint: (text: string, tone: Tone) => string): string {
  if (report.scan.complete) return paint('Scan complete: everything was collected and every check was evaluated.', 'green');
  const { collectionErrors, results, muted } = report.summary;
  // A muted ERROR is still missing data.
  return paint(
    `Scan INCOMPLETE: ${plural(collectionErrors, 'collection error')}, ${plural(results.ERROR + (muted?.ERROR ?? 0), 'result')} not evaluated; ` +
      'see the collection errors in the report.',
    'red',
  );
}

/** One framework's roll-up as a plain-text table, printed after the summary with `--compliance`. */
import type { FrameworkRollUp, RequirementRollUp, RequirementStatus } from './compliance.js';
import { oneLine, plural, truncate } from '../util/text.js';

const MAX_TITLE_WIDTH = 60;
const MAX_CHECKS_WIDTH = 80;

const STATUS_TEXT: Record<RequirementStatus, string> = { FAIL: 'FAIL', UNKNOWN: 'UNKNOWN', PASS: 'PASS', NOT_APPLICABLE: 'N/A' };

interface Column {
  title: string;
  align: 'left' | 'right';
  cell(requirement: RequirementRollUp): string;
}

const COLUMNS: readonly Column[] = [
  { title: 'Status', align: 'left', cell: (r) => STATUS_TEXT[r.status] },
  { title: 'Requirement', align: 'left', cell: (r) => oneLine(r.id) },
  { title: 'Fail', align: 'right', cell: (r) => String(r.resources.failing) },
  { title: 'Err', align: 'right', cell: (r) => String(r.resources.notEvaluated) },
  { title: 'Muted', align: 'right', cell: (r) => String(r.resources.muted) },
  { title: 'Pass', align: 'right', cell: (r) => String(r.resources.passing) },
  { title: 'N/A', align: 'right', cell: (r) => String(r.resources.notApplicable) },
  { title: 'Title', align: 'left', cell: (r) => truncate(oneLine(r.title ?? ''), MAX_TITLE_WIDTH) },
  { title: 'Checks', align: 'left', cell: (r) => (r.checks.length > 0 ? truncate(oneLine(r.checks.join(', ')), MAX_CHECKS_WIDTH) : 'no check') },
];

function summaryLine(framework: FrameworkRollUp): string {
  const { FAIL, UNKNOWN, PASS, NOT_APPLICABLE } = framework.summary;
  return (
    `Compliance: ${oneLine(framework.title)} (${oneLine(framework.id)}): ${plural(FAIL, 'requirement fails', 'requirements fail')}, ${UNKNOWN} unknown, ` +
    `${PASS} pass, ${NOT_APPLICABLE} not applicable`
  );
}

/** Counts are resources (stages, APIs, domains, policies…), each once per requirement. */
export function renderComplianceTable(framework: FrameworkRollUp): string {
  const rows = framework.requirements.map((requirement) => COLUMNS.map((column) => column.cell(requirement)));
  const widths = COLUMNS.map((column, i) => Math.max(column.title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (COLUMNS[i]!.align === 'right' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    summaryLine(framework),
    line(COLUMNS.map((column) => column.title)),
    ...rows.map(line),
    'Counts are resources, each once per requirement under its worst result: Fail, then Err (not evaluated), then Muted, then Pass.',
  ].join('\n');
}

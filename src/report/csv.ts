/**
 * `--format csv`: one row per result, for spreadsheets and BI tools.
 *
 * - RFC 4180: CRLF line ends, a header row, a field quoted when it holds `"`, `,`, CR or LF, a `"`
 *   inside doubled.
 * - No formula injection (OWASP, "CSV Injection"): a field starting with `=`, `+`, `-`, `@`, a tab
 *   or a carriage return is prefixed with `'`, so a spreadsheet shows it as text instead of
 *   evaluating it. API names, tags and messages come from the scanned account: never trusted.
 * - UTF-8 with a byte order mark: Excel reads a CSV without one in the legacy code page, which
 *   garbles any non-ASCII name; CSV libraries skip it (Python's `utf-8-sig`, most others by default).
 * - The columns are fixed, whether or not a report has mutes or changes: empty cells then.
 */
import type { Report } from './model.js';
import { apiArnsOf, mappingLabels, resultRows, type ResultRow } from './result-rows.js';

export const CSV_BOM = '\uFEFF';

export const CSV_COLUMNS = [
  'id',
  'check_id',
  'title',
  'severity',
  'status',
  'resource_type',
  'resource_name',
  'resource_arn',
  'account',
  'region',
  'api_arns',
  'message',
  'remediation',
  'remediation_cli',
  'remediation_docs',
  'mappings',
  'muted_rule',
  'muted_reason',
  'muted_owner',
  'muted_expires',
  'change',
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** OWASP's list of characters a spreadsheet may take as the start of a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field: neutralised against formulas, then quoted when RFC 4180 requires it. */
export function csvField(value: string): string {
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** The cells of one result, by column. */
export function csvCells({ id, result, check }: ResultRow): Record<CsvColumn, string> {
  const { resource, muted } = result;
  return {
    id,
    check_id: result.checkId,
    title: check?.title ?? '',
    severity: result.severity,
    status: result.status,
    resource_type: resource.type,
    resource_name: resource.name,
    resource_arn: resource.arn,
    account: resource.account,
    region: resource.region,
    api_arns: apiArnsOf(result).join(' '),
    message: result.message,
    remediation: check?.remediation.text ?? '',
    remediation_cli: check?.remediation.cli ?? '',
    remediation_docs: check?.remediation.docs ?? '',
    mappings: mappingLabels(check).join(' '),
    muted_rule: muted?.rule ?? '',
    muted_reason: muted?.reason ?? '',
    muted_owner: muted?.owner ?? '',
    muted_expires: muted?.expires ?? '',
    change: result.change ?? '',
  };
}

/** The file's start: the byte order mark and the header row. */
export const CSV_HEAD = CSV_BOM + csvLine(CSV_COLUMNS);

/** One line per result of each report, without the header (an organisation's file appends account after account). */
export function* csvLines(reports: readonly Report[]): Generator<string> {
  for (const row of resultRows(reports)) {
    const cells = csvCells(row);
    yield csvLine(CSV_COLUMNS.map((column) => cells[column]));
  }
}

/** The header, then one line per result of each report. */
export function* csvChunks(reports: readonly Report[]): Generator<string> {
  yield CSV_HEAD;
  yield* csvLines(reports);
}

/** Small pieces shared by the report page's sections. */
import { GRADES, type Grade } from '../engine/scoring.js';
import type { ResourceType, Severity, Status } from '../engine/types.js';
import { html, type Html } from './html-safe.js';

const STATUS_LABELS: Record<Status, string> = {
  FAIL: 'fail',
  ERROR: 'error',
  PASS: 'pass',
  NOT_APPLICABLE: 'n/a',
};

const API_KINDS: Partial<Record<ResourceType, string>> = {
  'rest-api': 'REST API',
  'http-api': 'HTTP API',
  'websocket-api': 'WebSocket API',
};

export function severityBadge(severity: Severity): Html {
  return html`<span class="badge sev-${severity}">${severity}</span>`;
}

export function gradeClass(grade: Grade): string {
  return grade === 'N/A' ? 'NA' : grade;
}

export function gradeBadge(grade: Grade): Html {
  return html`<span class="badge grade-${gradeClass(grade)}" title="grade">${grade}</span>`;
}

export function statusBadge(status: Status): Html {
  return html`<span class="badge st-${status}">${STATUS_LABELS[status]}</span>`;
}

export function apiKind(type: ResourceType): string {
  return API_KINDS[type] ?? type;
}

/** `2026-11-01 12:00:00 UTC`; the input as given when it is not a date. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function time(iso: string): Html {
  return html`<time datetime="${iso}">${formatTime(iso)}</time>`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** How a sortable column orders its cells (the page's script reads `data-sort`). */
export type SortType = 'text' | 'num';

export interface ColumnOptions {
  sort?: SortType;
  /** Numeric columns where more is worse sort descending on the first activation. */
  descendingFirst?: boolean;
  /** The column the rows come in, in this direction (the ranking). */
  sorted?: 'ascending' | 'descending';
}

/** A header cell of a sortable table: the script turns its label into a sort button. */
export function column(label: string, options: ColumnOptions = {}): Html {
  const sort = options.sort ?? 'text';
  return html`<th scope="col"${sort === 'num' && html` class="num"`} data-sort="${sort}"${options.descendingFirst === true && html` data-sort-first="descending"`}${
    options.sorted !== undefined && html` aria-sort="${options.sorted}"`
  }>${label}</th>`;
}

/** A table that scrolls inside its own box on a narrow screen instead of widening the page. */
export function scrollBox(table: Html): Html {
  return html`<div class="table-scroll">${table}</div>`;
}

/** The sort key of a grade cell: A first, N/A (no key) last in either direction. */
export function gradeKey(grade: Grade): string {
  return grade === 'N/A' ? '' : String(GRADES.indexOf(grade));
}

/** The sort key of a score cell: none when there is no score, so it sorts last. */
export function scoreKey(score: number | null): string {
  return score === null ? '' : String(score);
}

/** `rest-api`, `http-api`, `websocket-api` with their labels, for the API type filter. */
export const API_TYPE_OPTIONS: readonly { value: ResourceType; label: string }[] = Object.entries(API_KINDS).map(([value, label]) => ({
  value: value as ResourceType,
  label: label.replace(/ API$/, ''),
}));

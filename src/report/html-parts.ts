/** Small pieces shared by the report page's sections. */
import type { Grade } from '../engine/scoring.js';
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

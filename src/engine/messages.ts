import type { Evidence } from './types.js';

const MAX_LISTED = 5;

function renderValue(value: unknown): string {
  if (Array.isArray(value)) {
    const shown = value.slice(0, MAX_LISTED).map(renderValue).join(', ');
    return value.length > MAX_LISTED ? `${shown} (+${value.length - MAX_LISTED} more)` : shown;
  }
  if (value === undefined || value === null) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Fills `{key}` placeholders from evidence. Unknown keys stay visible, so a typo shows. */
export function renderMessage(template: string, evidence: Evidence): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in evidence ? renderValue(evidence[key]) : whole,
  );
}

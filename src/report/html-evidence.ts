/**
 * Evidence as readers want it: a key/value list, arrays as lists, nested objects as nested
 * lists. Only deep or very long values fall back to compact text; report.json has them whole.
 */
import type { Evidence } from '../engine/types.js';
import { html, type Html } from './html-safe.js';
import { truncate } from '../util/text.js';

const MAX_DEPTH = 3;
const MAX_ITEMS = 25;
const MAX_TEXT = 600;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compactJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function renderList(items: readonly unknown[], depth: number): Html {
  if (items.length === 0) return html`<span class="muted">(none)</span>`;
  const shown = items.slice(0, MAX_ITEMS).map((item) => html`<li>${renderValue(item, depth + 1)}</li>`);
  const more = items.length > MAX_ITEMS && html`<li class="muted">… and ${items.length - MAX_ITEMS} more</li>`;
  return html`<ul class="values">${shown}${more}</ul>`;
}

function renderValue(value: unknown, depth: number): Html {
  if (value === null || value === undefined) return html`<span class="muted">—</span>`;
  if (typeof value === 'string') {
    return value === '' ? html`<span class="muted">(empty)</span>` : html`<code>${truncate(value, MAX_TEXT)}</code>`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return html`<code>${String(value)}</code>`;
  }
  if (depth >= MAX_DEPTH) return html`<code>${truncate(compactJson(value), MAX_TEXT)}</code>`;
  if (Array.isArray(value)) return renderList(value, depth);
  if (isPlainObject(value)) return renderPairs(value, depth + 1);
  return html`<code>${truncate(String(value), MAX_TEXT)}</code>`;
}

function renderPairs(record: Record<string, unknown>, depth: number): Html {
  const entries = Object.entries(record);
  if (entries.length === 0) return html`<span class="muted">(empty)</span>`;
  return html`<dl class="kv">${entries.map(([key, value]) => html`<dt>${key}</dt><dd>${renderValue(value, depth)}</dd>`)}</dl>`;
}

/** Nothing for empty evidence. */
export function renderEvidence(evidence: Evidence): Html | false {
  return Object.keys(evidence).length > 0 && renderPairs(evidence, 0);
}

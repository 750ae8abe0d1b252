/**
 * Evidence as readers want it: labelled facts ("Web ACL ARN", not `webAclArn`), lists as lists,
 * lists of flat records as small tables (other records as labelled lists), and the fields that are empty named once in a sentence
 * rather than one "(none)" row each. ARNs of resources with a console page link to it. Long lists
 * show their first items and how many more there are; only deep values fall back to compact
 * text. report.json has every value whole.
 */
import type { Evidence } from '../engine/types.js';
import { consoleUrl } from './console-links.js';
import { html, type Html } from './html-safe.js';
import { truncate } from '../util/text.js';

const MAX_DEPTH = 3;
const MAX_ITEMS = 10;
const MAX_TEXT = 600;
const MAX_TABLE_COLUMNS = 8;

/** Words written as their acronym or brand, whatever their case in a key. */
const WORDS: Readonly<Record<string, string>> = {
  acl: 'ACL',
  acls: 'ACLs',
  acm: 'ACM',
  api: 'API',
  apis: 'APIs',
  arn: 'ARN',
  arns: 'ARNs',
  cors: 'CORS',
  dns: 'DNS',
  http: 'HTTP',
  https: 'HTTPS',
  iam: 'IAM',
  id: 'ID',
  ids: 'IDs',
  ip: 'IP',
  json: 'JSON',
  jwt: 'JWT',
  kms: 'KMS',
  mfa: 'MFA',
  mtls: 'mTLS',
  sns: 'SNS',
  sql: 'SQL',
  ssl: 'SSL',
  tls: 'TLS',
  ttl: 'TTL',
  uri: 'URI',
  url: 'URL',
  urls: 'URLs',
  vpc: 'VPC',
  waf: 'WAF',
  xray: 'X-Ray',
};

/** Labels already made: a report labels the same few field names thousands of times. */
const labels = new Map<string, string>();
const MAX_LABELS = 10_000;

/** `methodSettingsPath` → "Method settings path", `webAclArn` → "Web ACL ARN"; other keys as they are. */
export function humanKey(key: string): string {
  let label = labels.get(key);
  if (label === undefined) {
    label = labelOf(key);
    if (labels.size < MAX_LABELS) labels.set(key, label);
  }
  return label;
}

function labelOf(key: string): string {
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(key) || /^[A-Z0-9]+$/.test(key)) return key;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(' ');
  return words
    .map((word, i) => {
      const known = WORDS[word.toLowerCase()];
      if (known !== undefined) return known;
      const lower = /^[A-Z][a-z]/.test(word) || /^[a-z]/.test(word) ? word.toLowerCase() : word;
      return i === 0 ? lower[0]!.toUpperCase() + lower.slice(1) : lower;
    })
    .join(' ');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEmpty(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    value === '' ||
    (Array.isArray(value) && value.length === 0) ||
    (isPlainObject(value) && Object.keys(value).length === 0)
  );
}

function isScalar(value: unknown): boolean {
  return value === null || value === undefined || ['string', 'number', 'boolean', 'bigint'].includes(typeof value);
}

function compactJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** An ARN with its console link when its resource has a console page. */
function renderString(value: string): Html {
  if (value === '') return html`<span class="muted">empty</span>`;
  const url = value.startsWith('arn:') ? consoleUrl(value) : undefined;
  const text = html`<code>${truncate(value, MAX_TEXT)}</code>`;
  return url === undefined ? text : html`${text} <a class="console" href="${url}" rel="noopener noreferrer" target="_blank">console</a>`;
}

function more(total: number): Html | false {
  return total > MAX_ITEMS && html`<li class="muted">… and ${total - MAX_ITEMS} more</li>`;
}

/** Records that share a few scalar fields (certificates, routes, grants) read best as a table. */
function tableColumns(items: readonly unknown[]): string[] | undefined {
  if (items.length < 2 || !items.every((item) => isPlainObject(item) && Object.values(item).every(isScalar))) return undefined;
  const columns = [...new Set(items.flatMap((item) => Object.keys(item as Record<string, unknown>)))];
  return columns.length > 0 && columns.length <= MAX_TABLE_COLUMNS ? columns : undefined;
}

function renderTable(items: readonly Record<string, unknown>[], columns: readonly string[]): Html {
  const rows = items
    .slice(0, MAX_ITEMS)
    .map((item) => html`<tr>${columns.map((column) => html`<td>${isEmpty(item[column]) ? html`<span class="muted">—</span>` : renderValue(item[column], MAX_DEPTH)}</td>`)}</tr>`);
  const rest = items.length > MAX_ITEMS && html`<tr><td class="muted" colspan="${columns.length}">… and ${items.length - MAX_ITEMS} more</td></tr>`;
  return html`<table class="evidence"><thead><tr>${columns.map((column) => html`<th>${fieldLabel(column)}</th>`)}</tr></thead><tbody>${rows}${rest}</tbody></table>`;
}

function renderList(items: readonly unknown[], depth: number): Html {
  if (items.length === 0) return html`<span class="muted">none</span>`;
  const columns = tableColumns(items);
  if (columns) return renderTable(items as Record<string, unknown>[], columns);
  const shown = items
    .slice(0, MAX_ITEMS)
    .map((item) => html`<li>${isPlainObject(item) && depth + 1 < MAX_DEPTH ? renderRecord(item, depth + 2) : renderValue(item, depth + 1)}</li>`);
  return html`<ul class="values">${shown}${more(items.length)}</ul>`;
}

function renderValue(value: unknown, depth: number): Html {
  if (value === null || value === undefined) return html`<span class="muted">none</span>`;
  if (typeof value === 'string') return renderString(value);
  if (typeof value === 'boolean') return html`${value ? 'yes' : 'no'}`;
  if (typeof value === 'number' || typeof value === 'bigint') return html`<code>${String(value)}</code>`;
  if (depth >= MAX_DEPTH) return html`<code>${truncate(compactJson(value), MAX_TEXT)}</code>`;
  if (Array.isArray(value)) return renderList(value, depth);
  if (isPlainObject(value)) return renderNested(value, depth + 1);
  return html`<code>${truncate(String(value), MAX_TEXT)}</code>`;
}

/** The camelCase field names a check writes are labelled; AWS's own (PascalCase) and other keys stay as they are. */
function fieldLabel(key: string): string {
  return /^[a-z][A-Za-z0-9]*$/.test(key) ? humanKey(key) : key;
}

/** An element of a list is a record: its field names are labelled. */
function renderRecord(record: Record<string, unknown>, depth: number): Html {
  const entries = Object.entries(record);
  if (entries.length === 0) return html`<span class="muted">none</span>`;
  return html`<dl class="kv">${entries.map(([key, value]) => html`<dt>${fieldLabel(key)}</dt><dd>${renderValue(value, depth)}</dd>`)}</dl>`;
}

/** A nested object's keys may be data (stage names, policy condition keys): shown as they are. */
function renderNested(record: Record<string, unknown>, depth: number): Html {
  const entries = Object.entries(record);
  if (entries.length === 0) return html`<span class="muted">none</span>`;
  return html`<dl class="kv">${entries.map(([key, value]) => html`<dt>${key}</dt><dd>${renderValue(value, depth)}</dd>`)}</dl>`;
}

/** "Open routes and unknown integrations: none." */
function emptySentence(keys: readonly string[]): Html | false {
  if (keys.length === 0) return false;
  const labels = keys.map((key, i) => (i === 0 ? humanKey(key) : humanKey(key).replace(/^[A-Z][a-z]/, (w) => w.toLowerCase())));
  const list = labels.length === 1 ? labels[0]! : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]!}`;
  return html`<p class="muted evidence-none">${list}: none.</p>`;
}

/**
 * Evidence already shown, by the record, when nothing in it can change (frozen all through, as
 * the engine hands it out): the results of one API share a few thousand records among tens of
 * thousands of results.
 */
const shown = new WeakMap<object, Html | false>();

function isFrozenThrough(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isFrozenThrough);
}

/** Nothing for empty evidence. The top-level keys are the check's own field names: labelled. */
export function renderEvidence(evidence: Evidence): Html | false {
  const known = shown.get(evidence);
  if (known !== undefined) return known;
  const made = renderRecordOfEvidence(evidence);
  if (isFrozenThrough(evidence)) shown.set(evidence, made);
  return made;
}

function renderRecordOfEvidence(evidence: Evidence): Html | false {
  const entries = Object.entries(evidence);
  if (entries.length === 0) return false;
  const present = entries.filter(([, value]) => !isEmpty(value));
  const empty = entries.filter(([, value]) => isEmpty(value)).map(([key]) => key);
  const pairs = present.length > 0 && html`<dl class="kv">${present.map(([key, value]) => html`<dt>${humanKey(key)}</dt><dd>${renderValue(value, 0)}</dd>`)}</dl>`;
  return html`${pairs}${emptySentence(empty)}`;
}

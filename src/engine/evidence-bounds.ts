/**
 * What one result may put in a report. Evidence lists what a check saw (methods, statements,
 * variables); a resource with tens of thousands of methods, on every stage and in every check,
 * would otherwise make the report grow with the product of the three, past what can be
 * written or merged. Lists keep their first items (fewer for a result that passes or does not
 * apply: a failure's detail matters more) and say how many were left out; long texts keep their
 * start and say how much was cut; URIs lose their credentials. Each result stays proportional to
 * the bound, not to the account.
 *
 * The engine bounds evidence once, when a result is made, to what the report shows: nothing
 * downstream copies it again, and no list longer than its bound is kept.
 */
import { redactUrisInText } from '../util/redact.js';
import { itemsOf, MAX_LIST_ITEMS, moreNotShown } from '../util/shortened-lists.js';
import type { Evidence, Status } from './types.js';

/**
 * List items a result keeps, by its status. A result that passes or does not apply is
 * summarised: its message says why, its lists only how many items they had (`["… 3 more not
 * shown"]`), which keeps a large account's report.json small (issue 18).
 */
export const EVIDENCE_ITEMS: Readonly<Record<Status, number>> = { FAIL: 10, ERROR: 10, PASS: 0, NOT_APPLICABLE: 0 };
/**
 * The most any result keeps: for a run that must see what a check found whatever its status
 * (the check tests, which pin a check's evidence, not the report's bound).
 */
export const ALL_EVIDENCE_ITEMS: Readonly<Record<Status, number>> = { FAIL: MAX_LIST_ITEMS, ERROR: MAX_LIST_ITEMS, PASS: MAX_LIST_ITEMS, NOT_APPLICABLE: MAX_LIST_ITEMS };
/** Keys an evidence record keeps; also the list bound where no status applies. */
export const MAX_EVIDENCE_ITEMS = MAX_LIST_ITEMS;
export const MAX_EVIDENCE_TEXT = 2_000;
export const MAX_EVIDENCE_DEPTH = 8;

export { itemsOf, moreNotShown };

/** A long text shortened, its URIs redacted. */
export function boundText(text: string): string {
  const shown = text.length <= MAX_EVIDENCE_TEXT ? text : `${text.slice(0, MAX_EVIDENCE_TEXT)}… (${text.length - MAX_EVIDENCE_TEXT} characters not shown)`;
  return redactUrisInText(shown);
}

/**
 * Evidence as a result keeps it: lists at any depth cut to `maxItems` and the marker, records to
 * MAX_EVIDENCE_ITEMS keys, texts to MAX_EVIDENCE_TEXT, nesting to a depth of 8, URIs redacted.
 * What needs no change is returned as it is, not copied.
 */
export function boundEvidence<T>(value: T, maxItems = MAX_EVIDENCE_ITEMS): T {
  return bound(value, 0, maxItems) as T;
}

/** A value found `depth` levels into evidence, bounded as `boundEvidence` bounds it there (lists to MAX_EVIDENCE_ITEMS). */
export function boundEvidenceAt(value: unknown, depth: number): unknown {
  return bound(value, depth, MAX_EVIDENCE_ITEMS);
}

function bound(value: unknown, depth: number, maxItems: number): unknown {
  if (typeof value === 'string') return boundText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_EVIDENCE_DEPTH) return '(nested too deep to show)';
  if (!Object.isFrozen(value)) {
    readMutable = true;
    return shape(value, depth, maxItems);
  }
  return boundFrozen(value, depth, maxItems);
}

function shape(value: object, depth: number, maxItems: number): unknown {
  return Array.isArray(value) ? boundList(value, depth, maxItems) : boundRecord(value as Record<string, unknown>, depth, maxItems);
}

/**
 * Bounded forms of frozen lists and records, by the object, depth and bound: checks hand the same
 * frozen list to the results of every stage of an API, so it is bounded once and the results
 * share the bounded form (and report.json finds it by identity). Only what read nothing mutable
 * is kept: a frozen list of records that may still change is bounded each time.
 */
const frozenBounds = new Map<number, WeakMap<object, unknown>>();
/** Set when bounding reads an object that is not frozen (its bounded form could change). */
let readMutable = false;
/** How many frozen objects were bounded rather than found (for the tests). */
export const frozenBoundStats = { computed: 0 };

function boundFrozen(value: object, depth: number, maxItems: number): unknown {
  if (maxItems > 0xffff) return shape(value, depth, maxItems);
  const slot = depth * 0x10000 + maxItems;
  let memo = frozenBounds.get(slot);
  if (memo === undefined) frozenBounds.set(slot, (memo = new WeakMap()));
  const known = memo.get(value);
  if (known !== undefined) return known;
  const outer = readMutable;
  readMutable = false;
  frozenBoundStats.computed += 1;
  const shaped = shape(value, depth, maxItems);
  if (!readMutable) memo.set(value, Object.freeze(shaped));
  readMutable ||= outer;
  return shaped;
}

/** The marker strings of small counts, made once: every passing result of a large account has some. */
const MARKERS: string[] = [];

function marker(count: number): string {
  if (count >= 4096) return moreNotShown(count);
  return (MARKERS[count] ??= moreNotShown(count));
}

function boundList(list: readonly unknown[], depth: number, maxItems: number): unknown[] {
  const { kept, total } = itemsOf(list);
  // A list that keeps items shows one more rather than a marker in its place; a list bounded to
  // none (a passing result: its message says why) keeps only the count.
  if (kept > (maxItems > 0 ? maxItems + 1 : 0)) {
    const out: unknown[] = new Array(maxItems + 1);
    for (let i = 0; i < maxItems; i++) out[i] = bound(list[i], depth + 1, maxItems);
    out[maxItems] = marker(total - maxItems);
    return out;
  }
  let out: unknown[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const shaped = bound(item, depth + 1, maxItems);
    if (shaped !== item && out === undefined) out = list.slice(0, i);
    out?.push(shaped);
  }
  return out ?? (list as unknown[]);
}

function boundRecord(record: Record<string, unknown>, depth: number, maxItems: number): Record<string, unknown> {
  const keys = Object.keys(record);
  if (keys.length > MAX_EVIDENCE_ITEMS) return truncatedRecord(record, keys, depth, maxItems);
  // Copied only from the first member that changes (most records need no change); the copy by
  // spreading keeps the record's shape (and any own `__proto__` key as data), and its members are
  // then replaced in place.
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const member = record[key];
    const shaped = bound(member, depth + 1, maxItems);
    if (shaped === member) continue;
    out ??= { ...record };
    setOwn(out, key, shaped);
  }
  return out ?? record;
}

/** A record with more keys than a result keeps: its first keys, and how many were left out. */
function truncatedRecord(record: Record<string, unknown>, keys: readonly string[], depth: number, maxItems: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < MAX_EVIDENCE_ITEMS; i++) setOwn(out, keys[i]!, bound(record[keys[i]!], depth + 1, maxItems));
  out['…'] = moreNotShown(keys.length - MAX_EVIDENCE_ITEMS);
  return out;
}

/** Sets an own key, even one named `__proto__` (which an assignment to a new key would take for the prototype). */
function setOwn(record: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

/** A result's evidence, bounded for its status. */
export function resultEvidence(evidence: Evidence, status: Status, items: Readonly<Record<Status, number>> = EVIDENCE_ITEMS): Evidence {
  return boundEvidence(evidence, items[status]);
}

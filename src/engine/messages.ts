import { boundEvidenceAt, boundText, itemsOf, MAX_EVIDENCE_DEPTH } from './evidence-bounds.js';
import type { Evidence } from './types.js';

const MAX_LISTED = 5;

/** A value given to a message as it is (an error's reason, its operation). */
function renderValue(value: unknown): string {
  if (Array.isArray(value)) {
    const shown = value.slice(0, MAX_LISTED).map(renderValue).join(', ');
    return value.length > MAX_LISTED ? `${shown} (+${value.length - MAX_LISTED} more)` : shown;
  }
  if (value === undefined || value === null) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * A value of evidence as the check gave it, shown as its bounded form would be (texts shortened
 * and redacted, records bounded) without bounding the whole of it first: only the items a
 * message shows are read. A list says how many items it had in all.
 */
function renderEvidenceValue(value: unknown, depth: number): string {
  if (typeof value === 'string') return boundText(value);
  if (value === undefined || value === null) return '—';
  if (typeof value !== 'object') return String(value);
  if (depth >= MAX_EVIDENCE_DEPTH) return '(nested too deep to show)';
  if (!Array.isArray(value)) return JSON.stringify(boundEvidenceAt(value, depth));
  if (!Object.isFrozen(value)) return renderList(value, depth).text;
  let memo = renderedLists[depth];
  if (memo === undefined) memo = renderedLists[depth] = new WeakMap();
  const known = memo.get(value);
  if (known !== undefined) return known;
  const { text, onlyTexts } = renderList(value, depth);
  if (onlyTexts) memo.set(value, text);
  return text;
}

/**
 * How frozen lists read as message text, by depth: the results of every stage of an API name
 * the same list. Kept only for a list whose shown items are no objects (which could change).
 */
const renderedLists: WeakMap<readonly unknown[], string>[] = [];

function renderList(list: readonly unknown[], depth: number): { text: string; onlyTexts: boolean } {
  const { kept, total } = itemsOf(list);
  const count = Math.min(kept, MAX_LISTED);
  const shown: string[] = new Array(count);
  let onlyTexts = true;
  for (let i = 0; i < count; i++) {
    const item = list[i];
    if (typeof item === 'object' && item !== null) onlyTexts = false;
    shown[i] = renderEvidenceValue(item, depth + 1);
  }
  const text = total > MAX_LISTED ? `${shown.join(', ')} (+${total - MAX_LISTED} more)` : shown.join(', ');
  return { text, onlyTexts };
}

/** A template split once into its texts (even places) and `{key}` names (odd places). */
const compiled = new Map<string, readonly string[]>();

function partsOf(template: string): readonly string[] {
  let parts = compiled.get(template);
  if (parts === undefined) compiled.set(template, (parts = template.split(/\{(\w+)\}/)));
  return parts;
}

/** The `{key}` names of a template, in their order (repeats kept). */
export function templateKeys(template: string): readonly string[] {
  let keys = keysOf.get(template);
  if (keys === undefined) keysOf.set(template, (keys = partsOf(template).filter((_, i) => i % 2 === 1)));
  return keys;
}

const keysOf = new Map<string, readonly string[]>();

/**
 * A result's message: `{key}` from `given` (texts shown as they are: an error's reason, its
 * operation), else from the check's evidence, read as its bounded and redacted form shows it.
 * Unknown keys stay visible, so a typo shows.
 */
export function renderResultMessage(template: string, evidence: Evidence, given: Readonly<Record<string, unknown>> = {}): string {
  const parts = partsOf(template);
  let text = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const key = parts[i]!;
    text += Object.hasOwn(given, key) ? renderValue(given[key]) : key in evidence ? renderEvidenceValue(evidence[key], 1) : `{${key}}`;
    text += parts[i + 1]!;
  }
  return text;
}

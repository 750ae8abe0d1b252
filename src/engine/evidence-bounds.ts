/**
 * What one result may put in a report. Evidence lists what a check saw (methods, statements,
 * variables); a resource with tens of thousands of methods, on every stage and in every check,
 * would otherwise make the report grow with the product of the three, past what can be
 * written or merged. Lists keep their first items and say how many were left out; long texts
 * keep their start and say how much was cut. Each result stays proportional to the bound, not
 * to the account.
 */
export const MAX_EVIDENCE_ITEMS = 100;
export const MAX_EVIDENCE_TEXT = 2_000;
const MAX_EVIDENCE_DEPTH = 8;

/** The marker that ends a shortened list: `… 900 more not shown`. */
export function moreNotShown(count: number): string {
  return `… ${count} more not shown`;
}

export function boundEvidence<T>(value: T): T {
  return bound(value, 0) as T;
}

function bound(value: unknown, depth: number): unknown {
  if (typeof value === 'string') {
    return value.length <= MAX_EVIDENCE_TEXT ? value : `${value.slice(0, MAX_EVIDENCE_TEXT)}… (${value.length - MAX_EVIDENCE_TEXT} characters not shown)`;
  }
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_EVIDENCE_DEPTH) return '(nested too deep to show)';
  if (Array.isArray(value)) {
    const kept = value.slice(0, MAX_EVIDENCE_ITEMS).map((item) => bound(item, depth + 1));
    return value.length > MAX_EVIDENCE_ITEMS ? [...kept, moreNotShown(value.length - MAX_EVIDENCE_ITEMS)] : kept;
  }
  const entries = Object.entries(value);
  const out: Record<string, unknown> = {};
  for (const [key, member] of entries.slice(0, MAX_EVIDENCE_ITEMS)) {
    Object.defineProperty(out, key, { value: bound(member, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  if (entries.length > MAX_EVIDENCE_ITEMS) out['…'] = moreNotShown(entries.length - MAX_EVIDENCE_ITEMS);
  return out;
}

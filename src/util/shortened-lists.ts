/**
 * How a shortened list says what it left out: its first items, then `… 900 more not shown`.
 * The engine bounds every result's evidence this way (src/engine/evidence-bounds.ts); code that
 * would build a list far longer than any result keeps may shorten it the same way first.
 */

/** The most items any list in a result's evidence keeps. */
export const MAX_LIST_ITEMS = 100;

/** The marker that ends a shortened list. */
export function moreNotShown(count: number): string {
  return `… ${count} more not shown`;
}

const MORE_NOT_SHOWN = /^… (\d+) more not shown$/;

/** How many items a list stands for: its items, or those kept plus the count its marker gives. */
export function itemsOf(list: readonly unknown[]): { kept: number; total: number } {
  const last = list.length > 0 ? list[list.length - 1] : undefined;
  const marked = typeof last === 'string' && last.startsWith('… ') ? MORE_NOT_SHOWN.exec(last) : null;
  return marked ? { kept: list.length - 1, total: list.length - 1 + Number(marked[1]) } : { kept: list.length, total: list.length };
}

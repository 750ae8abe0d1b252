/** What changed since the previous report, in one plain line: the stdout summary and `diff` print it. */
import type { Changes } from './changes-schema.js';
import { oneLine } from '../util/text.js';

export function changesLine(changes: Changes): string {
  const c = changes.counts;
  const gone = c.gone > 0 ? ` (${c.gone} gone)` : '';
  return oneLine(
    `Since the last run (collected ${changes.previous.collectedAt}): ${c.new} new, ${c.regressed} regressed, ` +
      `${c.fixed} fixed${gone}, ${c['still-failing']} still failing, ${c['newly-muted']} newly muted`,
  );
}

/** The stdout summary's line about a partial run: which checks ran, of how many, and which filters applied. */
import type { Report } from './model.js';
import { oneLine, plural } from '../util/text.js';

export function selectionLine(report: Report): string | undefined {
  const selection = report.scan.selection;
  if (!selection) return undefined;
  const { filters } = selection;
  const given = [
    filters.checks && `--checks ${filters.checks.join(',')}`,
    filters.excludedChecks && `--excluded-checks ${filters.excludedChecks.join(',')}`,
    filters.severity && `--severity ${filters.severity}`,
  ].filter(Boolean);
  const parts = [`${selection.checks.ran} of ${plural(selection.checks.available, 'check')}${given.length ? ` (${given.join(' ')})` : ''}`];
  if (selection.apis) {
    const apiFilters = [
      filters.apis && `--api ${filters.apis.join(',')}`,
      filters.resourceTags && filters.resourceTags.map((tag) => `--resource-tag ${tag.key}=${tag.value}`).join(' '),
    ].filter(Boolean);
    parts.push(`${selection.apis.selected} of ${plural(selection.apis.found, 'API')} (${apiFilters.join(' ')}); results outside any API kept`);
  }
  if (filters.excludedRegions) parts.push(`regions excluded: ${filters.excludedRegions.join(', ')}`);
  if (selection.collectedFor) parts.push(`snapshot collected for ${plural(selection.collectedFor.length, 'check')} only: the others report ERROR (NotSelected)`);
  if (selection.collectionErrorsLeftOut) parts.push(`${plural(selection.collectionErrorsLeftOut, 'collection error')} in data no selected check needs not counted`);
  return oneLine(`Selection: ${parts.join('; ')}.`);
}

/**
 * What the report's filters should show, worked out independently of the page's script: from
 * the report's results (statuses, severities) and from the rendered HTML's text.
 */
import { SEVERITIES, apisOf, type Severity, type Status } from '../../src/engine/types.js';
import type { Report } from '../../src/report/model.js';

export interface Filters {
  text?: string;
  severity?: Severity | '';
  status?: Status | '';
}

function decode(markup: string): string {
  return markup
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * The text the search looks in, by row anchor: an API's findings section, or for an API
 * without one its table row and ARN. Data in the page is escaped, so every `<` opens markup
 * and stripping tags, then decoding entities, gives the DOM's textContent.
 */
export function searchTexts(html: string): Map<string, string> {
  const texts = new Map<string, string>();
  for (const m of html.matchAll(/<tr data-row="(api-\d+)"([^>]*)>([\s\S]*?)<\/tr>/g)) {
    const arn = /data-arn="([^"]*)"/.exec(m[2]!);
    if (arn) texts.set(m[1]!, `${decode(m[3]!)} ${decode(arn[1]!)}`);
  }
  const end = html.indexOf('<section id="account"');
  const starts = [...html.matchAll(/<details class="api" id="(api-\d+)"/g)];
  starts.forEach((m, i) => {
    const to = i + 1 < starts.length ? starts[i + 1]!.index : end;
    texts.set(m[1]!, decode(html.slice(m.index, to)));
  });
  return texts;
}

/** Anchors of the rows the filters should leave visible, in rank order. */
export function expectedRows(report: Report, html: string, filters: Filters): string[] {
  const texts = searchTexts(html);
  const byApi = new Map<string, { status: Status; severity: Severity }[]>();
  for (const result of report.results) {
    for (const arn of apisOf(result.resource)) byApi.set(arn, [...(byApi.get(arn) ?? []), result]);
  }
  const text = (filters.text ?? '').trim().toLowerCase();
  const severity = filters.severity ?? '';
  const status = filters.status ?? '';
  const maxRank = severity === '' ? SEVERITIES.length - 1 : SEVERITIES.indexOf(severity);
  return report.apis.flatMap((entry, i) => {
    const anchor = `api-${i + 1}`;
    const results = byApi.get(entry.api.arn) ?? [];
    const statusMatch =
      (status === '' && severity === '') ||
      results.some(
        (r) =>
          (status === '' ? r.status === 'FAIL' || r.status === 'ERROR' : r.status === status) && SEVERITIES.indexOf(r.severity) <= maxRank,
      );
    const textMatch = text === '' || (texts.get(anchor) ?? '').toLowerCase().includes(text);
    return statusMatch && textMatch ? [anchor] : [];
  });
}

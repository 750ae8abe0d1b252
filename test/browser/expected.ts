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
  region?: string;
  /** `rest-api`, `http-api` or `websocket-api`. */
  type?: string;
  /** A check id: the API has a FAIL or ERROR result of it that is not muted. */
  check?: string;
}

/** The text a reader sees in a piece of markup: tags dropped, the report's entities decoded. */
export function decode(markup: string): string {
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
  const byApi = new Map<string, { status: Status; severity: Severity; checkId: string; muted?: unknown }[]>();
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
    const regionMatch = (filters.region ?? '') === '' || entry.api.region === filters.region;
    const typeMatch = (filters.type ?? '') === '' || entry.api.type === filters.type;
    const checkMatch =
      (filters.check ?? '') === '' ||
      results.some((r) => r.checkId === filters.check && (r.status === 'FAIL' || r.status === 'ERROR') && r.muted === undefined);
    return statusMatch && textMatch && regionMatch && typeMatch && checkMatch ? [anchor] : [];
  });
}

export interface CheckCounts {
  results: number;
  resources: number;
  apis: number;
  /** Failing resources by account. */
  byAccount: Map<string, number>;
}

/**
 * Per failing check (unmuted FAIL results), what the per-check rows should count under the region,
 * API type and account filters: a result counts in each of its APIs (their region and type), or,
 * when it belongs to no API of its report, in its resource's region and under no API type.
 */
export function expectedCheckCounts(reports: readonly Report[], filters: { region?: string; type?: string; account?: string }): Map<string, CheckCounts> {
  const byCheck = new Map<string, { results: number; resources: Map<string, Set<string>>; apis: Set<string> }>();
  for (const report of reports) {
    const account = report.scan.account;
    if ((filters.account ?? '') !== '' && account !== filters.account) continue;
    const apis = new Map(report.apis.map(({ api }) => [api.arn, api]));
    for (const result of report.results) {
      if (result.status !== 'FAIL' || result.muted !== undefined) continue;
      const places = apisOf(result.resource).map((arn) => ({ arn, region: apis.get(arn)?.region ?? result.resource.region, type: apis.get(arn)?.type }));
      const where = places.length > 0 ? places : [{ arn: undefined, region: result.resource.region, type: undefined }];
      const matching = where.filter(
        (place) => ((filters.region ?? '') === '' || place.region === filters.region) && ((filters.type ?? '') === '' || place.type === filters.type),
      );
      if (matching.length === 0) continue;
      const entry = byCheck.get(result.checkId) ?? { results: 0, resources: new Map<string, Set<string>>(), apis: new Set<string>() };
      entry.results += 1;
      entry.resources.set(account, (entry.resources.get(account) ?? new Set()).add(result.resource.arn));
      for (const place of matching) if (place.arn !== undefined) entry.apis.add(`${account} ${place.arn}`);
      byCheck.set(result.checkId, entry);
    }
  }
  return new Map(
    [...byCheck].map(([id, e]) => {
      const byAccount = new Map([...e.resources].map(([account, set]) => [account, set.size]));
      return [id, { results: e.results, resources: [...byAccount.values()].reduce((a, b) => a + b, 0), apis: e.apis.size, byAccount }];
    }),
  );
}

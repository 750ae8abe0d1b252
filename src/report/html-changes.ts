/**
 * "Since the last run": what changed since the previous report (`--previous-report`), at the top
 * of the HTML report. New failures first (gravest first), then regressed ones, then the fixed and
 * gone ones, then the newly muted. Nothing without a previous report.
 */
import { severityRank } from '../model/results.js';
import type { FixedFinding } from './changes-schema.js';
import type { Report, ReportResult } from './model.js';
import { plural, scrollBox, severityBadge, time } from './html-parts.js';
import { html, type Html } from './html-safe.js';

/** Rows shown per list; report.json has every result's change. */
const MAX_ROWS = 50;

type Row = Pick<ReportResult, 'checkId' | 'severity' | 'resource' | 'message'> & { gone?: boolean };

function gravestFirst<T extends Row>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
}

function renderList(title: string, id: string, rows: readonly Row[], empty: string): Html {
  const shown = gravestFirst(rows).slice(0, MAX_ROWS);
  const body = shown.map(
    (row) => html`<tr><td>${severityBadge(row.severity)}</td><td><a href="#check-${row.checkId}"><code>${row.checkId}</code></a></td>
<td>${row.resource.name}${row.gone === true && html` <span class="tag">gone</span>`}<div class="muted">${row.resource.region}</div></td><td>${row.message}</td></tr>`,
  );
  const more = rows.length > shown.length && html`<p class="muted">… and ${rows.length - shown.length} more: every result's change is in report.json.</p>`;
  return html`<h3 id="${id}">${title} (${rows.length})</h3>${
    rows.length === 0
      ? html`<p class="muted">${empty}</p>`
      : html`${scrollBox(html`<table><thead><tr><th>Severity</th><th>Check</th><th>Resource</th><th>Finding</th></tr></thead><tbody>${body}</tbody></table>`)}${more}`
  }`;
}

function fixedRows(fixed: readonly FixedFinding[]): Row[] {
  return fixed.map((f) => ({ checkId: f.checkId, severity: f.severity, resource: f.resource, message: f.message, gone: f.gone }));
}

export function renderChanges(report: Report): Html | false {
  const changes = report.changes;
  if (changes === undefined) return false;
  const byState = (state: ReportResult['change']) => report.results.filter((r) => r.change === state);
  const c = changes.counts;
  const newlyMuted = byState('newly-muted');
  return html`<section id="changes" class="changes"><h2>Since the last run</h2>
<p class="muted">Compared with the report collected ${time(changes.previous.collectedAt)} (<code>${changes.previous.source}</code>):
${plural(c.new, 'new failure')}, ${c.regressed} regressed, ${c.fixed} fixed${c.gone > 0 && ` (${c.gone} gone)`}, ${c['still-failing']} still failing, ${c['newly-muted']} newly muted.</p>
${renderList('New failures', 'changes-new', byState('new'), 'No new failure.')}
${renderList('Regressed: passed last time', 'changes-regressed', byState('regressed'), 'Nothing regressed.')}
${renderList('Fixed or gone', 'changes-fixed', fixedRows(changes.fixed), 'Nothing fixed since the last run.')}
${newlyMuted.length > 0 && renderList('Newly muted', 'changes-muted', newlyMuted, '')}
</section>`;
}

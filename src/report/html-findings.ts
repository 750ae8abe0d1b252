/**
 * The findings of one API (or of the account): failed checks first, then checks that could not
 * be evaluated, then a collapsed list of what passed or did not apply. A check's remediation is
 * rendered once per API however many of its resources fail.
 */
import { severityRank, type Severity, type Status } from '../engine/types.js';
import { renderEvidence } from './html-evidence.js';
import { plural, severityBadge, statusBadge } from './html-parts.js';
import { html, httpsUrl, type Html } from './html-safe.js';
import type { ReportCheck, ReportResult } from './model.js';

interface CheckGroup {
  checkId: string;
  check: ReportCheck | undefined;
  severity: Severity;
  status: Status;
  results: ReportResult[];
}

/**
 * One group per (check, status, severity), in the report's result order. A check can fail at a
 * raised severity on some resources (an `Allow *:*` policy among wildcard ones): those results
 * get their own group, so the severity filter shows them.
 */
function groupResults(results: readonly ReportResult[], checks: ReadonlyMap<string, ReportCheck>): CheckGroup[] {
  const groups = new Map<string, CheckGroup>();
  for (const result of results) {
    const key = `${result.status}\u0000${result.checkId}\u0000${result.severity}`;
    let group = groups.get(key);
    if (!group) {
      group = { checkId: result.checkId, check: checks.get(result.checkId), severity: result.severity, status: result.status, results: [] };
      groups.set(key, group);
    }
    group.results.push(result);
  }
  return [...groups.values()];
}

function bySeverityThenId(a: CheckGroup, b: CheckGroup): number {
  return severityRank(a.severity) - severityRank(b.severity) || (a.checkId < b.checkId ? -1 : a.checkId > b.checkId ? 1 : 0);
}

function checkTitle(group: CheckGroup): Html {
  return html`${group.check?.title ?? group.checkId} <a class="muted" href="#check-${group.checkId}"><code>${group.checkId}</code></a>`;
}

function renderDocs(docs: string | undefined): Html | false {
  if (docs === undefined) return false;
  const url = httpsUrl(docs);
  return url
    ? html`<p><a href="${url}" rel="noopener noreferrer" target="_blank">AWS documentation</a></p>`
    : html`<p class="muted">Documentation: <code>${docs}</code></p>`;
}

function renderFix(check: ReportCheck | undefined): Html | false {
  if (!check) return false;
  const { text, cli, docs } = check.remediation;
  return html`<div class="fix"><p><strong>Fix:</strong> ${text}</p>${cli !== undefined && html`<pre><code>${cli}</code></pre>`}${renderDocs(docs)}</div>`;
}

/** `orders-api/prod` is shown as `prod` within the section of `orders-api`. */
function shortName(name: string, apiName: string | undefined): string {
  return apiName !== undefined && name.startsWith(`${apiName}/`) ? name.slice(apiName.length + 1) : name;
}

function renderGroup(group: CheckGroup, apiName: string | undefined): Html {
  const results = group.results.map(
    (result) => html`<li><strong>${shortName(result.resource.name, apiName)}</strong>: ${result.message}${renderEvidence(result.evidence)}</li>`,
  );
  return html`<article class="finding ${group.status}" data-status="${group.status}" data-severity="${group.severity}">
<h3>${statusBadge(group.status)} ${severityBadge(group.severity)} ${checkTitle(group)}</h3><ul class="results">${results}</ul>${
    group.status === 'FAIL' && renderFix(group.check)
  }</article>`;
}

function renderPassed(groups: readonly CheckGroup[], apiName: string | undefined): Html | false {
  if (groups.length === 0) return false;
  const passed = groups.filter((g) => g.status === 'PASS').length;
  const notApplicable = groups.length - passed;
  const label = [passed > 0 && `${plural(passed, 'check')} passed`, notApplicable > 0 && `${plural(notApplicable, 'check')} not applicable`]
    .filter(Boolean)
    .join(' · ');
  const items = groups.map((group) => {
    const names = group.results.map((r) => shortName(r.resource.name, apiName)).filter((name) => name !== apiName);
    return html`<li data-status="${group.status}" data-severity="${group.severity}">${statusBadge(group.status)} ${group.check?.title ?? group.checkId}${names.length > 0 && html` <span class="muted">(${names.join(', ')})</span>`}</li>`;
  });
  return html`<details class="passed"><summary>${label}</summary><ul class="plain">${items}</ul></details>`;
}

/** `apiName` shortens resource names within one API's section; undefined for account results. */
export function renderFindings(
  results: readonly ReportResult[],
  checks: ReadonlyMap<string, ReportCheck>,
  apiName?: string,
): Html {
  if (results.length === 0) return html`<p class="muted">No check produced a result here.</p>`;
  const groups = groupResults(results, checks);
  const of = (status: Status) => groups.filter((g) => g.status === status).sort(bySeverityThenId);
  const passed = groups.filter((g) => g.status === 'PASS' || g.status === 'NOT_APPLICABLE').sort(bySeverityThenId);
  const render = (group: CheckGroup) => renderGroup(group, apiName);
  return html`${of('FAIL').map(render)}${of('ERROR').map(render)}${renderPassed(passed, apiName)}`;
}

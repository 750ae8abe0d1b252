/**
 * Muted findings in the HTML report: listed apart, never among the failures. Each API's section
 * shows its muted results as MUTED with the rule's reason; the "Muted findings" section lists
 * every muted result with its rule, reason, owner and expiry, and the rules that expired or
 * matched nothing.
 */
import type { MuteRuleSummary, MuteSummary } from '../mute/schema.js';
import { consoleLink, renderFindings } from './html-findings.js';
import { plural, scrollBox, severityBadge, statusBadge } from './html-parts.js';
import { html, type Html } from './html-safe.js';
import type { Report, ReportCheck, ReportResult } from './model.js';

type MutedResult = ReportResult & { muted: NonNullable<ReportResult['muted']> };

function isMutedResult(result: ReportResult): result is MutedResult {
  return result.muted !== undefined;
}

function consoleLinkAfter(result: ReportResult): Html | false {
  const link = consoleLink(result.resource);
  return link && html` ${link}`;
}

function mutedTag(): Html {
  return html`<span class="tag" title="accepted by a mute rule: counts in no score, grade or exit code">MUTED</span>`;
}

function expiryText(expires: string | undefined): string {
  return expires === undefined ? 'no expiry' : `until ${expires}`;
}

/** One API's (or the account's) findings: the unmuted ones as usual, then the muted ones apart. */
export function renderFindingsWithMutes(results: readonly ReportResult[], checks: ReadonlyMap<string, ReportCheck>, apiName?: string): Html {
  const muted = results.filter(isMutedResult);
  if (muted.length === 0) return renderFindings(results, checks, apiName);
  const items = muted.map(
    (r) => html`<li data-status="MUTED" data-severity="${r.severity}" data-check="${r.checkId}">${mutedTag()} ${statusBadge(r.status)} ${severityBadge(r.severity)}
${checks.get(r.checkId)?.title ?? r.checkId} <span class="muted">(${r.resource.name})</span>${consoleLinkAfter(r)}: ${r.muted.reason}
<span class="muted">rule <code>${r.muted.rule}</code>, ${r.muted.owner}, ${expiryText(r.muted.expires)}</span></li>`,
  );
  return html`${renderFindings(results.filter((r) => !isMutedResult(r)), checks, apiName)}
<details class="passed muted-findings"><summary>${plural(muted.length, 'muted result')} <a href="#muted">(accepted findings)</a></summary><ul class="plain">${items}</ul></details>`;
}

/** What the rule did in this run; the states that need attention are flagged. */
function ruleState(rule: MuteRuleSummary): { text: string; warn: boolean } {
  switch (rule.state) {
    case 'applied':
      return { text: `muted ${rule.muted}`, warn: false };
    case 'expired':
      return { text: `EXPIRED: mutes nothing (${plural(rule.matched, 'match', 'matches')})`, warn: true };
    case 'unmatched':
      return { text: 'matched nothing', warn: true };
    case 'skipped':
      return { text: 'skipped (tags unknown)', warn: true };
    case 'other-account':
      return { text: 'for other accounts', warn: false };
  }
}

function ruleRow(rule: MuteRuleSummary): Html {
  const { text, warn } = ruleState(rule);
  return html`<tr><td><code>${rule.id}</code></td><td>${rule.reason}</td><td>${rule.owner}</td><td>${rule.expires ?? '—'}</td>
<td>${warn ? html`<span class="tag warn">${text}</span>` : text}</td></tr>`;
}

function renderRules(mutes: MuteSummary): Html {
  return scrollBox(html`<table><thead><tr><th>Rule</th><th>Reason</th><th>Owner</th><th>Expires</th><th>This run</th></tr></thead>
<tbody>${mutes.rules.map(ruleRow)}</tbody></table>`);
}

function renderMutedTable(muted: readonly MutedResult[], checks: ReadonlyMap<string, ReportCheck>): Html {
  if (muted.length === 0) return html`<p class="muted">No result was muted.</p>`;
  const rows = muted.map(
    (r) => html`<tr data-status="MUTED"><td>${statusBadge(r.status)} ${severityBadge(r.severity)}</td>
<td>${checks.get(r.checkId)?.title ?? r.checkId} <a class="muted" href="#check-${r.checkId}"><code>${r.checkId}</code></a></td>
<td>${r.resource.name}${consoleLinkAfter(r)}<div class="muted">${r.resource.region}</div></td>
<td><code>${r.muted.rule}</code></td><td>${r.muted.reason}</td><td>${r.muted.owner}</td><td>${r.muted.expires ?? '—'}</td></tr>`,
  );
  return scrollBox(html`<table><thead><tr><th>Result</th><th>Check</th><th>Resource</th><th>Rule</th><th>Reason</th><th>Owner</th><th>Expires</th></tr></thead>
<tbody>${rows}</tbody></table>`);
}

/** The "Muted findings" section; nothing when no mute file was given and no result is muted. */
export function renderMutes(report: Report, checks: ReadonlyMap<string, ReportCheck>): Html | false {
  const muted = report.results.filter(isMutedResult);
  if (report.mutes === undefined && muted.length === 0) return false;
  const source = report.mutes && html` by the rules of <code>${report.mutes.file}</code>`;
  // On a line of its own after the account results; nothing at all (not even a line) without mutes.
  return html`
<section id="muted"><h2>Muted findings</h2>
<p class="muted">Findings accepted${source}: each keeps its result, but counts in no score, grade, ranking or exit code.
A muted check that could not be evaluated still leaves the scan incomplete.</p>
${renderMutedTable(muted, checks)}
${report.mutes && html`<h3>Rules</h3>${renderRules(report.mutes)}`}</section>`;
}

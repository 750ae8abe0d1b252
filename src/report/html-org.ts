/**
 * The organisation report page: one self-contained file like the account report (the same
 * stylesheet, script and Content-Security-Policy; every value escaped) — accounts ranked worst
 * first with their scores, grade distributions and critical counts, then every API of every
 * account ranked riskiest first.
 */
import type { Grade } from '../engine/scoring.js';
import { SEVERITIES } from '../engine/types.js';
import { CONTENT_SECURITY_POLICY, SCRIPT, STYLE } from './html-assets.js';
import { renderCompliance } from './html-compliance.js';
import { apiKind, gradeBadge, gradeClass, plural, severityBadge, time } from './html-parts.js';
import { Html, html } from './html-safe.js';
import type { OrganisationAccount, OrganisationApi, OrganisationReport } from './merge.js';
import { GRADES } from './model.js';

function accountAnchor(account: string): string {
  return `account-${account}`;
}

function scoreText(score: number | null): string {
  return score === null ? '—' : String(score);
}

function gradeBar(grades: Record<Grade, number>, total: number, height = 14): Html {
  let x = 0;
  const rects = GRADES.filter((grade) => grades[grade] > 0).map((grade) => {
    const width = total > 0 ? (1000 * grades[grade]) / total : 0;
    const rect = html`<rect class="fill-${gradeClass(grade)}" x="${x.toFixed(1)}" y="0" width="${width.toFixed(1)}" height="${height}"></rect>`;
    x += width;
    return rect;
  });
  const label = GRADES.map((grade) => `${grade}: ${grades[grade]}`).join(', ');
  return html`<svg class="stack" viewBox="0 0 1000 ${height}" preserveAspectRatio="none" role="img" aria-label="${label}">${rects}</svg>`;
}

function gradeCounts(grades: Record<Grade, number>): string {
  return GRADES.filter((grade) => grades[grade] > 0)
    .map((grade) => `${grade} ${grades[grade]}`)
    .join(' · ');
}

function renderHeader(report: OrganisationReport): Html {
  const partitions = [...new Set(report.accounts.map((a) => a.partition))].sort();
  const regions = new Set(report.accounts.flatMap((a) => a.regions));
  return html`<header>
<h1>API Gateway security posture: ${plural(report.totals.accounts, 'account')}</h1>
<dl class="meta">
<div><dt>Accounts</dt><dd>${report.totals.accounts}</dd></div>
<div><dt>Partitions</dt><dd>${partitions.length > 0 ? partitions.join(', ') : 'none'}</dd></div>
<div><dt>Regions</dt><dd>${regions.size}</dd></div>
<div><dt>Report generated</dt><dd>${time(report.generatedAt)}</dd></div>
<div><dt>Tool</dt><dd>${report.tool.name} ${report.tool.version}</dd></div>
</dl>
</header>`;
}

function renderBanner(report: OrganisationReport): Html {
  const incomplete = report.accounts.filter((a) => !a.complete);
  const notes =
    report.notes.length > 0 && html`<ul class="plain">${report.notes.map((note) => html`<li>${note}</li>`)}</ul>`;
  if (incomplete.length === 0) {
    return html`<section class="banner complete" role="status"><strong>Every account’s scan is complete.</strong>
Every region and API was collected and every check could be evaluated.${notes}</section>`;
  }
  const links = incomplete.map(
    (a, i) => html`${i > 0 && ', '}<a href="#${accountAnchor(a.account)}"><code>${a.account}</code></a>`,
  );
  return html`<section class="banner incomplete" role="alert"><strong>Incomplete:</strong>
${plural(incomplete.length, 'account')} of ${report.totals.accounts} could not be fully scanned (${links}).
Their scores and grades cover only what could be collected and evaluated; see each account’s report.${notes}</section>`;
}

function renderCards(report: OrganisationReport): Html {
  const { totals } = report;
  const severities = SEVERITIES.map(
    (severity) => html`<li>${severityBadge(severity)}<span>${totals.failuresBySeverity[severity]}</span></li>`,
  );
  return html`<div class="cards">
<section class="card"><h2>Organisation score</h2><div class="big">${scoreText(totals.score)} ${gradeBadge(totals.grade)}</div>
<div class="muted">over every account’s API results; see <a href="#scoring">scoring</a></div></section>
<section class="card"><h2>Accounts</h2><div class="big">${totals.accounts}</div>
<div class="muted">${totals.completeAccounts} complete${totals.accounts > totals.completeAccounts && `; ${totals.accounts - totals.completeAccounts} incomplete`}</div>
<ul class="legend">${GRADES.map((grade) => html`<li>${gradeBadge(grade)} ${totals.accountGrades[grade]}</li>`)}</ul></section>
<section class="card"><h2>APIs</h2><div class="big">${totals.apis}</div>
${totals.apis > 0 ? gradeBar(totals.grades, totals.apis) : html`<p class="muted">No APIs.</p>`}
<ul class="legend">${GRADES.map((grade) => html`<li>${gradeBadge(grade)} ${totals.grades[grade]}</li>`)}</ul></section>
<section class="card"><h2>Failures by severity</h2><ul class="sevlist">${severities}</ul></section>
</div>`;
}

function renderAccountRow(account: OrganisationAccount, index: number): Html {
  const failures = account.failuresBySeverity;
  return html`<tr id="${accountAnchor(account.account)}"><td class="num">${index + 1}</td>
<td><code>${account.account}</code>${!account.complete && html` <span class="tag warn" title="some data could not be collected or evaluated">incomplete</span>`}
<div class="muted">${account.partition} · ${account.regions.length > 0 ? account.regions.join(', ') : 'no region'}</div></td>
<td>${gradeBadge(account.grade)}</td><td class="num">${scoreText(account.score)}</td><td class="num">${account.apis}</td>
<td>${account.apis > 0 ? gradeBar(account.grades, account.apis) : ''}<div class="muted">${gradeCounts(account.grades) || 'no APIs'}</div></td>
<td class="num">${account.criticalFailures}</td><td class="num">${failures.high}</td><td class="num">${failures.medium + failures.low}</td>
<td class="num">${account.collectionErrors}</td>
<td><code>${account.source}</code><div class="muted">${time(account.generatedAt)}</div></td></tr>`;
}

function renderAccounts(report: OrganisationReport): Html {
  if (report.accounts.length === 0) return html`<p class="muted">No accounts.</p>`;
  return html`<table><thead><tr><th class="num">#</th><th>Account</th><th>Grade</th><th class="num">Score</th><th class="num">APIs</th>
<th>API grades</th><th class="num">Critical</th><th class="num">High</th><th class="num">Medium + low</th><th class="num">Collection errors</th><th>Report</th></tr></thead>
<tbody>${report.accounts.map(renderAccountRow)}</tbody></table>`;
}

function renderApiRow(entry: OrganisationApi, index: number): Html {
  const { api, counts } = entry;
  return html`<tr><td class="num">${index + 1}</td>
<td><span class="api-name">${api.name}</span>${entry.incomplete && html` <span class="tag warn" title="some checks could not be evaluated">incomplete</span>`}
<div class="muted">${apiKind(api.type)} · <code>${api.arn}</code></div></td>
<td><a href="#${accountAnchor(entry.account)}"><code>${entry.account}</code></a></td><td>${api.region}</td>
<td>${gradeBadge(entry.grade)}</td><td class="num">${scoreText(entry.score)}</td>
<td class="num">${entry.failedBySeverity.critical}</td><td class="num">${counts.FAIL}</td><td class="num">${counts.PASS}</td><td class="num">${counts.ERROR}</td></tr>`;
}

function renderApis(report: OrganisationReport): Html {
  if (report.apis.length === 0) return html`<p class="muted">No APIs were found in the accounts’ scanned regions.</p>`;
  return html`<table><thead><tr><th class="num">#</th><th>API</th><th>Account</th><th>Region</th><th>Grade</th><th class="num">Score</th>
<th class="num">Critical</th><th class="num">Failed</th><th class="num">Passed</th><th class="num">Errors</th></tr></thead>
<tbody>${report.apis.map(renderApiRow)}</tbody></table>`;
}

function renderScoring(scoring: OrganisationReport['scoring']): Html {
  const weights = SEVERITIES.map(
    (severity) => html`<tr><td>${severityBadge(severity)}</td><td class="num">${scoring.severityWeights[severity]}</td></tr>`,
  );
  const floors = scoring.gradeFloors.map((floor) => html`<tr><td>${gradeBadge(floor.grade)}</td><td class="num">${floor.min}</td></tr>`);
  const caps = [
    ...scoring.gradeCaps.map(
      (cap) => html`<li>while it fails a ${severityBadge(cap.severity)} check, its grade is at best ${gradeBadge(cap.maxGrade)}</li>`,
    ),
    ...scoring.unevaluatedGradeCaps.map(
      (cap) => html`<li>while a ${severityBadge(cap.severity)} check could not be evaluated, its grade is at best ${gradeBadge(cap.maxGrade)}</li>`,
    ),
  ];
  return html`<section id="scoring"><h2>How scores are computed</h2>
<p>${scoring.formula}</p>
<p>${scoring.accountFormula}</p>
<p>${scoring.ranking} Accounts are ranked the same way.</p>
<p class="muted">${scoring.details}</p>
<div class="cards">
<div class="card"><h2>Severity weights</h2><table><tbody>${weights}</tbody></table></div>
<div class="card"><h2>Grade: minimum score</h2><table><tbody>${floors}</tbody></table></div>
<div class="card"><h2>Grade caps</h2><ul>${caps}</ul></div>
</div></section>`;
}

function renderSources(report: OrganisationReport): Html {
  const rows = report.sources.map(
    (s) => html`<tr><td><code>${s.file}</code></td><td><code>${s.account}</code></td><td>${time(s.generatedAt)}</td>
<td>${s.toolVersion}</td><td>${s.used ? 'used' : html`<span class="tag warn">ignored</span> older than <code>${s.supersededBy ?? ''}</code>`}</td></tr>`,
  );
  return html`<section id="sources"><h2>Reports merged</h2>
<table><thead><tr><th>File</th><th>Account</th><th>Generated</th><th>Tool</th><th>Used</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

export function renderOrganisationHtml(report: OrganisationReport): string {
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API Gateway security posture: ${plural(report.totals.accounts, 'account')}</title>
<link rel="icon" href="data:,">
<style>${Html.trusted(STYLE)}</style>
</head>
<body>
${renderHeader(report)}
${renderBanner(report)}
${renderCards(report)}
${renderCompliance(report.compliance, { linkChecks: false })}
<section id="accounts"><h2>Accounts, riskiest first</h2>
<p class="muted">${report.scoring.accountFormula} <a href="#scoring">How scores are computed</a></p>
${renderAccounts(report)}
</section>
<section id="apis"><h2>APIs across accounts, riskiest first</h2>
<p class="muted">${report.scoring.formula} ${report.scoring.ranking}</p>
${renderApis(report)}
</section>
${renderScoring(report.scoring)}
${renderSources(report)}
<footer>Generated by ${report.tool.name} ${report.tool.version} · organisation report schema v${report.schemaVersion}.
Every finding with its evidence is in each account’s own report.</footer>
<script>${Html.trusted(SCRIPT)}</script>
</body>
</html>
`;
  return page.toString();
}

/**
 * The organisation report page: one self-contained file like the account report (the same
 * stylesheet, script and Content-Security-Policy; every value escaped) — accounts ranked worst
 * first with their scores, grade distributions and critical counts (and a link to each account's
 * own report.html when it is known), the checks that fail in the most accounts, then every API of
 * every account ranked riskiest first, with a search and filters. Every table sorts by any column.
 */
import type { Grade } from '../engine/scoring.js';
import { SEVERITIES, apisOf, severityRank, type Severity } from '../engine/types.js';
import { CONTENT_SECURITY_POLICY, SCRIPT, STYLE } from './html-assets.js';
import { renderCompliance } from './html-compliance.js';
import { accountFilter, checkFilter, FailureTally, isNonPassing, regionFilter, typeFilter, type ApiAnchor, type CheckOption } from './html-checks.js';
import { apiKind, column, gradeBadge, gradeClass, gradeKey, plural, scoreKey, scrollBox, severityBadge, time } from './html-parts.js';
import { Html, html } from './html-safe.js';
import type { OrganisationAccount, OrganisationApi, OrganisationReport } from './merge.js';
import { GRADES, type Report, type ReportCheck, type ReportResult } from './model.js';

export interface OrganisationHtmlOptions {
  /**
   * The account reports merged (superseded ones left out): the check filter and the most-failed
   * checks come from their results. Without them (or their digests) the page has neither.
   */
  accounts?: readonly Report[];
  /** What the page needs of each merged account's results (`digestAccountResults`), in the merge's order, instead of `accounts`. */
  accountDigests?: readonly AccountResultsDigest[];
  /** Each account's report.html, relative to the organisation report's folder, when it is known to be there. */
  accountReportLinks?: ReadonlyMap<string, string>;
}

/** A failing check in one account: what the most-failed table adds up. */
interface AccountFailures {
  severity: Severity;
  /** Distinct failing resources. */
  resources: number;
  /** Its `FailureTally` cells in this account. */
  tally: string;
}

/**
 * What the page needs of one account's results, so that `merge` need not hold the report:
 * non-passing checks by API, the gravest severity of each non-passing check, and each failing
 * check's resources and filter tally.
 */
export interface AccountResultsDigest {
  account: string;
  checks: readonly ReportCheck[];
  /** `nonPassingChecks` of each API's results, where not empty. */
  apiChecks: Map<string, string>;
  /** Each check with a non-passing result: its gravest severity among them. */
  nonPassing: Map<string, Severity>;
  /** Each check with an unmuted FAIL. */
  failing: Map<string, AccountFailures>;
}

function graver(a: Severity, b: Severity): Severity {
  return severityRank(b) < severityRank(a) ? b : a;
}

export function digestAccountResults(report: Report): AccountResultsDigest {
  const account = report.scan.account;
  const byApi = new Map<string, Set<string>>();
  const nonPassing = new Map<string, Severity>();
  const failingResults = new Map<string, ReportResult[]>();
  for (const result of report.results) {
    if (!isNonPassing(result)) continue;
    for (const arn of apisOf(result.resource)) {
      const checks = byApi.get(arn) ?? new Set<string>();
      checks.add(result.checkId);
      byApi.set(arn, checks);
    }
    const known = nonPassing.get(result.checkId);
    nonPassing.set(result.checkId, known === undefined ? result.severity : graver(known, result.severity));
    if (result.status === 'FAIL') {
      const list = failingResults.get(result.checkId) ?? [];
      list.push(result);
      failingResults.set(result.checkId, list);
    }
  }
  const apiOf = apisOfReport(report);
  const failing = new Map<string, AccountFailures>();
  for (const [checkId, results] of failingResults) {
    const tally = new FailureTally();
    for (const result of results) tally.add(result, apiOf, account);
    failing.set(checkId, {
      severity: results.map((r) => r.severity).reduce(graver),
      resources: new Set(results.map((r) => r.resource.arn)).size,
      tally: tally.toString(),
    });
  }
  return {
    account,
    checks: report.checks,
    apiChecks: new Map([...byApi].map(([arn, checks]) => [arn, [...checks].sort().join(' ')])),
    nonPassing,
    failing,
  };
}

/** What the page needs from the account reports, by account and API. */
interface AccountResults {
  digests: readonly AccountResultsDigest[];
  /** Non-passing check ids by `account \0 api ARN`. */
  byApi: Map<string, string>;
  checks: Map<string, ReportCheck>;
}

function apiKey(account: string, arn: string): string {
  return `${account}\u0000${arn}`;
}

function accountResults(digests: readonly AccountResultsDigest[]): AccountResults {
  const byApi = new Map<string, string>();
  const checks = new Map<string, ReportCheck>();
  for (const digest of digests) {
    for (const check of digest.checks) if (!checks.has(check.id)) checks.set(check.id, check);
    for (const [arn, ids] of digest.apiChecks) byApi.set(apiKey(digest.account, arn), ids);
  }
  return { digests, byApi, checks };
}

/** Checks some API or the account does not pass, gravest first (the options of `checkViews`, over every account). */
function nonPassingOptions({ digests, checks }: AccountResults): CheckOption[] {
  const gravest = new Map<string, Severity>();
  for (const digest of digests) {
    for (const [checkId, severity] of digest.nonPassing) {
      const known = gravest.get(checkId);
      gravest.set(checkId, known === undefined ? severity : graver(known, severity));
    }
  }
  return [...gravest]
    .map(([checkId, severity]) => ({ checkId, title: checks.get(checkId)?.title ?? checkId, severity }))
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || (a.checkId < b.checkId ? -1 : a.checkId > b.checkId ? 1 : 0));
}

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

function renderAccountRow(account: OrganisationAccount, index: number, link: string | undefined): Html {
  const failures = account.failuresBySeverity;
  return html`<tr id="${accountAnchor(account.account)}"><td class="num">${index + 1}</td>
<td><code class="key">${account.account}</code>${!account.complete && html` <span class="tag warn" title="some data could not be collected or evaluated">incomplete</span>`}
<div class="muted">${account.partition} · ${account.regions.length > 0 ? account.regions.join(', ') : 'no region'}</div></td>
<td data-v="${gradeKey(account.grade)}">${gradeBadge(account.grade)}</td><td class="num" data-v="${scoreKey(account.score)}">${scoreText(account.score)}</td><td class="num">${account.apis}</td>
<td>${account.apis > 0 ? gradeBar(account.grades, account.apis) : ''}<div class="muted">${gradeCounts(account.grades) || 'no APIs'}</div></td>
<td class="num">${account.criticalFailures}</td><td class="num">${failures.high}</td><td class="num">${failures.medium + failures.low}</td>
<td class="num">${account.collectionErrors}</td>
<td>${link !== undefined && html`<a class="account-report" href="${link}">Open its report</a>`}<div><code class="key">${account.source}</code></div><div class="muted">${time(account.generatedAt)}</div></td></tr>`;
}

const COUNT = { sort: 'num', descendingFirst: true } as const;

function renderAccounts(report: OrganisationReport, links: ReadonlyMap<string, string> | undefined): Html {
  if (report.accounts.length === 0) return html`<p class="muted">No accounts.</p>`;
  const head = html`<thead><tr>${column('#', { sort: 'num', sorted: 'ascending' })}${column('Account')}${column('Grade', { sort: 'num' })}${column('Score', {
    sort: 'num',
  })}${column('APIs', COUNT)}
<th scope="col">API grades</th>${column('Critical', COUNT)}${column('High', COUNT)}${column('Medium + low', COUNT)}${column('Collection errors', COUNT)}${column('Report')}</tr></thead>`;
  return scrollBox(html`<table class="accounts sortable" aria-label="Accounts">${head}
<tbody>${report.accounts.map((account, i) => renderAccountRow(account, i, links?.get(account.account)))}</tbody></table>`);
}

interface MostFailed {
  checkId: string;
  title: string;
  severity: Severity;
  /** Failing resources by account. */
  byAccount: Map<string, number>;
  resources: number;
  /** Its counts under each account, region and API type filter (`FailureTally`, account after account). */
  tally: string[];
}

/** An account report's APIs, for the region and type filters. */
function apisOfReport(report: Report): ApiAnchor {
  const byArn = new Map(report.apis.map(({ api }) => [api.arn, { name: api.name, anchor: undefined, region: api.region, type: api.type }]));
  return (arn) => byArn.get(arn);
}

/** Checks by the number of accounts where they fail, then failing resources, gravity and id. */
function mostFailedChecks({ digests, checks }: AccountResults): MostFailed[] {
  const byCheck = new Map<string, MostFailed>();
  for (const digest of digests) {
    for (const [checkId, failures] of digest.failing) {
      let entry = byCheck.get(checkId);
      if (!entry) {
        entry = { checkId, title: checks.get(checkId)?.title ?? checkId, severity: failures.severity, byAccount: new Map(), resources: 0, tally: [] };
        byCheck.set(checkId, entry);
      }
      entry.severity = graver(entry.severity, failures.severity);
      entry.byAccount.set(digest.account, failures.resources);
      entry.resources += failures.resources;
      if (failures.tally !== '') entry.tally.push(failures.tally);
    }
  }
  return [...byCheck.values()].sort(
    (a, b) =>
      b.byAccount.size - a.byAccount.size ||
      b.resources - a.resources ||
      severityRank(a.severity) - severityRank(b.severity) ||
      (a.checkId < b.checkId ? -1 : a.checkId > b.checkId ? 1 : 0),
  );
}

/** The filters recount a row: its cells and its accounts' lines name what they count (`data-count`). */
function renderMostFailedRow(row: MostFailed): Html {
  const accounts = [...row.byAccount].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return html`<tr data-check="${row.checkId}" data-severity="${row.severity}" data-tally="${row.tally.join(' ')}"><td><code>${row.checkId}</code></td>
<td>${row.title}<details class="resources"><summary>in <span data-count="accounts" data-one="account" data-many="accounts">${plural(accounts.length, 'account')}</span></summary><ul class="plain">${accounts.map(
    ([account, resources]) =>
      html`<li data-account="${encodeURIComponent(account)}"><a href="#${accountAnchor(account)}"><code>${account}</code></a>: <span data-count="resources" data-one="resource" data-many="resources">${plural(
        resources,
        'resource',
      )}</span></li>`,
  )}</ul></details></td>
<td data-v="${severityRank(row.severity)}">${severityBadge(row.severity)}</td><td class="num" data-count="accounts">${row.byAccount.size}</td><td class="num" data-count="resources">${row.resources}</td></tr>`;
}

function renderMostFailed(results: AccountResults | undefined): Html | false {
  if (results === undefined) return false;
  const rows = mostFailedChecks(results);
  const head = html`<thead><tr>${column('Check')}${column('Title')}${column('Severity', { sort: 'num' })}${column('Accounts affected', {
    ...COUNT,
    sorted: 'descending',
  })}${column('Resources failing', COUNT)}</tr></thead>`;
  return html`<section id="most-failed"><h2>Most-failed checks across accounts</h2>
<p class="muted">Each check that fails somewhere, by the number of accounts where it fails; muted results are left out.</p>
${rows.length === 0 ? html`<p class="muted">No check fails in any account.</p>` : scrollBox(html`<table class="most-failed sortable" aria-label="Most-failed checks across accounts">${head}<tbody>${rows.map(renderMostFailedRow)}</tbody></table>`)}
</section>`;
}

function renderApiRow(entry: OrganisationApi, index: number, results: AccountResults | undefined): Html {
  const { api, counts } = entry;
  const checks = results && (results.byApi.get(apiKey(entry.account, api.arn)) ?? '');
  return html`<tr data-row="org-api-${index + 1}" data-account="${entry.account}" data-region="${api.region}" data-type="${api.type}"${
    checks !== undefined && checks !== '' && html` data-checks="${checks}"`
  }><td class="num">${index + 1}</td>
<td><span class="api-name key">${api.name}</span>${entry.incomplete && html` <span class="tag warn" title="some checks could not be evaluated">incomplete</span>`}
<div class="muted">${apiKind(api.type)} · <code>${api.arn}</code></div></td>
<td><a href="#${accountAnchor(entry.account)}"><code>${entry.account}</code></a></td><td>${api.region}</td>
<td data-v="${gradeKey(entry.grade)}">${gradeBadge(entry.grade)}</td><td class="num" data-v="${scoreKey(entry.score)}">${scoreText(entry.score)}</td>
<td class="num">${entry.failedBySeverity.critical}</td><td class="num">${entry.failedBySeverity.high}</td><td class="num">${counts.FAIL}</td><td class="num">${counts.PASS}</td><td class="num">${counts.ERROR}</td></tr>`;
}

function renderApiFilters(report: OrganisationReport, results: AccountResults | undefined): Html {
  const checks = results ? nonPassingOptions(results) : [];
  return html`<nav class="filters" id="filters" aria-label="Filter checks and APIs" hidden>
<input type="search" id="filter-text" placeholder="Search API names, ARNs, accounts…" aria-label="Search">
${accountFilter(report.accounts.map((a) => a.account))}
${regionFilter(report.apis.map((a) => a.api.region))}
${typeFilter()}
${checkFilter(checks)}
<button type="button" id="filter-reset">Reset</button>
<span class="muted" id="filter-count">${plural(report.apis.length, 'API')}</span>
</nav>`;
}

function renderApis(report: OrganisationReport, results: AccountResults | undefined): Html {
  if (report.apis.length === 0) return html`<p class="muted">No APIs were found in the accounts’ scanned regions.</p>`;
  const head = html`<thead><tr>${column('#', { sort: 'num', sorted: 'ascending' })}${column('API')}${column('Account')}${column('Region')}${column('Grade', {
    sort: 'num',
  })}${column('Score', { sort: 'num' })}
${column('Critical', COUNT)}${column('High', COUNT)}${column('Failed', COUNT)}${column('Passed', { sort: 'num' })}${column('Errors', COUNT)}</tr></thead>`;
  return html`${scrollBox(html`<table class="org-apis sortable" aria-label="APIs across accounts">${head}
<tbody>${report.apis.map((entry, i) => renderApiRow(entry, i, results))}</tbody></table>`)}`;
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
${scrollBox(html`<table class="sortable" aria-label="Reports merged"><thead><tr>${['File', 'Account', 'Generated', 'Tool', 'Used'].map((label) => column(label))}</tr></thead><tbody>${rows}</tbody></table>`)}</section>`;
}

export function renderOrganisationHtml(report: OrganisationReport, options: OrganisationHtmlOptions = {}): string {
  const digests = options.accountDigests ?? options.accounts?.map(digestAccountResults);
  const results = digests && accountResults(digests);
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
${renderAccounts(report, options.accountReportLinks)}
</section>
${report.apis.length > 0 && renderApiFilters(report, results)}
${renderMostFailed(results)}
<section id="apis"><h2>APIs across accounts, riskiest first</h2>
<p class="muted">${report.scoring.formula} ${report.scoring.ranking}</p>
${renderApis(report, results)}
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

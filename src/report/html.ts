/**
 * The HTML report: one self-contained page. It fetches nothing (a strict CSP enforces it),
 * escapes everything it shows, and reads top-down: completeness, summary, ranked APIs, then
 * the findings of each API in collapsed sections.
 */
import { SEVERITIES } from '../engine/types.js';
import { groupedByApi } from '../engine/scoring.js';
import { SEVERITY_RANK } from '../model/results.js';
import { FRAMEWORKS, mappedIds } from '../model/frameworks/index.js';
import { GRADES, type Report, type ReportApi, type ReportCheck, type ReportResult } from './model.js';
import { CONTENT_SECURITY_POLICY, SCRIPT, STYLE } from './html-assets.js';
import { renderFindingsWithMutes, renderMutes } from './html-mutes.js';
import { renderCompliance } from './html-compliance.js';
import { renderChanges } from './html-changes.js';
import { apiKind, column, gradeBadge, gradeClass, gradeKey, plural, scoreKey, scrollBox, severityBadge, time } from './html-parts.js';
import {
  checkFilter,
  checkViews,
  isNonPassing,
  nonPassingChecks,
  regionFilter,
  renderCheckView,
  typeFilter,
  type ApiAnchor,
  type CheckFailures,
  type CheckOption,
} from './html-checks.js';
import { Html, html } from './html-safe.js';
import { selectionLine } from './selection-text.js';

/** Collection errors listed in the banner; the rest fold away, so the findings stay near the top. */
const MAX_ERRORS_SHOWN = 3;
const MAX_CRITICAL_SHOWN = 5;

/**
 * How many APIs, worst first, get a findings section. A section weighs about 12 kB and a
 * browser parses a few MB/s of them: 10,000 sections (125 MB) took 15 to 40 s to open in
 * Chromium (bench/report-open.ts --sections all). The other APIs keep their table row, which
 * the filters and search still cover; report.json has every result.
 */
export const MAX_API_SECTIONS = 250;

export interface HtmlOptions {
  /** Findings sections for at most this many APIs (default `MAX_API_SECTIONS`). */
  maxApiSections?: number;
}

/**
 * The ranked table is cut into tables of this many rows: the browser lays out a full block
 * only when it nears the viewport (`content-visibility`), so 10,000 rows appear at once.
 */
const ROWS_PER_BLOCK = 250;

const STATUS_ATTRIBUTES = { FAIL: 'data-fail', ERROR: 'data-error', PASS: 'data-pass', NOT_APPLICABLE: 'data-na' } as const;

/** One scored API with its position in the ranking, which also names its page anchor. */
interface RankedApi {
  entry: ReportApi;
  anchor: string;
  results: readonly ReportResult[];
  /** Whether the API has a findings section (the worst `maxApiSections`). */
  detailed: boolean;
}

function rankApis(report: Report, maxSections: number): RankedApi[] {
  const byApi = groupedByApi(report.results);
  return report.apis.map((entry, i) => ({ entry, anchor: `api-${i + 1}`, results: byApi.get(entry.api.arn) ?? [], detailed: i < maxSections }));
}

function renderHeader(report: Report): Html {
  const { scan, tool } = report;
  const selection = selectionLine(report)?.replace(/^Selection: /, '');
  return html`<header>
<h1>API Gateway security posture</h1>
<dl class="meta">
<div><dt>Account</dt><dd><code>${scan.account}</code></dd></div>
<div><dt>Partition</dt><dd>${scan.partition}</dd></div>
<div><dt>Regions</dt><dd>${scan.regions.length ? scan.regions.join(', ') : 'none'}</dd></div>
<div><dt>Collected</dt><dd>${time(scan.collectedAt)}</dd></div>
<div><dt>Report generated</dt><dd>${time(scan.generatedAt)}</dd></div>
<div><dt>Tool</dt><dd>${tool.name} ${tool.version}</dd></div>
${selection !== undefined && html`<div><dt>Selection</dt><dd>${selection}</dd></div>`}
</dl>
</header>`;
}

function renderCollectionErrors(errors: Report['collectionErrors']): Html | false {
  if (errors.length === 0) return false;
  const row = (e: Report['collectionErrors'][number]) =>
    html`<tr><td>${e.service}</td><td>${e.operation}</td><td>${e.region}</td><td><code>${e.resource}</code></td>
<td><code>${e.code}</code>${e.retriesExhausted === true && html` <span class="tag warn">retries exhausted</span>`}</td><td>${e.message}</td></tr>`;
  const head = html`<thead><tr>${['Service', 'Operation', 'Region', 'Resource', 'Code', 'Message'].map((label) => column(label))}</tr></thead>`;
  const table = (rows: Html[]) => scrollBox(html`<table class="sortable" data-sort-group="collection-errors">${head}<tbody>${rows}</tbody></table>`);
  const shown = errors.slice(0, MAX_ERRORS_SHOWN);
  const rest = errors.slice(MAX_ERRORS_SHOWN);
  // Sorting both tables as one brings the errors sorted first into the open one.
  return html`${table(shown.map(row))}${
    rest.length > 0 && html`<details class="more-errors"><summary>${plural(rest.length, 'more collection error')}</summary>${table(rest.map(row))}</details>`
  }`;
}

function renderBanner(report: Report): Html {
  if (report.scan.complete) {
    return html`<section class="banner complete" role="status"><strong>Complete scan.</strong>
Every region and API was collected and every check could be evaluated.</section>`;
  }
  const { summary } = report;
  // A muted result that could not be evaluated is still missing data.
  const errorResults = summary.results.ERROR + (summary.muted?.ERROR ?? 0);
  const parts = [
    summary.collectionErrors > 0 && plural(summary.collectionErrors, 'collection error'),
    errorResults > 0 &&
      `${plural(errorResults, 'result')} could not be evaluated (ERROR)` +
        (summary.incompleteApis > 0 ? ` on ${plural(summary.incompleteApis, 'API')}` : ''),
  ].filter((part): part is string => typeof part === 'string');
  return html`<section class="banner incomplete" role="alert"><strong>Incomplete scan:</strong> ${parts.join('; ')}.
Findings, scores and grades cover only what could be collected and evaluated; fix the access problems below and scan again.
${renderCollectionErrors(report.collectionErrors)}</section>`;
}

function renderGradeBar(report: Report): Html {
  const { grades, apis } = report.summary;
  let x = 0;
  const rects = GRADES.filter((grade) => grades[grade] > 0).map((grade) => {
    const width = (1000 * grades[grade]) / apis;
    const rect = html`<rect class="fill-${gradeClass(grade)}" x="${x.toFixed(1)}" y="0" width="${width.toFixed(1)}" height="14"></rect>`;
    x += width;
    return rect;
  });
  const label = GRADES.map((grade) => `${grade}: ${grades[grade]}`).join(', ');
  return html`<svg class="stack" viewBox="0 0 1000 14" preserveAspectRatio="none" role="img" aria-label="${label}">${rects}</svg>`;
}

function isCriticalFailure(result: ReportResult): boolean {
  return result.status === 'FAIL' && result.severity === 'critical' && result.muted === undefined;
}

/** Critical failures: account-level ones first (they have no row in the table), then by API, riskiest first. */
function renderCriticalCard(report: Report, ranked: readonly RankedApi[]): Html {
  const critical = ranked.filter((api) => api.entry.criticalFailures.length > 0);
  const accountCritical = report.accountResults.filter(isCriticalFailure);
  const accountItems = accountCritical.map(
    (r) => html`<li><a href="#account">Account ${r.resource.account}</a>: ${r.message}</li>`,
  );
  const apiItems = critical.map(({ entry, anchor, results, detailed }) => {
    const messages = results.filter(isCriticalFailure).map((r) => r.message);
    return html`<li>${detailed ? html`<a href="#${anchor}">${entry.api.name}</a>` : entry.api.name}: ${messages.join('; ')}</li>`;
  });
  const items = [...accountItems, ...apiItems];
  const more = items.length > MAX_CRITICAL_SHOWN && html`<li class="muted">… and ${items.length - MAX_CRITICAL_SHOWN} more</li>`;
  return html`<section class="card critical"><h2>Critical findings</h2>
<div class="big">${report.summary.failuresBySeverity.critical}</div>
<div class="muted">${critical.length > 0 ? `on ${plural(critical.length, 'API')}` : 'on no API'}${accountCritical.length > 0 && ` and ${accountCritical.length} account-level`}</div>
${items.length > 0 && html`<ul class="critical-list">${items.slice(0, MAX_CRITICAL_SHOWN)}${more}</ul>`}</section>`;
}

function renderCards(report: Report, ranked: readonly RankedApi[]): Html {
  const { summary } = report;
  const severities = SEVERITIES.map(
    (severity) => html`<li>${severityBadge(severity)}<span>${summary.failuresBySeverity[severity]}</span></li>`,
  );
  return html`<div class="cards">
<section class="card"><h2>APIs</h2><div class="big">${summary.apis}</div>
<div class="muted">in ${plural(report.scan.regions.length, 'region')}${summary.incompleteApis > 0 && `; ${summary.incompleteApis} incomplete`}</div>
<div class="muted">${summary.results.PASS} passed · ${summary.results.FAIL} failed · ${summary.results.ERROR} errors · ${summary.results.NOT_APPLICABLE} n/a</div></section>
<section class="card"><h2>Grades</h2>${summary.apis > 0 ? renderGradeBar(report) : html`<p class="muted">No APIs.</p>`}
<ul class="legend">${GRADES.map((grade) => html`<li>${gradeBadge(grade)} ${summary.grades[grade]}</li>`)}</ul></section>
<section class="card"><h2>Failures by severity</h2><ul class="sevlist">${severities}</ul></section>
${renderCriticalCard(report, ranked)}
</div>`;
}

interface FilterChoices {
  regions: readonly string[];
  checks: readonly CheckOption[];
}

function renderFilters(apiCount: number, choices: FilterChoices): Html {
  const severityOptions = SEVERITIES.map(
    (severity, i) => html`<option value="${severity}">${i === 0 ? 'Critical' : `${severity[0]!.toUpperCase()}${severity.slice(1)} and above`}</option>`,
  );
  return html`<nav class="filters" id="filters" aria-label="Filter APIs and findings" hidden>
<input type="search" id="filter-text" placeholder="Search API names, ARNs, findings…" aria-label="Search">
<select id="filter-severity" aria-label="Severity"><option value="">All severities</option>${severityOptions}</select>
<select id="filter-status" aria-label="Status"><option value="">All statuses</option><option value="FAIL">Failed</option>
<option value="ERROR">Not evaluated (error)</option><option value="PASS">Passed</option><option value="NOT_APPLICABLE">Not applicable</option></select>
${regionFilter(choices.regions)}
${typeFilter()}
${checkFilter(choices.checks)}
<button type="button" id="filter-reset">Reset</button>
<button type="button" id="expand-all">Expand all</button><button type="button" id="collapse-all">Collapse all</button>
<span class="muted" id="filter-count">${plural(apiCount, 'API')}</span>
</nav>`;
}

function scoreText(score: number | null): string {
  return score === null ? '—' : String(score);
}

function incompleteTag(entry: ReportApi): Html | false {
  return entry.incomplete && html`<span class="tag warn" title="some checks could not be evaluated">incomplete</span>`;
}

/** `capped: critical failure` under a grade the score alone would have put higher. */
function capNote(entry: ReportApi): Html | false {
  const cap = entry.gradeCappedBy;
  return (
    cap != null &&
    html`<div class="muted">capped: ${cap.severity} ${cap.status === 'FAIL' ? 'failure' : 'check not evaluated'}</div>`
  );
}

/** Why the grade is what it is, and which failures share a root cause with a graver one. */
function renderScoreNotes(entry: ReportApi): Html | false {
  const cap = entry.gradeCappedBy;
  const subsumed = entry.subsumed ?? [];
  if (cap == null && subsumed.length === 0) return false;
  const capText =
    cap != null &&
    html`<li>Grade capped at ${cap.maxGrade}: the ${cap.severity} check <code>${cap.checkId}</code> ${
      cap.status === 'FAIL' ? 'fails' : 'could not be evaluated'
    }.</li>`;
  const shared = subsumed.map(
    (s) => html`<li><code>${s.checkId}</code> carries no weight of its own: same root cause as <code>${s.by}</code>, which counts.</li>`,
  );
  return html`<ul class="plain muted score-notes">${capText}${shared}</ul>`;
}

/** What an API's row tells the filters, from its results in one pass. */
interface RowFacts {
  /** The ids of the checks it does not pass (`nonPassingChecks`). */
  checks: string;
  /** The gravest severity rank of each status, in the order the attributes are written (by status name). */
  worst: number[];
}

function rowFacts(results: readonly ReportResult[]): RowFacts {
  const worst: number[] = [NO_RESULT, NO_RESULT, NO_RESULT, NO_RESULT];
  const failing = new Set<string>();
  // An API's results of one check mostly come together: a check just added is not added again.
  let lastAdded: string | undefined;
  for (let i = 0; i < results.length; i++) {
    const result = results[i]!;
    if (result.muted !== undefined) continue;
    const slot = ATTRIBUTE_SLOT[result.status];
    const rank = SEVERITY_RANK[result.severity];
    if (rank < worst[slot]!) worst[slot] = rank;
    if (result.checkId !== lastAdded && isNonPassing(result)) failing.add((lastAdded = result.checkId));
  }
  return { checks: [...failing].sort().join(' '), worst };
}

/**
 * What the filters need to know about an API without a findings section: the most severe
 * result of each status (`data-fail="high"`), and its ARN for the search.
 */
function filterAttributes({ entry }: RankedApi, { worst }: RowFacts): Html {
  const attributes = ATTRIBUTE_ORDER.flatMap((status, slot) =>
    worst[slot] === NO_RESULT ? [] : [html` ${STATUS_ATTRIBUTES[status]}="${SEVERITIES[worst[slot]!]!}"`],
  );
  return html`${attributes} data-arn="${entry.api.arn}"`;
}

/** The statuses in the order their filter attributes are written (sorted by name), and each one's place in it. */
const ATTRIBUTE_ORDER = (Object.keys(STATUS_ATTRIBUTES) as (keyof typeof STATUS_ATTRIBUTES)[]).sort();
const ATTRIBUTE_SLOT = Object.fromEntries(ATTRIBUTE_ORDER.map((status, slot) => [status, slot])) as Record<ReportResult['status'], number>;
const NO_RESULT = SEVERITIES.length;

/** What the region, API type and check filters match, on every row. */
function rowAttributes({ entry }: RankedApi, { checks }: RowFacts): Html {
  return html` data-region="${entry.api.region}" data-type="${entry.api.type}"${checks !== '' && html` data-checks="${checks}"`}`;
}

function renderApiTable(ranked: readonly RankedApi[]): Html {
  if (ranked.length === 0) return html`<p class="muted">No APIs were found in the scanned regions.</p>`;
  const rows = ranked.map((ranking, i) => {
    const { entry, anchor, detailed } = ranking;
    const { api, counts } = entry;
    const facts = rowFacts(ranking.results);
    return html`<tr data-row="${anchor}"${rowAttributes(ranking, facts)}${!detailed && filterAttributes(ranking, facts)}><td class="num">${i + 1}</td>
<td>${detailed ? html`<a class="key" href="#${anchor}">${api.name}</a>` : html`<span class="api-name key">${api.name}</span>`} ${incompleteTag(entry)}<div class="muted">${apiKind(api.type)}</div></td>
<td>${api.region}</td><td data-v="${gradeKey(entry.grade)}">${gradeBadge(entry.grade)}${capNote(entry)}</td><td class="num" data-v="${scoreKey(entry.score)}">${scoreText(entry.score)}</td>
<td class="num">${entry.failedBySeverity.critical}</td><td class="num">${entry.failedBySeverity.high}</td><td class="num">${counts.FAIL}</td><td class="num">${counts.PASS}</td><td class="num">${counts.ERROR}</td></tr>`;
  });
  const count = { sort: 'num', descendingFirst: true } as const;
  const head = html`<thead><tr>${column('#', { sort: 'num', sorted: 'ascending' })}${column('API')}${column('Region')}${column('Grade', { sort: 'num' })}${column('Score', { sort: 'num' })}
${column('Critical', count)}${column('High', count)}${column('Failed', count)}${column('Passed', { sort: 'num' })}${column('Errors', count)}</tr></thead>`;
  const blocks: Html[] = [];
  for (let from = 0; from < rows.length; from += ROWS_PER_BLOCK) {
    const block = rows.slice(from, from + ROWS_PER_BLOCK);
    blocks.push(html`<div class="rows${block.length === ROWS_PER_BLOCK && ' full'}"><table class="ranked sortable" data-sort-group="apis" aria-label="APIs, riskiest first">${head}
<tbody>${block}</tbody></table></div>`);
  }
  return html`${blocks}`;
}

function renderViewTabs(): Html {
  return html`<div class="tabs" role="tablist" aria-label="Views" hidden>
<button type="button" role="tab" id="tab-apis" aria-controls="view-apis" aria-selected="true">By API</button>
<button type="button" role="tab" id="tab-checks" aria-controls="view-checks" aria-selected="false" tabindex="-1">By check</button>
</div>`;
}

function apiAnchors(ranked: readonly RankedApi[]): ApiAnchor {
  const byArn = new Map(
    ranked.map(({ entry, anchor, detailed }) => [
      entry.api.arn,
      { name: entry.api.name, anchor: detailed ? anchor : undefined, region: entry.api.region, type: entry.api.type },
    ]),
  );
  return (arn) => byArn.get(arn);
}

/** The APIs ranked, and beside them (a tab) the failing checks with the resources that fail each. */
function renderViews(ranked: readonly RankedApi[], byCheck: readonly CheckFailures[], anchorOf: ApiAnchor): Html {
  return html`${renderViewTabs()}
<div id="view-apis" role="tabpanel" aria-labelledby="tab-apis">${renderApiTable(ranked)}</div>
<div id="view-checks" role="tabpanel" aria-labelledby="tab-checks"><h3>Failing checks</h3>
<p class="muted">Each check that fails, with how many resources and APIs fail it; open a row for its failing resources. Muted results are left out.</p>
${renderCheckView(byCheck, anchorOf)}</div>`;
}

function renderApiSection({ entry, anchor, results }: RankedApi, checks: ReadonlyMap<string, ReportCheck>): Html {
  const { api, counts } = entry;
  return html`<details class="api" id="${anchor}" data-unit="${anchor}">
<summary>${gradeBadge(entry.grade)} <span class="api-name">${api.name}</span> <span class="muted">${api.region}</span>
<span class="muted">score ${scoreText(entry.score)}</span>
${entry.failedBySeverity.critical > 0 && html`<span class="badge sev-critical">${plural(entry.failedBySeverity.critical, 'critical')}</span>`}
<span class="muted">${counts.FAIL} failed · ${counts.PASS} passed · ${counts.ERROR} errors</span> ${incompleteTag(entry)}</summary>
<div class="api-body"><p class="muted">${apiKind(api.type)} · <code>${api.arn}</code></p>
${renderScoreNotes(entry)}
${renderFindingsWithMutes(results, checks, api.name)}</div>
</details>`;
}

function renderAccountResults(report: Report, checks: ReadonlyMap<string, ReportCheck>): Html {
  const failing = nonPassingChecks(report.accountResults);
  return html`<section id="account" data-unit="account"${failing !== '' && html` data-checks="${failing}"`}><h2>Account-level results</h2>
<p class="muted">Results about the account or a region as a whole; they count towards no API’s score.</p>
${renderFindingsWithMutes(report.accountResults, checks)}</section>`;
}

function renderScoring(scoring: Report['scoring']): Html {
  const weights = SEVERITIES.map(
    (severity) => html`<tr><td>${severityBadge(severity)}</td><td class="num">${scoring.severityWeights[severity]}</td></tr>`,
  );
  const floors = scoring.gradeFloors.map(
    (floor) => html`<tr><td>${gradeBadge(floor.grade)}</td><td class="num">${floor.min}</td></tr>`,
  );
  const caps = [
    ...scoring.gradeCaps.map(
      (cap) => html`<li>while an API fails a ${severityBadge(cap.severity)} check, its grade is at best ${gradeBadge(cap.maxGrade)}</li>`,
    ),
    ...(scoring.unevaluatedGradeCaps ?? []).map(
      (cap) =>
        html`<li>while a ${severityBadge(cap.severity)} check could not be evaluated, its grade is at best ${gradeBadge(cap.maxGrade)}</li>`,
    ),
  ];
  const rootCauses = (scoring.subsumes ?? []).map(
    (rule) => html`<li>when <code>${rule.checkId}</code> fails, ${rule.subsumes.map((id, i) => html`${i > 0 && ', '}<code>${id}</code>`)} carry no weight for that API</li>`,
  );
  return html`<section id="scoring"><h2>How scores and grades are computed</h2>
<p>${scoring.formula}</p>
${scoring.ranking !== undefined && html`<p>${scoring.ranking}</p>`}
${scoring.details !== undefined && html`<p class="muted">${scoring.details}</p>`}
<div class="cards">
<div class="card"><h2>Severity weights</h2><table><tbody>${weights}</tbody></table></div>
<div class="card"><h2>Grade: minimum score</h2><table><tbody>${floors}</tbody></table></div>
<div class="card"><h2>Grade caps</h2><ul>${caps}</ul></div>
${rootCauses.length > 0 && html`<div class="card"><h2>One root cause, one weight</h2><ul>${rootCauses}</ul></div>`}
</div></section>`;
}

function renderMappings(mappings: ReportCheck['mappings']): Html | false {
  const present = FRAMEWORKS.filter((framework) => mappedIds(mappings, framework).length > 0);
  return (
    present.length > 0 &&
    html`<dl class="kv">${present.map((framework) => html`<dt>${framework.title}</dt><dd>${mappedIds(mappings, framework).join(', ')}</dd>`)}</dl>`
  );
}

function renderCatalogue(checks: readonly ReportCheck[]): Html {
  const articles = checks.map(
    (check) => html`<article id="check-${check.id}"><h3>${severityBadge(check.severity)} ${check.title}</h3>
<p class="muted"><code>${check.id}</code> · ${(check.resourceTypes ?? [check.resourceType]).join(', ')}</p>
<p>${check.rationale}</p>
<p><strong>Fix:</strong> ${check.remediation.text}</p>
${check.remediation.cli !== undefined && html`<pre><code>${check.remediation.cli}</code></pre>`}
${renderMappings(check.mappings)}</article>`,
  );
  return html`<section id="checks"><h2>Checks</h2>
<details class="catalogue"><summary>${plural(checks.length, 'check')} ran: rationale, remediation and mappings</summary>
${articles}</details></section>`;
}

function renderFooter(report: Report): Html {
  return html`<footer>Generated by ${report.tool.name} ${report.tool.version} · report schema v${report.schemaVersion}.
Every result with its full evidence is in the JSON report.</footer>`;
}

/** The findings by API: the note on APIs left out, then each detailed section as a piece of its own. */
function* sectionPieces(ranked: readonly RankedApi[], checks: ReadonlyMap<string, ReportCheck>): Generator<string> {
  if (ranked.length === 0) {
    yield html`<p class="muted">No APIs.</p>`.toString();
    return;
  }
  const detailed = ranked.filter((api) => api.detailed);
  const omitted = ranked.length - detailed.length;
  yield html`${omitted > 0 && html`<p class="muted" id="findings-omitted">Findings are shown for the ${plural(detailed.length, 'worst API')};
the other ${plural(omitted, 'API')} are in the table above with their grades and counts, and every result is in the JSON report.</p>`}
`.toString();
  for (const api of detailed) yield renderApiSection(api, checks).toString();
}

/** The page as a string (tests, small reports); `htmlPieces` gives the same text a piece at a time. */
export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  let page = '';
  for (const piece of htmlPieces(report, options)) page += piece;
  return page;
}

/**
 * The page a piece at a time: the part above the findings, each API's findings, the rest. The
 * findings of a large account are most of the page, and each piece is written and let go before
 * the next is made, so the whole page is never held (as pieces and again as one text) at once.
 */
export function* htmlPieces(report: Report, options: HtmlOptions = {}): Generator<string> {
  const checks = new Map(report.checks.map((check) => [check.id, check]));
  const ranked = rankApis(report, options.maxApiSections ?? MAX_API_SECTIONS);
  const anchorOf = apiAnchors(ranked);
  const views = checkViews(report.results, checks, anchorOf);
  yield html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API Gateway security posture: account ${report.scan.account}</title>
<link rel="icon" href="data:,">
<style>${Html.trusted(STYLE)}</style>
</head>
<body>
${renderHeader(report)}
${renderBanner(report)}
${renderChanges(report)}
${renderCards(report, ranked)}
${renderCompliance(report.compliance, { linkChecks: true })}
<section id="apis"><h2>APIs, riskiest first</h2>
<p class="muted" id="score-formula">${report.scoring.formula}${report.scoring.ranking !== undefined && ` ${report.scoring.ranking}`} <a href="#scoring">How scores are computed</a></p>
${renderFilters(ranked.length, { regions: ranked.map((api) => api.entry.api.region), checks: views.options })}
${renderViews(ranked, views.failing, anchorOf)}
</section>
<section id="findings"><h2>Findings by API</h2>
`.toString();
  yield* sectionPieces(ranked, checks);
  yield html`
</section>
${renderAccountResults(report, checks)}${renderMutes(report, checks)}
${renderScoring(report.scoring)}
${renderCatalogue(report.checks)}
${renderFooter(report)}
<script>${Html.trusted(SCRIPT)}</script>
</body>
</html>
`.toString();
}

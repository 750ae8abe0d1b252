/**
 * The findings of one API (or of the account): failed checks first, then what could not be
 * evaluated, grouped by its cause (one line for "GetStages was denied", however many checks it
 * stopped), then a collapsed list of what passed or did not apply. Each failure shows its
 * compliance mappings, a link to the resource in the AWS console, and the check's remediation
 * once, with its command filled in for each failing resource.
 */
import { SEVERITIES, severityRank, type Severity, type Status } from '../engine/types.js';
import { FRAMEWORKS, mappedIds } from '../model/frameworks/index.js';
import type { ResourceRef } from '../model/results.js';
import { consoleUrl } from './console-links.js';
import { renderEvidence } from './html-evidence.js';
import { plural, severityBadge, statusBadge } from './html-parts.js';
import { html, httpsUrl, type Html } from './html-safe.js';
import { requirementUrl } from './mapping-links.js';
import type { ReportCheck, ReportResult } from './model.js';
import { fillCommand } from './remediation.js';

/** Filled commands shown per check and API; the others differ only in their resource's values. */
const MAX_COMMANDS = 5;
/** Distinct detail messages shown under one collection error. */
const MAX_ERROR_DETAILS = 3;

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
  let made = docsLinks.get(docs);
  if (made === undefined) docsLinks.set(docs, (made = docsLink(docs)));
  return made;
}

/** The documentation links made, by the checks' docs URL: a page repeats each under every failing API. */
const docsLinks = new Map<string, Html>();

function docsLink(docs: string): Html {
  const url = httpsUrl(docs);
  return url
    ? html`<p><a href="${url}" rel="noopener noreferrer" target="_blank">AWS documentation</a></p>`
    : html`<p class="muted">Documentation: <code>${docs}</code></p>`;
}

function link(url: string, text: Html | string, className?: string): Html {
  return html`<a${className !== undefined && html` class="${className}"`} href="${url}" rel="noopener noreferrer" target="_blank">${text}</a>`;
}

/** Ids a mapping line shows of one framework; a longer list (NIST's dozens of controls) folds behind "… and N more". */
const MAX_INLINE_IDS = 6;

function mappingIds(framework: (typeof FRAMEWORKS)[number], ids: readonly string[]): Html {
  return html`${ids.map((id, i) => {
    const title = framework.requirements.find((requirement) => requirement.id === id)?.title;
    const url = requirementUrl(framework.id, id);
    const label = title === undefined ? html`${id}` : html`<span title="${title}">${id}</span>`;
    return html`${i > 0 && ', '}${url === undefined ? label : link(url, label)}`;
  })}`;
}

/**
 * "Security Hub: APIGateway.1 · AWS Config: api-gw-… · OWASP API 2023: API8", each id linked to
 * its page where it has one; a long list shows its first ids and opens onto all of them.
 */
export function renderMappings(check: ReportCheck | undefined): Html | false {
  if (!check) return false;
  let mappings = mappingsOfCheck.get(check);
  if (mappings === undefined) mappingsOfCheck.set(check, (mappings = mappingsOf(check)));
  return mappings;
}

/** Each check's mapping line, made once: a page shows it under every API that fails the check. */
const mappingsOfCheck = new WeakMap<ReportCheck, Html | false>();

function mappingsOf(check: ReportCheck): Html | false {
  const parts = FRAMEWORKS.flatMap((framework) => {
    const ids = mappedIds(check.mappings, framework);
    if (ids.length === 0) return [];
    const name = html`<span class="framework">${framework.shortTitle}:</span>`;
    if (ids.length <= MAX_INLINE_IDS) return [html`<span class="mapping">${name} ${mappingIds(framework, ids)}</span>`];
    const preview = html`<span class="preview">${ids.slice(0, MAX_INLINE_IDS).join(', ')} <span class="more">… and ${ids.length - MAX_INLINE_IDS} more</span></span>`;
    return [html`<details class="mapping"><summary>${name} ${preview}</summary>${mappingIds(framework, ids)}</details>`];
  });
  return parts.length > 0 && html`<div class="mappings muted">${parts}</div>`;
}

/** The console page of the resource, when it has one. */
export function consoleLink(resource: ResourceRef): Html | false {
  let made = consoleLinks.get(resource.arn);
  if (made === undefined) {
    const url = consoleUrl(resource.arn);
    made = url !== undefined && link(url, 'console', 'console');
    if (consoleLinks.size >= MAX_CONSOLE_LINKS) consoleLinks.clear();
    consoleLinks.set(resource.arn, made);
  }
  return made;
}

/** Console links by ARN: a resource is shown under each of its checks. */
const consoleLinks = new Map<string, Html | false>();
const MAX_CONSOLE_LINKS = 20_000;

/** One command per failing resource, with its values filled in; identical ones once. */
function renderCommands(cli: string, results: readonly ReportResult[]): Html {
  const commands = [...new Set(results.map((result) => fillCommand(cli, result.resource)))];
  const rest = commands.length - MAX_COMMANDS;
  return html`${commands.slice(0, MAX_COMMANDS).map((command) => html`<pre><code>${command}</code></pre>`)}${
    rest > 0 && html`<p class="muted">… and ${plural(rest, 'more command')}, one per resource: report.json lists every resource.</p>`
  }`;
}

function renderFix(check: ReportCheck | undefined, results: readonly ReportResult[]): Html | false {
  if (!check) return false;
  const { text, cli, docs } = check.remediation;
  return html`<div class="fix"><p><strong>Fix:</strong> ${text}</p>${cli !== undefined && renderCommands(cli, results)}${renderDocs(docs)}</div>`;
}

/** `orders-api/prod` is shown as `prod` within the section of `orders-api`. */
function shortName(name: string, apiName: string | undefined): string {
  return apiName !== undefined && name.startsWith(`${apiName}/`) ? name.slice(apiName.length + 1) : name;
}

function renderResult(result: ReportResult, apiName: string | undefined): Html {
  const link = consoleLink(result.resource);
  return html`<li><strong>${shortName(result.resource.name, apiName)}</strong>${link && html` ${link}`}: ${result.message}${renderEvidence(result.evidence)}</li>`;
}

function renderGroup(group: CheckGroup, apiName: string | undefined): Html {
  const results = group.results.map((result) => renderResult(result, apiName));
  return html`<article class="finding ${group.status}" data-status="${group.status}" data-severity="${group.severity}" data-check="${group.checkId}">
<h3>${statusBadge(group.status)} ${severityBadge(group.severity)} ${checkTitle(group)}</h3>${renderMappings(group.check)}<ul class="results">${results}</ul>${renderFix(group.check, group.results)}</article>`;
}

/** Results that could not be evaluated for the same reason: one collection error, one invalid value. */
interface ErrorGroup {
  headline: string;
  /** The distinct messages behind it, in result order. */
  details: string[];
  results: ReportResult[];
}

function isDenial(code: string): boolean {
  return /AccessDenied|Unauthorized|NotAuthorized|Forbidden|AuthorizationError/i.test(code);
}

/** Same operation and error code, or the same message: one cause. */
function errorCause(result: ReportResult): { key: string; headline: string; detail: string } {
  const error = result.error;
  switch (error?.kind) {
    case 'collection-gap': {
      const verb = isDenial(error.code) ? 'was denied' : error.code === 'NotCollected' ? 'was not collected' : 'failed';
      return { key: `gap\u0000${error.operation}\u0000${error.code}`, headline: `${error.operation} ${verb} (${error.code})`, detail: error.message };
    }
    case 'invalid-data':
      return { key: `invalid\u0000${error.message}`, headline: error.message, detail: '' };
    case 'check-error':
      return { key: `check\u0000${error.message}`, headline: `The check failed: ${error.message}`, detail: '' };
    default:
      return { key: `message\u0000${result.message}`, headline: result.message, detail: '' };
  }
}

function groupErrors(results: readonly ReportResult[]): ErrorGroup[] {
  const groups = new Map<string, ErrorGroup>();
  for (const result of results) {
    const { key, headline, detail } = errorCause(result);
    let group = groups.get(key);
    if (!group) {
      group = { headline, details: [], results: [] };
      groups.set(key, group);
    }
    if (detail !== '' && !group.details.includes(detail)) group.details.push(detail);
    group.results.push(result);
  }
  return [...groups.values()];
}

function gravest(results: readonly ReportResult[]): Severity {
  return SEVERITIES[Math.min(...results.map((result) => severityRank(result.severity)))]!;
}

/** The checks a cause stopped, by severity: `high: a, b · medium: c`; each id links to the catalogue. */
function renderStoppedChecks(results: readonly ReportResult[], checks: ReadonlyMap<string, ReportCheck>, apiName: string | undefined): Html {
  const bySeverity = SEVERITIES.map((severity) => {
    const ofSeverity = results.filter((result) => result.severity === severity);
    const ids = [...new Set(ofSeverity.map((result) => result.checkId))].sort();
    return { severity, ids, results: ofSeverity };
  }).filter((entry) => entry.ids.length > 0);
  const segments = bySeverity.map(({ severity, ids, results: ofSeverity }) => {
    const items = ids.map((id, i) => {
      const names = [...new Set(ofSeverity.filter((r) => r.checkId === id).map((r) => shortName(r.resource.name, apiName)))].filter((name) => name !== apiName);
      return html`${i > 0 && ', '}<a href="#check-${id}" title="${checks.get(id)?.title ?? id}"><code>${id}</code></a>${
        names.length > 0 && html` <span class="muted">(${names.join(', ')})</span>`
      }`;
    });
    return html`<li data-status="ERROR" data-severity="${severity}" data-checks="${ids.join(' ')}">${severityBadge(severity)} ${items}</li>`;
  });
  return html`<ul class="plain stopped-checks">${segments}</ul>`;
}

function renderErrorGroup(group: ErrorGroup, checks: ReadonlyMap<string, ReportCheck>, apiName: string | undefined): Html {
  const resourceCount = new Set(group.results.map((result) => result.resource.arn)).size;
  const scope = resourceCount > 1 ? ` on ${plural(resourceCount, 'resource')}` : '';
  const details = group.details.slice(0, MAX_ERROR_DETAILS).map((detail) => html`<li>${detail}</li>`);
  const moreDetails = group.details.length > MAX_ERROR_DETAILS && html`<li>… and ${plural(group.details.length - MAX_ERROR_DETAILS, 'more message')}</li>`;
  const checkIds = [...new Set(group.results.map((result) => result.checkId))].sort();
  return html`<article class="finding ERROR error-group" data-status="ERROR" data-severity="${gravest(group.results)}" data-checks="${checkIds.join(' ')}">
<h3>${statusBadge('ERROR')} ${group.headline}: ${plural(checkIds.length, 'check')} could not run${scope}</h3>${
    details.length > 0 && html`<ul class="plain muted error-details">${details}${moreDetails}</ul>`
  }${renderStoppedChecks(group.results, checks, apiName)}</article>`;
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
    return html`<li data-status="${group.status}" data-severity="${group.severity}" data-check="${group.checkId}">${statusBadge(group.status)} ${group.check?.title ?? group.checkId}${names.length > 0 && html` <span class="muted">(${names.join(', ')})</span>`}</li>`;
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
  const groups = groupResults(results.filter((result) => result.status !== 'ERROR'), checks);
  const failed = groups.filter((g) => g.status === 'FAIL').sort(bySeverityThenId);
  const errors = groupErrors(results.filter((result) => result.status === 'ERROR'));
  const passed = groups.filter((g) => g.status === 'PASS' || g.status === 'NOT_APPLICABLE').sort(bySeverityThenId);
  return html`${failed.map((group) => renderGroup(group, apiName))}${errors.map((group) => renderErrorGroup(group, checks, apiName))}${renderPassed(passed, apiName)}`;
}

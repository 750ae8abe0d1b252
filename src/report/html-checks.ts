/**
 * The report pages' views by check: which checks fail, on how many resources and APIs (the
 * account report's per-check view, the organisation report's most-failed checks), and the
 * filter controls the pages share (region, API type, check). Muted results count nowhere, as
 * in the scores.
 */
import { apisOf, severityRank, type Severity } from '../engine/types.js';
import { SEVERITY_RANK } from '../model/results.js';
import { API_TYPE_OPTIONS, column, plural, scrollBox, severityBadge } from './html-parts.js';
import { html, type Html } from './html-safe.js';
import type { ReportCheck, ReportResult } from './model.js';

/** At most this many failing resources are listed under a check; report.json has them all. */
export const MAX_RESOURCES_LISTED = 100;

export interface CheckFailures {
  checkId: string;
  title: string;
  /** The gravest severity it fails at (a check can fail at a raised severity on some resources). */
  severity: Severity;
  /** Its failing results, in the report's order. */
  failures: ReportResult[];
  /** Distinct failing resources (by ARN). */
  resources: number;
  /** Distinct APIs the failures count towards. */
  apis: number;
  /** Its failures under every region and API type filter. */
  tally: FailureTally;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether a result keeps its API from passing the check filter: it failed or could not be evaluated. */
export function isNonPassing(result: ReportResult): boolean {
  return (result.status === 'FAIL' || result.status === 'ERROR') && result.muted === undefined;
}

/**
 * The page's two views of its checks, read in one pass:
 * - `failing`: every check with a failure no mute rule accepted, gravest first, then most
 *   resources, then by id. Each row's failures are tallied as they are grouped (`FailureTally`,
 *   over the page's APIs `anchorOf`), and its distinct resources and APIs are the tally's count
 *   under any region and type.
 * - `options`: the checks some API or the account does not pass, gravest first (the check
 *   filter's choices), each at the gravest severity of its results that do not pass.
 */
export function checkViews(
  results: readonly ReportResult[],
  checks: ReadonlyMap<string, ReportCheck>,
  anchorOf: ApiAnchor,
): { failing: CheckFailures[]; options: CheckOption[] } {
  const options = new Map<string, CheckOption>();
  const byCheck = new Map<string, { failures: ReportResult[]; tally: FailureTally }>();
  // An API's failures of one check come together (the report's order): the last row is usually the one.
  let [lastCheck, row] = [undefined as string | undefined, undefined as { failures: ReportResult[]; tally: FailureTally } | undefined];
  // The option of the last result's check: most results that do not pass are of the check before them.
  let lastOption: CheckOption | undefined;
  for (let i = 0; i < results.length; i++) {
    const result = results[i]!;
    if (!isNonPassing(result)) continue;
    if (lastOption === undefined || lastOption.checkId !== result.checkId) lastOption = addOption(options, result, checks);
    else if (SEVERITY_RANK[result.severity] < SEVERITY_RANK[lastOption.severity]) lastOption = addOption(options, result, checks);
    if (result.status !== 'FAIL') continue;
    if (result.checkId !== lastCheck || row === undefined) {
      lastCheck = result.checkId;
      row = byCheck.get(lastCheck);
      if (row === undefined) byCheck.set(lastCheck, (row = { failures: [], tally: new FailureTally() }));
    }
    row.failures.push(result);
    row.tally.add(result, anchorOf);
  }
  const rows = [...byCheck].map(([checkId, { failures, tally }]): CheckFailures => {
    let severity = failures[0]!.severity;
    for (let i = 1; i < failures.length; i++) if (SEVERITY_RANK[failures[i]!.severity] < SEVERITY_RANK[severity]) severity = failures[i]!.severity;
    return { checkId, title: checks.get(checkId)?.title ?? checkId, severity, failures, ...tally.anywhere(), tally };
  });
  const failing = rows.sort(
    (a, b) => severityRank(a.severity) - severityRank(b.severity) || b.resources - a.resources || compareText(a.checkId, b.checkId),
  );
  return { failing, options: optionList(options) };
}

/** The ids of the checks an API does not pass, for the check filter (`data-checks`). */
export function nonPassingChecks(results: readonly ReportResult[]): string {
  const ids = new Set<string>();
  for (const result of results) if (isNonPassing(result)) ids.add(result.checkId);
  return [...ids].sort().join(' ');
}

export interface CheckOption {
  checkId: string;
  title: string;
  severity: Severity;
}

/** Takes a result that does not pass as its check's option, unless one as grave or graver is there; gives the option kept. */
function addOption(options: Map<string, CheckOption>, result: ReportResult, checks: ReadonlyMap<string, ReportCheck>): CheckOption {
  const known = options.get(result.checkId);
  if (known && SEVERITY_RANK[known.severity] <= SEVERITY_RANK[result.severity]) return known;
  const option = { checkId: result.checkId, title: checks.get(result.checkId)?.title ?? result.checkId, severity: result.severity };
  options.set(result.checkId, option);
  return option;
}

function optionList(options: ReadonlyMap<string, CheckOption>): CheckOption[] {
  return [...options.values()].sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || compareText(a.checkId, b.checkId));
}

function selectFilter(id: string, label: string, all: string, options: readonly { value: string; label: string }[]): Html {
  return html`<select id="${id}" aria-label="${label}"><option value="">${all}</option>${options.map(
    (option) => html`<option value="${option.value}">${option.label}</option>`,
  )}</select>`;
}

export function regionFilter(regions: readonly string[]): Html {
  return selectFilter('filter-region', 'Region', 'All regions', [...new Set(regions)].sort().map((region) => ({ value: region, label: region })));
}

export function typeFilter(): Html {
  return selectFilter('filter-type', 'API type', 'All API types', API_TYPE_OPTIONS);
}

export function checkFilter(options: readonly CheckOption[]): Html | false {
  return (
    options.length > 0 &&
    selectFilter(
      'filter-check',
      'Check',
      'All checks',
      options.map((option) => ({ value: option.checkId, label: `${option.title} (${option.checkId})` })),
    )
  );
}

export function accountFilter(accounts: readonly string[]): Html {
  return selectFilter('filter-account', 'Account', 'All accounts', [...new Set(accounts)].sort().map((account) => ({ value: account, label: account })));
}

/** An API of the page: where its findings section is (if it has one), and what the region and type filters match. */
export interface ApiPlace {
  name: string;
  anchor: string | undefined;
  region: string;
  type: string;
}

/** The page's API of an ARN, when the report has it. */
export type ApiAnchor = (apiArn: string) => ApiPlace | undefined;

/**
 * Where a failing result counts for the region and API type filters: in each of its APIs (their
 * region and type), or, for a result of no API of the page, in its resource's region under no type.
 */
interface Place {
  region: string;
  type: string | undefined;
  api: string | undefined;
}

function placesOf(result: ReportResult, anchorOf: ApiAnchor): Place[] {
  const places = apisOf(result.resource).map((arn): Place => {
    const api = anchorOf(arn);
    return api ? { region: api.region, type: api.type, api: arn } : { region: result.resource.region, type: undefined, api: arn };
  });
  return places.length > 0 ? places : [{ region: result.resource.region, type: undefined, api: undefined }];
}

/**
 * A check's failing results, resources and APIs under every region and API type filter the page
 * offers, per account, for the page's script to recount a row: `account|region|type|results|resources|apis`
 * entries, `*` for "any" (and for the account in an account's own report), fields URI-encoded.
 * Only the combinations where the check fails are written.
 *
 * Most results are about one API of the page, whose cells are always the same four: such a
 * resource or API is counted in them once, the first time it comes, and remembered with them
 * (`Seen`) rather than added to four sets. The other results add to each cell's sets, unless
 * the resource or API was counted in that cell already.
 */
export class FailureTally {
  /** By key, in the order the keys first appear (the order they are written in). */
  private readonly cells = new Map<string, TallyCell>();
  /** The same cells by account, region and type: looked up without building the key. */
  private readonly lookup = new Map<string, Map<string, Map<string, TallyCell>>>();
  /** Per account: the cells of each API of the page, and what was counted in them. */
  private readonly seen = new Map<string, Seen>();
  private added = 0;
  /** The last result's API of the page, when it was one API's own (no linked APIs). */
  private last: { account: string; apiArn: string; anchorOf: ApiAnchor; seen: Seen; cells: readonly TallyCell[] } | undefined;

  add(result: ReportResult, anchorOf: ApiAnchor, account = '*'): void {
    const index = this.added++;
    const { apiArn, linkedApiArns, arn } = result.resource;
    const last = this.last;
    // The API of the last result added, again (an API's failures of a check come together): its
    // cells are known, and the API was counted in them already (`countOnce` again would change nothing).
    if (last !== undefined && apiArn === last.apiArn && linkedApiArns === undefined && account === last.account && anchorOf === last.anchorOf) {
      for (let i = 0; i < last.cells.length; i++) last.cells[i]!.results += 1;
      countOnce(last.seen.resources, arn, last.cells, resourcesOfCell);
      return;
    }
    this.last = undefined;
    const seen = this.seenIn(account);
    const api = apiArn !== undefined && (linkedApiArns === undefined || linkedApiArns.every((linked) => linked === apiArn)) ? anchorOf(apiArn) : undefined;
    if (api !== undefined) {
      let cells = seen.cellsOfApi.get(api);
      if (cells === undefined) seen.cellsOfApi.set(api, (cells = distinctCells(this.placeCells(account, api.region, api.type))));
      for (let i = 0; i < cells.length; i++) cells[i]!.results += 1;
      countOnce(seen.resources, arn, cells, resourcesOfCell);
      countOnce(seen.apis, apiArn!, cells, apisOfCell);
      if (linkedApiArns === undefined) this.last = { account, apiArn: apiArn!, anchorOf, seen, cells };
      return;
    }
    for (const place of placesOf(result, anchorOf)) {
      for (const cell of this.placeCells(account, place.region, place.type)) {
        // A result counts once in a cell, however many of its places fall in it.
        if (cell.lastResult !== index) {
          cell.lastResult = index;
          cell.results += 1;
        }
        addUnlessCounted(seen.resources, arn, cell, cell.resources);
        if (place.api !== undefined) addUnlessCounted(seen.apis, place.api, cell, cell.apis);
      }
    }
  }

  private seenIn(account: string): Seen {
    let seen = this.seen.get(account);
    if (seen === undefined) this.seen.set(account, (seen = { cellsOfApi: new Map(), resources: new Map(), apis: new Map() }));
    return seen;
  }

  /** A place's cells, in the order they are written: (region, type), (region, any), (any, type), (any, any). */
  private placeCells(account: string, region: string, type: string | undefined): TallyCell[] {
    const cells: TallyCell[] = [];
    for (const inRegion of [region, '*']) {
      for (const ofType of type === undefined ? ['*'] : [type, '*']) cells.push(this.cell(account, inRegion, ofType));
    }
    return cells;
  }

  private cell(account: string, region: string, type: string): TallyCell {
    let byRegion = this.lookup.get(account);
    if (byRegion === undefined) this.lookup.set(account, (byRegion = new Map()));
    let byType = byRegion.get(region);
    if (byType === undefined) byRegion.set(region, (byType = new Map()));
    let cell = byType.get(type);
    if (cell === undefined) {
      const key = [account, region, type].map((field) => (field === '*' ? field : encodeURIComponent(field))).join('|');
      cell = this.cells.get(key);
      if (cell === undefined) this.cells.set(key, (cell = newCell()));
      byType.set(type, cell);
    }
    return cell;
  }

  /** Distinct resources and APIs of the results added to the account's tally (`*`), in any region and of any type. */
  anywhere(account = '*'): { resources: number; apis: number } {
    const cell = this.lookup.get(account)?.get('*')?.get('*');
    return cell === undefined ? { resources: 0, apis: 0 } : { resources: cell.resources.count, apis: cell.apis.count };
  }

  toString(): string {
    return [...this.cells].map(([key, cell]) => `${key}|${cell.results}|${cell.resources.count}|${cell.apis.count}`).join(' ');
  }
}

/** One account's part of a tally: resources and APIs (by ARN) with the cells they were first counted in, all at once. */
interface Seen {
  cellsOfApi: Map<ApiPlace, readonly TallyCell[]>;
  resources: Map<string, readonly TallyCell[]>;
  apis: Map<string, readonly TallyCell[]>;
}

/** Distinct resources or APIs of a cell: those counted with a set of cells (`Seen`), and the others. */
interface Distinct {
  /** Counted when first seen with the cells of an API of the page. */
  counted: number;
  others: Set<string>;
  readonly count: number;
}

function newDistinct(): Distinct {
  return {
    counted: 0,
    others: new Set(),
    get count() {
      return this.counted + this.others.size;
    },
  };
}

function newCell(): TallyCell {
  return { lastResult: -1, results: 0, resources: newDistinct(), apis: newDistinct() };
}

/** The cells without repeats, in their order (`[...new Set(cells)]` without the set: there are four at most). */
function distinctCells(cells: readonly TallyCell[]): TallyCell[] {
  const distinct: TallyCell[] = [];
  for (let i = 0; i < cells.length; i++) if (!distinct.includes(cells[i]!)) distinct.push(cells[i]!);
  return distinct;
}

/** A cell's distinct resources, or APIs: one function each, not a closure made per result. */
const resourcesOfCell = (cell: TallyCell): Distinct => cell.resources;
const apisOfCell = (cell: TallyCell): Distinct => cell.apis;

/** Counts `arn` in each of `cells` the first time it comes with them; with other cells, as `addUnlessCounted`. */
function countOnce(seen: Map<string, readonly TallyCell[]>, arn: string, cells: readonly TallyCell[], of: (cell: TallyCell) => Distinct): void {
  const known = seen.get(arn);
  if (known === cells) return;
  if (known === undefined) {
    seen.set(arn, cells);
    // Indexed loops here and below: `for…of` made an iterator result per cell.
    for (let i = 0; i < cells.length; i++) {
      const distinct = of(cells[i]!);
      if (distinct.others.size === 0 || !distinct.others.has(arn)) distinct.counted += 1;
    }
    return;
  }
  for (let i = 0; i < cells.length; i++) addUnlessCounted(seen, arn, cells[i]!, of(cells[i]!));
}

/** Adds `arn` to the cell's other resources or APIs, unless it was counted there with a set of cells. */
function addUnlessCounted(seen: Map<string, readonly TallyCell[]>, arn: string, cell: TallyCell, distinct: Distinct): void {
  if (seen.get(arn)?.includes(cell) === true) return;
  distinct.others.add(arn);
}

interface TallyCell {
  /** The last result counted, so that a result counts once. */
  lastResult: number;
  results: number;
  resources: Distinct;
  apis: Distinct;
}

/** `eu-west-1|rest-api`: the regions and API types a failing result counts in, for the filters. */
function placeAttribute(result: ReportResult, anchorOf: ApiAnchor): string {
  return placesOf(result, anchorOf)
    .map((place) => `${encodeURIComponent(place.region)}|${place.type ?? ''}`)
    .join(' ');
}

function renderResource(result: ReportResult, anchorOf: ApiAnchor): Html {
  const apis = apisOf(result.resource)
    .map((arn) => anchorOf(arn))
    .filter((api) => api !== undefined);
  const where =
    apis.length === 0
      ? html`<a href="#account">account-level results</a>`
      : apis.map((api, i) => html`${i > 0 && ', '}${api.anchor !== undefined ? html`<a href="#${api.anchor}">${api.name}</a>` : html`<span>${api.name}</span>`}`);
  return html`<li data-places="${placeAttribute(result, anchorOf)}"><strong>${result.resource.name}</strong> <span class="muted">(${where})</span>: ${result.message}</li>`;
}

function renderCheckRow(row: CheckFailures, anchorOf: ApiAnchor): Html {
  const listed = row.failures.slice(0, MAX_RESOURCES_LISTED);
  const more = row.failures.length - listed.length;
  return html`<tr data-check="${row.checkId}" data-severity="${row.severity}" data-tally="${row.tally.toString()}"><td><a href="#check-${row.checkId}"><code>${row.checkId}</code></a></td>
<td>${row.title}<details class="resources"><summary data-count="results" data-one="failing result" data-many="failing results">${plural(
    row.failures.length,
    'failing result',
  )}</summary><ul class="plain">${listed.map((r) => renderResource(r, anchorOf))}${more > 0 && html`<li class="muted">… and ${more} more in the JSON report</li>`}</ul></details></td>
<td data-v="${severityRank(row.severity)}">${severityBadge(row.severity)}</td><td class="num" data-count="resources">${row.resources}</td><td class="num" data-count="apis">${row.apis}</td></tr>`;
}

/** The per-check view: one row per failing check, each opening onto its failing resources. */
export function renderCheckView(rows: readonly CheckFailures[], anchorOf: ApiAnchor): Html {
  if (rows.length === 0) return html`<p class="muted">No check fails.</p>`;
  const head = html`<thead><tr>${column('Check')}${column('Title')}${column('Severity', { sort: 'num', sorted: 'ascending' })}${column('Failing resources', {
    sort: 'num',
    descendingFirst: true,
  })}${column('APIs affected', { sort: 'num', descendingFirst: true })}</tr></thead>`;
  return scrollBox(html`<table class="by-check sortable" aria-label="Failing checks">${head}<tbody>${rows.map((row) => renderCheckRow(row, anchorOf))}</tbody></table>`);
}

/**
 * A run's selection: the checks that run, the filters on APIs, the regions left out, and what
 * follows from them — the parts of the inventory to collect, which results and collection
 * errors the report keeps, and the record the report carries (`scan.selection`).
 */
import { allChecks } from '../../checks/index.js';
import { collectionPlan, PART_OPERATIONS, partsReadBy } from '../collect/plan.js';
import type { AnyCheck } from '../engine/define.js';
import type { RunSelection } from '../engine/runner.js';
import { INVENTORY_PARTS, NOT_SELECTED, type InventoryPart } from '../inventory/parts.js';
import type { Collected, CollectionError, Inventory } from '../inventory/schema.js';
import { InventoryView } from '../inventory/view.js';
import type { ResourceRef } from '../model/results.js';
import type { SelectionRecord } from '../model/selection.js';
import { chooseChecks, type CheckChoice } from './checks.js';
import { hasResourceFilter, keepsResultAbout, RESOURCE_FILTER_RULE, selectApis, type ResourceFilter } from './resources.js';

/** What the report builder takes from a selection. */
export interface ReportSelection {
  record: SelectionRecord;
  /** The APIs the report scores and lists. */
  keepsApi(ref: ResourceRef): boolean;
  /** Collection errors in parts no selected check needs are left out (and counted in the record). */
  keepsCollectionError(error: CollectionError): boolean;
}

export interface SelectionInput extends CheckChoice, ResourceFilter {
  /** `--excluded-regions`. */
  excludedRegions?: readonly string[];
}

const PART_OF_OPERATION = new Map<string, InventoryPart>(
  INVENTORY_PARTS.flatMap((part) => PART_OPERATIONS[part].map(([service, operation]) => [`${service}:${operation}`, part] as const)),
);

/** A selection bound to one inventory: what the engine and the report builder take. */
export interface BoundSelection {
  checks: AnyCheck[];
  run: RunSelection;
  report: ReportSelection;
}

export class Selection {
  readonly checks: AnyCheck[];
  readonly checkIds: ReadonlySet<string>;
  /** The parts a collection for this selection collects; undefined: every part. */
  readonly collectionParts: ReadonlySet<InventoryPart> | undefined;

  constructor(
    readonly input: SelectionInput,
    readonly available: readonly AnyCheck[] = allChecks,
  ) {
    this.checks = chooseChecks(available, input);
    this.checkIds = new Set(this.checks.map((check) => check.id));
    const partial = this.checks.length < available.length;
    // Matching APIs by name or tag needs the API lists.
    const filterParts: InventoryPart[] = hasResourceFilter(input) ? ['rest-apis', 'v2-apis'] : [];
    this.collectionParts = partial ? collectionPlan([...partsReadBy(this.checks), ...filterParts]) : undefined;
  }

  /** Whether anything is left out: checks, APIs or regions. */
  get partial(): boolean {
    return this.checks.length < this.available.length || hasResourceFilter(this.input) || (this.input.excludedRegions?.length ?? 0) > 0;
  }

  /** The regions to scan: the given ones less the excluded ones. */
  regionsToScan(regions: readonly string[]): string[] {
    const excluded = new Set(this.input.excludedRegions ?? []);
    return regions.filter((region) => !excluded.has(region));
  }

  /** The engine's and the report builder's view of the selection, for one inventory. */
  bind(inventory: Inventory): BoundSelection {
    const view = new InventoryView(inventory);
    const filtered = hasResourceFilter(this.input);
    const apis = filtered ? selectApis(this.input, view) : undefined;
    const keepsApi = (ref: ResourceRef) => apis === undefined || apis.selected.has(ref.arn);
    const keepsResult = (ref: ResourceRef) => apis === undefined || keepsResultAbout(ref, apis.selected);
    const needed = this.collectionParts;
    const keepsCollectionError = (error: CollectionError) => {
      const part = PART_OF_OPERATION.get(`${error.service}:${error.operation}`);
      return needed === undefined || part === undefined || needed.has(part);
    };
    const leftOut = inventory.errors.filter((error) => !keepsCollectionError(error)).length;
    const record: SelectionRecord = {
      checks: { ran: this.checks.length, available: this.available.length },
      filters: this.filters(),
      ...(apis ? { apis: { selected: apis.selected.size, found: apis.found, rule: RESOURCE_FILTER_RULE } } : {}),
      ...(apiListsNotSelected(inventory) ? { notListed: true } : {}),
      ...(inventory.selection ? { collectedFor: [...inventory.selection.checks] } : {}),
      ...(leftOut > 0 ? { collectionErrorsLeftOut: leftOut } : {}),
    };
    return {
      checks: this.checks,
      run: { checkIds: this.checkIds, keepsResult },
      report: { record, keepsApi, keepsCollectionError },
    };
  }

  private filters(): SelectionRecord['filters'] {
    const { checks, excludedChecks, severity, excludedRegions, apis, tags } = this.input;
    const list = (values: readonly string[] | undefined) => (values && values.length > 0 ? [...values] : undefined);
    const filters: SelectionRecord['filters'] = {};
    if (list(checks)) filters.checks = list(checks)!;
    if (list(excludedChecks)) filters.excludedChecks = list(excludedChecks)!;
    if (severity) filters.severity = severity;
    if (list(excludedRegions)) filters.excludedRegions = list(excludedRegions)!;
    if (list(apis)) filters.apis = list(apis)!;
    if (tags && tags.length > 0) filters.resourceTags = tags.map(({ key, value }) => ({ key, value }));
    return filters;
  }
}

/** A selection from flags; undefined when the flags select everything. */
export function selectionOf(input: SelectionInput, available: readonly AnyCheck[] = allChecks): Selection | undefined {
  const selection = new Selection(input, available);
  return selection.partial ? selection : undefined;
}

/**
 * The selection to evaluate a snapshot with: the one given, else every check when the snapshot
 * was collected for a selection (the report then says so), else none.
 */
export function selectionFor(inventory: Inventory, given: Selection | undefined, available: readonly AnyCheck[] = allChecks): Selection | undefined {
  return given ?? (inventory.selection ? new Selection({}, available) : undefined);
}

function isNotSelected(slot: Collected<unknown>): boolean {
  return !slot.ok && slot.error.code === NOT_SELECTED;
}

/** True when neither API list of any region was collected (a collection for checks that read no API). */
function apiListsNotSelected(inventory: Inventory): boolean {
  return (
    inventory.regions.length > 0 &&
    inventory.regions.every((region) => isNotSelected(region.apigateway.restApis) && isNotSelected(region.apigatewayv2.apis))
  );
}

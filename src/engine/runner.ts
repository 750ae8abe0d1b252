/**
 * Runs every check over an inventory. Pure: same snapshot, same results. A check that throws
 * becomes an ERROR result for that target; it never ends the run.
 */
import type { Inventory } from '../inventory/schema.js';
import { InventoryView, type Entity } from '../inventory/view.js';
import { InputError } from '../errors.js';
import { redactUrisInText } from '../util/redact.js';
import { resultEvidence } from './evidence-bounds.js';
import { outcomeBuilders, type AnyCheck, type CheckOptions, type Outcome } from './define.js';
import { renderResultMessage } from './messages.js';
import { severityRank, type CheckResult, type ResourceRef, type Severity, type Status } from './types.js';

const BUILT_IN_MESSAGES: Record<string, string> = {
  'collection-gap': 'Not evaluated: {operation} failed ({code}): {reason}',
  'invalid-data': 'Not evaluated: {reason}',
  'check-error': 'The check failed: {reason}',
};

function graver(base: Severity, raised: Severity | undefined): Severity {
  return raised !== undefined && severityRank(raised) < severityRank(base) ? raised : base;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One copy of each distinct message text for a run: results of one check on thousands of stages
 * mostly say the same few things, and half a million results would otherwise hold a string each.
 */
export class MessageTexts {
  private readonly texts = new Map<string, string>();

  /** The run's copy of `text`. */
  shared(text: string): string {
    const known = this.texts.get(text);
    if (known !== undefined) return known;
    this.texts.set(text, text);
    return text;
  }

  get size(): number {
    return this.texts.size;
  }
}

function toResult(check: AnyCheck, ref: ResourceRef, outcome: Outcome, evidenceItems?: EvidenceItems, texts?: MessageTexts): CheckResult {
  const template =
    (check.messages as Record<string, string>)[outcome.messageId] ??
    BUILT_IN_MESSAGES[outcome.messageId];
  if (template === undefined) {
    throw new Error(`check ${check.id} returned unknown message id '${outcome.messageId}'`);
  }
  // Checks redact the URIs they show; this catches any that one forgets (a JWT issuer, an AWS error message).
  const error = outcome.error && { ...outcome.error, message: redactUrisInText(outcome.error.message) };
  const given = error
    ? { reason: error.message, ...(error.kind === 'collection-gap' ? { operation: error.operation, code: error.code } : {}) }
    : undefined;
  return {
    checkId: check.id,
    status: outcome.status,
    severity: graver(check.severity, outcome.severity),
    resource: ref,
    messageId: outcome.messageId,
    message: shared(texts, redactUrisInText(renderResultMessage(template, outcome.evidence, given))),
    evidence: resultEvidence(outcome.evidence, outcome.status, evidenceItems),
    ...(error ? { error } : {}),
  };
}

function shared(texts: MessageTexts | undefined, text: string): string {
  return texts === undefined ? text : texts.shared(text);
}

function checkError(check: AnyCheck, ref: ResourceRef, error: unknown): CheckResult {
  const message = redactUrisInText(describeError(error));
  return {
    checkId: check.id,
    status: 'ERROR',
    severity: check.severity,
    resource: ref,
    messageId: 'check-error',
    message: renderResultMessage(BUILT_IN_MESSAGES['check-error']!, {}, { reason: message }),
    evidence: {},
    error: { kind: 'check-error', message },
  };
}

/** Which checks run, and which results are kept: src/selection builds it from `--checks`, `--api` … */
export interface RunSelection {
  /** The ids of the checks that run; the others do not. */
  readonly checkIds: ReadonlySet<string>;
  /** Whether a result about this resource is kept (resource filters). */
  keepsResult(ref: ResourceRef): boolean;
}

export interface RunOptions {
  /** User settings per check id (validated by each check's options schema). */
  checkOptions?: Readonly<Record<string, unknown>>;
  /** Default: every check, every result. */
  selection?: RunSelection;
  /** List items each result's evidence keeps, by status. Default: what the report shows (EVIDENCE_ITEMS). */
  evidenceItems?: EvidenceItems;
}

export type EvidenceItems = Readonly<Record<Status, number>>;

/** Validates every check's options up front, so a bad config fails before any work. */
export function resolveCheckOptions(checks: readonly AnyCheck[], given: RunOptions['checkOptions'] = {}): Map<string, CheckOptions> {
  const known = new Set(checks.map((c) => c.id));
  const unknown = Object.keys(given).filter((id) => !known.has(id));
  if (unknown.length) throw new InputError(`options given for unknown check(s): ${unknown.join(', ')}`);
  return new Map(checks.map((check) => [check.id, check.parseOptions(given[check.id])]));
}

export function runCheck(
  check: AnyCheck,
  view: InventoryView,
  options: CheckOptions = check.parseOptions({}),
  evidenceItems?: EvidenceItems,
  texts?: MessageTexts,
): CheckResult[] {
  let selection;
  try {
    selection = check.select(view);
  } catch (error) {
    return view.inventory.regions.map((r) => checkError(check, view.regionRef(r.region), error));
  }
  const outcome = outcomeBuilders<string>();
  const results: CheckResult[] = selection.gaps.map(({ ref, error }) =>
    toResult(check, ref, outcome.gap(error), evidenceItems, texts),
  );
  for (const target of selection.targets as Entity[]) {
    try {
      results.push(toResult(check, target.ref, check.evaluate(target, view, options), evidenceItems, texts));
    } catch (error) {
      results.push(checkError(check, target.ref, error));
    }
  }
  return results;
}

/** The checks a run selects, in their order. */
export function selectedChecks(checks: readonly AnyCheck[], run: RunOptions = {}): AnyCheck[] {
  const selection = run.selection;
  return selection ? checks.filter((check) => selection.checkIds.has(check.id)) : [...checks];
}

export function runChecks(checks: readonly AnyCheck[], inventory: Inventory, run: RunOptions = {}): CheckResult[] {
  // Options are validated for every check: a config may set checks this run leaves out.
  const options = resolveCheckOptions(checks, run.checkOptions);
  const view = new InventoryView(inventory);
  const texts = new MessageTexts();
  const results = selectedChecks(checks, run).flatMap((check) => runCheck(check, view, options.get(check.id), run.evidenceItems, texts));
  const selection = run.selection;
  return selection ? results.filter((result) => selection.keepsResult(result.resource)) : results;
}

/**
 * Runs every check over an inventory. Pure: same snapshot, same results. A check that throws
 * becomes an ERROR result for that target; it never ends the run.
 */
import type { Inventory } from '../inventory/schema.js';
import { InventoryView, type Entity } from '../inventory/view.js';
import { InputError } from '../errors.js';
import { redactUrisInText } from '../util/redact.js';
import { EvidenceInterner, noteGivenEvidence, resultEvidence } from './evidence-bounds.js';
import { outcomeBuilders, type AnyCheck, type CheckOptions, type Outcome } from './define.js';
import { renderResultMessage, templateKeys } from './messages.js';
import { forgetCheckRunMemos } from './check-run-memo.js';
import { resultOf, ReportShape } from './result-shape.js';
import { severityRank, type CheckResult, type ErrorReason, type Evidence, type ResourceRef, type Severity, type Status } from './types.js';

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
  /** How many texts `redacted` had to redact (for the tests). */
  redactions = 0;

  /** The run's copy of `text`. */
  shared(text: string): string {
    const known = this.texts.get(text);
    if (known !== undefined) return known;
    this.texts.set(text, text);
    return text;
  }

  /**
   * The run's copy of `raw` with its URIs redacted: each distinct text is redacted once. Redacting
   * is idempotent, so a redacted text maps to itself and raw and redacted forms share one map.
   */
  redacted(raw: string): string {
    const known = this.texts.get(raw);
    if (known !== undefined) return known;
    this.redactions += 1;
    const redacted = redactUrisInText(raw);
    // An unchanged text was just looked up: it is new.
    if (redacted === raw) {
      this.texts.set(raw, raw);
      return raw;
    }
    const text = this.shared(redacted);
    this.texts.set(raw, text);
    return text;
  }

  /** The distinct texts held: redacted ones, and raw ones that redaction changed. */
  get size(): number {
    return this.texts.size;
  }

  /** Messages by template, then by the numbers of the evidence members they show (see `internedMessage`). */
  private readonly byMembers = new Map<string, Map<number | string, string>>();
  /** How many messages `internedMessage` rendered rather than found (for the tests). */
  rendered = 0;

  /** The messages of `template` known by the members they show. */
  ofTemplate(template: string): Map<number | string, string> {
    let known = this.byMembers.get(template);
    if (known === undefined) this.byMembers.set(template, (known = new Map()));
    return known;
  }
}

/**
 * What a template shows of evidence the run interned, as one key: the interner's numbers of the
 * members it names (a number for one, a text for more), or undefined when one of them is not a
 * text, number, boolean or null the interner kept (a list, a record, a key the evidence lacks).
 */
function shownMembersKey(keys: readonly string[], interner: EvidenceInterner): number | string | undefined {
  if (keys.length === 0) return 0;
  if (keys.length === 1) {
    const id = interner.scalarMemberId(keys[0]!);
    return id < 0 ? undefined : id;
  }
  let key = '';
  for (const name of keys) {
    const id = interner.scalarMemberId(name);
    if (id < 0) return undefined;
    key += `${id},`;
  }
  return key;
}

/**
 * The redacted message of a result with no error whose evidence was just interned. A message
 * showing only texts, numbers, booleans and nulls of the evidence is the same for members with
 * the same numbers (equal numbers are equal values, each shown as its bounded form), so it is
 * rendered and redacted once, and the next result with those members finds it by their numbers
 * rather than by its text.
 */
function internedMessage(texts: MessageTexts, interner: EvidenceInterner, template: string, evidence: Evidence): string {
  const key = shownMembersKey(templateKeys(template), interner);
  if (key === undefined) return texts.redacted(renderResultMessage(template, evidence));
  const known = texts.ofTemplate(template);
  let message = known.get(key);
  if (message === undefined) {
    texts.rendered += 1;
    known.set(key, (message = texts.redacted(renderResultMessage(template, evidence))));
  }
  return message;
}

/**
 * What a run shares between its results: one copy of each message; when the run is for a report,
 * the report's shape and one frozen copy of each distinct evidence record.
 */
export interface RunShared {
  texts?: MessageTexts;
  shape?: ReportShape;
  evidence?: EvidenceInterner;
}

/** What the results of a new run share (`RunShared`); with the report's shape and an evidence interner when they are made for a report. */
export function runShared(reportShape: boolean): RunShared {
  return { texts: new MessageTexts(), ...(reportShape ? { shape: new ReportShape(), evidence: new EvidenceInterner() } : {}) };
}

function toResult(check: AnyCheck, ref: ResourceRef, outcome: Outcome, evidenceItems: EvidenceItems | undefined, run: RunShared): CheckResult {
  const { status, messageId, evidence } = outcome;
  const template = (check.messages as Record<string, string>)[messageId] ?? BUILT_IN_MESSAGES[messageId];
  if (template === undefined) {
    throw new Error(`check ${check.id} returned unknown message id '${messageId}'`);
  }
  // Checks redact the URIs they show; this catches any that one forgets (a JWT issuer, an AWS error message).
  const error = outcome.error && redactedError(outcome.error);
  const given = error
    ? error.kind === 'collection-gap' ? { reason: error.message, operation: error.operation, code: error.code } : { reason: error.message }
    : undefined;
  const interner = run.evidence;
  const interned = interner?.resultEvidence(evidence, status, evidenceItems);
  const message =
    interner !== undefined && interned !== undefined && given === undefined && run.texts !== undefined
      ? internedMessage(run.texts, interner, template, evidence)
      : redactedMessage(run.texts, renderResultMessage(template, evidence, given));
  const bounded = interned ?? resultEvidence(evidence, status, evidenceItems);
  return resultOf(check.id, status, graver(check.severity, outcome.severity), messageId, message, bounded, error, ref, run.shape);
}

function redactedError(error: ErrorReason): ErrorReason {
  const message = redactUrisInText(error.message);
  return message === error.message ? error : { ...error, message };
}

function redactedMessage(texts: MessageTexts | undefined, raw: string): string {
  return texts === undefined ? redactUrisInText(raw) : texts.redacted(raw);
}

function checkError(check: AnyCheck, ref: ResourceRef, error: unknown, shape: ReportShape | undefined): CheckResult {
  const message = redactUrisInText(describeError(error));
  const text = renderResultMessage(BUILT_IN_MESSAGES['check-error']!, {}, { reason: message });
  return resultOf(check.id, 'ERROR', check.severity, 'check-error', text, {}, { kind: 'check-error', message }, ref, shape);
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
  /**
   * Results as the report holds them (src/engine/result-shape.ts): with their finding id and a
   * shared copy of their resource reference, for `buildReport` to keep rather than copy.
   */
  reportShape?: boolean;
  /** Called after each check has run (src/scan: a full collection when the run's heap has grown a lot). */
  betweenChecks?: () => void;
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
  run: RunShared = {},
): CheckResult[] {
  try {
    return judgedTargets(check, view, options, evidenceItems, run);
  } finally {
    forgetCheckRunMemos();
  }
}

function judgedTargets(check: AnyCheck, view: InventoryView, options: CheckOptions, evidenceItems: EvidenceItems | undefined, run: RunShared): CheckResult[] {
  let selection;
  try {
    selection = check.select(view);
  } catch (error) {
    return view.inventory.regions.map((r) => checkError(check, view.regionRef(r.region), error, run.shape));
  }
  const outcome = outcomeBuilders<string>();
  const results: CheckResult[] = selection.gaps.map(({ ref, error }) =>
    toResult(check, ref, outcome.gap(error), evidenceItems, run),
  );
  for (const target of selection.targets as Entity[]) {
    try {
      results.push(toResult(check, target.ref, check.evaluate(target, view, options), evidenceItems, run));
    } catch (error) {
      results.push(checkError(check, target.ref, error, run.shape));
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
  const shared = runShared(run.reportShape === true);
  const results = selectedChecks(checks, run).flatMap((check) => {
    const checked = runCheck(check, view, options.get(check.id), run.evidenceItems, shared);
    run.betweenChecks?.();
    return checked;
  });
  const selection = run.selection;
  const kept = selection ? results.filter((result) => selection.keepsResult(result.resource)) : results;
  if (shared.evidence !== undefined) noteGivenEvidence(kept, shared.evidence.given());
  return kept;
}

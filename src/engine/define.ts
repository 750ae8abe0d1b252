/**
 * `defineCheck`: a check is metadata (data) plus a pure evaluation of one target at a time.
 * The engine owns everything else: selection gaps, thrown errors, message rendering.
 */
import { z } from 'zod';
import { InputError } from '../errors.js';
import type { InventoryPart } from '../inventory/parts.js';
import type { CollectionError } from '../inventory/schema.js';
import { describeZodError } from '../util/documents.js';
import type { Entity, InventoryView, Selection } from '../inventory/view.js';
import type { ErrorReason, Evidence, Mappings, ResourceTypes, Severity, Status } from './types.js';

export interface Remediation {
  /** What to change, in one or two sentences. */
  text: string;
  /** An AWS CLI command (with placeholders) that applies the fix, where one exists. */
  cli?: string;
  /** An AWS documentation page. */
  docs?: string;
}

export interface Outcome {
  status: Status;
  messageId: string;
  evidence: Evidence;
  error?: ErrorReason;
  /** A FAIL graver than the check's usual severity (an admin policy among wildcard ones). */
  severity?: Severity;
}

export interface CheckMeta<M extends string = string> {
  /** Stable forever; kebab-case; equals the file name. */
  id: string;
  title: string;
  severity: Severity;
  /**
   * Every type of resource the check evaluates, the main one first: each result about an
   * evaluated resource has one of these types (the check tester holds checks to it). Results
   * for a list that could not be read are about the API or region holding the list instead.
   */
  resourceTypes: ResourceTypes;
  rationale: string;
  remediation: Remediation;
  mappings: Mappings;
  /**
   * Lifecycle. A check id is part of every Security Hub finding id (`apiposture/<id>/<arn>`), so
   * ids are never renamed in place: a renamed or merged check names the ids it `replaces`, and
   * the findings of those ids are resolved where it runs. A check on its way out is
   * `deprecated`, saying why and what to use instead.
   */
  replaces?: readonly string[];
  deprecated?: { reason: string; replacedBy?: readonly string[] };
  /**
   * Checks whose failure this one's failure already explains (one root cause): while this
   * check fails for an API, their verdicts for that API carry no weight in its score.
   */
  subsumes?: readonly string[];
  /**
   * The parts of the inventory the check reads (src/inventory/parts.ts; the parts they are
   * nested in follow). A run of selected checks collects only these; a part a check reads
   * without declaring it is caught by test/selection/reads.test.ts. Absent: every part.
   */
  reads?: readonly InventoryPart[];
  /**
   * Message templates by id. `{key}` is replaced by `evidence[key]` (arrays by their items,
   * shortened). `pass`/`fail` style ids keep tests independent of prose.
   */
  messages: Record<M, string>;
}

export interface Check<T extends Entity = Entity, M extends string = string> extends CheckMeta<M> {
  /** The check's settings with their defaults, as users may set them in a config file. */
  options?: z.ZodObject;
  /** Validates user-given options (throws a one-line `InputError`) and fills in defaults. */
  parseOptions(raw: unknown): CheckOptions;
  select(view: InventoryView): Selection<T>;
  evaluate(target: T, view: InventoryView, options: CheckOptions): Outcome;
}

export type CheckOptions = Record<string, unknown>;

/** The outcome builders a check returns; message ids are checked against the metadata. */
export interface OutcomeBuilders<M extends string> {
  pass(messageId: M, evidence?: Evidence): Outcome;
  /** `severity` raises this failure above the check's own severity; it never lowers it. */
  fail(messageId: M, evidence?: Evidence, severity?: Severity): Outcome;
  notApplicable(messageId: M, evidence?: Evidence): Outcome;
  /** Data this target needs was not collected. */
  gap(error: CollectionError, evidence?: Evidence): Outcome;
  /** Data was collected but cannot be interpreted (a malformed policy, say). */
  invalid(message: string, evidence?: Evidence): Outcome;
}

export function outcomeBuilders<M extends string>(): OutcomeBuilders<M> {
  return {
    pass: (messageId, evidence = {}) => ({ status: 'PASS', messageId, evidence }),
    fail: (messageId, evidence = {}, severity) =>
      severity ? { status: 'FAIL', messageId, evidence, severity } : { status: 'FAIL', messageId, evidence },
    notApplicable: (messageId, evidence = {}) => ({ status: 'NOT_APPLICABLE', messageId, evidence }),
    gap: (error, evidence = {}) => ({
      status: 'ERROR',
      messageId: 'collection-gap',
      evidence,
      error: {
        kind: 'collection-gap',
        operation: `${error.service}:${error.operation}`,
        code: error.code,
        message: error.message,
      },
    }),
    invalid: (message, evidence = {}) => ({
      status: 'ERROR',
      messageId: 'invalid-data',
      evidence,
      error: { kind: 'invalid-data', message },
    }),
  };
}

const NO_OPTIONS = z.object({});

export interface CheckDefinition<T extends Entity, M extends string, O extends z.ZodObject = typeof NO_OPTIONS>
  extends CheckMeta<M> {
  /**
   * Thresholds users may change, as a zod object whose fields all have defaults, e.g.
   * `z.object({ expiryDays: z.number().int().positive().default(30).describe('…') })`.
   */
  options?: O;
  select(view: InventoryView): Selection<T>;
  evaluate(target: T, outcome: OutcomeBuilders<M>, view: InventoryView, options: z.output<O>): Outcome;
}

export function defineCheck<T extends Entity, M extends string, O extends z.ZodObject = typeof NO_OPTIONS>(
  definition: CheckDefinition<T, M, O>,
): Check<T, M> {
  const builders = outcomeBuilders<M>();
  const schema = (definition.options ?? NO_OPTIONS).strict();
  return Object.freeze({
    ...definition,
    parseOptions: (raw: unknown) => {
      const parsed = schema.safeParse(raw ?? {});
      if (!parsed.success) {
        throw new InputError(`options for check ${definition.id}: ${describeZodError(parsed.error)}`);
      }
      return parsed.data as CheckOptions;
    },
    evaluate: (target: T, view: InventoryView, options: CheckOptions) =>
      definition.evaluate(target, builders, view, options as z.output<O>),
  });
}

/** Any check, whatever its target type, as the registry and engine hold it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCheck = Check<any, string>;

export interface OptionDoc {
  name: string;
  type: string;
  default: unknown;
  description: string;
}

/** A check's options as documentation: for `checks show`, the catalogue and `checks --json`. */
export function describeOptions(check: Pick<Check, 'options'>): OptionDoc[] {
  if (!check.options) return [];
  const schema = z.toJSONSchema(check.options, { io: 'input' }) as {
    properties?: Record<string, { type?: string; default?: unknown; description?: string }>;
  };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    type: property.type ?? 'value',
    default: property.default,
    description: property.description ?? '',
  }));
}

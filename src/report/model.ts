/**
 * The report document: the stable machine contract every output format is rendered from.
 * `reportSchema` is the document in memory (what every renderer reads, and report.json up to
 * version 1); `reportFileSchema` is report.json as written since version 2 (compact, each
 * resource listed once: src/report/json-form.ts), from which `schema/report.schema.json` is
 * generated. A change to the file that a consumer could notice bumps `REPORT_SCHEMA_VERSION`;
 * every older version stays readable.
 */
import { z } from 'zod';
import type { CheckMeta } from '../engine/define.js';
import {
  GRADE_CAP,
  GRADE_FLOORS,
  GRADES,
  RANKING_SENTENCE,
  RISK_TIERS,
  SCORING_DETAILS,
  SEVERITY_WEIGHTS,
  UNEVALUATED_GRADE_CAP,
  countsOf,
  scoreApis,
  scoreSentence,
  subsumptionTable,
  zeroCounts,
  type ApiScore,
  type Grade,
  type SubsumptionTable,
} from '../engine/scoring.js';
import { hasApi } from '../engine/types.js';
import { canonicalRef, refCopier } from '../engine/result-shape.js';
import { copyMappings, mappingsSchema } from '../model/frameworks/index.js';
import {
  RESOURCE_TYPES,
  SEVERITIES,
  SEVERITY_RANK,
  STATUS_SLOT,
  STATUSES,
  checkResultSchema,
  evidenceSchema,
  isMuted,
  resourceRefSchema,
  type CheckResult,
  type ResourceRef,
  type Severity,
  type Status,
} from '../model/results.js';
import { describeZodError, parseVersioned, readJsonFile } from '../util/documents.js';
import { collectionErrorSchema, type CollectionError, type Inventory } from '../inventory/schema.js';
import { selectionRecordSchema } from '../model/selection.js';
import type { ReportSelection } from '../selection/selection.js';
import { redactUrisInText } from '../util/redact.js';
import { complianceSchema, rollUpCompliance } from './compliance.js';
import { muteSummarySchema, type MuteSummary } from '../mute/schema.js';
import { changesSchema } from './changes-schema.js';
import { findingId } from '../model/finding-id.js';
import { InventoryView } from '../inventory/view.js';
import { InputError } from '../errors.js';
import { EVIDENCE_ITEMS, givenEvidenceOf, noteGivenEvidence } from '../engine/evidence-bounds.js';
import { reportOfFile, type FileResult } from './json-form.js';
import { reportOfV2File } from './json-form-v2.js';

/**
 * 3: compact, checks, resources, messages and evidence each written once in tables the results
 * name by index (src/report/json-form.ts). 2: compact, resources listed once and named by ARN
 * (src/report/json-form-v2.ts). 1: the in-memory shape, indented.
 */
export const REPORT_SCHEMA_VERSION = 3;
/** The versions this apiposture reads, each migrated to the in-memory report. */
const REPORT_VERSIONS = [1, 2, REPORT_SCHEMA_VERSION] as const;

/** Reports are smaller than the snapshots they come from, but can still be large. */
const MAX_REPORT_BYTES = 512 * 1024 * 1024;

export { GRADES, checkResultSchema, resourceRefSchema };

export const countSchema = z.number().int().nonnegative();
export const scoreSchema = z.number().int().min(0).max(100).nullable();
const severitySchema = z.enum(SEVERITIES);
export const gradeSchema = z.enum(GRADES);

/** A count per key, in the keys' order: results by status, failures by severity, units by grade. */
function countsSchema<K extends string>(keys: readonly K[]) {
  return z.object(Object.fromEntries(keys.map((key) => [key, countSchema])) as Record<K, typeof countSchema>);
}

export const statusCountsSchema = countsSchema(STATUSES);
export const severityCountsSchema = countsSchema(SEVERITIES);
export const gradeCountsSchema = countsSchema(GRADES);

export const riskSchema = z
  .enum(RISK_TIERS)
  .describe(
    'The ranking group: fails a critical check, fails a high one, a critical check could not be evaluated, a high one ' +
      'could not, or none of these.',
  );

export const gradeCapSchema = z
  .object({
    maxGrade: gradeSchema,
    checkId: z.string(),
    severity: severitySchema,
    status: z.enum(['FAIL', 'ERROR']),
  })
  .nullable()
  .describe('The check that held the grade below what the score alone gives: a failure, or a check that could not be evaluated.')
  .meta({ id: 'GradeCap' });

export const subsumedSchema = z
  .array(z.object({ checkId: z.string(), by: z.string() }))
  .describe('Failed checks left out of the score because a failing check with the same root cause (`by`) already counts.');

// The fields added after version 1 was published are optional, so that older reports still parse.
const apiEntrySchema = z
  .object({
    api: resourceRefSchema,
    score: scoreSchema.describe('null when no check applied to the API.'),
    grade: gradeSchema,
    risk: riskSchema.optional(),
    gradeCappedBy: gradeCapSchema.optional(),
    counts: statusCountsSchema.describe('Results by status, as the findings list them.'),
    failedBySeverity: severityCountsSchema.describe('Failed results by severity, as the findings list them.'),
    criticalFailures: z.array(z.string()).describe('Ids of the checks the API fails at critical severity.'),
    unevaluatedBySeverity: severityCountsSchema.optional().describe('Checks that could not be evaluated, by severity.'),
    subsumed: subsumedSchema.optional(),
    incomplete: z.boolean().describe('Some of its checks could not be evaluated (ERROR results).'),
    muted: countSchema.optional().describe('Its results accepted by mute rules (--mute-file): in none of the counts above and no score.'),
  })
  .meta({ id: 'ApiEntry' });

const checkEntrySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    severity: severitySchema,
    resourceType: z.enum(RESOURCE_TYPES).describe("The check's main resource type: the first of resourceTypes."),
    resourceTypes: z
      .array(z.enum(RESOURCE_TYPES))
      .min(1)
      .optional()
      .describe('Every resource type the check evaluates; absent in reports written before it was added.'),
    rationale: z.string(),
    replaces: z.array(z.string()).optional().describe('Earlier check ids whose findings this check resolves.'),
    remediation: z.object({ text: z.string(), cli: z.string().optional(), docs: z.string().optional() }),
    mappings: mappingsSchema,
  })
  .meta({ id: 'CheckEntry' });

const capsSchema = z.array(z.object({ severity: severitySchema, maxGrade: gradeSchema }));

export const scoringSchema = z.object({
  formula: z.string().describe('The score and grade in one sentence.'),
  ranking: z.string().optional().describe('The ranking in one sentence.'),
  details: z.string().optional().describe('The finer rules: aggregation per check, what is left out, root causes.'),
  severityWeights: severityCountsSchema,
  gradeFloors: z.array(z.object({ grade: gradeSchema, min: countSchema })),
  gradeCaps: capsSchema.describe('While a unit fails a check of this severity, its grade is at best maxGrade.'),
  unevaluatedGradeCaps: capsSchema
    .optional()
    .describe('While a check of this severity could not be evaluated (ERROR), the grade is at best maxGrade.'),
  subsumes: z
    .array(z.object({ checkId: z.string(), subsumes: z.array(z.string()) }))
    .optional()
    .describe('When checkId fails for an API, the subsumed checks carry no weight for that API (one root cause, one weight).'),
});

export const reportSchema = z
  .object({
    schemaVersion: z.union(REPORT_VERSIONS.map((version) => z.literal(version))).describe('The version of the file it was read from.'),
    tool: z.object({ name: z.literal('apiposture'), version: z.string() }),
    scan: z.object({
      account: z.string(),
      partition: z.string(),
      regions: z.array(z.string()),
      collectedAt: z.iso.datetime({ offset: true }),
      generatedAt: z.iso.datetime({ offset: true }),
      complete: z.boolean().describe('No collection errors and no ERROR results.'),
      selection: selectionRecordSchema
        .optional()
        .describe('Present when the run covered less than every check on every API (--checks, --severity, --api …): the report is partial.'),
      statusFilter: z
        .array(z.enum(STATUSES))
        .optional()
        .describe(
          'Present when --status filtered what was written: results and accountResults list only results with these statuses; ' +
            'the scores, summary, compliance and changes still cover every result. Not importable into Security Hub, not mergeable.',
        ),
    }),
    summary: z.object({
      apis: countSchema,
      incompleteApis: countSchema,
      results: statusCountsSchema,
      failuresBySeverity: severityCountsSchema,
      grades: gradeCountsSchema,
      collectionErrors: countSchema,
      muted: statusCountsSchema
        .optional()
        .describe('Results accepted by mute rules, by status; the other counts leave them out. Present when a mute file was given.'),
    }),
    scoring: scoringSchema,
    apis: z.array(apiEntrySchema).describe('Every API found, riskiest first (see scoring.ranking).'),
    accountResults: z.array(checkResultSchema).describe('The results that count towards no API.'),
    results: z.array(checkResultSchema).describe('Every result, ordered by API ARN, check id, resource ARN.'),
    checks: z.array(checkEntrySchema).describe('The checks that ran, by id.'),
    collectionErrors: z.array(collectionErrorSchema.meta({ id: 'CollectionError' })),
    compliance: complianceSchema.optional().describe('The results rolled up by compliance framework; absent in reports written before it was added.'),
    changes: changesSchema.optional().describe('What changed since the previous report (--previous-report); absent without one.'),
    mutes: muteSummarySchema.optional().describe('The mute file (--mute-file) and what each of its rules did; absent without one.'),
  })
  .meta({ title: 'apiposture report', description: 'The security posture of the API Gateway APIs in one AWS account.' });

export type Report = z.infer<typeof reportSchema>;
export type ReportApi = z.infer<typeof apiEntrySchema>;
export type ReportCheck = z.infer<typeof checkEntrySchema>;
export type ReportResult = z.infer<typeof checkResultSchema>;


const EVIDENCE_BOUND_TEXT =
  `Lists keep their first ${EVIDENCE_ITEMS.FAIL} items (${EVIDENCE_ITEMS.PASS} for PASS and NOT_APPLICABLE), then the marker ` +
  '"… <n> more not shown"; a list that keeps items shows one more rather than a marker in its place.';
/** What version 2 kept (src/report/json-form-v2.ts reads it as it is). */
const EVIDENCE_BOUND_TEXT_V2 = 'Lists keep their first 10 items (3 for PASS and NOT_APPLICABLE), then the marker "… <n> more not shown".';

const index = z.number().int().nonnegative();

const fileResultExtrasSchema = z
  .object({
    severity: z.enum(SEVERITIES).optional().describe("Absent when it is the check's (checks[].severity)."),
    error: checkResultSchema.shape.error,
    muted: checkResultSchema.shape.muted,
    change: checkResultSchema.shape.change,
    id: z
      .string()
      .optional()
      .describe('Absent when it is apiposture/<checkId>/<resource ARN> (the Security Hub finding Id), as it always is when written by apiposture.'),
  })
  .describe('What the result holds besides the first five; present only when one of these is.');

const fileResultHead = [
  z.union([index, z.string()]).describe('The check: its index in checks (or its id, when checks does not list it).'),
  z.enum(STATUSES).describe('The status.'),
  index.describe('The resource: its index in resources.'),
  index.describe('The message id and text: their index in messages.'),
] as const;
const fileEvidenceIndex = index.describe(`What the check saw: its index in evidence. ${EVIDENCE_BOUND_TEXT}`);

/** Three lengths, each a fixed tuple (what JSON Schema validators check strictly); the commonest first. */
const fileResultSchema = z
  .union([
    z.tuple([...fileResultHead, fileEvidenceIndex]).meta({ minItems: 5, maxItems: 5 }),
    z.tuple([...fileResultHead]).meta({ minItems: 4, maxItems: 4, description: 'A result with empty evidence.' }),
    z
      .tuple([...fileResultHead, fileEvidenceIndex.nullable().describe('null when the evidence is empty.'), fileResultExtrasSchema])
      .meta({ minItems: 6, maxItems: 6 }),
  ])
  .describe('[check, status, resource, message, evidence, extras]: evidence only when not empty, extras only when needed.')
  .meta({ id: 'FileCheckResult' });

/** report.json since version 3 (src/report/json-form.ts writes and reads it). */
export const reportFileSchema = reportSchema
  .omit({ schemaVersion: true, accountResults: true, results: true })
  .extend({
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
    resources: z
      .array(
        resourceRefSchema
          .omit({ linkedApiArns: true })
          .extend({
            linkedApis: z
              .array(z.union([index, z.string()]))
              .optional()
              .describe('For shared resources (custom domains, user pools): the APIs that rely on it, by index in apis (or ARN, for an API apis does not list).'),
          })
          .meta({ id: 'FileResourceRef' }),
      )
      .describe('Every resource a result is about, once, in the order the results first name it.'),
    messages: z
      .array(z.object({ id: z.string().describe("Key into the check's messages."), text: z.string() }))
      .describe('Every distinct message of the results, once, in the order the results first name it.'),
    evidence: z.array(evidenceSchema).describe('Every distinct non-empty evidence record of the results, once, in the order the results first name it.'),
    results: z
      .array(fileResultSchema)
      .describe(
        'Every result, ordered by API ARN, check id, resource ARN. The results that count towards no API (no apiArn, no linkedApiArns) are the account-level results.',
      ),
  })
  .meta({ id: 'CompactReport', description: 'report.json as apiposture writes it since version 3.' });

const fileResultV2Schema = checkResultSchema
  .omit({ id: true, severity: true, resource: true, evidence: true })
  .extend({
    severity: z.enum(SEVERITIES).optional().describe("Absent when it is the check's (checks[].severity)."),
    resource: z
      .union([z.string().describe('The ARN of its entry in resources.'), resourceRefSchema])
      .describe('The resource, by ARN; the whole reference only when it differs from the entry in resources.'),
    evidence: evidenceSchema.optional().describe(`What the check saw; absent when empty. ${EVIDENCE_BOUND_TEXT_V2}`),
    id: z.string().optional().describe('Absent when it is apiposture/<checkId>/<resource ARN>.'),
  })
  .meta({ id: 'FileCheckResultV2' });

/** report.json version 2, read only (src/report/json-form-v2.ts). */
export const reportFileV2Schema = reportSchema
  .omit({ schemaVersion: true, accountResults: true, results: true })
  .extend({
    schemaVersion: z.literal(2),
    resources: z.array(resourceRefSchema).describe('Every resource a result is about, once, in the order the results first name it.'),
    results: z.array(fileResultV2Schema).describe('Every result; a result names its resource by ARN.'),
  })
  .meta({ id: 'CompactReportV2', description: 'report.json as apiposture wrote it in version 2.' });

/**
 * What report.json may hold: the compact form apiposture writes (version 3), the compact form
 * of version 2, or the expanded one (the in-memory shape: version 1's, which `JSON.stringify`
 * of a report also gives).
 */
export const reportDocumentSchema = z.union([reportFileSchema, reportFileV2Schema, reportSchema.meta({ id: 'ExpandedReport' })]).meta({
  title: 'apiposture report',
  description:
    'The security posture of the API Gateway APIs in one AWS account. apiposture writes the compact form (version 3: checks, ' +
    'resources, messages and evidence each written once in tables the results name by index, derivable fields left out, ' +
    'evidence lists bounded); it also reads the compact form of version 2 (results name their resource by ARN) and the ' +
    'expanded form, as written up to version 1 (indented, every result with its whole resource and id, accountResults listed apart).',
});

export type ReportFile = z.infer<typeof reportFileSchema>;
export type ReportFileResult = z.infer<typeof fileResultSchema>;


/**
 * What a report needs of the snapshot its results were made from (`reportSource`): the report can
 * then be built after the snapshot has been let go.
 */
export interface ReportSource {
  account: Inventory['account'];
  regions: readonly string[];
  collectedAt: string;
  errors: readonly CollectionError[];
  /** Every scored unit (API) of the snapshot, before any selection. */
  units: readonly ResourceRef[];
}

/** What `buildReport` needs of a snapshot, holding none of its objects but texts. */
export function reportSource(inventory: Inventory): ReportSource {
  return {
    account: { ...inventory.account },
    regions: inventory.regions.map((region) => region.region),
    collectedAt: inventory.collectedAt,
    errors: [...inventory.errors],
    units: apiRefs(new InventoryView(inventory)),
  };
}

export interface BuildReportInput {
  /** The snapshot the results were made from, or what the report needs of it (`reportSource`). */
  inventory: Inventory | ReportSource;
  results: readonly CheckResult[];
  checks: readonly CheckMeta[];
  toolVersion: string;
  /** ISO 8601; passed in so that building a report stays deterministic. */
  generatedAt: string;
  /** A run of selected checks or APIs (src/selection): `checks` and `results` are already the selected ones. */
  selection?: ReportSelection;
  /** What the mute rules did (src/mute): `results` already carry their `muted`. */
  mutes?: MuteSummary;
  /**
   * The results are in the report's shape already (a run with `reportShape`, then mute rules at
   * most): kept as they are rather than copied.
   */
  resultsInReportShape?: boolean;
}

/** The scored units of the report. Another API kind adds its selection here. */
function apiRefs(view: InventoryView): ResourceRef[] {
  const selections = [view.restApis(), view.v2Apis()];
  return selections.flatMap((selection) => selection.targets.map((target) => target.ref));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Account-level results (no API) sort first; the message breaks the remaining ties. */
function compareResults(a: CheckResult, b: CheckResult): number {
  return (
    compareText(a.resource.apiArn ?? '', b.resource.apiArn ?? '') ||
    compareText(a.checkId, b.checkId) ||
    compareText(a.resource.arn, b.resource.arn) ||
    compareText(a.messageId, b.messageId) ||
    compareText(a.message, b.message)
  );
}

/**
 * Numbers each distinct text as it first appears (`ids[i]` for the i-th), then ranks the numbers
 * in `compareText` order of their texts. Equal texts usually follow one another, so the previous
 * text's number is reused without a lookup.
 */
class TextRanks {
  readonly ids: Int32Array;
  readonly rankOf: Int32Array;
  readonly size: number;

  constructor(count: number, textOf: (i: number) => string) {
    this.ids = new Int32Array(count);
    const numbers = new Map<string, number>();
    let last: string | undefined;
    let lastId = -1;
    for (let i = 0; i < count; i++) {
      const text = textOf(i);
      if (text !== last) {
        last = text;
        const known = numbers.get(text);
        if (known === undefined) numbers.set(text, (lastId = numbers.size));
        else lastId = known;
      }
      this.ids[i] = lastId;
    }
    const texts = [...numbers.keys()];
    const byText = texts.map((_, id) => id).sort((a, b) => compareText(texts[a]!, texts[b]!));
    this.rankOf = new Int32Array(texts.length);
    for (let rank = 0; rank < byText.length; rank++) this.rankOf[byText[rank]!] = rank;
    this.size = texts.length;
  }
}

/**
 * The results in `compareResults` order (a stable sort) without comparing half a million pairs
 * of ARNs: the API ARNs and check ids are ranked once, results are placed by (API, check) in one
 * counting pass, and only the few of one API and check are sorted, by resource ARN and message.
 */
export function sortResults<R extends CheckResult>(results: readonly R[]): R[] {
  const apis = new TextRanks(results.length, (i) => results[i]!.resource.apiArn ?? '');
  const checks = new TextRanks(results.length, (i) => results[i]!.checkId);
  const buckets = apis.size * checks.size;
  if (buckets > 1 << 26) return [...results].sort(compareResults);
  const bucketOf = new Int32Array(results.length);
  const starts = new Int32Array(buckets + 1);
  for (let i = 0; i < results.length; i++) {
    const bucket = apis.rankOf[apis.ids[i]!]! * checks.size + checks.rankOf[checks.ids[i]!]!;
    bucketOf[i] = bucket;
    starts[bucket + 1]! += 1;
  }
  for (let b = 0; b < buckets; b++) starts[b + 1]! += starts[b]!;
  const order = new Int32Array(results.length);
  const next = starts.slice(0, buckets);
  for (let i = 0; i < results.length; i++) order[next[bucketOf[i]!]!++] = i;
  const sorted: R[] = new Array(results.length);
  // Within a bucket the API and check are equal: compareResults decides by resource and message.
  const byResource = (a: number, b: number) => compareResults(results[a]!, results[b]!) || a - b;
  for (let b = 0; b < buckets; b++) {
    const [from, to] = [starts[b]!, starts[b + 1]!];
    if (to - from > SMALL_BUCKET) order.subarray(from, to).sort(byResource);
    else if (to - from > 1) insertionSort(results, order, from, to);
    for (let k = from; k < to; k++) sorted[k] = results[order[k]!]!;
  }
  return sorted;
}

/** Buckets of at most this many results (most hold a few) are sorted in place, without a sort call's setup. */
const SMALL_BUCKET = 16;

/** A stable sort of `order[from, to)` by `compareResults`: equal results keep their order. */
function insertionSort(results: readonly CheckResult[], order: Int32Array, from: number, to: number): void {
  for (let k = from + 1; k < to; k++) {
    const index = order[k]!;
    let at = k;
    while (at > from && compareResults(results[order[at - 1]!]!, results[index]!) > 0) {
      order[at] = order[at - 1]!;
      at -= 1;
    }
    order[at] = index;
  }
}

// The copies below fix each object's key order, so report.json is byte-stable (canonicalRef: the reference's).
function copyResult(result: CheckResult, copyOf: (ref: ResourceRef) => ResourceRef = canonicalRef): ReportResult {
  return {
    id: findingId(result.checkId, result.resource.arn),
    checkId: result.checkId,
    status: result.status,
    severity: result.severity,
    resource: copyOf(result.resource),
    messageId: result.messageId,
    message: result.message,
    // The engine bounded it for the result's status when it made the result: shared, not copied.
    evidence: result.evidence,
    ...(result.error === undefined ? {} : { error: result.error }),
    ...(result.muted === undefined ? {} : { muted: { ...result.muted } }),
    ...(result.change === undefined ? {} : { change: result.change }),
  };
}

function copyCheck(check: CheckMeta): ReportCheck {
  const { text, cli, docs } = check.remediation;
  return {
    id: check.id,
    title: check.title,
    severity: check.severity,
    resourceType: check.resourceTypes[0],
    resourceTypes: [...check.resourceTypes],
    rationale: check.rationale,
    ...(check.replaces?.length ? { replaces: [...check.replaces] } : {}),
    remediation: { text, ...(cli === undefined ? {} : { cli }), ...(docs === undefined ? {} : { docs }) },
    mappings: copyMappings(check.mappings),
  };
}

/** What the summary and the scan's completeness read of every result, counted in one pass. */
interface ResultTally {
  statuses: Record<Status, number>;
  failures: Record<Severity, number>;
  muted: Record<Status, number>;
  /** Some result, muted or not, could not be evaluated. */
  anyError: boolean;
}

function tallyResults(results: readonly CheckResult[]): ResultTally {
  // Numbered slots, made records once at the end: a keyed increment per result is slow.
  const [statuses, failures, muted] = [[0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0]];
  // Indexed: a loop run once is not optimised, and `for…of` then makes an iterator result per item.
  for (let i = 0; i < results.length; i++) {
    const result = results[i]!;
    const slot = STATUS_SLOT[result.status];
    if (isMuted(result)) {
      muted[slot]! += 1;
      continue;
    }
    statuses[slot]! += 1;
    if (result.status === 'FAIL') failures[SEVERITY_RANK[result.severity]]! += 1;
  }
  return {
    statuses: countsOf(STATUSES, (status) => statuses[STATUS_SLOT[status]]!),
    failures: countsOf(SEVERITIES, (severity) => failures[SEVERITY_RANK[severity]]!),
    muted: countsOf(STATUSES, (status) => muted[STATUS_SLOT[status]]!),
    anyError: statuses[STATUS_SLOT.ERROR]! + muted[STATUS_SLOT.ERROR]! > 0,
  };
}

/** The summary counts; muted results are counted apart (`muted`, when mute rules were applied). */
export function summarise(
  apis: readonly ReportApi[],
  results: readonly CheckResult[],
  collectionErrors: number,
  withMutes = false,
): Report['summary'] {
  return summaryOf(apis, tallyResults(results), collectionErrors, withMutes);
}

function summaryOf(apis: readonly ReportApi[], tally: ResultTally, collectionErrors: number, withMutes: boolean): Report['summary'] {
  const grades = zeroCounts(GRADES);
  for (const api of apis) grades[api.grade] += 1;
  return {
    apis: apis.length,
    incompleteApis: apis.filter((api) => api.incomplete).length,
    results: tally.statuses,
    failuresBySeverity: tally.failures,
    grades,
    collectionErrors,
    ...(withMutes ? { muted: tally.muted } : {}),
  };
}

/** An API's entry, from its score. */
export function apiEntryOf(score: ApiScore): ReportApi {
  return {
    api: canonicalRef(score.api),
    score: score.score,
    grade: score.grade,
    risk: score.risk,
    gradeCappedBy: score.gradeCappedBy,
    counts: score.counts,
    failedBySeverity: score.failedBySeverity,
    criticalFailures: score.criticalFailures,
    unevaluatedBySeverity: score.unevaluatedBySeverity,
    subsumed: score.subsumed,
    incomplete: score.incomplete,
    ...(score.muted > 0 ? { muted: score.muted } : {}),
  };
}

function capList(caps: Partial<Record<Severity, Grade>>): { severity: Severity; maxGrade: Grade }[] {
  return SEVERITIES.flatMap((severity) => {
    const cap = caps[severity];
    return cap === undefined ? [] : [{ severity, maxGrade: cap }];
  });
}

/**
 * The scoring rules as data, from the engine's constants and the checks' root causes; the
 * organisation report shares it.
 */
export function scoringModel(subsumes: SubsumptionTable): Required<Report['scoring']> {
  return {
    formula: scoreSentence(),
    ranking: RANKING_SENTENCE,
    details: SCORING_DETAILS,
    severityWeights: { ...SEVERITY_WEIGHTS },
    gradeFloors: GRADE_FLOORS.map(({ grade, min }) => ({ grade, min })),
    gradeCaps: capList(GRADE_CAP),
    unevaluatedGradeCaps: capList(UNEVALUATED_GRADE_CAP),
    subsumes: Object.entries(subsumes)
      .sort(([a], [b]) => compareText(a, b))
      .map(([checkId, subsumed]) => ({ checkId, subsumes: [...subsumed] })),
  };
}

export function buildReport(input: BuildReportInput): Report {
  const source = 'units' in input.inventory ? input.inventory : reportSource(input.inventory);
  const sorted = sortResults(input.results);
  const copyOf = refCopier();
  const results = input.resultsInReportShape ? sorted : sorted.map((result) => copyResult(result, copyOf));
  // The results keep their evidence records: report.json can tell them apart as the engine's run did.
  const given = givenEvidenceOf(input.results);
  if (given !== undefined) noteGivenEvidence(results, given);
  const subsumes = subsumptionTable(input.checks);
  const selection = input.selection;
  const units = source.units.filter((ref) => selection?.keepsApi(ref) ?? true);
  const apis: ReportApi[] = scoreApis(units, results, subsumes).map(apiEntryOf);
  // An AWS error message can quote a URL (an endpoint given with credentials, say): shown redacted, as in results.
  const collectionErrors = source.errors
    .filter((error) => selection?.keepsCollectionError(error) ?? true)
    .map((error) => ({ ...error, message: redactUrisInText(error.message) }));
  const tally = tallyResults(results);
  const complete = collectionErrors.length === 0 && !tally.anyError;
  const checks = [...input.checks].sort((a, b) => compareText(a.id, b.id)).map(copyCheck);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'apiposture', version: input.toolVersion },
    scan: {
      account: source.account.id,
      partition: source.account.partition,
      regions: [...source.regions].sort(compareText),
      collectedAt: source.collectedAt,
      generatedAt: input.generatedAt,
      complete,
      ...(selection ? { selection: selection.record } : {}),
    },
    summary: summaryOf(apis, tally, collectionErrors.length, input.mutes !== undefined),
    scoring: scoringModel(subsumes),
    apis,
    accountResults: accountLevel(results),
    results,
    checks,
    collectionErrors,
    compliance: rollUpCompliance(results, checks),
    ...(input.mutes ? { mutes: input.mutes } : {}),
  };
}

/**
 * The results of `sortResults` that count towards no API. They have no API ARN, so they are
 * among the first results (`compareResults` puts those first): the rest are not read.
 */
export function accountLevel<R extends CheckResult>(sorted: readonly R[]): R[] {
  const account: R[] = [];
  for (const result of sorted) {
    if ((result.resource.apiArn ?? '') !== '') break;
    if (!hasApi(result.resource)) account.push(result);
  }
  return account;
}

/**
 * A report.json document as the in-memory report: the compact form (version 3, or version 2's),
 * or the expanded one (version 1, or `JSON.stringify` of a report; told apart by `accountResults`).
 */
export function parseReport(document: unknown, source: string): Report {
  const fields = typeof document === 'object' && document !== null ? (document as { schemaVersion?: unknown; accountResults?: unknown }) : {};
  const version = fields.schemaVersion;
  const expanded = version === 1 || ((version === 2 || version === REPORT_SCHEMA_VERSION) && fields.accountResults !== undefined);
  if (expanded) {
    return withResultIds(parseVersioned({ name: 'report', version: version as number, schema: reportSchema }, document, source));
  }
  if (version === 2) {
    return reportOfV2File(parseVersioned({ name: 'report', version: 2, schema: reportFileV2Schema }, document, source), source);
  }
  const file = parseVersioned({ name: 'report', version: REPORT_SCHEMA_VERSION, schema: reportFileParsing }, document, source);
  return reportOfFile(file, source, (entry, index) => fileResultOf(entry, index, source));
}

/**
 * The version 3 file as it is parsed: its results are checked one by one by `fileResultOf`, as
 * `fileResultSchema` would check them, without the validator copying half a million arrays.
 */
const reportFileParsing = reportFileSchema.extend({ results: z.array(z.unknown()) });

const isIndex = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** A version 3 result, checked as `fileResultSchema` checks it; a problem is a one-line InputError naming the result. */
function fileResultOf(entry: unknown, index: number, source: string): FileResult {
  const invalid = (at: string, problem: string) => new InputError(`${source} is not a valid apiposture report: results.${index}${at}: ${problem}`);
  if (!Array.isArray(entry) || entry.length < 4 || entry.length > 6) throw invalid('', 'expected an array of 4 to 6 items');
  const [check, status, resource, message, evidence, extras] = entry as unknown[];
  if (!isIndex(check) && typeof check !== 'string') throw invalid('.0', 'expected an index into checks or a check id');
  if (!(STATUSES as readonly unknown[]).includes(status)) throw invalid('.1', `expected one of ${STATUSES.join(', ')}`);
  if (!isIndex(resource)) throw invalid('.2', 'expected an index into resources');
  if (!isIndex(message)) throw invalid('.3', 'expected an index into messages');
  if (entry.length === 4) return entry as FileResult;
  if (!isIndex(evidence) && !(evidence === null && entry.length === 6)) throw invalid('.4', 'expected an index into evidence');
  if (entry.length === 5) return entry as FileResult;
  const parsed = fileResultExtrasSchema.safeParse(extras);
  if (!parsed.success) throw invalid('.5', describeZodError(parsed.error));
  return [check, status as FileResult[1], resource, message, evidence as number | null, parsed.data];
}

/** Reports written before results carried an `id` get the one the tool would have given them. */
function withResultIds(report: Report): Report {
  const identified = (result: ReportResult): ReportResult =>
    result.id === undefined ? { id: findingId(result.checkId, result.resource.arn), ...result } : result;
  if (report.results.every((r) => r.id !== undefined) && report.accountResults.every((r) => r.id !== undefined)) return report;
  return { ...report, results: report.results.map(identified), accountResults: report.accountResults.map(identified) };
}

export async function readReport(path: string): Promise<Report> {
  return parseReport(await readJsonFile(path, 'report', MAX_REPORT_BYTES), path);
}

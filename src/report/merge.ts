/**
 * The organisation report: per-account reports (`report.json`, one per account) combined into
 * one document — every account with its score and grade distribution, every API of every
 * account ranked riskiest first, the totals, and where each part came from.
 *
 * Scores, grades and ranking are the engine's (src/engine/scoring.ts), recomputed from each
 * report's results so that every account is judged by the same rules: each API is scored as in
 * its account report; an account is scored on its APIs' check verdicts (one per check per API)
 * together with its account-level verdicts (one per check), so an `Allow *:*` policy caps it at
 * F like a critical API failure; the organisation on every account's verdicts.
 */
import { z } from 'zod';
import { allChecks } from '../../checks/index.js';
import type { CheckMeta } from '../engine/define.js';
import {
  GRADES,
  accountVerdicts,
  compareRisk,
  scoreApis,
  scoreVerdicts,
  subsumptionTable,
  zeroCounts,
  type ApiScore,
  type Grade,
  type SubsumptionTable,
  type Verdict,
} from '../engine/scoring.js';
import { SEVERITIES, STATUSES, resourceRefSchema } from '../model/results.js';
import { derivedCompleteness } from './completeness.js';
import { complianceSchema, rollUpCompliance } from './compliance.js';
import { muteSummarySchema, type MuteSummary } from '../mute/schema.js';
import { combineSummaries } from '../mute/apply.js';
import { InputError } from '../errors.js';
import { parseVersioned, readJsonFile } from '../util/documents.js';
import {
  countSchema as count,
  gradeCapSchema,
  gradeCountsSchema,
  gradeSchema,
  parseReport,
  riskSchema,
  scoreSchema,
  scoringModel,
  scoringSchema,
  severityCountsSchema,
  statusCountsSchema,
  subsumedSchema,
  type Report,
} from './model.js';

export const ORGANISATION_REPORT_VERSION = 1;
/** The largest report merge reads, from a file or from S3. */
export const MAX_REPORT_BYTES = 512 * 1024 * 1024;

const isoTime = z.iso.datetime({ offset: true });

const accountEntrySchema = z
  .object({
    account: z.string(),
    partition: z.string(),
    regions: z.array(z.string()),
    complete: z.boolean().describe('The account’s scan had no collection error and no ERROR result.'),
    collectedAt: isoTime,
    generatedAt: isoTime,
    source: z.string().describe('The report file the account comes from.'),
    apis: count,
    incompleteApis: count,
    score: scoreSchema.describe('Severity-weighted share of the account’s check verdicts that pass; null when none applied.'),
    grade: gradeSchema,
    risk: riskSchema,
    gradeCappedBy: gradeCapSchema,
    weights: z.object({ passed: count, applicable: count }).describe('Σ weight(PASS) and Σ weight(PASS + FAIL) behind the score.'),
    grades: gradeCountsSchema.describe('How many of its APIs have each grade.'),
    criticalFailures: count.describe('Critical results that FAIL, account-level ones included.'),
    failuresBySeverity: severityCountsSchema,
    results: statusCountsSchema,
    collectionErrors: count,
  })
  .meta({ id: 'OrganisationAccount' });

const organisationApiSchema = z
  .object({
    account: z.string(),
    partition: z.string(),
    api: resourceRefSchema,
    score: scoreSchema,
    grade: gradeSchema,
    risk: riskSchema,
    gradeCappedBy: gradeCapSchema,
    counts: statusCountsSchema,
    failedBySeverity: severityCountsSchema,
    criticalFailures: z.array(z.string()),
    unevaluatedBySeverity: severityCountsSchema,
    subsumed: subsumedSchema,
    incomplete: z.boolean(),
  })
  .meta({ id: 'OrganisationApi' });

const sourceSchema = z
  .object({
    file: z.string(),
    account: z.string(),
    partition: z.string(),
    regions: z.array(z.string()),
    toolVersion: z.string(),
    reportSchemaVersion: z.number().int(),
    collectedAt: isoTime,
    generatedAt: isoTime,
    complete: z.boolean(),
    used: z.boolean().describe('False for an older report of an account given twice.'),
    supersededBy: z.string().optional().describe('The newer report used instead.'),
  })
  .meta({ id: 'OrganisationSource' });

export const organisationReportSchema = z
  .object({
    schemaVersion: z.literal(ORGANISATION_REPORT_VERSION),
    kind: z.literal('organisation'),
    tool: z.object({ name: z.literal('apiposture'), version: z.string() }),
    generatedAt: isoTime,
    complete: z.boolean().describe('Every account’s scan is complete.'),
    totals: z.object({
      accounts: count,
      completeAccounts: count,
      apis: count,
      incompleteApis: count,
      score: scoreSchema,
      grade: gradeSchema,
      risk: riskSchema,
      weights: z.object({ passed: count, applicable: count }),
      grades: gradeCountsSchema,
      accountGrades: gradeCountsSchema,
      failuresBySeverity: severityCountsSchema,
      results: statusCountsSchema,
      collectionErrors: count,
    }),
    scoring: scoringSchema.required().extend({ accountFormula: z.string() }),
    accounts: z.array(accountEntrySchema).describe('Every account, riskiest first (scoring.ranking).'),
    apis: z.array(organisationApiSchema).describe('Every API of every account, riskiest first (scoring.ranking).'),
    sources: z.array(sourceSchema).describe('The reports merged, in the order given.'),
    notes: z.array(z.string()).describe('What the merge decided, e.g. which duplicate report it kept.'),
    compliance: complianceSchema.optional().describe('Every used account’s results rolled up by compliance framework.'),
    mutes: muteSummarySchema.optional().describe('The mute file given to merge (--mute-file) and what each rule did across the accounts.'),
  })
  .meta({
    title: 'apiposture organisation report',
    description: 'The security posture of the API Gateway APIs across several AWS accounts, merged from their reports.',
  });

export type OrganisationReport = z.infer<typeof organisationReportSchema>;
export type OrganisationAccount = z.infer<typeof accountEntrySchema>;
export type OrganisationApi = z.infer<typeof organisationApiSchema>;

export const ACCOUNT_SCORE_FORMULA =
  'An account is scored like an API, over all its APIs’ checks (each check once per API) and its account-level checks ' +
  '(each once), so a critical account-level failure such as an Allow *:* policy caps it at F; the organisation is ' +
  'scored the same way over every account.';

export interface MergeSource {
  file: string;
  report: Report;
  /** What `merge --mute-file` did to this report, whose results already carry their mutes (src/report/mutes.ts). */
  mutes?: MuteSummary;
}

export interface MergeOptions {
  generatedAt: string;
  toolVersion: string;
  /** Whose root causes (`subsumes`) the scores follow; by default this apiposture's checks. */
  checks?: readonly Pick<CheckMeta, 'id' | 'subsumes'>[];
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One account, scored by the engine from its report's results. */
interface ScoredAccount {
  source: MergeSource;
  apis: ApiScore[];
  verdicts: Verdict[];
}

function scoreAccountReport(source: MergeSource, subsumes: SubsumptionTable): ScoredAccount {
  const { report } = source;
  const apis = scoreApis(report.apis.map((entry) => entry.api), report.results, subsumes);
  return { source, apis, verdicts: accountVerdicts(apis, report.results) };
}

function accountEntry({ source, verdicts }: ScoredAccount): OrganisationAccount {
  const { report, file } = source;
  const { score, grade, risk, gradeCappedBy, weights } = scoreVerdicts(verdicts);
  const { summary, scan } = report;
  return {
    account: scan.account,
    partition: scan.partition,
    regions: [...scan.regions],
    complete: derivedCompleteness(report).complete,
    collectedAt: scan.collectedAt,
    generatedAt: scan.generatedAt,
    source: file,
    apis: summary.apis,
    incompleteApis: summary.incompleteApis,
    score,
    grade,
    risk,
    gradeCappedBy,
    weights,
    grades: { ...summary.grades },
    criticalFailures: summary.failuresBySeverity.critical,
    failuresBySeverity: { ...summary.failuresBySeverity },
    results: { ...summary.results },
    collectionErrors: summary.collectionErrors,
  };
}

function apiEntry(report: Report, api: ApiScore): OrganisationApi {
  return {
    account: report.scan.account,
    partition: report.scan.partition,
    api: { ...api.api, ...(api.api.linkedApiArns ? { linkedApiArns: [...api.api.linkedApiArns] } : {}) },
    score: api.score,
    grade: api.grade,
    risk: api.risk,
    gradeCappedBy: api.gradeCappedBy,
    counts: { ...api.counts },
    failedBySeverity: { ...api.failedBySeverity },
    criticalFailures: [...api.criticalFailures],
    unevaluatedBySeverity: { ...api.unevaluatedBySeverity },
    subsumed: api.subsumed.map((s) => ({ ...s })),
    incomplete: api.incomplete,
  };
}

/** Riskiest first, as the engine ranks (`compareRisk`), then a stable key. */
function riskiestFirst<T extends { risk: ApiScore['risk']; grade: Grade; score: number | null }>(key: (item: T) => string) {
  return (a: T, b: T) => compareRisk(a, b) || compareText(key(a), key(b));
}

/** A report dated later than this past the merge's own time is future-dated (clocks may differ a little). */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * Of several reports of one account, the newest by `generatedAt` (the last given on a tie). A
 * report dated in the future (later than the merge itself) cannot be the newest of a set: it
 * would shadow every real scan that comes after it, so it is kept only when it is all there is.
 */
function pickNewest(sources: readonly MergeSource[], now: number): { used: MergeSource[]; notes: string[]; supersededBy: Map<MergeSource, string> } {
  const byAccount = new Map<string, MergeSource[]>();
  for (const source of sources) {
    const group = byAccount.get(source.report.scan.account) ?? [];
    group.push(source);
    byAccount.set(source.report.scan.account, group);
  }
  const used: MergeSource[] = [];
  const notes: string[] = [];
  const supersededBy = new Map<MergeSource, string>();
  const futureDated = (s: MergeSource) => Date.parse(s.report.scan.generatedAt) > now + CLOCK_SKEW_MS;
  for (const source of sources) {
    if (futureDated(source)) {
      notes.push(`${source.file} (account ${source.report.scan.account}) is dated ${source.report.scan.generatedAt}, after this merge: it is never taken as the newest of several`);
    }
  }
  for (const [account, group] of byAccount) {
    const newer = (a: MergeSource, b: MergeSource) =>
      futureDated(a) !== futureDated(b) ? !futureDated(a) : Date.parse(a.report.scan.generatedAt) >= Date.parse(b.report.scan.generatedAt);
    const newest = group.reduce((best, s) => (newer(s, best) ? s : best));
    used.push(newest);
    const older = group.filter((s) => s !== newest);
    if (older.length === 0) continue;
    for (const s of older) supersededBy.set(s, newest.file);
    const ignored = older.map((s) => `${s.file} (generated ${s.report.scan.generatedAt})`).join(', ');
    notes.push(
      `account ${account} is in ${group.length} reports: kept the newest, ${newest.file} (generated ${newest.report.scan.generatedAt}); ignored ${ignored}`,
    );
  }
  return { used, notes, supersededBy };
}

export function mergeReports(sources: readonly MergeSource[], options: MergeOptions): OrganisationReport {
  if (sources.length === 0) throw new InputError('merge needs at least one report');
  const { used, notes, supersededBy } = pickNewest(sources, Date.parse(options.generatedAt));
  for (const source of used) {
    const { contradiction } = derivedCompleteness(source.report);
    if (contradiction) notes.push(`${source.file} (account ${source.report.scan.account}) ${contradiction}`);
  }
  const subsumes = subsumptionTable(options.checks ?? allChecks);
  const scored = used.map((source) => scoreAccountReport(source, subsumes));
  const accounts = scored.map(accountEntry).sort(riskiestFirst((a) => a.account));
  const apis = scored
    .flatMap(({ source, apis: scores }) => scores.map((api) => apiEntry(source.report, api)))
    .sort(riskiestFirst((a) => `${a.api.name}\u0000${a.account}\u0000${a.api.arn}`));

  const grades = zeroCounts(GRADES);
  const accountGrades = zeroCounts(GRADES);
  const failures = zeroCounts(SEVERITIES);
  const results = zeroCounts(STATUSES);
  let collectionErrors = 0;
  for (const api of apis) grades[api.grade] += 1;
  for (const { report } of used) {
    for (const severity of SEVERITIES) failures[severity] += report.summary.failuresBySeverity[severity];
    for (const status of STATUSES) results[status] += report.summary.results[status];
    collectionErrors += report.summary.collectionErrors;
  }
  for (const account of accounts) accountGrades[account.grade] += 1;
  const { score, grade, risk, weights } = scoreVerdicts(scored.flatMap((account) => account.verdicts));

  return {
    schemaVersion: ORGANISATION_REPORT_VERSION,
    kind: 'organisation',
    tool: { name: 'apiposture', version: options.toolVersion },
    generatedAt: options.generatedAt,
    complete: accounts.every((a) => a.complete),
    totals: {
      accounts: accounts.length,
      completeAccounts: accounts.filter((a) => a.complete).length,
      apis: apis.length,
      incompleteApis: apis.filter((a) => a.incomplete).length,
      score,
      grade,
      risk,
      weights,
      grades,
      accountGrades,
      failuresBySeverity: failures,
      results,
      collectionErrors,
    },
    scoring: { ...scoringModel(subsumes), accountFormula: ACCOUNT_SCORE_FORMULA },
    accounts,
    apis,
    sources: sources.map((source) => {
      const { scan, tool, schemaVersion } = source.report;
      const by = supersededBy.get(source);
      return {
        file: source.file,
        account: scan.account,
        partition: scan.partition,
        regions: [...scan.regions],
        toolVersion: tool.version,
        reportSchemaVersion: schemaVersion,
        collectedAt: scan.collectedAt,
        generatedAt: scan.generatedAt,
        complete: derivedCompleteness(source.report).complete,
        used: by === undefined,
        ...(by !== undefined ? { supersededBy: by } : {}),
      };
    }),
    notes,
    // Recomputed from every used account's results: a resource is counted once, in its account.
    compliance: rollUpCompliance(
      used.flatMap(({ report }) => report.results),
      used.flatMap(({ report }) => report.checks),
    ),
    ...mutesOf(used),
  };
}

/** The mute file's rules over the accounts merged (superseded reports left out). */
function mutesOf(used: readonly MergeSource[]): { mutes?: MuteSummary } {
  const summaries = used.flatMap((source) => (source.mutes ? [source.mutes] : []));
  return summaries.length === 0 ? {} : { mutes: combineSummaries(summaries[0]!.file, summaries) };
}

/** One per-account report file; an organisation report given by mistake gets its own message. */
export async function readReportToMerge(path: string): Promise<MergeSource> {
  return reportToMerge(await readJsonFile(path, 'report', MAX_REPORT_BYTES), path);
}

/** A parsed JSON document (from a file or an S3 object) as a report to merge; `source` names it in errors. */
export function reportToMerge(document: unknown, source: string): MergeSource {
  if (typeof document === 'object' && document !== null && (document as { kind?: unknown }).kind === 'organisation') {
    throw new InputError(`${source} is an organisation report; merge takes the per-account report.json files`);
  }
  const report = parseReport(document, source);
  // Accounts are scored from their results: a report that lists only some cannot be scored.
  if (report.scan.statusFilter) {
    throw new InputError(`${source} lists only its ${report.scan.statusFilter.join(', ')} results (--status); merge takes reports written without --status`);
  }
  return { file: source, report };
}

export function parseOrganisationReport(document: unknown, source: string): OrganisationReport {
  return parseVersioned(
    { name: 'organisation report', version: ORGANISATION_REPORT_VERSION, schema: organisationReportSchema },
    document,
    source,
  );
}

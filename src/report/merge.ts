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
import { complianceSchema } from './compliance.js';
import { complianceFacts, rollUpComplianceFacts, type ComplianceFacts } from './merge-compliance.js';
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

/**
 * What the organisation report keeps of one account's report once it is read (`digestReport`):
 * its entry, its APIs' entries, what its verdicts add to the organisation's score and what its
 * results add to the compliance roll-up. The report itself can then be let go, so `merge` holds
 * one report at a time however many accounts it merges.
 */
export interface AccountDigest {
  file: string;
  scan: Pick<Report['scan'], 'account' | 'partition' | 'regions' | 'collectedAt' | 'generatedAt'>;
  toolVersion: string;
  reportSchemaVersion: number;
  /** Completeness as the report's contents say (derivedCompleteness). */
  complete: boolean;
  contradiction?: string;
  summary: Report['summary'];
  account: OrganisationAccount;
  /** Its APIs, in the account report's order. */
  apis: OrganisationApi[];
  /** The verdicts it is scored on, counted by `status \0 severity` (the organisation's score needs no more). */
  verdictCounts: Map<string, number>;
  compliance: ComplianceFacts;
  mutes?: MuteSummary;
}

/** Reads only what the organisation report needs from an account's report. */
export function digestReport(source: MergeSource, subsumes: SubsumptionTable): AccountDigest {
  const { report, file } = source;
  const { scan, summary } = report;
  const apis = scoreApis(report.apis.map((entry) => entry.api), report.results, subsumes);
  const verdicts = accountVerdicts(apis, report.results);
  const verdictCounts = new Map<string, number>();
  for (const { status, severity } of verdicts) {
    const key = `${status}\u0000${severity}`;
    verdictCounts.set(key, (verdictCounts.get(key) ?? 0) + 1);
  }
  const { complete, contradiction } = derivedCompleteness(report);
  return {
    file,
    scan: { account: scan.account, partition: scan.partition, regions: [...scan.regions], collectedAt: scan.collectedAt, generatedAt: scan.generatedAt },
    toolVersion: report.tool.version,
    reportSchemaVersion: report.schemaVersion,
    complete,
    ...(contradiction !== undefined ? { contradiction } : {}),
    summary,
    account: accountEntry(report, file, complete, verdicts),
    apis: apis.map((api) => apiEntry(report, api)),
    verdictCounts,
    compliance: complianceFacts(report),
    ...(source.mutes ? { mutes: source.mutes } : {}),
  };
}

function accountEntry(report: Report, file: string, complete: boolean, verdicts: readonly Verdict[]): OrganisationAccount {
  const { score, grade, risk, gradeCappedBy, weights } = scoreVerdicts(verdicts);
  const { summary, scan } = report;
  return {
    account: scan.account,
    partition: scan.partition,
    regions: [...scan.regions],
    complete,
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

/** The organisation's score: the engine's, over every account's verdicts (only their status and severity count). */
function scoreCountedVerdicts(digests: readonly AccountDigest[]): ReturnType<typeof scoreVerdicts> {
  const totals = new Map<string, number>();
  for (const digest of digests) for (const [key, n] of digest.verdictCounts) totals.set(key, (totals.get(key) ?? 0) + n);
  const verdicts: Verdict[] = [];
  for (const [key, n] of totals) {
    const [status, severity] = key.split('\u0000') as [Verdict['status'], Verdict['severity']];
    const verdict: Verdict = { checkId: '', status, severity };
    for (let i = 0; i < n; i += 1) verdicts.push(verdict);
  }
  return scoreVerdicts(verdicts);
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
 * The accounts come in the order each was first given.
 */
function pickNewest<T extends Pick<AccountDigest, 'file' | 'scan'>>(sources: readonly T[], now: number): { used: T[]; notes: string[]; supersededBy: Map<T, string> } {
  const byAccount = new Map<string, T[]>();
  for (const source of sources) {
    const group = byAccount.get(source.scan.account) ?? [];
    group.push(source);
    byAccount.set(source.scan.account, group);
  }
  const used: T[] = [];
  const notes: string[] = [];
  const supersededBy = new Map<T, string>();
  const futureDated = (s: T) => Date.parse(s.scan.generatedAt) > now + CLOCK_SKEW_MS;
  for (const source of sources) {
    if (futureDated(source)) {
      notes.push(`${source.file} (account ${source.scan.account}) is dated ${source.scan.generatedAt}, after this merge: it is never taken as the newest of several`);
    }
  }
  for (const [account, group] of byAccount) {
    const newer = (a: T, b: T) =>
      futureDated(a) !== futureDated(b) ? !futureDated(a) : Date.parse(a.scan.generatedAt) >= Date.parse(b.scan.generatedAt);
    const newest = group.reduce((best, s) => (newer(s, best) ? s : best));
    used.push(newest);
    const older = group.filter((s) => s !== newest);
    if (older.length === 0) continue;
    for (const s of older) supersededBy.set(s, newest.file);
    const ignored = older.map((s) => `${s.file} (generated ${s.scan.generatedAt})`).join(', ');
    notes.push(
      `account ${account} is in ${group.length} reports: kept the newest, ${newest.file} (generated ${newest.scan.generatedAt}); ignored ${ignored}`,
    );
  }
  return { used, notes, supersededBy };
}

/**
 * Which of the reports read the organisation report uses, in the order their accounts were
 * first given: the newest of each account (see pickNewest). `merge` writes the per-result
 * formats from these, in this order.
 */
export function usedReports<T extends Pick<AccountDigest, 'file' | 'scan'>>(sources: readonly T[], generatedAt: string): T[] {
  return pickNewest(sources, Date.parse(generatedAt)).used;
}

export function mergeReports(sources: readonly MergeSource[], options: MergeOptions): OrganisationReport {
  const subsumes = subsumptionTable(options.checks ?? allChecks);
  return mergeDigests(
    sources.map((source) => digestReport(source, subsumes)),
    options,
  );
}

/** The organisation report from its accounts' digests (`digestReport`, with the same `checks`), in the order the reports were given. */
export function mergeDigests(sources: readonly AccountDigest[], options: MergeOptions): OrganisationReport {
  if (sources.length === 0) throw new InputError('merge needs at least one report');
  const { used, notes, supersededBy } = pickNewest(sources, Date.parse(options.generatedAt));
  for (const source of used) {
    if (source.contradiction) notes.push(`${source.file} (account ${source.scan.account}) ${source.contradiction}`);
  }
  const subsumes = subsumptionTable(options.checks ?? allChecks);
  const accounts = used.map((source) => source.account).sort(riskiestFirst((a) => a.account));
  const apis = used.flatMap((source) => source.apis).sort(riskiestFirst((a) => `${a.api.name}\u0000${a.account}\u0000${a.api.arn}`));

  const grades = zeroCounts(GRADES);
  const accountGrades = zeroCounts(GRADES);
  const failures = zeroCounts(SEVERITIES);
  const results = zeroCounts(STATUSES);
  let collectionErrors = 0;
  for (const api of apis) grades[api.grade] += 1;
  for (const { summary } of used) {
    for (const severity of SEVERITIES) failures[severity] += summary.failuresBySeverity[severity];
    for (const status of STATUSES) results[status] += summary.results[status];
    collectionErrors += summary.collectionErrors;
  }
  for (const account of accounts) accountGrades[account.grade] += 1;
  const { score, grade, risk, weights } = scoreCountedVerdicts(used);

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
      const { scan } = source;
      const by = supersededBy.get(source);
      return {
        file: source.file,
        account: scan.account,
        partition: scan.partition,
        regions: [...scan.regions],
        toolVersion: source.toolVersion,
        reportSchemaVersion: source.reportSchemaVersion,
        collectedAt: scan.collectedAt,
        generatedAt: scan.generatedAt,
        complete: source.complete,
        used: by === undefined,
        ...(by !== undefined ? { supersededBy: by } : {}),
      };
    }),
    notes,
    // Recomputed from every used account's results: a resource is counted once, in its account.
    compliance: rollUpComplianceFacts(used.map((source) => source.compliance)),
    ...mutesOf(used),
  };
}

/** The mute file's rules over the accounts merged (superseded reports left out). */
function mutesOf(used: readonly AccountDigest[]): { mutes?: MuteSummary } {
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

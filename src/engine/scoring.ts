/**
 * Scores, grades and risk ranking. Every scored unit (an API, an account, an organisation) is
 * scored the same way, from its check verdicts:
 *
 * - One verdict per check per API: the worst status among the check's results for that API
 *   (FAIL, then ERROR, then PASS, then NOT_APPLICABLE), at the gravest severity among those
 *   results. Five passing stages weigh what one does; a check failing on one stage fails.
 * - One root cause, one weight: when a check fails, the checks it subsumes (its `subsumes`
 *   metadata) are set aside for that API; their results are still listed, but carry no weight.
 * - score = round(100 × Σ weight(PASS) / Σ weight(PASS + FAIL)); ERROR and NOT_APPLICABLE do not
 *   count. The grade follows the score, capped by the worst failure (`GRADE_CAP`) and by the
 *   worst check that could not be evaluated (`UNEVALUATED_GRADE_CAP`).
 * - Ranking is by risk first (`RISK_TIERS`), then grade, then score.
 * - Muted results (a mute rule accepted them) count in no verdict, so in no score, grade cap or
 *   risk tier; a muted ERROR still marks its API incomplete: muting accepts a risk, not missing data.
 */
import type { CheckMeta } from './define.js';
import { hasApi, SEVERITIES, STATUSES, type CheckResult, type ResourceRef, type Severity, type Status } from './types.js';
import { isMuted, SEVERITY_RANK, STATUS_SLOT } from '../model/results.js';

export const SEVERITY_WEIGHTS: Record<Severity, number> = {
  critical: 10,
  high: 5,
  medium: 3,
  low: 1,
  info: 0,
};

/** Best first; N/A when nothing could be scored. */
export const GRADES = ['A', 'B', 'C', 'D', 'F', 'N/A'] as const;
export type Grade = (typeof GRADES)[number];

export const GRADE_FLOORS = [
  { grade: 'A', min: 90 },
  { grade: 'B', min: 75 },
  { grade: 'C', min: 60 },
  { grade: 'D', min: 40 },
  { grade: 'F', min: 0 },
] as const satisfies readonly { grade: Grade; min: number }[];

/** The best grade a unit can have while it fails a check of this severity. */
export const GRADE_CAP: Partial<Record<Severity, Grade>> = { critical: 'F', high: 'C' };

/**
 * The best grade a unit can have while a check of this severity could not be evaluated. The
 * unknown might be a failure, so it can never grade A or B; an unknown critical check caps at D
 * rather than F so that a confirmed critical failure (F) stays distinguishable from a blind spot.
 */
export const UNEVALUATED_GRADE_CAP: Partial<Record<Severity, Grade>> = { critical: 'D', high: 'C' };

/**
 * Root causes, by check id: when the key check fails for an API, the listed checks' verdicts for
 * that API carry no weight. Built from the checks' `subsumes` metadata (`subsumptionTable`).
 */
export type SubsumptionTable = Readonly<Record<string, readonly string[]>>;

/** The root-cause table of these checks, by check id. */
export function subsumptionTable(checks: readonly Pick<CheckMeta, 'id' | 'subsumes'>[]): SubsumptionTable {
  return Object.fromEntries(checks.flatMap((check) => (check.subsumes?.length ? [[check.id, [...check.subsumes]]] : [])));
}

/** Ranking groups, riskiest first. */
export const RISK_TIERS = ['critical-failure', 'high-failure', 'critical-unevaluated', 'high-unevaluated', 'other'] as const;
export type RiskTier = (typeof RISK_TIERS)[number];

/** One check's outcome for one scored unit. */
export interface Verdict {
  checkId: string;
  status: Status;
  severity: Severity;
}

/** The check that held the grade below what the score alone would give. */
export interface GradeCap {
  maxGrade: Grade;
  checkId: string;
  severity: Severity;
  status: 'FAIL' | 'ERROR';
}

export interface Subsumption {
  checkId: string;
  /** The failing check whose root cause it shares. */
  by: string;
}

export interface UnitScore {
  /** null when no check applied (nothing to score). */
  score: number | null;
  grade: Grade;
  risk: RiskTier;
  gradeCappedBy: GradeCap | null;
  weights: { passed: number; applicable: number };
  /** Checks that could not be evaluated, by severity. */
  unevaluatedBySeverity: Record<Severity, number>;
}

export interface ApiScore extends UnitScore {
  api: ResourceRef;
  /** Results by status, as the report lists them. */
  counts: Record<Status, number>;
  /** Failed results by severity, as the report lists them. */
  failedBySeverity: Record<Severity, number>;
  /** Ids of the checks that failed at critical severity. */
  criticalFailures: string[];
  /** Some of its checks could not be evaluated (muted ones included). */
  incomplete: boolean;
  /** Results set aside by mute rules: in no count, verdict or score. */
  muted: number;
  /** Failed checks set aside because a graver failing check has the same root cause. */
  subsumed: Subsumption[];
  /** The verdicts the score counts (subsumed ones left out), by check id. */
  verdicts: Verdict[];
}

/** Higher is worse; N/A (nothing to score) ranks below A. */
function gradeRank(grade: Grade): number {
  return grade === 'N/A' ? -1 : GRADES.indexOf(grade);
}

function gradeFor(score: number): Grade {
  return GRADE_FLOORS.find((floor) => score >= floor.min)!.grade;
}

/** A zero count for each key, in the keys' order (which fixes the order in reports). */
export function zeroCounts<K extends string>(keys: readonly K[]): Record<K, number> {
  return countsOf(keys, () => 0);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `localeCompare`'s order (the default locale's collator), without making a collator per comparison. */
const byLocale = new Intl.Collator();

/** A status's rank, worst first: a known failure outweighs an unknown, which outweighs a pass. */
const STATUS_RANK: Readonly<Record<Status, number>> = { FAIL: 0, ERROR: 1, PASS: 2, NOT_APPLICABLE: 3 };

/** A count for each key, in the keys' order (as `zeroCounts`), from `count`. */
export function countsOf<K extends string>(keys: readonly K[], count: (key: K) => number): Record<K, number> {
  const counts = {} as Record<K, number>;
  for (const key of keys) counts[key] = count(key);
  return counts;
}

/** One verdict per check: its worst status, at the gravest severity among the results with that status. */
export function verdictsOf(results: readonly Pick<CheckResult, 'checkId' | 'status' | 'severity'>[]): Verdict[] {
  const byCheck = new Map<string, Verdict>();
  // An API's results come grouped by check (the report's order): the last verdict is usually the one.
  let last: Verdict | undefined;
  for (const { checkId, status, severity } of results) {
    let seen = last !== undefined && last.checkId === checkId ? last : byCheck.get(checkId);
    if (seen === undefined) {
      byCheck.set(checkId, (seen = { checkId, status, severity }));
    } else {
      const order = STATUS_RANK[status] - STATUS_RANK[seen.status];
      if (order < 0) {
        seen.status = status;
        seen.severity = severity;
      } else if (order === 0 && SEVERITY_RANK[severity] < SEVERITY_RANK[seen.severity]) seen.severity = severity;
    }
    last = seen;
  }
  return [...byCheck.values()].sort((a, b) => compareText(a.checkId, b.checkId));
}

/** Sets aside the verdicts of checks subsumed by a failing check. */
export function setAsideSubsumed(
  verdicts: readonly Verdict[],
  subsumes: SubsumptionTable,
): { counted: Verdict[]; subsumed: Subsumption[] } {
  const subsumedBy = new Map<string, string>();
  for (const verdict of verdicts) {
    if (verdict.status !== 'FAIL') continue;
    for (const checkId of subsumes[verdict.checkId] ?? []) {
      if (!subsumedBy.has(checkId) && checkId !== verdict.checkId) subsumedBy.set(checkId, verdict.checkId);
    }
  }
  return {
    counted: verdicts.filter((v) => !subsumedBy.has(v.checkId)),
    subsumed: verdicts.flatMap((v) => {
      const by = subsumedBy.get(v.checkId);
      return by === undefined ? [] : [{ checkId: v.checkId, by }];
    }),
  };
}

/** The risk tier of verdicts, as an index in RISK_TIERS: the first of them a verdict meets. */
function riskIndexOf(status: Status, severity: Severity): number {
  const offset = status === 'FAIL' ? 0 : status === 'ERROR' ? 2 : -1;
  if (offset < 0) return OTHER_RISK;
  return severity === 'critical' ? offset : severity === 'high' ? offset + 1 : OTHER_RISK;
}

const OTHER_RISK = RISK_TIERS.indexOf('other');

/** The weights by severity rank. */
const WEIGHT_BY_RANK = SEVERITIES.map((severity) => SEVERITY_WEIGHTS[severity]);

/** The tightest cap among the verdicts; a failure before an unknown, then by check id. */
function tightestCap(verdicts: readonly Verdict[]): GradeCap | null {
  let tightest: GradeCap | null = null;
  for (const { checkId, status, severity } of verdicts) {
    const maxGrade = status === 'FAIL' ? GRADE_CAP[severity] : status === 'ERROR' ? UNEVALUATED_GRADE_CAP[severity] : undefined;
    if (maxGrade === undefined || (status !== 'FAIL' && status !== 'ERROR')) continue;
    if (tightest === null || gradeRank(maxGrade) > gradeRank(tightest.maxGrade)) tightest = { maxGrade, checkId, severity, status };
  }
  return tightest;
}

/** Scores any set of verdicts: an API's, an account's, an organisation's. */
export function scoreVerdicts(verdicts: readonly Verdict[]): UnitScore {
  let passed = 0;
  let applicable = 0;
  let risk = OTHER_RISK;
  const unevaluated = [0, 0, 0, 0, 0];
  for (let i = 0; i < verdicts.length; i++) {
    const { status, severity } = verdicts[i]!;
    const rank = SEVERITY_RANK[severity];
    const weight = WEIGHT_BY_RANK[rank]!;
    if (status === 'PASS') passed += weight;
    if (status === 'PASS' || status === 'FAIL') applicable += weight;
    if (status === 'ERROR') unevaluated[rank]! += 1;
    risk = Math.min(risk, riskIndexOf(status, severity));
  }
  const unevaluatedBySeverity = countsOf(SEVERITIES, (severity) => unevaluated[SEVERITY_RANK[severity]]!);
  const score = applicable === 0 ? null : Math.round((100 * passed) / applicable);
  const own: Grade = score === null ? 'N/A' : gradeFor(score);
  const cap = own === 'N/A' ? null : tightestCap(verdicts);
  const capped = cap !== null && gradeRank(cap.maxGrade) > gradeRank(own);
  return {
    score,
    grade: capped ? cap.maxGrade : own,
    risk: RISK_TIERS[risk]!,
    gradeCappedBy: capped ? cap : null,
    weights: { passed, applicable },
    unevaluatedBySeverity,
  };
}

/**
 * One verdict per check (as `verdictsOf`) for one unit after another, without a map per unit:
 * check ids are numbered once, the first time any unit meets them, and each unit's verdicts are
 * held in slots by number until `take` hands them over and clears the slots it used.
 */
export class VerdictTally {
  private readonly numbers = new Map<string, number>();
  private readonly ids: string[] = [];
  /** Per check number: the verdict's STATUS_RANK and SEVERITY_RANK so far, -1 while the unit has none. */
  private statuses = new Int8Array(64).fill(-1);
  private severities = new Int8Array(64);
  /** The check numbers of the current unit, in the order first met. */
  private readonly touched: number[] = [];
  private lastId: string | undefined;
  private lastNumber = -1;

  add(checkId: string, status: Status, severity: Severity): void {
    // A unit's results come grouped by check (the report's order): the last check is usually the one.
    if (checkId !== this.lastId) {
      this.lastId = checkId;
      this.lastNumber = this.numbers.get(checkId) ?? this.number(checkId);
    }
    const number = this.lastNumber;
    const statusRank = STATUS_RANK[status];
    const severityRank = SEVERITY_RANK[severity];
    const seen = this.statuses[number]!;
    if (seen < 0) {
      this.touched.push(number);
    } else if (statusRank > seen || (statusRank === seen && severityRank >= this.severities[number]!)) {
      return;
    }
    this.statuses[number] = statusRank;
    this.severities[number] = severityRank;
  }

  /** The unit's verdicts, by check id; the tally is then empty for the next unit. */
  take(): Verdict[] {
    const verdicts: Verdict[] = new Array(this.touched.length);
    let sorted = true;
    for (let i = 0; i < this.touched.length; i++) {
      const number = this.touched[i]!;
      const checkId = this.ids[number]!;
      verdicts[i] = { checkId, status: STATUS_BY_RANK[this.statuses[number]!]!, severity: SEVERITIES[this.severities[number]!]! };
      if (i > 0 && compareText(verdicts[i - 1]!.checkId, checkId) > 0) sorted = false;
      this.statuses[number] = -1;
    }
    this.touched.length = 0;
    return sorted ? verdicts : verdicts.sort((a, b) => compareText(a.checkId, b.checkId));
  }

  private number(checkId: string): number {
    const number = this.ids.push(checkId) - 1;
    this.numbers.set(checkId, number);
    if (number >= this.statuses.length) {
      const [statuses, severities] = [new Int8Array(2 * this.statuses.length).fill(-1), new Int8Array(2 * this.statuses.length)];
      statuses.set(this.statuses);
      severities.set(this.severities);
      [this.statuses, this.severities] = [statuses, severities];
    }
    return number;
  }
}

/** The statuses by STATUS_RANK. */
const STATUS_BY_RANK = (Object.keys(STATUS_RANK) as Status[]).sort((a, b) => STATUS_RANK[a] - STATUS_RANK[b]);

/** An API's score; `tally`: one shared by every API scored, or a new one. */
export function scoreApi(api: ResourceRef, results: readonly CheckResult[], subsumes: SubsumptionTable, tally = new VerdictTally()): ApiScore {
  // Counted in numbered slots and made records once: a keyed increment per result is slow.
  const statusCounts = [0, 0, 0, 0];
  const failedCounts = [0, 0, 0, 0, 0];
  let incomplete = false;
  let muted = 0;
  for (let i = 0; i < results.length; i++) {
    const { status, severity, checkId } = results[i]!;
    if (status === 'ERROR') incomplete = true;
    if (isMuted(results[i]!)) {
      muted += 1;
      continue;
    }
    statusCounts[STATUS_SLOT[status]]! += 1;
    if (status === 'FAIL') failedCounts[SEVERITY_RANK[severity]]! += 1;
    tally.add(checkId, status, severity);
  }
  const counts = countsOf(STATUSES, (status) => statusCounts[STATUS_SLOT[status]]!);
  const failedBySeverity = countsOf(SEVERITIES, (severity) => failedCounts[SEVERITY_RANK[severity]]!);
  const all = tally.take();
  const { counted: verdicts, subsumed } = setAsideSubsumed(all, subsumes);
  return {
    api,
    ...scoreVerdicts(verdicts),
    counts,
    failedBySeverity,
    criticalFailures: all.filter((v) => v.status === 'FAIL' && v.severity === 'critical').map((v) => v.checkId),
    incomplete,
    muted,
    subsumed,
    verdicts,
  };
}

/** What ranking needs to know about a unit. */
export interface Ranked {
  risk: RiskTier;
  grade: Grade;
  score: number | null;
}

/** Riskiest first: risk tier, then grade (worst first), then score (lowest first, none last). */
export function compareRisk(a: Ranked, b: Ranked): number {
  return (
    RISK_TIERS.indexOf(a.risk) - RISK_TIERS.indexOf(b.risk) ||
    gradeRank(b.grade) - gradeRank(a.grade) ||
    (a.score ?? 101) - (b.score ?? 101)
  );
}

/**
 * Each API's results (`eachApi`: its own, then those of shared resources linked to it), in the
 * order given. An API's own results usually come together (the report's order): each run of
 * them is taken as one slice rather than pushed one by one.
 */
export function resultsByApi<R extends CheckResult>(results: readonly R[]): Map<string, R[]> {
  const byApi = new Map<string, R[]>();
  const append = (arn: string, added: R[]) => {
    const list = byApi.get(arn);
    byApi.set(arn, list === undefined ? added : list.concat(added));
  };
  // The run of results whose own API is `runArn`, from `runStart`.
  let runArn: string | undefined;
  let runStart = 0;
  for (let i = 0; i < results.length; i++) {
    const { apiArn, linkedApiArns } = results[i]!.resource;
    if (apiArn !== runArn) {
      if (runArn !== undefined) append(runArn, results.slice(runStart, i));
      [runArn, runStart] = [apiArn, i];
    }
    if (linkedApiArns === undefined) continue;
    // A linked API is never the run's (that is the result's own API, skipped): its list takes the result now.
    for (const arn of linkedApiArns) {
      if (arn === apiArn) continue;
      const list = byApi.get(arn);
      if (list === undefined) byApi.set(arn, [results[i]!]);
      else list.push(results[i]!);
    }
  }
  if (runArn !== undefined) append(runArn, results.slice(runStart));
  return byApi;
}

/** The grouping of each results array made by `groupedByApi`, with the length it had. */
const groupings = new WeakMap<readonly CheckResult[], { length: number; byApi: ReadonlyMap<string, readonly CheckResult[]> }>();

/**
 * `resultsByApi`, made once per results array: a report's results are grouped for its scores
 * and again for its page. A report's arrays are never changed once built (a changed length
 * would be noticed all the same and the results grouped anew).
 */
export function groupedByApi<R extends CheckResult>(results: readonly R[]): ReadonlyMap<string, readonly R[]> {
  const known = groupings.get(results);
  if (known !== undefined && known.length === results.length) return known.byApi as ReadonlyMap<string, readonly R[]>;
  const byApi = resultsByApi(results);
  groupings.set(results, { length: results.length, byApi });
  return byApi;
}

/**
 * Scores every API, riskiest first (`compareRisk`), then by name and ARN. `byApi`: the results
 * grouped by `resultsByApi`, when the caller has them already.
 */
export function scoreApis(
  apis: readonly ResourceRef[],
  results: readonly CheckResult[],
  subsumes: SubsumptionTable,
  byApi: ReadonlyMap<string, readonly CheckResult[]> = groupedByApi(results),
): ApiScore[] {
  const tally = new VerdictTally();
  return apis
    .map((api) => scoreApi(api, byApi.get(api.arn) ?? [], subsumes, tally))
    .sort((a, b) => compareRisk(a, b) || byLocale.compare(a.api.name, b.api.name) || byLocale.compare(a.api.arn, b.api.arn));
}

/**
 * An account's score: its APIs' verdicts (one per check per API, as each API is scored) and
 * its account-level verdicts (one per check), scored together. An `Allow *:*` policy caps the
 * account at F as a critical API failure does.
 */
export function scoreAccount(apis: readonly Pick<ApiScore, 'verdicts'>[], results: readonly CheckResult[]): UnitScore {
  return scoreVerdicts(accountVerdicts(apis, results));
}

/** The verdicts an account is scored on; an organisation is scored on all its accounts' verdicts. */
export function accountVerdicts(apis: readonly Pick<ApiScore, 'verdicts'>[], results: readonly CheckResult[]): Verdict[] {
  const accountLevel = results.filter((r) => !hasApi(r.resource) && !isMuted(r));
  return [...apis.flatMap((api) => api.verdicts), ...verdictsOf(accountLevel)];
}

/** `F by a critical failure and C by a high one`: the first phrase in full, the others short. */
function capPhrase(caps: Partial<Record<Severity, Grade>>, first: (s: Severity) => string, other: (s: Severity) => string): string {
  const phrases = SEVERITIES.filter((severity) => caps[severity] !== undefined).map(
    (severity, i) => `${caps[severity]} ${i === 0 ? first(severity) : other(severity)}`,
  );
  return phrases.length > 1 ? `${phrases.slice(0, -1).join(', ')} and ${phrases.at(-1)}` : (phrases[0] ?? '');
}

/** The score in one sentence, built from the constants above. */
export function scoreSentence(): string {
  const weights = SEVERITIES.filter((s) => SEVERITY_WEIGHTS[s] > 0)
    .map((s) => `${s} ${SEVERITY_WEIGHTS[s]}`)
    .join(', ');
  const failed = capPhrase(GRADE_CAP, (s) => `by a ${s} failure`, (s) => `by a ${s} one`);
  const unknown = capPhrase(UNEVALUATED_GRADE_CAP, (s) => `when a ${s} check could not be evaluated`, (s) => `when a ${s} one could not`);
  return (
    `The score is the percentage of an API’s checks that pass, weighted by severity (${weights}) and counting each check ` +
    `once per API; the grade follows the score but is capped at ${failed}, and at ${unknown}.`
  );
}

/** The ranking in one sentence. */
export const RANKING_SENTENCE =
  'APIs are ranked by risk: first those failing a critical check, then a high one, then those whose critical or high ' +
  'checks could not be evaluated, then the rest; within each group, worst grade and lowest score first.';

/** The finer rules, for whoever checks the arithmetic. */
export const SCORING_DETAILS =
  'Each check counts once per API with its worst result across the API’s stages, routes and the shared resources it ' +
  'relies on (custom domains, user pools, KMS keys of its logs): fail, then not evaluated, then pass, then not applicable. ' +
  'Checks that could not be evaluated (ERROR) or do not apply are left out of the score. When a check fails, the ' +
  'checks it subsumes (same root cause) are left out for that API. An API with no applicable check has no score (N/A).';

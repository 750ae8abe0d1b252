/**
 * Scores: each API gets 0–100 from its own results, the severity-weighted share of its
 * applicable results (PASS + FAIL) that pass. ERROR and NOT_APPLICABLE do not count, but an
 * API with ERROR results is marked incomplete. The grade follows the score, capped by the worst
 * failure so a critical finding is visible whatever the score.
 */
import { apisOf, type CheckResult, type ResourceRef, type Severity, type Status } from './types.js';

export const SEVERITY_WEIGHTS: Record<Severity, number> = {
  critical: 10,
  high: 5,
  medium: 3,
  low: 1,
  info: 0,
};

export const GRADE_FLOORS = [
  { grade: 'A', min: 90 },
  { grade: 'B', min: 75 },
  { grade: 'C', min: 60 },
  { grade: 'D', min: 40 },
  { grade: 'F', min: 0 },
] as const;
export type Grade = (typeof GRADE_FLOORS)[number]['grade'] | 'N/A';

/** The best grade an API can have while it fails a check of this severity. */
export const GRADE_CAP: Partial<Record<Severity, Grade>> = { critical: 'F', high: 'C' };

export interface ApiScore {
  api: ResourceRef;
  /** null when no check applied (nothing to score). */
  score: number | null;
  grade: Grade;
  counts: Record<Status, number>;
  failedBySeverity: Record<Severity, number>;
  /** Ids of the checks that failed at critical severity. */
  criticalFailures: string[];
  /** Some of its checks could not be evaluated. */
  incomplete: boolean;
}

const GRADE_ORDER: Grade[] = ['A', 'B', 'C', 'D', 'F'];

/** Higher is worse; N/A (nothing to score) ranks below A. */
function gradeRank(grade: Grade): number {
  return grade === 'N/A' ? -1 : GRADE_ORDER.indexOf(grade);
}

function gradeFor(score: number): Grade {
  return GRADE_FLOORS.find((floor) => score >= floor.min)!.grade;
}

function worse(a: Grade, b: Grade): Grade {
  return GRADE_ORDER.indexOf(a) >= GRADE_ORDER.indexOf(b) ? a : b;
}

export function scoreApi(api: ResourceRef, results: readonly CheckResult[]): ApiScore {
  const counts: Record<Status, number> = { PASS: 0, FAIL: 0, NOT_APPLICABLE: 0, ERROR: 0 };
  const failedBySeverity: Record<Severity, number> = {
    critical: 0,
    high: 0,
    medium: 0,
    low: 0,
    info: 0,
  };
  let earned = 0;
  let possible = 0;
  const criticalFailures = new Set<string>();
  for (const result of results) {
    counts[result.status] += 1;
    const weight = SEVERITY_WEIGHTS[result.severity];
    if (result.status === 'PASS') {
      earned += weight;
      possible += weight;
    } else if (result.status === 'FAIL') {
      possible += weight;
      failedBySeverity[result.severity] += 1;
      if (result.severity === 'critical') criticalFailures.add(result.checkId);
    }
  }
  const score = possible === 0 ? null : Math.round((100 * earned) / possible);
  let grade: Grade = score === null ? 'N/A' : gradeFor(score);
  if (grade !== 'N/A') {
    for (const [severity, cap] of Object.entries(GRADE_CAP) as [Severity, Grade][]) {
      if (failedBySeverity[severity] > 0) grade = worse(grade, cap);
    }
  }
  return {
    api,
    score,
    grade,
    counts,
    failedBySeverity,
    criticalFailures: [...criticalFailures].sort(),
    incomplete: counts.ERROR > 0,
  };
}

/** Scores every API, worst first: by grade, then score (no score sorts last), then name. */
export function scoreApis(apis: readonly ResourceRef[], results: readonly CheckResult[]): ApiScore[] {
  const byApi = new Map<string, CheckResult[]>();
  for (const result of results) {
    for (const arn of apisOf(result.resource)) {
      const list = byApi.get(arn) ?? [];
      list.push(result);
      byApi.set(arn, list);
    }
  }
  return apis
    .map((api) => scoreApi(api, byApi.get(api.arn) ?? []))
    .sort(
      (a, b) =>
        gradeRank(b.grade) - gradeRank(a.grade) ||
        (a.score ?? 101) - (b.score ?? 101) ||
        a.api.name.localeCompare(b.api.name) ||
        a.api.arn.localeCompare(b.api.arn),
    );
}

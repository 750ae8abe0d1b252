/**
 * A mute file applied to reports already written (`merge --mute-file`): the results it matches
 * are muted, and what depends on which results count (API scores, the summary, the compliance
 * roll-up) is recomputed. Reports carry no tags, so rules that test tags are skipped here (and
 * said so); results an account's own scan muted stay muted.
 */
import { scoreApis, type SubsumptionTable } from '../engine/scoring.js';
import { apisOf } from '../engine/types.js';
import { applyMutes } from '../mute/apply.js';
import type { MuteList, MuteSummary } from '../mute/schema.js';
import { rollUpCompliance } from './compliance.js';
import { apiEntryOf, summarise, type Report } from './model.js';

/** The report with the rules applied at `now`, and what each rule did in it. */
export function muteReport(report: Report, list: MuteList, now: Date, subsumes: SubsumptionTable): { report: Report; summary: MuteSummary } {
  const { results, summary } = applyMutes(report.results, list, { now, account: report.scan.account });
  if (summary.muted === 0) return { report, summary };
  const apis = scoreApis(
    report.apis.map((entry) => entry.api),
    results,
    subsumes,
  ).map(apiEntryOf);
  return {
    report: {
      ...report,
      summary: summarise(apis, results, report.summary.collectionErrors, true),
      apis,
      accountResults: results.filter((result) => apisOf(result.resource).length === 0),
      results,
      ...(report.compliance ? { compliance: rollUpCompliance(results, report.checks) } : {}),
    },
    summary,
  };
}

/** Every report with the rules applied; each carries what the rules did to it (`mutes`), which merge adds up. */
export function muteReports<T extends { report: Report; mutes?: MuteSummary }>(sources: readonly T[], list: MuteList, now: Date, subsumes: SubsumptionTable): T[] {
  return sources.map((source) => {
    const { report, summary } = muteReport(source.report, list, now, subsumes);
    return { ...source, report, mutes: summary };
  });
}

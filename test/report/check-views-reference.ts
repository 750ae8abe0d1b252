/**
 * The plain ways of the HTML page's check views, as the report built them before `checkViews`
 * read both in one pass: the tests hold `checkViews` to these.
 */
import { severityRank } from '../../src/engine/types.js';
import { FailureTally, isNonPassing, type ApiAnchor, type CheckFailures, type CheckOption } from '../../src/report/html-checks.js';
import type { ReportCheck, ReportResult } from '../../src/report/model.js';

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every check with a failure that no mute rule accepted, gravest first, then most resources, then by id. */
export function plainFailingChecks(results: readonly ReportResult[], checks: ReadonlyMap<string, ReportCheck>, anchorOf: ApiAnchor): CheckFailures[] {
  const byCheck = new Map<string, { failures: ReportResult[]; tally: FailureTally }>();
  for (const result of results) {
    if (result.status !== 'FAIL' || result.muted !== undefined) continue;
    let row = byCheck.get(result.checkId);
    if (row === undefined) byCheck.set(result.checkId, (row = { failures: [], tally: new FailureTally() }));
    row.failures.push(result);
    row.tally.add(result, anchorOf);
  }
  const rows = [...byCheck].map(([checkId, { failures, tally }]): CheckFailures => {
    const severity = failures.map((r) => r.severity).reduce((worst, s) => (severityRank(s) < severityRank(worst) ? s : worst));
    return { checkId, title: checks.get(checkId)?.title ?? checkId, severity, failures, ...tally.anywhere(), tally };
  });
  return rows.sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || b.resources - a.resources || compareText(a.checkId, b.checkId));
}

/** Checks some API or the account does not pass, each at its gravest severity, gravest first. */
export function plainCheckOptions(results: readonly ReportResult[], checks: ReadonlyMap<string, ReportCheck>): CheckOption[] {
  const options = new Map<string, CheckOption>();
  for (const result of results) {
    if (!isNonPassing(result)) continue;
    const known = options.get(result.checkId);
    if (known && severityRank(known.severity) <= severityRank(result.severity)) continue;
    options.set(result.checkId, { checkId: result.checkId, title: checks.get(result.checkId)?.title ?? result.checkId, severity: result.severity });
  }
  return [...options.values()].sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || compareText(a.checkId, b.checkId));
}

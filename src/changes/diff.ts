/**
 * `diff <old.json> <new.json>`: two reports of one account compared without a scan, as a plain
 * table (no colour, one finding a line) or as JSON. Pure: the command reads the files.
 */
import type { ChangeCounts } from '../report/changes-schema.js';
import { changesLine } from '../report/changes-text.js';
import type { Report, ReportResult } from '../report/model.js';
import { oneLine, truncate } from '../util/text.js';
import type { ResourceType, Severity, Status } from '../model/results.js';
import { changeLists, withChanges, type PreviousReport } from './compare.js';

export const DIFF_SCHEMA_VERSION = 1;

export interface DiffItem {
  id: string;
  checkId: string;
  severity: Severity;
  /** Its status in the new report; absent when it is gone. */
  status?: Status;
  resource: { name: string; type: ResourceType; arn: string; region: string };
  message: string;
  gone?: boolean;
}

interface ReportRef {
  source: string;
  account: string;
  collectedAt: string;
  generatedAt: string;
}

export interface ReportDiff {
  schemaVersion: typeof DIFF_SCHEMA_VERSION;
  old: ReportRef;
  new: ReportRef;
  counts: ChangeCounts;
  newFailures: DiffItem[];
  regressed: DiffItem[];
  fixed: DiffItem[];
  newlyMuted: DiffItem[];
}

export interface DiffResult {
  diff: ReportDiff;
  /** The new report with its change states: what an exit code is judged on. */
  compared: Report;
}

function refOf(report: Report, source: string): ReportRef {
  return { source, account: report.scan.account, collectedAt: report.scan.collectedAt, generatedAt: report.scan.generatedAt };
}

function itemOf(result: Pick<ReportResult, 'checkId' | 'severity' | 'resource' | 'message'> & { id?: string; status?: Status; gone?: boolean }): DiffItem {
  const { name, type, arn, region } = result.resource;
  return {
    id: result.id ?? '',
    checkId: result.checkId,
    severity: result.severity,
    ...(result.status === undefined ? {} : { status: result.status }),
    resource: { name, type, arn, region },
    message: result.message,
    ...(result.gone === true ? { gone: true } : {}),
  };
}

export function diffReports(older: PreviousReport, newer: PreviousReport): DiffResult {
  const compared = withChanges(newer.report, older, { previous: `the old report ${older.source}`, current: `the new report ${newer.source}` });
  const lists = changeLists(compared);
  return {
    compared,
    diff: {
      schemaVersion: DIFF_SCHEMA_VERSION,
      old: refOf(older.report, older.source),
      new: refOf(newer.report, newer.source),
      counts: compared.changes!.counts,
      newFailures: lists.new.map(itemOf),
      regressed: lists.regressed.map(itemOf),
      fixed: lists.fixed.map(itemOf),
      newlyMuted: lists['newly-muted'].map(itemOf),
    },
  };
}

const MAX_CELL = 60;

/** The change counts, then one line per new, regressed, fixed and newly muted finding, in columns. */
export function renderDiffText(diff: ReportDiff): string {
  const lines = [
    oneLine(`Account ${diff.new.account}: ${diff.old.source} (collected ${diff.old.collectedAt}) → ${diff.new.source} (collected ${diff.new.collectedAt})`),
    changesLine({ previous: diff.old, counts: diff.counts, fixed: [] }),
  ];
  const rows = [
    ...diff.newFailures.map((item) => ['new', item] as const),
    ...diff.regressed.map((item) => ['regressed', item] as const),
    ...diff.fixed.map((item) => [item.gone === true ? 'gone' : 'fixed', item] as const),
    ...diff.newlyMuted.map((item) => ['newly-muted', item] as const),
  ].map(([state, item]) => [state, item.severity, item.checkId, item.resource.name, item.resource.region].map((cell) => truncate(oneLine(cell), MAX_CELL)));
  if (rows.length === 0) return [...lines, '', 'No new, regressed, fixed or newly muted findings.'].join('\n');
  const header = ['State', 'Severity', 'Check', 'Resource', 'Region'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const format = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  return [...lines, '', format(header), ...rows.map(format)].join('\n');
}

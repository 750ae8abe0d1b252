/**
 * `--format asff`: the report's Security Hub findings (ASFF) as one JSON document,
 * `{"Findings": [...]}` — the request shape of `BatchImportFindings` and the answer shape of
 * `GetFindings`, so `jq '.Findings[]'` reads it like an export from Security Hub. One finding per
 * check × resource, NOT_APPLICABLE results left out, muted ones ARCHIVED, as the import sends them.
 *
 * The findings are built by src/securityhub, a layer above this one: the caller passes its
 * builder in (`RenderContext.asffFindings`).
 */
import type { Report } from './model.js';

/** A report's findings, as `BatchImportFindings` would take them (src/securityhub/asff-file.ts). */
export type AsffFindingsBuilder = (report: Report) => readonly object[];

function builderOf(build: AsffFindingsBuilder | undefined): AsffFindingsBuilder {
  if (build === undefined) throw new Error('the asff format needs the Security Hub finding builder (RenderContext.asffFindings)');
  return build;
}

export const ASFF_START = '{"Findings": [';

/** The document's end, after no finding or after some. */
export function asffEnd(empty: boolean): string {
  return empty ? ']}\n' : '\n]}\n';
}

/**
 * Each finding of the reports on its own line, each preceded by `,` (the document's first
 * finding without it: `asffChunks`, or an organisation's file that drops the first comma).
 */
export function* asffEntries(reports: readonly Report[], build: AsffFindingsBuilder | undefined): Generator<string> {
  const findings = builderOf(build);
  for (const report of reports) {
    for (const finding of findings(report)) yield `,\n${JSON.stringify(finding)}`;
  }
}

/** The findings of every report, one per line within the array, a piece at a time. */
export function* asffChunks(reports: readonly Report[], build: AsffFindingsBuilder | undefined): Generator<string> {
  // Called for its check only: a missing builder must fail before the document's first piece is written.
  builderOf(build);
  yield ASFF_START;
  let first = true;
  for (const entry of asffEntries(reports, build)) {
    yield first ? entry.slice(1) : entry;
    first = false;
  }
  yield asffEnd(first);
}

/** The JSON renderers of the account and organisation reports (the `json` row of formats.ts). */
import { FileResultWriter } from './json-form.js';
import type { OrganisationReport } from './merge.js';
import { REPORT_SCHEMA_VERSION, type Report } from './model.js';

/** Items joined into one piece: fewer, larger writes. */
const PIECE_CHARS = 1 << 16;

/** `"key":[item,item,…]`, a few items per piece. */
function* arrayPieces(key: string, items: Iterable<unknown>): Generator<string> {
  let piece = `${JSON.stringify(key)}:[`;
  let first = true;
  for (const item of items) {
    piece += (first ? '' : ',') + JSON.stringify(item);
    first = false;
    if (piece.length >= PIECE_CHARS) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}]`;
}

/**
 * report.json (report schema version 2, src/report/json-form.ts): compact, produced a piece at
 * a time, since the report of a large account can exceed the longest string V8 can hold. The
 * results are converted as they are written; the resources they name follow them.
 */
export function* reportJsonChunks(report: Report): Generator<string> {
  const { tool, scan, summary, scoring, apis, results, checks, collectionErrors, compliance, changes, mutes } = report;
  const head = { schemaVersion: REPORT_SCHEMA_VERSION, tool, scan, summary, scoring };
  yield JSON.stringify(head).slice(0, -1) + ',';
  yield* arrayPieces('apis', apis);
  const writer = new FileResultWriter(report);
  // Results before resources would read more naturally, but a reader wants the table first: two passes, no copies kept.
  for (const result of results) writer.register(result.resource);
  yield ',';
  yield* arrayPieces('resources', writer.resources);
  yield ',';
  yield* arrayPieces('results', (function* () {
    for (const result of results) yield writer.result(result);
  })());
  const tail = { checks, collectionErrors, compliance, changes, mutes };
  yield ',' + JSON.stringify(tail).slice(1) + '\n';
}

/** The organisation report, compact like the account's: every API of every account, a piece at a time. */
export function* organisationJsonChunks(report: OrganisationReport): Generator<string> {
  let separator = '{';
  for (const [key, value] of Object.entries(report)) {
    if (value === undefined) continue;
    yield separator;
    if (Array.isArray(value)) yield* arrayPieces(key, value);
    else yield `${JSON.stringify(key)}:${JSON.stringify(value)}`;
    separator = ',';
  }
  yield '}\n';
}

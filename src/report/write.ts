/** The JSON renderers of the account and organisation reports (the `json` row of formats.ts). */
import { FileTables } from './json-form.js';
import type { OrganisationReport } from './merge.js';
import { REPORT_SCHEMA_VERSION, type Report } from './model.js';

/** Items joined into one piece: fewer, larger writes. */
const PIECE_CHARS = 1 << 16;

/** `"key":[item,item,…]`, a few items per piece; `asJson`: the items are JSON text already. */
function* arrayPieces(key: string, items: Iterable<unknown>, asJson = false): Generator<string> {
  let piece = `${JSON.stringify(key)}:[`;
  let first = true;
  for (const item of items) {
    piece += (first ? '' : ',') + (asJson ? (item as string) : JSON.stringify(item));
    first = false;
    if (piece.length >= PIECE_CHARS) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}]`;
}

/** `"results":[…]`, as `arrayPieces` writes it, without a generator step per result. */
function* resultPieces(tables: FileTables, count: number): Generator<string> {
  let piece = '"results":[';
  for (let i = 0; i < count; i++) {
    piece += i === 0 ? tables.resultJson(i) : `,${tables.resultJson(i)}`;
    if (piece.length >= PIECE_CHARS) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}]`;
}

/**
 * report.json (report schema version 3, src/report/json-form.ts): compact, produced a piece at
 * a time, since the report of a large account can exceed the longest string V8 can hold. The
 * tables (checks, resources, messages, evidence) come before the results that name them; the
 * results are converted as they are written.
 */
export function* reportJsonChunks(report: Report): Generator<string> {
  const { tool, scan, summary, scoring, apis, checks, collectionErrors, compliance, changes, mutes } = report;
  const head = { schemaVersion: REPORT_SCHEMA_VERSION, tool, scan, summary, scoring };
  yield JSON.stringify(head).slice(0, -1) + ',';
  yield* arrayPieces('apis', apis);
  yield ',';
  yield* arrayPieces('checks', checks);
  const tables = new FileTables(report);
  yield ',';
  yield* arrayPieces('resources', tables.fileResources());
  yield ',';
  yield* arrayPieces('messages', tables.messages);
  yield ',';
  yield* arrayPieces('evidence', tables.evidenceTexts(), true);
  yield ',';
  yield* resultPieces(tables, report.results.length);
  const tail = { collectionErrors, compliance, changes, mutes };
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

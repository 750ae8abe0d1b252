/**
 * The organisation's per-result files (csv, ocsf, junit, asff), written while `merge` reads the
 * account reports one at a time: each account's part goes to a temporary file (owner-only, in a
 * private folder under the system's temporary directory) as soon as its report is read, so the
 * report can be let go; once every report is read, and it is known which accounts are used (the
 * newest report of each), the files are put together:
 * - csv, ocsf and asff list account after account, so their parts are concatenated in the order
 *   the reports were given (csv after its header; asff between its brackets, without the first
 *   finding's comma);
 * - junit has a suite per check and, within a suite, cases by resource ARN and account, with
 *   counts in each suite's and in the document's opening tag: each account's cases are written
 *   sorted, with the counts kept aside, and the parts are merged in order.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { InputError } from '../errors.js';
import { ASFF_START, asffEnd, asffEntries, type AsffFindingsBuilder } from '../report/asff.js';
import { CSV_HEAD, csvLines } from '../report/csv.js';
import type { MergedResultFiles, ResultFormat } from '../report/formats.js';
import { addCaseCounts, caseCounts, caseXml, JUNIT_END, junitHead, junitSuites, SUITE_END, suiteHead, type CaseCounts } from '../report/junit.js';
import type { Report } from '../report/model.js';
import { ocsfChunks } from '../report/ocsf.js';

const BATCH = 1 << 20;

function failed(action: string, path: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
  return new InputError(`cannot ${action} the merge's temporary file ${path}: ${code}`);
}

/** Writes the chunks to a new file, a megabyte at a time. */
function writeChunks(path: string, chunks: Iterable<string>): void {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    throw failed('create', path, error);
  }
  try {
    let batch = '';
    const flush = () => {
      const bytes = Buffer.from(batch, 'utf8');
      for (let offset = 0; offset < bytes.length; ) {
        const written = writeSync(fd, bytes, offset, bytes.length - offset);
        if (!(written > 0)) throw Object.assign(new Error('the write made no progress'), { code: 'ESHORTWRITE' });
        offset += written;
      }
      batch = '';
    };
    for (const chunk of chunks) {
      batch += chunk;
      if (batch.length >= BATCH) flush();
    }
    flush();
  } catch (error) {
    throw failed('write', path, error);
  } finally {
    closeSync(fd);
  }
}

/** One scratch buffer for every read: the reads are synchronous, so they never overlap. */
const scratch = Buffer.alloc(BATCH);

/**
 * A file's text, `size` bytes at a time (characters split between reads are joined). The file
 * is open only during each read, so a k-way merge over thousands of accounts' files holds no
 * file descriptors between reads, and only one decoded piece per file.
 */
function* readText(path: string, size = BATCH): Generator<string> {
  const decoder = new StringDecoder('utf8');
  let position = 0;
  for (;;) {
    const fd = openSync(path, 'r');
    let n: number;
    try {
      n = readSync(fd, scratch, 0, size, position);
    } finally {
      closeSync(fd);
    }
    if (n === 0) break;
    position += n;
    const text = decoder.write(scratch.subarray(0, n));
    if (text !== '') yield text;
  }
  const rest = decoder.end();
  if (rest !== '') yield rest;
}

/** Bytes a junit part is read at when many are merged at once: 1,000 accounts hold ~64 MB of text. */
const MERGE_READ = 64 * 1024;

/** A file's lines, one at a time. */
class LineReader {
  private readonly text: Generator<string>;
  private buffer = '';
  private start = 0;
  private ended = false;

  constructor(path: string) {
    this.text = readText(path, MERGE_READ);
  }

  next(): string | undefined {
    for (;;) {
      const end = this.buffer.indexOf('\n', this.start);
      if (end >= 0) {
        const line = this.buffer.slice(this.start, end);
        this.start = end + 1;
        return line;
      }
      if (this.ended) return undefined;
      const chunk = this.text.next();
      if (chunk.done) this.ended = true;
      else {
        this.buffer = this.buffer.slice(this.start) + chunk.value;
        this.start = 0;
      }
    }
  }
}

/** One JUnit test case as spooled: its suite, its place in the suite, its XML. */
type SpooledCase = [checkId: string, key: string, xml: string];

interface SuiteFacts {
  title: string;
  severity: string;
  counts: CaseCounts;
}

function compareCases(a: SpooledCase, b: SpooledCase): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/** A binary min-heap of each account's next case. */
class CaseHeap {
  private readonly items: { head: SpooledCase; source: LineReader }[] = [];

  push(source: LineReader): void {
    const line = source.next();
    if (line === undefined) return;
    this.items.push({ head: JSON.parse(line) as SpooledCase, source });
    this.up(this.items.length - 1);
  }

  /** The least case, its reader moved on to its next. */
  pop(): SpooledCase | undefined {
    const top = this.items[0];
    if (top === undefined) return undefined;
    const { head } = top;
    const line = top.source.next();
    if (line !== undefined) top.head = JSON.parse(line) as SpooledCase;
    else {
      const last = this.items.pop()!;
      if (this.items.length === 0) return head;
      this.items[0] = last;
    }
    this.down(0);
    return head;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compareCases(this.items[i]!.head, this.items[parent]!.head) >= 0) return;
      [this.items[i], this.items[parent]] = [this.items[parent]!, this.items[i]!];
      i = parent;
    }
  }

  private down(i: number): void {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < this.items.length && compareCases(this.items[left]!.head, this.items[least]!.head) < 0) least = left;
      if (right < this.items.length && compareCases(this.items[right]!.head, this.items[least]!.head) < 0) least = right;
      if (least === i) return;
      [this.items[i], this.items[least]] = [this.items[least]!, this.items[i]!];
      i = least;
    }
  }
}

/**
 * The parts of the organisation's per-result files, account by account. `add` each report read
 * (as written: `--status` applied), then `files(used)`; `close` removes the temporary folder.
 */
export class MergeSpool {
  private readonly dir: string | undefined;
  /** An interrupted run (src/cli/interrupt.ts ends it with process.exit) still removes the folder. */
  private readonly onExit = () => this.close();
  /** Each account part's JUnit suites: their title, severity and counts. */
  private readonly suites = new Map<number, Map<string, SuiteFacts>>();

  constructor(
    private readonly formats: readonly ResultFormat[],
    private readonly asffFindings?: AsffFindingsBuilder,
  ) {
    if (formats.length === 0) return;
    try {
      this.dir = mkdtempSync(join(tmpdir(), 'apiposture-merge-spool-'));
    } catch (error) {
      throw failed('create', join(tmpdir(), 'apiposture-merge-spool-*'), error);
    }
    process.once('exit', this.onExit);
  }

  private path(index: number, format: ResultFormat): string {
    return join(this.dir!, `${index}.${format}`);
  }

  /** Writes the account's part of each file; `index` is the report's place among those read. */
  add(index: number, report: Report): void {
    for (const format of this.formats) {
      const path = this.path(index, format);
      if (format === 'csv') writeChunks(path, csvLines([report]));
      else if (format === 'ocsf') writeChunks(path, ocsfChunks([report]));
      else if (format === 'asff') writeChunks(path, asffEntries([report], this.asffFindings));
      else writeChunks(path, this.junitPart(index, report));
    }
  }

  private *junitPart(index: number, report: Report): Generator<string> {
    const facts = new Map<string, SuiteFacts>();
    this.suites.set(index, facts);
    for (const suite of junitSuites([report])) {
      facts.set(suite.checkId, { title: suite.title, severity: suite.severity, counts: caseCounts(suite.cases) });
      for (const test of suite.cases) yield `${JSON.stringify([suite.checkId, test.key, caseXml(test)] satisfies SpooledCase)}\n`;
    }
  }

  /** The organisation's files, from the parts of the reports used (their indexes, in the order given). */
  files(used: readonly number[]): MergedResultFiles {
    return {
      chunks: (format, generatedAt) => {
        if (!this.formats.includes(format)) throw new Error(`the merge spooled no ${format} parts`);
        if (format === 'csv') return this.concatenated(used, 'csv', CSV_HEAD);
        if (format === 'ocsf') return this.concatenated(used, 'ocsf');
        if (format === 'asff') return this.asff(used);
        return this.junit(used, generatedAt);
      },
    };
  }

  private *concatenated(used: readonly number[], format: ResultFormat, head = ''): Generator<string> {
    if (head !== '') yield head;
    for (const index of used) yield* readText(this.path(index, format));
  }

  private *asff(used: readonly number[]): Generator<string> {
    yield ASFF_START;
    let first = true;
    for (const index of used) {
      for (const text of readText(this.path(index, 'asff'))) {
        // Every part's findings start with a comma: the document's first goes without.
        yield first ? text.slice(1) : text;
        first = false;
      }
    }
    yield asffEnd(first);
  }

  private *junit(used: readonly number[], generatedAt: string): Generator<string> {
    const suites = new Map<string, SuiteFacts>();
    let totals: CaseCounts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
    for (const index of used) {
      for (const [checkId, facts] of this.suites.get(index) ?? []) {
        const known = suites.get(checkId);
        suites.set(checkId, known ? { ...known, counts: addCaseCounts(known.counts, facts.counts) } : facts);
        totals = addCaseCounts(totals, facts.counts);
      }
    }
    yield junitHead(totals);
    const heap = new CaseHeap();
    for (const index of used) heap.push(new LineReader(this.path(index, 'junit')));
    let suite: string | undefined;
    for (let next = heap.pop(); next !== undefined; next = heap.pop()) {
      const [checkId, , xml] = next;
      if (checkId !== suite) {
        if (suite !== undefined) yield SUITE_END;
        suite = checkId;
        const facts = suites.get(checkId)!;
        yield suiteHead({ checkId, title: facts.title, severity: facts.severity }, facts.counts, generatedAt);
      }
      yield xml;
    }
    if (suite !== undefined) yield SUITE_END;
    yield JUNIT_END;
  }

  /** Removes the temporary folder; safe to call more than once. */
  close(): void {
    process.removeListener('exit', this.onExit);
    if (this.dir !== undefined) rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * What `merge` reads: report files, `s3://bucket/key` objects, and `s3://bucket/prefix/`
 * locations, which stand for every account's newest report under the prefix
 * (`<prefix><account>/latest/report.json`, where `--output-dir s3://…` puts it). A report in a
 * `latest/` folder is only taken when it matches that folder's `manifest.json` (when there is
 * one): otherwise it is unavailable, like an object that cannot be read (s3-read.ts).
 *
 * A malformed input — not JSON, over the size limit, not a per-account report of this version —
 * ends the merge with one line and exit 2, wherever it came from. An S3 object or listing that
 * cannot be read (AccessDenied, NoSuchKey, NoSuchBucket, throttling or network faults after the
 * retries) is *unavailable*: it is returned for the caller to report, and the rest is merged.
 */
import { InputError } from '../errors.js';
import { MAX_REPORT_BYTES, readReportToMerge, reportToMerge, type MergeSource } from '../report/merge.js';
import { parseJsonBytes } from '../util/documents.js';
// Types only: the S3 code is loaded when an input is in S3 (options.s3()).
import type { S3ObjectRead, S3ReadFailure, S3ReportReader } from './s3-read.js';

export type MergeInput =
  | { kind: 'file'; path: string }
  | { kind: 's3-object'; bucket: string; key: string }
  /** `prefix` is empty or ends with `/`. */
  | { kind: 's3-prefix'; bucket: string; prefix: string };

export interface MergeInputs {
  /** The reports read, in the order given (a prefix's accounts in S3's order). */
  sources: MergeSource[];
  /** What could not be read from S3, in the order met. */
  unavailable: S3ReadFailure[];
}

export interface ReadMergeInputsOptions {
  /** The S3 side; asked for only when an input is in S3. */
  s3(): Promise<S3ReportReader>;
  /** Objects downloading, or downloaded and waiting to be parsed, at once (the bytes held are bounded by it). */
  concurrency?: number;
  /** Test seam: the size limit. */
  maxBytes?: number;
}

type Item = { kind: 'file'; path: string } | { kind: 's3'; bucket: string; key: string };

function s3Url(item: { bucket: string; key: string }): string {
  return `s3://${item.bucket}/${item.key}`;
}

/** Settles without rejecting, so a download finished before its turn never goes unhandled. */
type Settled = { ok: true; read: S3ObjectRead } | { ok: false; error: unknown };

/** One input as read: a report, or an S3 object or listing that could not be read. */
export type MergeItem = { ok: true; source: MergeSource } | { ok: false; failure: S3ReadFailure };

export async function readMergeInputs(inputs: readonly MergeInput[], options: ReadMergeInputsOptions): Promise<MergeInputs> {
  const sources: MergeSource[] = [];
  const unavailable: S3ReadFailure[] = [];
  await forEachMergeInput(inputs, options, (item) => {
    if (item.ok) sources.push(item.source);
    else unavailable.push(item.failure);
  });
  return { sources, unavailable };
}

/**
 * Reads the inputs one report at a time and hands each to `visit` (listings that failed first,
 * then the reports and unreadable objects in the order given), waiting for it before the next:
 * nothing here keeps a report once `visit` is done with it.
 */
export async function forEachMergeInput(
  inputs: readonly MergeInput[],
  options: ReadMergeInputsOptions,
  visit: (item: MergeItem) => void | Promise<void>,
): Promise<void> {
  const maxBytes = options.maxBytes ?? MAX_REPORT_BYTES;
  const items: Item[] = [];
  const seen = new Set<string>();
  const add = (item: Item) => {
    const id = item.kind === 'file' ? `file:${item.path}` : s3Url(item);
    if (seen.has(id)) return;
    seen.add(id);
    items.push(item);
  };
  for (const input of inputs) {
    if (input.kind === 'file') add(input);
    else if (input.kind === 's3-object') add({ kind: 's3', bucket: input.bucket, key: input.key });
    else {
      const listing = await (await options.s3()).listLatestReports(input);
      if (!listing.ok) {
        await visit({ ok: false, failure: listing.failure });
        continue;
      }
      if (listing.keys.length === 0) {
        throw new InputError(
          `no account report under s3://${input.bucket}/${input.prefix}: expected <account>/latest/report.json folders (12-digit account ids) directly under it`,
        );
      }
      for (const key of listing.keys) add({ kind: 's3', bucket: input.bucket, key });
    }
  }

  // A sliding window: at most `concurrency` objects are downloading or downloaded but not yet
  // parsed, so the bytes held stay bounded however many accounts the organisation has.
  const window = Math.max(1, options.concurrency ?? 8);
  const s3Items = items.flatMap((item, i) => (item.kind === 's3' ? [i] : []));
  const downloads = new Map<number, Promise<Settled>>();
  let started = 0;
  const startDownloads = () => {
    for (; started < s3Items.length && downloads.size < window; started += 1) {
      const i = s3Items[started]!;
      const item = items[i] as Extract<Item, { kind: 's3' }>;
      const download = (async () => (await options.s3()).read(item, maxBytes))().then(
        (read): Settled => ({ ok: true, read }),
        (error: unknown): Settled => ({ ok: false, error }),
      );
      downloads.set(i, download);
    }
  };
  /** The i-th input, parsed; its bytes are let go when this returns. */
  const readItem = async (i: number): Promise<MergeItem> => {
    const item = items[i]!;
    if (item.kind === 'file') return { ok: true, source: await readReportToMerge(item.path) };
    const settled = await downloads.get(i)!;
    // Let the object's bytes go once parsed, and fetch the next.
    downloads.delete(i);
    startDownloads();
    if (!settled.ok) throw settled.error;
    const { read } = settled;
    const url = s3Url(item);
    if (read.ok) return { ok: true, source: reportToMerge(parseJsonBytes(read.bytes, 'report', url), url) };
    if (read.tooLarge) throw new InputError(`report ${url} is ${read.size === undefined ? '' : `${read.size} bytes, `}over the ${maxBytes}-byte limit`);
    return { ok: false, failure: read.failure };
  };
  // Each report lives in this call's frame only, so the loop holds none while the next is read.
  const readAndVisit = async (i: number) => visit(await readItem(i));
  startDownloads();
  for (let i = 0; i < items.length; i += 1) await readAndVisit(i);
}

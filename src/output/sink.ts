/**
 * Where a run's files go. The report code hands each file to a `ReportSink` and never learns
 * whether it lands in a local folder or in S3; `openSink` picks the sink from `--output-dir`.
 */
import { REPORT_FORMATS, type ReportFormat } from '../report/formats.js';
import { oneLine } from '../util/text.js';

export interface ReportSink {
  /** Where the files go, for messages: a folder, or `s3://bucket/prefix/<account>/<time>/`. */
  readonly location: string;
  /**
   * Writes one file (`name` may contain `/`), produced a piece at a time; resolves to where it
   * was written (a path or an `s3://` URL). Throws a `SinkError` when only this file failed and
   * the others may still be written; any other error ends the run (a local folder that cannot
   * be created is an `InputError`, as it always was).
   */
  write(name: string, chunks: Iterable<string>, contentType: string): Promise<string>;
  /**
   * Called once every file was handed to `write`: makes the set visible as a whole (S3
   * publishes it to `latest/` with its manifest, only when every file was stored, and undoes a
   * publication that fails part-way). Never throws for a single file.
   */
  commit(): Promise<SinkResult>;
  /** Releases connections; safe to call more than once. */
  close(): void;
}

export interface SinkFailure {
  /** The object or file that could not be written, e.g. `s3://bucket/key`. */
  object: string;
  code: string;
  message: string;
  /**
   * What failed, when not the upload of the object: reading it (S3 `latest/manifest.json` before
   * a publication), restoring it from the previous set, or deleting it (undoing a publication).
   */
  action?: 'read' | 'restore' | 'delete';
}

export interface SinkResult {
  written: string[];
  failures: SinkFailure[];
  /** Why the set was not published as a whole, when it was not (S3: `latest/` left as it was). */
  notPublished?: string;
}

/** One file could not be written; the sink can still take the others. */
export class SinkError extends Error {
  override readonly name = 'SinkError';
  constructor(readonly failure: SinkFailure) {
    super(describeFailure(failure));
  }
}

/** The one line the CLI prints for a failed file. */
export function describeFailure(failure: SinkFailure): string {
  return oneLine(`cannot ${failure.action ?? 'upload'} ${failure.object}: ${failure.code}: ${failure.message}`);
}

/** The one line the CLI prints for an S3 object or listing that could not be read (`merge s3://…`). */
export function describeReadFailure(failure: SinkFailure): string {
  return oneLine(`cannot read ${failure.object}: ${failure.code}: ${failure.message}`);
}

/** The content type of each report format (src/report/formats.ts). */
export const CONTENT_TYPES = Object.fromEntries(REPORT_FORMATS.map((row) => [row.id, row.contentType])) as Record<ReportFormat, string>;

/** File names relative to the sink: no absolute paths, no `..`, no empty segments. */
export function checkFileName(name: string): string {
  const segments = name.split('/');
  if (name.startsWith('/') || segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\\'))) {
    throw new RangeError(`not a relative file name: '${name}'`);
  }
  return name;
}

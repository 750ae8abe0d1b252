/**
 * The S3 sink: every file goes to `<prefix><account>/<YYYY-MM-DDTHH-MM-SSZ>/<name>` with
 * `PutObject`, encrypted at rest (SSE-S3 `AES256`, or SSE-KMS with the given key). The first
 * folder is the scanned account, or another name for files that are not one account's
 * (`organization` for the merge, `run-summaries`). Uploads take the shared call path
 * (src/aws/call.ts): retries with backoff on throttling and transient faults, never an
 * exception; a file that still fails is a `SinkError` naming the object, and the other files
 * are still tried.
 *
 * Once every file of the run is stored, the set is published to `<prefix><account>/latest/`.
 * S3 has no multi-object transaction, so `latest/` is a set by record: the files are copied
 * there, then `latest/manifest.json` (src/output/s3-manifest.ts) is written last, naming the
 * dated folder and each file's size and SHA-256. A publication that fails part-way is undone
 * from the previous set, which the previous manifest names (read before anything is replaced):
 * each replaced file is copied back from that set's dated folder (CopyObject, server-side), a
 * file the previous set did not have is deleted, and the previous manifest stays. When that
 * cannot be done, the manifest is deleted, so that no reader takes `latest/` for a set; when
 * even that fails, the manifest no longer matches the files, which readers that check it refuse.
 */
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import type { Logger } from 'pino';
import { callAws, type CallContext } from '../aws/call.js';
import { CallStats } from '../aws/call-stats.js';
import { RateLimits } from '../aws/rate-limiter.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../aws/retry.js';
import { readS3Object } from './s3-read.js';
import {
  LATEST_FOLDER,
  MANIFEST_CONTENT_TYPE,
  MANIFEST_FILE,
  MANIFEST_KIND,
  MANIFEST_VERSION,
  MAX_MANIFEST_BYTES,
  manifestBody,
  manifestFile,
  parseManifest,
  type LatestManifest,
  type ManifestFile,
} from './s3-manifest.js';
import type { S3Location, S3Sender } from './s3-types.js';
import { checkFileName, SinkError, type ReportSink, type SinkFailure, type SinkResult } from './sink.js';


export interface S3SinkOptions extends S3Location {
  client: S3Sender;
  /** The first folder under the prefix: the scanned account (or `organization`, `run-summaries`). */
  account: string;
  /** The run's time: names the dated folder. */
  at: Date;
  /** The dated folder's name, when not `datedFolderName(at)` alone (start it with that, so folders sort by time). */
  folder?: string;
  /** Publish the set to `latest/` on commit (default true). */
  latest?: boolean;
  /** SSE-KMS with this key (id, ARN or alias); SSE-S3 (`AES256`) without it. */
  kmsKeyId?: string;
  /** The client's region, for the call's statistics and error records. */
  region?: string;
  /** Test seam: backoff timing. */
  retry?: Partial<Omit<RetryPolicy, 'maxAttempts'>> & { maxAttempts?: number };
  logger?: Logger;
}

/** `2026-11-25T02:36:57.123Z` → `2026-11-25T02-36-57Z`: sorts by time, no `:` in keys. */
export function datedFolderName(at: Date): string {
  return `${at.toISOString().slice(0, 19).replaceAll(':', '-')}Z`;
}

export { LATEST_FOLDER };

/** The keys one file gets: the dated one, written first, and the `latest/` copy. */
export function s3KeysFor(location: S3Location, account: string, at: Date, name: string, folder = datedFolderName(at)): { dated: string; latest: string } {
  const base = `${location.prefix}${account}/`;
  return { dated: `${base}${folder}/${name}`, latest: `${base}${LATEST_FOLDER}/${name}` };
}

/** The server-side encryption parameters of every PutObject. */
export function encryptionParams(kmsKeyId?: string): Pick<PutObjectCommandInput, 'ServerSideEncryption' | 'SSEKMSKeyId'> {
  return kmsKeyId ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: kmsKeyId } : { ServerSideEncryption: 'AES256' };
}

const BATCH_CHARS = 1 << 20;

/** The chunks as one buffer (a body S3 can be sent again on retry), built a megabyte at a time. */
export function bodyOf(chunks: Iterable<string>): Buffer {
  const buffers: Buffer[] = [];
  let batch = '';
  for (const chunk of chunks) {
    batch += chunk;
    if (batch.length >= BATCH_CHARS) {
      buffers.push(Buffer.from(batch, 'utf8'));
      batch = '';
    }
  }
  buffers.push(Buffer.from(batch, 'utf8'));
  return buffers.length === 1 ? buffers[0]! : Buffer.concat(buffers);
}

interface Stored {
  name: string;
  body: Buffer;
  contentType: string;
}

/** What `latest/` held before this publication: its manifest (and the bytes it was read as). */
type Previous =
  | { kind: 'set'; manifest: LatestManifest; body: Buffer }
  /** No manifest (a first publication, or a `latest/` from before manifests), or not a valid one. */
  | { kind: 'none'; manifestExists: boolean };

type Outcome = { ok: true } | { ok: false; failure: SinkFailure };

export class S3Sink implements ReportSink {
  readonly location: string;
  private readonly calls: CallContext;
  private readonly stored: Stored[] = [];
  private failed = 0;
  private closed = false;

  constructor(private readonly options: S3SinkOptions) {
    this.location = `s3://${options.bucket}/${options.prefix}${options.account}/${this.folder}/`;
    const { maxAttempts, ...retry } = options.retry ?? {};
    this.calls = {
      limits: new RateLimits(),
      retry: { ...DEFAULT_RETRY_POLICY, ...retry, maxAttempts: maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts },
      stats: new CallStats(),
      ...(options.logger ? { logger: options.logger } : {}),
    };
  }

  /** Uploads the file to the dated folder; a failure is a `SinkError` naming the object. */
  async write(name: string, chunks: Iterable<string>, contentType: string): Promise<string> {
    const body = bodyOf(chunks);
    const { dated } = this.keys(checkFileName(name));
    try {
      const url = await this.put(dated, body, contentType);
      if (this.options.latest !== false) this.stored.push({ name, body, contentType });
      return url;
    } catch (error) {
      this.failed += 1;
      throw error;
    }
  }

  /**
   * Publishes the stored files to `latest/` (see the file comment), unless a file of the set
   * failed (or the sink keeps no `latest/`). Never throws for a single object.
   */
  async commit(): Promise<SinkResult> {
    if (this.options.latest === false) return { written: [], failures: [] };
    const files = this.stored.splice(0);
    if (this.failed > 0) {
      return { written: [], failures: [], notPublished: `${this.latestUrl} left as it was: not every file was uploaded` };
    }
    const previous = await this.readPrevious();
    if ('failure' in previous) {
      return {
        written: [],
        failures: [previous.failure],
        notPublished: `${this.latestUrl} left as it was: without its manifest a failed publication could not be undone`,
      };
    }
    const written: string[] = [];
    const listed: ManifestFile[] = [];
    const replaced: string[] = [];
    for (const file of files) {
      replaced.push(file.name);
      const put = await this.tryPut(this.keys(file.name).latest, file.body, file.contentType);
      if (!put.ok) return this.rollback(previous, replaced, [put.failure], false);
      written.push(put.url);
      listed.push(manifestFile(file.name, file.body, put.etag));
    }
    const manifest: LatestManifest = {
      schemaVersion: MANIFEST_VERSION,
      kind: MANIFEST_KIND,
      folder: this.folder,
      publishedAt: new Date().toISOString(),
      files: listed,
    };
    const put = await this.tryPut(this.manifestKey, manifestBody(manifest), MANIFEST_CONTENT_TYPE);
    if (!put.ok) return this.rollback(previous, replaced, [put.failure], true);
    // Files of the previous set this one does not have (another --format) would sit beside it.
    const stale = previous.kind === 'set' ? previous.manifest.files.filter((file) => !replaced.includes(file.name)) : [];
    const failures: SinkFailure[] = [];
    for (const file of stale) {
      const removed = await this.remove(this.keys(file.name).latest);
      if (!removed.ok) failures.push(removed.failure);
    }
    return { written: [...written, put.url], failures };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.options.client.destroy?.();
  }

  /** Upload statistics (calls, retries) for logs. */
  get stats(): CallStats {
    return this.calls.stats;
  }

  private get folder(): string {
    return this.options.folder ?? datedFolderName(this.options.at);
  }

  private get latestPrefix(): string {
    return `${this.options.prefix}${this.options.account}/${LATEST_FOLDER}/`;
  }

  private get latestUrl(): string {
    return `s3://${this.options.bucket}/${this.latestPrefix}`;
  }

  private get manifestKey(): string {
    return `${this.latestPrefix}${MANIFEST_FILE}`;
  }

  private keys(name: string, folder = this.folder) {
    return s3KeysFor(this.options, this.options.account, this.options.at, name, folder);
  }

  private url(key: string): string {
    return `s3://${this.options.bucket}/${key}`;
  }

  /** The manifest `latest/` has now; a read failure other than its absence stops the publication. */
  private async readPrevious(): Promise<Previous | { failure: SinkFailure }> {
    const context = { client: this.options.client, calls: this.calls, region: this.options.region ?? 'global' };
    const read = await readS3Object(context, { bucket: this.options.bucket, key: this.manifestKey }, MAX_MANIFEST_BYTES);
    if (read.ok) {
      const parsed = parseManifest(read.bytes);
      return parsed.ok ? { kind: 'set', manifest: parsed.manifest, body: read.bytes } : { kind: 'none', manifestExists: true };
    }
    if (read.tooLarge) return { kind: 'none', manifestExists: true };
    if (read.failure.code === 'NoSuchKey') return { kind: 'none', manifestExists: false };
    return { failure: { ...read.failure, action: 'read' } };
  }

  /**
   * Puts back what `latest/` held before: each replaced file from the previous set's dated
   * folder (or deleted, when that set had no such file), then the previous manifest if this
   * one may have been written. When that cannot be done, deletes the manifest.
   */
  private async rollback(previous: Previous, replaced: string[], failures: SinkFailure[], manifestTried: boolean): Promise<SinkResult> {
    const steps: Outcome[] = [];
    for (const name of replaced) {
      const { latest } = this.keys(name);
      const before = previous.kind === 'set' && previous.manifest.files.some((file) => file.name === name);
      steps.push(before ? await this.restore(this.keys(name, previous.manifest.folder).dated, latest) : await this.remove(latest));
    }
    if (manifestTried) {
      if (previous.kind === 'set') {
        const put = await this.tryPut(this.manifestKey, previous.body, MANIFEST_CONTENT_TYPE);
        steps.push(put.ok ? { ok: true } : { ok: false, failure: { ...put.failure, action: 'restore' } });
      } else {
        steps.push(await this.remove(this.manifestKey));
      }
    }
    const undone = steps.every((step) => step.ok);
    failures.push(...steps.flatMap((step) => (step.ok ? [] : [step.failure])));
    if (undone && previous.kind === 'set') {
      return { written: [], failures, notPublished: `${this.latestUrl} rolled back to the previous set (${previous.manifest.folder})` };
    }
    if (undone && previous.kind === 'none' && !previous.manifestExists) {
      return { written: [], failures, notPublished: `${this.latestUrl} rolled back: it held no set before` };
    }
    const deleted = await this.remove(this.manifestKey);
    if (!deleted.ok) {
      failures.push(deleted.failure);
      return {
        written: [],
        failures,
        notPublished: `${this.latestUrl} is not a complete set and its ${MANIFEST_FILE} could not be deleted; readers that check it refuse the files that do not match`,
      };
    }
    return { written: [], failures, notPublished: `${this.latestUrl} is not a complete set: its ${MANIFEST_FILE} was deleted` };
  }

  private async tryPut(key: string, body: Buffer, contentType: string): Promise<({ ok: true; url: string; etag?: string }) | { ok: false; failure: SinkFailure }> {
    try {
      const { url, etag } = await this.putObject(key, body, contentType);
      return { ok: true, url, ...(etag !== undefined ? { etag } : {}) };
    } catch (error) {
      if (!(error instanceof SinkError)) throw error;
      return { ok: false, failure: error.failure };
    }
  }

  /** Server-side copy of an earlier set's file back to `latest/`, encrypted as every upload is. */
  private async restore(source: string, key: string): Promise<Outcome> {
    const object = this.url(key);
    const result = await callAws(
      this.calls,
      { service: 's3', operation: 'CopyObject', region: this.options.region ?? 'global', resource: object },
      () =>
        this.options.client.send(
          new CopyObjectCommand({
            Bucket: this.options.bucket,
            Key: key,
            CopySource: `${this.options.bucket}/${source.split('/').map(encodeURIComponent).join('/')}`,
            ...encryptionParams(this.options.kmsKeyId),
          }),
        ),
    );
    if (result.ok) return { ok: true };
    return { ok: false, failure: { object, code: result.error.code, message: result.error.message, action: 'restore' } };
  }

  private async remove(key: string): Promise<Outcome> {
    const object = this.url(key);
    const result = await callAws(
      this.calls,
      { service: 's3', operation: 'DeleteObject', region: this.options.region ?? 'global', resource: object },
      () => this.options.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key })),
    );
    if (result.ok) return { ok: true };
    return { ok: false, failure: { object, code: result.error.code, message: result.error.message, action: 'delete' } };
  }

  private async put(key: string, body: Buffer, contentType: string): Promise<string> {
    return (await this.putObject(key, body, contentType)).url;
  }

  private async putObject(key: string, body: Buffer, contentType: string): Promise<{ url: string; etag?: string }> {
    const object = this.url(key);
    const input: PutObjectCommandInput = {
      Bucket: this.options.bucket,
      Key: key,
      Body: body,
      ContentType: contentType,
      ...encryptionParams(this.options.kmsKeyId),
    };
    const result = await callAws(
      this.calls,
      { service: 's3', operation: 'PutObject', region: this.options.region ?? 'global', resource: object },
      () => this.options.client.send(new PutObjectCommand(input)),
    );
    if (!result.ok) throw new SinkError({ object, code: result.error.code, message: result.error.message });
    this.options.logger?.debug({ object, bytes: body.length, contentType }, 'uploaded');
    const etag = (result.value as { ETag?: unknown } | undefined)?.ETag;
    return { url: object, ...(typeof etag === 'string' ? { etag } : {}) };
  }
}

/**
 * The S3 sink: every file goes to `<prefix><account>/<YYYY-MM-DDTHH-MM-SSZ>/<name>` with
 * `PutObject`, encrypted at rest (SSE-S3 `AES256`, or SSE-KMS with the given key), and — once
 * every file of the run is stored — is copied to `<prefix><account>/latest/<name>`, so `latest/`
 * never points at a half-uploaded set. The first folder is the scanned account, or another name
 * for files that are not one account's (`organization` for the merge, `run-summaries`). Uploads take the shared call path (src/aws/call.ts):
 * retries with backoff on throttling and transient faults, never an exception; a file that
 * still fails is a `SinkError` naming the object, and the other files are still tried.
 */
import { PutObjectCommand, type PutObjectCommandInput, type S3Client } from '@aws-sdk/client-s3';
import type { Logger } from 'pino';
import { callAws, type CallContext } from '../aws/call.js';
import { CallStats } from '../aws/call-stats.js';
import { RateLimits } from '../aws/rate-limiter.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../aws/retry.js';
import { checkFileName, SinkError, type ReportSink, type SinkFailure, type SinkResult } from './sink.js';

export interface S3Location {
  bucket: string;
  /** Empty, or ends with `/` (as `parseS3Url` returns it). */
  prefix: string;
}

/** What the sink needs of an S3 client (a real `S3Client`, or a stub in tests). */
export type S3Sender = Pick<S3Client, 'send'> & { destroy?(): void };

export interface S3SinkOptions extends S3Location {
  client: S3Sender;
  /** The first folder under the prefix: the scanned account (or `organization`, `run-summaries`). */
  account: string;
  /** The run's time: names the dated folder. */
  at: Date;
  /** The dated folder's name, when not `datedFolderName(at)` alone (start it with that, so folders sort by time). */
  folder?: string;
  /** Copy the set to `latest/` on commit (default true). */
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

export const LATEST_FOLDER = 'latest';

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

  /** Copies every stored file to `latest/`, unless a file of the set failed (or the sink keeps no `latest/`). */
  async commit(): Promise<SinkResult> {
    if (this.options.latest === false) return { written: [], failures: [] };
    const latestFolder = `s3://${this.options.bucket}/${this.options.prefix}${this.options.account}/${LATEST_FOLDER}/`;
    if (this.failed > 0) {
      this.stored.length = 0;
      return { written: [], failures: [], notPublished: `${latestFolder} left as it was: not every file was uploaded` };
    }
    const written: string[] = [];
    const failures: SinkFailure[] = [];
    for (const file of this.stored) {
      try {
        written.push(await this.put(this.keys(file.name).latest, file.body, file.contentType));
      } catch (error) {
        if (!(error instanceof SinkError)) throw error;
        failures.push(error.failure);
      }
    }
    this.stored.length = 0;
    return { written, failures };
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

  private keys(name: string) {
    return s3KeysFor(this.options, this.options.account, this.options.at, name, this.folder);
  }

  private async put(key: string, body: Buffer, contentType: string): Promise<string> {
    const object = `s3://${this.options.bucket}/${key}`;
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
    return object;
  }
}

/**
 * Reading reports back from S3 (`merge s3://…`): one object with `GetObject`, or the account
 * folders under a prefix with `ListObjectsV2` (every page). Both take the shared call path
 * (src/aws/call.ts): retries with backoff on throttling and transient faults — a connection
 * dropped while the body streams is retried too — and never an exception for a call that
 * fails; that is an `S3ReadFailure` naming the object, for the caller to report.
 *
 * An object in a `latest/` folder is checked against that folder's `manifest.json`
 * (src/output/s3-manifest.ts), read first: a file the manifest does not list with that size and
 * SHA-256 is not part of a published set (a publication under way, or one that failed part-way)
 * and is unavailable, as is any file when the manifest cannot be read or is not one. A `latest/`
 * without a manifest (written before manifests existed, or whose failed publication removed it)
 * is read as it is: each S3 object is written whole, so the report itself is never partial.
 */
import { GetObjectCommand, ListObjectsV2Command, type ListObjectsV2CommandOutput } from '@aws-sdk/client-s3';
import { callAws, type CallContext } from '../aws/call.js';
import { CallStats } from '../aws/call-stats.js';
import { RateLimits } from '../aws/rate-limiter.js';
import { DEFAULT_RETRY_POLICY } from '../aws/retry.js';
import type { ReportReadOperationName } from '../collect/operations.js';
import { formatRow } from '../report/formats.js';
import { LATEST_FOLDER, MANIFEST_FILE, MAX_MANIFEST_BYTES, mismatch, parseManifest } from './s3-manifest.js';
import type { S3Location, S3ObjectLocation, S3Sender } from './s3-types.js';
import type { SinkFailure } from './sink.js';

/**
 * An object or listing that could not be read (access, absence or availability): `object` is
 * `s3://bucket/key`, or the `s3://bucket/prefix/` that could not be listed.
 */
export type S3ReadFailure = SinkFailure;

export interface S3ReadContext {
  client: S3Sender;
  calls: CallContext;
  /** The client's region, for the call statistics and error records. */
  region: string;
}

/** Rate limits (none for S3), the default retries and fresh statistics. */
export function s3ReadCalls(logger?: CallContext['logger']): CallContext {
  return { limits: new RateLimits(), retry: { ...DEFAULT_RETRY_POLICY }, stats: new CallStats(), ...(logger ? { logger } : {}) };
}

export function s3Url(location: S3ObjectLocation): string {
  return `s3://${location.bucket}/${location.key}`;
}

export type S3ObjectRead =
  | { ok: true; bytes: Buffer }
  /** Over `maxBytes`: its size when S3 announced it, else undefined (found while reading). */
  | { ok: false; tooLarge: true; size?: number }
  | { ok: false; tooLarge?: undefined; failure: S3ReadFailure };

type Body = AsyncIterable<Uint8Array | string> | Uint8Array | string | { transformToByteArray(): Promise<Uint8Array> };

function release(body: unknown): void {
  (body as { destroy?: () => void } | undefined)?.destroy?.();
}

/** The body's bytes, at most `maxBytes` of them; undefined past the limit (the stream is released). */
async function readBody(body: unknown, maxBytes: number): Promise<Buffer | undefined> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  const b = body as Body;
  if (typeof b === 'string' || b instanceof Uint8Array) {
    const bytes = typeof b === 'string' ? Buffer.from(b, 'utf8') : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    return bytes.length > maxBytes ? undefined : bytes;
  }
  if (Symbol.asyncIterator in b) {
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of b) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      total += bytes.length;
      if (total > maxBytes) {
        release(b);
        return undefined;
      }
      chunks.push(bytes);
    }
    return Buffer.concat(chunks, total);
  }
  const bytes = Buffer.from(await b.transformToByteArray());
  return bytes.length > maxBytes ? undefined : bytes;
}

function target(operation: ReportReadOperationName, context: S3ReadContext, resource: string) {
  return { service: 's3' as const, operation, region: context.region, resource };
}

/**
 * One object's bytes, refused past `maxBytes`: by its announced size before the body is read,
 * else once more than `maxBytes` have arrived.
 */
export async function readS3Object(context: S3ReadContext, location: S3ObjectLocation, maxBytes: number): Promise<S3ObjectRead> {
  const url = s3Url(location);
  type Got = { bytes: Buffer } | { tooLarge: true; size?: number };
  const result = await callAws<Got>(context.calls, target('GetObject', context, url), async () => {
    const output = await context.client.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
    const size = output.ContentLength;
    if (typeof size === 'number' && size > maxBytes) {
      release(output.Body);
      return { tooLarge: true, size };
    }
    const bytes = await readBody(output.Body, maxBytes);
    return bytes === undefined ? { tooLarge: true } : { bytes };
  });
  if (!result.ok) return { ok: false, failure: { object: url, code: result.error.code, message: result.error.message } };
  if ('bytes' in result.value) return { ok: true, bytes: result.value.bytes };
  return { ok: false, tooLarge: true, ...(result.value.size !== undefined ? { size: result.value.size } : {}) };
}

/** The `manifest.json` of the `latest/` folder `key` is in, and the file's name there; undefined outside one. */
export function latestManifestOf(key: string): { manifestKey: string; name: string } | undefined {
  const segments = key.split('/');
  const at = segments.slice(0, -1).lastIndexOf(LATEST_FOLDER);
  if (at < 0) return undefined;
  const name = segments.slice(at + 1).join('/');
  if (name === MANIFEST_FILE) return undefined;
  return { manifestKey: [...segments.slice(0, at + 1), MANIFEST_FILE].join('/'), name };
}

const unavailable = (object: string, code: string, message: string): S3ObjectRead => ({ ok: false, failure: { object, code, message } });

/**
 * One object's bytes as `readS3Object` reads them, checked against its `latest/manifest.json`
 * when it is in a `latest/` folder (see the file comment).
 */
export async function readPublishedObject(context: S3ReadContext, location: S3ObjectLocation, maxBytes: number): Promise<S3ObjectRead> {
  const where = latestManifestOf(location.key);
  if (!where) return readS3Object(context, location, maxBytes);
  const url = s3Url(location);
  const manifestUrl = s3Url({ bucket: location.bucket, key: where.manifestKey });
  const got = await readS3Object(context, { bucket: location.bucket, key: where.manifestKey }, MAX_MANIFEST_BYTES);
  if (!got.ok && got.tooLarge) return unavailable(url, 'InvalidManifest', `${manifestUrl} is over ${MAX_MANIFEST_BYTES} bytes: not a manifest`);
  if (!got.ok && got.failure.code === 'NoSuchKey') return readS3Object(context, location, maxBytes);
  if (!got.ok) return unavailable(url, got.failure.code, `its manifest ${manifestUrl} could not be read: ${got.failure.message}`);
  const parsed = parseManifest(got.bytes);
  if (!parsed.ok) return unavailable(url, 'InvalidManifest', `${manifestUrl} is ${parsed.reason}`);
  const read = await readS3Object(context, location, maxBytes);
  if (!read.ok) return read;
  const differs = mismatch(parsed.manifest, where.name, read.bytes);
  if (differs === undefined) return read;
  return unavailable(
    url,
    'ManifestMismatch',
    `does not match ${LATEST_FOLDER}/${MANIFEST_FILE} (the set from ${parsed.manifest.folder}): ${differs}; ` +
      `a publication is under way or failed part-way`,
  );
}

/** An account folder: the 12-digit id the S3 sink files each account's reports under. */
const ACCOUNT_FOLDER = /^\d{12}$/;

/** Each account's newest report under a prefix, where the S3 sink puts it. */
export function latestReportKey(location: S3Location, account: string, name = formatRow('json').fileName): string {
  return `${location.prefix}${account}/${LATEST_FOLDER}/${name}`;
}

/** At most this many pages (1,000 folders each): a listing that never ends is an endpoint fault. */
const MAX_LIST_PAGES = 1000;

export type S3AccountListing = { ok: true; accounts: string[] } | { ok: false; failure: S3ReadFailure };
export type S3ReportListing = { ok: true; keys: string[] } | { ok: false; failure: S3ReadFailure };

/**
 * The account folders (12-digit names) directly under `location.prefix`, in S3's order, every
 * page of `ListObjectsV2` with `Delimiter: '/'`. Other folders (`organization/`,
 * `run-summaries/`) and loose objects are not accounts and are left out.
 */
export async function listAccountFolders(context: S3ReadContext, location: S3Location): Promise<S3AccountListing> {
  const url = `s3://${location.bucket}/${location.prefix}`;
  const accounts: string[] = [];
  const tokens = new Set<string>();
  let token: string | undefined;
  for (let page = 0; page < MAX_LIST_PAGES; page++) {
    const input = { Bucket: location.bucket, Prefix: location.prefix, Delimiter: '/', ...(token !== undefined ? { ContinuationToken: token } : {}) };
    const result = await callAws<ListObjectsV2CommandOutput>(context.calls, target('ListObjectsV2', context, url), () =>
      context.client.send(new ListObjectsV2Command(input)),
    );
    if (!result.ok) return { ok: false, failure: { object: url, code: result.error.code, message: result.error.message } };
    for (const common of result.value.CommonPrefixes ?? []) {
      const folder = common.Prefix;
      if (folder === undefined || !folder.startsWith(location.prefix) || !folder.endsWith('/')) continue;
      const name = folder.slice(location.prefix.length, -1);
      if (ACCOUNT_FOLDER.test(name)) accounts.push(name);
    }
    token = result.value.IsTruncated === true ? result.value.NextContinuationToken : undefined;
    if (token === undefined || token === '') return { ok: true, accounts };
    if (tokens.has(token)) {
      return { ok: false, failure: { object: url, code: 'InvalidListing', message: 'the listing repeated a continuation token' } };
    }
    tokens.add(token);
  }
  return { ok: false, failure: { object: url, code: 'InvalidListing', message: `more than ${MAX_LIST_PAGES} pages` } };
}

/** What `merge` needs of S3 (merge-inputs.ts), loaded only when an input is in S3. */
export interface S3ReportReader {
  /** `<prefix><account>/latest/report.json` for every account folder under the prefix. */
  listLatestReports(location: S3Location): Promise<S3ReportListing>;
  /** One object; one in a `latest/` folder only when it matches that folder's manifest. */
  read(location: S3ObjectLocation, maxBytes: number): Promise<S3ObjectRead>;
}

export function s3ReportReader(context: S3ReadContext): S3ReportReader {
  return {
    async listLatestReports(location) {
      const listing = await listAccountFolders(context, location);
      return listing.ok ? { ok: true, keys: listing.accounts.map((account) => latestReportKey(location, account)) } : listing;
    },
    read: (location, maxBytes) => readPublishedObject(context, location, maxBytes),
  };
}

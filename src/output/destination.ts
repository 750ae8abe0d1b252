/** Where `--output-dir` sends the files, and the sink that writes them there. */
import type { Logger } from 'pino';
import { LocalFolderSink } from './local.js';
import type { S3Location, S3Sender } from './s3-types.js';
import type { ReportSink } from './sink.js';

export type OutputDestination = LocalDestination | S3Destination;

export interface LocalDestination {
  kind: 'local';
  dir: string;
}

export interface S3Destination extends S3Location {
  kind: 's3';
  /** SSE-KMS key (`--s3-kms-key-id`); SSE-S3 without it. */
  kmsKeyId?: string;
  /** How to reach S3: the scan's profile and endpoint, and the region to start from. */
  profile?: string;
  endpointUrl?: string;
  region: string;
}

/** True for anything meant as an S3 location (`s3://…`, any case), valid or not. */
export function isS3Url(value: string): boolean {
  return /^s3:/i.test(value);
}

/**
 * The region S3 requests start from: `AWS_REGION`, `AWS_DEFAULT_REGION`, the first scanned
 * region, else us-east-1. A bucket elsewhere answers with a redirect the client follows.
 */
export function s3Region(scanned: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || scanned[0] || 'us-east-1';
}

export interface SinkContext {
  /** The report's account: the S3 sink's first folder (or `organization`, `run-summaries`). */
  account: string;
  /** The run's time: the S3 sink's dated folder. */
  at: Date;
  /** S3: the dated folder's name, when not the time alone. */
  folder?: string;
  /** S3: copy the set to `latest/` once stored (default true). */
  latest?: boolean;
  logger?: Logger;
  /** Test seam: the S3 client (default: one built from the destination). */
  s3Client?: S3Sender;
}

/** The sink for a destination; the S3 code is loaded only when reports go to S3. */
export async function openSink(destination: OutputDestination, context: SinkContext): Promise<ReportSink> {
  if (destination.kind === 'local') return new LocalFolderSink(destination.dir);
  const { S3Sink } = await import('./s3.js');
  const client =
    context.s3Client ??
    (await import('./s3-client.js')).createS3Client({
      region: destination.region,
      ...(destination.profile ? { profile: destination.profile } : {}),
      ...(destination.endpointUrl ? { endpointUrl: destination.endpointUrl } : {}),
    });
  return new S3Sink({
    client,
    bucket: destination.bucket,
    prefix: destination.prefix,
    account: context.account,
    at: context.at,
    ...(context.folder !== undefined ? { folder: context.folder } : {}),
    ...(context.latest !== undefined ? { latest: context.latest } : {}),
    region: destination.region,
    ...(destination.kmsKeyId ? { kmsKeyId: destination.kmsKeyId } : {}),
    ...(context.logger ? { logger: context.logger } : {}),
  });
}

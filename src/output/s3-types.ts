/** What the S3 sink (s3.ts) and the S3 reader (s3-read.ts) both speak of. */
import type { S3Client } from '@aws-sdk/client-s3';

/** A bucket and a key prefix under it. */
export interface S3Location {
  bucket: string;
  /** Empty, or ends with `/` (as `parseS3Url` returns it). */
  prefix: string;
}

export interface S3ObjectLocation {
  bucket: string;
  key: string;
}

/** What the sink and the reader need of an S3 client (a real `S3Client`, or a stub in tests). */
export type S3Sender = Pick<S3Client, 'send'> & { destroy?(): void };

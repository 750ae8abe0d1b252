/**
 * The S3 client report uploads use: the shared client config of every other client
 * (src/aws/clients.ts `clientConfig`: credentials, timeouts, endpoint override, user agent, a
 * single SDK attempt, since retries are `callAws`'s), plus what S3 alone needs — following a
 * bucket's region redirect, and path-style addressing when an endpoint override points at an
 * emulator (LocalStack, MinIO) that serves every bucket on one host. Built here rather than by
 * the S3 descriptor (src/aws/descriptors/reports.ts) so that the S3 SDK is loaded only when a
 * report goes to or comes from S3.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { AwsClients } from '../aws/clients.js';

export interface S3ClientOptions {
  profile?: string;
  /** `--endpoint-url`; without it `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL` still apply (SDK). */
  endpointUrl?: string;
  /** The region to start from (the bucket's own is followed); see `s3Region` in destination.ts. */
  region: string;
}

export function createS3Client(options: S3ClientOptions, env: NodeJS.ProcessEnv = process.env): S3Client {
  const config = new AwsClients({
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
  }).clientConfig(options.region);
  const overridden = Boolean(options.endpointUrl || env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
  return new S3Client({ ...config, followRegionRedirects: true, ...(overridden ? { forcePathStyle: true } : {}) });
}

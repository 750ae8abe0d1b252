/**
 * Where reports go: S3 (`--output-dir s3://…`, `merge s3://…`) and Security Hub (`--security-hub`,
 * `securityhub import`). Writes as well as reads: they take the same call path as collection.
 */
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { defineService, reads } from '../descriptor.js';

const REPORTS = 'arn:${Partition}:s3:::${Bucket}/${Prefix}*';

/**
 * S3's client is built by src/output/s3-client.ts from the shared config, loaded only when a
 * report goes to or comes from S3. Request rates are per partitioned prefix: at least 3,500
 * PUT/COPY/POST/DELETE and 5,500 GET/HEAD per second (Amazon S3 User Guide, "Best practices
 * design patterns: optimizing Amazon S3 performance"); no burst is published: one second's worth.
 */
export const s3 = defineService({
  id: 's3',
  operations: {
    // The report sink's uploads, and the `latest/` publication.
    ...reads('s3', { PutObject: [REPORTS], GetObject: [REPORTS] }),
    // Putting a previous `latest/` set back: authorized as s3:GetObject on the source and
    // s3:PutObject on the target, both granted under the prefix.
    CopyObject: { iamAction: 's3:PutObject', iamResources: [REPORTS] },
    // Undoing a `latest/` publication that failed part-way: only under `latest/` folders.
    DeleteObject: { iamAction: 's3:DeleteObject', iamResources: ['arn:${Partition}:s3:::${Bucket}/${Prefix}*/latest/*'] },
    // `merge s3://…` lists the account folders under a prefix; authorized as s3:ListBucket on the bucket.
    ListObjectsV2: { iamAction: 's3:ListBucket', iamResources: ['arn:${Partition}:s3:::${Bucket}'] },
  },
  rates: [
    { name: 's3:write', rate: { ratePerSecond: 3500, burst: 3500 }, operations: ['PutObject', 'CopyObject', 'DeleteObject'] },
    { name: 's3:read', rate: { ratePerSecond: 5500, burst: 5500 }, operations: ['GetObject', 'ListObjectsV2'] },
  ],
});

/**
 * Findings are imported into the account's own product and hub; GetFindings has no
 * resource-level permission. Rates: BatchImportFindings 10/s per account and region (burst 30,
 * not relied on: "Guidelines for using the BatchImportFindings API"), GetFindings 3/s (burst 6,
 * not relied on: Security Hub quotas).
 */
export const securityHub = defineService({
  id: 'securityhub',
  client: (config) => new SecurityHubClient(config),
  operations: reads('securityhub', {
    BatchImportFindings: [
      'arn:${Partition}:securityhub:${Region}:${Account}:product/${Account}/default',
      'arn:${Partition}:securityhub:${Region}:${Account}:hub/default',
    ],
    GetFindings: ['*'],
  }),
  rates: [
    { name: 'securityhub:BatchImportFindings', rate: { ratePerSecond: 10, burst: 10 }, operations: ['BatchImportFindings'] },
    { name: 'securityhub:GetFindings', rate: { ratePerSecond: 3, burst: 3 }, operations: ['GetFindings'] },
  ],
});

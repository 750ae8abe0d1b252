/**
 * A bucket in memory behind a mocked S3Client (aws-sdk-client-mock): PutObject, GetObject,
 * CopyObject and DeleteObject keep `objects` as S3 would, so a test can look at what `latest/`
 * holds after a publication, and `refuse` makes chosen calls fail with AccessDenied.
 */
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type GetObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { createHash } from 'node:crypto';

export const s3 = mockClient(S3Client);

export interface StoredObject {
  body: Buffer;
  contentType: string | undefined;
  encryption: string | undefined;
}

export type S3Call = 'PutObject' | 'GetObject' | 'CopyObject' | 'DeleteObject';

export function s3Error(name: string, status: number, message: string): S3ServiceException {
  return new S3ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status }, message });
}

const etagOf = (body: Buffer) => `"${createHash('md5').update(body).digest('hex')}"`;

export class BucketStub {
  readonly objects = new Map<string, StoredObject>();
  /** Every call, in order: `PutObject key`, `CopyObject source -> key`, … */
  readonly log: string[] = [];
  /** Calls answered with AccessDenied (the object is left as it was). */
  refuse: (call: S3Call, key: string) => boolean = () => false;

  constructor(readonly bucket: string) {}

  install(): void {
    s3.reset();
    s3.on(PutObjectCommand).callsFake((input: { Bucket: string; Key: string; Body: Buffer; ContentType?: string; ServerSideEncryption?: string }) => {
      this.log.push(`PutObject ${input.Key}`);
      this.check('PutObject', input.Bucket, input.Key);
      const body = Buffer.from(input.Body);
      this.objects.set(input.Key, { body, contentType: input.ContentType, encryption: input.ServerSideEncryption });
      return { ETag: etagOf(body) };
    });
    s3.on(GetObjectCommand).callsFake((input: { Bucket: string; Key: string }) => {
      this.log.push(`GetObject ${input.Key}`);
      this.check('GetObject', input.Bucket, input.Key);
      const object = this.objects.get(input.Key);
      if (!object) throw s3Error('NoSuchKey', 404, 'The specified key does not exist.');
      return { Body: Readable.from([object.body]) as unknown as GetObjectCommandOutput['Body'], ContentLength: object.body.length };
    });
    s3.on(CopyObjectCommand).callsFake((input: { Bucket: string; Key: string; CopySource: string; ServerSideEncryption?: string }) => {
      const source = decodeURIComponent(input.CopySource.slice(`${this.bucket}/`.length));
      this.log.push(`CopyObject ${source} -> ${input.Key}`);
      this.check('CopyObject', input.Bucket, input.Key);
      const object = this.objects.get(source);
      if (!input.CopySource.startsWith(`${this.bucket}/`) || !object) throw s3Error('NoSuchKey', 404, 'The specified key does not exist.');
      this.objects.set(input.Key, { ...object, encryption: input.ServerSideEncryption });
      return { CopyObjectResult: { ETag: etagOf(object.body) } };
    });
    s3.on(DeleteObjectCommand).callsFake((input: { Bucket: string; Key: string }) => {
      this.log.push(`DeleteObject ${input.Key}`);
      this.check('DeleteObject', input.Bucket, input.Key);
      this.objects.delete(input.Key);
      return {};
    });
    s3.on(ListObjectsV2Command).callsFake((input: { Prefix?: string }) => {
      const prefix = input.Prefix ?? '';
      const folders = [...new Set([...this.objects.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length).split('/')[0]!))];
      return { CommonPrefixes: folders.map((name) => ({ Prefix: `${prefix}${name}/` })) };
    });
  }

  put(key: string, text: string, contentType = key.endsWith('.html') ? 'text/html; charset=utf-8' : 'application/json'): void {
    this.objects.set(key, { body: Buffer.from(text, 'utf8'), contentType, encryption: 'AES256' });
  }

  text(key: string): string | undefined {
    return this.objects.get(key)?.body.toString('utf8');
  }

  /** The keys under `prefix`, sorted. */
  keys(prefix: string): string[] {
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  private check(call: S3Call, bucket: string, key: string): void {
    if (bucket !== this.bucket) throw s3Error('NoSuchBucket', 404, 'The specified bucket does not exist');
    if (this.refuse(call, key)) throw s3Error('AccessDenied', 403, 'Access Denied');
  }
}

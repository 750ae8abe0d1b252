/** Reading reports back from S3 (src/output/s3-read.ts) with a mocked S3Client: objects, listings, limits, failures. */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { GetObjectCommand, ListObjectsV2Command, S3Client, S3ServiceException, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { CallStats } from '../../src/aws/call-stats.js';
import { RateLimits } from '../../src/aws/rate-limiter.js';
import { DEFAULT_RETRY_POLICY } from '../../src/aws/retry.js';
import { listAccountFolders, readS3Object, s3ReportReader, type S3ReadContext } from '../../src/output/s3-read.js';

const s3 = mockClient(S3Client);
const noWait = async () => {};

function context(): S3ReadContext {
  return {
    client: new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'not-a-secret' } }),
    calls: { limits: new RateLimits({ sleep: noWait }), retry: { ...DEFAULT_RETRY_POLICY, sleep: noWait, random: () => 0 }, stats: new CallStats() },
    region: 'eu-west-1',
  };
}

function s3Error(name: string, status: number, message: string): S3ServiceException {
  return new S3ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status }, message });
}

/** A body as the SDK streams it (a Readable), split in pieces. */
function body(text: string, pieces = 3): GetObjectCommandOutput['Body'] {
  const size = Math.ceil(text.length / pieces);
  const chunks = Array.from({ length: pieces }, (_, i) => Buffer.from(text.slice(i * size, (i + 1) * size)));
  return Readable.from(chunks) as unknown as GetObjectCommandOutput['Body'];
}

const folder = (name: string) => ({ Prefix: `apiposture/${name}/` });

describe('reading reports from S3', () => {
  beforeEach(() => s3.reset());
  afterEach(() => s3.reset());

  it('reads an object, streamed in pieces', async () => {
    s3.on(GetObjectCommand, { Bucket: 'audit-reports', Key: 'apiposture/111111111111/latest/report.json' }).resolves({ Body: body('{"a":"é"}'), ContentLength: 10 });
    const read = await readS3Object(context(), { bucket: 'audit-reports', key: 'apiposture/111111111111/latest/report.json' }, 1000);
    assert.ok(read.ok);
    assert.equal(read.bytes.toString('utf8'), '{"a":"é"}');
  });

  it('refuses an object over the limit by its announced size, before reading it', async () => {
    let pulled = false;
    const stream = new Readable({
      read() {
        pulled = true;
        this.push(null);
      },
    });
    s3.on(GetObjectCommand).resolves({ Body: stream as unknown as GetObjectCommandOutput['Body'], ContentLength: 5000 });
    const read = await readS3Object(context(), { bucket: 'b1', key: 'k' }, 1000);
    assert.deepEqual(read, { ok: false, tooLarge: true, size: 5000 });
    assert.equal(pulled, false, 'the body was not read');
    assert.equal(stream.destroyed, true, 'the connection is released');
  });

  it('refuses an object over the limit while reading when its size was not announced', async () => {
    s3.on(GetObjectCommand).resolves({ Body: body('x'.repeat(3000), 6) });
    assert.deepEqual(await readS3Object(context(), { bucket: 'b1', key: 'k' }, 1000), { ok: false, tooLarge: true });
  });

  it('retries throttling and a connection dropped mid-body, like every AWS call', async () => {
    const dropped = new Readable({
      read() {
        this.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
      },
    });
    s3.on(GetObjectCommand)
      .rejectsOnce(s3Error('SlowDown', 503, 'Please reduce your request rate.'))
      .resolvesOnce({ Body: dropped as unknown as GetObjectCommandOutput['Body'] })
      .resolves({ Body: body('{}') });
    const ctx = context();
    const read = await readS3Object(ctx, { bucket: 'b1', key: 'k' }, 1000);
    assert.ok(read.ok);
    assert.equal(s3.commandCalls(GetObjectCommand).length, 3);
    assert.equal(ctx.calls.stats.of('s3', 'GetObject').attempts, 3);
  });

  it('returns AccessDenied and NoSuchKey as failures naming the object, without retrying them', async () => {
    s3.on(GetObjectCommand, { Key: 'denied' }).rejects(s3Error('AccessDenied', 403, 'Access Denied'));
    s3.on(GetObjectCommand, { Key: 'missing' }).rejects(s3Error('NoSuchKey', 404, 'The specified key does not exist.'));
    assert.deepEqual(await readS3Object(context(), { bucket: 'b1', key: 'denied' }, 1000), {
      ok: false,
      failure: { object: 's3://b1/denied', code: 'AccessDenied', message: 'Access Denied' },
    });
    const missing = await readS3Object(context(), { bucket: 'b1', key: 'missing' }, 1000);
    assert.ok(!missing.ok && !missing.tooLarge);
    assert.equal(missing.failure.code, 'NoSuchKey');
    assert.equal(s3.commandCalls(GetObjectCommand).length, 2, 'one call each');
  });

  it('lists the account folders under a prefix, every page, leaving the other folders out', async () => {
    s3.on(ListObjectsV2Command, { ContinuationToken: undefined }).resolves({
      IsTruncated: true,
      NextContinuationToken: 'page-2',
      CommonPrefixes: [folder('111111111111'), folder('222222222222'), folder('organization')],
      Contents: [{ Key: 'apiposture/README.txt' }],
    });
    s3.on(ListObjectsV2Command, { ContinuationToken: 'page-2' }).resolves({
      IsTruncated: true,
      NextContinuationToken: 'page-3',
      CommonPrefixes: [folder('333333333333'), folder('run-summaries'), folder('44444444444'), { Prefix: 'elsewhere/555555555555/' }],
    });
    s3.on(ListObjectsV2Command, { ContinuationToken: 'page-3' }).resolves({ IsTruncated: false, CommonPrefixes: [folder('666666666666')] });

    const listing = await listAccountFolders(context(), { bucket: 'audit-reports', prefix: 'apiposture/' });
    assert.deepEqual(listing, { ok: true, accounts: ['111111111111', '222222222222', '333333333333', '666666666666'] });
    const inputs = s3.commandCalls(ListObjectsV2Command).map((call) => call.args[0].input);
    assert.equal(inputs.length, 3);
    for (const input of inputs) {
      assert.equal(input.Bucket, 'audit-reports');
      assert.equal(input.Prefix, 'apiposture/');
      assert.equal(input.Delimiter, '/');
    }
    assert.deepEqual(inputs.map((i) => i.ContinuationToken), [undefined, 'page-2', 'page-3']);

    const keys = await s3ReportReader(context()).listLatestReports({ bucket: 'audit-reports', prefix: 'apiposture/' });
    assert.ok(keys.ok);
    assert.deepEqual(keys.keys.slice(0, 2), ['apiposture/111111111111/latest/report.json', 'apiposture/222222222222/latest/report.json']);
  });

  it('lists from the bucket root with an empty prefix', async () => {
    s3.on(ListObjectsV2Command).resolves({ CommonPrefixes: [{ Prefix: '111111111111/' }, { Prefix: 'organization/' }] });
    assert.deepEqual(await listAccountFolders(context(), { bucket: 'b1', prefix: '' }), { ok: true, accounts: ['111111111111'] });
  });

  it('a listing that fails, or repeats a continuation token, is a failure naming the prefix', async () => {
    s3.on(ListObjectsV2Command).rejects(s3Error('NoSuchBucket', 404, 'The specified bucket does not exist'));
    assert.deepEqual(await listAccountFolders(context(), { bucket: 'b1', prefix: 'p/' }), {
      ok: false,
      failure: { object: 's3://b1/p/', code: 'NoSuchBucket', message: 'The specified bucket does not exist' },
    });
    s3.reset();
    s3.on(ListObjectsV2Command).resolves({ IsTruncated: true, NextContinuationToken: 'again', CommonPrefixes: [] });
    const looped = await listAccountFolders(context(), { bucket: 'b1', prefix: 'p/' });
    assert.ok(!looped.ok);
    assert.equal(looped.failure.code, 'InvalidListing');
    assert.equal(s3.commandCalls(ListObjectsV2Command).length, 2);
  });
});

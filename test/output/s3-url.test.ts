import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseS3Url } from '../../src/cli/options.js';
import { resolveOutput, type OutputFlags } from '../../src/cli/output-options.js';
import { InputError } from '../../src/errors.js';
import { isS3Url, s3Region } from '../../src/output/destination.js';

describe('parseS3Url', () => {
  it('splits bucket and prefix, giving the prefix a trailing slash', () => {
    assert.deepEqual(parseS3Url('s3://audit-reports/apiposture/'), { bucket: 'audit-reports', prefix: 'apiposture/' });
    assert.deepEqual(parseS3Url('s3://audit-reports/apiposture'), { bucket: 'audit-reports', prefix: 'apiposture/' });
    assert.deepEqual(parseS3Url('s3://audit-reports/a/b/c'), { bucket: 'audit-reports', prefix: 'a/b/c/' });
  });

  it('takes a bucket alone, with or without the slash, as an empty prefix', () => {
    assert.deepEqual(parseS3Url('s3://audit-reports'), { bucket: 'audit-reports', prefix: '' });
    assert.deepEqual(parseS3Url('s3://audit-reports/'), { bucket: 'audit-reports', prefix: '' });
  });

  it('accepts dotted and 3- or 63-character bucket names', () => {
    assert.equal(parseS3Url('s3://my.audit.bucket/x/').bucket, 'my.audit.bucket');
    assert.equal(parseS3Url('s3://abc').bucket, 'abc');
    assert.equal(parseS3Url(`s3://${'a'.repeat(63)}/`).bucket, 'a'.repeat(63));
  });

  it('rejects what is not an S3 bucket location, with a one-line InputError', () => {
    for (const bad of [
      's3://',
      's3:/bucket/x',
      's3:bucket',
      'S3://Bucket/x',
      's3://UpperCase/x',
      's3://ab',
      `s3://${'a'.repeat(64)}`,
      's3://-bucket/x',
      's3://bucket-/x',
      's3://bucket_name/x',
      'https://bucket.s3.amazonaws.com/x',
      's3://bucket name/x',
    ]) {
      assert.throws(() => parseS3Url(bad), (error: unknown) => error instanceof InputError && /not an S3 location/.test(error.message), bad);
    }
  });
});

describe('resolveOutput', () => {
  const flags = (extra: Partial<OutputFlags>): OutputFlags => ({ format: 'json,html', failOn: 'high', ...extra });
  const env = {};

  it('keeps a local folder as it was', () => {
    assert.deepEqual(resolveOutput(flags({ outputDir: 'out/today' }), env), { outputDir: 'out/today', formats: ['json', 'html'], failOn: 'high' });
    assert.match(resolveOutput(flags({}), env).outputDir, /^reports\/\d{4}-\d\d-\d\dT/);
  });

  it('an s3:// output dir uploads, with SSE-S3 unless a KMS key is given', () => {
    const plain = resolveOutput(flags({ outputDir: 's3://audit-reports/apiposture' }), env);
    assert.deepEqual(plain.s3, { kind: 's3', bucket: 'audit-reports', prefix: 'apiposture/', region: 'us-east-1' });
    assert.match(plain.outputDir, /^reports\//, 'files written outside the sink stay local, never under a folder called s3:');
    const key = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    assert.equal(resolveOutput(flags({ outputDir: 's3://audit-reports/', s3KmsKeyId: key }), env).s3?.kmsKeyId, key);
  });

  it('uploads with the scan profile and endpoint, starting from AWS_REGION or the first scanned region', () => {
    const scan = flags({ outputDir: 's3://audit-reports/', profile: 'audit', regions: 'eu-west-1,us-east-1', endpointUrl: 'http://127.0.0.1:4566' });
    assert.deepEqual(resolveOutput(scan, env).s3, {
      kind: 's3',
      bucket: 'audit-reports',
      prefix: '',
      region: 'eu-west-1',
      profile: 'audit',
      endpointUrl: 'http://127.0.0.1:4566',
    });
    assert.equal(resolveOutput(scan, { AWS_REGION: 'ap-southeast-2' }).s3?.region, 'ap-southeast-2');
    assert.equal(resolveOutput(flags({ outputDir: 's3://b-b/', regions: 'all' }), env).s3?.region, 'us-east-1');
  });

  it('rejects a bad S3 location or a KMS key without S3 output before anything runs', () => {
    assert.throws(() => resolveOutput(flags({ outputDir: 'S3://Bucket/x' }), env), /not an S3 location: 'S3:\/\/Bucket\/x'/);
    assert.throws(() => resolveOutput(flags({ outputDir: 'out', s3KmsKeyId: 'alias/reports' }), env), /--s3-kms-key-id .* needs an s3:\/\/ --output-dir/);
    assert.throws(() => resolveOutput(flags({ outputDir: 's3://bucket/', s3KmsKeyId: 'a key' }), env), /--s3-kms-key-id takes/);
  });

  it('isS3Url and s3Region', () => {
    assert.ok(isS3Url('s3://b/'));
    assert.ok(isS3Url('S3://B'));
    assert.ok(!isS3Url('reports/s3://x'));
    assert.equal(s3Region([], {}), 'us-east-1');
    assert.equal(s3Region(['eu-west-1'], { AWS_DEFAULT_REGION: 'eu-central-1' }), 'eu-central-1');
  });
});

/**
 * `latest/` only ever holds one run's complete set: the S3 sink publishes it with
 * `latest/manifest.json` written last, undoes a publication that fails part-way from the
 * previous set (named by the previous manifest), and deletes the manifest when it cannot; readers
 * check a `latest/` file against the manifest. Against an in-memory bucket (s3-bucket-stub.ts).
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { S3Client } from '@aws-sdk/client-s3';
import { CallStats } from '../../src/aws/call-stats.js';
import { RateLimits } from '../../src/aws/rate-limiter.js';
import { DEFAULT_RETRY_POLICY } from '../../src/aws/retry.js';
import { writeFormats } from '../../src/output/reports.js';
import { s3ReportReader, type S3ReadContext } from '../../src/output/s3-read.js';
import { manifestBody, manifestFile, parseManifest, sha256Of, type LatestManifest } from '../../src/output/s3-manifest.js';
import { S3Sink } from '../../src/output/s3.js';
import { describeFailure, type SinkResult } from '../../src/output/sink.js';
import { BucketStub } from './s3-bucket-stub.js';

const BUCKET = 'audit-reports';
const ACCOUNT = '123456789012';
const BASE = `audit/apiposture/${ACCOUNT}/`;
const AT = new Date('2026-11-01T12:30:00.000Z');
const NEW = '2026-11-01T12-30-00Z';
const PREVIOUS = '2026-10-01T12-30-00Z';
const LATEST = `${BASE}latest/`;
const MANIFEST = `${LATEST}manifest.json`;
const noWait = async () => {};

function client(): S3Client {
  return new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'not-a-secret' } });
}

const FILES = { 'report.json': '{"run":"new"}', 'report.html': '<!doctype html><p>new</p>' };
const OLD = { 'report.json': '{"run":"old"}', 'report.html': '<!doctype html><p>old</p>' };

/** A complete previous publication: its dated folder, its latest/ copies and their manifest. */
function previousSet(bucket: BucketStub, files: Record<string, string> = OLD): string {
  for (const [name, text] of Object.entries(files)) {
    bucket.put(`${BASE}${PREVIOUS}/${name}`, text);
    bucket.put(`${LATEST}${name}`, text);
  }
  const manifest: LatestManifest = {
    schemaVersion: 1,
    kind: 'apiposture-latest',
    folder: PREVIOUS,
    publishedAt: '2026-10-01T12:31:00.000Z',
    files: Object.entries(files).map(([name, text]) => manifestFile(name, Buffer.from(text))),
  };
  const text = manifestBody(manifest).toString('utf8');
  bucket.put(MANIFEST, text);
  return text;
}

async function publish(names: (keyof typeof FILES)[] = ['report.json', 'report.html']): Promise<SinkResult> {
  const sink = new S3Sink({
    client: client(),
    bucket: BUCKET,
    prefix: 'audit/apiposture/',
    account: ACCOUNT,
    at: AT,
    region: 'eu-west-1',
    retry: { maxAttempts: 1, sleep: noWait, random: () => 0 },
  });
  const formats = names.map((name) => (name === 'report.json' ? 'json' : 'html') as 'json' | 'html');
  return writeFormats(sink, formats, (format) => {
    const name = format === 'json' ? 'report.json' : 'report.html';
    return { name, contentType: format === 'json' ? 'application/json' : 'text/html; charset=utf-8', chunks: () => [FILES[name]] };
  });
}

function manifestIn(bucket: BucketStub): LatestManifest | undefined {
  const text = bucket.text(MANIFEST);
  if (text === undefined) return undefined;
  const parsed = parseManifest(Buffer.from(text));
  assert.ok(parsed.ok, 'a valid manifest');
  return parsed.manifest;
}

/** latest/ as a reader that checks the manifest sees it: file → text, when it matches. */
function latestMatchesManifest(bucket: BucketStub): boolean {
  const manifest = manifestIn(bucket);
  if (!manifest) return false;
  return manifest.files.every((file) => {
    const object = bucket.objects.get(`${LATEST}${file.name}`);
    return object !== undefined && sha256Of(object.body) === file.sha256 && object.body.length === file.bytes;
  });
}

describe('publishing latest/', () => {
  let bucket: BucketStub;
  beforeEach(() => {
    bucket = new BucketStub(BUCKET);
    bucket.install();
  });

  it('writes the dated files, then the latest/ copies, then latest/manifest.json naming the folder and each file', async () => {
    previousSet(bucket);
    const result = await publish();
    assert.deepEqual(result.failures, []);
    assert.equal(result.notPublished, undefined);
    assert.deepEqual(bucket.log, [
      `PutObject ${BASE}${NEW}/report.json`,
      `PutObject ${BASE}${NEW}/report.html`,
      `GetObject ${MANIFEST}`,
      `PutObject ${LATEST}report.json`,
      `PutObject ${LATEST}report.html`,
      `PutObject ${MANIFEST}`,
    ]);
    const manifest = manifestIn(bucket)!;
    assert.equal(manifest.folder, NEW);
    assert.deepEqual(
      manifest.files.map((f) => [f.name, f.bytes, f.sha256]),
      Object.entries(FILES).map(([name, text]) => [name, Buffer.byteLength(text), sha256Of(Buffer.from(text))]),
    );
    assert.ok(manifest.files.every((f) => /^"[0-9a-f]{32}"$/.test(f.etag ?? '')), 'the ETag S3 gave each copy');
    assert.equal(bucket.objects.get(MANIFEST)?.contentType, 'application/json');
    assert.equal(bucket.objects.get(MANIFEST)?.encryption, 'AES256');
    assert.ok(latestMatchesManifest(bucket));
    assert.deepEqual(result.written.at(-1), `s3://${BUCKET}/${MANIFEST}`);
  });

  it('a failed second latest/ copy: the first is restored from the previous set, the manifest left as it was', async () => {
    const before = previousSet(bucket);
    bucket.refuse = (call, key) => call === 'PutObject' && key === `${LATEST}report.html`;
    const result = await publish();

    assert.equal(bucket.text(`${LATEST}report.json`), OLD['report.json'], 'restored');
    assert.equal(bucket.text(`${LATEST}report.html`), OLD['report.html']);
    assert.equal(bucket.text(MANIFEST), before, 'the previous manifest, untouched');
    assert.ok(latestMatchesManifest(bucket), 'latest/ is still the previous complete set');
    assert.ok(bucket.log.includes(`CopyObject ${BASE}${PREVIOUS}/report.json -> ${LATEST}report.json`));
    assert.ok(!bucket.log.includes(`PutObject ${MANIFEST}`));

    assert.deepEqual(result.failures.map(describeFailure), [`cannot upload s3://${BUCKET}/${LATEST}report.html: AccessDenied: Access Denied`]);
    assert.match(result.notPublished ?? '', new RegExp(`^s3://${BUCKET}/${LATEST} rolled back to the previous set \\(${PREVIOUS}\\)`));
    assert.ok(!result.written.some((url) => url.includes('/latest/')), 'no latest/ file reported as written');
  });

  it('the first publication fails part-way: the copies it made are removed and no manifest is written', async () => {
    bucket.refuse = (call, key) => call === 'PutObject' && key === `${LATEST}report.html`;
    const result = await publish();
    assert.deepEqual(bucket.keys(LATEST), []);
    assert.equal(result.failures.length, 1);
    assert.match(result.notPublished ?? '', /rolled back: it held no set before/);
  });

  it('a file new in this set is removed on rollback; one the previous set had is restored', async () => {
    previousSet(bucket, { 'report.json': OLD['report.json'] });
    // Refused once it is in S3 after all (an answer lost on the way back): deleted.
    bucket.refuse = (call, key) => {
      if (call !== 'PutObject' || key !== `${LATEST}report.html`) return false;
      bucket.put(key, FILES['report.html']);
      return true;
    };
    const result = await publish();
    assert.deepEqual(bucket.keys(LATEST), [`${LATEST}manifest.json`, `${LATEST}report.json`]);
    assert.equal(bucket.text(`${LATEST}report.json`), OLD['report.json']);
    assert.ok(latestMatchesManifest(bucket));
    assert.ok(bucket.log.includes(`DeleteObject ${LATEST}report.html`));
    assert.deepEqual(result.failures.map((f) => f.object), [`s3://${BUCKET}/${LATEST}report.html`]);
  });

  it('the manifest upload fails: the files are rolled back and the previous manifest put back', async () => {
    const before = previousSet(bucket);
    let manifestPuts = 0;
    // The new manifest is refused; the previous one (the second PutObject of it) goes through.
    bucket.refuse = (call, key) => call === 'PutObject' && key === MANIFEST && ++manifestPuts === 1;
    const result = await publish();
    assert.equal(bucket.text(MANIFEST), before);
    assert.ok(latestMatchesManifest(bucket));
    assert.equal(result.failures.length, 1);
    assert.match(result.notPublished ?? '', /rolled back to the previous set/);
  });

  it('the rollback fails too: the manifest is deleted, so no reader takes latest/ for a set, and that is said', async () => {
    previousSet(bucket);
    bucket.refuse = (call, key) => (call === 'PutObject' && key === `${LATEST}report.html`) || call === 'CopyObject';
    const result = await publish();
    assert.equal(bucket.text(MANIFEST), undefined, 'manifest deleted');
    assert.equal(bucket.text(`${LATEST}report.json`), FILES['report.json'], 'the new copy stayed: it could not be restored');
    assert.deepEqual(result.failures.map(describeFailure), [
      `cannot upload s3://${BUCKET}/${LATEST}report.html: AccessDenied: Access Denied`,
      `cannot restore s3://${BUCKET}/${LATEST}report.json: AccessDenied: Access Denied`,
      // A failed upload may still have landed (an answer lost on the way back): restored too.
      `cannot restore s3://${BUCKET}/${LATEST}report.html: AccessDenied: Access Denied`,
    ]);
    assert.match(result.notPublished ?? '', /is not a complete set: its manifest\.json was deleted/);
  });

  it('nor can the manifest be deleted: it stays, and readers refuse the files that do not match it', async () => {
    previousSet(bucket);
    bucket.refuse = (call, key) => (call === 'PutObject' && key === `${LATEST}report.html`) || call === 'CopyObject' || call === 'DeleteObject';
    const result = await publish();
    assert.ok(bucket.text(MANIFEST) !== undefined);
    assert.ok(!latestMatchesManifest(bucket));
    assert.deepEqual(result.failures.map((f) => f.object).at(-1), `s3://${BUCKET}/${MANIFEST}`);
    assert.match(describeFailure(result.failures.at(-1)!), /^cannot delete /);
    assert.match(result.notPublished ?? '', /is not a complete set and its manifest\.json could not be deleted/);
  });

  it('a file of the previous set that this one lacks (another --format) is removed once the set is published', async () => {
    previousSet(bucket);
    const result = await publish(['report.json']);
    assert.deepEqual(result.failures, []);
    assert.deepEqual(bucket.keys(LATEST), [`${LATEST}manifest.json`, `${LATEST}report.json`]);
    assert.ok(bucket.log.indexOf(`DeleteObject ${LATEST}report.html`) > bucket.log.indexOf(`PutObject ${MANIFEST}`), 'after the manifest');
    assert.ok(latestMatchesManifest(bucket));
  });

  it('the previous manifest cannot be read: latest/ is left as it was (a failure could not be undone)', async () => {
    const before = previousSet(bucket);
    bucket.refuse = (call, key) => call === 'GetObject' && key === MANIFEST;
    const result = await publish();
    assert.equal(bucket.text(MANIFEST), before);
    assert.equal(bucket.text(`${LATEST}report.json`), OLD['report.json']);
    assert.deepEqual(result.failures.map(describeFailure), [`cannot read s3://${BUCKET}/${MANIFEST}: AccessDenied: Access Denied`]);
    assert.match(result.notPublished ?? '', /left as it was/);
    assert.deepEqual(result.written, [`s3://${BUCKET}/${BASE}${NEW}/report.json`, `s3://${BUCKET}/${BASE}${NEW}/report.html`]);
  });

  it('a previous manifest that is not one does not stop a publication', async () => {
    previousSet(bucket);
    bucket.put(MANIFEST, '{"not": "a manifest"}');
    const result = await publish();
    assert.deepEqual(result.failures, []);
    assert.ok(latestMatchesManifest(bucket));
  });
});

describe('reading latest/ back', () => {
  let bucket: BucketStub;
  const context = (): S3ReadContext => ({
    client: client(),
    calls: { limits: new RateLimits({ sleep: noWait }), retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 1, sleep: noWait, random: () => 0 }, stats: new CallStats() },
    region: 'eu-west-1',
  });
  const read = (key: string) => s3ReportReader(context()).read({ bucket: BUCKET, key }, 1 << 20);
  beforeEach(() => {
    bucket = new BucketStub(BUCKET);
    bucket.install();
  });

  it('reads a latest/ file that matches its manifest (the manifest first)', async () => {
    previousSet(bucket);
    const got = await read(`${LATEST}report.json`);
    assert.ok(got.ok);
    assert.equal(got.bytes.toString('utf8'), OLD['report.json']);
    assert.deepEqual(bucket.log, [`GetObject ${MANIFEST}`, `GetObject ${LATEST}report.json`]);
  });

  it('a latest/ file that does not match its manifest is unavailable, naming the file and why', async () => {
    previousSet(bucket);
    bucket.put(`${LATEST}report.json`, FILES['report.json']);
    const got = await read(`${LATEST}report.json`);
    assert.ok(!got.ok && !got.tooLarge);
    assert.equal(got.failure.object, `s3://${BUCKET}/${LATEST}report.json`);
    assert.equal(got.failure.code, 'ManifestMismatch');
    assert.match(got.failure.message, /does not match latest\/manifest\.json \(the set from 2026-10-01T12-30-00Z\): /);
  });

  it('a file the manifest does not list, or a manifest that is not one, is unavailable too', async () => {
    previousSet(bucket, { 'report.html': OLD['report.html'] });
    bucket.put(`${LATEST}report.json`, FILES['report.json']);
    const unlisted = await read(`${LATEST}report.json`);
    assert.ok(!unlisted.ok && !unlisted.tooLarge);
    assert.equal(unlisted.failure.code, 'ManifestMismatch');
    bucket.put(MANIFEST, '{"schemaVersion": 1');
    const invalid = await read(`${LATEST}report.json`);
    assert.ok(!invalid.ok && !invalid.tooLarge);
    assert.equal(invalid.failure.code, 'InvalidManifest');
  });

  it('a manifest that cannot be read makes the file unavailable; a missing one means a latest/ from before manifests', async () => {
    previousSet(bucket);
    bucket.refuse = (call, key) => call === 'GetObject' && key === MANIFEST;
    const denied = await read(`${LATEST}report.json`);
    assert.ok(!denied.ok && !denied.tooLarge);
    assert.deepEqual(denied.failure, {
      object: `s3://${BUCKET}/${LATEST}report.json`,
      code: 'AccessDenied',
      message: `its manifest s3://${BUCKET}/${MANIFEST} could not be read: Access Denied`,
    });
    bucket.refuse = () => false;
    bucket.objects.delete(MANIFEST);
    const legacy = await read(`${LATEST}report.json`);
    assert.ok(legacy.ok);
  });

  it('objects outside a latest/ folder are read as they are, without a manifest', async () => {
    previousSet(bucket);
    const got = await read(`${BASE}${PREVIOUS}/report.json`);
    assert.ok(got.ok);
    assert.deepEqual(bucket.log, [`GetObject ${BASE}${PREVIOUS}/report.json`]);
  });

  it('what the sink publishes, the reader accepts; a set whose publication failed it refuses', async () => {
    await publish();
    assert.ok((await read(`${LATEST}report.json`)).ok);
    bucket.refuse = (call, key) => (call === 'PutObject' && key === `${LATEST}report.html`) || call === 'CopyObject' || call === 'DeleteObject';
    FILES['report.json'] = '{"run":"newer"}';
    try {
      await publish();
    } finally {
      FILES['report.json'] = '{"run":"new"}';
    }
    bucket.refuse = () => false;
    const got = await read(`${LATEST}report.json`);
    assert.ok(!got.ok && !got.tooLarge && got.failure.code === 'ManifestMismatch');
  });
});

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { deliver } from '../../src/cli/report-output.js';
import type { OutputOptions } from '../../src/scan/deliver.js';
import { writeReportFiles } from '../../src/output/reports.js';
import { bodyOf, datedFolderName, encryptionParams, S3Sink, s3KeysFor, type S3SinkOptions } from '../../src/output/s3.js';
import { reportJsonChunks } from '../../src/report/write.js';
import { renderHtml } from '../../src/report/html.js';
import { ACCOUNT } from '../fixtures/builders.js';
import { GENERATED_AT, cleanInventory, hostileReport, reportFor } from '../report/fixture.js';

const s3 = mockClient(S3Client);
const AT = new Date(GENERATED_AT);
const DATED = `audit/apiposture/${ACCOUNT}/2026-11-01T12-30-00Z/`;
const LATEST = `audit/apiposture/${ACCOUNT}/latest/`;

function client(): S3Client {
  return new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'not-a-secret' } });
}

function sink(options: Partial<S3SinkOptions> = {}): S3Sink {
  return new S3Sink({
    client: client(),
    bucket: 'audit-reports',
    prefix: 'audit/apiposture/',
    account: ACCOUNT,
    at: AT,
    region: 'eu-west-1',
    retry: { sleep: async () => {}, random: () => 0 },
    ...options,
  });
}

function puts(): PutObjectCommandInput[] {
  return s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input);
}

function denied(): S3ServiceException {
  return new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'Access Denied' });
}

function noSuchKey(): S3ServiceException {
  return new S3ServiceException({ name: 'NoSuchKey', $fault: 'client', $metadata: { httpStatusCode: 404 }, message: 'The specified key does not exist.' });
}

/** An empty bucket: no `latest/manifest.json` yet. */
function emptyBucket(): void {
  s3.reset();
  s3.on(GetObjectCommand).rejects(noSuchKey());
  s3.on(DeleteObjectCommand).resolves({});
}

function slowDown(): S3ServiceException {
  return new S3ServiceException({ name: 'SlowDown', $fault: 'server', $metadata: { httpStatusCode: 503 }, message: 'Please reduce your request rate.' });
}

describe('S3 keys', () => {
  it('names the dated folder YYYY-MM-DDTHH-MM-SSZ (sortable, no colons)', () => {
    assert.equal(datedFolderName(new Date('2026-11-25T02:36:57.987Z')), '2026-11-25T02-36-57Z');
    assert.equal(datedFolderName(new Date('2027-01-02T03:04:05Z')), '2027-01-02T03-04-05Z');
  });

  it('puts the account, then the dated or latest folder, under the prefix', () => {
    assert.deepEqual(s3KeysFor({ bucket: 'b', prefix: 'p/q/' }, ACCOUNT, AT, 'report.json'), {
      dated: `p/q/${ACCOUNT}/2026-11-01T12-30-00Z/report.json`,
      latest: `p/q/${ACCOUNT}/latest/report.json`,
    });
    assert.equal(s3KeysFor({ bucket: 'b', prefix: '' }, ACCOUNT, AT, 'securityhub/x.json').latest, `${ACCOUNT}/latest/securityhub/x.json`);
  });

  it('encrypts with SSE-S3 by default and SSE-KMS with a key', () => {
    assert.deepEqual(encryptionParams(), { ServerSideEncryption: 'AES256' });
    const key = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    assert.deepEqual(encryptionParams(key), { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key });
  });

  it('builds a body that can be sent again, whatever the size of the chunks', () => {
    const big = 'x'.repeat((1 << 20) + 5);
    assert.equal(bodyOf(['{', big, '}']).toString('utf8'), `{${big}}`);
    assert.equal(bodyOf([]).length, 0);
    assert.equal(bodyOf(['é', '✓']).toString('utf8'), 'é✓');
  });
});

describe('S3Sink', () => {
  beforeEach(emptyBucket);
  afterEach(() => s3.reset());

  it('uploads every report to the dated folder first, then to latest/ and its manifest, with content types and SSE-S3', async () => {
    s3.on(PutObjectCommand).resolves({});
    const report = hostileReport();
    const out = sink();
    const result = await writeReportFiles(out, report, ['html', 'json']);
    out.close();

    assert.deepEqual(
      puts().map((p) => p.Key),
      [`${DATED}report.json`, `${DATED}report.html`, `${LATEST}report.json`, `${LATEST}report.html`, `${LATEST}manifest.json`],
    );
    assert.deepEqual(result.written, puts().map((p) => `s3://audit-reports/${p.Key}`));
    assert.deepEqual(s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input.Key), [`${LATEST}manifest.json`], 'the previous manifest, read first');
    assert.deepEqual(result.failures, []);
    for (const put of puts()) {
      assert.equal(put.Bucket, 'audit-reports');
      assert.equal(put.ServerSideEncryption, 'AES256');
      assert.equal(put.SSEKMSKeyId, undefined);
      assert.equal(put.ContentType, put.Key!.endsWith('.json') ? 'application/json' : 'text/html; charset=utf-8');
    }
    const [json, html] = puts();
    assert.equal((json!.Body as Buffer).toString('utf8'), [...reportJsonChunks(report)].join(''));
    assert.equal((html!.Body as Buffer).toString('utf8'), renderHtml(report));
    assert.equal(out.location, `s3://audit-reports/${DATED}`);
  });

  it('uses SSE-KMS with the key given', async () => {
    s3.on(PutObjectCommand).resolves({});
    const key = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    await writeReportFiles(sink({ kmsKeyId: key }), hostileReport(), ['json', 'html']);
    assert.equal(puts().length, 5);
    for (const put of puts()) {
      assert.equal(put.ServerSideEncryption, 'aws:kms');
      assert.equal(put.SSEKMSKeyId, key);
    }
  });

  it('writes only the formats asked for', async () => {
    s3.on(PutObjectCommand).resolves({});
    await writeReportFiles(sink(), hostileReport(), ['json']);
    assert.deepEqual(puts().map((p) => p.Key), [`${DATED}report.json`, `${LATEST}report.json`, `${LATEST}manifest.json`]);
  });

  it('retries throttling through the shared call path', async () => {
    s3.on(PutObjectCommand).rejectsOnce(slowDown()).resolves({});
    const out = sink();
    const result = await writeReportFiles(out, hostileReport(), ['json']);
    assert.deepEqual(result.failures, []);
    assert.equal(puts().length, 4, 'dated (twice), then latest, then the manifest');
    assert.equal(out.stats.totals().throttled, 1);
  });

  it('still tries every file when one fails, names the object, and leaves latest/ as it was', async () => {
    s3.on(PutObjectCommand).resolves({});
    s3.on(PutObjectCommand, { Key: `${DATED}report.json` }).rejects(denied());
    const result = await writeReportFiles(sink(), hostileReport(), ['json', 'html']);
    assert.deepEqual(puts().map((p) => p.Key), [`${DATED}report.json`, `${DATED}report.html`], 'html still tried; no latest/ copies');
    assert.deepEqual(result.failures, [
      { object: `s3://audit-reports/${DATED}report.json`, code: 'AccessDenied', message: 'Access Denied' },
    ]);
    assert.deepEqual(result.written, [`s3://audit-reports/${DATED}report.html`]);
    assert.match(result.notPublished ?? '', new RegExp(`^s3://audit-reports/${LATEST} left as it was`));
  });

  // The copies used to go on after a failed one, leaving a new report.json beside an old
  // report.html: a publication now stops at the first failure and is undone (test/output/s3-latest.test.ts).
  it('a failed latest/ copy stops the publication, which is undone; no manifest is written', async () => {
    s3.on(PutObjectCommand).resolves({});
    s3.on(PutObjectCommand, { Key: `${LATEST}report.json` }).rejects(denied());
    const result = await writeReportFiles(sink(), hostileReport(), ['json', 'html']);
    assert.deepEqual(puts().map((p) => p.Key), [`${DATED}report.json`, `${DATED}report.html`, `${LATEST}report.json`]);
    assert.deepEqual(s3.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input.Key), [`${LATEST}report.json`], 'what may have landed is removed');
    assert.deepEqual(result.failures.map((f) => f.object), [`s3://audit-reports/${LATEST}report.json`]);
    assert.match(result.notPublished ?? '', /latest\/ rolled back: it held no set before$/);
  });

  it('gives up on a persistent transient fault after the retries, as a failure of that object', async () => {
    s3.on(PutObjectCommand).rejects(slowDown());
    const result = await writeReportFiles(sink({ retry: { maxAttempts: 3, sleep: async () => {}, random: () => 0 } }), hostileReport(), ['json']);
    assert.equal(puts().length, 3);
    assert.deepEqual(result.failures.map((f) => [f.object, f.code]), [[`s3://audit-reports/${DATED}report.json`, 'SlowDown']]);
  });

  it('can name its dated folder and keep no latest/ copy (run summaries)', async () => {
    s3.on(PutObjectCommand).resolves({});
    const out = sink({ account: 'run-summaries', folder: '2026-11-01T12-30-00Z-0123abcd', latest: false });
    assert.equal(out.location, 's3://audit-reports/audit/apiposture/run-summaries/2026-11-01T12-30-00Z-0123abcd/');
    assert.equal(await out.write('run-summary.json', ['{}'], 'application/json'), `${out.location}run-summary.json`);
    assert.deepEqual(await out.commit(), { written: [], failures: [] });
    assert.deepEqual(puts().map((p) => p.Key), ['audit/apiposture/run-summaries/2026-11-01T12-30-00Z-0123abcd/run-summary.json']);
  });

  it('rejects file names that would leave the folder', async () => {
    await assert.rejects(sink().write('../report.json', ['{}'], 'application/json'), /not a relative file name/);
    await assert.rejects(sink().write('/etc/x', ['{}'], 'application/json'), /not a relative file name/);
    assert.equal(puts().length, 0);
  });
});

describe('deliver to S3', () => {
  beforeEach(emptyBucket);

  const options = (kmsKeyId?: string): OutputOptions => ({
    outputDir: 'reports/unused',
    s3: { kind: 's3', bucket: 'audit-reports', prefix: 'audit/apiposture/', region: 'eu-west-1', ...(kmsKeyId ? { kmsKeyId } : {}) },
    formats: ['json', 'html'],
    failOn: 'none',
  });

  function capture() {
    const out = { text: '', write: (t: string) => (out.text += t) };
    return out;
  }

  it('prints the summary and every object written, and exits as the results say', async () => {
    s3.on(PutObjectCommand).resolves({});
    const stdout = capture();
    const stderr = capture();
    const code = await deliver(reportFor(cleanInventory()), options(), { stdout, stderr, s3Client: client() });
    assert.equal(code, 0);
    assert.equal(stderr.text, '');
    const wrote = stdout.text.split('\n').filter((l) => l.startsWith('wrote '));
    assert.deepEqual(wrote, [
      `wrote s3://audit-reports/${DATED}report.json`,
      `wrote s3://audit-reports/${DATED}report.html`,
      `wrote s3://audit-reports/${LATEST}report.json`,
      `wrote s3://audit-reports/${LATEST}report.html`,
      `wrote s3://audit-reports/${LATEST}manifest.json`,
    ]);
  });

  it('an upload failure is exit 3 with one line per failed object on stderr, no stack trace', async () => {
    s3.on(PutObjectCommand).rejects(denied());
    const stdout = capture();
    const stderr = capture();
    const code = await deliver(reportFor(cleanInventory()), options(), { stdout, stderr, s3Client: client() });
    assert.equal(code, 3);
    const lines = stderr.text.trimEnd().split('\n');
    assert.deepEqual(
      lines.map((l) => l.replace(/ \(.*\)$/, '')),
      [
        `apiposture: cannot upload s3://audit-reports/${DATED}report.json: AccessDenied: Access Denied`,
        `apiposture: cannot upload s3://audit-reports/${DATED}report.html: AccessDenied: Access Denied`,
      ],
    );
    assert.match(lines[1]!, /latest\/ left as it was/);
    assert.doesNotMatch(stderr.text, /\n\s+at /);
    assert.match(stdout.text, /Totals:/, 'the summary is still printed');
  });
});

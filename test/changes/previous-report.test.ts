/** Where `--previous-report` comes from: a file, an S3 object, or `latest` under the output location. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { GetObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { parsePreviousReportSpec } from '../../src/cli/change-options.js';
import { InputError } from '../../src/errors.js';
import type { S3Destination } from '../../src/output/destination.js';
import { loadPreviousReport } from '../../src/scan/previous-report.js';
import { report } from '../securityhub/fixtures.js';

// Installed when this file's tests run: other files of the unit lane (one process) mock S3Client too,
// and the last mockClient(S3Client) replaces the earlier ones.
let s3 = mockClient(S3Client);
const client = () => new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'not-a-secret' } });
const S3_OUT: S3Destination = { kind: 's3', bucket: 'audit-reports', prefix: 'apiposture/', region: 'eu-west-1' };

function noSuchKey(): S3ServiceException {
  return new S3ServiceException({ name: 'NoSuchKey', $fault: 'client', $metadata: { httpStatusCode: 404 }, message: 'The specified key does not exist.' });
}

function writeReport(dir: string, collectedAt: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'report.json'), JSON.stringify(report([], { collectedAt })));
}

describe('--previous-report values', () => {
  it('latest, an S3 object or a file; an S3 prefix is a usage error', () => {
    assert.deepEqual(parsePreviousReportSpec('latest'), { kind: 'latest' });
    assert.deepEqual(parsePreviousReportSpec('s3://audit-reports/apiposture/123456789012/latest/report.json'), {
      kind: 's3',
      bucket: 'audit-reports',
      key: 'apiposture/123456789012/latest/report.json',
    });
    assert.deepEqual(parsePreviousReportSpec('reports/x/report.json'), { kind: 'file', path: 'reports/x/report.json' });
    assert.throws(() => parsePreviousReportSpec('s3://audit-reports/apiposture/'), InputError);
  });
});

describe('--previous-report latest, local output', () => {
  it("takes the newest dated folder's report.json beside the output folder, never the output folder itself", async () => {
    const reports = mkdtempSync(join(tmpdir(), 'apiposture-latest-'));
    writeReport(join(reports, '2026-10-30T02-00-00-000Z'), '2026-10-30T02:00:00.000Z');
    writeReport(join(reports, '2026-10-31T02-00-00-000Z'), '2026-10-31T02:00:00.000Z');
    mkdirSync(join(reports, '2026-10-31T09-00-00-000Z')); // a run that wrote no report.json
    writeReport(join(reports, 'not-dated'), '2026-12-01T00:00:00.000Z');
    const output = { outputDir: join(reports, '2026-11-01T02-00-00-000Z') };
    writeReport(output.outputDir, '2026-11-01T02:00:00.000Z');
    const found = await loadPreviousReport({ kind: 'latest' }, { account: '123456789012', output });
    assert.equal(found?.report.scan.collectedAt, '2026-10-31T02:00:00.000Z');
    assert.equal(found?.source, join(reports, '2026-10-31T02-00-00-000Z', 'report.json'));
  });

  it("in a many-account run, the account's folder of the newest run", async () => {
    const reports = mkdtempSync(join(tmpdir(), 'apiposture-latest-'));
    writeReport(join(reports, '2026-10-31T02-00-00-000Z', '123456789012'), '2026-10-31T02:00:00.000Z');
    const output = { outputDir: join(reports, '2026-11-01T02-00-00-000Z', '123456789012') };
    const found = await loadPreviousReport({ kind: 'latest' }, { account: '123456789012', output, accountFolders: true });
    assert.equal(found?.source, join(reports, '2026-10-31T02-00-00-000Z', '123456789012', 'report.json'));
  });

  it('none yet (a first run): undefined', async () => {
    const reports = mkdtempSync(join(tmpdir(), 'apiposture-latest-'));
    assert.equal(await loadPreviousReport({ kind: 'latest' }, { account: '123456789012', output: { outputDir: join(reports, 'x') } }), undefined);
    assert.equal(await loadPreviousReport({ kind: 'latest' }, { account: '123456789012', output: { outputDir: '/nonexistent/a/b' } }), undefined);
  });
});

describe('--previous-report from S3', () => {
  before(() => {
    s3 = mockClient(S3Client);
  });
  after(() => s3.restore());
  afterEach(() => s3.reset());

  it("latest: the account's latest/report.json under the output prefix (no manifest: read as it is)", async () => {
    s3.on(GetObjectCommand, { Key: 'apiposture/123456789012/latest/manifest.json' }).rejects(noSuchKey());
    s3.on(GetObjectCommand, { Bucket: 'audit-reports', Key: 'apiposture/123456789012/latest/report.json' }).resolves({
      Body: Buffer.from(JSON.stringify(report([], { collectedAt: '2026-10-31T00:00:00.000Z' }))) as never,
    });
    const found = await loadPreviousReport({ kind: 'latest' }, { account: '123456789012', output: { outputDir: 'reports/x', s3: S3_OUT }, s3Client: client() });
    assert.equal(found?.source, 's3://audit-reports/apiposture/123456789012/latest/report.json');
    assert.equal(found?.report.scan.collectedAt, '2026-10-31T00:00:00.000Z');
  });

  it('latest with nothing there yet is a first run; a named object that is missing is an input error', async () => {
    s3.on(GetObjectCommand).rejects(noSuchKey());
    const output = { outputDir: 'reports/x', s3: S3_OUT };
    assert.equal(await loadPreviousReport({ kind: 'latest' }, { account: '123456789012', output, s3Client: client() }), undefined);
    await assert.rejects(
      loadPreviousReport({ kind: 's3', bucket: 'audit-reports', key: 'a/report.json' }, { account: '123456789012', output, s3Client: client() }),
      (error: unknown) => error instanceof InputError && /cannot read --previous-report s3:\/\/audit-reports\/a\/report\.json: NoSuchKey/.test(error.message),
    );
  });

  it('an object that is not a report of this version is an input error', async () => {
    s3.on(GetObjectCommand).resolves({ Body: Buffer.from(JSON.stringify({ ...report([]), schemaVersion: 9 })) as never });
    await assert.rejects(
      loadPreviousReport({ kind: 's3', bucket: 'b1', key: 'r.json' }, { account: '1', output: { outputDir: 'x' }, s3Client: client() }),
      InputError,
    );
  });
});

/**
 * The report formats come from one table (src/report/formats.ts): a row added to it is written,
 * offered by `--format` and uploaded with its content type, with no other edit. Tests pass the
 * table with an extra row where the CLI and the writers take the shipped one.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { S3Client } from '@aws-sdk/client-s3';
import { Command } from 'commander';
import { parseFormats } from '../../src/cli/options.js';
import { addOutputOptions, formatOption } from '../../src/cli/output-options.js';
import { InputError } from '../../src/errors.js';
import { LocalFolderSink } from '../../src/output/local.js';
import { ORGANISATION_S3_FOLDER, writeOrganisationFiles, writeReportFiles } from '../../src/output/reports.js';
import { parseManifest } from '../../src/output/s3-manifest.js';
import { S3Sink } from '../../src/output/s3.js';
import { asffFileFindings } from '../../src/securityhub/asff-file.js';
import { fileNameOf, REPORT_FORMATS, type FormatRow, type FormatTable, type ReportFormat } from '../../src/report/formats.js';
import { mergeReports } from '../../src/report/merge.js';
import { ACCOUNT } from '../fixtures/builders.js';
import { GENERATED_AT, hostileReport } from '../report/fixture.js';
import { BucketStub } from './s3-bucket-stub.js';

/** A format the shipped table does not have: one line per report, its account and API count. */
const TSV: FormatRow = {
  id: 'tsv',
  fileName: 'report.tsv',
  contentType: 'text/tab-separated-values; charset=utf-8',
  byDefault: true,
  account: (report) => [`account,apis\n${report.scan.account},${report.summary.apis}\n`],
  organisation: (report) => [`accounts\n${report.totals.accounts}\n`],
};
const TABLE: FormatTable = [...REPORT_FORMATS, TSV];
/** `tsv` is not a `ReportFormat` of the shipped table: the writers take the ids of the table they are given. */
const formats = (...ids: string[]) => ids as ReportFormat[];

const report = hostileReport();
const organisation = mergeReports([{ file: 'report.json', report }], { generatedAt: GENERATED_AT, toolVersion: '0.0.0-test' });

async function scratch(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'apiposture-formats-'));
}

describe('the shipped format table', () => {
  it('gives --format its choices, help and default, in table order', () => {
    const ids = REPORT_FORMATS.map((row) => row.id);
    assert.deepEqual(ids, ['json', 'html', 'csv', 'ocsf', 'junit', 'asff']);
    assert.deepEqual(parseFormats(ids.join(',')), ids);
    const option = formatOption();
    assert.equal(option.description, `report formats: ${ids.join(', ')} (comma-separated)`);
    assert.equal(option.defaultValue, 'json,html');
  });

  it('writes every format in table order, whatever order --format names them in', async () => {
    const dir = await scratch();
    const reversed = REPORT_FORMATS.map((row) => row.id).reverse();
    const { written } = await writeReportFiles(new LocalFolderSink(dir), report, reversed, REPORT_FORMATS, { asffFindings: asffFileFindings });
    assert.deepEqual(written, REPORT_FORMATS.map((row) => join(dir, row.fileName)));
  });

  it('a format the table does not have is refused, never silently left out', async () => {
    assert.throws(() => parseFormats('json,tsv'), (error: unknown) => error instanceof InputError && /--format takes json, html/.test(error.message));
    await assert.rejects(writeReportFiles(new LocalFolderSink(await scratch()), report, formats('json', 'tsv')), /no report format 'tsv'/);
  });
});

describe('a row added to the table', () => {
  it('is a --format choice, listed in --help and written by default', () => {
    assert.deepEqual(parseFormats('tsv,json', TABLE), ['tsv', 'json']);
    // Unwrapped: the longer list wraps in --help.
    const help = addOutputOptions(new Command('scan'), TABLE).helpInformation().replace(/\s+/g, ' ');
    assert.match(help, /report formats: json, html, csv, ocsf, junit, asff, tsv \(comma-separated\)/);
    assert.match(help, /default: "json,html,tsv"/);
  });

  it('is left out of the default when its row says so', () => {
    assert.equal(formatOption([...REPORT_FORMATS, { ...TSV, byDefault: false }]).defaultValue, 'json,html');
  });

  it('writes the account and organisation reports to its file, after the formats above it', async () => {
    const dir = await scratch();
    const account = await writeReportFiles(new LocalFolderSink(dir), report, formats('tsv', 'json'), TABLE);
    assert.deepEqual(account.written, [join(dir, 'report.json'), join(dir, 'report.tsv')]);
    assert.equal(await readFile(join(dir, 'report.tsv'), 'utf8'), `account,apis\n${report.scan.account},${report.summary.apis}\n`);

    const org = await writeOrganisationFiles(new LocalFolderSink(dir), organisation, formats('tsv'), TABLE);
    assert.deepEqual(org.written, [join(dir, fileNameOf(TSV, 'organisation'))]);
    assert.equal(await readFile(join(dir, 'organisation-report.tsv'), 'utf8'), 'accounts\n1\n');
    assert.deepEqual((await readdir(dir)).sort(), ['organisation-report.tsv', 'report.json', 'report.tsv']);
  });

  describe('in S3', () => {
    const bucket = new BucketStub('audit-reports');
    beforeEach(() => bucket.install());

    const sink = (account: string) =>
      new S3Sink({
        client: new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'not-a-secret' } }),
        bucket: 'audit-reports',
        prefix: 'apiposture/',
        account,
        at: new Date(GENERATED_AT),
        region: 'eu-west-1',
        retry: { maxAttempts: 1, sleep: async () => {}, random: () => 0 },
      });

    it('is uploaded with its content type, published to latest/ and listed in the manifest', async () => {
      const result = await writeReportFiles(sink(ACCOUNT), report, formats('json', 'tsv'), TABLE);
      assert.deepEqual(result.failures, []);
      for (const folder of ['2026-11-01T12-30-00Z', 'latest']) {
        assert.equal(bucket.objects.get(`apiposture/${ACCOUNT}/${folder}/report.tsv`)?.contentType, 'text/tab-separated-values; charset=utf-8');
        assert.equal(bucket.objects.get(`apiposture/${ACCOUNT}/${folder}/report.json`)?.contentType, 'application/json');
      }
      const manifest = parseManifest(bucket.objects.get(`apiposture/${ACCOUNT}/latest/manifest.json`)!.body);
      assert.ok(manifest.ok);
      assert.deepEqual(manifest.manifest.files.map((file) => file.name), ['report.json', 'report.tsv']);
    });

    it('is uploaded for the organisation report too', async () => {
      await writeOrganisationFiles(sink(ORGANISATION_S3_FOLDER), organisation, formats('tsv'), TABLE);
      const key = `apiposture/${ORGANISATION_S3_FOLDER}/latest/organisation-report.tsv`;
      assert.equal(bucket.objects.get(key)?.contentType, 'text/tab-separated-values; charset=utf-8');
      assert.equal(bucket.objects.get(key)?.body.toString('utf8'), 'accounts\n1\n');
    });
  });
});

/**
 * `apiposture merge` with S3 (in-process, S3Client mocked): s3://bucket/key inputs, an
 * s3://bucket/prefix/ listing (paginated), the organisation report uploaded under
 * <prefix>organization/, and what a denied, missing or malformed object does.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type GetObjectCommandOutput,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { parseMergeInput } from '../../src/cli/commands/merge.js';
import { main } from '../../src/cli/main.js';
import { captureOutput } from '../support/capture.js';
import { evaluateInventory } from '../../src/scan/evaluate.js';
import type { Inventory } from '../../src/inventory/schema.js';
import { organisationReportSchema, type OrganisationReport } from '../../src/report/merge.js';
import { readMergeInputs } from '../../src/output/merge-inputs.js';
import { reportJsonChunks } from '../../src/report/write.js';
import { LocalFolderSink } from '../../src/output/local.js';
import { writeReportFiles } from '../../src/output/reports.js';

const s3 = mockClient(S3Client);
const DEMO_TEXT = readFileSync(new URL('../../examples/demo-inventory.json', import.meta.url), 'utf8');
const DEMO_ACCOUNT = (JSON.parse(DEMO_TEXT) as Inventory).account.id;
const A = '111111111111';
const B = '222222222222';
const C = '333333333333';
const BUCKET = 'audit-reports';
const TIME = /\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ/;

/** The demo account's report under another id, as `scan` uploads it. */
function reportText(account: string, generatedAt = '2026-11-01T12:00:00.000Z'): string {
  const inventory = JSON.parse(DEMO_TEXT.replaceAll(DEMO_ACCOUNT, account)) as Inventory;
  return [...reportJsonChunks(evaluateInventory(inventory, {}, new Date(generatedAt)))].join('');
}
const REPORTS = { [A]: reportText(A), [B]: reportText(B, '2026-11-01T12:05:00.000Z'), [C]: reportText(C, '2026-11-01T12:10:00.000Z') };

function body(text: string): GetObjectCommandOutput['Body'] {
  return Readable.from([Buffer.from(text)]) as unknown as GetObjectCommandOutput['Body'];
}

function s3Error(name: string, status: number, message: string): S3ServiceException {
  return new S3ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status }, message });
}

/** Serves `objects` (key → text) from the bucket; any other key is NoSuchKey. */
function serve(objects: Record<string, string>): void {
  s3.on(GetObjectCommand).callsFake((input: { Bucket: string; Key: string }) => {
    const text = input.Bucket === BUCKET ? objects[input.Key] : undefined;
    if (text === undefined) throw s3Error('NoSuchKey', 404, 'The specified key does not exist.');
    return { Body: body(text), ContentLength: Buffer.byteLength(text) };
  });
  s3.on(PutObjectCommand).resolves({});
}

function puts(): PutObjectCommandInput[] {
  return s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input);
}

function gets(): string[] {
  return s3.commandCalls(GetObjectCommand).map((call) => call.args[0].input.Key!);
}

/** The reports read, without the `latest/manifest.json` each is checked against. */
function reportGets(): string[] {
  return gets().filter((key) => !key.endsWith('/latest/manifest.json'));
}

/** The `latest/manifest.json` objects read (each report's, and the organisation's before publishing). */
function manifestGets(): string[] {
  return gets()
    .filter((key) => key.endsWith('/latest/manifest.json'))
    .sort();
}

const manifestOf = (key: string) => key.replace(/[^/]+$/, 'manifest.json');

const latest = (account: string, prefix = 'apiposture/') => `${prefix}${account}/latest/report.json`;

/** With --fail-on none, so the exit code shows completeness (3) rather than the demo's findings (1). */
function merge(args: string[]): Promise<{ value: number; stdout: string; stderr: string }> {
  return captureOutput(() => main(['merge', '--fail-on', 'none', ...args]));
}

function uploaded(name: string): OrganisationReport {
  const put = puts().find((p) => p.Key!.endsWith(`/latest/${name}`));
  assert.ok(put, `${name} uploaded to latest/`);
  return organisationReportSchema.parse(JSON.parse((put.Body as Buffer).toString('utf8')));
}

describe('merge with S3 (mocked S3Client)', () => {
  const saved = { ...process.env };
  const root = mkdtempSync(join(tmpdir(), 'apiposture-merge-s3-'));

  before(() => {
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'AKIDMERGE',
      AWS_SECRET_ACCESS_KEY: 'merge-secret',
      AWS_REGION: 'eu-west-1',
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      // As bin.ts sets it: the SDK's multi-line Node-version notice is not apiposture's output.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    for (const name of ['AWS_PROFILE', 'AWS_ENDPOINT_URL', 'APIPOSTURE_OUTPUT_DIR', 'APIPOSTURE_FORMAT', 'APIPOSTURE_FAIL_ON', 'APIPOSTURE_S3_KMS_KEY_ID']) {
      delete process.env[name];
    }
  });
  after(() => {
    process.env = saved;
    s3.restore();
  });
  beforeEach(() => s3.reset());
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('reads s3://bucket/key inputs beside a local file, and writes locally as before', async () => {
    serve({ [latest(A)]: REPORTS[A], [latest(B)]: REPORTS[B] });
    const {
      written: [local],
    } = await writeReportFiles(
      new LocalFolderSink(join(root, 'c')),
      evaluateInventory(JSON.parse(DEMO_TEXT.replaceAll(DEMO_ACCOUNT, C)) as Inventory, {}, new Date('2026-11-01T12:10:00.000Z')),
      ['json'],
    );
    const out = join(root, 'local-out');
    const run = await merge([`s3://${BUCKET}/${latest(A)}`, local!, `s3://${BUCKET}/${latest(B)}`, '--output-dir', out, '--format', 'json']);
    assert.equal(run.value, 3, `the demo accounts are incomplete: ${run.stderr}`);
    assert.equal(run.stderr, '');
    assert.deepEqual(reportGets(), [latest(A), latest(B)]);
    assert.deepEqual(manifestGets(), [latest(A), latest(B)].map(manifestOf), 'each checked against its manifest (none here)');
    assert.equal(puts().length, 0, 'nothing uploaded for a local --output-dir');
    const report = organisationReportSchema.parse(JSON.parse(readFileSync(join(out, 'organisation-report.json'), 'utf8')));
    assert.deepEqual(report.sources.map((s) => s.file), [`s3://${BUCKET}/${latest(A)}`, local, `s3://${BUCKET}/${latest(B)}`]);
    assert.deepEqual(report.accounts.map((a) => a.account).sort(), [A, B, C]);
    assert.match(run.stdout, new RegExp(`wrote ${out}/organisation-report\\.json`));
  });

  it('merges every account folder of a prefix (every page) and uploads under <prefix>organization/: dated, then latest/', async () => {
    serve({ [latest(A)]: REPORTS[A], [latest(B)]: REPORTS[B], [latest(C)]: REPORTS[C] });
    s3.on(ListObjectsV2Command, { ContinuationToken: undefined }).resolves({
      IsTruncated: true,
      NextContinuationToken: 'next',
      CommonPrefixes: [{ Prefix: `apiposture/${A}/` }, { Prefix: 'apiposture/organization/' }],
    });
    s3.on(ListObjectsV2Command, { ContinuationToken: 'next' }).resolves({
      CommonPrefixes: [{ Prefix: `apiposture/${B}/` }, { Prefix: `apiposture/${C}/` }, { Prefix: 'apiposture/run-summaries/' }],
    });
    // Given again explicitly, A is read once.
    const run = await merge([`s3://${BUCKET}/apiposture/`, `s3://${BUCKET}/${latest(A)}`, '--output-dir', `s3://${BUCKET}/apiposture/`]);
    assert.equal(run.value, 3, run.stderr);
    assert.equal(run.stderr, '');

    const listed = s3.commandCalls(ListObjectsV2Command).map((call) => call.args[0].input);
    assert.deepEqual(listed.map((i) => [i.Bucket, i.Prefix, i.Delimiter, i.ContinuationToken]), [
      [BUCKET, 'apiposture/', '/', undefined],
      [BUCKET, 'apiposture/', '/', 'next'],
    ]);
    assert.deepEqual(reportGets(), [latest(A), latest(B), latest(C)]);
    assert.deepEqual(manifestGets(), [...[latest(A), latest(B), latest(C)].map(manifestOf), 'apiposture/organization/latest/manifest.json']);

    const keys = puts().map((p) => p.Key!.replace(TIME, '<time>'));
    assert.deepEqual(keys, [
      'apiposture/organization/<time>/organisation-report.json',
      'apiposture/organization/<time>/organisation-report.html',
      'apiposture/organization/latest/organisation-report.json',
      'apiposture/organization/latest/organisation-report.html',
      'apiposture/organization/latest/manifest.json',
    ]);
    for (const put of puts()) {
      assert.equal(put.Bucket, BUCKET);
      assert.equal(put.ServerSideEncryption, 'AES256');
      assert.equal(put.ContentType, put.Key!.endsWith('.json') ? 'application/json' : 'text/html; charset=utf-8');
      assert.ok(run.stdout.includes(`wrote s3://${BUCKET}/${put.Key!}\n`), run.stdout);
    }
    const report = uploaded('organisation-report.json');
    assert.deepEqual(report.accounts.map((a) => a.account).sort(), [A, B, C]);
    assert.deepEqual(report.sources.map((s) => s.file), [A, B, C].map((a) => `s3://${BUCKET}/${latest(a)}`));
    const stamp = report.generatedAt.slice(0, 19).replaceAll(':', '-');
    assert.ok(puts()[0]!.Key!.includes(`/organization/${stamp}Z/`), 'the dated folder is the merge time');
    assert.match((puts()[1]!.Body as Buffer).toString('utf8'), /^<!doctype html>/i);
  });

  it('uses SSE-KMS with --s3-kms-key-id, and reads the bucket root with s3://bucket', async () => {
    serve({ [latest(A, '')]: REPORTS[A] });
    s3.on(ListObjectsV2Command).resolves({ CommonPrefixes: [{ Prefix: `${A}/` }] });
    const key = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const run = await merge([`s3://${BUCKET}`, '--output-dir', `s3://${BUCKET}/org-reports/`, '--format', 'json', '--s3-kms-key-id', key]);
    assert.equal(run.value, 3, run.stderr);
    assert.equal(s3.commandCalls(ListObjectsV2Command)[0]!.args[0].input.Prefix, '');
    assert.deepEqual(puts().map((p) => p.Key!.replace(TIME, '<time>')), [
      'org-reports/organization/<time>/organisation-report.json',
      'org-reports/organization/latest/organisation-report.json',
      'org-reports/organization/latest/manifest.json',
    ]);
    for (const put of puts()) assert.deepEqual([put.ServerSideEncryption, put.SSEKMSKeyId], ['aws:kms', key]);
  });

  it('an object it may not read (AccessDenied) or that is missing: one line each, the rest merged and noted, exit 3', async () => {
    serve({ [latest(A)]: REPORTS[A] });
    s3.on(GetObjectCommand, { Key: latest(B) }).rejects(s3Error('AccessDenied', 403, 'Access Denied'));
    const out = `s3://${BUCKET}/apiposture/`;
    const run = await merge([`s3://${BUCKET}/${latest(A)}`, `s3://${BUCKET}/${latest(B)}`, `s3://${BUCKET}/${latest(C)}`, '--output-dir', out, '--fail-on', 'none']);
    assert.equal(run.value, 3);
    assert.deepEqual(run.stderr.trim().split('\n'), [
      `apiposture: cannot read s3://${BUCKET}/${latest(B)}: AccessDenied: Access Denied`,
      `apiposture: cannot read s3://${BUCKET}/${latest(C)}: NoSuchKey: The specified key does not exist.`,
    ]);
    const report = uploaded('organisation-report.json');
    assert.deepEqual(report.accounts.map((a) => a.account), [A]);
    assert.deepEqual(report.notes, [
      `not merged: s3://${BUCKET}/${latest(B)} could not be read (AccessDenied: Access Denied)`,
      `not merged: s3://${BUCKET}/${latest(C)} could not be read (NoSuchKey: The specified key does not exist.)`,
    ]);
    assert.equal(gets().filter((k) => k === latest(B)).length, 1, 'AccessDenied is not retried');
  });

  it('nothing readable: exit 3, one line per location and one saying so, nothing written', async () => {
    serve({});
    s3.on(ListObjectsV2Command).rejects(s3Error('AccessDenied', 403, 'Access Denied'));
    const out = join(root, 'none');
    const run = await merge([`s3://${BUCKET}/apiposture/`, `s3://${BUCKET}/${latest(A)}`, '--output-dir', out]);
    assert.equal(run.value, 3);
    assert.deepEqual(run.stderr.trim().split('\n'), [
      `apiposture: cannot read s3://${BUCKET}/apiposture/: AccessDenied: Access Denied`,
      `apiposture: cannot read s3://${BUCKET}/${latest(A)}: NoSuchKey: The specified key does not exist.`,
      'apiposture: nothing to merge: none of the 2 report locations could be read',
    ]);
    assert.equal(run.stdout, '');
    assert.ok(!existsSync(out));
  });

  describe('a malformed report in S3: exit 2, one line naming the object, nothing written', () => {
    const organisation = JSON.stringify({ schemaVersion: 1, kind: 'organisation' });
    const cases: [string, string, RegExp][] = [
      ['not JSON', REPORTS[B]!.slice(0, 300), /^apiposture: report s3:\/\/audit-reports\/bad\/report\.json is not valid JSON: /],
      ['another version', JSON.stringify({ ...(JSON.parse(REPORTS[B]!) as object), schemaVersion: 9 }), /has report schema version 9; this apiposture reads version 3$/],
      ['an organisation report', organisation, /^apiposture: s3:\/\/audit-reports\/bad\/report\.json is an organisation report; merge takes the per-account report\.json files$/],
      ['too deep', `${'['.repeat(300)}${']'.repeat(300)}`, /nests deeper than 256 levels/],
    ];
    for (const [what, text, pattern] of cases) {
      it(what, async () => {
        serve({ [latest(A)]: REPORTS[A]!, 'bad/report.json': text });
        const run = await merge([`s3://${BUCKET}/${latest(A)}`, `s3://${BUCKET}/bad/report.json`, '--output-dir', `s3://${BUCKET}/apiposture/`]);
        assert.equal(run.value, 2, run.stderr);
        const lines = run.stderr.trim().split('\n');
        assert.equal(lines.length, 1, run.stderr);
        assert.match(lines[0]!, pattern);
        assert.equal(puts().length, 0);
        assert.equal(run.stdout, '');
      });
    }

    it('over the size limit, by the size S3 announces', async () => {
      s3.on(GetObjectCommand).resolves({ Body: body('{}'), ContentLength: 600 * 1024 * 1024 });
      const run = await merge([`s3://${BUCKET}/huge.json`, '--output-dir', join(root, 'huge')]);
      assert.equal(run.value, 2);
      assert.match(run.stderr, /^apiposture: report s3:\/\/audit-reports\/huge\.json is 629145600 bytes, over the 536870912-byte limit\n$/);
    });
  });

  it('a prefix without account folders is an input error (exit 2)', async () => {
    s3.on(ListObjectsV2Command).resolves({ CommonPrefixes: [{ Prefix: 'apiposture/organization/' }] });
    const run = await merge([`s3://${BUCKET}/apiposture/`, '--output-dir', join(root, 'empty')]);
    assert.equal(run.value, 2);
    assert.match(run.stderr, /^apiposture: no account report under s3:\/\/audit-reports\/apiposture\/: expected <account>\/latest\/report\.json folders/);
  });

  it('an upload that fails: the other file still tried, latest/ untouched, one line, exit 3', async () => {
    serve({ [latest(A)]: REPORTS[A] });
    s3.on(PutObjectCommand, { ContentType: 'application/json' }).rejects(s3Error('AccessDenied', 403, 'Access Denied'));
    const run = await merge([`s3://${BUCKET}/${latest(A)}`, '--output-dir', `s3://${BUCKET}/apiposture/`, '--fail-on', 'none']);
    assert.equal(run.value, 3);
    assert.deepEqual(puts().map((p) => p.Key!.replace(TIME, '<time>')), [
      'apiposture/organization/<time>/organisation-report.json',
      'apiposture/organization/<time>/organisation-report.html',
    ]);
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, 1, run.stderr);
    assert.match(
      lines[0]!,
      /^apiposture: cannot upload s3:\/\/audit-reports\/apiposture\/organization\/[^/]+\/organisation-report\.json: AccessDenied: Access Denied \(s3:\/\/audit-reports\/apiposture\/organization\/latest\/ left as it was/,
    );
    assert.match(run.stdout, /^Organisation: 1 account, /m, 'the summary is still printed');
  });

  it('a malformed S3 location is a usage error before any call', async () => {
    for (const bad of ['s3://Audit_Reports/x.json', 's3://', 'S3://bucket/key']) {
      const run = await merge([bad, '--output-dir', join(root, 'never')]);
      assert.equal(run.value, 2, bad);
      assert.match(run.stderr, /^apiposture: not an S3 location: /);
    }
    assert.equal(s3.calls().length, 0);
  });
});

describe('merge inputs', () => {
  it('tells files, objects and prefixes apart', () => {
    assert.deepEqual(parseMergeInput('reports/a/report.json'), { kind: 'file', path: 'reports/a/report.json' });
    assert.deepEqual(parseMergeInput('s3://b-1/p/111111111111/latest/report.json'), { kind: 's3-object', bucket: 'b-1', key: 'p/111111111111/latest/report.json' });
    assert.deepEqual(parseMergeInput('s3://b-1/p/'), { kind: 's3-prefix', bucket: 'b-1', prefix: 'p/' });
    assert.deepEqual(parseMergeInput('s3://b-1/'), { kind: 's3-prefix', bucket: 'b-1', prefix: '' });
    assert.deepEqual(parseMergeInput('s3://b-1'), { kind: 's3-prefix', bucket: 'b-1', prefix: '' });
  });

  it('loads nothing from S3 when every input is a file', async () => {
    let opened = false;
    await assert.rejects(
      readMergeInputs([{ kind: 'file', path: '/nonexistent/report.json' }], {
        s3: () => {
          opened = true;
          return Promise.reject(new Error('not expected'));
        },
      }),
      /cannot read report \/nonexistent\/report\.json: no such file/,
    );
    assert.equal(opened, false);
  });
});

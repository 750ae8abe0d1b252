/**
 * The CLI merging from and to S3, against a small S3 look-alike on 127.0.0.1 (path style,
 * through AWS_ENDPOINT_URL): the SDK's real ListObjectsV2 paging and GetObject streaming, the
 * organisation report's keys, and what a scheduler sees when an account's report is missing.
 * Run as the scheduled template's merge job runs it: APIPOSTURE_OUTPUT_DIR is the scans' location.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { evaluateInventory } from '../../src/scan/evaluate.js';
import type { Inventory } from '../../src/inventory/schema.js';
import { organisationReportSchema } from '../../src/report/merge.js';
import { manifestBody, manifestFile } from '../../src/output/s3-manifest.js';
import { reportJsonChunks } from '../../src/report/write.js';
import { FakeS3 } from '../support/fake-s3.js';
import { isolatedEnv, REPO, runCli } from './run-cli.js';

const BUCKET = 'audit-reports';
const DEMO_TEXT = readFileSync(join(REPO, 'examples/demo-inventory.json'), 'utf8');
const DEMO_ACCOUNT = (JSON.parse(DEMO_TEXT) as Inventory).account.id;
const ACCOUNTS = ['111111111111', '222222222222', '333333333333'];
const TIME = /\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ/;

function reportText(account: string): string {
  const inventory = JSON.parse(DEMO_TEXT.replaceAll(DEMO_ACCOUNT, account)) as Inventory;
  return [...reportJsonChunks(evaluateInventory(inventory, {}, new Date('2026-11-01T12:00:00.000Z')))].join('');
}

describe('merge from and to S3 (the CLI against an S3 look-alike)', () => {
  const s3 = new FakeS3(BUCKET);
  const put = (key: string, body: string) => s3.objects.set(key, { body, contentType: 'application/json' });
  const env = (extra: Record<string, string> = {}) =>
    isolatedEnv({
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'merge-e2e-secret-not-real',
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL: s3.url,
      // As the template's merge job: the organisation report goes beside the account folders.
      APIPOSTURE_OUTPUT_DIR: `s3://${BUCKET}/apiposture/`,
      APIPOSTURE_FAIL_ON: 'none',
      ...extra,
    });
  before(() => s3.start());
  after(() => s3.close());
  beforeEach(() => {
    s3.reset();
    for (const account of ACCOUNTS) put(`apiposture/${account}/latest/report.json`, reportText(account));
    put('apiposture/organization/latest/organisation-report.json', '{"kind":"organisation"}');
    put('apiposture/run-summaries/2026-11-01T12-00-00Z-0123abcd/run-summary.json', '{}');
  });

  it('merges every account folder of a prefix (two pages) and uploads organization/<time>/ then latest/', async () => {
    const run = await runCli(['merge', `s3://${BUCKET}/apiposture/`], env());
    assert.equal(run.code, 3, `the demo accounts are incomplete: ${run.stderr}`);
    assert.equal(run.stderr, '');
    assert.deepEqual(s3.lists.map((p) => [p.get('prefix'), p.get('delimiter'), p.get('continuation-token')]), [
      ['apiposture/', '/', null],
      ['apiposture/', '/', '2'],
      ['apiposture/', '/', '4'],
    ]);
    assert.deepEqual(s3.puts.map((p) => p.key.replace(TIME, '<time>')), [
      'apiposture/organization/<time>/organisation-report.json',
      'apiposture/organization/<time>/organisation-report.html',
      'apiposture/organization/latest/organisation-report.json',
      'apiposture/organization/latest/organisation-report.html',
      'apiposture/organization/latest/manifest.json',
    ]);
    for (const put of s3.puts) {
      assert.equal(put.encryption, 'AES256');
      assert.equal(put.contentType, put.key.endsWith('.json') ? 'application/json' : 'text/html; charset=utf-8');
      assert.ok(run.stdout.includes(`wrote s3://${BUCKET}/${put.key}\n`), run.stdout);
    }
    const report = organisationReportSchema.parse(JSON.parse(s3.objects.get('apiposture/organization/latest/organisation-report.json')!.body));
    assert.deepEqual(report.accounts.map((a) => a.account).sort(), ACCOUNTS);
    assert.match(run.stdout, /^Organisation: 3 accounts/m);
  });

  it('as the Batch entry point runs it (one key per account): a missing report is one line, the rest merged, exit 3', async () => {
    s3.objects.delete(`apiposture/${ACCOUNTS[1]}/latest/report.json`);
    s3.deny = (key) => key.startsWith(`apiposture/${ACCOUNTS[2]}/`);
    const keys = ACCOUNTS.map((a) => `s3://${BUCKET}/apiposture/${a}/latest/report.json`);
    const run = await runCli(['merge', ...keys, '--format', 'json'], env({ APIPOSTURE_LOG_LEVEL: 'silent' }));
    assert.equal(run.code, 3);
    assert.deepEqual(run.stderr.trim().split('\n'), [
      `apiposture: cannot read ${keys[1]}: NoSuchKey: The specified key does not exist.`,
      `apiposture: cannot read ${keys[2]}: AccessDenied: its manifest s3://${BUCKET}/apiposture/${ACCOUNTS[2]}/latest/manifest.json could not be read: Access Denied`,
    ]);
    const report = organisationReportSchema.parse(JSON.parse(s3.objects.get('apiposture/organization/latest/organisation-report.json')!.body));
    assert.deepEqual(report.accounts.map((a) => a.account), [ACCOUNTS[0]]);
    assert.equal(report.notes.length, 2);
    assert.match(report.notes[0]!, /^not merged: s3:\/\/audit-reports\/apiposture\/222222222222\/latest\/report\.json could not be read \(NoSuchKey/);
  });

  it('a malformed report in the bucket: exit 2, one line, nothing uploaded', async () => {
    put(`apiposture/${ACCOUNTS[0]}/latest/report.json`, '{"schemaVersion": 1, "kind": "nope"');
    const run = await runCli(['merge', `s3://${BUCKET}/apiposture/`], env());
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^apiposture: report s3:\/\/audit-reports\/apiposture\/111111111111\/latest\/report\.json is not valid JSON: [^\n]*\n$/);
    assert.equal(s3.puts.length, 0);
  });

  it('a latest/ whose report.json is not the one its manifest lists: not merged, one line, exit 3; a matching one is', async () => {
    const manifest = (account: string, text: string) =>
      manifestBody({
        schemaVersion: 1,
        kind: 'apiposture-latest',
        folder: '2026-11-01T12-00-00Z',
        publishedAt: '2026-11-01T12:00:01.000Z',
        files: [manifestFile('report.json', Buffer.from(text)), manifestFile('report.html', Buffer.from('<!doctype html>'))],
      }).toString('utf8');
    // Account 1: a complete set. Account 2: the new report.json landed, its manifest is still the previous one's.
    put(`apiposture/${ACCOUNTS[0]}/latest/manifest.json`, manifest(ACCOUNTS[0]!, reportText(ACCOUNTS[0]!)));
    put(`apiposture/${ACCOUNTS[1]}/latest/manifest.json`, manifest(ACCOUNTS[1]!, reportText(ACCOUNTS[1]!).replace('"kind"', ' "kind"')));
    const run = await runCli(['merge', `s3://${BUCKET}/apiposture/`, '--format', 'json'], env({ APIPOSTURE_LOG_LEVEL: 'silent' }));
    assert.equal(run.code, 3);
    const object = `s3://${BUCKET}/apiposture/${ACCOUNTS[1]}/latest/report.json`;
    assert.deepEqual(run.stderr.trim().split('\n'), [
      `apiposture: cannot read ${object}: ManifestMismatch: does not match latest/manifest.json (the set from 2026-11-01T12-00-00Z): ` +
        `${Buffer.byteLength(reportText(ACCOUNTS[1]!))} bytes where manifest.json lists ${Buffer.byteLength(reportText(ACCOUNTS[1]!)) + 1}; ` +
        'a publication is under way or failed part-way',
    ]);
    const report = organisationReportSchema.parse(JSON.parse(s3.objects.get('apiposture/organization/latest/organisation-report.json')!.body));
    assert.deepEqual(report.accounts.map((a) => a.account).sort(), [ACCOUNTS[0], ACCOUNTS[2]], 'the verified set and the one from before manifests');
    assert.match(report.notes.at(-1)!, new RegExp(`^not merged: ${object.replaceAll('/', '\\/')} could not be read \\(ManifestMismatch: `));
  });

  it('a bucket that does not exist: one line, exit 3, nothing written', async () => {
    const run = await runCli(['merge', 's3://no-such-bucket/apiposture/'], env());
    assert.equal(run.code, 3);
    assert.deepEqual(run.stderr.trim().split('\n'), [
      'apiposture: cannot read s3://no-such-bucket/apiposture/: NoSuchBucket: The specified bucket does not exist',
      'apiposture: nothing to merge: the report location could not be read',
    ]);
    assert.equal(s3.puts.length, 0);
  });
});

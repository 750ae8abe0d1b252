/**
 * The built CLI merging from and to S3, against a small S3 look-alike on 127.0.0.1 (path style,
 * through AWS_ENDPOINT_URL): the SDK's real ListObjectsV2 paging and GetObject streaming, the
 * organisation report's keys, and what a scheduler sees when an account's report is missing.
 * Run as the scheduled template's merge job runs it: APIPOSTURE_OUTPUT_DIR is the scans' location.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { evaluateInventory } from '../../src/cli/pipeline.js';
import type { Inventory } from '../../src/inventory/schema.js';
import { organisationReportSchema } from '../../src/report/merge.js';
import { reportJsonChunks } from '../../src/report/write.js';
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

function xmlEscape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function errorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>r1</RequestId></Error>`;
}

/** One bucket: GET objects, ListObjectsV2 with Delimiter (two folders a page), PUT objects. */
class FakeS3 {
  readonly objects = new Map<string, string>();
  readonly puts: { key: string; contentType: string | undefined; encryption: string | undefined }[] = [];
  readonly lists: URLSearchParams[] = [];
  deny: (key: string) => boolean = () => false;
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://x');
        const [bucket, ...rest] = decodeURIComponent(url.pathname).slice(1).split('/');
        const key = rest.join('/');
        const reply = (status: number, body: string, type = 'application/xml') => res.writeHead(status, { 'content-type': type }).end(body);
        if (bucket !== BUCKET) return reply(404, errorXml('NoSuchBucket', 'The specified bucket does not exist'));
        if (req.method === 'GET' && key === '' && url.searchParams.get('list-type') === '2') {
          this.lists.push(url.searchParams);
          return reply(200, this.list(url.searchParams));
        }
        if (this.deny(key)) return reply(403, errorXml('AccessDenied', 'Access Denied'));
        if (req.method === 'GET') {
          const text = this.objects.get(key);
          if (text === undefined) return reply(404, errorXml('NoSuchKey', 'The specified key does not exist.'));
          return res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
        }
        if (req.method === 'PUT') {
          this.objects.set(key, Buffer.concat(chunks).toString('utf8'));
          this.puts.push({
            key,
            contentType: req.headers['content-type'],
            encryption: req.headers['x-amz-server-side-encryption'] as string | undefined,
          });
          return res.writeHead(200, { etag: '"e"' }).end();
        }
        reply(400, errorXml('InvalidRequest', 'not supported here'));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  private list(params: URLSearchParams): string {
    const prefix = params.get('prefix') ?? '';
    const folders = [...new Set([...this.objects.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length).split('/')[0]!))]
      .filter((name) => name !== '')
      .sort();
    const start = Number(params.get('continuation-token') ?? '0');
    const page = folders.slice(start, start + 2);
    const more = start + 2 < folders.length;
    return (
      `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
      `<Name>${BUCKET}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>1000</MaxKeys>` +
      `<Delimiter>/</Delimiter><IsTruncated>${more}</IsTruncated>` +
      page.map((name) => `<CommonPrefixes><Prefix>${xmlEscape(`${prefix}${name}/`)}</Prefix></CommonPrefixes>`).join('') +
      (more ? `<NextContinuationToken>${start + 2}</NextContinuationToken>` : '') +
      `</ListBucketResult>`
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }
}

describe('merge from and to S3 (built CLI against an S3 look-alike)', () => {
  const s3 = new FakeS3();
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
    s3.objects.clear();
    s3.puts.length = 0;
    s3.lists.length = 0;
    s3.deny = () => false;
    for (const account of ACCOUNTS) s3.objects.set(`apiposture/${account}/latest/report.json`, reportText(account));
    s3.objects.set('apiposture/organization/latest/organisation-report.json', '{"kind":"organisation"}');
    s3.objects.set('apiposture/run-summaries/2026-11-01T12-00-00Z-0123abcd/run-summary.json', '{}');
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
    ]);
    for (const put of s3.puts) {
      assert.equal(put.encryption, 'AES256');
      assert.equal(put.contentType, put.key.endsWith('.json') ? 'application/json' : 'text/html; charset=utf-8');
      assert.ok(run.stdout.includes(`wrote s3://${BUCKET}/${put.key}\n`), run.stdout);
    }
    const report = organisationReportSchema.parse(JSON.parse(s3.objects.get('apiposture/organization/latest/organisation-report.json')!));
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
      `apiposture: cannot read ${keys[2]}: AccessDenied: Access Denied`,
    ]);
    const report = organisationReportSchema.parse(JSON.parse(s3.objects.get('apiposture/organization/latest/organisation-report.json')!));
    assert.deepEqual(report.accounts.map((a) => a.account), [ACCOUNTS[0]]);
    assert.equal(report.notes.length, 2);
    assert.match(report.notes[0]!, /^not merged: s3:\/\/audit-reports\/apiposture\/222222222222\/latest\/report\.json could not be read \(NoSuchKey/);
  });

  it('a malformed report in the bucket: exit 2, one line, nothing uploaded', async () => {
    s3.objects.set(`apiposture/${ACCOUNTS[0]}/latest/report.json`, '{"schemaVersion": 1, "kind": "nope"');
    const run = await runCli(['merge', `s3://${BUCKET}/apiposture/`], env());
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^apiposture: report s3:\/\/audit-reports\/apiposture\/111111111111\/latest\/report\.json is not valid JSON: [^\n]*\n$/);
    assert.equal(s3.puts.length, 0);
  });

  it('a bucket that does not exist: one line, exit 3, nothing written', async () => {
    const run = await runCli(['merge', 's3://no-such-bucket/apiposture/'], env());
    assert.equal(run.code, 3);
    assert.deepEqual(run.stderr.trim().split('\n'), [
      'apiposture: cannot read s3://no-such-bucket/apiposture/: NoSuchBucket: The specified bucket does not exist',
      'apiposture: nothing to merge: none of the 1 report location(s) could be read',
    ]);
    assert.equal(s3.puts.length, 0);
  });
});

/**
 * The built CLI uploading its reports to S3, against a small S3 look-alike on 127.0.0.1 (path
 * style, through AWS_ENDPOINT_URL): keys, encryption headers, content types, bodies, and what an
 * upload failure looks like to a scheduler (exit 3, one line per object, no stack trace).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { isolatedEnv, REPO, runCli } from '../e2e/run-cli.js';

const DEMO = `${REPO}examples/demo-inventory.json`;
const ACCOUNT = (JSON.parse(readFileSync(DEMO, 'utf8')) as { account: { id: string } }).account.id;
const SECRET = 's3-e2e-secret-not-real';

interface Put {
  key: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

class FakeS3 {
  readonly puts: Put[] = [];
  /** Keys answered with 403 AccessDenied. */
  deny: (key: string) => boolean = () => false;
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const [bucket, ...rest] = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).slice(1).split('/');
        const key = rest.join('/');
        if (req.method !== 'PUT' || bucket !== 'audit-reports') {
          res.writeHead(400).end();
          return;
        }
        if (this.deny(key)) {
          res.writeHead(403, { 'content-type': 'application/xml' });
          res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>r1</RequestId></Error>');
          return;
        }
        this.puts.push({ key, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { etag: '"e"' }).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }
}

describe('--output-dir s3://… (built CLI against an S3 look-alike)', () => {
  const s3 = new FakeS3();
  // The SDK's own Node-version notice (a multi-line process warning) is not apiposture's output.
  const env = (extra: Record<string, string> = {}) =>
    isolatedEnv({
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: SECRET,
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL: s3.url,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...extra,
    });
  before(() => s3.start());
  after(() => s3.close());
  beforeEach(() => {
    s3.puts.length = 0;
    s3.deny = () => false;
  });

  it('uploads the dated set, then latest/, encrypted with SSE-S3 and with content types', async () => {
    const run = await runCli(['evaluate', DEMO, '--output-dir', 's3://audit-reports/apiposture/', '--fail-on', 'none', '--log-level', 'debug'], env());
    assert.equal(run.code, 3, `the demo is incomplete: ${run.stderr}`);
    const report = JSON.parse(s3.puts[0]!.body) as { scan: { generatedAt: string; account: string } };
    const stamp = `${report.scan.generatedAt.slice(0, 19).replaceAll(':', '-')}Z`;
    const dated = `apiposture/${ACCOUNT}/${stamp}/`;
    const latest = `apiposture/${ACCOUNT}/latest/`;
    assert.deepEqual(
      s3.puts.map((p) => p.key),
      [`${dated}report.json`, `${dated}report.html`, `${latest}report.json`, `${latest}report.html`],
    );
    for (const put of s3.puts) {
      assert.equal(put.headers['x-amz-server-side-encryption'], 'AES256');
      assert.equal(put.headers['content-type'], put.key.endsWith('.json') ? 'application/json' : 'text/html; charset=utf-8');
    }
    assert.equal(s3.puts[0]!.body, s3.puts[2]!.body, 'latest/ is the same report');
    assert.match(s3.puts[1]!.body, /^<!doctype html>/i);
    for (const put of s3.puts) assert.ok(run.stdout.includes(`wrote s3://audit-reports/${put.key}\n`), run.stdout);
    assert.ok(!run.stderr.includes(SECRET), 'no credentials in the logs');
    for (const line of run.stderr.split('\n').filter(Boolean)) JSON.parse(line);
  });

  it('uses SSE-KMS with APIPOSTURE_S3_KMS_KEY_ID', async () => {
    const key = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const run = await runCli(['evaluate', DEMO, '--output-dir', 's3://audit-reports', '--format', 'json'], env({ APIPOSTURE_S3_KMS_KEY_ID: key }));
    assert.equal(run.code, 3, run.stderr);
    assert.equal(s3.puts.length, 2);
    assert.ok(s3.puts[0]!.key.startsWith(`${ACCOUNT}/`), 'no prefix: the account is the first folder');
    for (const put of s3.puts) {
      assert.equal(put.headers['x-amz-server-side-encryption'], 'aws:kms');
      assert.equal(put.headers['x-amz-server-side-encryption-aws-kms-key-id'], key);
    }
  });

  it('an upload failure: every file still tried, latest/ untouched, exit 3, one line naming the object, no stack trace', async () => {
    // Whatever dated folder the run picks, its report.json is refused.
    s3.deny = (key) => key.endsWith('/report.json') && !key.includes('/latest/');
    const run = await runCli(['evaluate', DEMO, '--output-dir', 's3://audit-reports/p/', '--fail-on', 'none'], env());
    assert.equal(run.code, 3);
    assert.deepEqual(
      s3.puts.map((p) => p.key.replace(/\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ/, '<time>')),
      [`p/${ACCOUNT}/<time>/report.html`],
      'html still tried; nothing copied to latest/',
    );
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, 1, run.stderr);
    assert.match(
      lines[0]!,
      new RegExp(
        `^apiposture: cannot upload s3://audit-reports/p/${ACCOUNT}/[^/]+/report\\.json: AccessDenied: Access Denied \\(s3://audit-reports/p/${ACCOUNT}/latest/ left as it was`,
      ),
    );
    assert.doesNotMatch(run.stderr, /\n\s+at /);
    assert.match(run.stdout, /Totals:/, 'the summary is still printed');
  });

  it('a malformed S3 location is a usage error before anything runs', async () => {
    const run = await runCli(['evaluate', DEMO, '--output-dir', 's3://Audit_Reports/x'], env());
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^apiposture: not an S3 location: 's3:\/\/Audit_Reports\/x'/);
    assert.equal(s3.puts.length, 0);
  });
});

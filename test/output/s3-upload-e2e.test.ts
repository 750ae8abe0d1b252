/**
 * The CLI uploading its reports to S3, against a small S3 look-alike on 127.0.0.1 (path
 * style, through AWS_ENDPOINT_URL): keys, encryption headers, content types, bodies, and what an
 * upload failure looks like to a scheduler (exit 3, one line per object, no stack trace).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import { isolatedEnv, REPO, runCli } from '../e2e/run-cli.js';
import { manifestBody, manifestFile, parseManifest, sha256Of } from '../../src/output/s3-manifest.js';
import { FakeS3 } from '../support/fake-s3.js';

const DEMO = `${REPO}examples/demo-inventory.json`;
const ACCOUNT = (JSON.parse(readFileSync(DEMO, 'utf8')) as { account: { id: string } }).account.id;
const SECRET = 's3-e2e-secret-not-real';

describe('--output-dir s3://… (the CLI against an S3 look-alike)', () => {
  const s3 = new FakeS3('audit-reports');
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
  beforeEach(() => s3.reset());

  it('uploads the dated set, then latest/ and its manifest, encrypted with SSE-S3 and with content types', async () => {
    const run = await runCli(['evaluate', DEMO, '--output-dir', 's3://audit-reports/apiposture/', '--fail-on', 'none', '--log-level', 'debug'], env());
    assert.equal(run.code, 3, `the demo is incomplete: ${run.stderr}`);
    const report = JSON.parse(s3.puts[0]!.body) as { scan: { generatedAt: string; account: string } };
    const stamp = `${report.scan.generatedAt.slice(0, 19).replaceAll(':', '-')}Z`;
    const dated = `apiposture/${ACCOUNT}/${stamp}/`;
    const latest = `apiposture/${ACCOUNT}/latest/`;
    assert.deepEqual(
      s3.puts.map((p) => p.key),
      [`${dated}report.json`, `${dated}report.html`, `${latest}report.json`, `${latest}report.html`, `${latest}manifest.json`],
    );
    assert.ok(s3.log.indexOf(`GET ${latest}manifest.json`) < s3.log.indexOf(`PUT ${latest}report.json`), 'the previous manifest is read first');
    const manifest = parseManifest(Buffer.from(s3.objects.get(`${latest}manifest.json`)!.body));
    assert.ok(manifest.ok);
    assert.equal(manifest.manifest.folder, stamp);
    assert.deepEqual(manifest.manifest.files.map((f) => [f.name, f.sha256]), [
      ['report.json', sha256Of(Buffer.from(s3.puts[0]!.body))],
      ['report.html', sha256Of(Buffer.from(s3.puts[1]!.body))],
    ]);
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
    const run = await runCli(['evaluate', DEMO, '--output-dir', 's3://audit-reports', '--format', 'json', '--fail-on', 'none'], env({ APIPOSTURE_S3_KMS_KEY_ID: key }));
    assert.equal(run.code, 3, run.stderr);
    assert.equal(s3.puts.length, 3, 'dated, latest/, manifest');
    assert.ok(s3.puts[0]!.key.startsWith(`${ACCOUNT}/`), 'no prefix: the account is the first folder');
    for (const put of s3.puts) {
      assert.equal(put.headers['x-amz-server-side-encryption'], 'aws:kms');
      assert.equal(put.headers['x-amz-server-side-encryption-aws-kms-key-id'], key);
    }
  });

  it('an upload failure: every file still tried, latest/ untouched, exit 3, one line naming the object, no stack trace', async () => {
    // Whatever dated folder the run picks, its report.json is refused.
    s3.deny = (key, method) => method === 'PUT' && key.endsWith('/report.json') && !key.includes('/latest/');
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

  it('a latest/ copy that fails: latest/ is rolled back to the previous complete set, exit 3, one line', async () => {
    const previous = '2026-10-01T03-00-00Z';
    const old = { 'report.json': '{"previous": true}', 'report.html': '<!doctype html><p>previous</p>' };
    for (const [name, body] of Object.entries(old)) {
      s3.objects.set(`p/${ACCOUNT}/${previous}/${name}`, { body, contentType: 'application/json' });
      s3.objects.set(`p/${ACCOUNT}/latest/${name}`, { body, contentType: 'application/json' });
    }
    const manifest = manifestBody({
      schemaVersion: 1,
      kind: 'apiposture-latest',
      folder: previous,
      publishedAt: '2026-10-01T03:01:00.000Z',
      files: Object.entries(old).map(([name, body]) => manifestFile(name, Buffer.from(body))),
    }).toString('utf8');
    s3.objects.set(`p/${ACCOUNT}/latest/manifest.json`, { body: manifest, contentType: 'application/json' });
    // Refused once, as a brief outage would (AccessDenied is not retried): the rollback goes through.
    let refused = 0;
    s3.deny = (key, method) => method === 'PUT' && key === `p/${ACCOUNT}/latest/report.html` && refused++ === 0;

    const run = await runCli(['evaluate', DEMO, '--output-dir', 's3://audit-reports/p/', '--fail-on', 'none'], env());
    assert.equal(run.code, 3);
    for (const [name, body] of Object.entries(old)) assert.equal(s3.objects.get(`p/${ACCOUNT}/latest/${name}`)?.body, body, `${name}: the previous one`);
    assert.equal(s3.objects.get(`p/${ACCOUNT}/latest/manifest.json`)?.body, manifest, 'the manifest as it was');
    assert.ok(s3.puts.some((p) => p.copiedFrom === `p/${ACCOUNT}/${previous}/report.json`), 'restored server-side from the previous set');
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, 1, run.stderr);
    assert.equal(
      lines[0],
      `apiposture: cannot upload s3://audit-reports/p/${ACCOUNT}/latest/report.html: AccessDenied: Access Denied ` +
        `(s3://audit-reports/p/${ACCOUNT}/latest/ rolled back to the previous set (${previous}))`,
    );
    assert.doesNotMatch(run.stdout, /wrote s3:\/\/audit-reports\/p\/\d+\/latest\//);
  });

  it('a malformed S3 location is a usage error before anything runs', async () => {
    const run = await runCli(['evaluate', DEMO, '--output-dir', 's3://Audit_Reports/x'], env());
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^apiposture: not an S3 location: 's3:\/\/Audit_Reports\/x'/);
    assert.equal(s3.puts.length, 0);
  });
});

/** Choosing what runs, through the CLI. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { allChecks } from '../../checks/index.js';
import type { Inventory } from '../../src/inventory/schema.js';
import { startFakeAws, type FakeAws } from '../support/fake-aws.js';
import { isolatedEnv, runCli } from './run-cli.js';
import { parseReport } from '../../src/report/model.js';

const dir = mkdtempSync(join(tmpdir(), 'apiposture-selection-'));
const DEMO = 'examples/demo-inventory.json';

interface ReportJson {
  checks: { id: string }[];
  results: { checkId: string }[];
  apis: { api: { name: string } }[];
  scan: { complete: boolean; selection?: { checks: { ran: number; available: number }; filters: Record<string, unknown>; apis?: { selected: number } } };
}

const readReport = (out: string): ReportJson => parseReport(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')), 'report.json');

describe('apiposture evaluate with a selection', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--checks with a pattern runs only those checks, and the summary and report say so', async () => {
    const out = join(dir, 'waf');
    const run = await runCli(['evaluate', DEMO, '--checks', 'rest-stage-waf*', '--format', 'json,html', '--output-dir', out]);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, new RegExp(`^Selection: 2 of ${allChecks.length} checks \\(--checks rest-stage-waf\\*\\)\\.$`, 'm'));
    const report = readReport(out);
    assert.deepEqual(report.checks.map((c) => c.id), ['rest-stage-waf', 'rest-stage-waf-rules']);
    assert.ok(report.results.every((r) => r.checkId.startsWith('rest-stage-waf')));
    assert.deepEqual(report.scan.selection?.checks, { ran: 2, available: allChecks.length });
    const page = readFileSync(join(out, 'report.html'), 'utf8');
    assert.match(page, new RegExp(`<dt>Selection</dt><dd>2 of ${allChecks.length} checks \\(--checks rest-stage-waf\\*\\)\\.</dd>`), 'the HTML says the report is partial');
  });

  it('takes the selection from the environment, flags winning', async () => {
    const out = join(dir, 'env');
    const env = isolatedEnv({ APIPOSTURE_CHECKS: 'cognito-*', APIPOSTURE_SEVERITY: 'high', APIPOSTURE_RESOURCE_TAGS: 'team=commerce' });
    const run = await runCli(['evaluate', DEMO, '--format', 'json', '--output-dir', out, '--checks', 'account-cloudtrail,cognito-mfa'], env);
    assert.equal(run.stderr, '');
    const report = readReport(out);
    assert.deepEqual(report.scan.selection?.filters, {
      checks: ['account-cloudtrail', 'cognito-mfa'],
      severity: 'high',
      resourceTags: [{ key: 'team', value: 'commerce' }],
    });
    assert.deepEqual(report.apis.map((a) => a.api.name).sort(), ['orders-api', 'storefront-http']);
  });

  it('--api keeps the selected APIs and account-level results', async () => {
    const out = join(dir, 'api');
    const run = await runCli(['evaluate', DEMO, '--api', 'orders-*,arn:aws:apigateway:us-east-1::/restapis/m0b1le07g', '--format', 'json', '--output-dir', out]);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /^Selection: \d+ of \d+ checks; 2 of 15 APIs \(--api orders-\*,arn:aws:apigateway:us-east-1::\/restapis\/m0b1le07g\); results outside any API kept\.$/m);
    assert.deepEqual(readReport(out).apis.map((a) => a.api.name).sort(), ['mobile-backend', 'orders-api']);
  });

  it('refuses an unknown check id with exit 2, in one line, naming the closest', async () => {
    const run = await runCli(['evaluate', DEMO, '--checks', 'rest-stage-wafs', '--output-dir', join(dir, 'bad')]);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, "apiposture: --checks: unknown check 'rest-stage-wafs'; did you mean rest-stage-waf?\n");
  });

  it('refuses a pattern matching no check and a bad --severity with exit 2', async () => {
    const none = await runCli(['evaluate', DEMO, '--checks', 'sqs-*', '--output-dir', join(dir, 'bad')]);
    assert.equal(none.code, 2);
    assert.equal(none.stderr, "apiposture: --checks: 'sqs-*' matches no check (`apiposture checks` lists them)\n");
    const severity = await runCli(['evaluate', DEMO, '--severity', 'urgent', '--output-dir', join(dir, 'bad')]);
    assert.equal(severity.code, 2);
    assert.equal(severity.stderr, "apiposture: --severity takes one of critical, high, medium, low, info; got 'urgent'\n");
  });
});

describe('apiposture iam-policy --checks', () => {
  it('prints the policy of the selection only', async () => {
    const run = await runCli(['iam-policy', '--checks', 'account-cloudtrail']);
    assert.equal(run.code, 0);
    const policy = JSON.parse(run.stdout) as { Statement: { Action: string[] }[] };
    assert.deepEqual(policy.Statement.flatMap((s) => s.Action).sort(), [
      'account:ListRegions',
      'cloudtrail:DescribeTrails',
      'cloudtrail:GetEventSelectors',
      'cloudtrail:GetTrailStatus',
    ]);
  });
});

describe('apiposture scan and collect with a selection, against a local AWS look-alike', () => {
  const demo = JSON.parse(readFileSync(DEMO, 'utf8')) as Inventory;
  const credentials = isolatedEnv({ AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'test-secret-not-real' });
  let fake: FakeAws;
  before(async () => {
    fake = await startFakeAws({ inventory: demo });
  });
  after(() => fake.close());

  it('scan --checks account-cloudtrail --excluded-regions calls CloudTrail in the regions left, and no API Gateway', async () => {
    fake.requests.length = 0;
    const out = join(dir, 'scan-trail');
    const run = await runCli(
      ['scan', '--regions', 'eu-west-1,us-east-1', '--excluded-regions', 'us-east-1', '--checks', 'account-cloudtrail', '--endpoint-url', fake.url, '--output-dir', out, '--format', 'json', '--fail-on', 'none'],
      credentials,
    );
    assert.equal(run.code, 0, run.stderr);
    const services = [...new Set(fake.requests.map((r) => r.service))].sort();
    assert.deepEqual(services, ['cloudtrail', 'sts']);
    assert.ok(fake.requests.filter((r) => r.operation === 'DescribeTrails').every((r) => r.region === 'eu-west-1'));
    assert.match(run.stdout, /^APIs not listed: no selected check reads them\.$/m);
    const report = readReport(out);
    assert.deepEqual(report.checks.map((c) => c.id), ['account-cloudtrail']);
    assert.deepEqual(report.scan.selection?.filters, { checks: ['account-cloudtrail'], excludedRegions: ['us-east-1'] });
  });

  it('collect --checks writes a snapshot that says what it was collected for; evaluating more checks reports ERROR for them', async () => {
    const snapshot = join(dir, 'waf.json');
    const run = await runCli(['collect', '--regions', 'eu-west-1', '--checks', 'rest-stage-waf', '--endpoint-url', fake.url, '--out', snapshot], credentials);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^wrote .*waf\\.json: for 1 of ${allChecks.length} checks \\(rest-apis, rest-stages, web-acls\\): \\d+ REST APIs? in 1 region, 0 collection errors$`, 'm'));
    const out = join(dir, 'more');
    const evaluated = await runCli(['evaluate', snapshot, '--checks', 'rest-stage-waf,rest-stage-xray-tracing,account-cloudtrail', '--format', 'json', '--output-dir', out, '--fail-on', 'none']);
    assert.equal(evaluated.code, 3, 'the checks it was not collected for are not evaluated');
    assert.match(evaluated.stdout, /snapshot collected for 1 check only/);
    const report = parseReport(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')), 'report.json');
    const trail = report.results.filter((r) => r.checkId === 'account-cloudtrail');
    assert.ok(trail.length > 0 && trail.every((r) => r.status === 'ERROR'));
    assert.ok(report.results.some((r) => r.checkId === 'rest-stage-waf' && r.status !== 'ERROR'));
  });

  it('scan refuses --security-hub with a resource filter: the other APIs\' findings would be archived', async () => {
    const run = await runCli(['scan', '--region', 'eu-west-1', '--api', 'orders-api', '--security-hub', '--endpoint-url', fake.url, '--output-dir', join(dir, 'sh')], credentials);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'apiposture: --security-hub cannot be used with --api or --resource-tag: the findings of the other APIs would be archived\n');
  });
});

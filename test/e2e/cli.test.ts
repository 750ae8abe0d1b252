import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { allChecks } from '../../checks/index.js';
import { parseInventory } from '../../src/inventory/io.js';
import type { Inventory } from '../../src/inventory/schema.js';
import { startFakeAws, type FakeAws } from '../support/fake-aws.js';
import { BIN, REPO, isolatedEnv, runBuiltCli, runCli } from './run-cli.js';
import { parseReport } from '../../src/report/model.js';

const DEMO = join(REPO, 'examples/demo-inventory.json');
const demo = JSON.parse(readFileSync(DEMO, 'utf8')) as Inventory;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'apiposture-e2e-'));
}

function writeJson(dir: string, name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

/** The demo with its denied calls answered: a complete scan. */
function completeDemo(): Inventory {
  const copy = structuredClone(demo);
  for (const region of copy.regions) {
    if (region.apigateway.restApis.ok) {
      for (const api of region.apigateway.restApis.value) {
        if (!api.stages.ok) api.stages = { ok: true, value: [] };
      }
    }
    for (const [arn, acl] of Object.entries(region.webAcls)) {
      if (!acl.ok) {
        const VisibilityConfig = { CloudWatchMetricsEnabled: true, MetricName: 'edge-apis', SampledRequestsEnabled: true };
        region.webAcls[arn] = { ok: true, value: { ARN: arn, Name: 'edge-apis', DefaultAction: { Block: {} }, Rules: [], VisibilityConfig } };
      }
    }
  }
  copy.errors = [];
  return copy;
}

function assertOneLineError(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line, got:\n${stderr}`);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
}

// The demo's evaluation and the scan run the built dist/ in a child process (they prove the process
// ends by itself once its work is done); the many small cases run in process (runCli).
describe('CLI end to end', () => {
  it('the binary exists (npm test builds first)', () => {
    assert.ok(statSync(BIN).isFile());
  });

  describe('evaluate the demo snapshot', () => {
    let out: string;
    let run: Awaited<ReturnType<typeof runCli>>;
    before(async () => {
      out = tempDir();
      run = await runBuiltCli(['evaluate', DEMO, '--output-dir', out, '--fail-on', 'none']);
    });

    it('exits 3 because the demo includes denied calls', () => {
      assert.equal(run.code, 3, run.stderr);
    });

    it('prints the summary with the worst API first', () => {
      assert.match(run.stdout, /legacy-partner-api/);
      assert.match(run.stdout, /incomplete/i);
      assert.ok(run.stdout.indexOf('legacy-partner-api') < run.stdout.indexOf('orders-api'));
    });

    it('writes a report.json that validates against the published schema', () => {
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
        apis: { api: { name: string }; grade: string; criticalFailures: string[] }[];
        collectionErrors: unknown[];
        scan: { complete: boolean };
      };
      const schema = JSON.parse(readFileSync(join(REPO, 'schema/report.schema.json'), 'utf8')) as object;
      const ajv = new Ajv2020({ allErrors: true, strict: false });
      addFormats.default(ajv);
      const validate = ajv.compile(schema);
      assert.ok(validate(report), JSON.stringify(validate.errors?.slice(0, 3)));
      const { results } = parseReport(report, 'report.json');
      assert.equal(report.scan.complete, false);
      assert.equal(report.collectionErrors.length, 2);
      assert.equal(report.apis.length, 15, "10 REST, 3 HTTP and 2 WebSocket APIs");
      const legacy = report.apis.find((a) => a.api.name === 'legacy-partner-api');
      assert.equal(legacy?.grade, 'F');
      assert.ok(legacy?.criticalFailures.includes('rest-api-public-unauthenticated'));
      const orders = report.apis.find((a) => a.api.name === 'orders-api');
      assert.equal(orders?.grade, 'A');
      const ran = new Set(results.map((r) => r.checkId));
      for (const check of allChecks) assert.ok(ran.has(check.id), `no result for ${check.id}`);
      assert.ok(results.some((r) => r.status === 'ERROR'), 'the denied calls show as ERROR');
    });

    it('writes a self-contained report.html with owner-only permissions', () => {
      const path = join(out, 'report.html');
      const html = readFileSync(path, 'utf8');
      assert.match(html, /legacy-partner-api/);
      assert.doesNotMatch(html, /<(script|link|img)[^>]+(src|href)="https?:/i, 'no network fetches');
      assert.equal(statSync(path).mode & 0o777, 0o600);
    });
  });

  describe('exit codes', () => {
    it('1 when a check fails at or above --fail-on, 0 with --fail-on none', async () => {
      const dir = tempDir();
      const snapshot = writeJson(dir, 'complete.json', completeDemo());
      const failing = await runCli(['evaluate', snapshot, '--output-dir', join(dir, 'a'), '--fail-on', 'critical']);
      assert.equal(failing.code, 1, failing.stderr);
      const passing = await runCli(['evaluate', snapshot, '--output-dir', join(dir, 'b'), '--fail-on', 'none', '--format', 'json']);
      assert.equal(passing.code, 0, passing.stderr);
      assert.throws(() => statSync(join(dir, 'b', 'report.html')), 'only the asked-for format is written');
    });

    it('2 with a one-line error for a missing snapshot', async () => {
      const run = await runCli(['evaluate', '/nonexistent/inventory.json']);
      assert.equal(run.code, 2);
      assertOneLineError(run.stderr, /cannot read snapshot .*no such file/);
    });

    it('2 for a snapshot of another schema version', async () => {
      const path = writeJson(tempDir(), 'v9.json', { ...demo, schemaVersion: 9 });
      const run = await runCli(['evaluate', path]);
      assert.equal(run.code, 2);
      assertOneLineError(run.stderr, /schema version 9; this apiposture reads version 2/);
    });

    it('2 for truncated JSON', async () => {
      const path = writeJson(tempDir(), 'cut.json', JSON.stringify(demo).slice(0, 500));
      const run = await runCli(['evaluate', path]);
      assert.equal(run.code, 2);
      assertOneLineError(run.stderr, /is not valid JSON/);
    });

    it('2 for a field of the wrong type, naming the field', async () => {
      const broken = structuredClone(demo) as unknown as { regions: { region: unknown }[] };
      broken.regions[0]!.region = 42;
      const run = await runCli(['evaluate', writeJson(tempDir(), 'bad.json', broken)]);
      assert.equal(run.code, 2);
      assertOneLineError(run.stderr, /regions\.0\.region/);
    });

    it('2 for unknown flags and bad flag values', async () => {
      for (const args of [
        ['evaluate', DEMO, '--bogus'],
        ['evaluate', DEMO, '--format', 'pdf'],
        ['evaluate', DEMO, '--fail-on', 'severe'],
        ['scan', '--regions', 'moon-1'],
        ['scan', '--region', 'eu-west-1', '--endpoint-url', 'not a url'],
        ['nonsense'],
      ]) {
        const run = await runCli(args);
        assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
        assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
      }
    });

    it('--config thresholds change results; a bad config is a one-line usage error', async () => {
      const dir = tempDir();
      const count = async (config: object | undefined) => {
        const args = ['evaluate', DEMO, '--output-dir', join(dir, String(Math.random())), '--fail-on', 'none', '--format', 'json'];
        if (config) args.push('--config', writeJson(dir, `c${Math.random()}.json`, config));
        const run = await runCli(args);
        assert.equal(run.code, 3, run.stderr);
        const out = args[3]!;
        const report = parseReport(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')), 'report.json');
        return report.results.filter((r) => r.checkId === 'domain-certificate' && r.status === 'FAIL').length;
      };
      const byDefault = await count(undefined);
      const strict = await count({ schemaVersion: 1, checks: { 'domain-certificate': { expiryDays: 3650 } } });
      assert.ok(strict > byDefault, `a ten-year window fails more certificates (${strict} > ${byDefault})`);
      for (const bad of [
        { schemaVersion: 1, checks: { 'domain-certificate': { expiryDays: 'soon' } } },
        { schemaVersion: 1, checks: { 'no-such-check': {} } },
        { schemaVersion: 2 },
      ]) {
        const run = await runCli(['evaluate', DEMO, '--config', writeJson(dir, 'bad.json', bad)]);
        assert.equal(run.code, 2, run.stderr);
        assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      }
    });

    it('2 when no region is given', async () => {
      const run = await runCli(['scan']);
      assert.equal(run.code, 2);
      assertOneLineError(run.stderr, /no region/);
    });
  });

  describe('checks catalogue', () => {
    it('lists every check with severity and mappings', async () => {
      const run = await runCli(['checks']);
      assert.equal(run.code, 0);
      for (const check of allChecks) assert.match(run.stdout, new RegExp(`^${check.id}\\s+${check.severity}`, 'm'));
    });

    it('shows one check', async () => {
      const run = await runCli(['checks', 'show', 'rest-stage-xray-tracing']);
      assert.equal(run.code, 0);
      assert.match(run.stdout, /Remediation/);
      assert.match(run.stdout, /APIGateway\.3/);
    });

    it('rejects an unknown id with exit 2', async () => {
      const run = await runCli(['checks', 'show', 'no-such-check']);
      assert.equal(run.code, 2);
      assertOneLineError(run.stderr, /no check 'no-such-check'/);
    });

    it('--help documents the exit codes', async () => {
      const run = await runCli(['--help']);
      assert.equal(run.code, 0);
      assert.match(run.stdout, /Exit codes:/);
    });
  });
});

describe('scan against a local AWS look-alike through --endpoint-url', () => {
  let fake: FakeAws;
  const dir = tempDir();
  const inventoryOut = join(dir, 'inventory.json');
  let run: Awaited<ReturnType<typeof runCli>>;

  before(async () => {
    fake = await startFakeAws({ inventory: demo, maxPageSize: 2 });
    run = await runBuiltCli(
      ['scan', '--regions', 'eu-west-1,us-east-1', '--endpoint-url', fake.url, '--output-dir', join(dir, 'out'), '--inventory-out', inventoryOut, '--fail-on', 'none'],
      isolatedEnv({ AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'test-secret-not-real' }),
    );
  });
  after(() => fake.close());

  it('finishes with exit 3 (the demo denies two calls) and writes the reports', () => {
    assert.equal(run.code, 3, run.stderr);
    assert.ok(statSync(join(dir, 'out', 'report.json')).isFile());
    assert.ok(statSync(join(dir, 'out', 'report.html')).isFile());
  });

  it('collects exactly the ground truth: nothing missing, nothing invented', () => {
    const collected = parseInventory(JSON.parse(readFileSync(inventoryOut, 'utf8')), inventoryOut);
    const truth = parseInventory(structuredClone(demo), 'demo');
    const normaliseErrors = (inv: Inventory) =>
      JSON.parse(
        JSON.stringify(inv.regions, (key, value: unknown) =>
          key === 'error' && value && typeof value === 'object' ? { code: (value as { code: string }).code } : value,
        ),
      ) as unknown;
    assert.deepEqual(normaliseErrors(collected), normaliseErrors(truth));
    assert.deepEqual(collected.errors.map((e) => e.code).sort(), truth.errors.map((e) => e.code).sort());
    assert.equal(collected.account.id, demo.account.id);
  });

  it('pages through GetRestApis and GetResources and never reads API key values', () => {
    const ops = fake.requests.map((r) => r.operation);
    assert.ok(ops.filter((o) => o === 'GetRestApis').length >= 4, 'six EU APIs at page size 2 take three pages');
    assert.ok(!ops.includes('GetMethod'), 'methods come embedded in GetResources');
    const keyCalls = fake.requests.filter((r) => r.operation === 'GetApiKeys');
    assert.ok(keyCalls.length > 0);
    for (const call of keyCalls) assert.doesNotMatch(call.query, /includeValues=true/);
    const raw = readFileSync(inventoryOut, 'utf8');
    assert.doesNotMatch(raw, /test-secret-not-real/);
  });
});

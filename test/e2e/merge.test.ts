import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { evaluateInventory } from '../../src/scan/evaluate.js';
import type { Inventory } from '../../src/inventory/schema.js';
import { organisationReportSchema } from '../../src/report/merge.js';
import { LocalFolderSink } from '../../src/output/local.js';
import { writeReportFiles } from '../../src/output/reports.js';
import { REPO, runCli, type CliRun } from './run-cli.js';

const DEMO_TEXT = readFileSync(join(REPO, 'examples/demo-inventory.json'), 'utf8');
const DEMO_ACCOUNT = (JSON.parse(DEMO_TEXT) as Inventory).account.id;
const HOSTILE = '<script>alert("merged")</script>';

/** The demo under another account id; account B's first REST API gets a hostile name. */
function demoFor(account: string, hostile = false): Inventory {
  const inventory = JSON.parse(DEMO_TEXT.replaceAll(DEMO_ACCOUNT, account)) as Inventory;
  if (hostile) {
    const region = inventory.regions.find((r) => r.apigateway.restApis.ok && r.apigateway.restApis.value.length > 0)!;
    if (region.apigateway.restApis.ok) region.apigateway.restApis.value[0]!.name = HOSTILE;
  }
  return inventory;
}

async function reportFile(dir: string, account: string, generatedAt: string, hostile = false): Promise<string> {
  const report = evaluateInventory(demoFor(account, hostile), {}, new Date(generatedAt));
  const {
    written: [path],
  } = await writeReportFiles(new LocalFolderSink(dir), report, ['json']);
  return path!;
}

function assertOneLineError(run: CliRun, pattern: RegExp): void {
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line, got:\n${run.stderr}`);
  assert.match(lines[0]!, pattern);
}

describe('apiposture merge', () => {
  const root = mkdtempSync(join(tmpdir(), 'apiposture-e2e-merge-'));
  let a: string;
  let aOlder: string;
  let b: string;
  before(async () => {
    a = await reportFile(join(root, '111111111111'), '111111111111', '2026-11-01T12:00:00.000Z');
    aOlder = await reportFile(join(root, 'older'), '111111111111', '2026-10-01T12:00:00.000Z');
    b = await reportFile(join(root, '222222222222'), '222222222222', '2026-11-01T12:10:00.000Z', true);
  });

  describe('two accounts', () => {
    let run: CliRun;
    const out = join(root, 'org');
    before(async () => {
      run = await runCli(['merge', a, b, '--output-dir', out]);
    });

    it('exits 1: the demo accounts fail checks at the default --fail-on, which their incomplete scans do not hide', () => {
      assert.equal(run.code, 1, run.stderr);
      assert.equal(run.stderr, '');
    });

    it('prints each account and the totals, then the files written', () => {
      assert.match(run.stdout, /^Account\s+Grade\s+Score\s+APIs\s+Crit\s+High\s+Complete$/m);
      assert.match(run.stdout, /^111111111111\s+[A-F]\s+\d+\s+\d+\s+\d+\s+\d+\s+NO$/m);
      assert.match(run.stdout, /^Organisation: 2 accounts, \d+ APIs, score \d+ \([A-F]\)/m);
      assert.match(run.stdout, new RegExp(`wrote ${out}/organisation-report\\.json`));
      assert.match(run.stdout, new RegExp(`wrote ${out}/organisation-report\\.html`));
    });

    it('writes an organisation-report.json that validates against its schema', () => {
      const path = join(out, 'organisation-report.json');
      assert.equal(statSync(path).mode & 0o777, 0o600);
      const report = organisationReportSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
      assert.deepEqual(report.accounts.map((x) => x.account).sort(), ['111111111111', '222222222222']);
      assert.deepEqual(report.sources.map((s) => s.file), [a, b]);
      assert.ok(report.apis.some((api) => api.account === '222222222222' && api.api.name === HOSTILE));
    });

    it('writes an HTML page where the hostile API name stays text', () => {
      const page = readFileSync(join(out, 'organisation-report.html'), 'utf8');
      assert.equal(page.match(/<script\b/gi)?.length, 1);
      assert.ok(!page.includes(HOSTILE));
      assert.ok(page.includes('&lt;script&gt;alert(&quot;merged&quot;)&lt;/script&gt;'));
    });
  });

  it('keeps the newest report of an account given twice and says so on stderr', async () => {
    const out = join(root, 'dup');
    const run = await runCli(['merge', aOlder, a, b, '--output-dir', out, '--format', 'json', '--fail-on', 'none']);
    assert.equal(run.code, 3, run.stderr);
    assertOneLineError(run, /^apiposture: note: account 111111111111 is in 2 reports: kept the newest, .*111111111111\/report\.json .*ignored .*older\/report\.json/);
    assert.ok(existsSync(join(out, 'organisation-report.json')));
    assert.ok(!existsSync(join(out, 'organisation-report.html')), '--format json only');
  });

  describe('bad inputs: exit 2, one line, nothing written', () => {
    const bad = join(root, 'bad');
    mkdirSync(bad, { recursive: true });
    const good = () => JSON.parse(readFileSync(a, 'utf8')) as Record<string, unknown>;
    const cases: [string, () => string, RegExp][] = [
      ['truncated.json', () => readFileSync(a, 'utf8').slice(0, 500), /^apiposture: report .*truncated\.json is not valid JSON/],
      ['version.json', () => JSON.stringify({ ...good(), schemaVersion: 99 }), /has report schema version 99; this apiposture reads version 3$/],
      ['types.json', () => JSON.stringify({ ...good(), apis: 'none' }), /is not a valid apiposture report: apis: /],
      ['text.json', () => '"hello"', /is not an apiposture report \(expected a JSON object\)$/],
      ['other.json', () => JSON.stringify({ hello: 'world' }), /is not an apiposture report \(no schemaVersion\)$/],
    ];
    for (const [name, content, pattern] of cases) {
      it(name, async () => {
        const path = join(bad, name);
        writeFileSync(path, content());
        const out = join(root, `out-${name}`);
        const run = await runCli(['merge', a, path, '--output-dir', out]);
        assert.equal(run.code, 2, run.stderr);
        assertOneLineError(run, pattern);
        assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
        assert.equal(run.stdout, '');
        assert.ok(!existsSync(out));
      });
    }

    it('a missing file, no file, and a bad --format', async () => {
      assertOneLineError(await runCli(['merge', join(bad, 'missing.json')]), /cannot read report .*missing\.json: no such file$/);
      const none = await runCli(['merge']);
      assert.equal(none.code, 2);
      assert.match(none.stderr, /missing required argument 'reports'/);
      const format = await runCli(['merge', a, '--format', 'pdf']);
      assert.equal(format.code, 2);
      assertOneLineError(format, /--format takes json, html/);
    });
  });
});

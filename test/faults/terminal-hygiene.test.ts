/**
 * Text from AWS data (API names, error messages, a report's account field) must never reach a
 * terminal raw: control and C1 characters can drive it, bidi controls reorder what it shows and
 * zero-width characters make two names look alike. Each is shown as a visible `\uXXXX` escape in
 * logs, summaries and error lines, and in the HTML report too.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { formatLogLine } from '../../src/cli/logger.js';
import { evaluateInventory } from '../../src/scan/evaluate.js';
import { parseInventory } from '../../src/inventory/io.js';
import type { Inventory } from '../../src/inventory/schema.js';
import { describeFailure } from '../../src/output/sink.js';
import { renderHtml } from '../../src/report/html.js';
import { oneLine, showControls } from '../../src/util/text.js';
import { runCli } from '../e2e/run-cli.js';
import { demo, tempDir } from './support.js';

/** Everything that must not appear raw; line feeds are the only control allowed in output. */
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u00AD\u061C\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF]/;

const ESC_NAME = 'orders\u001b[2J\u001b]0;pwned\u0007';
const C1_NAME = 'pay\u009b31mments';
const SPOOF_NAME = 'admin\u200b-api\u202Egnp.exe\uFEFF';

function hostileDemo(): Inventory {
  const inventory = structuredClone(demo);
  const apis = inventory.regions.flatMap((r) => (r.apigateway.restApis.ok ? r.apigateway.restApis.value : []));
  apis[0]!.name = ESC_NAME;
  apis[1]!.name = C1_NAME;
  apis[2]!.name = SPOOF_NAME;
  inventory.errors[0]!.message = 'User: arn:aws:iam::1:user/x\u001b[31m is not authorized\u009b\u200b';
  return inventory;
}

describe('terminal hygiene', () => {
  it('shows zero-width, BOM, soft hyphen and line separators as escapes, besides C0/C1 and bidi controls', () => {
    assert.equal(showControls('a\u200bb\uFEFFc\u00ADd\u2028e\u2060f'), 'a\\u200Bb\\uFEFFc\\u00ADd\\u2028e\\u2060f');
    assert.equal(oneLine('x\u001b[1my\u009bz\u202Ew'), 'x\\u001B[1my\\u009Bz\\u202Ew');
    assert.equal(showControls('café ✓ 日本'), 'café ✓ 日本', 'ordinary text is left alone');
  });

  it('readable log lines escape the message and every field, nested ones included', () => {
    const line = formatLogLine({
      level: 40,
      time: 0,
      msg: `could not collect ${ESC_NAME}`,
      api: C1_NAME,
      quoted: `a "b" ${SPOOF_NAME}`,
      error: { code: 'AccessDenied', message: 'no\u009b\u001b[0m' },
    });
    assert.doesNotMatch(line, RAW, JSON.stringify(line));
    assert.match(line, /orders\\u001B\[2J/);
  });

  it('S3 failure lines escape what the service said', () => {
    const line = describeFailure({ object: 's3://b/k\u001b[2J', code: 'AccessDenied', message: 'denied\u009b\u202E' });
    assert.doesNotMatch(line, RAW);
  });

  it('evaluate: the stdout summary and stderr carry no raw control, bidi or zero-width character', async () => {
    const dir = tempDir();
    const path = join(dir, 'hostile.json');
    writeFileSync(path, JSON.stringify(hostileDemo()));
    const run = await runCli(['evaluate', path, '--output-dir', join(dir, 'out'), '--fail-on', 'none', '--log-level', 'debug']);
    assert.equal(run.code, 3, run.stderr);
    assert.doesNotMatch(run.stdout, RAW, JSON.stringify(run.stdout.match(RAW)));
    assert.doesNotMatch(run.stderr, RAW);
    const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    assert.ok(html.includes('admin\\u200B-api\\u202Egnp.exe\\uFEFF'), 'the HTML shows the spoofing characters visibly');
  });

  it('merge: a report whose account field holds escape sequences prints them escaped', async () => {
    const dir = tempDir();
    const report = evaluateInventory(parseInventory(structuredClone(demo), 'demo'));
    const hostile = { ...report, scan: { ...report.scan, account: '1111\u001b[2J\u009b\u200b' } };
    writeFileSync(join(dir, 'report.json'), JSON.stringify(hostile));
    const run = await runCli(['merge', join(dir, 'report.json'), '--output-dir', join(dir, 'out'), '--fail-on', 'none']);
    assert.doesNotMatch(run.stdout, RAW, JSON.stringify(run.stdout.match(RAW)));
    assert.doesNotMatch(run.stderr, RAW);
    assert.match(run.stdout, /1111\\u001B\[2J/);
  });

  it('the HTML report shows the hidden characters of a name, never the raw ones', () => {
    const report = evaluateInventory(parseInventory(hostileDemo(), 'hostile'));
    const html = renderHtml(report);
    assert.ok(!html.includes('\u200b') && !html.includes('\u202E') && !html.includes('\u001b'));
  });
});

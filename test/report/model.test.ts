import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ajv2020 from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { reportJsonSchemaText, REPORT_SCHEMA_PATH } from '../../scripts/gen-report-schema.js';
import { runChecks } from '../../src/engine/runner.js';
import { GRADE_CAP, GRADE_FLOORS, SEVERITY_WEIGHTS } from '../../src/engine/scoring.js';
import { InputError } from '../../src/errors.js';
import { parseReport, readReport, REPORT_SCHEMA_VERSION, type Report } from '../../src/report/model.js';
import { CHECKS, cleanInventory, hostileInventory, hostileReport, reportFor, SCRIPT_NAME } from './fixture.js';

async function validator() {
  const schema = JSON.parse(await readFile(REPORT_SCHEMA_PATH, 'utf8')) as object;
  // Both are CommonJS modules whose export is under `default`.
  const ajv = new ajv2020.default({ allErrors: true, strict: true });
  ajvFormats.default(ajv);
  return ajv.compile(schema);
}

function asJson(report: Report): unknown {
  return JSON.parse(JSON.stringify(report));
}

function assertOneLineInputError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof InputError, `expected InputError, got ${String(error)}`);
    assert.match(error.message, pattern);
    assert.doesNotMatch(error.message, /\n/);
    return true;
  });
}

describe('buildReport', () => {
  it('produces a document valid against schema/report.schema.json', async () => {
    const validate = await validator();
    for (const report of [hostileReport(), reportFor(cleanInventory())]) {
      const valid = validate(asJson(report));
      assert.ok(valid, JSON.stringify(validate.errors));
    }
  });

  it('the committed JSON Schema is generated from the zod schema', async () => {
    assert.equal(await readFile(REPORT_SCHEMA_PATH, 'utf8'), reportJsonSchemaText());
  });

  it('lists every REST API of the regions that were listed, worst first', () => {
    const report = hostileReport();
    assert.deepEqual(
      report.apis.map((api) => [api.api.name, api.score, api.grade]),
      [
        ['orders-api', 9, 'F'],
        [SCRIPT_NAME, 83, 'B'],
        ['"><img src=x onerror=alert(1)>', 100, 'A'],
        ['payments\u202Egnp.exe\u2066', 100, 'A'],
      ],
    );
    assert.deepEqual(report.apis[0]!.criticalFailures, ['test-rest-api-open']);
    assert.equal(report.apis[3]!.incomplete, true);
  });

  it('summarises results, failures, grades and collection errors', () => {
    const { summary, scan } = hostileReport();
    assert.deepEqual(summary, {
      apis: 4,
      incompleteApis: 1,
      results: { PASS: 5, FAIL: 3, NOT_APPLICABLE: 0, ERROR: 3 },
      failuresBySeverity: { critical: 1, high: 0, medium: 0, low: 2, info: 0 },
      grades: { A: 2, B: 1, C: 0, D: 0, F: 1, 'N/A': 0 },
      collectionErrors: 2,
    });
    assert.deepEqual(scan, {
      account: '123456789012',
      partition: 'aws',
      regions: ['eu-west-1', 'us-east-1'],
      collectedAt: '2026-11-01T12:00:00.000Z',
      generatedAt: '2026-11-01T12:30:00.000Z',
      complete: false,
    });
  });

  it('is complete only with no collection errors and no ERROR results', () => {
    assert.equal(reportFor(cleanInventory()).scan.complete, true);
    const withGapOnly = cleanInventory();
    withGapOnly.errors.push({ service: 'apigateway', operation: 'GetUsagePlans', region: 'eu-west-1', resource: 'eu-west-1', code: 'Throttling', message: 'slow down' });
    assert.equal(reportFor(withGapOnly).scan.complete, false);
  });

  it('keeps account-level results apart and every result in results', () => {
    const report = hostileReport();
    assert.equal(report.results.length, 11);
    assert.deepEqual(
      report.accountResults.map((r) => [r.checkId, r.status, r.resource.name]),
      [
        ['rest-stage-xray-tracing', 'ERROR', '123456789012/us-east-1'],
        ['test-rest-api-open', 'ERROR', '123456789012/us-east-1'],
      ],
    );
  });

  it('orders results by API, check and resource whatever the input order', () => {
    const inventory = hostileInventory();
    const results = runChecks(CHECKS, inventory);
    const forwards = reportFor(inventory, results);
    const backwards = reportFor(inventory, [...results].reverse());
    assert.equal(JSON.stringify(backwards), JSON.stringify(forwards));
    const keys = forwards.results.map((r) => [r.resource.apiArn ?? '', r.checkId, r.resource.arn].join(' '));
    assert.deepEqual(keys, [...keys].sort());
  });

  it('documents the checks that ran without their code', () => {
    const { checks } = hostileReport();
    assert.deepEqual(checks.map((c) => c.id), ['rest-stage-xray-tracing', 'test-rest-api-open']);
    assert.deepEqual(Object.keys(checks[0]!), ['id', 'title', 'severity', 'resourceType', 'rationale', 'remediation', 'mappings']);
  });

  it('documents its own scoring formula from the scoring constants', () => {
    const { scoring } = hostileReport();
    assert.deepEqual(scoring.severityWeights, SEVERITY_WEIGHTS);
    assert.deepEqual(scoring.gradeFloors, GRADE_FLOORS.map((f) => ({ ...f })));
    assert.deepEqual(
      Object.fromEntries(scoring.gradeCaps.map((cap) => [cap.severity, cap.maxGrade])),
      GRADE_CAP,
    );
  });
});

describe('parseReport', () => {
  it('reads back what buildReport wrote', () => {
    const report = hostileReport();
    assert.deepEqual(parseReport(asJson(report), 'report.json'), report);
  });

  it('rejects another schema version', () => {
    const document = { ...(asJson(hostileReport()) as object), schemaVersion: REPORT_SCHEMA_VERSION + 1 };
    assertOneLineInputError(() => parseReport(document, 'old.json'), /^old\.json has report schema version 2; this apiposture reads version 1$/);
  });

  it('rejects documents that are not reports', () => {
    assertOneLineInputError(() => parseReport([], 'a.json'), /a\.json is not an apiposture report \(expected a JSON object\)/);
    assertOneLineInputError(() => parseReport({ apis: [] }, 'b.json'), /b\.json is not an apiposture report \(no schemaVersion\)/);
  });

  it('rejects a truncated document, naming what is missing', () => {
    const document = asJson(hostileReport()) as Record<string, unknown>;
    delete document.results;
    assertOneLineInputError(() => parseReport(document, 'cut.json'), /^cut\.json is not a valid apiposture report: results: /);
  });

  it('rejects wrong types, naming the path', () => {
    const document = asJson(hostileReport()) as { apis: { score: unknown }[] };
    document.apis[1]!.score = 'high';
    assertOneLineInputError(() => parseReport(document, 'bad.json'), /bad\.json is not a valid apiposture report: apis\.1\.score: /);
  });

  it('readReport turns unreadable and truncated files into InputError', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'apiposture-report-'));
    const truncated = join(dir, 'truncated.json');
    const text = JSON.stringify(hostileReport());
    await writeFile(truncated, text.slice(0, text.length / 2));
    await assert.rejects(readReport(truncated), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.match(error.message, /truncated\.json is not valid JSON/);
      assert.doesNotMatch(error.message, /\n/);
      return true;
    });
    await assert.rejects(readReport(join(dir, 'missing.json')), /cannot read report .*missing\.json: no such file/);
    const whole = join(dir, 'whole.json');
    await writeFile(whole, text);
    assert.deepEqual(await readReport(whole), hostileReport());
  });
});

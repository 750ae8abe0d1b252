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
import { allChecks } from '../../checks/index.js';
import { buildReport, parseReport, readReport, REPORT_SCHEMA_VERSION, type Report } from '../../src/report/model.js';
import { restApi, stage, withRestApis } from '../fixtures/builders.js';
import { CHECKS, cleanInventory, GENERATED_AT, hostileInventory, hostileReport, reportFor, SCRIPT_NAME } from './fixture.js';

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
        // X-Ray fails on both its stages: one failed check, weighed once (10 / 11).
        [SCRIPT_NAME, 91, 'A'],
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
      grades: { A: 3, B: 0, C: 0, D: 0, F: 1, 'N/A': 0 },
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
    assert.deepEqual(Object.keys(checks[0]!), ['id', 'title', 'severity', 'resourceType', 'resourceTypes', 'rationale', 'remediation', 'mappings']);
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

describe('buildReport: grades that tell the truth', () => {
  /** shop-api fails a low check; blind-api passes it but its critical check could not be evaluated. */
  function blindReport(): Report {
    const inv = withRestApis(
      restApi({ id: 'aaaaaaaaaa', name: 'shop-api', stages: [stage()] }),
      restApi({ id: 'bbbbbbbbbb', name: 'blind-api', stages: [stage({ tracingEnabled: true })] }),
    );
    const results = runChecks(CHECKS, inv).map((r) =>
      r.checkId === 'test-rest-api-open' && r.resource.name === 'blind-api'
        ? { ...r, status: 'ERROR' as const, messageId: 'collection-gap', error: { kind: 'collection-gap' as const, operation: 'apigateway:GetResources', code: 'AccessDeniedException', message: 'denied' } }
        : r,
    );
    return reportFor(inv, results);
  }

  it('an API whose critical check could not be evaluated grades D, says why, and ranks above a healthier one', () => {
    const report = blindReport();
    assert.deepEqual(
      report.apis.map((a) => [a.api.name, a.score, a.grade, a.risk, a.incomplete]),
      [
        ['blind-api', 100, 'D', 'critical-unevaluated', true],
        ['shop-api', 91, 'A', 'other', false],
      ],
    );
    assert.deepEqual(report.apis[0]!.gradeCappedBy, { maxGrade: 'D', checkId: 'test-rest-api-open', severity: 'critical', status: 'ERROR' });
    assert.deepEqual(report.apis[0]!.unevaluatedBySeverity, { critical: 1, high: 0, medium: 0, low: 0, info: 0 });
    assert.equal(report.apis[1]!.gradeCappedBy, null);
  });

  it('states the score and the ranking each in one sentence, with the rules as data', () => {
    const { scoring } = blindReport();
    assert.equal(
      scoring.formula,
      'The score is the percentage of an API’s checks that pass, weighted by severity (critical 10, high 5, medium 3, low 1) ' +
        'and counting each check once per API; the grade follows the score but is capped at F by a critical failure ' +
        'and C by a high one, and at D when a critical check could not be evaluated and C when a high one could not.',
    );
    assert.match(scoring.ranking!, /^APIs are ranked by risk: first those failing a critical check/);
    assert.deepEqual(scoring.unevaluatedGradeCaps, [
      { severity: 'critical', maxGrade: 'D' },
      { severity: 'high', maxGrade: 'C' },
    ]);
    assert.deepEqual(scoring.subsumes, [], 'the root causes are those of the checks that ran, and none of these declares one');
  });

  it('lists the root causes the checks declare (`subsumes`), by check id', () => {
    const report = buildReport({ inventory: cleanInventory(), results: [], checks: allChecks, toolVersion: '0.0.0-test', generatedAt: GENERATED_AT });
    assert.deepEqual(report.scoring.subsumes, [
      { checkId: 'rest-api-public-unauthenticated', subsumes: ['rest-method-authorization'] },
      { checkId: 'v2-api-public-unauthenticated', subsumes: ['http-route-authorization', 'websocket-connect-authorization'] },
    ]);
  });

  it('still reads a version 1 report written before the risk fields existed', () => {
    const document = asJson(hostileReport()) as { apis: Record<string, unknown>[]; scoring: Record<string, unknown> };
    for (const api of document.apis) for (const key of ['risk', 'gradeCappedBy', 'unevaluatedBySeverity', 'subsumed']) delete api[key];
    for (const key of ['ranking', 'details', 'unevaluatedGradeCaps', 'subsumes']) delete document.scoring[key];
    assert.equal(parseReport(document, 'older.json').apis.length, 4);
  });
});

describe('parseReport', () => {
  it('reads back what buildReport wrote', () => {
    const report = hostileReport();
    assert.deepEqual(parseReport(asJson(report), 'report.json'), report);
  });

  it('rejects another schema version', () => {
    const document = { ...(asJson(hostileReport()) as object), schemaVersion: REPORT_SCHEMA_VERSION + 1 };
    assertOneLineInputError(
      () => parseReport(document, 'old.json'),
      new RegExp(`^old\\.json has report schema version ${REPORT_SCHEMA_VERSION + 1}; this apiposture reads version ${REPORT_SCHEMA_VERSION}$`),
    );
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

import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ajv2020 from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { withChanges } from '../../src/changes/compare.js';
import type { CheckResult, ResourceRef } from '../../src/engine/types.js';
import { InputError } from '../../src/errors.js';
import { boundEvidenceLists, REPORT_EVIDENCE_ITEMS } from '../../src/report/json-form.js';
import { reportToMerge } from '../../src/report/merge.js';
import { parseReport, readReport, REPORT_SCHEMA_VERSION, type Report } from '../../src/report/model.js';
import { reportJsonChunks } from '../../src/report/write.js';
import { REPORT_SCHEMA_PATH } from '../../scripts/gen-report-schema.js';
import { hostileInventory, hostileReport, reportFor } from './fixture.js';

const API = (i: number) => `arn:aws:apigateway:eu-west-1::/restapis/api${String(i).padStart(7, '0')}`;
const POOL = 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Pool';

function poolRef(apis: number): ResourceRef {
  return {
    arn: POOL,
    type: 'user-pool',
    name: 'customers',
    account: '123456789012',
    region: 'eu-west-1',
    linkedApiArns: Array.from({ length: apis }, (_, i) => API(i)),
  };
}

function result(checkId: string, status: CheckResult['status'], resource: ResourceRef, evidence: Record<string, unknown> = {}): CheckResult {
  return { checkId, status, severity: checkId === 'test-rest-api-open' ? 'critical' : 'low', resource, messageId: 'm', message: `${checkId} ${status}`, evidence };
}

function fileText(report: Report): string {
  return [...reportJsonChunks(report)].join('');
}

/** A version 1 report.json as apiposture wrote it before: the in-memory shape, indented. */
function versionOneText(report: Report): string {
  return `${JSON.stringify({ ...report, schemaVersion: 1 }, null, 2)}\n`;
}

/** The report as a version 1 report reads back: the same, but for the version it came from. */
function asVersionOne(report: Report): Report {
  return { ...report, schemaVersion: 1 };
}

describe('report.json, version 2', () => {
  it('is valid against the published JSON Schema, as the expanded form is', async () => {
    const ajv = new ajv2020.default({ allErrors: true, strict: true });
    ajvFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(await readFile(REPORT_SCHEMA_PATH, 'utf8')) as object);
    const report = hostileReport();
    assert.ok(validate(JSON.parse(fileText(report))), JSON.stringify(validate.errors));
    assert.ok(validate(JSON.parse(versionOneText(report))), JSON.stringify(validate.errors));
  });

  it('lists a shared resource once, however many results name it, and reads each result back with it', () => {
    const pool = poolRef(500);
    const results = ['a', 'b', 'c', 'd'].map((suffix) => result('rest-stage-xray-tracing', 'FAIL', { ...pool }, { n: suffix }));
    const report = reportFor(hostileInventory(), results);
    const text = fileText(report);
    assert.equal(text.split(API(499)).length - 1, 1, 'the 500 linked API ARNs are written once');
    const file = JSON.parse(text) as { resources: ResourceRef[]; results: Record<string, unknown>[]; accountResults?: unknown };
    assert.deepEqual(file.resources, [pool]);
    assert.deepEqual(
      file.results.map((r) => [r.resource, r.id, r.severity]),
      results.map(() => [POOL, undefined, undefined]),
      'resource by ARN; id and severity left for the reader to derive',
    );
    assert.equal(file.accountResults, undefined);
    assert.deepEqual(parseReport(JSON.parse(text), 'report.json'), report);
  });

  it('keeps what the reader cannot derive: a raised severity, an unusual id, a resource that differs from the listed one', () => {
    const listed = poolRef(2);
    const renamed = { ...poolRef(2), name: 'renamed' };
    const raised = { ...result('rest-stage-xray-tracing', 'FAIL', listed), severity: 'high' as const };
    const report = reportFor(hostileInventory(), [raised, result('rest-stage-xray-tracing', 'PASS', renamed)]);
    const odd = { ...report, results: report.results.map((r, i) => (i === 0 ? { ...r, id: 'apiposture/custom' } : r)) };
    const file = JSON.parse(fileText(odd)) as { results: Record<string, unknown>[] };
    assert.equal(file.results[0]!.severity, 'high');
    assert.equal(file.results[0]!.id, 'apiposture/custom');
    assert.deepEqual(file.results[1]!.resource, renamed);
    assert.deepEqual(parseReport(JSON.parse(fileText(odd)), 'report.json'), odd);
  });

  it('bounds evidence lists, passing results more tightly, with a marker counting what the engine left out too', () => {
    const engineBounded = [...Array.from({ length: 100 }, (_, i) => `GET /p${i}`), '… 400 more not shown'];
    const short = ['GET /a', 'GET /b'];
    const pool = poolRef(1);
    const report = reportFor(hostileInventory(), [
      result('rest-stage-xray-tracing', 'FAIL', pool, { methods: engineBounded, nested: { lists: [short] } }),
      result('test-rest-api-open', 'PASS', { ...pool, arn: `${POOL}2` }, { methods: engineBounded, few: short }),
    ]);
    const read = parseReport(JSON.parse(fileText(report)), 'report.json');
    const failing = read.results.find((r) => r.status === 'FAIL')!.evidence as { methods: string[]; nested: unknown };
    assert.equal(failing.methods.length, REPORT_EVIDENCE_ITEMS.FAIL + 1);
    assert.equal(failing.methods.at(-1), `… ${500 - REPORT_EVIDENCE_ITEMS.FAIL} more not shown`);
    assert.deepEqual(failing.nested, { lists: [short] });
    const passing = read.results.find((r) => r.status === 'PASS')!.evidence as { methods: string[]; few: string[] };
    assert.deepEqual(passing.methods, [...engineBounded.slice(0, REPORT_EVIDENCE_ITEMS.PASS), `… ${500 - REPORT_EVIDENCE_ITEMS.PASS} more not shown`]);
    assert.deepEqual(passing.few, short);
  });

  it('keeps __proto__ keys of evidence as data', () => {
    const bounded = boundEvidenceLists(JSON.parse('{"variables":{"__proto__":["a","b"]}}'), 1) as { variables: Record<string, unknown> };
    assert.deepEqual(Object.keys(bounded.variables), ['__proto__']);
  });

  it('refuses a result naming a resource the file does not list, in one line', () => {
    const file = JSON.parse(fileText(hostileReport())) as { resources: unknown[] };
    file.resources = file.resources.slice(1);
    assert.throws(
      () => parseReport(file, 'cut.json'),
      (error: unknown) => error instanceof InputError && /^cut\.json is not a valid apiposture report: results\.0\.resource: "arn:aws:apigateway:us-east-1:123456789012:account" is not in resources$/.test(error.message),
    );
  });

  it('is a fraction of the version 1 file when results share resources', () => {
    const results = Array.from({ length: 200 }, (_, i) => result('rest-stage-xray-tracing', 'FAIL', { ...poolRef(50), arn: `${POOL}${i % 20}` }, { stage: `s${i}` }));
    const report = reportFor(hostileInventory(), results);
    const [v2, v1] = [fileText(report).length, versionOneText(report).length];
    assert.ok(v2 * 4 < v1, `version 2: ${v2} bytes, version 1: ${v1} bytes`);
  });
});

describe('every reader takes both versions', () => {
  async function files(report: Report): Promise<{ v1: string; v2: string }> {
    const dir = await mkdtemp(join(tmpdir(), 'apiposture-json-form-'));
    const v1 = join(dir, 'v1.json');
    const v2 = join(dir, 'v2.json');
    await writeFile(v1, versionOneText(report));
    await writeFile(v2, fileText(report));
    return { v1, v2 };
  }

  it('readReport (diff, securityhub import, --previous-report <file>)', async () => {
    const report = hostileReport();
    const { v1, v2 } = await files(report);
    assert.deepEqual(await readReport(v2), report);
    assert.deepEqual(await readReport(v1), asVersionOne(report));
    assert.equal((await readReport(v2)).schemaVersion, REPORT_SCHEMA_VERSION);
  });

  it('merge', async () => {
    const report = hostileReport();
    assert.deepEqual(reportToMerge(JSON.parse(fileText(report)), 'v2.json').report, report);
    assert.deepEqual(reportToMerge(JSON.parse(versionOneText(report)), 'v1.json').report, asVersionOne(report));
  });

  it('changes: a version 1 previous report compares as its version 2 copy does', () => {
    const report = hostileReport();
    const fromV1 = withChanges(report, { report: parseReport(JSON.parse(versionOneText(report)), 'v1.json'), source: 'previous.json' });
    const fromV2 = withChanges(report, { report: parseReport(JSON.parse(fileText(report)), 'v2.json'), source: 'previous.json' });
    assert.deepEqual(fromV1, fromV2);
    assert.ok(fromV2.results.some((r) => r.change === 'still-failing'));
  });

  it('a version 1 report written before results carried an id gets the usual one', () => {
    const report = hostileReport();
    const document = JSON.parse(versionOneText(report)) as { results: { id?: string }[]; accountResults: { id?: string }[] };
    for (const r of [...document.results, ...document.accountResults]) delete r.id;
    assert.deepEqual(parseReport(document, 'v1.json'), asVersionOne(report));
  });
});

describe('organisation-report.json', () => {
  it('is compact, and the same JSON the organisation report is', async () => {
    const { mergeReports } = await import('../../src/report/merge.js');
    const { organisationJsonChunks } = await import('../../src/report/write.js');
    const organisation = mergeReports([{ file: 'a.json', report: hostileReport() }], { generatedAt: '2026-11-02T00:00:00.000Z', toolVersion: '0.0.0-test' });
    assert.equal([...organisationJsonChunks(organisation)].join(''), `${JSON.stringify(organisation)}\n`);
  });
});

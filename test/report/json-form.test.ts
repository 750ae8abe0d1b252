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
import { reportOfV2File } from '../../src/report/json-form-v2.js';
import { EVIDENCE_ITEMS, resultEvidence } from '../../src/engine/evidence-bounds.js';
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

/** A version 2 report.json as apiposture 0.x wrote it: each resource once, results naming it by ARN. */
function versionTwoText(report: Report): string {
  const resources = new Map<string, ResourceRef>();
  for (const r of report.results) if (!resources.has(r.resource.arn)) resources.set(r.resource.arn, r.resource);
  const severities = new Map(report.checks.map((check) => [check.id, check.severity]));
  const { accountResults: _a, results, ...rest } = report;
  const file = {
    ...rest,
    schemaVersion: 2,
    resources: [...resources.values()],
    results: results.map(({ id: _id, resource, severity, evidence, ...r }) => ({
      ...r,
      resource: resource.arn,
      ...(severities.get(r.checkId) === severity ? {} : { severity }),
      ...(Object.keys(evidence).length === 0 ? {} : { evidence }),
    })),
  };
  return `${JSON.stringify(file)}\n`;
}

/** The report as a version 2 report reads back. */
function asVersionTwo(report: Report): Report {
  return { ...report, schemaVersion: 2 };
}

interface V3Text {
  schemaVersion: number;
  checks: { id: string }[];
  resources: Record<string, unknown>[];
  messages: { id: string; text: string }[];
  evidence: Record<string, unknown>[];
  results: unknown[][];
  accountResults?: unknown;
}

describe('report.json, version 3', () => {
  it('is valid against the published JSON Schema, as the version 2 and expanded forms are', async () => {
    const ajv = new ajv2020.default({ allErrors: true, strict: true });
    ajvFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(await readFile(REPORT_SCHEMA_PATH, 'utf8')) as object);
    const report = hostileReport();
    assert.ok(validate(JSON.parse(fileText(report))), JSON.stringify(validate.errors));
    assert.ok(validate(JSON.parse(versionTwoText(report))), JSON.stringify(validate.errors));
    assert.ok(validate(JSON.parse(versionOneText(report))), JSON.stringify(validate.errors));
  });

  it('writes each check, resource, message and evidence record once; results name them by index', () => {
    const pool = poolRef(500);
    const results = ['a', 'b', 'a', 'b'].map((n, i) => result('rest-stage-xray-tracing', 'FAIL', { ...pool, arn: `${POOL}${i % 2}` }, { n }));
    const report = reportFor(hostileInventory(), results);
    const text = fileText(report);
    const file = JSON.parse(text) as V3Text;
    assert.equal(file.schemaVersion, 3);
    assert.equal(text.split(API(499)).length - 1, 2, "each pool's 500 linked APIs are written once");
    assert.deepEqual(file.resources.map((r) => r.arn), [`${POOL}0`, `${POOL}1`]);
    assert.deepEqual(file.messages, [{ id: 'm', text: 'rest-stage-xray-tracing FAIL' }]);
    assert.deepEqual(file.evidence, [{ n: 'a' }, { n: 'b' }]);
    const check = file.checks.findIndex((c) => c.id === 'rest-stage-xray-tracing');
    assert.deepEqual(file.results, [
      [check, 'FAIL', 0, 0, 0],
      [check, 'FAIL', 0, 0, 0],
      [check, 'FAIL', 1, 0, 1],
      [check, 'FAIL', 1, 0, 1],
    ]);
    assert.equal(file.accountResults, undefined);
    const read = parseReport(JSON.parse(text), 'report.json');
    assert.deepEqual(read, report);
    assert.equal(read.results[0]!.evidence, read.results[1]!.evidence, 'results naming one evidence record share it');
  });

  it('names the APIs a shared resource counts towards by their index in apis, an unlisted one by ARN', () => {
    const inv = hostileInventory();
    const listed = reportFor(inv).apis.map((entry) => entry.api.arn);
    const shared = { ...poolRef(0), linkedApiArns: [listed[1]!, 'arn:aws:apigateway:eu-west-1::/restapis/elsewhere', listed[0]!] };
    const report = reportFor(inv, [result('rest-stage-xray-tracing', 'FAIL', shared)]);
    const file = JSON.parse(fileText(report)) as V3Text;
    const apiIndex = (arn: string) => report.apis.findIndex((entry) => entry.api.arn === arn);
    assert.deepEqual(file.resources[0]!.linkedApis, [apiIndex(listed[1]!), 'arn:aws:apigateway:eu-west-1::/restapis/elsewhere', apiIndex(listed[0]!)]);
    assert.equal(file.resources[0]!.linkedApiArns, undefined);
    assert.deepEqual(parseReport(JSON.parse(fileText(report)), 'report.json'), report);
  });

  it('keeps what the reader cannot derive: a raised severity, an unusual id, a resource that differs from the listed one, an unlisted check', () => {
    const listed = poolRef(2);
    const renamed = { ...poolRef(2), name: 'renamed' };
    const raised = { ...result('rest-stage-xray-tracing', 'FAIL', listed), severity: 'high' as const };
    const report = reportFor(hostileInventory(), [raised, result('rest-stage-xray-tracing', 'PASS', renamed), result('not-in-catalogue', 'FAIL', listed)]);
    const odd = { ...report, results: report.results.map((r, i) => (i === 0 ? { ...r, id: 'apiposture/custom' } : r)) };
    const file = JSON.parse(fileText(odd)) as V3Text;
    const extras = file.results.map((r) => r[5] as Record<string, unknown> | undefined);
    assert.ok(extras.some((e) => e?.severity === 'high'));
    assert.ok(extras.some((e) => e?.id === 'apiposture/custom'));
    assert.ok(file.results.some((r) => r[0] === 'not-in-catalogue' && (r[5] as { severity?: string }).severity === 'low'));
    assert.deepEqual(file.resources.map((r) => r.name), ['customers', 'renamed'], 'two entries for one ARN');
    assert.deepEqual(parseReport(JSON.parse(fileText(odd)), 'report.json'), odd);
  });

  it('keeps a failure\'s evidence lists to the bound with a marker counting every item; a passing result keeps the counts only', () => {
    const engineBounded = [...Array.from({ length: 100 }, (_, i) => `GET /p${i}`), '… 400 more not shown'];
    const short = ['GET /a', 'GET /b'];
    const pool = poolRef(1);
    const failing = { methods: engineBounded, nested: { lists: [short] } };
    const passing = { methods: engineBounded, few: short, none: [], count: 2 };
    const report = reportFor(hostileInventory(), [
      result('rest-stage-xray-tracing', 'FAIL', pool, resultEvidence(failing, 'FAIL')),
      result('test-rest-api-open', 'PASS', { ...pool, arn: `${POOL}2` }, resultEvidence(passing, 'PASS')),
    ]);
    const read = parseReport(JSON.parse(fileText(report)), 'report.json');
    const failed = read.results.find((r) => r.status === 'FAIL')!.evidence as { methods: string[]; nested: unknown };
    assert.equal(failed.methods.length, EVIDENCE_ITEMS.FAIL + 1);
    assert.equal(failed.methods.at(-1), `… ${500 - EVIDENCE_ITEMS.FAIL} more not shown`);
    assert.deepEqual(failed.nested, { lists: [short] });
    assert.equal(EVIDENCE_ITEMS.PASS, 0);
    assert.deepEqual(read.results.find((r) => r.status === 'PASS')!.evidence, { methods: ['… 500 more not shown'], few: ['… 2 more not shown'], none: [], count: 2 });
  });

  it('refuses a result whose index points past a table, in one line', () => {
    for (const [table, at] of [['resources', 2], ['messages', 3], ['checks', 0]] as const) {
      const file = JSON.parse(fileText(hostileReport())) as V3Text & Record<string, unknown[]>;
      file[table] = [];
      assert.throws(
        () => parseReport(file, 'cut.json'),
        (error: unknown) => error instanceof InputError && new RegExp(`^cut\\.json is not a valid apiposture report: results\\.0\\.${at}: \\d+ is not an index into ${table}$`).test(error.message),
        table,
      );
    }
  });

  it('refuses a malformed result in one line, naming it', () => {
    const cases: [(r: unknown[]) => unknown, RegExp][] = [
      [(r) => [r[0], 'MAYBE', ...r.slice(2)], /results\.0\.1: expected one of PASS, FAIL, NOT_APPLICABLE, ERROR$/],
      [(r) => [r[0], r[1], 'arn:aws:x', ...r.slice(3)], /results\.0\.2: expected an index into resources$/],
      [(r) => [...r.slice(0, 4), -1], /results\.0\.4: expected an index into evidence$/],
      [(r) => [...r.slice(0, 4), null, { severity: 'severe' }], /results\.0\.5: severity: /],
      [(r) => r.slice(0, 3), /results\.0: expected an array of 4 to 6 items$/],
      [() => ({ checkId: 'x' }), /results\.0: expected an array of 4 to 6 items$/],
    ];
    for (const [change, expected] of cases) {
      const file = JSON.parse(fileText(hostileReport())) as V3Text;
      file.results[0] = change(file.results[0]!) as unknown[];
      assert.throws(
        () => parseReport(file, 'bad.json'),
        (error: unknown) => error instanceof InputError && /^bad\.json is not a valid apiposture report: /.test(error.message) && expected.test(error.message),
        String(expected),
      );
    }
  });

  it('is a fraction of the version 2 file when results repeat messages and evidence', () => {
    const results = Array.from({ length: 400 }, (_, i) =>
      result(i % 2 ? 'rest-stage-xray-tracing' : 'test-rest-api-open', i % 3 ? 'PASS' : 'FAIL', { ...poolRef(0), arn: `${POOL}${i % 40}` }, { stage: `s${i % 4}`, judgedOn: ['deployment abc (stage prod)'] }),
    );
    const report = reportFor(hostileInventory(), results);
    const [v3, v2] = [fileText(report).length, versionTwoText(report).length];
    assert.ok(v3 * 2 < v2, `version 3: ${v3} bytes, version 2: ${v2} bytes`);
  });
});

describe('every reader takes every version', () => {
  async function files(report: Report): Promise<{ v1: string; v2: string; v3: string }> {
    const dir = await mkdtemp(join(tmpdir(), 'apiposture-json-form-'));
    const [v1, v2, v3] = ['v1.json', 'v2.json', 'v3.json'].map((name) => join(dir, name)) as [string, string, string];
    await writeFile(v1, versionOneText(report));
    await writeFile(v2, versionTwoText(report));
    await writeFile(v3, fileText(report));
    return { v1, v2, v3 };
  }

  it('readReport (diff, securityhub import, --previous-report <file>)', async () => {
    const report = hostileReport();
    const { v1, v2, v3 } = await files(report);
    assert.deepEqual(await readReport(v3), report);
    assert.deepEqual(await readReport(v2), asVersionTwo(report));
    assert.deepEqual(await readReport(v1), asVersionOne(report));
    assert.equal((await readReport(v3)).schemaVersion, REPORT_SCHEMA_VERSION);
  });

  it('merge', async () => {
    const report = hostileReport();
    assert.deepEqual(reportToMerge(JSON.parse(fileText(report)), 'v3.json').report, report);
    assert.deepEqual(reportToMerge(JSON.parse(versionTwoText(report)), 'v2.json').report, asVersionTwo(report));
    assert.deepEqual(reportToMerge(JSON.parse(versionOneText(report)), 'v1.json').report, asVersionOne(report));
  });

  it('changes: a version 1 or 2 previous report compares as its version 3 copy does', () => {
    const report = hostileReport();
    const compared = (text: string) => withChanges(report, { report: parseReport(JSON.parse(text), 'previous.json'), source: 'previous.json' });
    const fromV3 = compared(fileText(report));
    assert.deepEqual(compared(versionOneText(report)), fromV3);
    assert.deepEqual(compared(versionTwoText(report)), fromV3);
    assert.ok(fromV3.results.some((r) => r.change === 'still-failing'));
  });

  it('a version 2 result naming a resource the file does not list is refused in one line', () => {
    const file = JSON.parse(versionTwoText(hostileReport())) as { resources: unknown[] };
    file.resources = file.resources.slice(1);
    assert.throws(
      () => parseReport(file, 'cut.json'),
      (error: unknown) => error instanceof InputError && /^cut\.json is not a valid apiposture report: results\.0\.resource: "arn:aws:apigateway:us-east-1:123456789012:account" is not in resources$/.test(error.message),
    );
    assert.equal(typeof reportOfV2File, 'function');
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

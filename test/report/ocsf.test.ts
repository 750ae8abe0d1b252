/**
 * `--format ocsf`: every finding of the demo account is a valid OCSF 1.6.0 Compliance Finding
 * (test/fixtures/ocsf-compliance-finding-1.6.0.schema.json, trimmed from the published schema),
 * and says what the result says.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { OCSF_VERSION, ocsfChunks } from '../../src/report/ocsf.js';
import type { Report } from '../../src/report/model.js';
import { asffFileFindings } from '../../src/securityhub/asff-file.js';
import { demoReport, hostileFormatsReport } from './results-fixture.js';

const SCHEMA = JSON.parse(readFileSync(new URL('../fixtures/ocsf-compliance-finding-1.6.0.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(SCHEMA);

// A parsed finding, read by path in assertions; its shape is what the schema validates.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Finding = Record<string, any>;

function findingsOf(report: Report): Finding[] {
  const text = [...ocsfChunks([report])].join('');
  assert.ok(text === '' || text.endsWith('\n'));
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Finding);
}

function assertValid(finding: Finding): void {
  assert.ok(validate(finding), `${finding.finding_info?.uid}: ${JSON.stringify(validate.errors, null, 1)}`);
}

describe('ocsf', () => {
  it('targets the OCSF version Security Hub reads', () => {
    assert.equal(OCSF_VERSION, '1.6.0');
    assert.equal(SCHEMA.properties.metadata && SCHEMA.$defs.metadata.properties.version.const, OCSF_VERSION);
  });

  it('writes one valid Compliance Finding per PASS, FAIL and ERROR result of the demo, one a line', async () => {
    const report = await demoReport();
    const findings = findingsOf(report);
    const sent = report.results.filter((r) => r.status !== 'NOT_APPLICABLE');
    assert.equal(findings.length, sent.length);
    for (const finding of findings) assertValid(finding);
    for (const [i, result] of sent.entries()) {
      const finding = findings[i]!;
      assert.equal(finding.class_uid, 2003);
      assert.equal(finding.category_uid, 2);
      assert.equal(finding.finding_info.uid, result.id);
      assert.equal(finding.cloud.account.uid, report.scan.account);
      assert.equal(finding.resources[0].uid, result.resource.arn);
      assert.equal(finding.unmapped.result_status, result.status);
    }
  });

  it('maps the verdict to compliance.status and a failure’s severity to severity_id', async () => {
    const findings = findingsOf(await demoReport());
    const byStatus = (status: string) => findings.filter((f) => f.unmapped.result_status === status);
    for (const f of byStatus('FAIL')) assert.deepEqual([f.compliance.status_id, f.compliance.status], [3, 'Fail']);
    for (const f of byStatus('PASS')) assert.deepEqual([f.compliance.status_id, f.severity_id], [1, 1]);
    for (const f of byStatus('ERROR')) {
      assert.deepEqual([f.compliance.status_id, f.compliance.status, f.severity_id], [2, 'Warning', 1]);
      assert.ok(f.compliance.status_detail, 'an ERROR says why');
    }
    const severityIds = { critical: 5, high: 4, medium: 3, low: 2, info: 1 } as const;
    for (const f of byStatus('FAIL')) assert.equal(f.severity_id, severityIds[f.unmapped.check_severity as keyof typeof severityIds]);
    assert.ok(byStatus('FAIL').some((f) => f.severity_id === 5), 'the demo fails a critical check');
    assert.ok(byStatus('ERROR').length > 0 && byStatus('PASS').length > 0);
    const muted = findings.filter((f) => f.unmapped.muted);
    assert.ok(muted.length > 0);
    for (const f of muted) assert.deepEqual([f.status_id, f.status], [3, 'Suppressed']);
  });

  it('uses the ASFF finding Id as finding_info.uid, so the two formats join', async () => {
    const report = await demoReport();
    const asffIds = new Set(asffFileFindings(report).map((f) => f.Id));
    for (const finding of findingsOf(report)) assert.ok(asffIds.has(finding.finding_info.uid), finding.finding_info.uid);
  });

  it('keeps hostile names as JSON strings, each finding valid', () => {
    const report = hostileFormatsReport();
    const findings = findingsOf(report);
    for (const finding of findings) assertValid(finding);
    const names = findings.map((f) => f.resources[0].name);
    for (const result of report.results.filter((r) => r.status !== 'NOT_APPLICABLE')) assert.ok(names.includes(result.resource.name));
  });

  it('the trimmed schema rejects what OCSF 1.6.0 rejects: an unknown attribute, a caption that contradicts its id', async () => {
    const [finding] = findingsOf(await demoReport());
    assert.ok(finding);
    assert.equal(validate({ ...finding, made_up: 1 }), false);
    assert.equal(validate({ ...finding, compliance: { ...finding.compliance, status: 'Passed' } }), false);
    assert.equal(validate({ ...finding, severity_id: 4, severity: 'Low' }), false);
    const { finding_info: _dropped, ...withoutInfo } = finding;
    assert.equal(validate(withoutInfo), false);
  });
});

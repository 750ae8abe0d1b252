/** The ASFF checks every finding must pass, shared by the Security Hub tests and the `asff` report format's. */
import assert from 'node:assert/strict';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { findingBytes } from '../../src/securityhub/asff.js';

/** What every finding must carry ("Required top-level attributes in ASFF"), and what it must never carry. */
export function assertValidAsff(finding: AwsSecurityFinding): void {
  const where = finding.Id ?? '(no id)';
  assert.match(finding.AwsAccountId ?? '', /^\d{12}$/, where);
  assert.equal(finding.SchemaVersion, '2018-10-08', where);
  assert.ok(finding.Id && finding.Id.length <= 512, where);
  assert.ok(finding.GeneratorId && finding.GeneratorId.length <= 512, where);
  assert.match(finding.ProductArn ?? '', /^arn:aws:securityhub:[a-z0-9-]+:\d{12}:product\/\d{12}\/default$/, where);
  for (const at of [finding.CreatedAt, finding.UpdatedAt]) assert.ok(at && !Number.isNaN(Date.parse(at)), where);
  assert.ok(finding.Title && finding.Title.length <= 256, where);
  assert.ok(finding.Description && finding.Description.length <= 1024, where);
  assert.ok(finding.Resources && finding.Resources.length >= 1 && finding.Resources.length <= 32, where);
  for (const resource of finding.Resources) {
    assert.ok(resource.Type && resource.Type.length <= 256, where);
    assert.ok(resource.Id, where);
    if (resource.Region !== undefined) assert.ok(resource.Region.length <= 16, where);
  }
  assert.ok(finding.FindingProviderFields?.Severity?.Label, where);
  assert.ok(finding.FindingProviderFields?.Types?.length, where);
  assert.ok((finding.FindingProviderFields?.Types?.length ?? 0) <= 50, where);
  assert.ok((finding.Remediation?.Recommendation?.Text ?? '').length <= 512, where);
  const fields = Object.entries(finding.ProductFields ?? {});
  assert.ok(fields.length <= 50, where);
  for (const [key, value] of fields) assert.ok(key.length <= 128 && value.length <= 2048, `${where} ${key}`);
  assert.equal(finding.Workflow, undefined, `${where}: Workflow is never written`);
  assert.equal(finding.Severity, undefined, `${where}: no top-level Severity`);
  assert.equal(finding.Types, undefined, `${where}: no top-level Types`);
  assert.ok(findingBytes(finding) <= 240_000, where);
}

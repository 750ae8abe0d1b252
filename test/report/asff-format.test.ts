/**
 * `--format asff`: the findings as one file, `{"Findings": [...]}`, exactly what a first import
 * of the report sends (the dry-run batches, joined), each valid by the Security Hub tests' checks.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { asffChunks } from '../../src/report/asff.js';
import type { Report } from '../../src/report/model.js';
import { asffFileFindings } from '../../src/securityhub/asff-file.js';
import { importFindings } from '../../src/securityhub/importer.js';
import { assertValidAsff } from '../securityhub/asff-valid.js';
import { demoReport, hostileFormatsReport } from './results-fixture.js';

function fileOf(report: Report): { Findings: AwsSecurityFinding[] } {
  return JSON.parse([...asffChunks([report], asffFileFindings)].join(''));
}

const byId = (a: AwsSecurityFinding, b: AwsSecurityFinding) => ((a.Id ?? '') < (b.Id ?? '') ? -1 : 1);

describe('asff', () => {
  it('is the dry run’s batches joined: what BatchImportFindings would receive for this report', async () => {
    const report = await demoReport();
    const dir = await mkdtemp(join(tmpdir(), 'apiposture-asff-'));
    await importFindings({ report, dryRunDir: dir, now: () => new Date(report.scan.generatedAt) });
    const batches = await readdir(join(dir, 'securityhub'));
    assert.ok(batches.length > 0);
    const sent: AwsSecurityFinding[] = [];
    for (const batch of batches) sent.push(...(JSON.parse(await readFile(join(dir, 'securityhub', batch), 'utf8')) as { Findings: AwsSecurityFinding[] }).Findings);
    assert.deepEqual(fileOf(report).Findings.sort(byId), sent.sort(byId));
  });

  it('holds one valid finding per check × resource of the demo, NOT_APPLICABLE left out, muted ones archived', async () => {
    const report = await demoReport();
    const { Findings } = fileOf(report);
    for (const finding of Findings) assertValidAsff(finding);
    const expected = new Set(report.results.filter((r) => r.status !== 'NOT_APPLICABLE').map((r) => r.id));
    assert.deepEqual(new Set(Findings.map((f) => f.Id)), expected);
    const mutedIds = new Set(report.results.filter((r) => r.muted).map((r) => r.id));
    assert.ok(mutedIds.size > 0);
    for (const finding of Findings) assert.equal(finding.RecordState, mutedIds.has(finding.Id) ? 'ARCHIVED' : 'ACTIVE', finding.Id);
    assert.ok(Findings.every((f) => f.UpdatedAt === report.scan.generatedAt), 'dated by the report, so the file is reproducible');
  });

  it('keeps hostile names intact and valid', () => {
    const { Findings } = fileOf(hostileFormatsReport());
    assert.ok(Findings.length > 0);
    for (const finding of Findings) assertValidAsff(finding);
  });

  it('is an empty list for a report without findings, and needs the builder from the layer above', () => {
    const report = hostileFormatsReport();
    assert.deepEqual(fileOf({ ...report, results: [], accountResults: [] }), { Findings: [] });
    assert.throws(() => [...asffChunks([report], undefined)], /needs the Security Hub finding builder/);
  });
});

/**
 * Every S3 call a `latest/` publication and its rollback make, and every manifest a merge reads,
 * is allowed by the policies apiposture generates (`iam-policy --s3-output`, the scheduled
 * template's scan role) and by the template's hand-written merge role — and DeleteObject only
 * under `latest/` folders.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildReadOnlyPolicy } from '../../src/collect/iam-policy.js';
import { wildcardMatch } from '../../src/analysis/policy.js';
import { latestManifestOf, latestReportKey } from '../../src/output/s3-read.js';
import { s3KeysFor } from '../../src/output/s3.js';
import { ORGANISATION_S3_FOLDER } from '../../src/output/reports.js';
import { SCHEDULED, isObject, loadTemplate, render, type Json, type JsonObject } from '../deploy/cfn.js';

interface Statement {
  Action: string | string[];
  Resource: string | string[];
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : [v].flat());
const allows = (all: Statement[], action: string, arn: string) =>
  all.some((s) => list(s.Action).includes(action) && list(s.Resource).some((r) => wildcardMatch(r, arn)));

function statements(document: Json | undefined): Statement[] {
  assert.ok(isObject(document) && Array.isArray(document.Statement));
  return document.Statement as unknown as Statement[];
}

const AT = new Date('2026-11-25T03:00:07.123Z');
const PREVIOUS_FOLDER = '2026-11-24T03-00-05Z';

/** The S3 calls publishing one folder's set makes, success and rollback alike: [action, key]. */
function publicationCalls(location: { bucket: string; prefix: string }, folder: string, names: string[]): [string, string][] {
  const calls: [string, string][] = [];
  const manifest = s3KeysFor(location, folder, AT, 'manifest.json').latest;
  calls.push(['s3:GetObject', manifest], ['s3:PutObject', manifest], ['s3:DeleteObject', manifest]);
  for (const name of names) {
    const { dated, latest } = s3KeysFor(location, folder, AT, name);
    const previous = s3KeysFor(location, folder, AT, name, PREVIOUS_FOLDER).dated;
    calls.push(['s3:PutObject', dated], ['s3:PutObject', latest], ['s3:DeleteObject', latest]);
    // CopyObject from the previous set: GetObject on the source, PutObject on the target.
    calls.push(['s3:GetObject', previous], ['s3:PutObject', latest]);
  }
  return calls;
}

for (const prefix of ['apiposture/', '']) {
  describe(`publishing latest/ is allowed (prefix '${prefix}')`, () => {
    const bucket = 'audit-reports';
    const object = (key: string) => `arn:aws:s3:::${bucket}/${key}`;

    it('by `iam-policy --s3-output`, with DeleteObject only under latest/', () => {
      const all = buildReadOnlyPolicy({ s3Output: { bucket, prefix } }).Statement as Statement[];
      for (const [action, key] of publicationCalls({ bucket, prefix }, '111111111111', ['report.json', 'report.html'])) {
        assert.ok(allows(all, action, object(key)), `${action} ${key}`);
      }
      assert.ok(!allows(all, 's3:DeleteObject', object(s3KeysFor({ bucket, prefix }, '111111111111', AT, 'report.json').dated)));
      const manifest = latestManifestOf(latestReportKey({ bucket, prefix }, '111111111111'))!.manifestKey;
      assert.ok(allows(all, 's3:GetObject', object(manifest)), 'merge reads the manifest');
    });

    const rendered = render(loadTemplate(SCHEDULED), {
      AccountIds: '111111111111',
      Regions: 'eu-west-1',
      Image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/apiposture-batch:0.1.0',
      Subnets: 'subnet-0a',
      SecurityGroups: 'sg-0c',
      ReportsPrefix: prefix,
    });
    const templateBucket = rendered.outputs.ReportsBucketName as string;
    const templateObject = (key: string) => `arn:aws:s3:::${templateBucket}/${key}`;

    it("by the scheduled template's scan role", () => {
      const scan = statements(rendered.resources.ScanPolicy!.Properties.PolicyDocument);
      for (const [action, key] of publicationCalls({ bucket: templateBucket, prefix }, '111111111111', ['report.json', 'report.html'])) {
        assert.ok(allows(scan, action, templateObject(key)), `${action} ${key}`);
      }
    });

    it("by the scheduled template's merge role: each account's manifest, and publishing organization/latest/", () => {
      const merge = statements(((rendered.resources.MergeTaskRole!.Properties.Policies as JsonObject[])[0]!.PolicyDocument as Json) ?? null);
      const manifest = latestManifestOf(latestReportKey({ bucket: templateBucket, prefix }, '111111111111'))!.manifestKey;
      assert.ok(allows(merge, 's3:GetObject', templateObject(manifest)), manifest);
      const names = ['organisation-report.json', 'organisation-report.html'];
      for (const [action, key] of publicationCalls({ bucket: templateBucket, prefix }, ORGANISATION_S3_FOLDER, names)) {
        assert.ok(allows(merge, action, templateObject(key)), `${action} ${key}`);
      }
      assert.ok(!allows(merge, 's3:DeleteObject', templateObject(s3KeysFor({ bucket: templateBucket, prefix }, ORGANISATION_S3_FOLDER, AT, names[0]!).dated)));
    });
  });
}

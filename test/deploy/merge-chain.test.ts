/**
 * The scheduled template, the Batch entry point and the CLI agree end to end: the S3 keys the CLI
 * reads and writes for the template's jobs (from its own key functions, not restated here) are
 * the ones the template's roles allow — the scans' reports and run summaries, the merge's inputs
 * and its organisation report.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RUN_SUMMARIES_S3_FOLDER, RUN_SUMMARY_FILE, runSummaryFolder } from '../../src/accounts/summary.js';
import { parseMergeInput } from '../../src/cli/commands/merge.js';
import { resolveOutput } from '../../src/cli/output-options.js';
import { buildReadOnlyPolicy } from '../../src/collect/iam-policy.js';
import { wildcardMatch } from '../../src/analysis/policy.js';
import { latestReportKey } from '../../src/output/s3-read.js';
import { datedFolderName, s3KeysFor } from '../../src/output/s3.js';
import { ORGANISATION_S3_FOLDER } from '../../src/output/reports.js';
import { ORGANISATION_FILES } from '../../src/report/formats.js';
import { SCHEDULED, isObject, loadTemplate, render, type Json, type JsonObject, type Rendered } from './cfn.js';

const ACCOUNTS = ['111111111111', '222222222222'];
const PARAMETERS = {
  AccountIds: ACCOUNTS.join(','),
  Regions: 'eu-west-1',
  Image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/apiposture-batch:0.1.0',
  Subnets: 'subnet-0a',
  SecurityGroups: 'sg-0c',
};
const AT = new Date('2026-11-25T03:00:07.123Z');

interface Statement {
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : [v].flat());

function environment(rendered: Rendered, id: string): Record<string, string> {
  const container = rendered.resources[id]!.Properties.ContainerProperties as JsonObject;
  return Object.fromEntries((container.Environment as { Name: string; Value: string }[]).map((e) => [e.Name, e.Value]));
}

function statements(document: Json): Statement[] {
  assert.ok(isObject(document) && Array.isArray(document.Statement));
  return document.Statement as unknown as Statement[];
}

/** Whether an Allow statement grants `action` on `arn` (with the s3:prefix of a listing, when given). */
function allows(all: Statement[], action: string, arn: string, s3Prefix?: string): boolean {
  return all.some((s) => {
    if (!list(s.Action).includes(action) || !list(s.Resource).some((r) => wildcardMatch(r, arn))) return false;
    const like = s.Condition?.StringLike?.['s3:prefix'];
    return like === undefined || (s3Prefix !== undefined && list(like).some((p) => wildcardMatch(p, s3Prefix)));
  });
}

for (const prefix of ['apiposture/', '']) {
  describe(`the scheduled run's S3 keys are the ones its roles allow (ReportsPrefix '${prefix}')`, () => {
    const rendered = render(loadTemplate(SCHEDULED), { ...PARAMETERS, ReportsPrefix: prefix });
    const bucket = rendered.outputs.ReportsBucketName as string;
    const object = (key: string) => `arn:aws:s3:::${bucket}/${key}`;
    const scanPolicy = statements(rendered.resources.ScanPolicy!.Properties.PolicyDocument!);
    const mergePolicy = statements((rendered.resources.MergeTaskRole!.Properties.Policies as JsonObject[])[0]!.PolicyDocument!);

    it('each scan child uploads its reports and its run summary where the scan role may write', () => {
      const env = environment(rendered, 'ScanJobDefinition');
      const output = resolveOutput({ outputDir: env.APIPOSTURE_OUTPUT_DIR!, format: env.APIPOSTURE_FORMAT!, failOn: env.APIPOSTURE_FAIL_ON! }, {});
      assert.ok(output.s3);
      assert.deepEqual([output.s3.bucket, output.s3.prefix], [bucket, prefix]);
      for (const account of ACCOUNTS) {
        for (const name of ['report.json', 'report.html']) {
          const { dated, latest } = s3KeysFor(output.s3, account, AT, name);
          assert.ok(allows(scanPolicy, 's3:PutObject', object(dated)), dated);
          assert.ok(allows(scanPolicy, 's3:PutObject', object(latest)), latest);
        }
        const summary = s3KeysFor(output.s3, RUN_SUMMARIES_S3_FOLDER, AT, RUN_SUMMARY_FILE, runSummaryFolder(datedFolderName(AT), [account])).dated;
        assert.ok(allows(scanPolicy, 's3:PutObject', object(summary)), summary);
      }
    });

    it('the merge job reads each account\'s latest report (the entry point\'s arguments) and uploads under <prefix>organization/', () => {
      const env = environment(rendered, 'MergeJobDefinition');
      // deploy/batch/entrypoint.sh: merge <APIPOSTURE_MERGE_FROM><account>/latest/report.json … (test/deploy/entrypoint.test.ts).
      for (const account of ACCOUNTS) {
        const input = parseMergeInput(`${env.APIPOSTURE_MERGE_FROM!.replace(/\/$/, '')}/${account}/latest/report.json`);
        assert.equal(input.kind, 's3-object');
        if (input.kind !== 's3-object') continue;
        assert.equal(input.bucket, bucket);
        assert.equal(input.key, latestReportKey({ bucket, prefix }, account), 'where the scans put it');
        assert.ok(allows(mergePolicy, 's3:GetObject', object(input.key)), input.key);
      }
      const output = resolveOutput({ outputDir: env.APIPOSTURE_OUTPUT_DIR!, format: env.APIPOSTURE_FORMAT!, failOn: env.APIPOSTURE_FAIL_ON! }, {});
      assert.ok(output.s3);
      assert.deepEqual(output.formats, ['json', 'html']);
      for (const name of Object.values(ORGANISATION_FILES)) {
        const { dated, latest } = s3KeysFor(output.s3, ORGANISATION_S3_FOLDER, AT, name);
        assert.equal(latest, `${prefix}organization/latest/${name}`);
        assert.ok(allows(mergePolicy, 's3:PutObject', object(dated)), dated);
        assert.ok(allows(mergePolicy, 's3:PutObject', object(latest)), latest);
      }
    });

    it('a merge over the whole prefix (`merge s3://<bucket>/<prefix>`) may list it too', () => {
      const input = parseMergeInput(`s3://${bucket}/${prefix}`);
      assert.deepEqual(input, { kind: 's3-prefix', bucket, prefix });
      assert.ok(allows(mergePolicy, 's3:ListBucket', `arn:aws:s3:::${bucket}`, prefix));
      assert.ok(!allows(mergePolicy, 's3:ListBucket', `arn:aws:s3:::${bucket}`, prefix === '' ? undefined : 'elsewhere/'));
    });
  });
}

describe('`apiposture iam-policy --s3-output` covers merge reading the reports back', () => {
  const policy = buildReadOnlyPolicy({ s3Output: { bucket: 'audit-reports', prefix: 'apiposture/', kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/k1' } });
  const all = policy.Statement as Statement[];

  it('GetObject under the prefix, ListBucket on the bucket limited to the prefix, Decrypt on the key', () => {
    assert.ok(allows(all, 's3:GetObject', 'arn:aws:s3:::audit-reports/apiposture/111111111111/latest/report.json'));
    assert.ok(!allows(all, 's3:GetObject', 'arn:aws:s3:::audit-reports/elsewhere/report.json'));
    assert.ok(allows(all, 's3:ListBucket', 'arn:aws:s3:::audit-reports', 'apiposture/'));
    assert.ok(!allows(all, 's3:ListBucket', 'arn:aws:s3:::audit-reports', 'elsewhere/'));
    assert.ok(allows(all, 'kms:Decrypt', 'arn:aws:kms:eu-west-1:111122223333:key/k1'));
  });
});

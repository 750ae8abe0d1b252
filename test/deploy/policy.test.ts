/**
 * The templates' managed policies are the least-privilege policy apiposture generates
 * (buildReadOnlyPolicy, as `apiposture iam-policy` prints it), written by scripts/gen-deploy.ts:
 * exactly, so a collector calling a new operation fails here until the templates are regenerated.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { GENERATED_POLICIES, generate, renderTemplate } from '../../scripts/gen-deploy.js';
import { buildReadOnlyPolicy } from '../../src/collect/iam-policy.js';
import { wildcardMatch } from '../../src/analysis/policy.js';
import { REPO } from '../e2e/run-cli.js';
import { MEMBER, SCHEDULED, loadTemplate, render, unwrapGenerated, type Json, type JsonObject } from './cfn.js';

const SCHEDULED_PARAMETERS = {
  AccountIds: '111111111111,222222222222',
  Regions: 'eu-west-1',
  Image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/apiposture-batch:0.1.0',
  Subnets: 'subnet-0a',
  SecurityGroups: 'sg-0c',
};

function policyOf(path: string, resource: string): Json {
  const template = loadTemplate(path);
  assert.equal(template.Resources[resource]?.Type, 'AWS::IAM::ManagedPolicy');
  return template.Resources[resource]!.Properties!.PolicyDocument!;
}

function gen(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'scripts/gen-deploy.ts'), ...args], { cwd: REPO, encoding: 'utf8' });
}

describe('the generated policies in the deployment templates', () => {
  it('the scan task role\'s policy is buildReadOnlyPolicy(securityHub?, s3Output, assumeRoleArn), exactly', () => {
    const document = policyOf(SCHEDULED, 'ScanPolicy');
    for (const securityHub of [false, true]) {
      const expected = buildReadOnlyPolicy({
        partition: '${AWS::Partition}',
        securityHub,
        s3Output: { bucket: '${ReportsBucket}', prefix: '${ReportsPrefix}' },
        assumeRoleArn: 'arn:${AWS::Partition}:iam::*:role/${MemberRoleName}',
      });
      assert.deepEqual(unwrapGenerated(document, { SecurityHubEnabled: securityHub }), expected, `securityHub: ${securityHub}`);
    }
  });

  it('the member role\'s policy is buildReadOnlyPolicy(account, securityHub?), exactly', () => {
    const document = policyOf(MEMBER, 'ReadOnlyPolicy');
    for (const securityHub of [false, true]) {
      const expected = buildReadOnlyPolicy({ partition: '${AWS::Partition}', account: '${AWS::AccountId}', securityHub });
      assert.deepEqual(unwrapGenerated(document, { SecurityHubEnabled: securityHub }), expected, `securityHub: ${securityHub}`);
    }
  });

  it('deploys as `apiposture iam-policy` prints it for that account', () => {
    const rendered = render(loadTemplate(MEMBER), { ScannerRoleArn: 'arn:aws:iam::111122223333:role/scanner', EnableSecurityHub: 'true' });
    // The evaluator's account is 111122223333 and its partition aws.
    assert.deepEqual(
      rendered.resources.ReadOnlyPolicy!.Properties.PolicyDocument,
      buildReadOnlyPolicy({ account: '111122223333', securityHub: true }),
    );
  });

  it('lets the scan jobs write where the CLI\'s S3 output puts an account\'s reports, and nowhere else', () => {
    for (const prefix of ['apiposture/', '']) {
      const rendered = render(loadTemplate(SCHEDULED), { ...SCHEDULED_PARAMETERS, ReportsPrefix: prefix });
      const statements = (rendered.resources.ScanPolicy!.Properties.PolicyDocument as JsonObject).Statement as { Action: string[]; Resource: string[] }[];
      const put = statements.find((s) => s.Action.includes('s3:PutObject'));
      assert.ok(put);
      const bucket = rendered.outputs.ReportsBucketName as string;
      // The S3 sink (src/output/s3.ts): <prefix><account>/<UTC time>/<file> and <prefix><account>/latest/<file>.
      for (const key of [`${prefix}111111111111/2025-01-01T03-00-00Z/report.json`, `${prefix}111111111111/latest/report.html`]) {
        assert.ok(put.Resource.some((r) => wildcardMatch(r, `arn:aws:s3:::${bucket}/${key}`)), key);
        assert.ok(!put.Resource.some((r) => wildcardMatch(r, `arn:aws:s3:::other-bucket/${key}`)));
      }
      if (prefix) assert.ok(!put.Resource.some((r) => wildcardMatch(r, `arn:aws:s3:::${bucket}/elsewhere/report.json`)));
    }
  });

  it('fits IAM\'s 6,144-character limit for managed policies, with every option and long names', () => {
    // "IAM and AWS STS quotas": managed policy size 6,144 characters, white space not counted.
    const longest = buildReadOnlyPolicy({
      partition: 'aws-us-gov',
      account: '123456789012',
      securityHub: true,
      organization: true,
      s3Output: { bucket: 'b'.repeat(63), prefix: 'p'.repeat(200) + '/', kmsKeyArn: `arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/${'k'.repeat(36)}` },
      assumeRoleArn: `arn:aws-us-gov:iam::*:role/${'r'.repeat(64)}`,
    });
    const characters = JSON.stringify(longest).replace(/\s/g, '').length;
    assert.ok(characters <= 6144, `${characters} characters`);
    // The templates' policies as deployed: the Security Hub statements in, every placeholder filled.
    for (const [template, resource, parameters] of [
      [SCHEDULED, 'ScanPolicy', { ...SCHEDULED_PARAMETERS, EnableSecurityHub: 'true' }],
      [MEMBER, 'ReadOnlyPolicy', { ScannerRoleArn: 'arn:aws:iam::111122223333:role/scanner', EnableSecurityHub: 'true' }],
    ] as const) {
      const deployed = render(loadTemplate(template), parameters).resources[resource]!.Properties.PolicyDocument;
      const size = JSON.stringify(deployed).replace(/\s/g, '').length;
      assert.ok(size <= 6144, `${template}: ${size} characters`);
    }
  });

  it('the templates are up to date (scripts/gen-deploy.ts --check)', () => {
    const run = gen(['--check']);
    assert.equal(run.status, 0, run.stderr);
    for (const spec of GENERATED_POLICIES) {
      const text = readFileSync(join(REPO, spec.template), 'utf8');
      assert.equal(renderTemplate(text, spec), text, spec.template);
    }
  });

  describe('on a copy of the templates', () => {
    const root = mkdtempSync(join(tmpdir(), 'apiposture-deploy-'));
    mkdirSync(join(root, 'deploy'));
    for (const spec of GENERATED_POLICIES) cpSync(join(REPO, spec.template), join(root, spec.template));
    after(() => rmSync(root, { recursive: true, force: true }));

    it('--check fails when a committed policy drifted from the collectors, and a run rewrites it', () => {
      const path = join(root, SCHEDULED);
      const original = readFileSync(path, 'utf8');
      const template = JSON.parse(original) as { Resources: Record<string, { Properties: { PolicyDocument: { Statement: Json[] } } }> };
      template.Resources.ScanPolicy!.Properties.PolicyDocument.Statement.splice(1, 1);
      writeFileSync(path, JSON.stringify(template, null, 2) + '\n');

      const check = gen(['--check', '--root', root]);
      assert.equal(check.status, 1);
      assert.match(check.stderr, /out of date: deploy\/apiposture-scheduled\.template\.json/);
      assert.deepEqual(generate(root, true), [SCHEDULED], 'only the edited template is stale');

      assert.equal(gen(['--root', root]).status, 0);
      assert.equal(readFileSync(path, 'utf8'), original);
      assert.equal(gen(['--check', '--root', root]).status, 0);
    });

    it('refuses a template without the policy resource', () => {
      const spec = GENERATED_POLICIES.find((s) => s.template === MEMBER)!;
      const text = JSON.stringify({ Resources: { Other: { Type: 'AWS::IAM::Role', Properties: {} } } });
      assert.throws(() => renderTemplate(text, spec), /no AWS::IAM::ManagedPolicy resource 'ReadOnlyPolicy'/);
    });
  });
});

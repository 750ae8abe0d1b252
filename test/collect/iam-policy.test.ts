import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildReadOnlyPolicy } from '../../src/collect/iam-policy.js';
import { COLLECTOR_OPERATIONS, REGION_DISCOVERY_OPERATIONS } from '../../src/collect/operations.js';
import { analyseApiWildcards, parseIdentityPolicy } from '../../src/analysis/iam.js';

describe('the generated least-privilege policy', () => {
  const policy = buildReadOnlyPolicy();
  const allowed = new Set(policy.Statement.flatMap((s) => s.Action));

  it('allows every action a collector is declared to call', () => {
    for (const op of COLLECTOR_OPERATIONS) assert.ok(allowed.has(op.iamAction), `${op.service}:${op.operation} needs ${op.iamAction}`);
  });

  it('allows listing the account’s enabled regions (scan --regions all), on the account itself', () => {
    for (const op of REGION_DISCOVERY_OPERATIONS) assert.ok(allowed.has(op.iamAction), `${op.service}:${op.operation} needs ${op.iamAction}`);
    const statement = policy.Statement.find((s) => s.Action.includes('account:ListRegions'));
    assert.deepEqual(statement?.Resource, ['arn:aws:account::*:account']);
    const scoped = buildReadOnlyPolicy({ account: '123456789012' }).Statement.find((s) => s.Action.includes('account:ListRegions'));
    assert.deepEqual(scoped?.Resource, ['arn:aws:account::123456789012:account']);
  });

  it('is read-only: no write, delete or data-plane action', () => {
    for (const action of allowed) {
      assert.match(action, /^[a-z0-9-]+:(GET|Get|Describe|List)[A-Za-z]*$/, action);
    }
    assert.ok(!allowed.has('execute-api:Invoke'));
  });

  it('grants neither admin nor a service wildcard by apiposture’s own IAM check', () => {
    const parsed = parseIdentityPolicy(JSON.stringify(policy));
    assert.ok(parsed.ok);
    const analysis = analyseApiWildcards(parsed.document);
    assert.equal(analysis.admin, undefined);
    assert.deepEqual(analysis.services, []);
    assert.ok(analysis.apiStatements.length > 0, 'it does grant apigateway:GET, which the analysis sees');
  });

  it('fills partition and account, and adds Security Hub, S3, organization and role statements on request', () => {
    const full = buildReadOnlyPolicy({
      partition: 'aws-us-gov',
      account: '123456789012',
      securityHub: true,
      organization: true,
      s3Output: { bucket: 'audit-reports', prefix: 'apiposture/', kmsKeyArn: 'arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/k1' },
      assumeRoleArn: 'arn:aws-us-gov:iam::*:role/apiposture-audit',
    });
    const text = JSON.stringify(full);
    assert.doesNotMatch(text, /\$\{/, 'no placeholder left');
    assert.doesNotMatch(text, /arn:aws:/, 'the partition is applied everywhere');
    const actions = full.Statement.flatMap((s) => s.Action);
    for (const action of ['securityhub:BatchImportFindings', 'securityhub:GetFindings', 's3:PutObject', 'kms:GenerateDataKey', 'organizations:ListAccounts', 'sts:AssumeRole']) {
      assert.ok(actions.includes(action), action);
    }
    const s3 = full.Statement.find((s) => s.Action.includes('s3:PutObject'));
    assert.deepEqual(s3?.Resource, ['arn:aws-us-gov:s3:::audit-reports/apiposture/*']);
  });

  it('has unique statement ids', () => {
    const sids = buildReadOnlyPolicy({ securityHub: true, organization: true }).Statement.map((s) => s.Sid);
    assert.equal(new Set(sids).size, sids.length);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MANAGED_POLICY_MAX_CHARACTERS, buildReadOnlyPolicy, policyCharacters } from '../../src/collect/iam-policy.js';
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

  it('grants each action on exactly the resources its operations declare, though statements share resource lists', () => {
    const fill = (resource: string) => resource.replaceAll('${Partition}', 'aws').replaceAll('${Region}', '*').replaceAll('${Account}', '*');
    const declared = new Map<string, Set<string>>();
    for (const op of [...COLLECTOR_OPERATIONS, ...REGION_DISCOVERY_OPERATIONS]) {
      declared.set(op.iamAction, new Set([...(declared.get(op.iamAction) ?? []), ...op.iamResources.map(fill)]));
    }
    const granted = new Map<string, string[]>();
    for (const statement of policy.Statement) {
      assert.equal(statement.Condition, undefined);
      for (const action of statement.Action) {
        assert.ok(!granted.has(action), `${action} is granted by one statement only`);
        granted.set(action, statement.Resource);
      }
    }
    const expected = [...declared].map(([action, resources]) => [action, resources.has('*') ? ['*'] : [...resources].sort()] as const);
    assert.deepEqual(Object.fromEntries([...granted].sort()), Object.fromEntries(expected.sort()));
    assert.ok(policy.Statement.length < granted.size, 'actions on the same resources share a statement');
    const apiGateway = policy.Statement.filter((s) => s.Action.includes('apigateway:GET'));
    assert.deepEqual(apiGateway.map((s) => s.Action), [['apigateway:GET']], 'every API Gateway read is one apigateway:GET');
  });

  it('fits IAM\'s 6,144-character managed-policy quota (white space not counted) with every option and long names', () => {
    // "IAM and AWS STS quotas" (IAM User Guide): managed policy size, 6,144 characters; IAM does not count white space.
    const largest = buildReadOnlyPolicy({
      partition: 'aws-us-gov',
      account: '123456789012',
      securityHub: true,
      organization: true,
      s3Output: { bucket: 'b'.repeat(63), prefix: `${'p'.repeat(200)}/`, kmsKeyArn: `arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/${'k'.repeat(36)}` },
      assumeRoleArn: `arn:aws-us-gov:iam::*:role/${'r'.repeat(64)}`,
    });
    const characters = JSON.stringify(largest).replace(/\s/g, '').length;
    assert.ok(characters <= 6144, `${characters} characters`);
    assert.equal(policyCharacters(largest), characters);
    assert.equal(MANAGED_POLICY_MAX_CHARACTERS, 6144);
  });

  it('reads and writes the reports in one statement, since both name the same objects', () => {
    const s3 = buildReadOnlyPolicy({ s3Output: { bucket: 'audit-reports', prefix: 'apiposture/' } }).Statement.filter((s) => s.Action.some((a) => a.startsWith('s3:')));
    assert.deepEqual(
      s3.map((s) => [s.Sid, s.Action, s.Resource]),
      [
        ['ReportsInS3', ['s3:GetObject', 's3:PutObject'], ['arn:aws:s3:::audit-reports/apiposture/*']],
        ['ReportsLatestRollback', ['s3:DeleteObject'], ['arn:aws:s3:::audit-reports/apiposture/*/latest/*']],
        ['ReportsListing', ['s3:ListBucket'], ['arn:aws:s3:::audit-reports']],
      ],
    );
  });

  it('has unique statement ids', () => {
    const sids = buildReadOnlyPolicy({ securityHub: true, organization: true }).Statement.map((s) => s.Sid);
    assert.equal(new Set(sids).size, sids.length);
  });
});

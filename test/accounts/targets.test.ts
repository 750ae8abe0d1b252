import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  accountOfArn,
  parseAccountIds,
  parseExternalId,
  parseRoleArnTemplate,
  parseRoleName,
  roleArnFor,
  roleArnPattern,
} from '../../src/accounts/targets.js';
import { controlRegionFor, resolveAccountsPlan, resolveAwsTarget, resolveRegionChoice } from '../../src/cli/aws-options.js';
import { InputError } from '../../src/errors.js';

describe('account ids', () => {
  it('parses a comma-separated list, trimmed and without duplicates, in the order given', () => {
    assert.deepEqual(parseAccountIds(' 222222222222,111111111111 , 222222222222,'), ['222222222222', '111111111111']);
  });

  it('rejects anything but 12 digits, naming every bad id', () => {
    assert.throws(() => parseAccountIds('111111111111,12345,abcdefghijkl'), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.match(error.message, /'12345', 'abcdefghijkl'/);
      assert.doesNotMatch(error.message, /111111111111/);
      return true;
    });
    assert.throws(() => parseAccountIds('1111111111111'), InputError, '13 digits');
    assert.throws(() => parseAccountIds(' , '), /at least one/);
  });
});

describe('role ARNs', () => {
  it('builds arn:<partition>:iam::<account>:role/<name> from --role-name in the caller’s partition', () => {
    const role = parseRoleName('apiposture-audit');
    assert.equal(roleArnFor(role, '111111111111', 'aws'), 'arn:aws:iam::111111111111:role/apiposture-audit');
    assert.equal(roleArnFor(role, '111111111111', 'aws-us-gov'), 'arn:aws-us-gov:iam::111111111111:role/apiposture-audit');
    assert.equal(roleArnFor(parseRoleName('security/apiposture'), '111111111111', 'aws'), 'arn:aws:iam::111111111111:role/security/apiposture');
    assert.equal(roleArnPattern(role, 'aws-cn'), 'arn:aws-cn:iam::{account}:role/apiposture-audit');
  });

  it('fills {account} in a --role-arn template, wherever it appears', () => {
    const role = parseRoleArnTemplate('arn:aws:iam::{account}:role/apiposture-{account}');
    assert.equal(roleArnFor(role, '222222222222', 'aws-cn'), 'arn:aws:iam::222222222222:role/apiposture-222222222222', 'the template keeps its partition');
    assert.equal(roleArnPattern(role, 'aws'), 'arn:aws:iam::{account}:role/apiposture-{account}');
  });

  it('rejects role names and templates that cannot name a role in each account', () => {
    assert.throws(() => parseRoleName('bad name'), InputError);
    assert.throws(() => parseRoleName('x'.repeat(65)), InputError);
    assert.throws(() => parseRoleArnTemplate('arn:aws:iam::111111111111:role/apiposture'), /must contain \{account\}/);
    assert.throws(() => parseRoleArnTemplate('arn:aws:iam::111111111111:role/{account}'), /not an IAM role ARN template/, 'the account field must be the placeholder');
    assert.throws(() => parseRoleArnTemplate('arn:aws:s3:::{account}'), InputError);
    assert.throws(() => parseRoleArnTemplate('{account}'), InputError);
    assert.throws(() => roleArnFor(parseRoleName('r'), '12345', 'aws'), InputError);
  });

  it('validates external ids as STS does', () => {
    assert.equal(parseExternalId('apiposture-2f9c'), 'apiposture-2f9c');
    assert.throws(() => parseExternalId('x'), InputError);
    assert.throws(() => parseExternalId('has space'), InputError);
  });

  it('reads the account of an assumed-role ARN', () => {
    assert.equal(accountOfArn('arn:aws:sts::111111111111:assumed-role/apiposture-audit/s'), '111111111111');
    assert.equal(accountOfArn('not-an-arn'), undefined);
    assert.equal(accountOfArn(undefined), undefined);
  });
});

describe('multi-account flags', () => {
  const noEnv = {};

  it('is a single-account scan without --accounts or --organization', () => {
    assert.equal(resolveAccountsPlan({}, noEnv), undefined);
  });

  it('takes --accounts with --role-name and an optional --external-id', () => {
    assert.deepEqual(resolveAccountsPlan({ accounts: '111111111111,222222222222', roleName: 'audit', externalId: 'ext-123' }, noEnv), {
      source: { kind: 'accounts', ids: ['111111111111', '222222222222'] },
      role: { kind: 'name', name: 'audit' },
      externalId: 'ext-123',
    });
  });

  it('reads APIPOSTURE_ACCOUNTS / _ORGANIZATION / _ROLE_NAME / _ROLE_ARN / _EXTERNAL_ID, flags winning', () => {
    assert.deepEqual(resolveAccountsPlan({}, { APIPOSTURE_ORGANIZATION: 'true', APIPOSTURE_ROLE_ARN: 'arn:aws:iam::{account}:role/a' }), {
      source: { kind: 'organization' },
      role: { kind: 'template', template: 'arn:aws:iam::{account}:role/a' },
    });
    const env = { APIPOSTURE_ACCOUNTS: '111111111111', APIPOSTURE_ROLE_NAME: 'from-env', APIPOSTURE_EXTERNAL_ID: 'env-id' };
    assert.deepEqual(resolveAccountsPlan({}, env), {
      source: { kind: 'accounts', ids: ['111111111111'] },
      role: { kind: 'name', name: 'from-env' },
      externalId: 'env-id',
    });
    assert.deepEqual(resolveAccountsPlan({ accounts: '222222222222', roleName: 'from-flag' }, env)?.role, { kind: 'name', name: 'from-flag' });
    assert.deepEqual(resolveAccountsPlan({ organization: true }, env)?.source, { kind: 'organization' }, '--organization overrides APIPOSTURE_ACCOUNTS');
    assert.equal(resolveAccountsPlan({}, { APIPOSTURE_ORGANIZATION: 'false' }), undefined);
    assert.throws(() => resolveAccountsPlan({}, { APIPOSTURE_ORGANIZATION: 'maybe' }), /APIPOSTURE_ORGANIZATION takes true or false/);
  });

  it('rejects contradictory or incomplete combinations before any AWS call', () => {
    const cases: [Parameters<typeof resolveAccountsPlan>[0], RegExp][] = [
      [{ accounts: '111111111111', organization: true, roleName: 'r' }, /--accounts or --organization, not both/],
      [{ accounts: '111111111111' }, /--accounts needs --role-name or --role-arn/],
      [{ organization: true }, /--organization needs --role-name or --role-arn/],
      [{ accounts: '111111111111', roleName: 'r', roleArn: 'arn:aws:iam::{account}:role/r' }, /--role-name or --role-arn, not both/],
      [{ roleName: 'r' }, /--role-name needs --accounts or --organization/],
      [{ externalId: 'abc' }, /--external-id needs --accounts or --organization/],
      [{ accounts: '1234', roleName: 'r' }, /not a 12-digit AWS account id: '1234'/],
    ];
    for (const [flags, message] of cases) assert.throws(() => resolveAccountsPlan(flags, noEnv), message, JSON.stringify(flags));
  });
});

describe('--regions all', () => {
  it('is a region choice of its own, in any case, from the flag or APIPOSTURE_REGIONS', () => {
    assert.deepEqual(resolveRegionChoice({ regions: 'all' }, {}), { kind: 'all' });
    assert.deepEqual(resolveRegionChoice({ regions: 'ALL' }, {}), { kind: 'all' });
    assert.deepEqual(resolveRegionChoice({}, { APIPOSTURE_REGIONS: 'all' }), { kind: 'all' });
    assert.deepEqual(resolveRegionChoice({ regions: 'eu-west-1,us-east-1' }, {}), { kind: 'list', regions: ['eu-west-1', 'us-east-1'] });
  });

  it('sends the control calls to the first region, else $AWS_REGION, else us-east-1', () => {
    assert.equal(controlRegionFor({ kind: 'list', regions: ['eu-west-1', 'us-east-1'] }, {}), 'eu-west-1');
    assert.equal(controlRegionFor({ kind: 'all' }, { AWS_REGION: 'eu-central-1' }), 'eu-central-1');
    assert.equal(controlRegionFor({ kind: 'all' }, {}), 'us-east-1');
  });

  it('is refused where a fixed list is needed (collect), with a one-line reason', () => {
    assert.throws(() => resolveAwsTarget({ regions: 'all' }, {}), /only supported by `scan`/);
    assert.deepEqual(resolveAwsTarget({ region: 'eu-west-1', profile: 'audit' }, {}), { regions: ['eu-west-1'], profile: 'audit' });
  });
});

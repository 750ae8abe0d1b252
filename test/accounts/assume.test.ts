import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { assumeRole, SESSION_SECONDS, sessionNameFor } from '../../src/accounts/assume.js';
import { calls, serviceError } from './support.js';

const sts = mockClient(STSClient);
const ROLE = 'arn:aws:iam::111111111111:role/apiposture-audit';

function granted(account: string, expiresInMs: number, key = 'ASIAEXAMPLE') {
  return {
    Credentials: { AccessKeyId: key, SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(Date.now() + expiresInMs) },
    AssumedRoleUser: { AssumedRoleId: 'AROAEXAMPLE:s', Arn: `arn:aws:sts::${account}:assumed-role/apiposture-audit/s` },
  };
}

describe('AssumeRole into a member account', () => {
  beforeEach(() => sts.reset());
  afterEach(() => sts.reset());

  it('names the session apiposture-<timestamp>', () => {
    assert.equal(sessionNameFor(new Date('2026-11-01T12:30:00.123Z')), 'apiposture-20261101T123000Z');
    assert.match(sessionNameFor(new Date()), /^apiposture-\d{8}T\d{6}Z$/);
  });

  it('asks for one hour with the session name and external id, and serves the credentials', async () => {
    sts.on(AssumeRoleCommand).resolves(granted('111111111111', 3_600_000));
    const outcome = await assumeRole({
      sts: new STSClient({ region: 'eu-west-1' }),
      calls: calls(),
      region: 'eu-west-1',
      account: '111111111111',
      roleArn: ROLE,
      sessionName: 'apiposture-20261101T123000Z',
      externalId: 'ext-42',
    });
    assert.ok(outcome.ok);
    assert.deepEqual(sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input, {
      RoleArn: ROLE,
      RoleSessionName: 'apiposture-20261101T123000Z',
      DurationSeconds: SESSION_SECONDS,
      ExternalId: 'ext-42',
    });
    assert.equal(SESSION_SECONDS, 3600);
    const identity = await outcome.credentials();
    assert.equal(identity.accessKeyId, 'ASIAEXAMPLE');
    assert.equal(identity.sessionToken, 'token');
    await outcome.credentials();
    assert.equal(sts.commandCalls(AssumeRoleCommand).length, 1, 'fresh credentials are reused');
  });

  it('assumes the role again when the session nears its end', async () => {
    sts.on(AssumeRoleCommand).resolvesOnce(granted('111111111111', 60_000, 'ASIAFIRST')).resolves(granted('111111111111', 3_600_000, 'ASIASECOND'));
    const outcome = await assumeRole({ sts: new STSClient({ region: 'eu-west-1' }), calls: calls(), region: 'eu-west-1', account: '111111111111', roleArn: ROLE, sessionName: 's' });
    assert.ok(outcome.ok);
    assert.equal((await outcome.credentials()).accessKeyId, 'ASIAFIRST');
    assert.equal((await outcome.credentials()).accessKeyId, 'ASIASECOND');
    assert.equal(sts.commandCalls(AssumeRoleCommand).length, 2);
  });

  it('reports a refusal on one line, without retrying it', async () => {
    sts.on(AssumeRoleCommand).rejects(
      serviceError('AccessDenied', 'User: arn:aws:iam::999999999999:user/scanner is not authorized\nto perform: sts:AssumeRole', 403),
    );
    const outcome = await assumeRole({ sts: new STSClient({ region: 'eu-west-1' }), calls: calls(), region: 'eu-west-1', account: '111111111111', roleArn: ROLE, sessionName: 's' });
    assert.equal(outcome.ok, false);
    assert.ok(!outcome.ok);
    assert.equal(outcome.code, 'AccessDenied');
    assert.equal(outcome.reason, `cannot assume ${ROLE}: AccessDenied: User: arn:aws:iam::999999999999:user/scanner is not authorized to perform: sts:AssumeRole`);
    assert.equal(sts.commandCalls(AssumeRoleCommand).length, 1);
  });

  it('refuses a session that belongs to another account than the one asked for', async () => {
    sts.on(AssumeRoleCommand).resolves(granted('999999999999', 3_600_000));
    const outcome = await assumeRole({ sts: new STSClient({ region: 'eu-west-1' }), calls: calls(), region: 'eu-west-1', account: '111111111111', roleArn: ROLE, sessionName: 's' });
    assert.ok(!outcome.ok);
    assert.equal(outcome.code, 'WrongAccount');
    assert.match(outcome.reason, /belongs to account 999999999999, not 111111111111/);
  });
});

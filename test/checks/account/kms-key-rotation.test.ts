import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import check from '../../../checks/account/kms-key-rotation.js';
import type { KmsKey } from '../../../src/inventory/schema.js';
import {
  ACCOUNT,
  failed,
  inventory,
  kmsKey,
  logGroup,
  region,
  restApi,
  shared,
  stage,
  trail,
  type SharedInput,
} from '../../fixtures/builders.js';
import { evaluate, testCheck } from '../tester.js';

const LOGS_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/logs-key`;
const TRAIL_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/trail-key`;
const GROUP = '/aws/apigateway/a1b2c3d4e5/prod';
const API_ARN = 'arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5';

/** A stage logging to a group encrypted with LOGS_KEY, and the given keys in the snapshot. */
function inv(kmsKeys: SharedInput['kmsKeys'], withTrail = false) {
  return inventory({
    regions: [
      region({
        restApis: [
          restApi({
            stages: [stage({ accessLogSettings: { destinationArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:${GROUP}` } })],
          }),
        ],
        logGroups: { [GROUP]: logGroup(GROUP) },
        trails: withTrail ? [trail()] : [],
      }),
    ],
    shared: shared({ kmsKeys }),
  });
}

const notApplicable = (message: string): KmsKey['rotation'] =>
  failed('GetKeyRotationStatus', 'NotApplicable', { service: 'kms', message });

testCheck(check, [
  {
    name: 'a customer-managed key with rotation enabled passes, linked to the API whose logs it protects',
    inventory: inv({ [LOGS_KEY]: kmsKey(LOGS_KEY) }),
    expect: [
      {
        status: 'PASS',
        messageId: 'rotating',
        resource: 'logs-key',
        evidence: { keyId: 'logs-key', rotationPeriodInDays: 365, protects: [`log group ${GROUP}`] },
      },
    ],
  },
  {
    name: 'a customer-managed key without rotation fails; keys of trails are judged too',
    inventory: inv(
      {
        [LOGS_KEY]: kmsKey(LOGS_KEY, { rotation: { ok: true, value: { KeyRotationEnabled: false } } }),
        [TRAIL_KEY]: kmsKey(TRAIL_KEY, { rotation: { ok: true, value: { KeyRotationEnabled: true, RotationPeriodInDays: 90 } } }),
      },
      true,
    ),
    expect: [
      { status: 'FAIL', messageId: 'not-rotating', resource: 'logs-key' },
      { status: 'PASS', resource: 'trail-key', evidence: { rotationPeriodInDays: 90, protects: ['trail org-audit'] } },
    ],
  },
  {
    name: 'AWS-managed keys always rotate',
    inventory: inv({ [LOGS_KEY]: kmsKey(LOGS_KEY, { KeyManager: 'AWS', rotation: notApplicable('AWS managed') }) }),
    expect: [{ status: 'PASS', messageId: 'aws-managed' }],
  },
  {
    name: 'keys KMS cannot rotate are not applicable, with the reason',
    inventory: inv({ [LOGS_KEY]: kmsKey(LOGS_KEY, { Origin: 'EXTERNAL', rotation: { ok: true, value: { KeyRotationEnabled: false } } }) }),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'cannot-rotate', evidence: { reason: 'imported key material (Origin EXTERNAL)' } }],
  },
  {
    name: 'asymmetric and HMAC key specs cannot rotate',
    inventory: inv(
      {
        [LOGS_KEY]: kmsKey(LOGS_KEY, { KeySpec: 'RSA_2048' }),
        [TRAIL_KEY]: kmsKey(TRAIL_KEY, { KeySpec: 'HMAC_256' }),
      },
      true,
    ),
    expect: [
      { status: 'NOT_APPLICABLE', evidence: { reason: 'asymmetric key (RSA_2048)' } },
      { status: 'NOT_APPLICABLE', evidence: { reason: 'HMAC key (HMAC_256)' } },
    ],
  },
  {
    name: 'the collector\'s NotApplicable rotation status is not applicable, with its message',
    inventory: inv({ [LOGS_KEY]: kmsKey(LOGS_KEY, { rotation: notApplicable('the key is in a custom key store') }) }),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'cannot-rotate', evidence: { reason: 'the key is in a custom key store' } }],
  },
  {
    name: 'GetKeyRotationStatus denied is ERROR',
    inventory: inv({ [LOGS_KEY]: kmsKey(LOGS_KEY, { rotation: failed('GetKeyRotationStatus') }) }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'logs-key' }],
  },
  {
    name: 'a key not described (DescribeKey denied, or missing from the snapshot) is ERROR',
    inventory: inv({ [LOGS_KEY]: failed('DescribeKey') }, true),
    expect: [
      { status: 'ERROR', messageId: 'collection-gap', resource: 'logs-key' },
      { status: 'ERROR', messageId: 'collection-gap', resource: 'trail-key' },
    ],
  },
]);

describe('check kms-key-rotation links', () => {
  it('counts each result towards the APIs whose logs the key protects', () => {
    const [result] = evaluate(check, inv({ [LOGS_KEY]: kmsKey(LOGS_KEY) }));
    assert.deepEqual(result!.resource.linkedApiArns, [API_ARN]);
    assert.equal(result!.resource.type, 'kms-key');
  });
});

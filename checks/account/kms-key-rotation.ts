import { defineCheck } from '../../src/engine/define.js';
import type { KmsKey } from '../../src/inventory/schema.js';
import type { KmsKeyEntity } from '../../src/inventory/view.js';

type MessageId = 'rotating' | 'aws-managed' | 'not-rotating' | 'cannot-rotate';

/** Why KMS cannot rotate this key automatically, from its metadata; undefined when it can. */
function cannotRotate(key: KmsKey): string | undefined {
  const spec = key.KeySpec?.trim();
  if (spec && spec !== 'SYMMETRIC_DEFAULT') {
    return spec.startsWith('HMAC_') ? `HMAC key (${spec})` : `asymmetric key (${spec})`;
  }
  if (key.Origin === 'EXTERNAL') return 'imported key material (Origin EXTERNAL)';
  if (key.Origin === 'AWS_CLOUDHSM' || key.Origin === 'EXTERNAL_KEY_STORE') return `key in a custom key store (Origin ${key.Origin})`;
  return undefined;
}

export default defineCheck<KmsKeyEntity, MessageId>({
  id: 'kms-key-rotation',
  title: 'Customer-managed KMS keys protecting API logs and trails rotate their key material',
  severity: 'medium',
  resourceTypes: ['kms-key'],
  reads: ['rest-stages', 'v2-stages', 'trails', 'log-groups', 'kms-keys'],
  rationale:
    'The KMS keys that encrypt access- and execution-log groups and CloudTrail trails guard the ' +
    'record of who called the APIs. Automatic rotation replaces the key material every year (or ' +
    'the period you choose) while keeping old material for decryption, so a leaked or ' +
    'cryptanalysed version protects less data and compliance rules that require rotation are met, ' +
    'at no operational cost. AWS-managed keys always rotate. KMS cannot rotate asymmetric, HMAC, ' +
    'imported-material or custom-key-store keys automatically: those are not applicable here and ' +
    'need a manual rotation process. Each result counts towards the APIs whose logs the key ' +
    'protects.',
  remediation: {
    text: 'Enable automatic rotation on the key (yearly by default; 90 to 2560 days with --rotation-period-in-days).',
    cli: 'aws kms enable-key-rotation --key-id <key-arn> --rotation-period-in-days 365',
    docs: 'https://docs.aws.amazon.com/kms/latest/developerguide/rotating-keys.html',
  },
  mappings: {
    securityHub: ['KMS.4'],
    awsConfig: ['cmk-backing-key-rotation-enabled'],
    owaspApi2023: ['API8'],
    nist80053r5: ['SC-12', 'SC-12(2)', 'SC-28(3)'],
  },
  messages: {
    rotating: 'KMS key {keyId} rotates every {rotationPeriodInDays} days; it protects {protects}.',
    'aws-managed': 'KMS key {keyId} is AWS managed and rotates every year; it protects {protects}.',
    'not-rotating': 'Customer-managed KMS key {keyId} does not rotate its key material; it protects {protects}.',
    'cannot-rotate': 'KMS key {keyId} cannot rotate automatically: {reason}; it protects {protects}.',
  },
  select: (view) => view.kmsKeys(),
  evaluate: ({ key, protects }, outcome) => {
    const evidence = {
      keyId: key.KeyId,
      keyManager: key.KeyManager ?? null,
      keySpec: key.KeySpec ?? null,
      origin: key.Origin ?? null,
      keyState: key.KeyState ?? null,
      protects,
    };
    if (key.KeyManager === 'AWS') return outcome.pass('aws-managed', evidence);
    const reason = cannotRotate(key);
    if (reason) return outcome.notApplicable('cannot-rotate', { ...evidence, reason });
    if (!key.rotation.ok) {
      // The collector records keys GetKeyRotationStatus refuses (UnsupportedOperationException) this way.
      if (key.rotation.error.code === 'NotApplicable') {
        return outcome.notApplicable('cannot-rotate', { ...evidence, reason: key.rotation.error.message });
      }
      return outcome.gap(key.rotation.error, evidence);
    }
    const { KeyRotationEnabled, RotationPeriodInDays } = key.rotation.value;
    if (KeyRotationEnabled !== true) return outcome.fail('not-rotating', evidence);
    return outcome.pass('rotating', { ...evidence, rotationPeriodInDays: RotationPeriodInDays ?? 365 });
  },
});

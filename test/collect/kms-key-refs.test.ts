import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kmsKeyRefsOf, regionNamedBy } from '../../src/collect/kms-keys.js';

const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const regionNaming = (region: string, keyIds: string[]) => ({
  region,
  logGroups: Object.fromEntries(keyIds.map((kmsKeyId, i) => [`group-${i}`, { ok: true as const, value: { logGroupName: `group-${i}`, exists: true, kmsKeyId } }])),
  trails: { ok: true as const, value: [] },
});

describe('the region a KMS key is read in', () => {
  it('is the one its ARN names; a bare key id or another service’s ARN names none', () => {
    assert.equal(regionNamedBy(KEY), 'us-east-1');
    assert.equal(regionNamedBy('1234abcd-12ab-34cd-56ef-1234567890ab'), undefined);
    assert.equal(regionNamedBy('alias/logs'), undefined);
    assert.equal(regionNamedBy('arn:aws:logs:us-east-1:123456789012:log-group:x'), undefined);
  });

  it('kmsKeyRefsOf: an ARN is read where it names, a bare id in the first region (scan order) naming it, each once', () => {
    const refs = kmsKeyRefsOf([regionNaming('eu-west-1', [KEY, 'key-1']), regionNaming('ap-south-1', ['key-1', 'key-2'])]);
    assert.deepEqual(refs, [
      { ref: KEY, region: 'us-east-1' },
      { ref: 'key-1', region: 'eu-west-1' },
      { ref: 'key-2', region: 'ap-south-1' },
    ]);
  });
});

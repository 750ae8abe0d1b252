import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveSecurityHub } from '../../src/cli/commands/securityhub.js';
import { InputError } from '../../src/errors.js';

describe('APIPOSTURE_SECURITY_HUB', () => {
  it('turns the import on for unattended runs', async () => {
    assert.deepEqual(await resolveSecurityHub({}, { always: false }, { APIPOSTURE_SECURITY_HUB: 'true' }), { dryRun: false });
  });

  it('false, 0 and empty leave it off (unlike a bare presence test)', async () => {
    for (const value of ['false', '0', '', 'no']) {
      assert.equal(await resolveSecurityHub({}, { always: false }, { APIPOSTURE_SECURITY_HUB: value }), undefined, value);
    }
  });

  it('anything else is a one-line usage error', async () => {
    await assert.rejects(resolveSecurityHub({}, { always: false }, { APIPOSTURE_SECURITY_HUB: 'sometimes' }), InputError);
  });

  it('the --security-hub flag works without the variable', async () => {
    assert.deepEqual(await resolveSecurityHub({ securityHub: true }, { always: false }, {}), { dryRun: false });
  });
});

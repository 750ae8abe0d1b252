/** `--security-hub-findings` / APIPOSTURE_SECURITY_HUB_FINDINGS, and what the summary says about held findings. */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import pino from 'pino';
import { resolveSecurityHub, runSecurityHub } from '../../src/cli/commands/securityhub.js';
import { InputError } from '../../src/errors.js';
import { captureOutput } from '../support/capture.js';
import { EU, report, result, stageArn } from './fixtures.js';

describe('--security-hub-findings', () => {
  it('is off the run unless given: every result is sent, as before', async () => {
    assert.deepEqual(await resolveSecurityHub({ securityHub: true }, { always: false }, {}), { dryRun: false });
  });

  it('takes failed or all, from the flag or APIPOSTURE_SECURITY_HUB_FINDINGS (the flag wins)', async () => {
    assert.equal((await resolveSecurityHub({ securityHubFindings: 'failed' }, { always: true }, {}))?.findings, 'failed');
    assert.equal((await resolveSecurityHub({}, { always: true }, { APIPOSTURE_SECURITY_HUB_FINDINGS: 'failed' }))?.findings, 'failed');
    const both = await resolveSecurityHub({ securityHubFindings: 'all' }, { always: true }, { APIPOSTURE_SECURITY_HUB_FINDINGS: 'failed' });
    assert.equal(both?.findings, 'all');
  });

  it('anything else is a one-line usage error naming the choices', async () => {
    await assert.rejects(resolveSecurityHub({ securityHubFindings: 'passed' }, { always: true }, {}), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.match(error.message, /--security-hub-findings takes failed or all; got 'passed'/);
      return true;
    });
    await assert.rejects(resolveSecurityHub({}, { always: true }, { APIPOSTURE_SECURITY_HUB_FINDINGS: 'fails' }), /APIPOSTURE_SECURITY_HUB_FINDINGS takes failed or all/);
    // Like the other APIPOSTURE_* variables: case and surrounding blanks do not matter, empty is unset.
    assert.equal((await resolveSecurityHub({}, { always: true }, { APIPOSTURE_SECURITY_HUB_FINDINGS: ' FAILED ' }))?.findings, 'failed');
    assert.equal((await resolveSecurityHub({}, { always: true }, { APIPOSTURE_SECURITY_HUB_FINDINGS: '' }))?.findings, undefined);
  });

  it('the flag needs Security Hub on; the variable alone is ignored while it is off', async () => {
    await assert.rejects(resolveSecurityHub({ securityHubFindings: 'failed' }, { always: false }, {}), /--security-hub-findings needs --security-hub/);
    assert.equal(await resolveSecurityHub({}, { always: false }, { APIPOSTURE_SECURITY_HUB_FINDINGS: 'failed' }), undefined);
  });
});

describe('the import summary', () => {
  it('says how many earlier failures were kept unchanged because the check could not run', async () => {
    const A = stageArn(EU, 'a');
    const previous = report([result('c1', A, 'FAIL'), result('c1', stageArn(EU, 'b'), 'FAIL')], { regions: [EU] });
    const now = report([result('c1', A, 'ERROR'), result('c1', stageArn(EU, 'b'), 'PASS'), result('c1', stageArn(EU, 'c'), 'PASS')], { regions: [EU] });
    const { stdout } = await captureOutput(() =>
      runSecurityHub(
        { dryRun: true, previousReport: previous, findings: 'failed' },
        { report: now, outputDir: mkdtempSync(join(tmpdir(), 'apiposture-sh-')), logger: pino({ level: 'silent' }) },
      ),
    );
    assert.match(stdout, /eu-west-1: 1 finding \+ 0 archived in 1 batch: written; kept 1 earlier failure unchanged because the check could not run; 1 result not sent \(--security-hub-findings failed\)\n/);
  });
});

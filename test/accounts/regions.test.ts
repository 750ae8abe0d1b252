import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { mockClient } from 'aws-sdk-client-mock';
import { ENABLED_REGION_STATUSES, listEnabledRegions } from '../../src/accounts/regions.js';
import { main } from '../../src/cli/main.js';
import { accessDenied, calls, captureOutput, serviceError } from './support.js';

const account = mockClient(AccountClient);

describe('--regions all: Account Management ListRegions', () => {
  beforeEach(() => account.reset());
  afterEach(() => account.reset());

  it('asks for enabled and enabled-by-default regions, reads every page and sorts them', async () => {
    account
      .on(ListRegionsCommand)
      .callsFake((input: { NextToken?: string }) => {
        if (input.NextToken === undefined) {
          return { Regions: [{ RegionName: 'us-east-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' }, { RegionName: 'eu-west-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' }], NextToken: 'page-2' };
        }
        assert.equal(input.NextToken, 'page-2');
        return {
          Regions: [
            { RegionName: 'af-south-1', RegionOptStatus: 'ENABLED' },
            // Never returned for this filter; ignored if it were.
            { RegionName: 'me-south-1', RegionOptStatus: 'DISABLING' },
            { RegionName: 'us-east-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' },
          ],
        };
      });
    const result = await listEnabledRegions(new AccountClient({ region: 'us-east-1' }), calls(), 'us-east-1');
    assert.deepEqual(result, { ok: true, value: ['af-south-1', 'eu-west-1', 'us-east-1'] });
    const inputs = account.commandCalls(ListRegionsCommand).map((call) => call.args[0].input);
    assert.equal(inputs.length, 2);
    for (const input of inputs) {
      assert.deepEqual(input.RegionOptStatusContains, [...ENABLED_REGION_STATUSES]);
      assert.deepEqual([...ENABLED_REGION_STATUSES], ['ENABLED', 'ENABLED_BY_DEFAULT']);
      assert.equal(input.MaxResults, 50);
    }
    assert.equal(inputs[0]!.NextToken, undefined);
  });

  it('goes through the shared call path: throttling is retried and counted', async () => {
    account
      .on(ListRegionsCommand)
      .rejectsOnce(serviceError('TooManyRequestsException', 'Rate exceeded', 429))
      .resolves({ Regions: [{ RegionName: 'eu-west-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' }] });
    const context = calls();
    const result = await listEnabledRegions(new AccountClient({ region: 'us-east-1' }), context, 'us-east-1');
    assert.deepEqual(result, { ok: true, value: ['eu-west-1'] });
    const stats = context.stats.snapshot()['account:ListRegions'];
    assert.equal(stats?.attempts, 2);
    assert.equal(stats?.throttled, 1);
  });

  it('returns the denial as a collection error', async () => {
    account.on(ListRegionsCommand).rejects(accessDenied('account:ListRegions'));
    const result = await listEnabledRegions(new AccountClient({ region: 'us-east-1' }), calls(), 'us-east-1');
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'AccessDeniedException');
    assert.equal(!result.ok && result.error.operation, 'ListRegions');
  });

  it('scan --regions all: a denied ListRegions is one line on stderr and exit 4 (nothing scanned), before any collection', async () => {
    account.on(ListRegionsCommand).rejects(accessDenied('account:ListRegions'));
    const saved = { ...process.env };
    process.env.AWS_REGION = 'eu-west-1';
    delete process.env.APIPOSTURE_ACCOUNTS;
    delete process.env.APIPOSTURE_ORGANIZATION;
    try {
      const run = await captureOutput(() => main(['scan', '--regions', 'all', '--output-dir', '/nonexistent/never-written']));
      assert.equal(run.value, 4);
      const lines = run.stderr.trim().split('\n');
      assert.equal(lines.length, 1, run.stderr);
      assert.match(lines[0]!, /^apiposture: cannot list the enabled regions for --regions all \(account:ListRegions in eu-west-1\): AccessDeniedException: /);
      assert.equal(run.stdout, '');
      assert.equal(account.commandCalls(ListRegionsCommand).length, 1);
    } finally {
      process.env = saved;
      process.exitCode = undefined;
    }
  });
});

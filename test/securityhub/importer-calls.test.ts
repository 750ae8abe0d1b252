/**
 * Security Hub calls take the one AWS call path (src/aws/call.ts): counted in the call
 * statistics, paced by the Security Hub descriptor's rules, with the shared client config.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { BatchImportFindingsCommand, GetFindingsCommand, LimitExceededException } from '@aws-sdk/client-securityhub';
import type { CallContext } from '../../src/aws/call.js';
import { CallStats } from '../../src/aws/call-stats.js';
import { RateLimits } from '../../src/aws/rate-limiter.js';
import { DEFAULT_RETRY_POLICY } from '../../src/aws/retry.js';
import { securityHubClients } from '../../src/securityhub/client.js';
import { importFindings } from '../../src/securityhub/importer.js';
import { FakeHub, hub } from './fake-hub.js';
import { EU, report, result, stageArn } from './fixtures.js';

const NOW = new Date('2026-11-02T08:00:00.000Z');

describe('Security Hub calls on the shared call path', () => {
  let fake: FakeHub;
  let calls: CallContext;
  let limiterWaits: number[];

  beforeEach(() => {
    fake = new FakeHub();
    limiterWaits = [];
    calls = {
      limits: new RateLimits({ clock: () => 0, sleep: async (ms) => void limiterWaits.push(ms) }),
      retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 3, random: () => 0.5, sleep: async () => undefined },
      stats: new CallStats(),
    };
  });
  afterEach(() => hub.reset());

  const findings = (count: number) =>
    report(
      Array.from({ length: count }, (_, i) => result('c1', stageArn(EU, `api${i}`), 'FAIL')),
      { regions: [EU] },
    );

  it('counts GetFindings and BatchImportFindings, retries included, in the call statistics it is given', async () => {
    hub
      .on(BatchImportFindingsCommand)
      .rejectsOnce(new LimitExceededException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }))
      .callsFake(async (input, getClient) => fake.batchImport(await getClient().config.region(), input));
    const summary = await importFindings({ report: findings(150), clientFor: fake.clientFor, now: () => NOW, calls });
    assert.equal(summary.complete, true);
    const stats = calls.stats.snapshot();
    assert.deepEqual(
      [stats['securityhub:BatchImportFindings']?.calls, stats['securityhub:BatchImportFindings']?.attempts, stats['securityhub:BatchImportFindings']?.throttled],
      [2, 3, 1],
    );
    assert.equal(stats['securityhub:GetFindings']?.calls, 1);
  });

  it('paces GetFindings at 3 per second per region with the limits it is given', async () => {
    await importFindings({ report: findings(13), clientFor: fake.clientFor, now: () => NOW, calls });
    hub.resetHistory();
    limiterWaits.length = 0;
    const fresh = { ...calls, limits: new RateLimits({ clock: () => 0, sleep: async (ms) => void limiterWaits.push(ms) }) };
    await importFindings({ report: findings(13), clientFor: fake.clientFor, now: () => NOW, calls: fresh });
    // The 13 earlier findings come back two to a page: GetFindings calls 4 … 7 wait 1/3 s more each.
    assert.equal(hub.commandCalls(GetFindingsCommand).length, 7);
    const readWaits = limiterWaits.filter((ms) => ms > 0).slice(0, 4).map(Math.round);
    assert.deepEqual(readWaits, [333, 667, 1000, 1333]);
  });

  it('builds its clients with the shared factory: one SDK attempt, the endpoint override, the user agent', async () => {
    const clients = securityHubClients({ credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' }, endpointUrl: 'http://127.0.0.1:4566' });
    const client = clients.clientFor(EU);
    assert.equal(clients.clientFor(EU), client);
    assert.equal(await client.config.maxAttempts(), 1);
    assert.equal((await client.config.endpoint?.())?.port, 4566);
    assert.match(client.config.customUserAgent?.toString() ?? '', /apiposture\//);
    clients.destroy();
  });
});

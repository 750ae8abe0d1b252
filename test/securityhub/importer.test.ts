import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  InvalidAccessException,
  LimitExceededException,
  SecurityHubServiceException,
  type AwsSecurityFinding,
  type BatchImportFindingsCommandOutput,
} from '@aws-sdk/client-securityhub';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../src/aws/retry.js';
import { InputError } from '../../src/errors.js';
import { findingId, FINDING_ID_PREFIX } from '../../src/securityhub/asff.js';
import { classifyFailedFinding, importFindings, type ImportOptions } from '../../src/securityhub/importer.js';
import type { Report } from '../../src/report/model.js';
import { FakeHub, hub } from './fake-hub.js';
import { ACCOUNT, check, EU, report, result, stageArn, US } from './fixtures.js';

const RUN_1 = new Date('2026-11-02T08:00:00.000Z');

function many(count: number, region = EU): ReturnType<typeof result>[] {
  return Array.from({ length: count }, (_, i) => result('c1', stageArn(region, `api${String(i).padStart(3, '0')}`), 'FAIL'));
}

describe('importFindings against Security Hub (mocked)', () => {
  let fake: FakeHub;
  let retrySleeps: number[];
  let bucketWaits: number[];
  let retry: RetryPolicy;

  beforeEach(() => {
    fake = new FakeHub();
    retrySleeps = [];
    bucketWaits = [];
    retry = { ...DEFAULT_RETRY_POLICY, maxAttempts: 4, random: () => 0.5, sleep: async (ms) => void retrySleeps.push(ms) };
  });
  afterEach(() => hub.reset());

  /** A run at a fixed time, waits recorded and never slept; the bucket clock never moves. */
  function run(r: Report, options: Partial<ImportOptions> = {}, now = RUN_1) {
    return importFindings({
      report: r,
      clientFor: fake.clientFor,
      now: () => now,
      retry,
      clock: () => 0,
      sleep: async (ms) => void bucketWaits.push(ms),
      ...options,
    });
  }

  it('sends 250 findings in 3 calls of at most 100, after reading back earlier ones', async () => {
    const summary = await run(report(many(250), { regions: [EU] }));
    assert.deepEqual(fake.imports.map((c) => c.ids.length), [100, 100, 50]);
    assert.equal(summary.succeeded, 250);
    assert.equal(summary.complete, true);
    assert.deepEqual(summary.destinations.map((d) => [d.region, d.findings, d.batches, d.succeeded, d.failed]), [[EU, 250, 3, 250, 0]]);
    assert.equal(fake.inRegion(EU).length, 250);
    const read = fake.reads[0]!.request;
    assert.deepEqual(read.Filters, {
      ProductArn: [{ Value: `arn:aws:securityhub:${EU}:${ACCOUNT}:product/${ACCOUNT}/default`, Comparison: 'EQUALS' }],
      AwsAccountId: [{ Value: ACCOUNT, Comparison: 'EQUALS' }],
      Id: [{ Value: FINDING_ID_PREFIX, Comparison: 'PREFIX' }],
    });
    assert.equal(read.MaxResults, 100);
  });

  it('imports each finding through the client of its own region', async () => {
    const summary = await run(report([...many(3, EU), ...many(2, US)]));
    assert.deepEqual(fake.imports.map((c) => [c.region, c.ids.length]).sort(), [
      [EU, 3],
      [US, 2],
    ]);
    for (const call of fake.imports) for (const f of call.findings) assert.match(f.ProductArn!, new RegExp(`:securityhub:${call.region}:`));
    assert.deepEqual(fake.reads.map((r) => r.region).sort(), [EU, US]);
    assert.equal(summary.complete, true);
  });

  it('reports refused findings one by one, retries the transient ones, and is then incomplete', async () => {
    const ids = many(5).map((r) => findingId(r.checkId, r.resource.arn));
    fake.refuse = (finding, attempt) => {
      if (finding.Id === ids[1]) return { ErrorCode: 'InvalidInput', ErrorMessage: 'Finding does not adhere to Amazon Finding Format.' };
      if (finding.Id === ids[3] && attempt === 1) return { ErrorCode: 'InternalException', ErrorMessage: 'try again' };
      if (finding.Id === ids[4] && attempt <= 2) return { ErrorCode: 'LimitExceededException', ErrorMessage: 'slow down' };
      return undefined;
    };
    const summary = await run(report(many(5), { regions: [EU] }));
    assert.deepEqual(fake.imports.map((c) => c.ids), [ids, [ids[3], ids[4]], [ids[4]]], 'only the transient ones are sent again');
    assert.deepEqual(summary.failed, [
      { account: ACCOUNT, region: EU, id: ids[1], code: 'InvalidInput', message: 'Finding does not adhere to Amazon Finding Format.' },
    ]);
    assert.equal(summary.succeeded, 4);
    assert.equal(summary.complete, false, 'a finding that finally failed makes the run incomplete (exit 3)');
    assert.deepEqual(summary.destinations[0]!.failed, 1);
    assert.equal(retrySleeps.length, 2);
  });

  it('gives up on a finding that keeps failing transiently after maxAttempts', async () => {
    fake.refuse = () => ({ ErrorCode: 'InternalException', ErrorMessage: 'down' });
    const summary = await run(report(many(2), { regions: [EU] }));
    assert.equal(fake.imports.length, 4);
    assert.deepEqual(summary.failed.map((f) => f.code), ['InternalException', 'InternalException']);
  });

  it('retries a throttled call (LimitExceededException, 429) and then succeeds', async () => {
    hub
      .on(BatchImportFindingsCommand)
      .rejectsOnce(new LimitExceededException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }))
      .callsFake(async (input, getClient) => fake.batchImport(await getClient().config.region(), input));
    const summary = await run(report(many(3), { regions: [EU] }));
    assert.equal(hub.commandCalls(BatchImportFindingsCommand).length, 2);
    assert.equal(summary.succeeded, 3);
    assert.equal(summary.complete, true);
    assert.deepEqual(retrySleeps, [250], 'throttling backs off from 500 ms (× jitter 0.5)');
  });

  it('fails every finding of a call refused outright (Security Hub not enabled)', async () => {
    hub.on(BatchImportFindingsCommand).rejects(
      new InvalidAccessException({ message: 'Account 123456789012 is not subscribed to AWS Security Hub', $metadata: { httpStatusCode: 401 } }),
    );
    const summary = await run(report(many(3), { regions: [EU] }));
    assert.equal(hub.commandCalls(BatchImportFindingsCommand).length, 1, 'not retried');
    assert.equal(summary.failed.length, 3);
    assert.ok(summary.failed.every((f) => f.code === 'InvalidAccessException'));
    assert.equal(summary.complete, false);
  });

  it('still imports when the read-back is denied, but reports it and archives nothing there', async () => {
    await run(report(many(2), { regions: [EU] }));
    hub.on(GetFindingsCommand).rejects(
      new SecurityHubServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'no securityhub:GetFindings' }),
    );
    const summary = await run(report(many(1), { regions: [EU], checks: [check('c1')] }), {}, new Date('2026-11-03T00:00:00Z'));
    assert.deepEqual(summary.readBackErrors.map((e) => [e.region, e.code]), [[EU, 'AccessDeniedException']]);
    assert.equal(summary.destinations[0]!.archived, 0);
    assert.equal(summary.succeeded, 1);
    assert.equal(summary.complete, false);
  });

  it('paces BatchImportFindings at 10 calls per second per region', async () => {
    await run(report(many(2500), { regions: [EU] }));
    assert.equal(fake.imports.length, 25);
    // A bucket of 10 with a clock that never moves: calls 11 … 25 wait 0.1 s more each.
    const importWaits = bucketWaits.filter((ms) => ms > 0);
    assert.equal(importWaits.length, 15);
    assert.equal(Math.round(Math.max(...importWaits)), 1500);
  });

  it('classifies per-finding errors', () => {
    assert.equal(classifyFailedFinding('InvalidInput'), 'fatal');
    assert.equal(classifyFailedFinding('InvalidAccess'), 'fatal');
    assert.equal(classifyFailedFinding('AccessDeniedException'), 'fatal');
    assert.equal(classifyFailedFinding('LimitExceededException'), 'throttling');
    assert.equal(classifyFailedFinding('ThrottlingException'), 'throttling');
    assert.equal(classifyFailedFinding('InternalException'), 'transient');
    assert.equal(classifyFailedFinding(undefined), 'fatal');
  });

  describe('run after run', () => {
    const A = stageArn(EU, 'a');
    const B = stageArn(EU, 'b');
    const C = stageArn(US, 'c');
    const first = report([result('c1', A, 'FAIL'), result('c1', B, 'FAIL'), result('c1', C, 'FAIL')]);

    it('keeps the same ids, keeps CreatedAt, and moves UpdatedAt strictly forward (same clock)', async () => {
      await run(first);
      const before = new Map([...fake.stored].map(([key, f]) => [key, { ...f }]));
      const summary = await run(first); // the same report, the same `now`
      assert.equal(summary.complete, true);
      const second = fake.imports.slice(-2).flatMap((c) => c.findings);
      assert.deepEqual(second.map((f) => f.Id).sort(), [...before.values()].map((f) => f.Id).sort());
      for (const [key, stored] of fake.stored) {
        const old = before.get(key)!;
        assert.equal(stored.CreatedAt, old.CreatedAt);
        assert.equal(stored.FirstObservedAt, old.FirstObservedAt);
        assert.ok(Date.parse(stored.UpdatedAt!) > Date.parse(old.UpdatedAt!), `${key}: ${stored.UpdatedAt} > ${old.UpdatedAt}`);
      }
    });

    it('reads CreatedAt back from Security Hub, through every page', async () => {
      await run(first, {}, new Date('2026-10-01T00:00:00Z'));
      fake.pageSize = 1;
      fake.reads.length = 0;
      await run(first, {}, new Date('2026-11-05T00:00:00Z'));
      assert.equal(fake.reads.filter((r) => r.region === EU).length, 2, 'two findings in eu-west-1 at one per page');
      assert.equal(fake.reads.filter((r) => r.region === EU)[1]!.request.NextToken, '1');
      const sent = fake.imports.slice(-2).flatMap((c) => c.findings);
      for (const f of sent) {
        assert.equal(f.CreatedAt, '2026-10-01T00:00:00.000Z');
        assert.equal(f.UpdatedAt, '2026-11-05T00:00:00.000Z');
      }
    });

    it('archives what is gone, never writes Workflow or top-level Severity/Types', async () => {
      await run(first);
      const now = report([result('c1', A, 'PASS')]);
      const summary = await run(now, {}, new Date('2026-11-03T00:00:00Z'));
      const sent = fake.imports.slice(-2).flatMap((c) => c.findings);
      const byId = new Map(sent.map((f) => [`${f.ProductArn!.split(':')[3]} ${f.Id}`, f]));
      assert.equal(byId.get(`${EU} ${findingId('c1', A)}`)?.Compliance?.Status, 'PASSED');
      assert.equal(byId.get(`${EU} ${findingId('c1', A)}`)?.RecordState, 'ACTIVE');
      assert.equal(byId.get(`${EU} ${findingId('c1', B)}`)?.RecordState, 'ARCHIVED');
      assert.equal(byId.get(`${US} ${findingId('c1', C)}`)?.RecordState, 'ARCHIVED');
      assert.deepEqual(summary.destinations.map((d) => [d.region, d.findings, d.archived]), [
        [EU, 1, 1],
        [US, 0, 1],
      ]);
      for (const call of fake.imports) {
        for (const f of call.findings) {
          assert.equal(f.Workflow, undefined);
          assert.equal(f.WorkflowState, undefined);
          assert.equal(f.Severity, undefined);
          assert.equal(f.Types, undefined);
          assert.equal(f.Region, undefined);
          assert.ok(!Object.keys(f.ProductFields ?? {}).some((k) => k.startsWith('aws/')));
        }
      }
      assert.equal(fake.get(EU, findingId('c1', B))?.RecordState, 'ARCHIVED');
      assert.equal(fake.get(EU, findingId('c1', B))?.CreatedAt, '2026-11-02T08:00:00.000Z');
      // A third run does not archive it again.
      await run(now, {}, new Date('2026-11-04T00:00:00Z'));
      const third = fake.imports.slice(-1).flatMap((c) => c.findings);
      assert.deepEqual(third.map((f) => f.Id), [findingId('c1', A)]);
    });

    it('does not archive in a region whose check ended in ERROR, nor in a region not scanned', async () => {
      await run(first);
      const gap = result('c1', `arn:aws:apigateway:${EU}:${ACCOUNT}:account`, 'ERROR', { type: 'account' });
      const summary = await run(report([gap], { regions: [EU] }), {}, new Date('2026-11-03T00:00:00Z'));
      assert.deepEqual(summary.destinations.map((d) => [d.region, d.findings, d.archived]), [[EU, 1, 0]]);
      assert.equal(fake.get(EU, findingId('c1', A))?.RecordState, 'ACTIVE');
      assert.equal(fake.get(US, findingId('c1', C))?.RecordState, 'ACTIVE');
      assert.deepEqual(fake.reads.slice(-1).map((r) => r.region), [EU], 'us-east-1 was not covered: not even read');
    });
  });

  describe('a check that could not run never hides an earlier failure', () => {
    const A = stageArn(EU, 'a');
    const B = stageArn(EU, 'b');

    it('leaves the earlier FAILED finding as it was, sends no update for it, and counts it', async () => {
      await run(report([result('c1', A, 'FAIL'), result('c1', B, 'PASS')], { regions: [EU] }));
      const before = structuredClone(fake.get(EU, findingId('c1', A))!);
      const imports = fake.imports.length;
      const summary = await run(report([result('c1', A, 'ERROR'), result('c1', B, 'ERROR')], { regions: [EU] }), {}, new Date('2026-11-03T00:00:00Z'));
      const sent = fake.imports.slice(imports).flatMap((c) => c.ids);
      assert.deepEqual(sent, [findingId('c1', B)], 'only the earlier pass becomes NOT_AVAILABLE');
      assert.deepEqual(fake.get(EU, findingId('c1', A)), before);
      assert.equal(fake.get(EU, findingId('c1', A))?.Compliance?.Status, 'FAILED');
      assert.equal(summary.keptFailures, 1);
      assert.deepEqual(summary.destinations.map((d) => [d.region, d.findings, d.archived, d.keptFailures]), [[EU, 1, 0, 1]]);
      assert.equal(summary.complete, true);
    });

    it('takes the earlier failure from --previous-report in a dry run', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'apiposture-sh-'));
      const previous = report([result('c1', A, 'FAIL')], { regions: [EU] });
      const summary = await importFindings({ report: report([result('c1', A, 'ERROR')], { regions: [EU] }), previousReport: previous, dryRunDir: dir, now: () => RUN_1 });
      assert.deepEqual(summary.files, []);
      assert.deepEqual(summary.destinations.map((d) => [d.region, d.findings, d.archived, d.keptFailures]), [[EU, 0, 0, 1]]);
    });
  });

  describe('--security-hub-findings failed', () => {
    const A = stageArn(EU, 'a');
    const B = stageArn(EU, 'b');
    const G = stageArn(EU, 'gone');
    const failedOnly = { findings: 'failed' as const };

    it('sends failures only, then resolves a fixed one (PASSED), then leaves it alone', async () => {
      const first = await run(report([result('c1', A, 'FAIL'), result('c1', B, 'PASS'), result('c1', G, 'FAIL')], { regions: [EU] }), failedOnly);
      assert.deepEqual(fake.imports.flatMap((c) => c.ids), [findingId('c1', A), findingId('c1', G)]);
      assert.deepEqual(first.destinations.map((d) => [d.findings, d.notSelected]), [[2, 1]]);

      const fixed = report([result('c1', A, 'PASS'), result('c1', B, 'PASS')], { regions: [EU] });
      let imports = fake.imports.length;
      const second = await run(fixed, failedOnly, new Date('2026-11-03T00:00:00Z'));
      const sent = fake.imports.slice(imports).flatMap((c) => c.findings);
      assert.deepEqual(sent.map((f) => [f.Id, f.Compliance?.Status ?? null, f.RecordState]), [
        [findingId('c1', A), 'PASSED', 'ACTIVE'],
        [findingId('c1', G), 'FAILED', 'ARCHIVED'],
      ]);
      assert.equal(fake.get(EU, findingId('c1', A))?.Compliance?.Status, 'PASSED', 'a fixed finding never stays active as FAILED');
      assert.deepEqual(second.destinations.map((d) => [d.findings, d.archived, d.notSelected]), [[1, 1, 1]]);

      imports = fake.imports.length;
      const third = await run(fixed, failedOnly, new Date('2026-11-04T00:00:00Z'));
      assert.equal(fake.imports.length, imports, 'nothing left to send or resolve');
      assert.deepEqual(third.destinations.map((d) => [d.findings, d.archived, d.notSelected]), [[0, 0, 2]]);
      assert.equal(fake.get(EU, findingId('c1', A))?.RecordState, 'ACTIVE', 'a passing resource is not archived');
    });

    it('never archives on ERROR, and keeps an earlier failure', async () => {
      await run(report([result('c1', A, 'FAIL')], { regions: [EU] }), failedOnly);
      const summary = await run(report([result('c1', A, 'ERROR')], { regions: [EU] }), failedOnly, new Date('2026-11-03T00:00:00Z'));
      assert.equal(fake.get(EU, findingId('c1', A))?.RecordState, 'ACTIVE');
      assert.equal(fake.get(EU, findingId('c1', A))?.Compliance?.Status, 'FAILED');
      assert.equal(summary.keptFailures, 1);
    });

    it('sends passes where the earlier findings could not be read: one of them may resolve a failure', async () => {
      hub.on(GetFindingsCommand).rejects(
        new SecurityHubServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'denied' }),
      );
      const summary = await run(report([result('c1', A, 'PASS'), result('c1', B, 'ERROR')], { regions: [EU] }), failedOnly);
      assert.deepEqual(fake.imports.flatMap((c) => c.ids), [findingId('c1', A)]);
      assert.deepEqual(summary.destinations.map((d) => [d.findings, d.heldErrors]), [[1, 1]]);
    });
  });

  describe('dry run', () => {
    it('writes the exact batches, makes no AWS call, and takes earlier findings from --previous-report', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'apiposture-sh-'));
      const previous = report([result('c1', stageArn(EU, 'gone'), 'FAIL'), ...many(150)], {
        collectedAt: '2026-10-01T07:00:00.000Z',
        generatedAt: '2026-10-01T07:05:00.000Z',
      });
      const summary = await importFindings({ report: report(many(150)), previousReport: previous, dryRunDir: dir, now: () => RUN_1 });
      assert.equal(hub.calls().length, 0, 'no AWS call');
      assert.equal(summary.dryRun, true);
      assert.deepEqual(readdirSync(join(dir, 'securityhub')).sort(), [
        `${ACCOUNT}-${EU}-batch-001.json`,
        `${ACCOUNT}-${EU}-batch-002.json`,
      ]);
      assert.deepEqual(summary.files.map((f) => f.slice(dir.length + 1)), [
        `securityhub/${ACCOUNT}-${EU}-batch-001.json`,
        `securityhub/${ACCOUNT}-${EU}-batch-002.json`,
      ]);
      const batches = summary.files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as { Findings: AwsSecurityFinding[] });
      assert.deepEqual(batches.map((b) => b.Findings.length), [100, 51]);
      const all = batches.flatMap((b) => b.Findings);
      const gone = all.find((f) => f.Id === findingId('c1', stageArn(EU, 'gone')));
      assert.equal(gone?.RecordState, 'ARCHIVED');
      const kept = all.find((f) => f.Id === findingId('c1', stageArn(EU, 'api000')));
      assert.equal(kept?.CreatedAt, '2026-10-01T07:05:00.000Z');
      assert.equal(kept?.FirstObservedAt, '2026-10-01T07:00:00.000Z');
      assert.equal(kept?.UpdatedAt, RUN_1.toISOString());
      assert.equal(statSync(summary.files[0]!).mode & 0o777, 0o600);
      assert.deepEqual(summary.destinations.map((d) => [d.findings, d.archived, d.previous]), [[150, 1, 'previous-report']]);
    });
  });
});

describe('a report older than what Security Hub holds', () => {
  let fake: FakeHub;
  beforeEach(() => {
    fake = new FakeHub();
  });
  afterEach(() => hub.reset());

  const A = stageArn(EU, 'a');
  const B = stageArn(EU, 'b');
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 2, random: () => 0.5, sleep: async () => undefined };
  const at = (collectedAt: string, results: ReturnType<typeof result>[]) =>
    report(results, { regions: [EU], collectedAt, generatedAt: collectedAt, checks: [check('c1')] });
  const newer = at('2026-11-05T00:00:00.000Z', [result('c1', A, 'FAIL'), result('c1', B, 'FAIL')]);
  /** Collected before `newer`, when B did not exist yet: it would archive B. */
  const older = at('2026-11-01T00:00:00.000Z', [result('c1', A, 'PASS')]);

  function run(r: Report, options: Partial<ImportOptions> = {}, now = new Date('2026-11-06T00:00:00Z')) {
    return importFindings({ report: r, clientFor: fake.clientFor, now: () => now, retry, clock: () => 0, sleep: async () => undefined, ...options });
  }

  it('is refused before anything is sent, with a one-line reason', async () => {
    await run(newer);
    const imports = fake.imports.length;
    await assert.rejects(run(older, {}, new Date('2026-11-07T00:00:00Z')), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.match(error.message, /collected at 2026-11-01T00:00:00\.000Z, before the findings Security Hub holds in 123456789012 eu-west-1 \(collected at 2026-11-05T00:00:00\.000Z\)/);
      assert.match(error.message, /--allow-older-report/);
      assert.doesNotMatch(error.message, /\n/);
      return true;
    });
    assert.equal(fake.imports.length, imports, 'nothing sent');
    assert.equal(fake.get(EU, findingId('c1', B))?.RecordState, 'ACTIVE');
  });

  it('when allowed, nothing is archived where it is older, and no finding held from later data is overwritten', async () => {
    await run(newer);
    const withNew = at('2026-11-01T00:00:00.000Z', [result('c1', A, 'PASS'), result('c1', stageArn(EU, 'c'), 'FAIL')]);
    const summary = await run(withNew, { olderReport: 'import' }, new Date('2026-11-07T00:00:00Z'));
    assert.equal(fake.get(EU, findingId('c1', B))?.RecordState, 'ACTIVE', 'B exists in the newer report: never archived on the older one');
    // A's FAIL comes from later data than the older report's PASS: the old PASS must not resolve it.
    assert.equal(fake.get(EU, findingId('c1', A))?.Compliance?.Status, 'FAILED');
    assert.equal(fake.get(EU, findingId('c1', stageArn(EU, 'c')))?.Compliance?.Status, 'FAILED', 'what Security Hub does not hold is imported');
    assert.deepEqual(
      summary.destinations.map((d) => [d.region, d.findings, d.archived, d.newerHeld, d.newerImport]),
      [[EU, 1, 0, 1, '2026-11-05T00:00:00.000Z']],
    );
  });

  it('the same report again, or one of the same collection, is not older', async () => {
    await run(newer);
    const again = await run(at('2026-11-05T00:00:00.000Z', [result('c1', A, 'FAIL')]), {}, new Date('2026-11-07T00:00:00Z'));
    assert.equal(fake.get(EU, findingId('c1', B))?.RecordState, 'ARCHIVED');
    assert.equal(again.destinations[0]!.newerImport, undefined);
  });

  it('is dated by when its data was collected (LastObservedAt), not by when it was imported (UpdatedAt)', async () => {
    // Collected on the 1st, imported on the 10th; a report collected on the 5th is newer data.
    await run(at('2026-11-01T00:00:00.000Z', [result('c1', A, 'FAIL'), result('c1', B, 'FAIL')]), {}, new Date('2026-11-10T00:00:00Z'));
    await run(at('2026-11-05T00:00:00.000Z', [result('c1', A, 'FAIL')]), {}, new Date('2026-11-11T00:00:00Z'));
    assert.equal(fake.get(EU, findingId('c1', B))?.RecordState, 'ARCHIVED');
  });

  it('an archived finding still dates the import that wrote it', async () => {
    await run(newer);
    await run(at('2026-11-05T00:00:00.000Z', []), {}, new Date('2026-11-07T00:00:00Z'));
    assert.ok(fake.inRegion(EU).every((f) => f.RecordState === 'ARCHIVED'));
    await assert.rejects(run(older, {}, new Date('2026-11-08T00:00:00Z')), InputError);
  });

  it('is compared with --previous-report too (dry run)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apiposture-sh-'));
    await assert.rejects(
      importFindings({ report: older, previousReport: newer, dryRunDir: dir, now: () => RUN_1 }),
      /collected at 2026-11-01T00:00:00\.000Z, before the findings .*--previous-report.* \(collected at 2026-11-05T00:00:00\.000Z\)/,
    );
    const allowed = await importFindings({ report: older, previousReport: newer, dryRunDir: dir, now: () => RUN_1, olderReport: 'import' });
    // A is held from the newer report's data: nothing older overwrites it, nothing is archived.
    assert.deepEqual(allowed.destinations.map((d) => [d.findings, d.archived, d.newerHeld]), [[0, 0, 1]]);
  });
});

describe('BatchImportFindings answers that do not account for every finding', () => {
  let fake: FakeHub;
  beforeEach(() => {
    fake = new FakeHub();
  });
  afterEach(() => hub.reset());
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 2, random: () => 0.5, sleep: async () => undefined };
  const run = (r: Report) => importFindings({ report: r, clientFor: fake.clientFor, now: () => RUN_1, retry, clock: () => 0, sleep: async () => undefined });
  const five = () => report(many(5), { regions: [EU] });

  const answers: [string, Partial<BatchImportFindingsCommandOutput>, number][] = [
    ['FailedCount without FailedFindings', { SuccessCount: 2, FailedCount: 3 }, 3],
    ['fewer FailedFindings than FailedCount', { SuccessCount: 2, FailedCount: 3, FailedFindings: [{ Id: findingId('c1', stageArn(EU, 'api000')), ErrorCode: 'InvalidInput', ErrorMessage: 'bad' }] }, 2],
    ['SuccessCount + FailedCount short of the batch', { SuccessCount: 3, FailedCount: 0 }, 2],
    ['no counts at all', {}, 5],
  ];
  for (const [name, answer, unconfirmed] of answers) {
    it(`${name}: the unnamed failures are counted, never taken as imported, and the run is incomplete`, async () => {
      hub.on(BatchImportFindingsCommand).resolves(answer);
      const summary = await run(five());
      const named = answer.FailedFindings?.length ?? 0;
      assert.equal(summary.succeeded, 5 - named - unconfirmed);
      assert.equal(summary.unconfirmed, unconfirmed);
      assert.deepEqual(summary.destinations.map((d) => [d.region, d.unconfirmed]), [[EU, unconfirmed]]);
      assert.equal(summary.failed.length, named);
      assert.equal(summary.complete, false);
    });
  }

  it('an answer that adds up is success', async () => {
    hub.on(BatchImportFindingsCommand).resolves({ SuccessCount: 5, FailedCount: 0 });
    const summary = await run(five());
    assert.equal(summary.succeeded, 5);
    assert.equal(summary.unconfirmed, 0);
    assert.equal(summary.complete, true);
  });
});

describe('a Security Hub read-back that never ends', () => {
  let fake: FakeHub;
  beforeEach(() => {
    fake = new FakeHub();
  });
  afterEach(() => hub.reset());
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 2, random: () => 0.5, sleep: async () => undefined };
  const run = (r: Report) => importFindings({ report: r, clientFor: fake.clientFor, now: () => RUN_1, retry, clock: () => 0, sleep: async () => undefined });
  const gone = stageArn(EU, 'gone');

  async function seeded(): Promise<Report> {
    await run(report([result('c1', gone, 'FAIL'), ...many(2)], { regions: [EU] }));
    return report(many(2), { regions: [EU], checks: [check('c1')] });
  }

  function assertReadBackError(summary: Awaited<ReturnType<typeof run>>, code: string) {
    assert.deepEqual(summary.readBackErrors.map((e) => [e.region, e.code]), [[EU, code]]);
    assert.equal(summary.destinations[0]!.archived, 0, 'nothing archived on a read-back that did not finish');
    assert.equal(fake.get(EU, findingId('c1', gone))?.RecordState, 'ACTIVE');
    assert.equal(summary.succeeded, 2, 'the findings are still imported');
    assert.equal(summary.complete, false);
  }

  it('empty pages, each with a fresh token: stops after a few, records a read-back error', async () => {
    const next = await seeded();
    let page = 0;
    hub.on(GetFindingsCommand).callsFake(async () => ({ Findings: [], NextToken: `t${(page += 1)}` }));
    const summary = await run(next);
    assertReadBackError(summary, 'PaginationLoop');
    assert.ok(page <= 10, `${page} pages`);
  });

  it('a token seen before is a loop, even with findings on every page', async () => {
    const next = await seeded();
    const stored = fake.inRegion(EU);
    let page = 0;
    hub.on(GetFindingsCommand).callsFake(async () => ({ Findings: [stored[(page += 1) % stored.length]!], NextToken: page % 2 ? 'a' : 'b' }));
    const summary = await run(next);
    assertReadBackError(summary, 'PaginationLoop');
    assert.ok(page <= 3, `${page} pages`);
  });

  it('non-empty pages with fresh tokens stop at a bound derived from the report', async () => {
    const next = await seeded();
    const stored = fake.inRegion(EU);
    let page = 0;
    hub.on(GetFindingsCommand).callsFake(async () => ({ Findings: [stored[(page += 1) % stored.length]!], NextToken: `t${page}` }));
    const summary = await run(next);
    assertReadBackError(summary, 'PaginationLimit');
    // 2 findings could come from this report: (10 × 2 + 10 000) findings at 100 a page, twice over.
    assert.equal(page, 2 * Math.ceil((10 * 2 + 10_000) / 100));
  });
});

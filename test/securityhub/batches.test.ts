import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { buildFindings, findingBytes } from '../../src/securityhub/asff.js';
import { batchByDestination, batchFindings, BATCH_LIMITS } from '../../src/securityhub/batches.js';
import { EU, report, result, stageArn, US } from './fixtures.js';

const NOW = new Date('2026-11-02T08:00:00.000Z');

function findings(count: number, evidenceBytes = 10): AwsSecurityFinding[] {
  const evidence = { blob: 'x'.repeat(evidenceBytes) };
  const r = report(Array.from({ length: count }, (_, i) => result('c', stageArn(EU, `api${String(i).padStart(4, '0')}`), 'FAIL', { evidence })));
  return buildFindings(r, { now: NOW }).map((p) => p.finding);
}

function bodyBytes(batch: AwsSecurityFinding[]): number {
  return Buffer.byteLength(JSON.stringify({ Findings: batch }), 'utf8');
}

describe('batching', () => {
  it('250 findings → 100, 100 and 50', () => {
    const { batches, oversized } = batchFindings(findings(250));
    assert.deepEqual(batches.map((b) => b.length), [100, 100, 50]);
    assert.equal(oversized.length, 0);
    assert.deepEqual(batches.flat().map((f) => f.Id), findings(250).map((f) => f.Id), 'order kept, nothing lost');
  });

  it('splits on bytes before 100 findings: every request body ≤ 6 MB', () => {
    // Evidence goes into the description and a product field (2 KB at most), so findings are
    // small; a byte limit of 100 KB makes the byte rule bite first.
    const all = findings(120, 1500);
    const size = findingBytes(all[0]!);
    const limits = { ...BATCH_LIMITS, maxBytes: 100_000 };
    const { batches } = batchFindings(all, limits);
    const perBatch = Math.floor((100_000 - 15) / (size + 1));
    assert.ok(perBatch < 100);
    assert.equal(batches[0]!.length, perBatch);
    for (const batch of batches) assert.ok(bodyBytes(batch) <= 100_000, `${bodyBytes(batch)} bytes`);
    assert.equal(batches.flat().length, 120);
  });

  it('keeps real 6 MB requests for near-limit findings (230 KB each: 26 per call)', () => {
    const big: AwsSecurityFinding[] = Array.from({ length: 60 }, (_, i) => ({
      ...findings(1)[0]!,
      Id: `apiposture/c/${i}`,
      ProductFields: { pad: 'p'.repeat(1), ...Object.fromEntries(Array.from({ length: 46 }, (_, k) => [`k${k}`, 'y'.repeat(2000)])) },
      Description: 'd'.repeat(1000),
      Resources: [{ Type: 'Other', Id: `r${i}`, Details: { Other: Object.fromEntries(Array.from({ length: 140 }, (_, k) => [`o${k}`, 'z'.repeat(1000)])) } }],
    }));
    const size = findingBytes(big[0]!);
    assert.ok(size > 200_000 && size <= 240_000, `${size}`);
    const { batches, oversized } = batchFindings(big);
    assert.equal(oversized.length, 0);
    for (const batch of batches) assert.ok(bodyBytes(batch) <= 6_000_000);
    assert.ok(batches[0]!.length < 30 && batches[0]!.length >= 24, `${batches[0]!.length}`);
    assert.equal(batches.flat().length, 60);
  });

  it('sets aside a finding too large to send', () => {
    const [small] = findings(1);
    const huge = { ...small!, Id: 'apiposture/huge', Description: 'h'.repeat(300_000) };
    const { batches, oversized } = batchFindings([small!, huge]);
    assert.deepEqual(oversized.map((f) => f.Id), ['apiposture/huge']);
    assert.deepEqual(batches.map((b) => b.length), [1]);
  });

  it('groups by account and region before batching', () => {
    const r = report([
      ...Array.from({ length: 150 }, (_, i) => result('c', stageArn(EU, `a${i}`), 'FAIL')),
      ...Array.from({ length: 3 }, (_, i) => result('c', stageArn(US, `b${i}`), 'PASS')),
    ]);
    const groups = batchByDestination(buildFindings(r, { now: NOW }));
    assert.deepEqual(
      groups.map((g) => [g.region, g.batches.map((b) => b.length)]),
      [
        [EU, [100, 50]],
        [US, [3]],
      ],
    );
    for (const group of groups) for (const f of group.batches.flat()) assert.match(f.ProductArn!, new RegExp(`:${group.region}:`));
  });
});

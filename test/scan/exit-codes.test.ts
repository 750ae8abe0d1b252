import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { combineExitCodes, EXIT } from '../../src/exit-codes.js';
import { parseInventory } from '../../src/inventory/io.js';
import type { Report } from '../../src/report/model.js';
import { scannedNothing } from '../../src/report/completeness.js';
import { evaluateInventory, exitCodeFor } from '../../src/scan/evaluate.js';
import { readFileSync } from 'node:fs';

const demo = evaluateInventory(parseInventory(JSON.parse(readFileSync('examples/demo-inventory.json', 'utf8')), 'demo'), {}, new Date('2026-12-01T00:00:00Z'));

function withoutFailures(report: Report): Report {
  return { ...report, results: report.results.map((r) => (r.status === 'FAIL' ? { ...r, status: 'PASS' as const } : r)) };
}

function complete(report: Report): Report {
  return { ...report, scan: { ...report.scan, complete: true }, collectionErrors: [], results: report.results.filter((r) => r.status !== 'ERROR') };
}

function unreachable(report: Report): Report {
  const errors = report.scan.regions.flatMap((region) =>
    (
      [
        ['apigateway', 'GetRestApis'],
        ['apigatewayv2', 'GetApis'],
      ] as const
    ).map(([service, operation]) => ({ service, operation, region, resource: region, code: 'TimeoutError', message: 'no answer' })),
  );
  return { ...report, scan: { ...report.scan, complete: false }, collectionErrors: errors };
}

describe('exit codes', () => {
  it('the demo is incomplete and fails critical checks: findings (1) win, so a gate on critical is never hidden', () => {
    assert.equal(demo.scan.complete, false);
    assert.ok(demo.results.some((r) => r.status === 'FAIL' && r.severity === 'critical'));
    assert.equal(exitCodeFor(demo, 'critical'), EXIT.FINDINGS);
  });

  it('incomplete with nothing at or above --fail-on is 3; complete is 0 or 1', () => {
    assert.equal(exitCodeFor(demo, 'none'), EXIT.INCOMPLETE);
    assert.equal(exitCodeFor(withoutFailures(demo), 'info'), EXIT.INCOMPLETE);
    assert.equal(exitCodeFor(complete(withoutFailures(demo)), 'info'), EXIT.OK);
    assert.equal(exitCodeFor(complete(demo), 'critical'), EXIT.FINDINGS);
    assert.equal(exitCodeFor(complete(demo), 'none'), EXIT.OK);
  });

  it('a scan where no region answered either API list is 4 (nothing scanned), not 3', () => {
    const nothing = unreachable(withoutFailures(demo));
    assert.equal(scannedNothing(nothing), true);
    assert.equal(exitCodeFor(nothing, 'critical'), EXIT.NOTHING_SCANNED);
    assert.equal(scannedNothing(demo), false, 'one denied call is a partial scan');
  });

  it('one region that answered makes it a partial scan (3)', () => {
    const nothing = unreachable(withoutFailures(demo));
    const partial = { ...nothing, scan: { ...nothing.scan, regions: [...nothing.scan.regions, 'ap-south-2'] } };
    assert.equal(scannedNothing(partial), false);
    assert.equal(exitCodeFor(partial, 'critical'), EXIT.INCOMPLETE);
  });

  it('combines outcomes: usage, then findings, then nothing scanned, then incomplete, then ok', () => {
    assert.equal(combineExitCodes(EXIT.INCOMPLETE, EXIT.FINDINGS), EXIT.FINDINGS);
    assert.equal(combineExitCodes(EXIT.OK, EXIT.INCOMPLETE), EXIT.INCOMPLETE);
    assert.equal(combineExitCodes(EXIT.INCOMPLETE, EXIT.NOTHING_SCANNED), EXIT.NOTHING_SCANNED);
    assert.equal(combineExitCodes(EXIT.FINDINGS, EXIT.USAGE), EXIT.USAGE);
    assert.equal(combineExitCodes(), EXIT.OK);
  });
});

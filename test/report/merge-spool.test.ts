/**
 * What lets `merge` hold one report at a time: the inputs are handed over one by one, each only
 * once the previous one was dealt with; each account's part of the per-result files goes to a
 * private temporary folder, put together in the order asked, and removed at the end.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { forEachMergeInput } from '../../src/output/merge-inputs.js';
import { MergeSpool } from '../../src/output/merge-spool.js';
import { LocalFolderSink } from '../../src/output/local.js';
import { writeReportFiles } from '../../src/output/reports.js';
import { csvChunks } from '../../src/report/csv.js';
import { junitChunks } from '../../src/report/junit.js';
import type { Report } from '../../src/report/model.js';
import { cleanInventory, reportFor, CHECKS } from './fixture.js';
import { runChecks } from '../../src/engine/runner.js';

function spoolFolders(): Set<string> {
  return new Set(readdirSync(tmpdir()).filter((name) => name.startsWith('apiposture-merge-spool-')));
}

function account(id: string): Report {
  const inventory = cleanInventory();
  inventory.account.id = id;
  return reportFor(inventory, runChecks(CHECKS, inventory));
}

describe('merge, one report at a time', () => {
  it('hands each input over only once the previous one was dealt with', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apiposture-merge-in-'));
    const files: string[] = [];
    for (const id of ['111111111111', '222222222222', '333333333333']) {
      const { written } = await writeReportFiles(new LocalFolderSink(join(dir, id)), account(id), ['json']);
      files.push(written[0]!);
    }
    const events: string[] = [];
    await forEachMergeInput(
      files.map((path) => ({ kind: 'file', path })),
      { s3: () => Promise.reject(new Error('no S3 here')) },
      async (item) => {
        assert.ok(item.ok);
        events.push(`start ${item.source.report.scan.account}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        events.push(`end ${item.source.report.scan.account}`);
      },
    );
    assert.deepEqual(events, ['start 111111111111', 'end 111111111111', 'start 222222222222', 'end 222222222222', 'start 333333333333', 'end 333333333333']);
  });

  it('puts each account’s part together in the order asked, and removes its folder when closed', () => {
    const before = spoolFolders();
    const reports = [account('111111111111'), account('222222222222'), account('333333333333')];
    const spool = new MergeSpool(['csv', 'junit']);
    const [folder] = [...spoolFolders()].filter((name) => !before.has(name));
    assert.ok(folder !== undefined, 'a private folder');
    assert.equal(statSync(join(tmpdir(), folder)).mode & 0o777, 0o700);
    try {
      reports.forEach((report, i) => spool.add(i, report));
      // The second report superseded, say: the files list the first and the third.
      const files = spool.files([0, 2]);
      const used = [reports[0]!, reports[2]!];
      assert.equal([...files.chunks('csv', 'now')].join(''), [...csvChunks(used)].join(''));
      assert.equal([...files.chunks('junit', '2026-11-01T00:00:00.000Z')].join(''), [...junitChunks(used, '2026-11-01T00:00:00.000Z')].join(''));
      assert.throws(() => files.chunks('ocsf', 'now'), /spooled no ocsf parts/);
    } finally {
      spool.close();
    }
    assert.ok(!existsSync(join(tmpdir(), folder)), 'removed');
    spool.close();
  });

  it('merges many accounts’ junit parts without holding a file open per account', () => {
    const accounts = Array.from({ length: 40 }, (_, i) => String(100000000000 + i));
    const reports = accounts.map(account);
    const spool = new MergeSpool(['junit']);
    try {
      reports.forEach((report, i) => spool.add(i, report));
      const openBefore = readdirSync('/proc/self/fd').length;
      const chunks = spool.files(reports.map((_, i) => i)).chunks('junit', '2026-11-01T00:00:00.000Z')[Symbol.iterator]();
      const first = chunks.next();
      const second = chunks.next();
      // Mid-merge, every account's part has been read from; none of them is left open.
      assert.ok(!first.done && !second.done);
      assert.ok(readdirSync('/proc/self/fd').length <= openBefore + 1, 'no descriptor per account');
      const rest: string[] = [];
      for (let next = chunks.next(); !next.done; next = chunks.next()) rest.push(next.value);
      assert.equal(first.value + second.value + rest.join(''), [...junitChunks(reports, '2026-11-01T00:00:00.000Z')].join(''));
    } finally {
      spool.close();
    }
  });

  it('makes no folder when no per-result format is asked for', () => {
    const before = spoolFolders();
    const spool = new MergeSpool([]);
    assert.deepEqual(spoolFolders(), before);
    spool.close();
  });
});

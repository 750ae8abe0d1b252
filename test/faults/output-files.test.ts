/**
 * Reports and snapshots are written atomically (a temporary file beside the target, renamed
 * over it) and owner-only: files 0600, folders we create 0700, whatever the umask. A failure
 * mid-write leaves the previous file intact and no temporary file behind.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { evaluateInventory } from '../../src/scan/evaluate.js';
import { InputError } from '../../src/errors.js';
import { parseInventory, writeInventory } from '../../src/inventory/io.js';
import { LocalFolderSink } from '../../src/output/local.js';
import { writeReportFiles } from '../../src/output/reports.js';
import { writeAtomic } from '../../src/util/atomic-write.js';
import { runCli } from '../e2e/run-cli.js';
import { demo, DEMO_PATH, filesUnder, nonLogLines, tempDir } from './support.js';
import { REPORT_SCHEMA_VERSION } from '../../src/report/model.js';

const mode = (path: string) => statSync(path).mode & 0o777;

/** Yields `megabytes` of text, then fails, as a renderer that breaks halfway would. */
function* breaksHalfway(megabytes: number): Generator<string> {
  for (let i = 0; i < megabytes; i += 1) yield 'x'.repeat(1 << 20);
  throw new Error('renderer broke');
}

describe('output files: atomic and owner-only', () => {
  const report = evaluateInventory(parseInventory(structuredClone(demo), 'demo'));
  let umask: number;

  // A permissive umask must not widen what we create.
  before(() => {
    umask = process.umask(0o000);
  });
  after(() => {
    process.umask(umask);
  });

  it('report.json and report.html are 0600 in a 0700 folder, nested folders included', async () => {
    const outputDir = join(tempDir(), 'a', 'b', 'out');
    const { written } = await writeReportFiles(new LocalFolderSink(outputDir), report, ['json', 'html']);
    assert.deepEqual(written, [join(outputDir, 'report.json'), join(outputDir, 'report.html')]);
    assert.equal(mode(outputDir), 0o700);
    assert.equal(mode(join(outputDir, '..')), 0o700);
    for (const path of written) assert.equal(mode(path), 0o600, path);
    assert.deepEqual(filesUnder(outputDir), ['report.html', 'report.json']);
  });

  it('an existing folder is left as it is; files written over are 0600 again', async () => {
    const outputDir = tempDir();
    chmodSync(outputDir, 0o755);
    writeFileSync(join(outputDir, 'report.json'), 'old', { mode: 0o644 });
    await writeReportFiles(new LocalFolderSink(outputDir), report, ['json']);
    assert.equal(mode(outputDir), 0o755, 'not ours to change');
    assert.equal(mode(join(outputDir, 'report.json')), 0o600);
    assert.equal(JSON.parse(readFileSync(join(outputDir, 'report.json'), 'utf8')).schemaVersion, REPORT_SCHEMA_VERSION);
  });

  it('the inventory snapshot is 0600 and its new folder 0700', async () => {
    const path = join(tempDir(), 'snapshots', 'inventory.json');
    await writeInventory(path, parseInventory(structuredClone(demo), 'demo'));
    assert.equal(mode(path), 0o600);
    assert.equal(mode(join(path, '..')), 0o700);
    assert.deepEqual(filesUnder(join(path, '..')), ['inventory.json']);
  });

  it('a failure mid-write keeps the previous file whole and leaves no temporary file', async () => {
    const dir = tempDir();
    const path = join(dir, 'report.json');
    writeFileSync(path, '{"previous": true}\n');
    // Several megabytes: the temporary file really received data before the failure.
    await assert.rejects(writeAtomic(path, breaksHalfway(3)), /renderer broke/);
    assert.equal(readFileSync(path, 'utf8'), '{"previous": true}\n');
    assert.deepEqual(filesUnder(dir), ['report.json']);
    await assert.rejects(writeAtomic(join(dir, 'new.json'), breaksHalfway(2)), /renderer broke/);
    assert.deepEqual(filesUnder(dir), ['report.json'], 'no half-written new file either');
  });

  it('a report that cannot be put in place is a one-line InputError, with no temporary file left', async () => {
    const outputDir = tempDir();
    mkdirSync(join(outputDir, 'report.html'));
    await assert.rejects(writeReportFiles(new LocalFolderSink(outputDir), report, ['json', 'html']), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.match(error.message, /^cannot write .*report\.html: E[A-Z]+$/);
      return true;
    });
    assert.deepEqual(filesUnder(outputDir), ['report.json']);
  });

  it('CLI: an output folder that is a file is exit 2 with one line, and nothing is written', async () => {
    const dir = tempDir();
    const blocker = join(dir, 'not-a-dir');
    writeFileSync(blocker, '');
    const run = await runCli(['evaluate', DEMO_PATH, '--output-dir', join(blocker, 'out'), '--fail-on', 'none']);
    assert.equal(run.code, 2);
    const lines = nonLogLines(run.stderr);
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0]!, /^apiposture: cannot create the output directory .*: ENOTDIR$/);
    assert.deepEqual(filesUnder(dir), ['not-a-dir']);
  });
});

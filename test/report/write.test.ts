import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InputError } from '../../src/errors.js';
import { renderHtml } from '../../src/report/html.js';
import { parseReport, type Report } from '../../src/report/model.js';
import { LocalFolderSink } from '../../src/output/local.js';
import { writeReportFiles } from '../../src/output/reports.js';
import type { ReportFormat } from '../../src/report/formats.js';
import { reportJsonChunks } from '../../src/report/write.js';
import { hostileReport } from './fixture.js';

const POSIX = process.platform !== 'win32';

async function scratch(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'apiposture-write-'));
}

/** The report files in a local folder, as `--output-dir <folder>` writes them. */
async function writeReports(report: Report, options: { outputDir: string; formats: readonly ReportFormat[] }): Promise<string[]> {
  return (await writeReportFiles(new LocalFolderSink(options.outputDir), report, options.formats)).written;
}

describe('report files in a local folder', () => {
  const report = hostileReport();

  it('writes report.json and report.html, owner-only, and nothing else', async () => {
    const outputDir = join(await scratch(), 'reports', 'today');
    const written = await writeReports(report, { outputDir, formats: ['html', 'json'] });
    assert.deepEqual(written, [join(outputDir, 'report.json'), join(outputDir, 'report.html')]);
    assert.deepEqual((await readdir(outputDir)).sort(), ['report.html', 'report.json']);
    if (POSIX) {
      assert.equal((await stat(outputDir)).mode & 0o777, 0o700);
      for (const path of written) assert.equal((await stat(path)).mode & 0o777, 0o600, path);
    }
    const json = await readFile(written[0]!, 'utf8');
    assert.equal(json, [...reportJsonChunks(report)].join(''));
    assert.deepEqual(parseReport(JSON.parse(json), 'report.json'), report);
    assert.equal(await readFile(written[1]!, 'utf8'), renderHtml(report));
  });

  it('replaces existing reports and tightens their mode', async () => {
    const outputDir = await scratch();
    const existing = join(outputDir, 'report.json');
    await writeFile(existing, 'old', { mode: 0o644 });
    await writeReports(report, { outputDir, formats: ['json'] });
    assert.deepEqual(await readdir(outputDir), ['report.json']);
    assert.notEqual(await readFile(existing, 'utf8'), 'old');
    if (POSIX) assert.equal((await stat(existing)).mode & 0o777, 0o600);
  });

  it('writes only the formats asked for', async () => {
    const outputDir = await scratch();
    assert.deepEqual(await writeReports(report, { outputDir, formats: ['html'] }), [join(outputDir, 'report.html')]);
    assert.deepEqual(await readdir(outputDir), ['report.html']);
  });

  it('reports an unusable output directory as a one-line InputError', async () => {
    const file = join(await scratch(), 'not-a-dir');
    await writeFile(file, '');
    await assert.rejects(writeReports(report, { outputDir: file, formats: ['json'] }), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.match(error.message, /^cannot (create the output directory|write) .*not-a-dir/);
      assert.doesNotMatch(error.message, /\n/);
      return true;
    });
  });
});

describe('reportJsonChunks', () => {
  it('writes the compact form (version 3) on one line, which reads back as the report', () => {
    const report = hostileReport();
    const text = [...reportJsonChunks(report)].join('');
    assert.equal(text.indexOf('\n'), text.length - 1);
    assert.equal((JSON.parse(text) as { schemaVersion: number }).schemaVersion, 3);
    assert.deepEqual(parseReport(JSON.parse(text), 'report.json'), report);
    const empty = { ...report, apis: [], results: [], accountResults: [], collectionErrors: [] };
    assert.deepEqual(parseReport(JSON.parse([...reportJsonChunks(empty)].join('')), 'empty.json'), empty);
  });
});

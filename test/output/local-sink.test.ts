import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { deliver } from '../../src/cli/report-output.js';
import { InputError } from '../../src/errors.js';
import { openSink } from '../../src/output/destination.js';
import { LocalFolderSink } from '../../src/output/local.js';
import { writeReportFiles } from '../../src/output/reports.js';
import { renderHtml } from '../../src/report/html.js';
import { reportJsonChunks } from '../../src/report/write.js';
import { ACCOUNT } from '../fixtures/builders.js';
import { GENERATED_AT, hostileReport } from '../report/fixture.js';

const POSIX = process.platform !== 'win32';

async function scratch(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'apiposture-sink-'));
}

describe('LocalFolderSink', () => {
  const report = hostileReport();

  it('is what a plain --output-dir opens', async () => {
    const sink = await openSink({ kind: 'local', dir: 'reports/x' }, { account: ACCOUNT, at: new Date(GENERATED_AT) });
    assert.ok(sink instanceof LocalFolderSink);
    assert.equal(sink.location, 'reports/x');
  });

  it('writes the report files: json then html, exact bytes, owner-only', async () => {
    const viaSink = join(await scratch(), 'a', 'b');
    const result = await writeReportFiles(new LocalFolderSink(viaSink), report, ['html', 'json']);
    assert.deepEqual(result, { written: [join(viaSink, 'report.json'), join(viaSink, 'report.html')], failures: [] });
    assert.deepEqual((await readdir(viaSink)).sort(), ['report.html', 'report.json'], 'no temporary files left');
    for (const path of result.written) if (POSIX) assert.equal((await stat(path)).mode & 0o777, 0o600, path);
    if (POSIX) assert.equal((await stat(viaSink)).mode & 0o777, 0o700);
    assert.equal(await readFile(join(viaSink, 'report.json'), 'utf8'), [...reportJsonChunks(report)].join(''));
    assert.equal(await readFile(join(viaSink, 'report.html'), 'utf8'), renderHtml(report));
  });

  it('replaces an existing file atomically and tightens its mode', async () => {
    const dir = await scratch();
    await writeFile(join(dir, 'report.json'), 'old', { mode: 0o644 });
    const sink = new LocalFolderSink(dir);
    await sink.write('report.json', ['{', '}'], 'application/json');
    assert.equal(await readFile(join(dir, 'report.json'), 'utf8'), '{}');
    assert.deepEqual(await readdir(dir), ['report.json']);
    if (POSIX) assert.equal((await stat(join(dir, 'report.json'))).mode & 0o777, 0o600);
  });

  it('writes nested names in owner-only folders', async () => {
    const dir = await scratch();
    const path = await new LocalFolderSink(dir).write('securityhub/batch-001.json', ['[]'], 'application/json');
    assert.equal(path, join(dir, 'securityhub', 'batch-001.json'));
    if (POSIX) assert.equal((await stat(join(dir, 'securityhub'))).mode & 0o777, 0o700);
  });

  it('an unwritable folder is a one-line InputError (exit 2), as before', async () => {
    const file = join(await scratch(), 'a-file');
    await writeFile(file, 'x');
    await assert.rejects(new LocalFolderSink(join(file, 'sub')).write('report.json', ['{}'], 'application/json'), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.match(error.message, /^cannot create the output directory .*a-file\/sub: ENOTDIR$/);
      return true;
    });
  });

  it('deliver writes locally when no S3 destination is set', async () => {
    const dir = join(await scratch(), 'out');
    const out = { text: '', write: (t: string) => (out.text += t) };
    const code = await deliver(report, { outputDir: dir, formats: ['json'], failOn: 'none' }, { stdout: out, stderr: out });
    assert.equal(code, 3, 'the fixture has collection errors');
    assert.match(out.text, new RegExp(`wrote ${join(dir, 'report.json')}\\n$`));
    assert.deepEqual(await readdir(dir), ['report.json']);
  });
});

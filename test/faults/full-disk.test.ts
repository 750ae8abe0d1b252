/**
 * A nearly full disk must never leave a truncated report in place of a good one. `write(2)`
 * writes fewer bytes than asked when the disk fills (no error for that call), so the writer must
 * loop until every byte is down, and fail, leaving the earlier file, when the disk says no.
 * Tested twice: with injected short writes, and on a real tiny tmpfs where the machine lets us
 * mount one (root on Linux, as in CI).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { removeTemporaryFiles } from '../../src/cli/interrupt.js';
import { writeAtomic, writeFully, type ByteWriter } from '../../src/util/atomic-write.js';
import { runBuiltCli } from '../e2e/run-cli.js';
import { DEMO_PATH, filesUnder, nonLogLines, tempDir } from './support.js';

/** A writer that takes at most `step` bytes a call, and nothing once `capacity` is reached. */
function shortWriter(step: number, capacity = Infinity): ByteWriter & { received: number[] } {
  const received: number[] = [];
  return {
    received,
    write: ((data: Uint8Array, offset: number, length: number) => {
      const room = capacity - received.length;
      const n = Math.max(0, Math.min(step, length, room));
      for (let i = 0; i < n; i += 1) received.push(data[offset + i]!);
      return Promise.resolve({ bytesWritten: n, buffer: data });
    }) as ByteWriter['write'],
  };
}

describe('writing every byte or failing', () => {
  it('short writes are continued until all the data is written', async () => {
    const data = Buffer.from('0123456789abcdef'.repeat(100));
    const writer = shortWriter(7);
    await writeFully(writer, data);
    assert.deepEqual(Buffer.from(writer.received), data);
  });

  it('a write that makes no progress (the disk is full) fails instead of returning short', async () => {
    const writer = shortWriter(10, 25);
    await assert.rejects(writeFully(writer, Buffer.alloc(100, 1)), (error: NodeJS.ErrnoException) => {
      assert.equal(error.code, 'ESHORTWRITE');
      assert.match(error.message, /wrote 25 of 100 bytes/);
      return true;
    });
  });

  it('an interrupted write leaves no temporary file: the handler removes what is in flight', async () => {
    const dir = tempDir();
    const path = join(dir, 'report.json');
    writeFileSync(path, '{"previous": true}\n');
    let seen: string[] = [];
    function* slowly(): Generator<string> {
      for (let i = 0; i < 4; i += 1) {
        yield 'x'.repeat(1 << 20);
        // The first megabyte is on disk in the temporary file: interrupt now.
        if (i === 1) {
          seen = filesUnder(dir);
          removeTemporaryFiles();
        }
      }
    }
    await assert.rejects(writeAtomic(path, slowly()));
    assert.equal(seen.length, 2, `a temporary file existed mid-write: ${seen.join(', ')}`);
    assert.deepEqual(filesUnder(dir), ['report.json']);
    assert.equal(readFileSync(path, 'utf8'), '{"previous": true}\n');
  });
});

/** Mounts a tmpfs of `size` at a new folder, or says why it cannot. */
function mountTiny(size: string): { dir: string } | { skip: string } {
  if (process.platform !== 'linux') return { skip: 'tmpfs mounts need Linux' };
  if (process.getuid?.() !== 0) return { skip: 'mounting a tmpfs needs root (CI runs as root)' };
  const dir = tempDir('apiposture-tiny-');
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.status !== 0) return { skip: `mount refused: ${mounted.stderr.trim() || mounted.error?.message}` };
  return { dir };
}

describe('on a real, nearly full filesystem', () => {
  const tiny = mountTiny('256k');
  const skip = 'skip' in tiny ? tiny.skip : false;
  const dir = 'dir' in tiny ? tiny.dir : '';
  // Under CI a missing mount is a failure, not a skip: the guarantee must be proven there.
  if (skip && process.env.CI === 'true') {
    it('can mount a tiny filesystem in CI', () => assert.fail(skip));
    return;
  }

  before(() => {
    if (!skip) mkdirSync(join(dir, 'out'));
  });
  after(() => {
    if (skip) return;
    spawnSync('umount', [dir]);
    rmdirSync(dir);
  });

  it('writeAtomic fails with ENOSPC and the earlier file survives whole, with no temporary file', { skip }, async () => {
    const path = join(dir, 'report.json');
    writeFileSync(path, '{"previous": true}\n');
    await assert.rejects(writeAtomic(path, ['y'.repeat(3 << 20)]), (error: NodeJS.ErrnoException) => {
      assert.match(String(error.code), /^(ENOSPC|ESHORTWRITE)$/);
      return true;
    });
    assert.equal(readFileSync(path, 'utf8'), '{"previous": true}\n');
    assert.deepEqual(filesUnder(dir).filter((f) => !f.startsWith('out')), ['report.json']);
  });

  it('CLI: evaluate into a full folder does not claim "wrote", keeps the earlier report and exits non-zero', { skip }, async () => {
    const out = join(dir, 'out');
    writeFileSync(join(out, 'report.json'), '{"previous": true}\n');
    const run = await runBuiltCli(['evaluate', DEMO_PATH, '--output-dir', out, '--fail-on', 'none']);
    assert.notEqual(run.code, 0, run.stdout);
    assert.doesNotMatch(run.stdout, /wrote/i);
    const lines = nonLogLines(run.stderr);
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0]!, /^apiposture: cannot write .*report\.(json|html): (ENOSPC|ESHORTWRITE)$/);
    assert.equal(readFileSync(join(out, 'report.json'), 'utf8'), '{"previous": true}\n');
    assert.deepEqual(filesUnder(out), ['report.json']);
  });
});

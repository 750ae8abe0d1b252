/**
 * Writes a file so that readers never see half of it: the content goes to a temporary file
 * beside the target, which is then renamed over it. Files are owner-only (0600): reports and
 * snapshots describe security weaknesses.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const WRITE_BATCH = 1 << 20;

/** Writes `chunks` (a large document a piece at a time) to `path` atomically, mode 0600. */
export async function writeAtomic(path: string, chunks: Iterable<string>): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const file = await open(temp, 'wx', 0o600);
    try {
      let batch = '';
      for (const chunk of chunks) {
        batch += chunk;
        if (batch.length >= WRITE_BATCH) {
          await file.write(batch);
          batch = '';
        }
      }
      await file.write(batch);
      // Exactly owner read/write, whatever the umask.
      await file.chmod(0o600);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

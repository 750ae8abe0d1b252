/**
 * Writes a file so that readers never see half of it: the content goes to a temporary file
 * beside the target, which is then renamed over it. Files are owner-only (0600): reports and
 * snapshots describe security weaknesses.
 *
 * Every byte is written and synced before the rename, or the write fails and the target is
 * left as it was: `write(2)` may write fewer bytes than asked (a nearly full disk does exactly
 * that, without an error), so each batch is written until all of it is on disk.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const WRITE_BATCH = 1 << 20;

/** The part of a file handle `writeFully` needs; tests inject short writes through it. */
export type ByteWriter = Pick<FileHandle, 'write'>;

/** Writes all of `data`, however many calls that takes; a write that makes no progress fails. */
export async function writeFully(file: ByteWriter, data: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await file.write(data, offset, data.length - offset);
    if (!(bytesWritten > 0)) {
      throw Object.assign(new Error(`wrote ${offset} of ${data.length} bytes: the write made no progress`), { code: 'ESHORTWRITE' });
    }
    offset += bytesWritten;
  }
}

/** Whether a UTF-16 code unit is the first half of a surrogate pair. */
function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * Writes the chunks as UTF-8, encoded into one reused buffer and written a megabyte at a time.
 * Each chunk is encoded as it comes rather than joined to the others first: a joined batch is a
 * tree of its chunks, which would be copied flat before it could be encoded (about a quarter of
 * the CPU of writing a large report). A chunk ending in the first half of a surrogate pair
 * waits for the next one, so a character split between chunks is written whole.
 */
async function writeEncoded(file: ByteWriter, chunks: Iterable<string>): Promise<void> {
  const batch = Buffer.allocUnsafe(WRITE_BATCH);
  let used = 0;
  const flushThenPut = async (text: string): Promise<void> => {
    await writeFully(file, batch.subarray(0, used));
    used = 0;
    if (text.length * 3 > WRITE_BATCH) await writeFully(file, Buffer.from(text, 'utf8'));
    else used = batch.write(text, 0, 'utf8');
  };
  // A UTF-16 code unit takes at most 3 bytes of UTF-8 (a surrogate pair 4, for its two units).
  const put = (text: string): Promise<void> | undefined => {
    if (used + text.length * 3 > WRITE_BATCH) return flushThenPut(text);
    used += batch.write(text, used, 'utf8');
    return undefined;
  };
  let pending = '';
  for (const chunk of chunks) {
    let text = pending === '' ? chunk : pending + chunk;
    pending = '';
    if (text.length > 0 && isHighSurrogate(text.charCodeAt(text.length - 1))) {
      pending = text.slice(-1);
      text = text.slice(0, -1);
    }
    const flushed = put(text);
    if (flushed) await flushed;
  }
  // A first half left at the very end is written as Buffer.from writes a lone one (U+FFFD).
  const flushed = put(pending);
  if (flushed) await flushed;
  await writeFully(file, batch.subarray(0, used));
}

/** Temporary files of writes under way, so that an interrupted run can remove them. */
const inFlight = new Set<string>();

/** The temporary files of writes still under way (for SIGINT/SIGTERM handlers). */
export function temporaryFilesInFlight(): readonly string[] {
  return [...inFlight];
}

/** Writes `chunks` (a large document a piece at a time) to `path` atomically, mode 0600. */
export async function writeAtomic(path: string, chunks: Iterable<string>): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  inFlight.add(temp);
  try {
    const file = await open(temp, 'wx', 0o600);
    try {
      await writeEncoded(file, chunks);
      // Exactly owner read/write, whatever the umask.
      await file.chmod(0o600);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
    await syncDirectory(dirname(path));
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  } finally {
    inFlight.delete(temp);
  }
}

/** Makes the rename itself durable; a folder that cannot be opened for syncing is not an error. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on a directory; the data itself is already synced.
  } finally {
    await handle?.close();
  }
}

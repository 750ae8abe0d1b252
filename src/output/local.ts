/**
 * The local-folder sink: each file appears whole or not at all (written beside its target and
 * renamed over it) and is readable by its owner only (0600, folder 0700): reports describe
 * security weaknesses. A file that cannot be written ends the run with a one-line InputError.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { writeAtomic } from '../util/atomic-write.js';
import { checkFileName, type ReportSink, type SinkResult } from './sink.js';

function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ?? (error instanceof Error ? error.message : String(error));
}

export class LocalFolderSink implements ReportSink {
  private created = false;

  constructor(readonly location: string) {}

  async write(name: string, chunks: Iterable<string>, _contentType: string): Promise<string> {
    if (!this.created) {
      try {
        await mkdir(this.location, { recursive: true, mode: 0o700 });
      } catch (error) {
        throw new InputError(`cannot create the output directory ${this.location}: ${errorCode(error)}`);
      }
      this.created = true;
    }
    const path = join(this.location, checkFileName(name));
    try {
      await writeAtomic(path, chunks);
    } catch (error) {
      throw new InputError(`cannot write ${path}: ${errorCode(error)}`);
    }
    return path;
  }

  commit(): Promise<SinkResult> {
    return Promise.resolve({ written: [], failures: [] });
  }

  close(): void {}
}

/**
 * Before a long scan starts, make sure what it produces can be written: a scan of many regions
 * takes minutes to hours, and finding an unwritable output folder only at the end throws all of
 * it away. Nothing is created: the nearest folder that exists on the way to the target must be
 * a folder we may write in (read-only filesystems included). A failure is a one-line
 * `InputError` (exit 2) before any AWS call.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InputError } from '../errors.js';

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}

/** `dir` exists as a writable folder, or can be created under its nearest existing ancestor. `what` names the flag. */
export async function assertWritableFolder(dir: string, what: string): Promise<void> {
  let current = resolve(dir);
  for (;;) {
    const found = await stat(current).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' || error.code === 'ENOTDIR' ? undefined : error));
    if (found instanceof Error) throw new InputError(`${what}: cannot use ${dir}: ${codeOf(found)} on ${current}`);
    if (found) {
      if (!found.isDirectory()) throw new InputError(`${what}: cannot use ${dir}: ${current} is a file, not a folder`);
      try {
        await access(current, constants.W_OK | constants.X_OK);
      } catch (error) {
        throw new InputError(`${what}: cannot write in ${current}: ${codeOf(error)}`);
      }
      return;
    }
    const parent = dirname(current);
    if (parent === current) throw new InputError(`${what}: cannot use ${dir}: no existing folder on its path`);
    current = parent;
  }
}

/** A file can be written at `path`: it is not a folder, and its folder is writable or can be created. */
export async function assertWritableFile(path: string, what: string): Promise<void> {
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new InputError(`${what}: ${path} is a folder, not a file`);
  await assertWritableFolder(dirname(path), what);
}

/** The fixed part of a path template (`out/{account}/inventory.json` → `out`): what can be checked before the values are known. */
export function fixedFolderOf(template: string, placeholder: string): string {
  const at = template.indexOf(placeholder);
  return at < 0 ? dirname(template) : dirname(template.slice(0, at) + 'x');
}

/**
 * A reader that stops early (`apiposture checks --json | head -1`) closes the pipe, and the next
 * write to it fails with EPIPE; Node reports that as an unhandled 'error' event: a stack trace.
 * apiposture drops what it would still have printed there and carries on, so reports are still
 * written and the exit code still says whether checks failed (a SIGPIPE status, 141, would hide
 * that verdict from a CI step running under `set -o pipefail`).
 */

interface ErrorEmitter {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

interface Writable extends ErrorEmitter {
  write: (...args: never[]) => boolean;
}

export function isClosedPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'EPIPE';
}

/** Rethrows anything but a closed pipe, as an unhandled 'error' event would. */
export function ignoreClosedPipe(stream: ErrorEmitter, onClosed: () => void = () => {}): void {
  stream.on('error', (error) => {
    if (!isClosedPipe(error)) throw error;
    onClosed();
  });
}

/** After EPIPE, further writes to `stream` are dropped instead of failing again. */
export function quietOnClosedPipe(stream: Writable): void {
  ignoreClosedPipe(stream, () => {
    stream.write = () => true;
  });
}

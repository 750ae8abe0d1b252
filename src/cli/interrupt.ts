/**
 * SIGINT and SIGTERM end the run at once, as a user or a scheduler expects, without leaving
 * half-written temporary files beside the reports, and with an exit code that says the run was
 * interrupted (128 + the signal number, as shells report it).
 */
import { rmSync } from 'node:fs';
import { temporaryFilesInFlight } from '../util/atomic-write.js';

export const INTERRUPT_EXIT: Readonly<Record<'SIGINT' | 'SIGTERM', number>> = { SIGINT: 130, SIGTERM: 143 };

/** Removes what writes under way left; synchronous, since the process ends right after. */
export function removeTemporaryFiles(): void {
  for (const temp of temporaryFilesInFlight()) rmSync(temp, { force: true });
}

export function exitOnInterrupt(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      removeTemporaryFiles();
      process.stderr.write(`\napiposture: interrupted by ${signal}; the run is incomplete and no partial file was left\n`);
      process.exit(INTERRUPT_EXIT[signal]);
    });
  }
}

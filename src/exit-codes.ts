/**
 * Documented in the README and `--help`; scripts and schedulers rely on these numbers. Findings
 * win over an incomplete scan, so a gate on exit 1 never misses a failure because some other
 * call was denied.
 */
export const EXIT = {
  /** The scan is complete and nothing failed at or above --fail-on. */
  OK: 0,
  /** Results failed at or above --fail-on (the scan may also be incomplete: the report says). */
  FINDINGS: 1,
  /** A usage or input error: bad flags, unreadable or invalid files. */
  USAGE: 2,
  /** A report was written, but some data could not be collected, evaluated or delivered. */
  INCOMPLETE: 3,
  /** Nothing was scanned: credentials rejected, no region answered, no account could be scanned. */
  NOTHING_SCANNED: 4,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Which of two outcomes a run's exit code keeps: usage errors, then findings, then nothing scanned, then incomplete. */
const PRECEDENCE: readonly ExitCode[] = [EXIT.USAGE, EXIT.FINDINGS, EXIT.NOTHING_SCANNED, EXIT.INCOMPLETE, EXIT.OK];

export function combineExitCodes(...codes: readonly ExitCode[]): ExitCode {
  return PRECEDENCE.find((code) => codes.includes(code)) ?? EXIT.OK;
}

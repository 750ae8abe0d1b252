/** Documented in the README; scripts and schedulers rely on these numbers. */
export const EXIT = {
  /** The scan is complete and nothing failed at or above --fail-on. */
  OK: 0,
  /** Results at or above --fail-on. */
  FINDINGS: 1,
  /** A usage or input error: bad flags, unreadable or invalid files. */
  USAGE: 2,
  /** The scan is incomplete: some data could not be collected or evaluated. */
  INCOMPLETE: 3,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];


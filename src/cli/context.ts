import type { Logger } from 'pino';

/** What every command gets from the program: the logger, built once the global flags are parsed. */
export interface GlobalContext {
  logger(): Logger;
}

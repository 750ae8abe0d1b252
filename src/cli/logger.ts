/** Logs go to stderr as JSON lines (pino), so stdout carries only results. */
import { pino, type Logger } from 'pino';
import type { LogLevel } from './options.js';

/** Never let credentials or key material reach a log line. */
export const REDACT_PATHS = [
  'credentials',
  '*.credentials',
  'accessKeyId',
  '*.accessKeyId',
  'secretAccessKey',
  '*.secretAccessKey',
  'sessionToken',
  '*.sessionToken',
  '*.value',
  'headers.authorization',
  '*.headers.authorization',
];

export function createLogger(level: LogLevel): Logger {
  return pino(
    { name: 'apiposture', level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
    pino.destination(2),
  );
}

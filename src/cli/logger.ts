/**
 * Logs go to stderr, so stdout carries only results: JSON lines (pino) when stderr is not a
 * terminal (containers, CI, log shippers), one readable line per entry on a terminal — time,
 * level, message, key=value fields — printed above the progress line. Both go through the
 * same pino logger, so both are redacted the same way.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import { oneLine } from '../util/text.js';
import type { LogLevel } from './options.js';
import { stderrStatusTerminal } from './progress.js';
import { colorEnabled } from './terminal.js';
import { ignoreClosedPipe } from './pipes.js';

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
  '*.*.headers.authorization',
  'headers["x-amz-security-token"]',
  '*.headers["x-amz-security-token"]',
  '*.*.headers["x-amz-security-token"]',
];

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const LEVEL_COLORS: Record<number, string> = { 10: '90', 20: '90', 30: '36', 40: '33', 50: '31', 60: '35' };

/** pino's own fields, shown in their places or not at all in the text form. */
const OWN_FIELDS = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'name', 'v']);

export interface TextFormatOptions {
  /** ANSI colours for the level (and dim keys). */
  color?: boolean;
}

/** `2026-11-25T02:36:57.123Z` → `02:36:57.123` in local time. */
function clockTime(time: unknown): string {
  const date = new Date(typeof time === 'number' || typeof time === 'string' ? time : Date.now());
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** A field's value on one line: bare when unambiguous, JSON otherwise. */
function formatValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=\\]+$/.test(value) ? oneLine(value) : oneLine(JSON.stringify(value));
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (isSerializedError(value)) return oneLine(JSON.stringify(`${value.type}: ${value.message}`.replace(/\s*\n\s*/g, ' ')));
  // JSON escapes C0 controls but not C1, bidi or zero-width characters: data from AWS may hold them.
  return oneLine(JSON.stringify(value) ?? String(value));
}

/** pino's serialised `err`: type, message and a stack that a one-line form leaves out. */
function isSerializedError(value: unknown): value is { type: string; message: string } {
  const v = value as { type?: unknown; message?: unknown; stack?: unknown } | null;
  return typeof v === 'object' && v !== null && typeof v.type === 'string' && typeof v.message === 'string' && 'stack' in v;
}

/** One log entry (pino's JSON, already redacted) as one readable line, without the newline. */
export function formatLogLine(entry: Record<string, unknown>, options: TextFormatOptions = {}): string {
  const level = typeof entry.level === 'number' ? entry.level : 30;
  const name = (LEVEL_NAMES[level] ?? `L${level}`).padEnd(5);
  const label = options.color ? `\x1b[${LEVEL_COLORS[level] ?? '0'}m${name}\x1b[0m` : name;
  const message = typeof entry.msg === 'string' ? oneLine(entry.msg.replace(/\s*\n\s*/g, ' ').trim()) : '';
  const fields = Object.entries(entry)
    .filter(([key, value]) => !OWN_FIELDS.has(key) && value !== undefined)
    .map(([key, value]) => `${options.color ? `\x1b[2m${key}=\x1b[0m` : `${key}=`}${formatValue(value)}`);
  return [clockTime(entry.time), label, message, ...fields].filter((part) => part !== '').join(' ');
}

/** Where formatted lines go: a status terminal (lines print above the progress line). */
export interface LineSink {
  printLine(line: string): void;
}

/** A pino destination that turns each JSON line into a text line. */
export class TextLogStream implements DestinationStream {
  constructor(
    private readonly out: LineSink,
    private readonly options: TextFormatOptions = {},
  ) {}

  write(chunk: string): void {
    for (const line of chunk.split('\n')) {
      if (line.trim() === '') continue;
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        this.out.printLine(oneLine(line));
        continue;
      }
      this.out.printLine(formatLogLine(entry, this.options));
    }
  }
}

export interface LoggerOptions {
  /** Text lines (a terminal) or JSON lines; default: text when stderr is a terminal. */
  format?: 'text' | 'json';
  /** Test seams: where JSON lines or text lines go (default stderr). */
  jsonStream?: DestinationStream;
  lines?: LineSink;
  /** Default: when stderr is a terminal, unless `NO_COLOR` is set. */
  color?: boolean;
}

/** JSON lines to stderr (fd 2, not process.stderr): a closed stderr silences them, without a stack trace. */
function quietDestination(): DestinationStream {
  const destination = pino.destination(2);
  ignoreClosedPipe(destination);
  return destination;
}

export function createLogger(level: LogLevel, options: LoggerOptions = {}): Logger {
  const config = { name: 'apiposture', level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  const format = options.format ?? (process.stderr.isTTY === true ? 'text' : 'json');
  if (format === 'json') return pino(config, options.jsonStream ?? quietDestination());
  const color = options.color ?? colorEnabled(process.stderr);
  return pino(config, new TextLogStream(options.lines ?? stderrStatusTerminal(), { color }));
}

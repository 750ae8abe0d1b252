/** Flag values shared by several commands, parsed into typed options with one-line errors. */
import { isRegionName } from '../aws/region-name.js';
import { InputError } from '../errors.js';
import { SEVERITIES } from '../engine/types.js';
import { REPORT_FORMATS, type FormatTable, type ReportFormat } from '../report/formats.js';
import type { FailOn } from '../scan/evaluate.js';

export type { ReportFormat } from '../report/formats.js';

export { failsOn, type FailOn } from '../scan/evaluate.js';

export function parseList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

export function parseRegions(value: string): string[] {
  const regions = [...new Set(parseList(value))];
  if (regions.length === 0) throw new InputError('--regions needs at least one region, e.g. eu-west-1,us-east-1');
  const bad = regions.filter((region) => !isRegionName(region));
  if (bad.length) throw new InputError(`not an AWS region: ${bad.join(', ')} (expected names like eu-west-1)`);
  return regions;
}

/** `--format`: ids of the format table (`table`: tests pass their own). */
export function parseFormats(value: string, table: FormatTable = REPORT_FORMATS): ReportFormat[] {
  const ids = table.map((row) => row.id);
  const formats = [...new Set(parseList(value))];
  const bad = formats.filter((f) => !ids.includes(f));
  if (bad.length || formats.length === 0) {
    throw new InputError(`--format takes ${ids.join(', ')} (comma-separated); got '${value}'`);
  }
  return formats as ReportFormat[];
}

export function parseFailOn(value: string): FailOn {
  if (value === 'none' || (SEVERITIES as readonly string[]).includes(value)) return value as FailOn;
  throw new InputError(`--fail-on takes one of ${[...SEVERITIES, 'none'].join(', ')}; got '${value}'`);
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function parseLogLevel(value: string): LogLevel {
  if ((LOG_LEVELS as readonly string[]).includes(value)) return value as LogLevel;
  throw new InputError(`--log-level takes one of ${LOG_LEVELS.join(', ')}; got '${value}'`);
}

export function parseEndpointUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`--endpoint-url is not a URL: '${value}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(`--endpoint-url must be http or https: '${value}'`);
  }
  return value;
}

/** `s3://bucket/prefix/` → bucket and prefix (the prefix ends with `/` unless empty). */
export function parseS3Url(value: string): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(value);
  if (!match) throw new InputError(`not an S3 location: '${value}' (expected s3://bucket/prefix/)`);
  const prefix = match[2] ?? '';
  return { bucket: match[1]!, prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/` };
}

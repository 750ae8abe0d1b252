/** `--previous-report` and `--fail-on-new` (scan, evaluate): what changed since the previous run, and a gate on it. */
import { Option, type Command } from 'commander';
import { InputError } from '../errors.js';
import { isS3Url } from '../output/destination.js';
import type { OutputOptions } from '../scan/deliver.js';
import type { PreviousReportSpec } from '../scan/previous-report.js';
import { envFlag } from './aws-options.js';
import { parseS3Url } from './options.js';

export interface ChangeFlags {
  previousReport?: string;
  failOnNew?: boolean;
}

export const LATEST = 'latest';

export function addChangeOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--previous-report <file|s3://bucket/key|latest>',
        "the previous run's report.json: each result gets a change state (new, regressed, still-failing, fixed, newly-muted) " +
          'and the summary and HTML say what changed; latest: the newest report where --output-dir puts them ' +
          '(<prefix><account>/latest/ in S3, else the newest dated folder beside the output folder). Also the earlier ' +
          'findings of a Security Hub dry run',
      ).env('APIPOSTURE_PREVIOUS_REPORT'),
    )
    .option(
      '--fail-on-new',
      'exit 1 only for failures at or above --fail-on that are new or regressed since --previous-report (env: APIPOSTURE_FAIL_ON_NEW=true)',
    );
}

/** `latest`, an `s3://bucket/key` object, or a file; an S3 prefix (ending with `/`) is a usage error. */
export function parsePreviousReportSpec(value: string): PreviousReportSpec {
  if (value === LATEST) return { kind: 'latest' };
  if (!isS3Url(value)) return { kind: 'file', path: value };
  const { bucket } = parseS3Url(value);
  const key = value.slice(`s3://${bucket}/`.length);
  if (key === '' || key.endsWith('/')) throw new InputError(`--previous-report takes one report object (s3://bucket/key), not a prefix: '${value}'`);
  return { kind: 's3', bucket, key };
}

export function resolveChangeOptions(flags: ChangeFlags, env: NodeJS.ProcessEnv = process.env): Pick<OutputOptions, 'previousReport' | 'failOnNew'> {
  const failOnNew = flags.failOnNew === true || envFlag('APIPOSTURE_FAIL_ON_NEW', env.APIPOSTURE_FAIL_ON_NEW);
  if (failOnNew && flags.previousReport === undefined) {
    throw new InputError('--fail-on-new needs --previous-report (a report file, s3://bucket/key, or latest)');
  }
  return {
    ...(flags.previousReport !== undefined ? { previousReport: parsePreviousReportSpec(flags.previousReport) } : {}),
    ...(failOnNew ? { failOnNew } : {}),
  };
}

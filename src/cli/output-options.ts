import { Option, type Command } from 'commander';
import { allChecks } from '../../checks/index.js';
import { isRegionName } from '../aws/region-name.js';
import { resolveCheckOptions, type RunOptions } from '../engine/runner.js';
import { InputError } from '../errors.js';
import { isS3Url, s3Region, type S3Destination } from '../output/destination.js';
import { REPORT_FORMATS, type FormatTable } from '../report/formats.js';
import { FRAMEWORK_IDS, frameworkIdOf } from '../report/compliance.js';
import type { FrameworkId } from '../model/frameworks/index.js';
import { readConfig } from './config.js';
import { parseEndpointUrl, parseFailOn, parseFormats, parseList, parseS3Url, type FailOn, type ReportFormat } from './options.js';
import { defaultOutputDir, type OutputOptions } from '../scan/deliver.js';
import type { EvaluateOptions } from '../scan/evaluate.js';
import { resolveSelection, type SelectionFlags } from './selection-options.js';
import { readMuteFile } from '../mute/file.js';
import type { MuteList, MuteSummary } from '../mute/schema.js';
import { muteWarnings } from '../mute/apply.js';
import { oneLine } from '../util/text.js';
import { STATUSES, type Status } from '../model/results.js';
import { parseStatuses } from '../report/result-rows.js';

export interface OutputFlags {
  config?: string;
  outputDir?: string;
  format: string;
  failOn: string;
  s3KmsKeyId?: string;
  compliance?: string;
  muteFile?: string;
  /** `--status`: write only results with these statuses. */
  status?: string;
  /** `scan`'s AWS flags, when the command has them: S3 uploads use the same profile and endpoint. */
  profile?: string;
  region?: string;
  regions?: string;
  endpointUrl?: string;
}

/**
 * `--format`: the ids of the format table, by default those it marks so (`table`: tests pass
 * their own).
 */
export function formatOption(table: FormatTable = REPORT_FORMATS): Option {
  const ids = table.map((row) => row.id);
  const defaults = table.filter((row) => row.byDefault).map((row) => row.id);
  return new Option('--format <list>', `report formats: ${ids.join(', ')} (comma-separated)`).default(defaults.join(',')).env('APIPOSTURE_FORMAT');
}

/** `--compliance <framework>`: one framework's roll-up after the summary, and first in the HTML report. */
export function complianceOption(): Option {
  return new Option(
    '--compliance <framework>',
    `print this framework's roll-up after the summary and show it first in the HTML report: ${FRAMEWORK_IDS.join(', ')}`,
  ).env('APIPOSTURE_COMPLIANCE');
}

/** A known framework id, or a one-line usage error that lists them. */
export function parseCompliance(value: string | undefined): FrameworkId | undefined {
  if (value === undefined) return undefined;
  const id = frameworkIdOf(value);
  if (id !== undefined) return id;
  throw new InputError(`--compliance (APIPOSTURE_COMPLIANCE): unknown framework '${value}'; known: ${FRAMEWORK_IDS.join(', ')}`);
}

/** `--mute-file <path>`: accepted findings, with a reason, an owner and an optional expiry (scan, evaluate, merge). */
export function muteFileOption(): Option {
  return new Option(
    '--mute-file <path>',
    'accept the findings matched by this YAML or JSON file of rules (each with a reason, an owner and an optional expiry): ' +
      'they stay in the report as muted, and count in no score, grade or exit code',
  ).env('APIPOSTURE_MUTE_FILE');
}

/** Reads and validates `--mute-file` now, before any AWS call; check ids are checked against the registry. */
export async function resolveMuteFile(path: string | undefined): Promise<MuteList | undefined> {
  return path === undefined ? undefined : readMuteFile(path, allChecks.map((check) => check.id));
}

/** One stderr line per mute rule that expired, matched nothing or could not be judged: the file must not rot. */
export function printMuteWarnings(mutes: MuteSummary | undefined, stderr: { write(text: string): unknown } = process.stderr): void {
  for (const line of mutes ? muteWarnings(mutes) : []) stderr.write(`apiposture: warning: ${oneLine(line)}\n`);
}

/** `--status <list>`: write only results with these statuses, in every format (scan, evaluate, merge). */
export function statusOption(): Option {
  return new Option(
    '--status <list>',
    `write only results with these statuses, in every format: ${STATUSES.join(', ')} (comma-separated; ` +
      'report.json keeps every score and count and says it is filtered)',
  ).env('APIPOSTURE_STATUS');
}

/** The statuses of `--status`, or a one-line usage error that lists them. */
export function parseStatusOption(value: string | undefined): Status[] | undefined {
  if (value === undefined) return undefined;
  const parsed = parseStatuses(parseList(value));
  if (Array.isArray(parsed)) return parsed;
  const got = parsed.unknown.length > 0 ? parsed.unknown.map((s) => `'${s}'`).join(', ') : 'nothing';
  throw new InputError(`--status (APIPOSTURE_STATUS) takes ${STATUSES.join(', ')} (comma-separated); got ${got}`);
}

/** Each flag can also come from its environment variable (flags win): for unattended runs. */
export function addOutputOptions(command: Command, table: FormatTable = REPORT_FORMATS): Command {
  return command
    .addOption(
      new Option('--config <file>', 'check thresholds, as JSON: {"schemaVersion":1,"checks":{"<check-id>":{...}}}').env(
        'APIPOSTURE_CONFIG',
      ),
    )
    .addOption(
      new Option(
        '--output-dir <dir>',
        'where to write the reports: a folder, or s3://bucket/prefix/ to upload them (default: reports/<timestamp>)',
      ).env('APIPOSTURE_OUTPUT_DIR'),
    )
    .addOption(
      new Option('--s3-kms-key-id <arn>', 'encrypt S3 uploads with this KMS key (SSE-KMS; default: SSE-S3, AES256)').env(
        'APIPOSTURE_S3_KMS_KEY_ID',
      ),
    )
    .addOption(formatOption(table))
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a check fails at this severity or above: critical, high, medium, low, info, none')
        .default('high')
        .env('APIPOSTURE_FAIL_ON'),
    )
    .addOption(complianceOption())
    .addOption(muteFileOption())
    .addOption(statusOption());
}

export function resolveOutput(flags: OutputFlags, env: NodeJS.ProcessEnv = process.env): OutputOptions {
  const formats: ReportFormat[] = parseFormats(flags.format);
  const failOn: FailOn = parseFailOn(flags.failOn);
  const compliance = parseCompliance(flags.compliance);
  const statuses = parseStatusOption(flags.status);
  const s3 = flags.outputDir !== undefined && isS3Url(flags.outputDir) ? s3Destination(flags.outputDir, flags, env) : undefined;
  if (!s3 && flags.s3KmsKeyId !== undefined) {
    throw new InputError('--s3-kms-key-id (APIPOSTURE_S3_KMS_KEY_ID) needs an s3:// --output-dir');
  }
  // With S3 output the local folder only takes what is written outside the report sink.
  const outputDir = s3 || flags.outputDir === undefined ? defaultOutputDir() : flags.outputDir;
  return { outputDir, ...(s3 ? { s3 } : {}), formats, ...(statuses ? { statuses } : {}), failOn, ...(compliance ? { compliance } : {}) };
}

function s3Destination(url: string, flags: OutputFlags, env: NodeJS.ProcessEnv): S3Destination {
  const { bucket, prefix } = parseS3Url(url);
  const kmsKeyId = flags.s3KmsKeyId?.trim();
  if (kmsKeyId !== undefined && !/^[^\s]+$/.test(kmsKeyId)) {
    throw new InputError(`--s3-kms-key-id takes a KMS key id, key ARN or alias; got '${flags.s3KmsKeyId}'`);
  }
  const scanned = parseList(flags.regions ?? flags.region ?? env.APIPOSTURE_REGIONS ?? '').filter(isRegionName);
  return {
    kind: 's3',
    bucket,
    prefix,
    region: s3Region(scanned, env),
    ...(kmsKeyId ? { kmsKeyId } : {}),
    ...(flags.profile ? { profile: flags.profile } : {}),
    ...(flags.endpointUrl ? { endpointUrl: parseEndpointUrl(flags.endpointUrl) } : {}),
  };
}

/** Reads --config and validates every check's options now, before any AWS call; with the selection (--checks, --api …). */
export async function resolveRunOptions(flags: OutputFlags & SelectionFlags): Promise<EvaluateOptions> {
  const selection = resolveSelection(flags);
  const run: RunOptions = flags.config ? await readConfig(flags.config) : {};
  resolveCheckOptions(allChecks, run.checkOptions);
  const mutes = await resolveMuteFile(flags.muteFile);
  return { ...(run.checkOptions ? { checkOptions: run.checkOptions } : {}), ...(selection ? { selection } : {}), ...(mutes ? { mutes } : {}) };
}

import { Option, type Command } from 'commander';
import { allChecks } from '../../checks/index.js';
import { resolveCheckOptions, type RunOptions } from '../engine/runner.js';
import { readConfig } from './config.js';
import { parseFailOn, parseFormats, type FailOn, type ReportFormat } from './options.js';
import { defaultOutputDir, type OutputOptions } from './pipeline.js';

export interface OutputFlags {
  config?: string;
  outputDir?: string;
  format: string;
  failOn: string;
}

/** Each flag can also come from its environment variable (flags win): for unattended runs. */
export function addOutputOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--config <file>', 'check thresholds, as JSON: {"schemaVersion":1,"checks":{"<check-id>":{...}}}').env(
        'APIPOSTURE_CONFIG',
      ),
    )
    .addOption(
      new Option('--output-dir <dir>', 'where to write the reports (default: reports/<timestamp>)').env('APIPOSTURE_OUTPUT_DIR'),
    )
    .addOption(
      new Option('--format <list>', 'report formats: json, html (comma-separated)').default('json,html').env('APIPOSTURE_FORMAT'),
    )
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a check fails at this severity or above: critical, high, medium, low, info, none')
        .default('high')
        .env('APIPOSTURE_FAIL_ON'),
    );
}

export function resolveOutput(flags: OutputFlags): OutputOptions {
  const formats: ReportFormat[] = parseFormats(flags.format);
  const failOn: FailOn = parseFailOn(flags.failOn);
  return { outputDir: flags.outputDir ?? defaultOutputDir(), formats, failOn };
}

/** Reads --config and validates every check's options now, before any AWS call is made. */
export async function resolveRunOptions(flags: OutputFlags): Promise<RunOptions> {
  const run = flags.config ? await readConfig(flags.config) : {};
  resolveCheckOptions(allChecks, run.checkOptions);
  return run;
}

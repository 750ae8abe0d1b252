/** The `apiposture` command. Exit codes: see exit-codes.ts and the README. */
import { Command, CommanderError, Option } from 'commander';
import type { DestinationStream, Logger } from 'pino';
import { CredentialsError } from '../aws/errors.js';
import { InputError } from '../errors.js';
import { oneLine, truncate } from '../util/text.js';
import { toolVersion } from '../version.js';
import { registerChecks } from './commands/checks.js';
import { registerIamPolicy } from './commands/iam-policy.js';
import { registerMerge } from './commands/merge.js';
import { registerCollect } from './commands/collect.js';
import { registerDiff } from './commands/diff.js';
import { registerEvaluate } from './commands/evaluate.js';
import { registerScan } from './commands/scan.js';
import { registerSecurityHub } from './commands/securityhub.js';
import { registerCompletion } from './completion.js';
import { EXIT } from '../exit-codes.js';
import type { GlobalContext } from './context.js';
import { createLogger } from './logger.js';
import { LOG_LEVELS, parseLogLevel, type LogLevel } from './options.js';

export type { GlobalContext } from './context.js';

/** Where a run's JSON log lines go instead of file descriptor 2 (tests that run the CLI in process). */
export interface ProgramOptions {
  logStream?: DestinationStream;
}

export function buildProgram(options: ProgramOptions = {}): Command {
  const program = new Command('apiposture');
  let logger: Logger | undefined;
  const level = (): LogLevel => parseLogLevel(program.opts<{ logLevel: string }>().logLevel);
  const context: GlobalContext = {
    logger: () => (logger ??= createLogger(level(), options.logStream ? { format: 'json', jsonStream: options.logStream } : {})),
  };
  program
    .description('Audit the security posture of the API Gateway APIs in your AWS accounts.')
    .version(toolVersion(), '-v, --version')
    .addOption(new Option('--log-level <level>', 'log detail on stderr').choices(LOG_LEVELS).default('warn').env('APIPOSTURE_LOG_LEVEL'))
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .addHelpText(
      'after',
      `
Exit codes:
  0  the scan is complete and nothing failed at or above --fail-on
  1  checks failed at or above --fail-on (whether or not the scan is complete: the report says)
     (with --fail-on-new: only failures new or regressed since --previous-report count)
  2  usage or input error (bad flags, unreadable or invalid files)
  3  a report was written but the scan is incomplete: some data could not be collected (see the
     report's collection errors), a report could not be stored, or Security Hub did not take
     every finding; nothing failed at or above --fail-on
  4  nothing was scanned: the credentials were rejected, no region answered, or no account
     could be scanned

Examples:
  apiposture scan --profile audit --regions eu-west-1,us-east-1
  apiposture scan --organization --role-name apiposture-audit --regions all --output-dir reports/org
  apiposture merge reports/org/*/report.json --output-dir reports/org
  apiposture collect --region eu-west-1 --out inventory.json
  apiposture evaluate inventory.json --output-dir reports/today --fail-on critical
  apiposture scan --profile audit --region eu-west-1 --previous-report latest --fail-on-new
  apiposture diff reports/yesterday/report.json reports/today/report.json
  apiposture checks show rest-api-public-unauthenticated
  apiposture securityhub import reports/today/report.json --profile audit`,
    );
  registerScan(program, context);
  registerCollect(program, context);
  registerEvaluate(program);
  registerMerge(program, context);
  registerDiff(program);
  registerChecks(program);
  registerIamPolicy(program);
  registerSecurityHub(program, context);
  registerCompletion(program);
  const strict = (command: Command): void => {
    command.exitOverride().showHelpAfterError('(run with --help for usage)');
    command.commands.forEach(strict);
  };
  program.commands.forEach(strict);
  return program;
}

/** The longest error line: messages quote what files and services sent, which may be huge. */
const MAX_ERROR_LINE = 2000;

/** One terminal line: control characters and line breaks from files and services made visible. */
function errorLine(message: string): string {
  return truncate(oneLine(message), MAX_ERROR_LINE);
}

export async function main(argv: string[], options: ProgramOptions = {}): Promise<number> {
  const program = buildProgram(options);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every other parse error is a usage error. Commander printed it.
      return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    if (error instanceof InputError) {
      process.stderr.write(`apiposture: ${errorLine(error.message)}\n`);
      return EXIT.USAGE;
    }
    if (error instanceof CredentialsError) {
      process.stderr.write(`apiposture: ${errorLine(error.message)}\n`);
      return EXIT.NOTHING_SCANNED;
    }
    process.stderr.write(`apiposture: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.INCOMPLETE;
  }
}

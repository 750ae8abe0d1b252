/** `securityhub import <report.json>`, and the Security Hub flags `scan` shares. */
import type { Command } from 'commander';
import { envFlag } from '../aws-options.js';
import { InputError } from '../../errors.js';
import { readReport } from '../../report/model.js';
import type { ImportSummary } from '../../securityhub/importer.js';
import { defaultOutputDir } from '../../scan/deliver.js';
import type { SecurityHubRun, SecurityHubTarget } from '../../scan/security-hub.js';
import { FINDING_SELECTIONS, type FindingSelection } from '../../securityhub/reconcile.js';
import { oneLine, plural } from '../../util/text.js';
import { EXIT } from '../../exit-codes.js';
import type { GlobalContext } from '../context.js';
import { parseEndpointUrl, parseRegions } from '../options.js';

export type { SecurityHubRun } from '../../scan/security-hub.js';

export interface SecurityHubFlags {
  securityHub?: boolean;
  securityHubDryRun?: boolean;
  securityHubRegion?: string;
  securityHubProductArn?: string;
  securityHubFindings?: string;
  previousReport?: string;
}

const PRODUCT_ARN = /^arn:[a-z-]+:securityhub:[a-z0-9-]*:\d{0,12}:product\/[^/\s]+\/[^/\s]+$/;

/** The flags; `scan` also gets `--security-hub` to turn the import on. */
export function addSecurityHubOptions(command: Command, options: { withSwitch: boolean }): Command {
  if (options.withSwitch) {
    command.option('--security-hub', 'also import the results into AWS Security Hub CSPM as findings (env: APIPOSTURE_SECURITY_HUB=true)');
  }
  return command
    .option('--security-hub-dry-run', 'write the Security Hub batches to <output-dir>/securityhub/ instead of importing them (no AWS call)')
    .option('--security-hub-region <region>', 'where findings about global resources (IAM) go (default: the first scanned region)')
    .option('--security-hub-product-arn <arn>', 'product ARN to import as (default: arn:<partition>:securityhub:<region>:<account>:product/<account>/default)')
    .option(
      '--security-hub-findings <which>',
      'all: a finding for every PASS, FAIL and ERROR result; failed: failures only, plus the updates that resolve fixed ones (default: all; env: APIPOSTURE_SECURITY_HUB_FINDINGS)',
    );
}

/** The Security Hub part of a run, or undefined when it is off. Flag and file mistakes are InputErrors. */
export async function resolveSecurityHub(
  flags: SecurityHubFlags,
  options: { always: boolean },
  env: NodeJS.ProcessEnv = process.env,
): Promise<SecurityHubRun | undefined> {
  const switchedOn = flags.securityHub === true || envFlag('APIPOSTURE_SECURITY_HUB', env.APIPOSTURE_SECURITY_HUB);
  const on = options.always || switchedOn || flags.securityHubDryRun === true;
  if (!on) {
    const stray = [
      flags.securityHubRegion && '--security-hub-region',
      flags.securityHubProductArn && '--security-hub-product-arn',
      flags.securityHubFindings && '--security-hub-findings',
    ].filter(Boolean);
    if (stray.length) throw new InputError(`${stray.join(', ')} ${stray.length === 1 ? 'needs' : 'need'} --security-hub or --security-hub-dry-run`);
    return undefined;
  }
  if (flags.securityHubProductArn !== undefined && !PRODUCT_ARN.test(flags.securityHubProductArn)) {
    throw new InputError(
      `--security-hub-product-arn is not a Security Hub product ARN: '${flags.securityHubProductArn}' (expected arn:aws:securityhub:<region>:<account>:product/<company>/<product>)`,
    );
  }
  const findings = findingSelection(flags.securityHubFindings, env.APIPOSTURE_SECURITY_HUB_FINDINGS);
  const homeRegion = flags.securityHubRegion === undefined ? undefined : parseRegions(flags.securityHubRegion);
  if (homeRegion && homeRegion.length !== 1) throw new InputError('--security-hub-region takes one region');
  return {
    dryRun: flags.securityHubDryRun === true,
    ...(homeRegion ? { homeRegion: homeRegion[0]! } : {}),
    ...(flags.securityHubProductArn ? { productArn: flags.securityHubProductArn } : {}),
    ...(findings ? { findings } : {}),
    // `scan` reads --previous-report itself (src/cli/change-options.ts) and passes it on.
    ...(options.always && flags.previousReport ? { previousReport: await readReport(flags.previousReport) } : {}),
  };
}

/** The flag, else the variable (trimmed, any case; empty is unset); undefined when neither is given. */
function findingSelection(flag: string | undefined, variable: string | undefined): FindingSelection | undefined {
  const [name, raw] = flag !== undefined ? ['--security-hub-findings', flag] : ['APIPOSTURE_SECURITY_HUB_FINDINGS', variable?.trim().toLowerCase()];
  if (raw === undefined || (raw === '' && flag === undefined)) return undefined;
  if ((FINDING_SELECTIONS as readonly string[]).includes(raw)) return raw as FindingSelection;
  throw new InputError(`${name} takes failed or all; got '${flag ?? variable}'`);
}

export function printImportSummary(summary: ImportSummary): void {
  const label = summary.dryRun ? 'Security Hub (dry run)' : 'Security Hub';
  if (summary.destinations.length === 0) process.stdout.write(`${label}: no findings to send\n`);
  for (const d of summary.destinations) {
    const what = `${plural(d.findings, 'finding')} + ${d.archived} archived in ${plural(d.batches, 'batch', 'batches')}`;
    const outcome = summary.dryRun ? 'written' : `${d.succeeded} imported, ${d.failed} failed${d.unconfirmed ? `, ${d.unconfirmed} not confirmed` : ''}`;
    const held = [
      d.keptFailures && `kept ${plural(d.keptFailures, 'earlier failure')} unchanged because the check could not run`,
      d.notSelected && `${plural(d.notSelected, 'result')} not sent (--security-hub-findings failed)`,
      d.heldErrors && `${plural(d.heldErrors, 'could-not-run result')} not sent: the earlier findings could not be read`,
      d.newerHeld && `${plural(d.newerHeld, 'result')} not sent: Security Hub holds them from data collected later`,
      d.newerImport && `nothing archived: findings here were collected later (${d.newerImport}) than this report`,
    ].filter(Boolean);
    process.stdout.write(oneLine(`${label} ${d.account} ${d.region}: ${what}: ${[outcome, ...held].join('; ')}`) + '\n');
  }
  for (const path of summary.files) process.stdout.write(`wrote ${path}\n`);
  for (const e of summary.readBackErrors) {
    process.stderr.write(
      `apiposture: ${oneLine(`could not read earlier findings in ${e.account} ${e.region} (${e.code}: ${e.message}); nothing archived there`)}\n`,
    );
  }
  for (const d of summary.destinations) {
    if (d.unconfirmed === 0) continue;
    process.stderr.write(
      `apiposture: ${oneLine(`Security Hub did not confirm ${plural(d.unconfirmed, 'finding')} in ${d.account} ${d.region}: its answers counted them as failed, or not at all, without naming them`)}\n`,
    );
  }
  for (const f of summary.failed) {
    process.stderr.write(`apiposture: ${oneLine(`Security Hub did not import ${f.id} in ${f.account} ${f.region}: ${f.code}: ${f.message}`)}\n`);
  }
}

/** Runs the import (or the dry run) and prints its summary; `complete` is false when anything failed. */
export async function runSecurityHub(run: SecurityHubRun, target: SecurityHubTarget): Promise<ImportSummary> {
  // Loaded on use: the Security Hub client is needed only when findings are imported.
  const { importIntoSecurityHub } = await import('../../scan/security-hub.js');
  const summary = await importIntoSecurityHub(run, target);
  printImportSummary(summary);
  return summary;
}

interface ImportFlags extends SecurityHubFlags {
  allowOlderReport?: boolean;
  profile?: string;
  endpointUrl?: string;
  outputDir?: string;
}

export function registerSecurityHub(program: Command, context: GlobalContext): void {
  const securityhub = program.command('securityhub').description('AWS Security Hub CSPM: import results as findings');
  addSecurityHubOptions(
    securityhub
      .command('import <report>')
      .description('import a report.json into Security Hub: new and updated findings, earlier ones archived')
      .option('--profile <name>', 'AWS profile from your shared config (default: the SDK credential chain)')
      .option('--endpoint-url <url>', 'send the Security Hub calls to this endpoint (default: $AWS_ENDPOINT_URL)')
      .option('--output-dir <dir>', 'where --security-hub-dry-run writes (default: reports/<timestamp>)')
      .option('--previous-report <file>', "the previous run's report.json: earlier findings where Security Hub is not read (dry run, no GetFindings)")
      .option(
        '--allow-older-report',
        'import a report collected before the findings already imported (or --previous-report): its findings are sent where Security Hub holds nothing newer, and nothing is archived where it is older',
      ),
    { withSwitch: false },
  ).action(async (path: string, flags: ImportFlags) => {
    const run = { ...(await resolveSecurityHub(flags, { always: true }))!, refuseOlderReport: flags.allowOlderReport !== true };
    const endpointUrl = flags.endpointUrl === undefined ? undefined : parseEndpointUrl(flags.endpointUrl);
    const report = await readReport(path);
    const summary = await runSecurityHub(run, {
      report,
      ...(flags.profile ? { profile: flags.profile } : {}),
      ...(endpointUrl ? { endpointUrl } : {}),
      outputDir: flags.outputDir ?? defaultOutputDir(),
      logger: context.logger(),
    });
    process.exitCode = summary.complete ? EXIT.OK : EXIT.INCOMPLETE;
  });
}

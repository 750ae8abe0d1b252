import type { Command } from 'commander';
import { renderRunSummary } from '../../accounts/summary.js';
import { ACCOUNT_PLACEHOLDER } from '../../accounts/targets.js';
import { InputError } from '../../errors.js';
import { assertWritableFile, assertWritableFolder, fixedFolderOf } from '../../output/preflight.js';
import { oneLine } from '../../util/text.js';
import type { OutputOptions } from '../../scan/deliver.js';
import type { ScanSettings } from '../../scan/scan-account.js';
import { connectionOf } from '../../scan/target.js';
import { serialized } from '../../util/serialized.js';
import {
  addAccountOptions,
  addAwsOptions,
  controlRegionFor,
  resolveAccountsPlan,
  resolveEndpoint,
  resolveRegionChoice,
  type AccountFlags,
  type AwsFlags,
  type AwsTarget,
} from '../aws-options.js';
import { hasResourceFilter } from '../../selection/resources.js';
import { addScanSelectionOptions, collectionScope, regionsLeft, type SelectionFlags } from '../selection-options.js';
import type { GlobalContext } from '../context.js';
import { addOutputOptions, printMuteWarnings, resolveOutput, resolveRunOptions, type OutputFlags } from '../output-options.js';
import { printDelivery } from '../report-output.js';
import { addChangeOptions, resolveChangeOptions, type ChangeFlags } from '../change-options.js';
import { readPreviousReportEarly } from '../../scan/previous-report.js';
import { addSecurityHubOptions, printImportSummary, resolveSecurityHub, type SecurityHubFlags } from './securityhub.js';

type ScanFlags = AwsFlags & AccountFlags & OutputFlags & SecurityHubFlags & SelectionFlags & ChangeFlags & { inventoryOut?: string };

export function registerScan(program: Command, context: GlobalContext): void {
  addSecurityHubOptions(
    addChangeOptions(addOutputOptions(
      addAccountOptions(
        addScanSelectionOptions(addAwsOptions(
          program
            .command('scan')
            .description('collect from AWS, run every check and write the reports')
            .addHelpText('after', '\n--regions all scans the regions enabled in the account (Account Management ListRegions).'),
        )),
      ).option('--inventory-out <file>', 'also keep the collected snapshot, to re-evaluate later ({account} in the name with --accounts/--organization)'),
    )),
    { withSwitch: true },
  ).action(async (flags: ScanFlags) => {
    const plan = resolveAccountsPlan(flags);
    const regions = resolveRegionChoice(flags);
    const endpointUrl = resolveEndpoint(flags);
    const output = { ...resolveOutput(flags), ...resolveChangeOptions(flags) };
    const run = await resolveRunOptions(flags);
    if (regions.kind === 'list') regionsLeft(regions.regions, run.selection);
    const securityHub = await resolveSecurityHub(flags, { always: false });
    if (securityHub && run.selection && hasResourceFilter(run.selection.input)) {
      // The import archives the findings a run did not produce: those of the APIs left out.
      throw new InputError('--security-hub cannot be used with --api or --resource-tag: the findings of the other APIs would be archived');
    }
    await checkOutputsWritable(output, flags.inventoryOut, plan !== undefined);
    const logger = context.logger();
    // Loaded here, not at start-up: collection pulls in every AWS SDK client, which --help,
    // --version, evaluate and merge never need.
    const [{ enabledRegions, scanAccount }, { scanAccounts }, { collectWithProgress }] = await Promise.all([
      import('../../scan/scan-account.js'),
      import('../../scan/scan-accounts.js'),
      import('../collecting.js'),
    ]);
    const connection = connectionOf({ ...flags, ...(endpointUrl ? { endpointUrl } : {}) });
    // A report file or object is read now, so a bad one fails before a long scan; `latest` once the account is known.
    const previous = plan ? undefined : await readPreviousReportEarly(output.previousReport, { output, connection, logger });
    const settings: ScanSettings = {
      collect: (target, collectLogger) => collectWithProgress(collectionScope(target, run.selection), collectLogger),
      output,
      run,
      securityHub,
      inventoryOut: flags.inventoryOut,
      previous,
      logger,
    };
    if (plan) {
      if (flags.inventoryOut !== undefined && !flags.inventoryOut.includes(ACCOUNT_PLACEHOLDER)) {
        throw new InputError(`--inventory-out needs ${ACCOUNT_PLACEHOLDER} in the file name when scanning several accounts, e.g. inventories/{account}.json`);
      }
      if (output.previousReport && output.previousReport.kind !== 'latest') {
        throw new InputError("--previous-report is one account's report; with --accounts or --organization use --previous-report latest");
      }
      const printBlock = serialized();
      const outcome = await scanAccounts({
        plan,
        regions,
        controlRegion: controlRegionFor(regions, process.env, flags),
        connection,
        ...settings,
        events: {
          delivered: (target, report, delivery) =>
            void printBlock(async () => {
              const name = target.name !== undefined ? ` (${oneLine(target.name)})` : '';
              process.stdout.write(`\n== account ${target.account}${name} ==\n`);
              printDelivery(report, delivery);
              printMuteWarnings(report.mutes);
            }),
          imported: (_target, summary) => printImportSummary(summary),
        },
      });
      process.stdout.write(`\n${renderRunSummary(outcome.summary)}\n`);
      for (const written of outcome.written) process.stdout.write(`wrote ${written}\n`);
      for (const failure of outcome.failures) process.stderr.write(`apiposture: ${failure}\n`);
      process.exitCode = outcome.exitCode;
      return;
    }

    const target: AwsTarget = {
      regions: regions.kind === 'list' ? regions.regions : await enabledRegions(connection, controlRegionFor(regions, process.env, flags), logger),
      ...connection,
    };
    const outcome = await scanAccount({
      target,
      ...settings,
      events: {
        delivered: (report, delivery) => {
          printDelivery(report, delivery);
          printMuteWarnings(report.mutes);
        },
        imported: printImportSummary,
      },
    });
    process.exitCode = outcome.exitCode;
  });
}

/** Fails now, before any AWS call, when the reports or the snapshot could not be written at the end. */
async function checkOutputsWritable(output: OutputOptions, inventoryOut: string | undefined, manyAccounts: boolean): Promise<void> {
  if (!output.s3) await assertWritableFolder(output.outputDir, '--output-dir');
  if (inventoryOut === undefined) return;
  if (manyAccounts) await assertWritableFolder(fixedFolderOf(inventoryOut, ACCOUNT_PLACEHOLDER), '--inventory-out');
  else await assertWritableFile(inventoryOut, '--inventory-out');
}

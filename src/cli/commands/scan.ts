import type { Command } from 'commander';
import { writeInventory } from '../../inventory/io.js';
import { addAwsOptions, resolveAwsTarget, type AwsFlags } from '../aws-options.js';
import { collectWithProgress } from '../collecting.js';
import { EXIT } from '../exit-codes.js';
import type { GlobalContext } from '../main.js';
import { addOutputOptions, resolveOutput, resolveRunOptions, type OutputFlags } from '../output-options.js';
import { deliver, evaluateInventory } from '../pipeline.js';
import { addSecurityHubOptions, resolveSecurityHub, runSecurityHub, type SecurityHubFlags } from './securityhub.js';

export function registerScan(program: Command, context: GlobalContext): void {
  addSecurityHubOptions(
    addOutputOptions(
      addAwsOptions(
        program
          .command('scan')
          .description('collect from AWS, run every check and write the reports'),
      ).option('--inventory-out <file>', 'also keep the collected snapshot, to re-evaluate later'),
    ),
    { withSwitch: true },
  ).action(async (flags: AwsFlags & OutputFlags & SecurityHubFlags & { inventoryOut?: string }) => {
    const target = resolveAwsTarget(flags);
    const output = resolveOutput(flags);
    const run = await resolveRunOptions(flags);
    const securityHub = await resolveSecurityHub(flags, { always: false });
    const inventory = await collectWithProgress(target, context.logger());
    if (flags.inventoryOut) await writeInventory(flags.inventoryOut, inventory);
    const report = evaluateInventory(inventory, run);
    const code = await deliver(report, output);
    if (!securityHub) {
      process.exitCode = code;
      return;
    }
    const { profile, endpointUrl } = target;
    const imported = await runSecurityHub(securityHub, {
      report,
      inventory,
      ...(profile ? { profile } : {}),
      ...(endpointUrl ? { endpointUrl } : {}),
      outputDir: output.outputDir,
      logger: context.logger(),
    });
    // Findings Security Hub did not take leave it out of date: incomplete, as a collection gap is.
    process.exitCode = imported.complete ? code : EXIT.INCOMPLETE;
  });
}

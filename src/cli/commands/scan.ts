import type { Command } from 'commander';
import { writeInventory } from '../../inventory/io.js';
import { addAwsOptions, resolveAwsTarget, type AwsFlags } from '../aws-options.js';
import { collectWithProgress } from '../collecting.js';
import type { GlobalContext } from '../main.js';
import { addOutputOptions, resolveOutput, resolveRunOptions, type OutputFlags } from '../output-options.js';
import { deliver, evaluateInventory } from '../pipeline.js';

export function registerScan(program: Command, context: GlobalContext): void {
  addOutputOptions(
    addAwsOptions(
      program
        .command('scan')
        .description('collect from AWS, run every check and write the reports'),
    ).option('--inventory-out <file>', 'also keep the collected snapshot, to re-evaluate later'),
  ).action(async (flags: AwsFlags & OutputFlags & { inventoryOut?: string }) => {
    const target = resolveAwsTarget(flags);
    const output = resolveOutput(flags);
    const run = await resolveRunOptions(flags);
    const inventory = await collectWithProgress(target, context.logger());
    if (flags.inventoryOut) await writeInventory(flags.inventoryOut, inventory);
    process.exitCode = await deliver(evaluateInventory(inventory, run), output);
  });
}

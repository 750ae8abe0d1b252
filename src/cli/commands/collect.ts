import type { Command } from 'commander';
import { writeInventory } from '../../inventory/io.js';
import { assertWritableFile } from '../../output/preflight.js';
import { allChecks } from '../../../checks/index.js';
import { addAwsOptions, resolveAwsTarget, type AwsFlags } from '../aws-options.js';
import { addCheckSelectionOptions, addExcludedRegionsOption, collectionScope, resolveSelection, type SelectionFlags } from '../selection-options.js';
import { EXIT } from '../../exit-codes.js';
import type { GlobalContext } from '../context.js';
import { collectSummaryLine } from '../collect-summary.js';
import { oneLine } from '../../util/text.js';

export function registerCollect(program: Command, context: GlobalContext): void {
  addCheckSelectionOptions(
    addExcludedRegionsOption(
      addAwsOptions(
        program
          .command('collect')
          .description('collect an inventory snapshot from AWS, to evaluate later with `apiposture evaluate`; --checks: only what they read')
          .requiredOption('--out <file>', 'where to write the snapshot (JSON)'),
      ),
    ),
  ).action(async (flags: AwsFlags & SelectionFlags & { out: string }) => {
    const selection = resolveSelection(flags);
    const target = collectionScope(resolveAwsTarget(flags), selection);
    await assertWritableFile(flags.out, '--out');
    const { collectWithProgress } = await import('../collecting.js');
    const inventory = await collectWithProgress(target, context.logger());
    await writeInventory(flags.out, inventory);
    process.stdout.write(`${oneLine(collectSummaryLine({ file: flags.out, inventory, checkCount: allChecks.length }))}\n`);
    process.exitCode = inventory.errors.length ? EXIT.INCOMPLETE : EXIT.OK;
  });
}

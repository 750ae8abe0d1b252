import type { Command } from 'commander';
import { writeInventory } from '../../inventory/io.js';
import { assertWritableFile } from '../../output/preflight.js';
import { allChecks } from '../../../checks/index.js';
import { addAwsOptions, resolveAwsTarget, type AwsFlags } from '../aws-options.js';
import { addCheckSelectionOptions, addExcludedRegionsOption, collectionScope, resolveSelection, type SelectionFlags } from '../selection-options.js';
import { collectWithProgress } from '../collecting.js';
import { EXIT } from '../../exit-codes.js';
import type { GlobalContext } from '../context.js';

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
    const inventory = await collectWithProgress(target, context.logger());
    await writeInventory(flags.out, inventory);
    const apis = inventory.regions.reduce((n, r) => n + (r.apigateway.restApis.ok ? r.apigateway.restApis.value.length : 0), 0);
    const collected = inventory.selection
      ? `for ${inventory.selection.checks.length} of ${allChecks.length} checks (${inventory.selection.parts.join(', ')})`
      : `${apis} REST APIs`;
    process.stdout.write(
      `wrote ${flags.out}: ${collected} in ${inventory.regions.length} region(s), ${inventory.errors.length} collection error(s)\n`,
    );
    process.exitCode = inventory.errors.length ? EXIT.INCOMPLETE : EXIT.OK;
  });
}

import type { Command } from 'commander';
import { writeInventory } from '../../inventory/io.js';
import { assertWritableFile } from '../../output/preflight.js';
import { addAwsOptions, resolveAwsTarget, type AwsFlags } from '../aws-options.js';
import { collectWithProgress } from '../collecting.js';
import { EXIT } from '../../exit-codes.js';
import type { GlobalContext } from '../context.js';

export function registerCollect(program: Command, context: GlobalContext): void {
  addAwsOptions(
    program
      .command('collect')
      .description('collect an inventory snapshot from AWS, to evaluate later with `apiposture evaluate`')
      .requiredOption('--out <file>', 'where to write the snapshot (JSON)'),
  ).action(async (flags: AwsFlags & { out: string }) => {
    const target = resolveAwsTarget(flags);
    await assertWritableFile(flags.out, '--out');
    const inventory = await collectWithProgress(target, context.logger());
    await writeInventory(flags.out, inventory);
    const apis = inventory.regions.reduce((n, r) => n + (r.apigateway.restApis.ok ? r.apigateway.restApis.value.length : 0), 0);
    process.stdout.write(
      `wrote ${flags.out}: ${apis} REST APIs in ${inventory.regions.length} region(s), ${inventory.errors.length} collection error(s)\n`,
    );
    process.exitCode = inventory.errors.length ? EXIT.INCOMPLETE : EXIT.OK;
  });
}

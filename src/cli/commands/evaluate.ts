import type { Command } from 'commander';
import { readInventory } from '../../inventory/io.js';
import { addOutputOptions, resolveOutput, resolveRunOptions, type OutputFlags } from '../output-options.js';
import { evaluateInventory } from '../../scan/evaluate.js';
import { deliver } from '../report-output.js';
import { addCheckSelectionOptions, addResourceFilterOptions, type SelectionFlags } from '../selection-options.js';
import { withComplianceFocus } from '../../report/compliance.js';

export function registerEvaluate(program: Command): void {
  addOutputOptions(
    addResourceFilterOptions(addCheckSelectionOptions(
      program
        .command('evaluate <inventory>')
        .description('run the checks on an inventory snapshot (no AWS access needed) and write reports'),
    )),
  ).action(async (path: string, flags: OutputFlags & SelectionFlags) => {
    const output = resolveOutput(flags);
    const run = await resolveRunOptions(flags);
    const inventory = await readInventory(path);
    process.exitCode = await deliver(withComplianceFocus(evaluateInventory(inventory, run), output.compliance), output);
  });
}

/**
 * The evaluation in layers, each run alone so that its CPU can be told apart (bench/cpu-layers.ts):
 * - `checks`: every check selects and judges its targets, as the engine runs it (its memos, the
 *   collections between checks), and nothing is made of the outcomes: what the checks themselves cost.
 * - `results`: the same, each outcome made a result as the report holds it (evidence bounded and
 *   interned, message rendered and redacted, id and resource reference), the results of a check
 *   let go once it has run.
 * The bench's `evaluate` task is the layer above: the results kept, the report built and written.
 */
import { allChecks } from '../checks/index.js';
import { forgetCheckRunMemos } from '../src/engine/check-run-memo.js';
import type { AnyCheck } from '../src/engine/define.js';
import { runCheck, runShared } from '../src/engine/runner.js';
import type { Inventory } from '../src/inventory/schema.js';
import { InventoryView } from '../src/inventory/view.js';
import { heapGrowthGuard } from '../src/scan/phase-boundary.js';

export type Layer = 'checks' | 'results';

/** Runs every check on the snapshot as `layer` says; returns how many targets were judged (gaps included), one per result the evaluation makes. */
export function runLayer(inventory: Inventory, layer: Layer, checks: readonly AnyCheck[] = allChecks): number {
  const view = new InventoryView(inventory);
  const shared = runShared(true);
  const betweenChecks = heapGrowthGuard();
  let judged = 0;
  for (const check of checks) {
    judged += layer === 'results' ? runCheck(check, view, undefined, undefined, shared).length : judgeOnly(check, view);
    betweenChecks();
  }
  return judged;
}

/**
 * The check's targets judged and the outcomes dropped. A check that throws counts as runCheck's
 * check-error results would: one per region when selecting throws, one per target that throws.
 */
function judgeOnly(check: AnyCheck, view: InventoryView): number {
  try {
    const options = check.parseOptions({});
    let selection;
    try {
      selection = check.select(view);
    } catch {
      return view.inventory.regions.length;
    }
    const { targets, gaps } = selection;
    for (const target of targets) {
      try {
        check.evaluate(target, view, options);
      } catch {
        // runCheck makes a check-error result of it.
      }
    }
    return targets.length + gaps.length;
  } finally {
    forgetCheckRunMemos();
  }
}

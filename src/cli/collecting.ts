/** Runs the collectors for `scan` and `collect`, with progress on stderr. */
import type { Logger } from 'pino';
import { collectInventory } from '../collect/index.js';
import type { Inventory } from '../inventory/schema.js';
import type { AwsTarget } from './aws-options.js';

export async function collectWithProgress(target: AwsTarget, logger: Logger): Promise<Inventory> {
  const started = Date.now();
  logger.info({ regions: target.regions, endpoint: target.endpointUrl }, 'collecting');
  const { inventory, stats } = await collectInventory({ ...target, logger });
  logger.info(
    { ms: Date.now() - started, calls: stats.totalCalls, errors: inventory.errors.length },
    'collection finished',
  );
  for (const error of inventory.errors) {
    logger.warn(error, `could not collect ${error.service}:${error.operation} for ${error.resource}`);
  }
  return inventory;
}

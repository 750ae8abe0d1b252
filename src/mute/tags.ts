/**
 * The tags a snapshot records, by ARN: REST APIs and stages (`tags`), HTTP and WebSocket APIs
 * and stages, and custom domains (`Tags`). Other resources carry none in the snapshot.
 */
import { InventoryView } from '../inventory/view.js';
import type { Inventory } from '../inventory/schema.js';
import type { TagLookup, Tags } from './apply.js';

export function inventoryTags(inventory: Inventory): TagLookup {
  const view = new InventoryView(inventory);
  const byArn = new Map<string, Tags>();
  const add = (arn: string, tags: Tags | undefined) => {
    if (tags !== undefined) byArn.set(arn, tags);
  };
  for (const { ref, api } of view.restApis().targets) add(ref.arn, api.tags);
  for (const { ref, stage } of view.restStages().targets) add(ref.arn, stage.tags);
  for (const { ref, api } of view.v2Apis().targets) add(ref.arn, api.Tags);
  for (const { ref, stage } of view.v2Stages().targets) add(ref.arn, stage.Tags);
  for (const { ref, v2 } of view.domains().targets) add(ref.arn, v2?.Tags);
  return (arn) => byArn.get(arn);
}

/** The line `collect` prints after writing a snapshot: what it holds, by API kind. */
import type { Inventory } from '../inventory/schema.js';
import { plural } from '../util/text.js';

export interface CollectSummaryInput {
  file: string;
  inventory: Inventory;
  /** How many checks the catalogue has: a selected snapshot says how many of them it serves. */
  checkCount: number;
}

/** API counts by kind, for the kinds collected in at least one region (REST, HTTP, WebSocket). */
export function apiKindCounts(inventory: Inventory): string[] {
  let rest: number | undefined;
  let http: number | undefined;
  let websocket: number | undefined;
  for (const region of inventory.regions) {
    const restApis = region.apigateway.restApis;
    if (restApis.ok) rest = (rest ?? 0) + restApis.value.length;
    const v2Apis = region.apigatewayv2.apis;
    if (!v2Apis.ok) continue;
    const sockets = v2Apis.value.filter((api) => api.ProtocolType === 'WEBSOCKET').length;
    http = (http ?? 0) + v2Apis.value.length - sockets;
    websocket = (websocket ?? 0) + sockets;
  }
  return [
    rest !== undefined && plural(rest, 'REST API'),
    http !== undefined && plural(http, 'HTTP API'),
    websocket !== undefined && plural(websocket, 'WebSocket API'),
  ].filter((part): part is string => part !== false);
}

export function collectSummaryLine({ file, inventory, checkCount }: CollectSummaryInput): string {
  const kinds = apiKindCounts(inventory);
  const parts = [
    inventory.selection && `for ${inventory.selection.checks.length} of ${plural(checkCount, 'check')} (${inventory.selection.parts.join(', ')})`,
    kinds.length > 0 ? kinds.join(', ') : 'no API list collected',
  ].filter(Boolean);
  return (
    `wrote ${file}: ${parts.join(': ')} in ${plural(inventory.regions.length, 'region')}, ` +
    plural(inventory.errors.length, 'collection error')
  );
}

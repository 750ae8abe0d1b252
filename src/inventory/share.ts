/**
 * Equal deployed methods held once. An API's deployments mostly serve the same methods (stages
 * redeployed unchanged), and each export is parsed into its own objects, so an API with three
 * deployments would hold every method three times: on a 10,000-API account that is about a third
 * of the snapshot in memory. Equal method records are kept once and an equal list as one array;
 * the snapshot's JSON does not change (equal means the same members in the same order, so the
 * same JSON text). A snapshot is never mutated once collected or read, so sharing is safe, and
 * the checks' per-list memos then serve every deployment at once. The collector applies it as
 * each API's deployments arrive, `readInventory` to a snapshot read from a file, a region at a time.
 */
import type { DeployedRestConfig, Inventory, RegionInventory, RestApi } from './schema.js';

type DeployedMethod = DeployedRestConfig['methods'][number];

/** Shares one REST API's equal deployed method lists and method records, in place. */
export function shareEqualMethods(deployments: RestApi['deployments']): void {
  const lists: DeployedMethod[][] = [];
  const byKey = new Map<string, DeployedMethod>();
  for (const slot of Object.values(deployments)) {
    if (!slot.ok) continue;
    const config = slot.value;
    const same = lists.find((list) => sameJson(list, config.methods));
    if (same) {
      config.methods = same;
      continue;
    }
    config.methods = config.methods.map((method) => {
      const key = `${method.httpMethod} ${method.path}`;
      const known = byKey.get(key);
      if (known && sameJson(known, method)) return known;
      if (!known) byKey.set(key, method);
      return method;
    });
    lists.push(config.methods);
  }
}

/** `shareEqualMethods` for every REST API of a snapshot, in place; returns it. */
export function shareEqualDeployments(inventory: Inventory): Inventory {
  for (const region of inventory.regions) shareRegionDeployments(region);
  return inventory;
}

/** `shareEqualMethods` for every REST API of one region, in place. */
export function shareRegionDeployments(region: RegionInventory): void {
  const apis = region.apigateway.restApis;
  if (apis.ok) for (const api of apis.value) shareEqualMethods(api.deployments);
}

/** Whether two parsed JSON values would print as the same JSON text (members compared in order). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  for (let i = 0; i < keysA.length; i += 1) {
    const key = keysA[i]!;
    if (key !== keysB[i] || !sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

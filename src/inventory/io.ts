/** Reading and writing inventory snapshots. Every failure is a one-line `InputError`. */
import { InputError } from '../errors.js';
import { writeAtomic } from '../util/atomic-write.js';
import { parseVersioned, parseVersionedByItems, readJsonFile } from '../util/documents.js';
import { servedDeploymentIds } from './links.js';
import { INVENTORY_SCHEMA_VERSION, inventorySchema, regionInventorySchema, type CollectionError, type Inventory } from './schema.js';
import { shareEqualDeployments, shareRegionDeployments } from './share.js';

/**
 * Snapshots larger than this are refused before reading (a real account is a few MB; the
 * benchmark's 10,000 APIs with 500,000 methods, 650 MB). Past V8's longest string the bytes are
 * parsed in parts (src/util/json-parts.ts), read from the file as they are parsed; parsed, a
 * snapshot takes about as much memory as its size.
 */
export const MAX_SNAPSHOT_BYTES = 1024 * 1024 * 1024;

const INVENTORY = { name: 'inventory snapshot', version: INVENTORY_SCHEMA_VERSION, schema: inventorySchema };

/** A snapshot document validated, migrated to the current version, its equal deployed methods held once (share.ts). */
export function parseInventory(document: unknown, source: string): Inventory {
  return shareEqualDeployments(parseVersioned(INVENTORY, migrateFromV1(document), source));
}

// ── Version 1 → 2 ──────────────────────────────────────────────────────────────────────

/** Why a migrated snapshot has no deployed views: the checks judging them report this as the gap. */
export const V1_NO_DEPLOYED_VIEW = 'snapshot version 1 has no deployed configuration: collect again';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value of a `{ ok: true, value }` slot of a list, or undefined. */
function listIn(slot: unknown): unknown[] | undefined {
  return isObject(slot) && slot.ok === true && Array.isArray(slot.value) ? slot.value : undefined;
}

/** Sets a record entry as data (a key named `__proto__` stays a key). */
function setEntry(record: Json, key: string, value: unknown): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

function notInSnapshot(service: string, operation: string, region: string, resource: string): { ok: false; error: CollectionError } {
  return { ok: false, error: { service, operation, region, resource, code: 'NotInSnapshot', message: V1_NO_DEPLOYED_VIEW } };
}

/**
 * Version 1 snapshots hold the working copy only. Each REST API gets a gap for every deployment
 * its stages (`GetExport`) or canaries only (`GetDeployment`) serve, each HTTP API one for every
 * stage without AutoDeploy (`ExportApi`): the checks judging what stages serve report ERROR
 * ("collect again") instead of judging the draft as if it were deployed. Parts not shaped like a
 * version 1 snapshot pass unchanged, for the schema to refuse.
 */
export function migrateFromV1(document: unknown): unknown {
  if (!isObject(document) || document.schemaVersion !== 1) return document;
  const regions = Array.isArray(document.regions) ? document.regions.map((region) => (isObject(region) ? migrateRegion(region) : region)) : document.regions;
  return { ...document, schemaVersion: 2, regions };
}

function migrateRegion(region: Json): Json {
  const name = typeof region.region === 'string' ? region.region : '';
  const migrated = { ...region };
  const v1 = region.apigateway;
  const restApis = isObject(v1) ? listIn(v1.restApis) : undefined;
  if (isObject(v1) && restApis) {
    migrated.apigateway = { ...v1, restApis: { ...(v1.restApis as Json), value: restApis.map((api) => (isObject(api) ? migrateRestApi(api, name) : api)) } };
  }
  const v2 = region.apigatewayv2;
  const v2Apis = isObject(v2) ? listIn(v2.apis) : undefined;
  if (isObject(v2) && v2Apis) {
    migrated.apigatewayv2 = { ...v2, apis: { ...(v2.apis as Json), value: v2Apis.map((api) => (isObject(api) ? migrateV2Api(api, name) : api)) } };
  }
  return migrated;
}

function migrateRestApi(api: Json, region: string): Json {
  if (api.deployments !== undefined) return api;
  const stages = (listIn(api.stages) ?? []).filter(isObject) as { stageName?: string; deploymentId?: string; canarySettings?: { deploymentId?: string } }[];
  const staged = new Set(stages.map((stage) => stage.deploymentId).filter((id) => typeof id === 'string'));
  const deployments: Json = {};
  for (const id of servedDeploymentIds(stages)) {
    if (typeof id !== 'string') continue;
    const operation = staged.has(id) ? 'GetExport' : 'GetDeployment';
    setEntry(deployments, id, notInSnapshot('apigateway', operation, region, `${String(api.arn)}/deployments/${id}`));
  }
  return { ...api, deployments };
}

function migrateV2Api(api: Json, region: string): Json {
  if (api.stageExports !== undefined) return api;
  const stageExports: Json = {};
  if (api.ProtocolType !== 'WEBSOCKET') {
    for (const stage of (listIn(api.stages) ?? []).filter(isObject)) {
      if (stage.AutoDeploy === true || typeof stage.StageName !== 'string') continue;
      setEntry(stageExports, stage.StageName, notInSnapshot('apigatewayv2', 'ExportApi', region, `${String(api.arn)}/stages/${stage.StageName}`));
    }
  }
  return { ...api, stageExports };
}

/**
 * A snapshot file read, validated and its equal deployments held once, as `parseInventory` makes
 * it, a region at a time: each region as read is replaced by its validated copy, and is let go
 * at the next full collection, which `betweenRegions` may make (the CLI's `evaluate` does).
 */
export async function readInventory(path: string, betweenRegions?: () => void): Promise<Inventory> {
  const document = migrateFromV1(await readJsonFile(path, 'snapshot', MAX_SNAPSHOT_BYTES));
  return parseVersionedByItems(INVENTORY, document, path, 'regions', regionInventorySchema, {
    validated: shareRegionDeployments,
    ...(betweenRegions ? { between: betweenRegions } : {}),
  });
}

/**
 * How deep the snapshot is taken apart before a piece is stringified whole: inventory → regions →
 * region → service → list slot → its value → one API. A region's or a service's JSON can be
 * tens of megabytes (a thousand APIs in one region); one API's is rarely more than one.
 */
const SNAPSHOT_PIECE_DEPTH = 6;

/**
 * The snapshot as compact JSON, an API at a time: exactly `JSON.stringify(inventory)` and a
 * newline, without ever holding the whole document, or a whole region, as one string.
 */
export function* inventoryJsonChunks(inventory: Inventory): Generator<string> {
  yield* jsonPieces(inventory, SNAPSHOT_PIECE_DEPTH);
  yield '\n';
}

/** Arrays and plain objects without `toJSON`: what `jsonPieces` may take apart. */
function isTakenApart(value: unknown): value is Json | unknown[] {
  if (typeof value !== 'object' || value === null || typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  if (Array.isArray(value)) return true;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * `JSON.stringify(value)` in pieces, arrays and plain objects taken apart down to `depth` levels,
 * with its rules: in an object a member whose value has no JSON (undefined, a function, a
 * symbol) is left out; in an array it is `null`.
 */
function* jsonPieces(value: unknown, depth: number): Generator<string> {
  if (depth === 0 || !isTakenApart(value)) {
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  if (Array.isArray(value)) {
    yield '[';
    for (let i = 0; i < value.length; i += 1) {
      if (i > 0) yield ',';
      yield* jsonPieces(value[i], depth - 1);
    }
    yield ']';
    return;
  }
  let separator = '{';
  for (const key of Object.keys(value)) {
    const member = value[key];
    if (!isTakenApart(member)) {
      const text = JSON.stringify(member) as string | undefined;
      if (text === undefined) continue;
      yield `${separator}${JSON.stringify(key)}:${text}`;
    } else {
      yield `${separator}${JSON.stringify(key)}:`;
      yield* jsonPieces(member, depth - 1);
    }
    separator = ',';
  }
  yield separator === '{' ? '{}' : '}';
}

export async function writeInventory(path: string, inventory: Inventory): Promise<void> {
  try {
    await writeAtomic(path, inventoryJsonChunks(inventory));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new InputError(`cannot write the snapshot ${path}: ${code}`);
  }
}

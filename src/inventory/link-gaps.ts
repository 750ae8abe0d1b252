/**
 * Where the links to user pools and KMS keys could not be read. Those resources are found only
 * through other data (authorizers name pools; log groups and trails name keys): when that data
 * is missing, the resources it would name are unknown. Their checks report it as a gap (ERROR)
 * naming the region or API whose links are unknown, instead of silently having fewer targets,
 * which downstream would read as "resolved" (the Security Hub reconcile archives findings a run
 * did not produce).
 */
import type { Collected, CollectionError, Inventory, RegionInventory } from './schema.js';
import type { Gap, RestApiEntity, Selection, V2ApiEntity } from './entities.js';
import type { LogGroupUse } from './links.js';

/** The part of the inventory view the link gaps are read from. */
export interface LinkedView {
  readonly inventory: Inventory;
  restApis(): Selection<RestApiEntity>;
  v2Apis(): Selection<V2ApiEntity>;
  regionRef(region: string): Gap['ref'];
  logGroupUses(region: RegionInventory): Map<string, LogGroupUse[]>;
}

type ApiEntity = RestApiEntity | V2ApiEntity;

function unknownLinks(ref: Gap['ref'], error: CollectionError, what: string): Gap {
  return { ref, error: { ...error, message: `${what}: ${error.message}` } };
}

/** APIs whose `slot` could not be read, as gaps of their own. */
function apiGaps<T extends ApiEntity>(apis: readonly T[], slotOf: (api: T) => Collected<unknown>, what: (name: string) => string): Gap[] {
  return apis.flatMap((api) => {
    const slot = slotOf(api);
    return slot.ok ? [] : [unknownLinks(api.ref, slot.error, what(api.ref.name))];
  });
}

const isHttpApi = (api: V2ApiEntity) => api.api.ProtocolType !== 'WEBSOCKET';

/**
 * Pools are named by REST `COGNITO_USER_POOLS` authorizers (providerARNs) and HTTP API JWT
 * authorizers (issuer). WebSocket APIs name none: JWT authorizers are supported only for HTTP
 * APIs (API Gateway v2 API reference, CreateAuthorizer: AuthorizerType).
 */
export function userPoolLinkGaps(view: LinkedView): Gap[] {
  const rest = view.restApis();
  const v2 = view.v2Apis();
  return [
    ...rest.gaps.map((g) => unknownLinks(g.ref, g.error, `user pools behind the REST API authorizers of ${g.ref.region} could not be listed`)),
    ...apiGaps(rest.targets, (api) => api.api.authorizers, (name) => `user pools behind ${name}'s authorizers could not be listed`),
    ...v2.gaps.map((g) => unknownLinks(g.ref, g.error, `user pools behind the HTTP API JWT authorizers of ${g.ref.region} could not be listed`)),
    ...apiGaps(v2.targets.filter(isHttpApi), (api) => api.api.authorizers, (name) => `user pools behind ${name}'s JWT authorizers could not be listed`),
  ];
}

/**
 * Keys are named by the log groups stages write to (access logs, REST execution logs) and by
 * the trails a region sees. Unknown where the API lists, an API's stages, a log group's
 * description or the region's trails could not be read.
 */
export function kmsKeyLinkGaps(view: LinkedView): Gap[] {
  const rest = view.restApis();
  const v2 = view.v2Apis();
  const apis: ApiEntity[] = [...rest.targets, ...v2.targets];
  const gaps: Gap[] = [
    ...[...rest.gaps, ...v2.gaps].map((g) =>
      unknownLinks(g.ref, g.error, `the log groups the stages of ${g.ref.region} write to, and the KMS keys protecting them, are unknown`),
    ),
    ...apiGaps(apis, (api) => api.api.stages, (name) => `the log groups ${name}'s stages write to, and the KMS keys protecting them, are unknown`),
  ];
  for (const region of view.inventory.regions) {
    gaps.push(...undescribedLogGroups(view, region, apis));
    if (!region.trails.ok) {
      gaps.push(unknownLinks(view.regionRef(region.region), region.trails.error, `the KMS keys of the trails ${region.region} sees are unknown`));
    }
  }
  return gaps;
}

/** Log groups stages write to that could not be described: one gap per API writing to them. */
function undescribedLogGroups(view: LinkedView, region: RegionInventory, apis: readonly ApiEntity[]): Gap[] {
  const byApi = new Map<string, { names: string[]; error: CollectionError }>();
  for (const [name, uses] of view.logGroupUses(region)) {
    const slot = region.logGroups[name];
    if (slot?.ok) continue;
    const error: CollectionError = slot?.error ?? {
      service: 'logs',
      operation: 'DescribeLogGroups',
      region: region.region,
      resource: name,
      code: 'NotCollected',
      message: 'the log group was not in the snapshot',
    };
    for (const apiArn of new Set(uses.map((use) => use.apiArn))) {
      const entry = byApi.get(apiArn) ?? { names: [], error };
      entry.names.push(name);
      byApi.set(apiArn, entry);
    }
  }
  const apiByArn = new Map<string, ApiEntity>();
  for (const api of apis) if (!apiByArn.has(api.ref.arn)) apiByArn.set(api.ref.arn, api);
  return [...byApi].map(([apiArn, { names, error }]) => {
    const api = apiByArn.get(apiArn);
    const ref = api?.ref ?? view.regionRef(region.region);
    const groups = names.length === 1 ? `the KMS key protecting log group ${names[0]}` : `the KMS keys protecting log groups ${names.join(', ')}`;
    const writer = api ? `${api.ref.name}'s stages` : `stages of ${region.region}`;
    return unknownLinks(ref, error, `${groups} (written by ${writer}) ${names.length === 1 ? 'is' : 'are'} unknown`);
  });
}

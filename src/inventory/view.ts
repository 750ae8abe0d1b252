/**
 * The query layer checks read the inventory through. It answers the joins (stage → web ACL,
 * stage → usage plans, domain → certificate) and turns missing data into explicit gaps, so a
 * check never confuses "not collected" with "not there".
 */
import type { ResourceRef } from '../model/results.js';
import type {
  AccountSettings,
  Certificate,
  Collected,
  CollectionError,
  DomainName,
  Inventory,
  RegionInventory,
  RestApi,
  UsagePlan,
  V2Api,
  V2DomainName,
  WebAcl,
  LogGroup,
} from './schema.js';
import { logGroupNameFromArn, logGroupUses, outsideScanReason, userPoolUses, type LogGroupUse } from './links.js';
import { domainArn, restApiArn, restStageArn, v2ApiArn, v2StageArn } from './arns.js';
import { kmsKeyLinkGaps, userPoolLinkGaps } from './link-gaps.js';
import type {
  DomainEntity,
  Gap,
  IamPolicyEntity,
  KmsKeyEntity,
  OutsideUserPoolEntity,
  RegionEntity,
  RestApiEntity,
  RestStageEntity,
  Selection,
  UserPoolEntity,
  V2ApiEntity,
  V2StageEntity,
} from './entities.js';

export type * from './entities.js';

export { domainArn, restApiArn, restStageArn, v2ApiArn, v2StageArn } from './arns.js';

export class InventoryView {
  readonly accountId: string;
  readonly partition: string;
  readonly collectedAt: Date;

  constructor(readonly inventory: Inventory) {
    this.accountId = inventory.account.id;
    this.partition = inventory.account.partition;
    this.collectedAt = new Date(inventory.collectedAt);
  }

  regionRef(region: string): ResourceRef {
    return {
      arn: `arn:${this.partition}:apigateway:${region}:${this.accountId}:account`,
      type: 'account',
      name: `${this.accountId}/${region}`,
      account: this.accountId,
      region,
    };
  }

  regions(): Selection<RegionEntity> {
    return {
      targets: this.inventory.regions.map((region) => ({
        kind: 'region' as const,
        region,
        ref: this.regionRef(region.region),
      })),
      gaps: [],
    };
  }

  private restApisCache: Selection<RestApiEntity> | undefined;

  /** Computed once per view; the selection and its arrays are frozen, shared by every caller. */
  restApis(): Selection<RestApiEntity> {
    return (this.restApisCache ??= frozenSelection(this.buildRestApis()));
  }

  private buildRestApis(): Selection<RestApiEntity> {
    const targets: RestApiEntity[] = [];
    const gaps: Gap[] = [];
    for (const region of this.inventory.regions) {
      const apis = region.apigateway.restApis;
      if (!apis.ok) {
        gaps.push({ ref: this.regionRef(region.region), error: apis.error });
        continue;
      }
      for (const api of apis.value) {
        targets.push({
          kind: 'rest-api',
          api,
          region,
          ref: {
            arn: api.arn,
            type: 'rest-api',
            name: api.name ?? api.id,
            account: this.accountId,
            region: region.region,
            apiArn: api.arn,
          },
        });
      }
    }
    return { targets, gaps };
  }

  private restStagesCache: Selection<RestStageEntity> | undefined;

  /** Computed once per view; the selection and its arrays are frozen, shared by every caller. */
  restStages(): Selection<RestStageEntity> {
    return (this.restStagesCache ??= frozenSelection(this.buildRestStages()));
  }

  private buildRestStages(): Selection<RestStageEntity> {
    const apis = this.restApis();
    const targets: RestStageEntity[] = [];
    const gaps: Gap[] = [...apis.gaps];
    for (const api of apis.targets) {
      const stages = api.api.stages;
      if (!stages.ok) {
        gaps.push({ ref: api.ref, error: stages.error });
        continue;
      }
      for (const stage of stages.value) {
        const arn = restStageArn(api.api.arn, stage.stageName);
        targets.push({
          kind: 'rest-stage',
          stage,
          api,
          ref: {
            arn,
            type: 'rest-stage',
            name: `${api.ref.name}/${stage.stageName}`,
            account: this.accountId,
            region: api.ref.region,
            apiArn: api.api.arn,
          },
        });
      }
    }
    return { targets, gaps };
  }

  private v2ApisCache: Selection<V2ApiEntity> | undefined;

  /** Computed once per view; the selection and its arrays are frozen, shared by every caller. */
  v2Apis(): Selection<V2ApiEntity> {
    return (this.v2ApisCache ??= frozenSelection(this.buildV2Apis()));
  }

  private buildV2Apis(): Selection<V2ApiEntity> {
    const targets: V2ApiEntity[] = [];
    const gaps: Gap[] = [];
    for (const region of this.inventory.regions) {
      const apis = region.apigatewayv2.apis;
      if (!apis.ok) {
        gaps.push({ ref: this.regionRef(region.region), error: apis.error });
        continue;
      }
      for (const api of apis.value) {
        targets.push({
          kind: 'v2-api',
          api,
          region,
          ref: {
            arn: api.arn,
            type: api.ProtocolType === 'WEBSOCKET' ? 'websocket-api' : 'http-api',
            name: api.Name ?? api.ApiId,
            account: this.accountId,
            region: region.region,
            apiArn: api.arn,
          },
        });
      }
    }
    return { targets, gaps };
  }

  private v2StagesCache: Selection<V2StageEntity> | undefined;

  /** Computed once per view; the selection and its arrays are frozen, shared by every caller. */
  v2Stages(): Selection<V2StageEntity> {
    return (this.v2StagesCache ??= frozenSelection(this.buildV2Stages()));
  }

  private buildV2Stages(): Selection<V2StageEntity> {
    const apis = this.v2Apis();
    const targets: V2StageEntity[] = [];
    const gaps: Gap[] = [...apis.gaps];
    for (const api of apis.targets) {
      const stages = api.api.stages;
      if (!stages.ok) {
        gaps.push({ ref: api.ref, error: stages.error });
        continue;
      }
      for (const stage of stages.value) {
        targets.push({
          kind: 'v2-stage',
          stage,
          api,
          ref: {
            arn: v2StageArn(api.api.arn, stage.StageName),
            type: 'v2-stage',
            name: `${api.ref.name}/${stage.StageName}`,
            account: this.accountId,
            region: api.ref.region,
            apiArn: api.api.arn,
          },
        });
      }
    }
    return { targets, gaps };
  }

  private domainsCache: Selection<DomainEntity> | undefined;

  /** Custom domains of every region, v1 and v2 views joined by name (computed once per view). */
  domains(): Selection<DomainEntity> {
    return (this.domainsCache ??= this.joinDomains());
  }

  private joinDomains(): Selection<DomainEntity> {
    const targets: DomainEntity[] = [];
    const gaps: Gap[] = [];
    for (const region of this.inventory.regions) {
      const v1 = region.apigateway.domainNames;
      const v2 = region.apigatewayv2.domainNames;
      // With one side missing, a domain only the other lists would go unseen: report the gap.
      if (!v1.ok) gaps.push({ ref: this.regionRef(region.region), error: v1.error });
      if (!v2.ok) gaps.push({ ref: this.regionRef(region.region), error: v2.error });
      const names = new Set([
        ...(v1.ok ? v1.value.map((d) => d.domainName) : []),
        ...(v2.ok ? v2.value.map((d) => d.DomainName) : []),
      ]);
      const v1ByName = firstBy(v1.ok ? v1.value : [], (d) => d.domainName);
      const v2ByName = firstBy(v2.ok ? v2.value : [], (d) => d.DomainName);
      for (const name of [...names].sort()) {
        const v1Domain = v1ByName.get(name);
        const v2Domain = v2ByName.get(name);
        const { arns, gaps: mappingGaps } = this.mappedApis(region, v1Domain, v2Domain);
        targets.push({
          kind: 'domain',
          name,
          ...(v1Domain ? { v1: v1Domain } : {}),
          ...(v2Domain ? { v2: v2Domain } : {}),
          region,
          mappedApiArns: arns,
          mappingGaps,
          ref: {
            arn: v1Domain?.domainNameArn ?? v2Domain?.DomainNameArn ?? domainArn(region.region, name, this.partition),
            type: 'domain',
            name,
            account: this.accountId,
            region: region.region,
            ...(arns.length ? { linkedApiArns: arns } : {}),
          },
        });
      }
    }
    return { targets, gaps };
  }

  /** Resolves an API id from a mapping to its ARN: REST ids and v2 ids never collide. */
  apiArnById(region: RegionInventory, apiId: string): string | undefined {
    const rest = region.apigateway.restApis;
    if (rest.ok && restApiById(rest.value, apiId)) return restApiArn(region.region, apiId, this.partition);
    const v2 = region.apigatewayv2.apis;
    if (v2.ok && v2ApiById(v2.value, apiId)) return v2ApiArn(region.region, apiId, this.partition);
    return undefined;
  }

  private mappedApis(
    region: RegionInventory,
    v1: DomainName | undefined,
    v2: V2DomainName | undefined,
  ): { arns: string[]; gaps: CollectionError[] } {
    const ids = new Set<string>();
    const gaps: CollectionError[] = [];
    if (v1) {
      if (v1.basePathMappings.ok) v1.basePathMappings.value.forEach((m) => m.restApiId && ids.add(m.restApiId));
      else gaps.push(v1.basePathMappings.error);
    }
    if (v2) {
      if (v2.apiMappings.ok) v2.apiMappings.value.forEach((m) => ids.add(m.ApiId));
      else gaps.push(v2.apiMappings.error);
    }
    const arns = [...ids].flatMap((id) => this.apiArnById(region, id) ?? []).sort();
    return { arns, gaps };
  }

  /** User pools that authorizers trust and the scan read; results count towards every API that trusts the pool. */
  userPools(): Selection<UserPoolEntity> {
    const { targets, gaps } = this.trustedUserPools();
    return { targets: targets.filter((t): t is UserPoolEntity => t.kind === 'user-pool'), gaps };
  }

  /** Every user pool an authorizer trusts, those outside the scanned account included. */
  trustedUserPools(): Selection<UserPoolEntity | OutsideUserPoolEntity> {
    const targets: (UserPoolEntity | OutsideUserPoolEntity)[] = [];
    // Authorizers that could not be read may trust pools this selection cannot know of.
    const gaps: Gap[] = userPoolLinkGaps(this);
    for (const [arn, trustedBy] of [...userPoolUses(this.inventory)].sort(([a], [b]) => a.localeCompare(b))) {
      const ref: ResourceRef = {
        arn,
        type: 'user-pool',
        name: arn.split('/').pop() ?? arn,
        account: this.accountId,
        region: arn.split(':')[3] ?? '',
        linkedApiArns: [...new Set(trustedBy.map((use) => use.apiArn))].sort(),
      };
      const slot = this.inventory.shared.userPools[arn];
      if (!slot) {
        gaps.push({ ref, error: this.notCollected('cognito-idp', 'DescribeUserPool', ref.region, arn, 'the user pool was not in the snapshot') });
      } else if (!slot.ok) {
        const reason = outsideScanReason(slot.error, trustedBy);
        if (reason) targets.push({ kind: 'outside-user-pool', reason, trustedBy, ref });
        else gaps.push({ ref, error: slot.error });
      } else {
        targets.push({ kind: 'user-pool', pool: slot.value, trustedBy, ref: { ...ref, name: slot.value.Name ?? ref.name } });
      }
    }
    return { targets, gaps };
  }

  /** Customer-managed keys protecting linked log groups and trails. */
  kmsKeys(): Selection<KmsKeyEntity> {
    const protects = new Map<string, Set<string>>();
    const apis = new Map<string, Set<string>>();
    const note = (keyArn: string, what: string, apiArns: string[] = []) => {
      protects.set(keyArn, (protects.get(keyArn) ?? new Set()).add(what));
      const linked = apis.get(keyArn) ?? new Set();
      apiArns.forEach((arn) => linked.add(arn));
      apis.set(keyArn, linked);
    };
    for (const region of this.inventory.regions) {
      const uses = logGroupUses(region, this.partition);
      for (const [name, group] of Object.entries(region.logGroups)) {
        if (group.ok && group.value.kmsKeyId) note(group.value.kmsKeyId, `log group ${name}`, (uses.get(name) ?? []).map((u) => u.apiArn));
      }
      if (region.trails.ok) for (const trail of region.trails.value) if (trail.KmsKeyId) note(trail.KmsKeyId, `trail ${trail.Name}`);
    }
    const targets: KmsKeyEntity[] = [];
    // Log groups, stages or trails that could not be read may name keys this selection cannot know of.
    const gaps: Gap[] = kmsKeyLinkGaps(this);
    for (const [arn, what] of [...protects].sort(([a], [b]) => a.localeCompare(b))) {
      const linked = [...(apis.get(arn) ?? [])].sort();
      const ref: ResourceRef = {
        arn,
        type: 'kms-key',
        name: arn.split('/').pop() ?? arn,
        account: arn.split(':')[4] || this.accountId,
        region: arn.split(':')[3] ?? '',
        ...(linked.length ? { linkedApiArns: linked } : {}),
      };
      const slot = this.inventory.shared.kmsKeys[arn];
      if (!slot) gaps.push({ ref, error: this.notCollected('kms', 'DescribeKey', ref.region, arn, 'the key was not in the snapshot') });
      else if (!slot.ok) gaps.push({ ref, error: slot.error });
      else targets.push({ kind: 'kms-key', key: slot.value, protects: [...what].sort(), ref });
    }
    return { targets, gaps };
  }

  iamPolicies(): Selection<IamPolicyEntity> {
    const policies = this.inventory.shared.iamPolicies;
    const globalRef = this.regionRef('global');
    if (!policies.ok) return { targets: [], gaps: [{ ref: { ...globalRef, name: this.accountId }, error: policies.error }] };
    const policyRef = (arn: string, name: string): ResourceRef => ({ arn, type: 'iam-policy', name, account: this.accountId, region: 'global' });
    const targets: IamPolicyEntity[] = policies.value.map((policy) => ({
      kind: 'iam-policy' as const,
      policy,
      ref:
        policy.kind === 'managed'
          ? policyRef(policy.arn, policy.name)
          : policyRef(`${policy.arn}/inline/${policy.name}`, `${policy.arn.split('/').pop()}/${policy.name} (inline)`),
    }));
    // Attached AWS-managed policies, each read on its own: one that failed is a gap of its own.
    const gaps: Gap[] = [];
    for (const [arn, slot] of Object.entries(this.inventory.shared.awsManagedPolicies ?? {})) {
      if (slot.ok) targets.push({ kind: 'iam-policy', policy: slot.value, ref: policyRef(arn, slot.value.name) });
      else gaps.push({ ref: policyRef(arn, arn.split('/').pop() ?? arn), error: slot.error });
    }
    return { targets, gaps };
  }

  /** The log group a stage's access-log destination names; undefined for Firehose destinations. */
  accessLogGroup(region: RegionInventory, destinationArn: string): { name: string; group: Collected<LogGroup> } | undefined {
    const name = logGroupNameFromArn(destinationArn);
    if (!name) return undefined;
    return { name, group: this.logGroup(region, name) };
  }

  /** A region's log group by name; a gap when it was not collected. */
  logGroup(region: RegionInventory, name: string): Collected<LogGroup> {
    return (
      region.logGroups[name] ??
      ({ ok: false, error: this.notCollected('logs', 'DescribeLogGroups', region.region, name, 'the log group was not in the snapshot') } as const)
    );
  }

  /** Who writes to each log group of a region. */
  logGroupUses(region: RegionInventory): Map<string, LogGroupUse[]> {
    return logGroupUses(region, this.partition);
  }

  private notCollected(service: string, operation: string, region: string, resource: string, message: string): CollectionError {
    return { service, operation, region, resource, code: 'NotCollected', message };
  }

  accountSettings(region: RegionInventory): Collected<AccountSettings> {
    return region.apigateway.account;
  }

  /** The web ACL behind an ARN a stage names; a gap when it was not collected. */
  webAcl(region: RegionInventory, arn: string): Collected<WebAcl> {
    return (
      region.webAcls[arn] ?? {
        ok: false,
        error: {
          service: 'wafv2',
          operation: 'GetWebACL',
          region: region.region,
          resource: arn,
          code: 'NotCollected',
          message: 'the web ACL was not in the snapshot',
        },
      }
    );
  }

  certificate(region: RegionInventory, arn: string): Collected<Certificate> {
    return (
      region.certificates[arn] ?? {
        ok: false,
        error: {
          service: 'acm',
          operation: 'DescribeCertificate',
          region: region.region,
          resource: arn,
          code: 'NotCollected',
          message: 'the certificate was not in the snapshot',
        },
      }
    );
  }

  /**
   * A certificate by ARN wherever it was collected: the given region's map first, then the
   * region the ARN names (edge-optimized domains use us-east-1 certificates), then any region.
   * A description collected anywhere wins over a failed attempt elsewhere.
   */
  certificateByArn(arn: string, preferred?: RegionInventory): Collected<Certificate> {
    const arnRegion = arn.split(':')[3] ?? '';
    const regions = [
      ...(preferred ? [preferred] : []),
      ...this.inventory.regions.filter((r) => r.region === arnRegion),
      ...this.inventory.regions,
    ];
    let failure: Collected<Certificate> | undefined;
    for (const region of regions) {
      const found = region.certificates[arn];
      if (found?.ok) return found;
      failure ??= found;
    }
    return failure ?? {
      ok: false,
      error: {
        service: 'acm',
        operation: 'DescribeCertificate',
        region: arnRegion || (preferred?.region ?? ''),
        resource: arn,
        code: 'NotCollected',
        message: 'the certificate was not in the snapshot',
      },
    };
  }

  /** Usage plans that attach to one stage of one REST API. */
  usagePlansFor(stage: RestStageEntity): Collected<UsagePlan[]> {
    const plans = stage.api.region.apigateway.usagePlans;
    if (!plans.ok) return plans;
    return { ok: true, value: [...(plansByStage(plans.value).get(stage.api.api.id)?.get(stage.stage.stageName) ?? [])] };
  }
}

// Indexes over immutable inventory lists, built once per list: looking an id up by scanning
// the list for every stage, mapping or record made large accounts quadratic.

/** The first item for each key, as `Array.find` would return it. */
function firstBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) if (!map.has(key(item))) map.set(key(item), item);
  return map;
}

/** A selection callers may share: mutating its arrays throws instead of corrupting the memo. */
function frozenSelection<T>(selection: Selection<T>): Selection<T> {
  Object.freeze(selection.targets);
  Object.freeze(selection.gaps);
  return Object.freeze(selection);
}

function memoIndex<T, I>(build: (items: readonly T[]) => I): (items: readonly T[]) => I {
  const cache = new WeakMap<readonly T[], I>();
  return (items) => {
    let index = cache.get(items);
    if (index === undefined) {
      index = build(items);
      cache.set(items, index);
    }
    return index;
  };
}

const restApiIndex = memoIndex((apis: readonly RestApi[]) => firstBy(apis, (api) => api.id));
const v2ApiIndex = memoIndex((apis: readonly V2Api[]) => firstBy(apis, (api) => api.ApiId));

/** A region's REST API by id (the first listed), without scanning the list. */
export function restApiById(apis: readonly RestApi[], id: string): RestApi | undefined {
  return restApiIndex(apis).get(id);
}

/** A region's HTTP or WebSocket API by id (the first listed), without scanning the list. */
export function v2ApiById(apis: readonly V2Api[], id: string): V2Api | undefined {
  return v2ApiIndex(apis).get(id);
}

/** API id → stage name → the usage plans naming that stage, in plan order (each plan once). */
const plansByStage = memoIndex((plans: readonly UsagePlan[]) => {
  const index = new Map<string | undefined, Map<string | undefined, UsagePlan[]>>();
  for (const plan of plans) {
    for (const s of plan.apiStages ?? []) {
      const stages = index.get(s.apiId) ?? new Map<string | undefined, UsagePlan[]>();
      index.set(s.apiId, stages);
      const list = stages.get(s.stage) ?? [];
      stages.set(s.stage, list);
      if (list.at(-1) !== plan) list.push(plan);
    }
  }
  return index;
});

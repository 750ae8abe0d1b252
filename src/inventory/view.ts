/**
 * The query layer checks read the inventory through. It answers the joins (stage → web ACL,
 * stage → usage plans, domain → certificate) and turns missing data into explicit gaps, so a
 * check never confuses "not collected" with "not there".
 */
import type { ResourceRef } from '../engine/types.js';
import type {
  AccountSettings,
  Certificate,
  Collected,
  CollectionError,
  DomainName,
  Inventory,
  RegionInventory,
  RestApi,
  Stage,
  UsagePlan,
  V2Api,
  V2DomainName,
  V2Stage,
  WebAcl,
} from './schema.js';

export interface RegionEntity {
  kind: 'region';
  region: RegionInventory;
  ref: ResourceRef;
}

export interface RestApiEntity {
  kind: 'rest-api';
  api: RestApi;
  region: RegionInventory;
  ref: ResourceRef;
}

export interface RestStageEntity {
  kind: 'rest-stage';
  stage: Stage;
  api: RestApiEntity;
  ref: ResourceRef;
}

export interface V2ApiEntity {
  kind: 'v2-api';
  api: V2Api;
  region: RegionInventory;
  /** `http-api` or `websocket-api`. */
  ref: ResourceRef;
}

export interface V2StageEntity {
  kind: 'v2-stage';
  stage: V2Stage;
  api: V2ApiEntity;
  ref: ResourceRef;
}

/**
 * A custom domain name. API Gateway keeps one set of domains per region; v1 (`GetDomainNames`)
 * and v2 (`GetDomainNames` + `GetApiMappings`) describe it in two shapes. The entity joins them
 * by name: either side may be missing (v2 does not list edge-optimized or private domains).
 */
export interface DomainEntity {
  kind: 'domain';
  name: string;
  /** The v1 view: security policy (including the enhanced TLS 1.3 ones), mTLS, base paths. */
  v1?: DomainName;
  /** The v2 view: per-endpoint configurations and API mappings. */
  v2?: V2DomainName;
  region: RegionInventory;
  /** ARNs of the REST, HTTP and WebSocket APIs this domain serves (from both mapping lists). */
  mappedApiArns: string[];
  /** Mapping lists that could not be collected: the mapped APIs may be incomplete. */
  mappingGaps: CollectionError[];
  ref: ResourceRef;
}

export type Entity = RegionEntity | RestApiEntity | RestStageEntity | V2ApiEntity | V2StageEntity | DomainEntity;

/** Something a check should have evaluated but cannot, because its data was not collected. */
export interface Gap {
  ref: ResourceRef;
  error: CollectionError;
}

export interface Selection<T> {
  targets: T[];
  gaps: Gap[];
}

export function restApiArn(region: string, apiId: string, partition = 'aws'): string {
  return `arn:${partition}:apigateway:${region}::/restapis/${apiId}`;
}

export function restStageArn(apiArn: string, stageName: string): string {
  return `${apiArn}/stages/${stageName}`;
}

export function v2ApiArn(region: string, apiId: string, partition = 'aws'): string {
  return `arn:${partition}:apigateway:${region}::/apis/${apiId}`;
}

export function v2StageArn(apiArn: string, stageName: string): string {
  return `${apiArn}/stages/${stageName}`;
}

export function domainArn(region: string, domainName: string, partition = 'aws'): string {
  return `arn:${partition}:apigateway:${region}::/domainnames/${domainName}`;
}

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

  restApis(): Selection<RestApiEntity> {
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

  restStages(): Selection<RestStageEntity> {
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

  v2Apis(): Selection<V2ApiEntity> {
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

  v2Stages(): Selection<V2StageEntity> {
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

  /** Custom domains of every region, v1 and v2 views joined by name. */
  domains(): Selection<DomainEntity> {
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
      for (const name of [...names].sort()) {
        const v1Domain = v1.ok ? v1.value.find((d) => d.domainName === name) : undefined;
        const v2Domain = v2.ok ? v2.value.find((d) => d.DomainName === name) : undefined;
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
    if (rest.ok && rest.value.some((api) => api.id === apiId)) return restApiArn(region.region, apiId, this.partition);
    const v2 = region.apigatewayv2.apis;
    if (v2.ok && v2.value.some((api) => api.ApiId === apiId)) return v2ApiArn(region.region, apiId, this.partition);
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
    return {
      ok: true,
      value: plans.value.filter((plan) =>
        (plan.apiStages ?? []).some(
          (s) => s.apiId === stage.api.api.id && s.stage === stage.stage.stageName,
        ),
      ),
    };
  }
}

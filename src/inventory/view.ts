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

export interface DomainEntity {
  kind: 'domain';
  domain: DomainName;
  region: RegionInventory;
  ref: ResourceRef;
}

export type Entity = RegionEntity | RestApiEntity | RestStageEntity | DomainEntity;

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

  domains(): Selection<DomainEntity> {
    const targets: DomainEntity[] = [];
    const gaps: Gap[] = [];
    for (const region of this.inventory.regions) {
      const domains = region.apigateway.domainNames;
      if (!domains.ok) {
        gaps.push({ ref: this.regionRef(region.region), error: domains.error });
        continue;
      }
      for (const domain of domains.value) {
        targets.push({
          kind: 'domain',
          domain,
          region,
          ref: {
            arn: domain.domainNameArn ?? domainArn(region.region, domain.domainName, this.partition),
            type: 'domain',
            name: domain.domainName,
            account: this.accountId,
            region: region.region,
          },
        });
      }
    }
    return { targets, gaps };
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

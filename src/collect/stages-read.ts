/**
 * When every API of a region has its stages read. The log groups the stages write to (access
 * and execution logs, their web ACLs' logging) are known from the stages alone
 * (`logGroupUses`), so they are read then, while the APIs' exports, authorizers and Lambda
 * functions still are, rather than after the region's last API: a small account's scan no
 * longer ends with the log groups and then their KMS keys, one after the other.
 */
import type { Collected, RestApi, V2Api } from '../inventory/schema.js';

type StagedRestApi = Pick<RestApi, 'id' | 'name' | 'arn' | 'stages'>;
type StagedV2Api = Pick<V2Api, 'ApiId' | 'Name' | 'arn' | 'stages'>;
type ApiFamily = 'rest' | 'v2';

export interface RegionStagesRead {
  rest: StagedRestApi[];
  v2: StagedV2Api[];
}

export class StagesRead {
  private readonly read: RegionStagesRead = { rest: [], v2: [] };
  /** APIs listed whose stages are not read yet, per family; absent until the family is listed. */
  private readonly awaiting = new Map<ApiFamily, number>();
  private resolve!: (read: RegionStagesRead) => void;
  /** Every listed API with its stages (read, failed or not selected), once the last one is in. */
  readonly all: Promise<RegionStagesRead> = new Promise((resolve) => (this.resolve = resolve));

  /** The family's list is in, with `apis` APIs (0 when it failed or is not collected). */
  listed(family: ApiFamily, apis: number): void {
    if (this.awaiting.has(family)) throw new Error(`the ${family} APIs were listed twice`);
    this.awaiting.set(family, apis);
    this.settleIfDone();
  }

  restStages(api: Omit<StagedRestApi, 'stages'>, stages: StagedRestApi['stages']): void {
    this.read.rest.push({ ...api, stages });
    this.arrived('rest');
  }

  v2Stages(api: Omit<StagedV2Api, 'stages'>, stages: StagedV2Api['stages']): void {
    this.read.v2.push({ ...api, stages });
    this.arrived('v2');
  }

  private arrived(family: ApiFamily): void {
    const awaiting = this.awaiting.get(family);
    if (awaiting === undefined || awaiting === 0) throw new Error(`stages of a ${family} API that was not listed`);
    this.awaiting.set(family, awaiting - 1);
    this.settleIfDone();
  }

  private settleIfDone(): void {
    if (this.awaiting.size === 2 && [...this.awaiting.values()].every((n) => n === 0)) this.resolve(this.read);
  }
}

/** Taps a list: tells `stages` how many APIs it holds as soon as it is in. */
export async function countedList<T>(stages: StagesRead | undefined, family: ApiFamily, list: Promise<Collected<T[]>>): Promise<Collected<T[]>> {
  const listed = await list;
  stages?.listed(family, listed.ok ? listed.value.length : 0);
  return listed;
}

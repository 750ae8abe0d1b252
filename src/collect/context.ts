/**
 * What collectors share during one scan, and the per-region helper they call AWS through:
 * bounded concurrency, the shared errors list, paging and shape checks.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { z } from 'zod';
import { AdaptiveLane } from '../aws/adaptive-lane.js';
import { callAws, type CallContext, type CallTarget } from '../aws/call.js';
import type { AwsClientSource } from '../aws/clients.js';
import { describeZodError } from '../util/documents.js';
import { notSelected, type InventoryPart } from '../inventory/parts.js';
import type { Certificate, Collected, CollectionError, DomainName, RegionInventory, RestApi, Trail, V2Api, V2DomainName } from '../inventory/schema.js';
import { StringPool, toJsonSafe, TooDeep, type JsonSafe } from './json-safe.js';
import {
  LINKED_OPERATIONS,
  REST_OPERATIONS,
  type LinkedOperationName,
  type RestOperationName,
  type V2OperationName,
} from './operations.js';
import { ALL_PARTS } from './plan.js';
import type { CollectPhase, ProgressListener } from './progress.js';

export const DEFAULT_REGION_CONCURRENCY = 8;

/**
 * The lanes' bounds. Each lane starts at its floor and follows observed latency (AdaptiveLane:
 * rate × latency + a margin) up to its cap. `GetResources` has its own lane, at its own 2.5/s
 * bucket, floor 4 as before; the other calls of a region share one lane, paced for the API
 * Gateway management bucket (10/s, the region's busiest), floor `concurrency`.
 */
export const RESOURCES_LANE = { floor: 4, cap: 32 } as const;
export const SHARED_LANE_CAP = 64;
/** The operation whose buckets pace a fetcher's shared lane unless it names another. */
const SHARED_LANE_PACE: Pick<CallTarget, 'service' | 'operation'> = { service: 'apigateway', operation: 'GetStages' };

export interface CollectContext {
  clients: AwsClientSource;
  calls: CallContext;
  partition: string;
  /** The scanned account (the caller's). */
  accountId: string;
  /** Every failed call of the scan, all regions together. */
  errors: CollectionError[];
  /** AWS calls in flight per region; the rate limiter, not this, sets the pace. */
  concurrency: number;
  onProgress?: ProgressListener;
  /** The parts to collect (src/collect/plan.ts): the others are `NotSelected` slots, without a call. */
  parts: ReadonlySet<InventoryPart>;
  /**
   * Certificates by ARN for the whole scan: edge-optimized domains in every region share
   * certificates in us-east-1, and each is described once.
   */
  certificates: Map<string, Promise<Collected<Certificate>>>;
  /**
   * Trail status and event selectors by trail ARN: a multi-region trail shows up in every
   * scanned region (as a shadow trail) and is read once, in its home region.
   */
  trailDetails: Map<string, Promise<Pick<Trail, 'status' | 'selectors'>>>;
  /** One instance of each text the scan keeps (`conform`): the snapshot repeats ARNs, paths and types by the thousand. */
  strings: StringPool;
  /**
   * Told of each API as soon as it is read (with its stages and what they serve), so what it
   * links to across the scan (its Lambda functions, its authorizers' user pools) is read while
   * the other APIs still are. What a region's own collectors read (web ACLs, certificates)
   * listens on the region's fetcher (`RegionFetcher.onRead`).
   */
  onApiRead?: (region: string, api: ApiRead) => void;
  /** Told of a region's log groups and trails as soon as both are read: the KMS keys they name can be read meanwhile. */
  onKeysNamed?: (region: Pick<RegionInventory, 'region' | 'logGroups' | 'trails'>) => void;
}

/** One API, read in full. */
export type ApiRead = { kind: 'rest'; api: RestApi } | { kind: 'v2'; api: V2Api };

/**
 * The region as far as one API read: its name and that API, all the link helpers
 * (src/inventory/links.ts, src/analysis/lambda.ts) read to say what an API names.
 */
export function regionOfOneApi(region: string, read: ApiRead): RegionInventory {
  const partial = {
    region,
    apigateway: { restApis: { ok: true, value: read.kind === 'rest' ? [read.api] : [] } },
    apigatewayv2: { apis: { ok: true, value: read.kind === 'v2' ? [read.api] : [] } },
  };
  return partial as RegionInventory;
}

/** What a region's collectors announce as soon as it is read: an API in full, a custom domain as listed. */
export type RegionRead = ApiRead | { kind: 'domain'; domain: Omit<DomainName, 'basePathMappings'> } | { kind: 'v2-domain'; domain: Omit<V2DomainName, 'apiMappings'> };

export interface CollectContextOptions {
  clients: AwsClientSource;
  calls: CallContext;
  partition: string;
  accountId: string;
  concurrency?: number;
  onProgress?: ProgressListener;
  /** Default: every part. */
  parts?: ReadonlySet<InventoryPart>;
}

export function createCollectContext(options: CollectContextOptions): CollectContext {
  return {
    clients: options.clients,
    calls: options.calls,
    partition: options.partition,
    accountId: options.accountId,
    errors: [],
    concurrency: options.concurrency ?? DEFAULT_REGION_CONCURRENCY,
    certificates: new Map(),
    trailDetails: new Map(),
    strings: new StringPool(),
    onProgress: options.onProgress,
    parts: options.parts ?? ALL_PARTS,
  };
}

/** One page of a list: its items and the token asking for the next page (none on the last). */
export interface Page<TItem> {
  items?: TItem[] | undefined;
  position?: string | undefined;
}

/**
 * Bounds on one list, so a service that keeps answering with a fresh page token (a fault, or a
 * hostile endpoint) cannot hold the scan forever. AWS ends a list with a page that has no token;
 * an empty page that has one is rare, and several in a row never happen on a list that is
 * really being walked. The page bound is far above any documented quota (API Gateway's largest
 * lists, REST APIs and resources, are a few thousand items at 500 a page).
 */
export interface PageLimits {
  emptyPagesInARow: number;
  maxPages: number;
}

export const DEFAULT_PAGE_LIMITS: PageLimits = { emptyPagesInARow: 5, maxPages: 2_000 };

/**
 * The number of the API whose reads are under way (`RegionFetcher.forApi`), carried through its
 * awaits and into what it starts (its functions, user pools, web ACLs): the lanes serve lower
 * numbers first, so each API's follow-up calls go ahead of later APIs' first calls and each
 * API, and the linked reads its completion starts, finishes early. Calls outside any API (lists,
 * account-wide settings, domains) go first.
 */
const apiOrdinal = new AsyncLocalStorage<number>();
const OUTSIDE_ANY_API = -1;

/** Operation names are unique across these two lists (v2 has its own `v2Target`). */
const SERVICE_OF = new Map([...REST_OPERATIONS, ...LINKED_OPERATIONS].map((op) => [op.operation as string, op.service]));

/** One region's view of the scan: every AWS call of a region collector goes through it. */
export class RegionFetcher {
  /** Every call but GetResources. */
  readonly lane: AdaptiveLane;
  readonly resourcesLane: AdaptiveLane;
  private readonly readListeners: ((read: RegionRead) => void)[] = [];
  private apisStarted = 0;

  /**
   * `scope` names the fetcher in progress events: the region, or `global` for the account-wide
   * collectors (user pools, KMS keys, IAM), whose calls name their regions themselves. `pace`
   * names the operation whose bucket sizes the shared lane (default: API Gateway management).
   */
  constructor(
    readonly ctx: CollectContext,
    readonly region: string,
    readonly scope: string = region,
    pace: Pick<CallTarget, 'service' | 'operation'> = SHARED_LANE_PACE,
  ) {
    const { limits } = ctx.calls;
    const floor = Math.max(1, ctx.concurrency);
    this.lane = new AdaptiveLane({
      ratePerSecond: limits.ratePerSecond(pace.service, pace.operation),
      floor,
      cap: Math.max(floor, SHARED_LANE_CAP),
      clock: limits.clock,
    });
    this.resourcesLane = new AdaptiveLane({ ratePerSecond: limits.ratePerSecond('apigateway', 'GetResources'), ...RESOURCES_LANE, clock: limits.clock });
  }

  /** A call target; `region` differs from the scanned one only for cross-region look-ups. */
  target(operation: RestOperationName | LinkedOperationName, resource: string, region: string = this.region): CallTarget {
    const service = SERVICE_OF.get(operation);
    if (!service) throw new Error(`operation ${operation} is not in REST_OPERATIONS or LINKED_OPERATIONS`);
    // The pair comes from one descriptor entry (SERVICE_OF), which the map's type cannot say.
    return { service, operation, region, resource } as CallTarget;
  }

  /** A call target of API Gateway v2 (HTTP and WebSocket APIs) in the scanned region. */
  v2Target(operation: V2OperationName, resource: string): CallTarget {
    return { service: 'apigatewayv2', operation, region: this.region, resource };
  }

  /** Tells `listener` of each API and domain of the region as soon as it is read (what they name is read meanwhile). */
  onRead(listener: (read: RegionRead) => void): void {
    this.readListeners.push(listener);
  }

  /** An API or domain of the region is read: its listeners, and the scan's `onApiRead` for an API. */
  announce(read: RegionRead): void {
    for (const listener of this.readListeners) listener(read);
    if (read.kind === 'rest' || read.kind === 'v2') this.ctx.onApiRead?.(this.region, read);
  }

  /** Reads one API: its calls, and what they start, take the next API number (served in that order). */
  forApi<R>(read: () => Promise<R>): Promise<R> {
    return apiOrdinal.run(this.apisStarted++, read);
  }

  /** Whether this collection collects the part. */
  wants(part: InventoryPart): boolean {
    return this.ctx.parts.has(part);
  }

  /** The slot of a part this collection leaves out: no call, and no collection error. */
  notSelected(part: InventoryPart, target: CallTarget): { ok: false; error: CollectionError } {
    return notSelected(part, target.service, target.operation, target.region, target.resource);
  }

  async call<T>(target: CallTarget, send: () => Promise<T>): Promise<Collected<T>> {
    // GetResources waits on its own 2.5/s bucket; in the shared slots those waits would hold
    // back every other call (measured by npm run bench: 1.3× the rate-limit bound, 1.03× apart).
    const lane = target.operation === 'GetResources' ? this.resourcesLane : this.lane;
    // Each attempt is timed without its wait for a token: the lane sizes itself on AWS's latency.
    const priority = apiOrdinal.getStore() ?? OUTSIDE_ANY_API;
    return this.record(await lane.run(() => callAws(this.ctx.calls, target, () => lane.timed(send)), priority));
  }

  /**
   * Follows the page token (v1 `position`, v2 `NextToken`) to the last page. Any failed page
   * fails the whole list: a partial list would read as complete.
   */
  async pages<TItem>(
    target: CallTarget,
    fetchPage: (position: string | undefined) => Promise<Page<TItem>>,
    limits: PageLimits = DEFAULT_PAGE_LIMITS,
  ): Promise<Collected<TItem[]>> {
    const items: TItem[] = [];
    const seen = new Set<string>();
    let position: string | undefined;
    let emptyInARow = 0;
    let pages = 0;
    do {
      const page = await this.call(target, () => fetchPage(position));
      if (!page.ok) return page;
      pages += 1;
      const pageItems = page.value.items ?? [];
      items.push(...pageItems);
      position = page.value.position || undefined;
      if (position === undefined) break;
      if (seen.has(position)) return this.fail(target, 'PaginationLoop', `the service returned page token ${position} twice`);
      seen.add(position);
      emptyInARow = pageItems.length === 0 ? emptyInARow + 1 : 0;
      if (emptyInARow >= limits.emptyPagesInARow) {
        return this.fail(target, 'PaginationLoop', `${emptyInARow} empty pages in a row, each with a new page token: stopped paging`);
      }
      if (pages >= limits.maxPages) {
        return this.fail(target, 'PaginationLimit', `more than ${limits.maxPages} pages (${items.length} items so far): stopped paging`);
      }
    } while (position !== undefined);
    return { ok: true, value: items };
  }

  /**
   * Converts a response to JSON-safe data and checks it against the snapshot schema. The
   * original object is kept (with every field AWS returned), not the schema's stripped copy; it
   * is a compact copy whose strings come from the scan's pool (`toJsonSafe`), and the response
   * itself is left for the garbage collector.
   */
  conform<T, V>(
    schema: z.ZodType<T>,
    result: Collected<V>,
    target: CallTarget,
    prepare: (value: JsonSafe<V>) => unknown = (value) => value,
  ): Collected<T> {
    if (!result.ok) return result;
    let value: unknown;
    try {
      value = prepare(toJsonSafe(result.value, this.ctx.strings));
    } catch (error) {
      if (!(error instanceof TooDeep)) throw error;
      return this.fail(target, 'UnexpectedResponse', error.message);
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) return { ok: true, value: value as T };
    return this.fail(target, 'UnexpectedResponse', `the response does not have the expected shape: ${describeZodError(parsed.error)}`);
  }

  fail(target: CallTarget, code: string, message: string): { ok: false; error: CollectionError } {
    return this.record({ ok: false, error: { ...target, code, message } });
  }

  progress(phase: CollectPhase, done: number, total: number): void {
    this.ctx.onProgress?.({ region: this.scope, phase, done, total });
  }

  /**
   * Lists, then collects each item: `phase` shows as under way from the first page on, so
   * progress never calls a phase done while its list is still paging. A failed list ends the phase.
   */
  async eachListed<T, R>(phase: CollectPhase, list: () => Promise<Collected<T[]>>, collect: (item: T) => Promise<R>): Promise<Collected<R[]>> {
    this.progress(phase, 0, 1);
    const listed = await list();
    if (!listed.ok) {
      this.progress(phase, 1, 1);
      return listed;
    }
    return { ok: true, value: await this.eachWithProgress(phase, listed.value, collect) };
  }

  /** Collects every item concurrently, reporting `phase` progress as each one lands. */
  async eachWithProgress<T, R>(phase: CollectPhase, items: readonly T[], collect: (item: T) => Promise<R>): Promise<R[]> {
    let done = 0;
    this.progress(phase, done, items.length);
    return Promise.all(
      items.map(async (item) => {
        const result = await collect(item);
        this.progress(phase, ++done, items.length);
        return result;
      }),
    );
  }

  private record<R extends Collected<unknown>>(result: R): R {
    if (!result.ok) this.ctx.errors.push(result.error);
    return result;
  }
}

/**
 * Fetches a list only when some entry of the list that decides it refers to it (a method or
 * route naming an authorizer); an empty list without a call when none does, and a `Skipped`
 * slot when the deciding list itself could not be collected.
 */
export async function ifReferenced<TDecider, TItem>(
  target: CallTarget,
  deciders: Collected<readonly TDecider[]>,
  refersToIt: (decider: TDecider) => boolean,
  fetch: (target: CallTarget) => Promise<Collected<TItem[]>>,
): Promise<Collected<TItem[]>> {
  if (!deciders.ok) return skipped(target, deciders.error);
  return deciders.value.some(refersToIt) ? fetch(target) : { ok: true, value: [] };
}

/** A slot not fetched because the data deciding whether to fetch it is missing. */
export function skipped(target: CallTarget, dependency: CollectionError): { ok: false; error: CollectionError } {
  return {
    ok: false,
    error: {
      ...target,
      code: 'Skipped',
      message: `not collected because ${dependency.operation} failed (${dependency.code})`,
    },
  };
}

/**
 * What collectors share during one scan, and the per-region helper they call AWS through:
 * bounded concurrency, the shared errors list, paging and shape checks.
 */
import pLimit, { type LimitFunction } from 'p-limit';

/** GetResources calls in flight per region, apart from the other calls (see RegionFetcher.call). */
const RESOURCES_LANE_SLOTS = 4;
import type { z } from 'zod';
import { callAws, type CallContext, type CallTarget } from '../aws/call.js';
import type { AwsClientSource } from '../aws/clients.js';
import { describeZodError } from '../util/documents.js';
import { notSelected, type InventoryPart } from '../inventory/parts.js';
import type { Certificate, Collected, CollectionError, Trail } from '../inventory/schema.js';
import { toJsonSafe, TooDeep, type JsonSafe } from './json-safe.js';
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
}

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

/** Operation names are unique across these two lists (v2 has its own `v2Target`). */
const SERVICE_OF = new Map([...REST_OPERATIONS, ...LINKED_OPERATIONS].map((op) => [op.operation as string, op.service]));

/** One region's view of the scan: every AWS call of a region collector goes through it. */
export class RegionFetcher {
  private readonly limit: LimitFunction;
  private readonly resourcesLane: LimitFunction = pLimit(RESOURCES_LANE_SLOTS);

  /**
   * `scope` names the fetcher in progress events: the region, or `global` for the account-wide
   * collectors (user pools, KMS keys, IAM), whose calls name their regions themselves.
   */
  constructor(
    readonly ctx: CollectContext,
    readonly region: string,
    readonly scope: string = region,
  ) {
    this.limit = pLimit(ctx.concurrency);
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
    const lane = target.operation === 'GetResources' ? this.resourcesLane : this.limit;
    return this.record(await lane(() => callAws(this.ctx.calls, target, send)));
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
   * original object is kept (with every field AWS returned), not the schema's stripped copy.
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
      value = prepare(toJsonSafe(result.value));
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

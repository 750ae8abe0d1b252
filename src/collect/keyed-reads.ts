/**
 * Reads of linked resources (web ACLs, certificates, user pools, functions), each started once
 * per distinct resource as soon as something read names it, while the rest of what names them
 * is still being read: a region's wall time is then the largest of the services' rate bounds,
 * not their sum. `all` takes the list the finished collection names (the same set: each
 * resource is named by one API or domain alone) and builds the slots in that list's order, so
 * the snapshot is the one reading them all at the end would give.
 */
import type { CollectPhase } from './progress.js';
import type { RegionFetcher } from './context.js';

export class KeyedReads<TItem, TValue> {
  private readonly reads = new Map<string, Promise<TValue>>();
  private done = 0;
  private final = false;

  /** `phase`, when given, is under way (never done) until `all` says nothing more can be named. */
  constructor(
    private readonly f: RegionFetcher,
    private readonly phase: CollectPhase | undefined,
    private readonly keyOf: (item: TItem) => string,
    private readonly read: (item: TItem) => Promise<TValue>,
  ) {}

  /** Starts reading the item's resource, unless it is already being read; resolves to its slot. */
  start(item: TItem): Promise<TValue> {
    const key = this.keyOf(item);
    let reading = this.reads.get(key);
    if (!reading) {
      reading = this.read(item).then((value) => {
        this.done += 1;
        this.report();
        return value;
      });
      // Awaited by `all`; a read started early must not count as an unhandled rejection before then.
      reading.catch(() => {});
      this.reads.set(key, reading);
      this.report();
    }
    return reading;
  }

  /** Every item's slot, by key in the items' order, once each has been read; nothing more is named after this. */
  async all(items: readonly TItem[]): Promise<Record<string, TValue>> {
    const pending = items.map(async (item) => [this.keyOf(item), await this.start(item)] as const);
    this.final = true;
    this.report();
    return Object.fromEntries(await Promise.all(pending));
  }

  private report(): void {
    if (this.phase) this.f.progress(this.phase, this.done, this.reads.size + (this.final ? 0 : 1));
  }
}

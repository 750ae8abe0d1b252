/**
 * What one result may put in a report. Evidence lists what a check saw (methods, statements,
 * variables); a resource with tens of thousands of methods, on every stage and in every check,
 * would otherwise make the report grow with the product of the three, past what can be
 * written or merged. Lists keep their first items (fewer for a result that passes or does not
 * apply: a failure's detail matters more) and say how many were left out; long texts keep their
 * start and say how much was cut; URIs lose their credentials. Each result stays proportional to
 * the bound, not to the account.
 *
 * The engine bounds evidence once, when a result is made, to what the report shows: nothing
 * downstream copies it again, and no list longer than its bound is kept.
 */
import { redactUrisInText } from '../util/redact.js';
import { itemsOf, MAX_LIST_ITEMS, moreNotShown } from '../util/shortened-lists.js';
import type { Evidence, Status } from './types.js';

/**
 * List items a result keeps, by its status. A result that passes or does not apply is
 * summarised: its message says why, its lists only how many items they had (`["… 3 more not
 * shown"]`), which keeps a large account's report.json small (issue 18).
 */
export const EVIDENCE_ITEMS: Readonly<Record<Status, number>> = { FAIL: 10, ERROR: 10, PASS: 0, NOT_APPLICABLE: 0 };
/**
 * The most any result keeps: for a run that must see what a check found whatever its status
 * (the check tests, which pin a check's evidence, not the report's bound).
 */
export const ALL_EVIDENCE_ITEMS: Readonly<Record<Status, number>> = { FAIL: MAX_LIST_ITEMS, ERROR: MAX_LIST_ITEMS, PASS: MAX_LIST_ITEMS, NOT_APPLICABLE: MAX_LIST_ITEMS };
/** Keys an evidence record keeps; also the list bound where no status applies. */
export const MAX_EVIDENCE_ITEMS = MAX_LIST_ITEMS;
export const MAX_EVIDENCE_TEXT = 2_000;
export const MAX_EVIDENCE_DEPTH = 8;

export { itemsOf, moreNotShown };

/** A long text shortened, its URIs redacted. */
export function boundText(text: string): string {
  const shown = text.length <= MAX_EVIDENCE_TEXT ? text : `${text.slice(0, MAX_EVIDENCE_TEXT)}… (${text.length - MAX_EVIDENCE_TEXT} characters not shown)`;
  return redactUrisInText(shown);
}

/**
 * Evidence as a result keeps it: lists at any depth cut to `maxItems` and the marker, records to
 * MAX_EVIDENCE_ITEMS keys, texts to MAX_EVIDENCE_TEXT, nesting to a depth of 8, URIs redacted.
 * What needs no change is returned as it is, not copied.
 */
export function boundEvidence<T>(value: T, maxItems = MAX_EVIDENCE_ITEMS): T {
  return bound(value, 0, maxItems) as T;
}

/** A value found `depth` levels into evidence, bounded as `boundEvidence` bounds it there (lists to MAX_EVIDENCE_ITEMS). */
export function boundEvidenceAt(value: unknown, depth: number): unknown {
  return bound(value, depth, MAX_EVIDENCE_ITEMS);
}

function bound(value: unknown, depth: number, maxItems: number): unknown {
  if (typeof value === 'string') return boundText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_EVIDENCE_DEPTH) return '(nested too deep to show)';
  if (!Object.isFrozen(value)) {
    readMutable = true;
    return shape(value, depth, maxItems);
  }
  return boundFrozen(value, depth, maxItems);
}

function shape(value: object, depth: number, maxItems: number): unknown {
  return Array.isArray(value) ? boundList(value, depth, maxItems) : boundRecord(value as Record<string, unknown>, depth, maxItems);
}

/**
 * Bounded forms of frozen lists and records, by the object, depth and bound: checks hand the same
 * frozen list to the results of every stage of an API, so it is bounded once and the results
 * share the bounded form (and report.json finds it by identity). Only what read nothing mutable
 * is kept: a frozen list of records that may still change is bounded each time.
 */
const frozenBounds = new Map<number, WeakMap<object, unknown>>();
/** Set when bounding reads an object that is not frozen (its bounded form could change). */
let readMutable = false;
/** How many frozen objects were bounded rather than found (for the tests). */
export const frozenBoundStats = { computed: 0 };

function boundFrozen(value: object, depth: number, maxItems: number): unknown {
  if (maxItems > 0xffff) return shape(value, depth, maxItems);
  const slot = depth * 0x10000 + maxItems;
  let memo = frozenBounds.get(slot);
  if (memo === undefined) frozenBounds.set(slot, (memo = new WeakMap()));
  const known = memo.get(value);
  if (known !== undefined) return known;
  const outer = readMutable;
  readMutable = false;
  frozenBoundStats.computed += 1;
  const shaped = shape(value, depth, maxItems);
  if (!readMutable) memo.set(value, Object.freeze(shaped));
  readMutable ||= outer;
  return shaped;
}

/** The marker strings of small counts, made once: every passing result of a large account has some. */
const MARKERS: string[] = [];

function marker(count: number): string {
  if (count >= 4096) return moreNotShown(count);
  return (MARKERS[count] ??= moreNotShown(count));
}

function boundList(list: readonly unknown[], depth: number, maxItems: number): unknown[] {
  const { kept, total } = itemsOf(list);
  // A list that keeps items shows one more rather than a marker in its place; a list bounded to
  // none (a passing result: its message says why) keeps only the count.
  if (kept > (maxItems > 0 ? maxItems + 1 : 0)) {
    const out: unknown[] = new Array(maxItems + 1);
    for (let i = 0; i < maxItems; i++) out[i] = bound(list[i], depth + 1, maxItems);
    out[maxItems] = marker(total - maxItems);
    return out;
  }
  let out: unknown[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const shaped = bound(item, depth + 1, maxItems);
    if (shaped !== item && out === undefined) out = list.slice(0, i);
    out?.push(shaped);
  }
  return out ?? (list as unknown[]);
}

function boundRecord(record: Record<string, unknown>, depth: number, maxItems: number): Record<string, unknown> {
  const keys = Object.keys(record);
  if (keys.length > MAX_EVIDENCE_ITEMS) return truncatedRecord(record, keys, depth, maxItems);
  // Copied only from the first member that changes (most records need no change); the copy by
  // spreading keeps the record's shape (and any own `__proto__` key as data), and its members are
  // then replaced in place.
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const member = record[key];
    const shaped = bound(member, depth + 1, maxItems);
    if (shaped === member) continue;
    out ??= { ...record };
    setOwn(out, key, shaped);
  }
  return out ?? record;
}

/** A record with more keys than a result keeps: its first keys, and how many were left out. */
function truncatedRecord(record: Record<string, unknown>, keys: readonly string[], depth: number, maxItems: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < MAX_EVIDENCE_ITEMS; i++) setOwn(out, keys[i]!, bound(record[keys[i]!], depth + 1, maxItems));
  out['…'] = moreNotShown(keys.length - MAX_EVIDENCE_ITEMS);
  return out;
}

/** Sets an own key, even one named `__proto__` (which an assignment to a new key would take for the prototype). */
function setOwn(record: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

/** A result's evidence, bounded for its status. */
export function resultEvidence(evidence: Evidence, status: Status, items: Readonly<Record<Status, number>> = EVIDENCE_ITEMS): Evidence {
  return boundEvidence(evidence, items[status]);
}

/**
 * What the last list or record interned at one depth held: its texts and their numbers by place,
 * and (records) its keys' numbers by place.
 */
interface LastMembers {
  texts: string[];
  textIds: number[];
  keyIds: number[];
}

/** What `EvidenceInterner` returns for a value that is not plain JSON (it keeps `boundEvidence`'s path). */
const NOT_PLAIN = -1;

/**
 * The records an interner gave (`EvidenceInterner.given`): what report.json needs of it once
 * the run is over. Records it gave have equal JSON texts exactly when they are the same object.
 */
export interface GivenEvidence {
  gave(record: Evidence): boolean;
}

/** What the interner of the run that made a report's results gave, by the results array (one entry per run, not one per record). */
const givenOfRun = new WeakMap<readonly object[], GivenEvidence>();

/**
 * Notes that `results` hold evidence `given` tells about. A run notes its interner's `given()`,
 * not the interner, whose tables (tens of MiB for a large account) are let go with the run.
 */
export function noteGivenEvidence(results: readonly object[], given: GivenEvidence): void {
  givenOfRun.set(results, given);
}

/** What was noted for `results` (`noteGivenEvidence`), if anything. */
export function givenEvidenceOf(results: readonly object[]): GivenEvidence | undefined {
  return givenOfRun.get(results);
}

/**
 * A run's results' evidence, bounded as `resultEvidence` bounds it and interned: equal bounded
 * evidence is one shared, frozen object (half a million results of a large account hold about a
 * quarter as many distinct records), which report.json then finds by identity instead of
 * printing each result's evidence to compare it.
 *
 * Bounding and interning are one walk (hash-consing): each distinct bounded value gets a number,
 * a list or record is known by its members' numbers (and its keys', in their order), so two
 * values share an object exactly when their JSON texts are equal. Only plain JSON is interned:
 * texts, finite numbers other than -0, booleans, null, lists without holes and records whose
 * prototype is Object.prototype, none holding `undefined` where the bounded form keeps it (JSON
 * would drop it, a renderer might show it). Anything else keeps `boundEvidence`'s path.
 */
export class EvidenceInterner {
  /** Each interned value, by its number. */
  private readonly values: unknown[] = [];
  /** The number of each interned number, boolean, null and shortened text. */
  private readonly valueIds = new Map<unknown, number>();
  /** The number of a text's bounded form, by the text as a check gave it (see `textId`). */
  private readonly textIds = new Map<string, number>();
  /** A number for each record key (their own namespace: a key is never bounded). */
  private readonly keyIds = new Map<string, number>();
  /**
   * The numbers of the interned lists and records, by a hash of their members' numbers (and
   * keys'): a number while one has the hash, a list of them from the second (most hashes have one).
   */
  private readonly composites = new Map<number, number | number[]>();
  /** The keys of each interned record, by its number (a list has none); records with the same keys in the same order share one list. */
  private readonly memberKeys: (readonly string[] | undefined)[] = [];
  /** Per depth, the key list last made for a record there (`sharedKeys`). */
  private readonly lastKeyLists: (readonly string[] | undefined)[] = [];
  /** Numbers of frozen lists and records by the object, per depth and bound (see `boundFrozen`). */
  private readonly frozenIds = new Map<number, WeakMap<object, number>>();
  private readMutable = false;
  /** Lists and records made (for the tests). */
  made = 0;

  /** `resultEvidence(evidence, status, items)` interned, or undefined when it is not plain JSON. */
  resultEvidence(evidence: Evidence, status: Status, items: Readonly<Record<Status, number>> = EVIDENCE_ITEMS): Evidence | undefined {
    if (typeof evidence !== 'object' || evidence === null || Array.isArray(evidence)) return undefined;
    this.readMutable = false;
    this.topMembers = 0;
    const id = this.idOf(evidence, 0, items[status]);
    if (id === NOT_PLAIN) return undefined;
    const interned = this.values[id] as Evidence;
    // Consecutive results often share a record.
    if (interned !== this.lastGiven) this.givenRecords.add((this.lastGiven = interned));
    return interned;
  }

  /** The records `resultEvidence` gave, and the last one. */
  private readonly givenRecords = new Set<Evidence>();
  private lastGiven: Evidence | undefined;

  /**
   * Whether `resultEvidence` gave this record. Records it gave have equal JSON texts exactly when
   * they are the same object, so report.json lists them by identity, without texts to compare.
   */
  gave(record: Evidence): boolean {
    return this.givenRecords.has(record);
  }

  /** `gave`, without the interner's tables: what a run notes for its results (`noteGivenEvidence`). */
  given(): GivenEvidence {
    const records = this.givenRecords;
    return { gave: (record) => records.has(record) };
  }

  /**
   * How many members of the record `resultEvidence` last interned are listed in the scratch of
   * depth 0 (its keys and their numbers); 0 when it was not walked (a frozen record already known).
   */
  private topMembers = 0;

  /**
   * The number of the text, number, boolean or null that the evidence last given to
   * `resultEvidence` (and interned) holds under `key`, or -1 when it holds none there (a list, a
   * record, a key it lacks or one past those kept). Equal numbers are equal values, so a message
   * rendered from the members is known by their numbers, not by its text.
   */
  scalarMemberId(key: string): number {
    const keys = this.scratchKeys[0]!;
    for (let i = 0; i < this.topMembers; i++) {
      if (keys[i] !== key) continue;
      const id = this.scratchIds[0]![i]!;
      const value = this.values[id];
      return typeof value === 'object' && value !== null ? NOT_PLAIN : id;
    }
    return NOT_PLAIN;
  }

  private idOf(value: unknown, depth: number, maxItems: number): number {
    switch (typeof value) {
      case 'string':
        return this.textId(value);
      case 'number':
        return Number.isFinite(value) && !Object.is(value, -0) ? this.valueId(value) : NOT_PLAIN;
      case 'boolean':
        return this.valueId(value);
      case 'object':
        break;
      default:
        return NOT_PLAIN;
    }
    if (value === null) return this.valueId(null);
    if (depth >= MAX_EVIDENCE_DEPTH) return this.textId('(nested too deep to show)');
    if (!Object.isFrozen(value)) {
      this.readMutable = true;
      return this.objectId(value, depth, maxItems);
    }
    return this.frozenId(value, depth, maxItems);
  }

  private frozenId(value: object, depth: number, maxItems: number): number {
    if (maxItems > 0xffff) return this.objectId(value, depth, maxItems);
    const slot = depth * 0x10000 + maxItems;
    let memo = this.frozenIds.get(slot);
    if (memo === undefined) this.frozenIds.set(slot, (memo = new WeakMap()));
    const known = memo.get(value);
    if (known !== undefined) return known;
    const outer = this.readMutable;
    this.readMutable = false;
    const id = this.objectId(value, depth, maxItems);
    if (!this.readMutable) memo.set(value, id);
    this.readMutable ||= outer;
    return id;
  }

  private objectId(value: object, depth: number, maxItems: number): number {
    if (Array.isArray(value)) return this.listId(value, depth, maxItems);
    if (Object.getPrototypeOf(value) !== Object.prototype) return NOT_PLAIN;
    return this.recordId(value as Record<string, unknown>, depth, maxItems);
  }

  /**
   * A text's number is its bounded form's. Most texts are their own bounded form, numbered here
   * directly; a redacted one is numbered as that text would be, and a shortened one (which
   * bounding again would shorten again) among the other values.
   */
  private textId(text: string): number {
    let id = this.textIds.get(text);
    if (id !== undefined) return id;
    const shown = boundText(text);
    if (shown === text) id = this.values.push(text) - 1;
    else id = boundText(shown) === shown ? this.textId(shown) : this.valueId(shown);
    this.textIds.set(text, id);
    return id;
  }

  private valueId(value: unknown): number {
    let id = this.valueIds.get(value);
    if (id === undefined) this.valueIds.set(value, (id = this.values.push(value) - 1));
    return id;
  }

  private keyId(key: string): number {
    let id = this.keyIds.get(key);
    if (id === undefined) this.keyIds.set(key, (id = this.keyIds.size));
    return id;
  }

  /** The numbers (and, for a record, keys) of the members of the list or record interned at each depth: reused, not made per value. */
  private readonly scratchIds: number[][] = [];
  private readonly scratchKeys: string[][] = [];
  /** Per depth, what the last record there held (see `LastMembers`). */
  private readonly lastRecords: LastMembers[] = [];
  /** Per depth, what the last list there held (see `LastMembers`). */
  private readonly lastLists: LastMembers[] = [];

  /**
   * The number of the member in place `i` of a list or record at `depth`: a text equal to the one
   * the last list or record there had in that place has its number (consecutive results repeat
   * most texts) without a lookup by the text.
   */
  private memberId(last: LastMembers, i: number, member: unknown, depth: number, maxItems: number): number {
    if (typeof member !== 'string') return this.idOf(member, depth + 1, maxItems);
    if (member === last.texts[i]) return last.textIds[i]!;
    const id = this.textId(member);
    last.texts[i] = member;
    last.textIds[i] = id;
    return id;
  }

  /** The interned list or record whose members are `ids` (and `keys`, for a record) and whose hash is `hash`, if any. */
  private findComposite(hash: number, ids: readonly number[], count: number, keys: readonly string[] | undefined): number {
    const bucket = this.composites.get(hash);
    if (bucket === undefined) return NOT_PLAIN;
    if (typeof bucket === 'number') return this.sameMembers(bucket, ids, count, keys) ? bucket : NOT_PLAIN;
    for (const candidate of bucket) if (this.sameMembers(candidate, ids, count, keys)) return candidate;
    return NOT_PLAIN;
  }

  private addComposite(hash: number, value: object, keys: readonly string[] | undefined): number {
    this.made += 1;
    const id = this.values.push(Object.freeze(value)) - 1;
    this.memberKeys[id] = keys;
    const bucket = this.composites.get(hash);
    if (bucket === undefined) this.composites.set(hash, id);
    else if (typeof bucket === 'number') this.composites.set(hash, [bucket, id]);
    else bucket.push(id);
    return id;
  }

  /** The first `length` of `keys` as a list of their own, the one the last record at `depth` had when its keys were the same. */
  private sharedKeys(depth: number, keys: readonly string[], length: number): readonly string[] {
    const last = this.lastKeyLists[depth];
    if (last !== undefined && last.length === length) {
      let same = true;
      for (let i = 0; i < length && same; i++) same = last[i] === keys[i];
      if (same) return last;
    }
    const list = keys.slice(0, length);
    this.lastKeyLists[depth] = list;
    return list;
  }

  private sameMembers(candidate: number, ids: readonly number[], count: number, keys: readonly string[] | undefined): boolean {
    const value = this.values[candidate] as Record<string, unknown> & unknown[];
    const known = this.memberKeys[candidate];
    if (keys === undefined) {
      if (known !== undefined || value.length !== count) return false;
      for (let i = 0; i < count; i++) if (value[i] !== this.values[ids[i]!]) return false;
      return true;
    }
    if (known === undefined || known.length !== count) return false;
    for (let i = 0; i < count; i++) if (known[i] !== keys[i] || value[keys[i]!] !== this.values[ids[i]!]) return false;
    return true;
  }

  private listId(list: readonly unknown[], depth: number, maxItems: number): number {
    const { kept, total } = itemsOf(list);
    const cut = kept > (maxItems > 0 ? maxItems + 1 : 0);
    const count = cut ? maxItems : list.length;
    const ids = (this.scratchIds[depth] ??= []);
    let hash = 0x5bd1e995;
    const last = (this.lastLists[depth] ??= { texts: [], textIds: [], keyIds: [] });
    for (let i = 0; i < count; i++) {
      const id = this.memberId(last, i, list[i], depth, maxItems);
      if (id === NOT_PLAIN) return NOT_PLAIN;
      ids[i] = id;
      hash = Math.imul(hash ^ id, 0x01000193);
    }
    const length = cut ? count + 1 : count;
    if (cut) {
      ids[count] = this.textId(marker(total - maxItems));
      hash = Math.imul(hash ^ ids[count]!, 0x01000193);
    }
    hash &= 0x3fffffff;
    const known = this.findComposite(hash, ids, length, undefined);
    if (known !== NOT_PLAIN) return known;
    const out: unknown[] = new Array(length);
    for (let i = 0; i < length; i++) out[i] = this.values[ids[i]!];
    return this.addComposite(hash, out, undefined);
  }

  private recordId(record: Record<string, unknown>, depth: number, maxItems: number): number {
    const ids = (this.scratchIds[depth] ??= []);
    const keys = (this.scratchKeys[depth] ??= []);
    let hash = 0x1b873593;
    let count = 0;
    let all = 0;
    const last = (this.lastRecords[depth] ??= { texts: [], textIds: [], keyIds: [] });
    // for…in rather than Object.keys: no array per record. The prototype is Object.prototype (checked), whose members are not enumerable.
    for (const name in record) {
      all += 1;
      if (count === MAX_EVIDENCE_ITEMS) continue;
      const id = this.memberId(last, count, record[name], depth, maxItems);
      if (id === NOT_PLAIN) return NOT_PLAIN;
      // keys[] still holds the last record's keys at this depth (only records use it), and keyIds their numbers.
      let keyId: number;
      if (keys[count] === name) keyId = last.keyIds[count]!;
      else {
        keyId = this.keyId(name);
        keys[count] = name;
        last.keyIds[count] = keyId;
      }
      ids[count] = id;
      count += 1;
      hash = Math.imul(Math.imul(hash ^ keyId, 0x01000193) ^ id, 0x01000193);
    }
    const truncated = all > count;
    if (truncated) {
      // The marker's key among the kept ones would be overwritten by the marker: left to boundEvidence.
      for (let i = 0; i < count; i++) if (keys[i] === '…') return NOT_PLAIN;
      ids[count] = this.textId(moreNotShown(all - count));
      keys[count] = '…';
      last.keyIds[count] = this.keyId('…');
      hash = Math.imul(Math.imul(hash ^ last.keyIds[count]!, 0x01000193) ^ ids[count]!, 0x01000193);
    }
    const length = truncated ? count + 1 : count;
    // The members of the result's own record, for `scalarMemberId` (the marker of a truncated one is no evidence key).
    if (depth === 0) this.topMembers = count;
    hash &= 0x3fffffff;
    const known = this.findComposite(hash, ids, length, keys);
    if (known !== NOT_PLAIN) return known;
    // Spreading keeps the record's shape and any own `__proto__` key as data; members that bounding changed are replaced.
    const out: Record<string, unknown> = truncated ? {} : { ...record };
    for (let i = 0; i < length; i++) {
      const value = this.values[ids[i]!];
      if (truncated || value !== out[keys[i]!]) setOwn(out, keys[i]!, value);
    }
    return this.addComposite(hash, out, this.sharedKeys(depth, keys, length));
  }
}

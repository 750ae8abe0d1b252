/**
 * SDK output → plain JSON data: Dates become ISO strings, bytes base64, `$metadata` goes,
 * `undefined` members go; every other field AWS returned stays (the snapshot is faithful).
 *
 * The copy is what the snapshot keeps for the rest of the run, so it is built to be small: by
 * `JSON.parse`, whose objects hold their fields inline (objects filled field by field carry a
 * second, out-of-line array once they have more than four), and with each repeated text held
 * once through the scan's `StringPool` (an API's three exports repeat every method's path, types
 * and integration ARN). On the large benchmark account that halves the collected snapshot's heap.
 */

export type JsonSafe<T> = T extends Date
  ? string
  : T extends Uint8Array
    ? string
    : T extends readonly (infer U)[]
      ? JsonSafe<U>[]
      : T extends object
        ? { [K in keyof T as K extends '$metadata' ? never : K]: JsonSafe<T[K]> }
        : T;

/** Deeper than any AWS shape apiposture reads; the same bound input files have. */
export const MAX_RESPONSE_DEPTH = 256;

/** A response nested deeper than `MAX_RESPONSE_DEPTH`: that one resource becomes a collection error. */
export class TooDeep extends Error {
  override readonly name = 'TooDeep';
}

/**
 * One instance of each string value met during a scan. `JSON.parse` gives every string value its
 * own copy; the snapshot holds the same ARNs, paths and types thousands of times. Past
 * `maxStrings` distinct values it starts afresh: sharing is an economy, never a requirement.
 */
export class StringPool {
  private readonly strings = new Map<string, string>();

  constructor(private readonly maxStrings = 1_000_000) {}

  /** The pooled instance equal to `value`. */
  intern(value: string): string {
    const pooled = this.strings.get(value);
    if (pooled !== undefined) return pooled;
    if (this.strings.size >= this.maxStrings) this.strings.clear();
    this.strings.set(value, value);
    return value;
  }

  /** Distinct values held. */
  get size(): number {
    return this.strings.size;
  }
}

/**
 * The JSON-safe copy of `value`; its strings come from `pool` when one is given. Throws `TooDeep`
 * for a value nesting objects `MAX_RESPONSE_DEPTH` levels or more.
 */
export function toJsonSafe<T>(value: T, pool?: StringPool): JsonSafe<T> {
  let text: string | undefined;
  try {
    text = JSON.stringify(value, jsonSafeMember);
  } catch (error) {
    // JSON.stringify recurses: a hostile answer nested deep enough overflows the stack first.
    if (error instanceof RangeError && nestsTooDeep(value, 0)) throw tooDeep();
    throw error;
  }
  if (text === undefined) return undefined as JsonSafe<T>;
  return share(JSON.parse(text), 0, pool) as JsonSafe<T>;
}

/** `JSON.stringify`'s replacer: `this` holds the member as it was, before any `toJSON`. */
function jsonSafeMember(this: unknown, key: string, value: unknown): unknown {
  const original = (this as Record<string, unknown>)[key];
  if (original instanceof Date) return original.toISOString();
  // A Buffer's own toJSON would give { type, data }.
  if (original instanceof Uint8Array) return Buffer.from(original.buffer, original.byteOffset, original.byteLength).toString('base64');
  if (key === '$metadata' && !Array.isArray(this)) return undefined;
  return value;
}

/** Checks the depth bound and swaps each string for its pooled instance, in place (the parsed copy is ours). */
function share(value: unknown, depth: number, pool: StringPool | undefined): unknown {
  if (typeof value === 'string') return pool ? pool.intern(value) : value;
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_RESPONSE_DEPTH) throw tooDeep();
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) value[i] = share(value[i], depth + 1, pool);
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    // `JSON.parse` made `__proto__` an own data member: assigning it sets that member, not the prototype.
    record[key] = share(record[key], depth + 1, pool);
  }
  return record;
}

/** Whether `value` nests objects `MAX_RESPONSE_DEPTH` levels or more (counted as `share` does, without recursing further). */
function nestsTooDeep(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null || value instanceof Date || value instanceof Uint8Array) return false;
  if (depth >= MAX_RESPONSE_DEPTH) return true;
  return Object.values(value).some((member) => nestsTooDeep(member, depth + 1));
}

const tooDeep = () => new TooDeep(`the response nests deeper than ${MAX_RESPONSE_DEPTH} levels`);

/**
 * SDK output → plain JSON data: Dates become ISO strings, `$metadata` goes, `undefined`
 * members go; every other field AWS returned stays (the snapshot is faithful).
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

export function toJsonSafe<T>(value: T): JsonSafe<T> {
  return convert(value, 0) as JsonSafe<T>;
}

function convert(value: unknown, depth: number): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_RESPONSE_DEPTH) throw new TooDeep(`the response nests deeper than ${MAX_RESPONSE_DEPTH} levels`);
  if (Array.isArray(value)) return value.map((member) => convert(member, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (key === '$metadata' || member === undefined || typeof member === 'function') continue;
    // `__proto__` is a legal stage-variable name and route key: an assignment would set the
    // prototype instead and drop the entry (and with it a secret or a setting).
    Object.defineProperty(out, key, { value: convert(member, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

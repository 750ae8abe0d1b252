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

export function toJsonSafe<T>(value: T): JsonSafe<T> {
  return convert(value) as JsonSafe<T>;
}

function convert(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(convert);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (key === '$metadata' || member === undefined || typeof member === 'function') continue;
      out[key] = convert(member);
    }
    return out;
  }
  return value;
}

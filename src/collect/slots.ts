/** Small helpers for slots assembled from several calls. */
import type { z } from 'zod';
import type { Collected } from '../inventory/schema.js';

/** The schema of a slot's value: `collected(schema)` → `schema`. */
export function valueSchemaOf<T extends z.ZodType>(slot: {
  options: readonly [z.ZodObject<{ ok: z.ZodLiteral<true>; value: T }>, ...z.ZodType[]];
}): T {
  return slot.options[0].shape.value;
}

/** Every item, or the first failure: a list missing an item would read as complete. */
export function allCollected<T>(results: readonly Collected<T>[]): Collected<T[]> {
  const values: T[] = [];
  for (const result of results) {
    if (!result.ok) return result;
    values.push(result.value);
  }
  return { ok: true, value: values };
}

/** A copy without `undefined` members (the snapshot is JSON: absent, not undefined). */
export function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}

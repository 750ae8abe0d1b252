/**
 * Per-method lists that every stage of an API repeats. A stage without method overrides gives
 * each method the stage default, so a check listing "every method, with the default's value"
 * lists the same labels on every stage: such a list is made once per list of methods and value,
 * frozen and shared by the stages' results (the engine bounds a frozen list once).
 */
import type { RestMethodRef } from './method-settings.js';

const suffixed = new WeakMap<readonly RestMethodRef[], Map<string, readonly string[]>>();

/** `GET /pets (OFF)` for each method, in order: `${label}${suffix}`. Frozen and shared: never change it. */
export function labelsWith(methods: readonly RestMethodRef[], suffix: string): readonly string[] {
  let bySuffix = suffixed.get(methods);
  if (bySuffix === undefined) suffixed.set(methods, (bySuffix = new Map()));
  let labels = bySuffix.get(suffix);
  if (labels === undefined) bySuffix.set(suffix, (labels = Object.freeze(methods.map((m) => m.label + suffix))));
  return labels;
}

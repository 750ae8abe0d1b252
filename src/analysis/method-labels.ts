/**
 * Per-method lists that every stage of an API repeats. A stage without method overrides gives
 * each method the stage default, so a check listing "every method, with the default's value"
 * lists the same labels on every stage: such a list is made once per list of methods and value,
 * frozen and shared by the stages' results (the engine bounds a frozen list once).
 */
import type { RestMethodRef } from './method-settings.js';
import { MAX_LIST_ITEMS, moreNotShown } from '../util/shortened-lists.js';
import { CheckRunMemo } from '../engine/check-run-memo.js';

/**
 * The list a result keeps of `count` labels, spelling only those: all of them up to one past
 * MAX_LIST_ITEMS, else the first MAX_LIST_ITEMS and a marker with how many more (the engine's
 * rule for a list in evidence, which reads the marker back: bounding this list or the whole one
 * gives the same evidence and message). Frozen.
 */
export function shortenedLabels(count: number, labelAt: (index: number) => string): readonly string[] {
  const kept = count <= MAX_LIST_ITEMS + 1 ? count : MAX_LIST_ITEMS;
  const labels = new Array<string>(kept < count ? kept + 1 : kept);
  for (let i = 0; i < kept; i++) labels[i] = labelAt(i);
  if (kept < count) labels[kept] = moreNotShown(count - kept);
  return Object.freeze(labels);
}

/** Each check that lists labels gives them its own suffix: held for one check's run. */
const suffixed = new CheckRunMemo<readonly RestMethodRef[], Map<string, readonly string[]>>();

/**
 * `GET /pets (OFF)` for each method, in order (`${label}${suffix}`), as a result keeps the list
 * (`shortenedLabels`: it stands for `methods.length` labels). Frozen and shared: never change it.
 */
export function labelsWith(methods: readonly RestMethodRef[], suffix: string): readonly string[] {
  const bySuffix = suffixed.of(methods, () => new Map());
  let labels = bySuffix.get(suffix);
  if (labels === undefined) bySuffix.set(suffix, (labels = shortenedLabels(methods.length, (i) => methods[i]!.label + suffix)));
  return labels;
}

/**
 * Counts and lists over the methods stages serve, as the REST authorization checks report them,
 * computed without the sorting and copying their general forms do: an API's stages mostly serve
 * the same methods, and both checks read the same (frozen) lists of each deployment.
 */
import { compareMethods, REST_AUTHORIZATION_TYPES, unknownAuthorizationTypes, type RestMethodRef } from './method-settings.js';

const counts = new WeakMap<readonly RestMethodRef[], { lists: readonly (readonly RestMethodRef[])[]; count: number }>();

/**
 * `uniqueMethods(lists.flat()).length`: how many distinct methods (by label) the lists hold.
 * Remembered for the last lists asked about with the same first list (both authorization checks
 * ask about each API's); meant for lists that never change (`splitMethods`' frozen ones).
 */
export function distinctMethodCount(lists: readonly (readonly RestMethodRef[])[]): number {
  const first = lists[0];
  if (first === undefined) return 0;
  const known = counts.get(first);
  if (known && known.lists.length === lists.length && known.lists.every((list, i) => list === lists[i])) return known.count;
  const count = countLabels(lists);
  counts.set(first, { lists: [...lists], count });
  return count;
}

function countLabels(lists: readonly (readonly RestMethodRef[])[]): number {
  const [first, ...rest] = lists;
  // Stages mostly serve deployments of one draft: the same labels in the same order.
  if (rest.every((list) => sameLabels(list, first!))) return labelsOfOne(first!);
  const labels = new Set<string>();
  for (const list of lists) for (const m of list) labels.add(m.label);
  return labels.size;
}

/**
 * Distinct labels of one list. In a list sorted by path and verb (as `restMethods` and
 * `deployedMethods` sort theirs), whose labels read `VERB /path` with no space in the verb, a
 * repeated label is next to its twin; any other list is counted with a set.
 */
function labelsOfOne(list: readonly RestMethodRef[]): number {
  const plain = (m: RestMethodRef) => !m.httpMethod.includes(' ') && m.path.startsWith('/') && m.label.length === m.httpMethod.length + 1 + m.path.length;
  let count = list.length > 0 ? 1 : 0;
  for (let i = 0; i < list.length; i += 1) {
    const current = list[i]!;
    const previous = list[i - 1];
    if (!plain(current) || (previous && compareMethods(previous, current) > 0)) return new Set(list.map((m) => m.label)).size;
    if (previous && current.label !== previous.label) count += 1;
  }
  return count;
}

function sameLabels(a: readonly RestMethodRef[], b: readonly RestMethodRef[]): boolean {
  return a === b || (a.length === b.length && a.every((m, i) => m.label === b[i]!.label));
}

/** The authorization types as AWS spells them: a method naming one of these is never of an unknown type. */
const SPELLED = new Set(['NONE', ...REST_AUTHORIZATION_TYPES]);

const unknownTypes = new WeakMap<readonly RestMethodRef[], readonly string[]>();

/** `unknownAuthorizationTypes(methods)`, once per list: for lists that never change (`splitMethods`' frozen ones). */
export function unknownTypesOf(methods: readonly RestMethodRef[]): readonly string[] {
  let found = unknownTypes.get(methods);
  if (!found) {
    found = methods.every((m) => m.method.authorizationType !== undefined && SPELLED.has(m.method.authorizationType))
      ? []
      : unknownAuthorizationTypes(methods);
    unknownTypes.set(methods, found);
  }
  return found;
}

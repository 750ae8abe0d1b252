/**
 * The engine's vocabulary. The shapes are defined once, in src/model (zod schemas with inferred
 * types), and re-exported here for the engine and the checks.
 */
import type { CollectionError } from '../inventory/schema.js';
import type { ResourceRef } from '../model/results.js';

export {
  RESOURCE_TYPES,
  SEVERITIES,
  STATUSES,
  severityRank,
  type CheckResult,
  type ErrorReason,
  type Evidence,
  type ResourceRef,
  type ResourceType,
  type ResourceTypes,
  type Severity,
  type Status,
} from '../model/results.js';
export type { Mappings } from '../model/frameworks/index.js';

/** Every API a result counts towards: its own, and the ones linked through a shared resource. */
export function apisOf(ref: ResourceRef): string[] {
  const linked = ref.linkedApiArns ?? [];
  return ref.apiArn === undefined ? linked : [ref.apiArn, ...linked.filter((arn) => arn !== ref.apiArn)];
}

/** Whether a result about this resource counts towards some API (`apisOf(ref).length > 0`), without making the list. */
export function hasApi(ref: ResourceRef): boolean {
  return ref.apiArn !== undefined || (ref.linkedApiArns !== undefined && ref.linkedApiArns.length > 0);
}

/** Each API of `apisOf(ref)`, in its order, without making the list (half a million results each have one). */
export function eachApi(ref: ResourceRef, visit: (apiArn: string) => void): void {
  if (ref.apiArn !== undefined) visit(ref.apiArn);
  const linked = ref.linkedApiArns;
  if (linked === undefined) return;
  for (const arn of linked) if (arn !== ref.apiArn) visit(arn);
}

export type { CollectionError };

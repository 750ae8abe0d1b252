/**
 * Results as the report holds them, made so by the engine when the run is for a report: each
 * with its finding id first and a copy of its resource reference in a fixed key order (so
 * report.json is byte-stable), the copy shared by every result about that resource. The report
 * then keeps the engine's results as they are instead of copying half a million of them.
 */
import { FINDING_ID_PREFIX, MAX_FINDING_ID_LENGTH, findingId } from '../model/finding-id.js';
import type { CheckResult, ErrorReason, Evidence, ResourceRef, Severity, Status } from './types.js';

/** A copy of a resource reference with its keys in the report's order. */
export function canonicalRef(ref: ResourceRef): ResourceRef {
  return {
    arn: ref.arn,
    type: ref.type,
    name: ref.name,
    account: ref.account,
    region: ref.region,
    ...(ref.apiArn === undefined ? {} : { apiArn: ref.apiArn }),
    ...(ref.linkedApiArns === undefined ? {} : { linkedApiArns: [...ref.linkedApiArns] }),
  };
}

/** Copies each resource reference once: the results about one resource share the copy. */
export function refCopier(): (ref: ResourceRef) => ResourceRef {
  const copies = new Map<ResourceRef, ResourceRef>();
  return (ref) => {
    let copy = copies.get(ref);
    if (copy === undefined) copies.set(ref, (copy = canonicalRef(ref)));
    return copy;
  };
}

/** The report's form of a run's results: one reference copy per resource, one id prefix per check. */
export class ReportShape {
  readonly ref = refCopier();
  private readonly prefixes = new Map<string, string>();

  /** `findingId(checkId, arn)`, its `apiposture/<checkId>/` made once per check. */
  findingId(checkId: string, arn: string): string {
    let prefix = this.prefixes.get(checkId);
    if (prefix === undefined) this.prefixes.set(checkId, (prefix = `${FINDING_ID_PREFIX}${checkId}/`));
    return prefix.length + arn.length <= MAX_FINDING_ID_LENGTH ? prefix + arn : findingId(checkId, arn);
  }
}

/**
 * A result from its parts: as the engine gives it, or (with `shape`) as the report holds it, its
 * id first and its reference copied. Made in one go from its parts as arguments, with no object
 * to hold them in between (the engine makes half a million).
 */
export function resultOf(
  checkId: string,
  status: Status,
  severity: Severity,
  messageId: string,
  message: string,
  evidence: Evidence,
  error: ErrorReason | undefined,
  ref: ResourceRef,
  shape: ReportShape | undefined,
): CheckResult {
  if (shape === undefined) {
    return error === undefined
      ? { checkId, status, severity, resource: ref, messageId, message, evidence }
      : { checkId, status, severity, resource: ref, messageId, message, evidence, error };
  }
  const id = shape.findingId(checkId, ref.arn);
  const resource = shape.ref(ref);
  return error === undefined
    ? { id, checkId, status, severity, resource, messageId, message, evidence }
    : { id, checkId, status, severity, resource, messageId, message, evidence, error };
}

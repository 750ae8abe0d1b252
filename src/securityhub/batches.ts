/**
 * `BatchImportFindings` batches: at most 100 findings and 6 MB per call, grouped by the account
 * and region they are imported in (Security Hub CSPM partner guide, "Guidelines for using the
 * BatchImportFindings API"). Pure.
 */
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { ASFF_LIMITS, findingBytes, type Destination } from './asff.js';

export interface BatchLimits {
  maxFindings: number;
  /** Bytes of the whole request body, `{"Findings":[…]}`. */
  maxBytes: number;
  /** Bytes of one finding. */
  maxFindingBytes: number;
}

export const BATCH_LIMITS: BatchLimits = {
  maxFindings: 100,
  maxBytes: 6_000_000,
  maxFindingBytes: ASFF_LIMITS.findingBytes,
};

/** `{"Findings":[` and `]}` around the comma-separated findings. */
const ENVELOPE_BYTES = Buffer.byteLength('{"Findings":[]}', 'utf8');

export interface Batching<T> {
  batches: T[][];
  /** Items too large to send at all. */
  oversized: T[];
}

/**
 * Splits items, in order, into batches within the count and byte limits. `sizeOf` gives an
 * item's bytes as serialised (a finding's JSON).
 */
export function batchBySize<T>(items: readonly T[], sizeOf: (item: T) => number, limits: BatchLimits = BATCH_LIMITS): Batching<T> {
  const batches: T[][] = [];
  const oversized: T[] = [];
  let current: T[] = [];
  let bytes = ENVELOPE_BYTES;
  for (const item of items) {
    const size = sizeOf(item);
    if (size > limits.maxFindingBytes || ENVELOPE_BYTES + size > limits.maxBytes) {
      oversized.push(item);
      continue;
    }
    const added = size + (current.length > 0 ? 1 : 0);
    if (current.length >= limits.maxFindings || bytes + added > limits.maxBytes) {
      batches.push(current);
      current = [];
      bytes = ENVELOPE_BYTES;
    }
    bytes += size + (current.length > 0 ? 1 : 0);
    current.push(item);
  }
  if (current.length > 0) batches.push(current);
  return { batches, oversized };
}

export function batchFindings(findings: readonly AwsSecurityFinding[], limits: BatchLimits = BATCH_LIMITS): Batching<AwsSecurityFinding> {
  return batchBySize(findings, findingBytes, limits);
}

export interface DestinationBatches extends Destination {
  batches: AwsSecurityFinding[][];
  oversized: AwsSecurityFinding[];
}

/** Groups findings by account and region (sorted), then batches each group. */
export function batchByDestination(
  items: readonly (Destination & { finding: AwsSecurityFinding })[],
  limits: BatchLimits = BATCH_LIMITS,
): DestinationBatches[] {
  const groups = new Map<string, Destination & { findings: AwsSecurityFinding[] }>();
  for (const item of items) {
    const key = `${item.account}|${item.region}`;
    let group = groups.get(key);
    if (!group) {
      group = { account: item.account, region: item.region, findings: [] };
      groups.set(key, group);
    }
    group.findings.push(item.finding);
  }
  return [...groups.keys()].sort().map((key) => {
    const { account, region, findings } = groups.get(key)!;
    return { account, region, ...batchFindings(findings, limits) };
  });
}

/**
 * The stable id of a result: one per check × resource, the same run after run and across renames
 * of display names (it is built from the resource ARN). Security Hub imports each result under it
 * (`Id`), and the report carries it on every result so that two reports can be compared.
 */
import { createHash } from 'node:crypto';

/** Every id starts with this; Security Hub read-back filters on it. */
export const FINDING_ID_PREFIX = 'apiposture/';

/** Security Hub's limit on a finding `Id` ("Required top-level attributes in ASFF"). */
export const MAX_FINDING_ID_LENGTH = 512;

/** `apiposture/<checkId>/<resourceArn>`; over 512 characters, cut with a hash of the whole suffix. */
export function findingId(checkId: string, resourceArn: string): string {
  const id = `${FINDING_ID_PREFIX}${checkId}/${resourceArn}`;
  if (id.length <= MAX_FINDING_ID_LENGTH) return id;
  const hash = createHash('sha256').update(id).digest('hex').slice(0, 32);
  return `${id.slice(0, MAX_FINDING_ID_LENGTH - hash.length - 1)}#${hash}`;
}

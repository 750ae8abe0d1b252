/**
 * The findings of a report as a plain file (`--format asff`): what the first `BatchImportFindings`
 * of this report would send, built by the same builder as the import (asff.ts), with no call to
 * AWS. Deterministic: `UpdatedAt` and `CreatedAt` are the report's `generatedAt`; there is no
 * earlier finding to keep dates from, nothing to archive and no inventory, so resources carry ids
 * and names only (the import adds details from the snapshot when it has one).
 */
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import type { Report } from '../report/model.js';
import { buildFindings } from './asff.js';

export function asffFileFindings(report: Report): AwsSecurityFinding[] {
  return buildFindings(report, { now: new Date(report.scan.generatedAt) }).map((planned) => planned.finding);
}

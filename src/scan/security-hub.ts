/** Import a report into Security Hub (or write the batches, on a dry run). */
import type { Logger } from 'pino';
import type { AwsCredentials } from '../aws/clients.js';
import { InputError } from '../errors.js';
import type { Inventory } from '../inventory/schema.js';
import type { Report } from '../report/model.js';
import { securityHubClients } from '../securityhub/client.js';
import { importFindings, type ImportSummary } from '../securityhub/importer.js';
import type { FindingSelection } from '../securityhub/reconcile.js';

export interface SecurityHubRun {
  dryRun: boolean;
  homeRegion?: string;
  productArn?: string;
  /** Which results become findings; unset: every one (`all`). */
  findings?: FindingSelection;
  /** Read up front, so a bad file fails before a long scan. */
  previousReport?: Report;
  /**
   * `securityhub import` refuses a report collected before the newest import where it goes,
   * unless --allow-older-report. `scan` imports what it just collected: never refused, but
   * nothing is archived where findings were collected later (a concurrent scan, a clock behind).
   */
  refuseOlderReport?: boolean;
}

export interface SecurityHubTarget {
  report: Report;
  inventory?: Inventory;
  profile?: string;
  endpointUrl?: string;
  /** The scanned account's credentials (multi-account scans); otherwise `profile` or the SDK chain. */
  credentials?: AwsCredentials;
  /** Where a dry run writes its batches. */
  outputDir: string;
  logger: Logger;
}

/** Runs the import (or the dry run); the summary's `complete` is false when anything failed. */
export async function importIntoSecurityHub(run: SecurityHubRun, target: SecurityHubTarget): Promise<ImportSummary> {
  // Reconciling archives what a run did not produce: a report filtered to some APIs would resolve
  // every other API's findings. (A selection of checks is safe: only the checks that ran are reconciled.)
  if (target.report.scan.selection?.apis) {
    throw new InputError(
      'this report covers only some APIs (--api / --resource-tag): importing it into Security Hub would archive the other APIs\' findings; import a report of every API',
    );
  }
  // A report written with --status lists only some results: the findings of the others would be archived as gone.
  const statusFilter = target.report.scan.statusFilter;
  if (statusFilter) {
    throw new InputError(
      `this report lists only its ${statusFilter.join(', ')} results (--status): importing it into Security Hub would archive the findings of the others; import a report written without --status`,
    );
  }
  const clients = run.dryRun
    ? undefined
    : securityHubClients({
        ...(target.profile ? { profile: target.profile } : {}),
        ...(target.endpointUrl ? { endpointUrl: target.endpointUrl } : {}),
        ...(target.credentials ? { credentials: target.credentials } : {}),
      });
  try {
    return await importFindings({
      report: target.report,
      ...(target.inventory ? { inventory: target.inventory } : {}),
      ...(clients ? { clientFor: clients.clientFor } : { dryRunDir: target.outputDir }),
      ...(run.homeRegion ? { homeRegion: run.homeRegion } : {}),
      ...(run.productArn ? { productArn: run.productArn } : {}),
      ...(run.findings ? { findings: run.findings } : {}),
      ...(run.previousReport ? { previousReport: run.previousReport } : {}),
      olderReport: run.refuseOlderReport === true ? 'refuse' : 'import',
      logger: target.logger,
    });
  } finally {
    clients?.destroy();
  }
}

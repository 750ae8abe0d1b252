/** Scan one account: collect → keep the snapshot → evaluate → deliver the reports → Security Hub. */
import type { Logger } from 'pino';
import { listEnabledRegions } from '../accounts/regions.js';
import { AwsClients } from '../aws/clients.js';
import { CredentialsError } from '../aws/errors.js';
import { combineExitCodes, EXIT, type ExitCode } from '../exit-codes.js';
import { writeInventory } from '../inventory/io.js';
import type { Inventory } from '../inventory/schema.js';
import { withComplianceFocus } from '../report/compliance.js';
import type { Report } from '../report/model.js';
import type { ImportSummary } from '../securityhub/importer.js';
import { userAgent } from '../version.js';
import { controlCalls } from './control-calls.js';
import { deliverReport, type Delivery, type OutputOptions } from './deliver.js';
import { evaluateChecks, reportOf, type EvaluatedRun, type EvaluateOptions } from './evaluate.js';
import { phaseBoundary } from './phase-boundary.js';
import { restoreYoungGeneration } from './young-generation.js';
import { importIntoSecurityHub, type SecurityHubRun } from './security-hub.js';
import { connectionOf, type AwsTarget, type Connection } from './target.js';

export { connectionOf } from './target.js';
import type { PreviousReport } from '../changes/compare.js';
import { compareWithPrevious, loadPreviousReport } from './previous-report.js';

/** Collects a target's inventory; the CLI's shows progress on stderr. */
export type Collector = (target: AwsTarget, logger: Logger) => Promise<Inventory>;

/** What a scan tells its caller as it goes, so results are shown as soon as they exist. */
export interface ScanEvents {
  delivered?(report: Report, delivery: Delivery): void;
  imported?(summary: ImportSummary): void;
}

/** What every scan is given, whether of one account or many. */
export interface ScanSettings {
  collect: Collector;
  output: OutputOptions;
  /** Check options and the selection of checks and APIs. */
  run: EvaluateOptions;
  securityHub?: SecurityHubRun | undefined;
  /** Where to keep the collected snapshot (with `{account}` in it when scanning many). */
  inventoryOut?: string | undefined;
  /** `--previous-report` when read before the scan (a file, an S3 object); `latest` is read once the account is known. */
  previous?: PreviousReport | undefined;
  logger: Logger;
}

export interface AccountScan extends ScanSettings {
  target: AwsTarget;
  events?: ScanEvents;
  /** Local reports in `<output-dir>/<account>/` (a many-account scan): where `--previous-report latest` looks. */
  accountFolders?: boolean;
}

export interface AccountScanOutcome {
  report: Report;
  delivery: Delivery;
  imported?: ImportSummary;
  exitCode: ExitCode;
}

export async function scanAccount(scan: AccountScan): Promise<AccountScanOutcome> {
  // The last account's release may have shrunk it: this account's collection gets the CLI's again.
  restoreYoungGeneration();
  const { evaluated, previous, inventory } = await collectAndEvaluate(scan);
  // The report and its files need a fraction of the heap the evaluation had: the snapshot (unless
  // Security Hub needs it) and what the checks derived from it go, and their pages go back to the
  // system, before the report is built.
  phaseBoundary('release');
  const report = compareWithPrevious(withComplianceFocus(reportOf(evaluated), scan.output.compliance), previous);
  const delivery = await deliverReport(report, scan.output, { logger: scan.logger });
  scan.events?.delivered?.(report, delivery);
  if (!scan.securityHub) return { report, delivery, exitCode: delivery.exitCode };
  // One --previous-report for both: the change states, and the earlier findings of a dry run.
  const securityHub = previous ? { ...scan.securityHub, previousReport: previous.report } : scan.securityHub;
  const imported = await importIntoSecurityHub(securityHub, {
    report,
    ...(inventory ? { inventory } : {}),
    ...connectionOf(scan.target),
    ...(scan.target.credentials ? { credentials: scan.target.credentials } : {}),
    outputDir: scan.output.outputDir,
    logger: scan.logger,
  });
  scan.events?.imported?.(imported);
  // Findings Security Hub did not take leave it out of date: incomplete, as a collection gap is.
  return { report, delivery, imported, exitCode: imported.complete ? delivery.exitCode : combineExitCodes(delivery.exitCode, EXIT.INCOMPLETE) };
}

/**
 * Collects, keeps the snapshot and runs the checks on it, each phase starting from a collected
 * heap (phase-boundary.ts). The snapshot is returned only for Security Hub (resource details): a
 * large account's snapshot, with what the checks derived from it, takes more memory than its
 * report, and the report is built and written without it.
 */
async function collectAndEvaluate(scan: AccountScan): Promise<{ evaluated: EvaluatedRun; previous?: PreviousReport; inventory?: Inventory }> {
  const inventory = await scan.collect(scan.target, scan.logger);
  if (scan.inventoryOut) await writeInventory(scan.inventoryOut, inventory);
  const previous = scan.previous ?? (await latestReport(scan, inventory.account.id));
  phaseBoundary();
  const evaluated = evaluateChecks(inventory, scan.run);
  return { evaluated, ...(scan.securityHub ? { inventory } : {}), ...(previous ? { previous } : {}) };
}

/** `--previous-report latest`: the newest report where this run's reports go, or none on a first run (said in the log). */
async function latestReport(scan: AccountScan, account: string): Promise<PreviousReport | undefined> {
  if (scan.output.previousReport?.kind !== 'latest') return undefined;
  const found = await loadPreviousReport(scan.output.previousReport, {
    account,
    output: scan.output,
    connection: connectionOf(scan.target),
    accountFolders: scan.accountFolders === true,
    logger: scan.logger,
  });
  if (!found) scan.logger.warn({ account }, 'no previous report under the output location (--previous-report latest): every failure counts as new');
  return found;
}


/** `--regions all` for one account: its enabled regions, or a one-line error (exit 3). */
export async function enabledRegions(connection: Connection, controlRegion: string, logger: Logger): Promise<string[]> {
  const clients = new AwsClients({ ...connection, userAgent: userAgent() });
  try {
    const listed = await listEnabledRegions(clients.account(controlRegion), controlCalls(logger), controlRegion);
    if (!listed.ok) {
      throw new CredentialsError(
        `cannot list the enabled regions for --regions all (account:ListRegions in ${controlRegion}): ${listed.error.code}: ${listed.error.message}`,
      );
    }
    if (listed.value.length === 0) throw new CredentialsError('account:ListRegions returned no enabled region; pass --regions');
    logger.info({ regions: listed.value }, 'enabled regions');
    return listed.value;
  } finally {
    clients.destroy();
  }
}

/**
 * Scan many accounts (`--accounts`, `--organization`): assume a role in each, scan it as one
 * account into its own folder, then write run-summary.json beside the reports.
 */
import { sessionNameFor } from '../accounts/assume.js';
import { listOrganizationAccounts, type OrganizationAccount } from '../accounts/organization.js';
import { runAccounts, worstExitCode, type AccountScanner, type AccountTarget } from '../accounts/run.js';
import { buildRunSummary, uploadRunSummary, writeRunSummary, type RunSummary } from '../accounts/summary.js';
import { ACCOUNT_PLACEHOLDER, roleArnFor, roleArnPattern } from '../accounts/targets.js';
import { AwsClients } from '../aws/clients.js';
import { CredentialsError } from '../aws/errors.js';
import { resolveCallerIdentity } from '../collect/index.js';
import { combineExitCodes, EXIT, type ExitCode } from '../exit-codes.js';
import { describeFailure } from '../output/sink.js';
import type { Report } from '../report/model.js';
import { plural } from '../util/text.js';
import type { ImportSummary } from '../securityhub/importer.js';
import { toolVersion, userAgent } from '../version.js';
import { controlCalls } from './control-calls.js';
import type { Delivery } from './deliver.js';
import { scanAccount, type Collector, type ScanSettings } from './scan-account.js';
import type { AccountsPlan, Connection, RegionChoice } from './target.js';

/** What a many-account scan tells its caller as each account finishes. */
export interface AccountsScanEvents {
  delivered?(target: AccountTarget, report: Report, delivery: Delivery): void;
  imported?(target: AccountTarget, summary: ImportSummary): void;
}

export interface AccountsScan extends ScanSettings {
  plan: AccountsPlan;
  regions: RegionChoice;
  controlRegion: string;
  connection: Connection;
  events?: AccountsScanEvents;
}

export interface AccountsScanOutcome {
  summary: RunSummary;
  /** run-summary.json: its local path, or the uploaded objects. */
  written: string[];
  /** Uploads of the run summary that failed, one line each. */
  failures: string[];
  exitCode: ExitCode;
}

export async function scanAccounts(scan: AccountsScan): Promise<AccountsScanOutcome> {
  const { plan, regions, connection, output, logger, controlRegion } = scan;
  const startedAt = new Date();
  const base = new AwsClients({ ...connection, userAgent: userAgent() });
  const calls = controlCalls(logger);
  try {
    const caller = await resolveCallerIdentity(base, calls, controlRegion, connection.profile);
    const { targets, skipped } = await accountsOf(plan, base, calls, controlRegion);
    logger.info({ caller, accounts: targets.length, skipped: skipped.length }, 'scanning accounts');
    const endpoint = connection.endpointUrl ? { endpointUrl: connection.endpointUrl } : {};

    const scanOne: AccountScanner = async ({ target, credentials, regions: accountRegions, outputDir }) => {
      const accountLogger = logger.child({ account: target.account });
      const collect: Collector = async (awsTarget, collectLogger) => {
        const inventory = await scan.collect(awsTarget, collectLogger);
        if (inventory.account.id !== target.account) {
          throw new CredentialsError(`the credentials for account ${target.account} belong to account ${inventory.account.id}`);
        }
        return inventory;
      };
      // Local reports go to <output-dir>/<account>/; an S3 destination has its own per-account folders.
      const { report, delivery, imported, exitCode } = await scanAccount({
        target: { regions: accountRegions, credentials, ...endpoint },
        collect,
        output: { ...output, outputDir },
        run: scan.run,
        securityHub: scan.securityHub,
        inventoryOut: scan.inventoryOut?.replaceAll(ACCOUNT_PLACEHOLDER, target.account),
        accountFolders: true,
        logger: accountLogger,
        events: {
          delivered: (r, d) => scan.events?.delivered?.(target, r, d),
          imported: (s) => scan.events?.imported?.(target, s),
        },
      });
      const reasons: string[] = [];
      if (!report.scan.complete) {
        reasons.push(`incomplete scan: ${plural(report.summary.collectionErrors, 'collection error')}, ${plural(report.summary.results.ERROR, 'result')} not evaluated`);
      } else if (delivery.exitCode === EXIT.INCOMPLETE) {
        reasons.push('some report files could not be written');
      }
      if (imported && !imported.complete) reasons.push('Security Hub did not take every finding');
      return { exitCode, complete: reasons.length === 0, reports: delivery.written, ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}) };
    };

    const outcomes = await runAccounts({
      targets,
      roleArnFor: (account) => roleArnFor(plan.role, account, caller.partition),
      ...(plan.externalId !== undefined ? { externalId: plan.externalId } : {}),
      sessionName: sessionNameFor(startedAt),
      regions: regions.kind === 'all' ? 'all' : regions.regions,
      controlRegion,
      outputDir: output.outputDir,
      sts: base.sts(controlRegion),
      clientsFor: (credentials) => new AwsClients({ credentials, ...endpoint, userAgent: userAgent() }),
      calls,
      scan: scanOne,
      logger,
    });
    const exitCode = worstExitCode(outcomes);
    const summary = buildRunSummary({
      toolVersion: toolVersion(),
      startedAt,
      finishedAt: new Date(),
      caller: { account: caller.accountId, partition: caller.partition },
      source: plan.source.kind,
      role: roleArnPattern(plan.role, caller.partition),
      externalId: plan.externalId !== undefined,
      regions: regions.kind === 'all' ? 'all' : regions.regions,
      outputDir: output.outputDir,
      ...(output.s3 ? { s3: output.s3 } : {}),
      outcomes,
      skipped,
      exitCode,
    });
    if (!output.s3) return { summary, written: [await writeRunSummary(summary, output.outputDir)], failures: [], exitCode };
    // With S3 output the summary is uploaded beside the reports; an upload that fails is exit 3, as a report's is.
    const uploaded = await uploadRunSummary(summary, output.s3, { accounts: targets.map((t) => t.account), startedAt, logger });
    const failures = uploaded.failures.map(describeFailure);
    return { summary, written: uploaded.written, failures, exitCode: failures.length > 0 ? combineExitCodes(EXIT.INCOMPLETE, exitCode) : exitCode };
  } finally {
    base.destroy();
  }
}

async function accountsOf(
  plan: AccountsPlan,
  base: AwsClients,
  calls: ReturnType<typeof controlCalls>,
  controlRegion: string,
): Promise<{ targets: AccountTarget[]; skipped: OrganizationAccount[] }> {
  if (plan.source.kind === 'accounts') return { targets: plan.source.ids.map((account) => ({ account })), skipped: [] };
  const listed = await listOrganizationAccounts(base.organizations(controlRegion), calls, controlRegion);
  if (!listed.ok) {
    throw new CredentialsError(
      `cannot list the organization's accounts (organizations:ListAccounts in ${controlRegion}): ${listed.error.code}: ${listed.error.message}`,
    );
  }
  return {
    targets: listed.value.active.map((a) => ({ account: a.id, ...(a.name !== undefined ? { name: a.name } : {}) })),
    skipped: listed.value.skipped,
  };
}

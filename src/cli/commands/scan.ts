import type { Command } from 'commander';
import type { Logger } from 'pino';
import { sessionNameFor } from '../../accounts/assume.js';
import { listOrganizationAccounts, type OrganizationAccount } from '../../accounts/organization.js';
import { listEnabledRegions } from '../../accounts/regions.js';
import { runAccounts, serialized, worstExitCode, type AccountScanner, type AccountTarget } from '../../accounts/run.js';
import { buildRunSummary, renderRunSummary, uploadRunSummary, writeRunSummary } from '../../accounts/summary.js';
import { ACCOUNT_PLACEHOLDER, roleArnFor, roleArnPattern } from '../../accounts/targets.js';
import type { CallContext } from '../../aws/call.js';
import { CallStats } from '../../aws/call-stats.js';
import { AwsClients } from '../../aws/clients.js';
import { CredentialsError } from '../../aws/errors.js';
import { RateLimits } from '../../aws/rate-limiter.js';
import { DEFAULT_RETRY_POLICY } from '../../aws/retry.js';
import { resolveCallerIdentity } from '../../collect/index.js';
import type { RunOptions } from '../../engine/runner.js';
import { InputError } from '../../errors.js';
import { writeInventory } from '../../inventory/io.js';
import { assertWritableFile, assertWritableFolder, fixedFolderOf } from '../../output/preflight.js';
import { describeFailure } from '../../output/sink.js';
import type { Report } from '../../report/model.js';
import { oneLine } from '../../report/text.js';
import { toolVersion, userAgent } from '../../version.js';
import {
  addAccountOptions,
  addAwsOptions,
  controlRegionFor,
  resolveAccountsPlan,
  resolveEndpoint,
  resolveRegionChoice,
  type AccountFlags,
  type AccountsPlan,
  type AwsFlags,
  type AwsTarget,
  type RegionChoice,
} from '../aws-options.js';
import { collectWithProgress } from '../collecting.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { GlobalContext } from '../main.js';
import { addOutputOptions, resolveOutput, resolveRunOptions, type OutputFlags } from '../output-options.js';
import { deliver, evaluateInventory, type OutputOptions } from '../pipeline.js';
import { addSecurityHubOptions, resolveSecurityHub, runSecurityHub, type SecurityHubFlags, type SecurityHubRun } from './securityhub.js';

type ScanFlags = AwsFlags & AccountFlags & OutputFlags & SecurityHubFlags & { inventoryOut?: string };

export function registerScan(program: Command, context: GlobalContext): void {
  addSecurityHubOptions(
    addOutputOptions(
      addAccountOptions(
        addAwsOptions(
          program
            .command('scan')
            .description('collect from AWS, run every check and write the reports')
            .addHelpText('after', '\n--regions all scans the regions enabled in the account (Account Management ListRegions).'),
        ),
      ).option('--inventory-out <file>', 'also keep the collected snapshot, to re-evaluate later ({account} in the name with --accounts/--organization)'),
    ),
    { withSwitch: true },
  ).action(async (flags: ScanFlags) => {
    const plan = resolveAccountsPlan(flags);
    const regions = resolveRegionChoice(flags);
    const endpointUrl = resolveEndpoint(flags);
    const output = resolveOutput(flags);
    const run = await resolveRunOptions(flags);
    const securityHub = await resolveSecurityHub(flags, { always: false });
    await checkOutputsWritable(output, flags.inventoryOut, plan !== undefined);
    const logger = context.logger();
    const connection = { ...(flags.profile ? { profile: flags.profile } : {}), ...(endpointUrl ? { endpointUrl } : {}) };
    if (plan) {
      if (flags.inventoryOut !== undefined && !flags.inventoryOut.includes(ACCOUNT_PLACEHOLDER)) {
        throw new InputError(`--inventory-out needs ${ACCOUNT_PLACEHOLDER} in the file name when scanning several accounts, e.g. inventories/{account}.json`);
      }
      if (securityHub?.previousReport) throw new InputError("--previous-report is one account's report; it cannot be used with --accounts or --organization");
      process.exitCode = await scanAccounts({ plan, regions, connection, output, run, securityHub, inventoryOut: flags.inventoryOut, logger });
      return;
    }

    const target: AwsTarget = {
      regions: regions.kind === 'list' ? regions.regions : await enabledRegions(connection, controlRegionFor(regions), logger),
      ...connection,
    };
    const inventory = await collectWithProgress(target, logger);
    if (flags.inventoryOut) await writeInventory(flags.inventoryOut, inventory);
    const report = evaluateInventory(inventory, run);
    const code = await deliver(report, output);
    if (!securityHub) {
      process.exitCode = code;
      return;
    }
    const imported = await runSecurityHub(securityHub, { report, inventory, ...connection, outputDir: output.outputDir, logger });
    // Findings Security Hub did not take leave it out of date: incomplete, as a collection gap is.
    process.exitCode = imported.complete ? code : EXIT.INCOMPLETE;
  });
}

/** Fails now, before any AWS call, when the reports or the snapshot could not be written at the end. */
async function checkOutputsWritable(output: OutputOptions, inventoryOut: string | undefined, manyAccounts: boolean): Promise<void> {
  if (!output.s3) await assertWritableFolder(output.outputDir, '--output-dir');
  if (inventoryOut === undefined) return;
  if (manyAccounts) await assertWritableFolder(fixedFolderOf(inventoryOut, ACCOUNT_PLACEHOLDER), '--inventory-out');
  else await assertWritableFile(inventoryOut, '--inventory-out');
}

interface Connection {
  profile?: string;
  endpointUrl?: string;
}

/** Rate limits, retries and statistics for the calls made outside collection (STS, Organizations, Account). */
function controlCalls(logger: Logger): CallContext {
  return { limits: new RateLimits(), retry: { ...DEFAULT_RETRY_POLICY }, stats: new CallStats(), logger };
}

/** `--regions all` for one account: its enabled regions, or a one-line error (exit 3). */
async function enabledRegions(connection: Connection, controlRegion: string, logger: Logger): Promise<string[]> {
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

interface ManyAccounts {
  plan: AccountsPlan;
  regions: RegionChoice;
  connection: Connection;
  output: OutputOptions;
  run: RunOptions;
  securityHub: SecurityHubRun | undefined;
  inventoryOut: string | undefined;
  logger: Logger;
}

/** `deliver`, also returning the files it wrote (the `wrote <path>` lines it prints: local paths or s3:// URLs). */
async function deliverNoting(report: Report, output: OutputOptions, logger: Logger): Promise<{ code: ExitCode; written: string[] }> {
  const written: string[] = [];
  const stdout = {
    isTTY: process.stdout.isTTY === true,
    write(text: string) {
      for (const match of text.matchAll(/^wrote (.+)$/gm)) written.push(match[1]!);
      return process.stdout.write(text);
    },
  };
  const code = await deliver(report, output, { stdout, logger });
  return { code, written };
}

/** `--accounts` / `--organization`: every account in turn (two at a time), then run-summary.json. */
async function scanAccounts(options: ManyAccounts): Promise<ExitCode> {
  const { plan, regions, connection, output, logger } = options;
  const startedAt = new Date();
  const controlRegion = controlRegionFor(regions);
  const base = new AwsClients({ ...connection, userAgent: userAgent() });
  const calls = controlCalls(logger);
  try {
    const caller = await resolveCallerIdentity(base, calls, controlRegion, connection.profile);
    let targets: AccountTarget[];
    let skipped: OrganizationAccount[] = [];
    if (plan.source.kind === 'organization') {
      const listed = await listOrganizationAccounts(base.organizations(controlRegion), calls, controlRegion);
      if (!listed.ok) {
        throw new CredentialsError(
          `cannot list the organization's accounts (organizations:ListAccounts in ${controlRegion}): ${listed.error.code}: ${listed.error.message}`,
        );
      }
      targets = listed.value.active.map((a) => ({ account: a.id, ...(a.name !== undefined ? { name: a.name } : {}) }));
      skipped = listed.value.skipped;
    } else {
      targets = plan.source.ids.map((account) => ({ account }));
    }
    logger.info({ caller, accounts: targets.length, skipped: skipped.length }, 'scanning accounts');

    const printBlock = serialized();
    const scan: AccountScanner = async ({ target, credentials, regions: accountRegions, outputDir }) => {
      const accountLogger = logger.child({ account: target.account });
      const inventory = await collectWithProgress(
        { regions: accountRegions, credentials, ...(connection.endpointUrl ? { endpointUrl: connection.endpointUrl } : {}) },
        accountLogger,
      );
      if (inventory.account.id !== target.account) {
        throw new CredentialsError(`the credentials for account ${target.account} belong to account ${inventory.account.id}`);
      }
      if (options.inventoryOut) await writeInventory(options.inventoryOut.replaceAll(ACCOUNT_PLACEHOLDER, target.account), inventory);
      const report = evaluateInventory(inventory, options.run);
      // Local reports go to <output-dir>/<account>/; an S3 destination has its own per-account folders.
      const accountOutput = { ...output, outputDir };
      const { code: delivered, written } = await printBlock(async () => {
        const name = target.name !== undefined ? ` (${oneLine(target.name)})` : '';
        process.stdout.write(`\n== account ${target.account}${name} ==\n`);
        return deliverNoting(report, accountOutput, accountLogger);
      });
      let exitCode = delivered;
      const reasons: string[] = [];
      if (!report.scan.complete) {
        reasons.push(`incomplete scan: ${report.summary.collectionErrors} collection error(s), ${report.summary.results.ERROR} result(s) not evaluated`);
      } else if (delivered === EXIT.INCOMPLETE) {
        reasons.push('some report files could not be written');
      }
      if (options.securityHub) {
        const imported = await runSecurityHub(options.securityHub, {
          report,
          inventory,
          credentials,
          ...(connection.endpointUrl ? { endpointUrl: connection.endpointUrl } : {}),
          outputDir,
          logger: accountLogger,
        });
        if (!imported.complete) {
          exitCode = EXIT.INCOMPLETE;
          reasons.push('Security Hub did not take every finding');
        }
      }
      return { exitCode, reports: written, ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}) };
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
      clientsFor: (credentials) => new AwsClients({ credentials, ...(connection.endpointUrl ? { endpointUrl: connection.endpointUrl } : {}), userAgent: userAgent() }),
      calls,
      scan,
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
    process.stdout.write(`\n${renderRunSummary(summary)}\n`);
    if (!output.s3) {
      process.stdout.write(`wrote ${await writeRunSummary(summary, output.outputDir)}\n`);
      return exitCode;
    }
    // With S3 output the summary is uploaded beside the reports; an upload that fails is exit 3, as a report's is.
    const uploaded = await uploadRunSummary(summary, output.s3, { accounts: targets.map((t) => t.account), startedAt, logger });
    for (const object of uploaded.written) process.stdout.write(`wrote ${object}\n`);
    for (const failure of uploaded.failures) process.stderr.write(`apiposture: ${describeFailure(failure)}\n`);
    return uploaded.failures.length > 0 ? EXIT.INCOMPLETE : exitCode;
  } finally {
    base.destroy();
  }
}

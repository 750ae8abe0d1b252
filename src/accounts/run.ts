/**
 * A multi-account run: for each account, assume the role, find its regions (`--regions all`),
 * then hand it to the scanner (collect → evaluate → report, in its own output folder). Each
 * account is isolated: its own credentials, clients and rate limits; one that cannot be assumed
 * or scanned is recorded as failed and the run goes on. Accounts run a few at a time.
 */
import { join } from 'node:path';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import type { AccountClient } from '@aws-sdk/client-account';
import type { CallContext } from '../aws/call.js';
import { combineExitCodes, EXIT, type ExitCode } from '../exit-codes.js';
import { assumeRole, type CredentialProvider, type StsSender } from './assume.js';
import { listEnabledRegions } from './regions.js';

/** Each account has its own API rate limits; two at a time keeps the run short and polite. */
export const DEFAULT_ACCOUNT_CONCURRENCY = 2;

export interface AccountTarget {
  account: string;
  /** The organization's name for it, when listed with `--organization`. */
  name?: string;
}

export interface AccountScanInput {
  target: AccountTarget;
  credentials: CredentialProvider;
  regions: string[];
  /** `<output-dir>/<account>`. */
  outputDir: string;
}

export interface AccountScanResult {
  /** The account's own exit code: 0, 1 (findings), 3 (incomplete) or 4 (nothing scanned). */
  exitCode: ExitCode;
  /** Whether everything was collected, evaluated and delivered (an account with findings may still be incomplete). */
  complete: boolean;
  /** The report files written. */
  reports: string[];
  /** Why the account is incomplete when its report does not say (e.g. Security Hub refused findings). */
  reason?: string;
}

export type AccountScanner = (input: AccountScanInput) => Promise<AccountScanResult>;

export type AccountStatus = 'ok' | 'incomplete' | 'failed';

export interface AccountOutcome {
  account: string;
  name?: string;
  status: AccountStatus;
  /** For failed and incomplete accounts, one line. */
  reason?: string;
  exitCode: ExitCode;
  roleArn: string;
  regions: string[];
  outputDir: string;
  reports: string[];
}

/** The clients an account's own credentials need before its scan (`--regions all`). */
export interface AccountClients {
  account(region: string): Pick<AccountClient, 'send'>;
  destroy(): void;
}

export interface RunAccountsOptions {
  targets: readonly AccountTarget[];
  roleArnFor(account: string): string;
  externalId?: string;
  sessionName: string;
  /** Explicit regions, or `all`: each account's enabled regions, listed with its own credentials. */
  regions: readonly string[] | 'all';
  /** Where STS and Account Management calls go. */
  controlRegion: string;
  outputDir: string;
  /** STS with the scanning identity's credentials. */
  sts: StsSender;
  clientsFor(credentials: CredentialProvider): AccountClients;
  calls: CallContext;
  scan: AccountScanner;
  concurrency?: number;
  logger?: Logger;
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  return text.replace(/\s+/g, ' ').trim();
}

async function regionsOf(options: RunAccountsOptions, credentials: CredentialProvider): Promise<{ ok: true; regions: string[] } | { ok: false; reason: string }> {
  if (options.regions !== 'all') return { ok: true, regions: [...options.regions] };
  const clients = options.clientsFor(credentials);
  try {
    const listed = await listEnabledRegions(clients.account(options.controlRegion), options.calls, options.controlRegion);
    if (!listed.ok) {
      return { ok: false, reason: `cannot list the enabled regions (account:ListRegions): ${listed.error.code}: ${listed.error.message}` };
    }
    if (listed.value.length === 0) return { ok: false, reason: 'account:ListRegions returned no enabled region' };
    return { ok: true, regions: listed.value };
  } finally {
    clients.destroy();
  }
}

async function runOne(options: RunAccountsOptions, target: AccountTarget): Promise<AccountOutcome> {
  const { account } = target;
  const logger = options.logger?.child({ account });
  const roleArn = options.roleArnFor(account);
  const outputDir = join(options.outputDir, account);
  const base = { account, ...(target.name !== undefined ? { name: target.name } : {}), roleArn, outputDir };
  const failed = (reason: string, regions: string[] = []): AccountOutcome => {
    logger?.error({ roleArn, reason }, `account ${account} failed`);
    return { ...base, status: 'failed', reason, exitCode: EXIT.NOTHING_SCANNED, regions, reports: [] };
  };
  try {
    logger?.info({ roleArn }, 'assuming role');
    const assumed = await assumeRole({
      sts: options.sts,
      calls: options.calls,
      region: options.controlRegion,
      account,
      roleArn,
      sessionName: options.sessionName,
      ...(options.externalId !== undefined ? { externalId: options.externalId } : {}),
    });
    if (!assumed.ok) return failed(assumed.reason);
    const regions = await regionsOf(options, assumed.credentials);
    if (!regions.ok) return failed(regions.reason);
    const result = await options.scan({ target, credentials: assumed.credentials, regions: regions.regions, outputDir });
    const status: AccountStatus = result.complete ? 'ok' : 'incomplete';
    const reason = status === 'incomplete' ? (result.reason ?? 'some data could not be collected or evaluated (see the report’s collection errors)') : undefined;
    if (reason !== undefined) logger?.warn({ reason }, `account ${account} is incomplete`);
    return { ...base, status, ...(reason !== undefined ? { reason } : {}), exitCode: result.exitCode, regions: regions.regions, reports: result.reports };
  } catch (error) {
    return failed(describe(error));
  }
}

/** Scans every target (a few at a time) and returns their outcomes in the targets' order. */
export async function runAccounts(options: RunAccountsOptions): Promise<AccountOutcome[]> {
  const limit = pLimit(Math.max(1, options.concurrency ?? DEFAULT_ACCOUNT_CONCURRENCY));
  return Promise.all(options.targets.map((target) => limit(() => runOne(options, target))));
}

/**
 * The run's exit code: 1 when any account has findings (whatever else happened); 4 when no
 * account could be scanned; 3 when some account failed or is incomplete; else 0.
 */
export function worstExitCode(outcomes: readonly Pick<AccountOutcome, 'exitCode' | 'status'>[]): ExitCode {
  if (outcomes.length > 0 && outcomes.every((o) => o.exitCode === EXIT.NOTHING_SCANNED)) return EXIT.NOTHING_SCANNED;
  const codes = outcomes.map((o) => {
    if (o.exitCode === EXIT.NOTHING_SCANNED) return EXIT.INCOMPLETE;
    return o.status === 'ok' ? o.exitCode : combineExitCodes(o.exitCode, EXIT.INCOMPLETE);
  });
  return combineExitCodes(...codes);
}

export { serialized } from '../util/serialized.js';

/**
 * `run-summary.json`: what a multi-account run did, account by account — for schedulers and
 * for people looking for the account that failed. Written in the output directory, beside one
 * folder per account, or with an `s3://` output directory uploaded to
 * `<prefix>run-summaries/<YYYY-MM-DDTHH-MM-SSZ>-<8 hex>/run-summary.json`; also printed as a
 * short table on stdout.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { InputError } from '../errors.js';
import { openSink, type S3Destination } from '../output/destination.js';
import type { S3Location, S3Sender } from '../output/s3-types.js';
import { SinkError, type SinkResult } from '../output/sink.js';
import { oneLine } from '../util/text.js';
import { writeAtomic } from '../util/atomic-write.js';
import type { AccountOutcome } from './run.js';
import type { OrganizationAccount } from './organization.js';

export const RUN_SUMMARY_VERSION = 1;
export const RUN_SUMMARY_FILE = 'run-summary.json';
/** The S3 sink's first folder for run summaries (beside the account folders and `organization/`). */
export const RUN_SUMMARIES_S3_FOLDER = 'run-summaries';

const accountId = z.string().regex(/^\d{12}$/);
const exitCode = z.union([z.literal(EXIT.OK), z.literal(EXIT.FINDINGS), z.literal(EXIT.USAGE), z.literal(EXIT.INCOMPLETE), z.literal(EXIT.NOTHING_SCANNED)]);
const count = z.number().int().nonnegative();

export const runSummarySchema = z.object({
  schemaVersion: z.literal(RUN_SUMMARY_VERSION),
  kind: z.literal('run-summary'),
  tool: z.object({ name: z.literal('apiposture'), version: z.string() }),
  startedAt: z.iso.datetime({ offset: true }),
  finishedAt: z.iso.datetime({ offset: true }),
  caller: z.object({ account: accountId, partition: z.string() }),
  source: z.enum(['accounts', 'organization']).describe('--accounts or --organization'),
  role: z.string().describe('The role ARN assumed in each account, with {account} for the account id.'),
  externalId: z.boolean().describe('Whether an external id was passed (its value is not recorded).'),
  regions: z.union([z.literal('all'), z.array(z.string())]),
  outputDir: z.string().describe('The output folder, or the s3://bucket/prefix/ the reports were uploaded under.'),
  exitCode: exitCode.describe('The run\'s: 1 if any account has findings at or above --fail-on; 4 if no account could be scanned; 3 if any failed or is incomplete; else 0.'),
  counts: z.object({ accounts: count, ok: count, incomplete: count, failed: count, skipped: count }),
  accounts: z.array(
    z.object({
      account: accountId,
      name: z.string().optional(),
      status: z.enum(['ok', 'incomplete', 'failed']),
      reason: z.string().optional(),
      exitCode,
      roleArn: z.string(),
      regions: z.array(z.string()),
      outputDir: z.string().describe('The account’s folder: <output-dir>/<account>, or s3://bucket/<prefix><account>/.'),
      reports: z.array(z.string()).describe('The report files written: paths, or s3:// URLs (the dated objects, then the latest/ copies).'),
    }),
  ),
  skipped: z
    .array(z.object({ account: accountId, name: z.string().optional(), state: z.string() }))
    .describe('Organization accounts that are not ACTIVE: not scanned.'),
});

export type RunSummary = z.infer<typeof runSummarySchema>;

export interface RunSummaryInput {
  toolVersion: string;
  startedAt: Date;
  finishedAt: Date;
  caller: { account: string; partition: string };
  source: 'accounts' | 'organization';
  role: string;
  externalId: boolean;
  regions: readonly string[] | 'all';
  outputDir: string;
  /** Set when the reports were uploaded: the summary then names S3 locations, not the local folder. */
  s3?: S3Location;
  outcomes: readonly AccountOutcome[];
  skipped?: readonly OrganizationAccount[];
  exitCode: ExitCode;
}

export function buildRunSummary(input: RunSummaryInput): RunSummary {
  const { outcomes } = input;
  const skipped = input.skipped ?? [];
  const s3Root = input.s3 ? `s3://${input.s3.bucket}/${input.s3.prefix}` : undefined;
  return {
    schemaVersion: RUN_SUMMARY_VERSION,
    kind: 'run-summary',
    tool: { name: 'apiposture', version: input.toolVersion },
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    caller: { ...input.caller },
    source: input.source,
    role: input.role,
    externalId: input.externalId,
    regions: input.regions === 'all' ? 'all' : [...input.regions],
    outputDir: s3Root ?? input.outputDir,
    exitCode: input.exitCode,
    counts: {
      accounts: outcomes.length,
      ok: outcomes.filter((o) => o.status === 'ok').length,
      incomplete: outcomes.filter((o) => o.status === 'incomplete').length,
      failed: outcomes.filter((o) => o.status === 'failed').length,
      skipped: skipped.length,
    },
    accounts: outcomes.map((o) => ({
      account: o.account,
      ...(o.name !== undefined ? { name: o.name } : {}),
      status: o.status,
      ...(o.reason !== undefined ? { reason: o.reason } : {}),
      exitCode: o.exitCode,
      roleArn: o.roleArn,
      regions: [...o.regions],
      outputDir: s3Root !== undefined ? `${s3Root}${o.account}/` : o.outputDir,
      reports: [...o.reports],
    })),
    skipped: skipped.map((a) => ({ account: a.id, ...(a.name !== undefined ? { name: a.name } : {}), state: a.state })),
  };
}

export async function writeRunSummary(summary: RunSummary, outputDir: string): Promise<string> {
  const path = join(outputDir, RUN_SUMMARY_FILE);
  try {
    await writeAtomic(path, [JSON.stringify(summary, null, 2) + '\n']);
  } catch (error) {
    throw new InputError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return path;
}

/**
 * The summary's dated folder in S3: `<YYYY-MM-DDTHH-MM-SSZ>-<8 hex>`, the time the run started
 * and the start of the SHA-256 of the accounts it scanned, so runs that start in the same second
 * (the scheduled template starts one per account) keep apart.
 */
export function runSummaryFolder(datedFolder: string, accounts: readonly string[]): string {
  return `${datedFolder}-${createHash('sha256').update(accounts.join(',')).digest('hex').slice(0, 8)}`;
}

export interface UploadRunSummaryIo {
  /** The accounts the run scanned (they name the folder). */
  accounts: readonly string[];
  startedAt: Date;
  logger?: Logger;
  /** Test seam: the S3 client. */
  s3Client?: S3Sender;
}

/**
 * Uploads run-summary.json through the S3 sink, to
 * `<prefix>run-summaries/<YYYY-MM-DDTHH-MM-SSZ>-<8 hex>/run-summary.json` (no `latest/` copy:
 * runs of single accounts would take turns overwriting it). Resolves to the object written, or
 * the failure; never writes locally, so a read-only file system is fine.
 */
export async function uploadRunSummary(summary: RunSummary, destination: S3Destination, io: UploadRunSummaryIo): Promise<SinkResult> {
  const { datedFolderName } = await import('../output/s3.js');
  const sink = await openSink(destination, {
    account: RUN_SUMMARIES_S3_FOLDER,
    at: io.startedAt,
    folder: runSummaryFolder(datedFolderName(io.startedAt), io.accounts),
    latest: false,
    ...(io.logger ? { logger: io.logger } : {}),
    ...(io.s3Client ? { s3Client: io.s3Client } : {}),
  });
  try {
    const written = await sink.write(RUN_SUMMARY_FILE, [JSON.stringify(summary, null, 2) + '\n'], 'application/json');
    return { written: [written], failures: [] };
  } catch (error) {
    if (!(error instanceof SinkError)) throw error;
    return { written: [], failures: [error.failure] };
  } finally {
    sink.close();
  }
}

const STATUS_LABEL = { ok: 'ok', incomplete: 'INCOMPLETE', failed: 'FAILED' } as const;

/** The table printed at the end of a multi-account run. */
export function renderRunSummary(summary: RunSummary): string {
  const { counts } = summary;
  const lines = [
    `Accounts: ${counts.accounts} — ${counts.ok} ok, ${counts.incomplete} incomplete, ${counts.failed} failed` +
      (counts.skipped > 0 ? `; ${counts.skipped} not ACTIVE, skipped` : ''),
  ];
  const label = (account: string, name: string | undefined) => (name !== undefined ? `${account} (${oneLine(name)})` : account);
  const rows: [string, string, string, string][] = [
    ...summary.accounts.map((a): [string, string, string, string] => {
      const detail = a.status === 'failed' ? (a.reason ?? '') : [a.reports[0] ?? a.outputDir, a.reason].filter(Boolean).join(' — ');
      return [label(a.account, a.name), STATUS_LABEL[a.status], `exit ${a.exitCode}`, oneLine(detail)];
    }),
    ...summary.skipped.map((s): [string, string, string, string] => [label(s.account, s.name), 'skipped', '', `not ACTIVE: ${oneLine(s.state)}`]),
  ];
  const width = Math.max(0, ...rows.map((row) => row[0].length));
  for (const [name, status, exit, detail] of rows) {
    lines.push(`  ${name.padEnd(width)}  ${status.padEnd(10)}  ${exit.padEnd(6)}  ${detail}`.trimEnd());
  }
  return lines.join('\n');
}

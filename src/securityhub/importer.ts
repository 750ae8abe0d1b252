/**
 * Sends a report to Security Hub: reads back what earlier runs imported (`GetFindings`), builds
 * this run's findings, decides which are sent (reconcile.ts `decideSends`) and which earlier ones
 * are archived, and imports them with `BatchImportFindings` — paced by
 * token buckets, retried on throttling and transient faults, and with every finding Security
 * Hub refuses reported (the call returns 200 even when some findings fail). A dry run writes
 * the exact batches to files instead and makes no AWS call.
 */
import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  type AwsSecurityFinding,
  type AwsSecurityFindingFilters,
  type ImportFindingsError,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { monotonicClock, TokenBucket, type BucketRate, type Clock, type Sleep } from '../aws/rate-limiter.js';
import { backoffDelayMs, classifyError, DEFAULT_RETRY_POLICY, errorCode, errorMessage, retryAfterMs, type ErrorKind, type RetryPolicy } from '../aws/retry.js';
import type { Inventory } from '../inventory/schema.js';
import type { Report } from '../report/model.js';
import { writeAtomic } from '../util/atomic-write.js';
import {
  buildFindings,
  destinationOf,
  FINDING_ID_PREFIX,
  findingKey,
  homeRegionOf,
  productArnFor,
  type Destination,
  type PriorFinding,
} from './asff.js';
import { batchByDestination, BATCH_LIMITS, type BatchLimits, type DestinationBatches } from './batches.js';
import {
  archivedFinding,
  covers,
  decideSends,
  findingsToArchive,
  previousFromReport,
  previousFromSecurityHub,
  runScope,
  type FindingSelection,
  type PreviousFinding,
  type SendDecision,
  type SendReason,
} from './reconcile.js';

/** A Security Hub client for a region; the caller owns the clients' lifetime. */
export type SecurityHubClientFactory = (region: string) => SecurityHubClient;

/** `BatchImportFindings`: 10 requests/s per account and region (burst 30, not relied on). */
export const IMPORT_RATE: BucketRate = { ratePerSecond: 10, burst: 10 };
/** `GetFindings`: 3 requests/s (burst 6, not relied on). */
export const GET_FINDINGS_RATE: BucketRate = { ratePerSecond: 3, burst: 3 };
const GET_FINDINGS_PAGE = 100;

export interface ImportOptions {
  report: Report;
  /** The snapshot the report came from: full resource details in the findings. */
  inventory?: Inventory;
  /** Required unless `dryRunDir` is given. */
  clientFor?: SecurityHubClientFactory;
  /** Overrides the default product ARN (`…:product/<account>/default`). */
  productArn?: string;
  /** Where findings about global resources go; default: the report's first region. */
  homeRegion?: string;
  /** The report of the previous run: earlier findings where Security Hub cannot be read. */
  previousReport?: Report;
  /** Writes the batches to `<dryRunDir>/securityhub/` instead of calling AWS. */
  dryRunDir?: string;
  /** `all` (default): every PASS, FAIL and ERROR result; `failed`: failures and what resolves them. */
  findings?: FindingSelection;
  now?: () => Date;
  retry?: RetryPolicy;
  clock?: Clock;
  /** Waits of the token buckets (the retry policy has its own `sleep`). */
  sleep?: Sleep;
  importRate?: BucketRate;
  getFindingsRate?: BucketRate;
  limits?: BatchLimits;
  logger?: Logger;
}

export interface FailedFinding extends Destination {
  id: string;
  code: string;
  message: string;
}

export interface ReadBackError extends Destination {
  code: string;
  message: string;
}

export interface DestinationSummary extends Destination {
  /** Findings of this run's results (ACTIVE). */
  findings: number;
  /** Earlier findings re-sent as ARCHIVED. */
  archived: number;
  /** Earlier FAILED findings left unchanged because the check could not run (ERROR) this time. */
  keptFailures: number;
  /** Results not sent under `--security-hub-findings failed` (passes with nothing to resolve, errors). */
  notSelected: number;
  /** ERROR results not sent because the earlier findings could not be read. */
  heldErrors: number;
  batches: number;
  /** Findings Security Hub accepted (0 in a dry run). */
  succeeded: number;
  failed: number;
  /** Where the earlier findings came from. */
  previous: 'security-hub' | 'previous-report' | 'none';
}

export interface ImportSummary {
  dryRun: boolean;
  destinations: DestinationSummary[];
  /** Findings accepted by Security Hub. */
  succeeded: number;
  /** Earlier FAILED findings left unchanged because the check could not run this time. */
  keptFailures: number;
  /** Every finding that was finally refused (or too large to send), with Security Hub's reason. */
  failed: FailedFinding[];
  /** Regions whose earlier findings could not be read: no archiving, `CreatedAt` not kept there. */
  readBackErrors: ReadBackError[];
  /** Dry-run batch files. */
  files: string[];
  /** Nothing failed and every read-back succeeded. */
  complete: boolean;
}

interface Pacing {
  retry: RetryPolicy;
  clock: Clock;
  sleep: Sleep;
  logger?: Logger;
}

/** Retries one request on throttling and transient faults; each attempt takes a token. */
async function sendWithRetries<T>(bucket: TokenBucket, pacing: Pacing, what: string, send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    await bucket.acquire();
    try {
      return await send();
    } catch (error) {
      const kind = classifyError(error);
      if (kind === 'fatal' || attempt >= pacing.retry.maxAttempts) throw error;
      const waitMs = backoffDelayMs(pacing.retry, kind, attempt, retryAfterMs(error));
      pacing.logger?.debug({ what, code: errorCode(error), kind, attempt, waitMs: Math.round(waitMs) }, 'Security Hub call will be retried');
      await pacing.retry.sleep(waitMs);
    }
  }
}

/**
 * How a per-finding error is treated: throttling and service faults are retried; anything else
 * (`InvalidInput`, `InvalidAccess`, `AccessDeniedException`) is final.
 */
export function classifyFailedFinding(code: string | undefined): ErrorKind {
  const kind = classifyError({ name: code });
  if (kind !== 'fatal') return kind;
  return /Internal|ServiceUnavailable|Unavailable|Timeout|Throttl|TooManyRequests/i.test(code ?? '') ? 'transient' : 'fatal';
}

export interface ReadBackTarget extends Destination {
  productArn: string;
}

/** Every finding apiposture imported in one account and region (ACTIVE and ARCHIVED), all pages. */
export async function readBackFindings(
  client: SecurityHubClient,
  target: ReadBackTarget,
  bucket: TokenBucket,
  pacing: Pacing,
): Promise<AwsSecurityFinding[]> {
  const Filters: AwsSecurityFindingFilters = {
    ProductArn: [{ Value: target.productArn, Comparison: 'EQUALS' }],
    AwsAccountId: [{ Value: target.account, Comparison: 'EQUALS' }],
    Id: [{ Value: FINDING_ID_PREFIX, Comparison: 'PREFIX' }],
  };
  const findings: AwsSecurityFinding[] = [];
  let NextToken: string | undefined;
  do {
    const page = await sendWithRetries(bucket, pacing, `GetFindings ${target.region}`, () =>
      client.send(new GetFindingsCommand({ Filters, MaxResults: GET_FINDINGS_PAGE, ...(NextToken ? { NextToken } : {}) })),
    );
    findings.push(...(page.Findings ?? []));
    NextToken = page.NextToken || undefined;
  } while (NextToken);
  return findings;
}

interface SendOutcome {
  succeeded: number;
  failed: FailedFinding[];
}

/**
 * Imports one batch. Findings refused with a transient reason are sent again (alone) with
 * backoff; the rest are reported. A request that finally fails fails every finding in it.
 */
export async function importBatch(
  client: SecurityHubClient,
  place: Destination,
  batch: readonly AwsSecurityFinding[],
  bucket: TokenBucket,
  pacing: Pacing,
): Promise<SendOutcome> {
  let pending = [...batch];
  let succeeded = 0;
  const failed: FailedFinding[] = [];
  const fail = (finding: { Id?: string | undefined }, code: string, message: string) =>
    failed.push({ ...place, id: finding.Id ?? '(no id)', code, message });
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    let errors: ImportFindingsError[];
    try {
      const response = await sendWithRetries(bucket, pacing, `BatchImportFindings ${place.region}`, () =>
        client.send(new BatchImportFindingsCommand({ Findings: pending })),
      );
      errors = response.FailedFindings ?? [];
    } catch (error) {
      for (const finding of pending) fail(finding, errorCode(error), errorMessage(error));
      break;
    }
    const errorById = new Map(errors.map((e) => [e.Id ?? '', e]));
    succeeded += pending.filter((f) => !errorById.has(f.Id ?? '')).length;
    const retry: AwsSecurityFinding[] = [];
    let retryKind: ErrorKind = 'transient';
    for (const finding of pending) {
      const error = errorById.get(finding.Id ?? '');
      if (!error) continue;
      const kind = classifyFailedFinding(error.ErrorCode);
      if (kind !== 'fatal' && attempt < pacing.retry.maxAttempts) {
        retry.push(finding);
        if (kind === 'throttling') retryKind = 'throttling';
      } else {
        fail(finding, error.ErrorCode ?? 'UnknownError', error.ErrorMessage ?? '');
      }
    }
    // Security Hub may name an id that was not sent: nothing to retry, but still a failure.
    for (const error of errors) {
      if (!pending.some((f) => f.Id === error.Id)) fail({ Id: error.Id }, error.ErrorCode ?? 'UnknownError', error.ErrorMessage ?? '');
    }
    pending = retry;
    if (pending.length > 0) {
      const waitMs = backoffDelayMs(pacing.retry, retryKind, attempt);
      pacing.logger?.debug({ region: place.region, findings: pending.length, attempt, waitMs: Math.round(waitMs) }, 'retrying refused findings');
      await pacing.retry.sleep(waitMs);
    }
  }
  return { succeeded, failed };
}

/** `securityhub/<account>-<region>-batch-001.json` …, each the exact `BatchImportFindings` input. */
export async function writeDryRunBatches(outputDir: string, groups: readonly DestinationBatches[]): Promise<string[]> {
  const files: string[] = [];
  for (const group of groups) {
    for (const [index, batch] of group.batches.entries()) {
      const path = join(outputDir, 'securityhub', `${group.account}-${group.region}-batch-${String(index + 1).padStart(3, '0')}.json`);
      await writeAtomic(path, [JSON.stringify({ Findings: batch }, null, 2), '\n']);
      files.push(path);
    }
  }
  return files;
}

/** Every account × region this import reads back: where findings go, and what the run covered. */
function readBackPlaces(report: Report, homeRegion: string | undefined): Destination[] {
  const scope = runScope(report, homeRegion);
  const regions = new Set<string>();
  for (const result of report.results) {
    if (result.status !== 'NOT_APPLICABLE') regions.add(destinationOf(result, report, homeRegion).region);
  }
  for (const region of scope.scannedRegions) regions.add(region);
  if (homeRegion !== undefined && [...scope.globalChecks].some((check) => covers(scope, check, scope.account, homeRegion))) {
    regions.add(homeRegion);
  }
  return [...regions].sort().map((region) => ({ account: report.scan.account, region }));
}

/** The batches, plus an empty entry for each place where findings were held but none is sent. */
function withHeldPlaces(groups: DestinationBatches[], decisions: readonly SendDecision[]): DestinationBatches[] {
  const places = new Set(groups.map((g) => `${g.account}|${g.region}`));
  const extra: DestinationBatches[] = [];
  for (const { planned, send } of decisions) {
    const key = `${planned.account}|${planned.region}`;
    if (send || places.has(key)) continue;
    places.add(key);
    extra.push({ account: planned.account, region: planned.region, batches: [], oversized: [] });
  }
  return [...groups, ...extra].sort((a, b) => (`${a.account}|${a.region}` < `${b.account}|${b.region}` ? -1 : 1));
}

function priorOf(previous: PreviousFinding): PriorFinding {
  return {
    createdAt: previous.createdAt,
    ...(previous.firstObservedAt ? { firstObservedAt: previous.firstObservedAt } : {}),
    ...(previous.updatedAt ? { updatedAt: previous.updatedAt } : {}),
  };
}

export async function importFindings(options: ImportOptions): Promise<ImportSummary> {
  const { report } = options;
  const now = (options.now ?? (() => new Date()))();
  const homeRegion = homeRegionOf(report, options.homeRegion);
  const dryRun = options.dryRunDir !== undefined;
  const clientFor = options.clientFor;
  if (!dryRun && !clientFor) throw new Error('importFindings needs clientFor unless it is a dry run');
  const pacing: Pacing = {
    retry: options.retry ?? DEFAULT_RETRY_POLICY,
    clock: options.clock ?? monotonicClock,
    sleep: options.sleep ?? DEFAULT_RETRY_POLICY.sleep,
    ...(options.logger ? { logger: options.logger } : {}),
  };
  const bucket = (rate: BucketRate) => new TokenBucket(rate, pacing.clock, pacing.sleep);
  const productArn = (place: Destination) => productArnFor(report.scan.partition, place.region, place.account, options.productArn);

  // 1. What earlier runs left: read back from Security Hub, else from the previous report.
  const places = readBackPlaces(report, homeRegion);
  const readBackErrors: ReadBackError[] = [];
  const previousSource = new Map<string, DestinationSummary['previous']>();
  const previous: PreviousFinding[] = [];
  const fromReport = options.previousReport
    ? previousFromReport(options.previousReport, { ...(options.homeRegion ? { homeRegion: options.homeRegion } : {}), ...(options.productArn ? { productArn: options.productArn } : {}) })
    : [];
  await Promise.all(
    places.map(async (place) => {
      const key = `${place.account}|${place.region}`;
      if (!dryRun) {
        try {
          const stored = await readBackFindings(clientFor!(place.region), { ...place, productArn: productArn(place) }, bucket(options.getFindingsRate ?? GET_FINDINGS_RATE), pacing);
          previous.push(...previousFromSecurityHub(stored, place));
          previousSource.set(key, 'security-hub');
          return;
        } catch (error) {
          const failure = { ...place, code: errorCode(error), message: errorMessage(error) };
          readBackErrors.push(failure);
          pacing.logger?.debug(failure, 'could not read earlier findings back from Security Hub');
        }
      }
      const earlier = fromReport.filter((p) => p.account === place.account && p.region === place.region);
      previous.push(...earlier);
      previousSource.set(key, options.previousReport ? 'previous-report' : 'none');
    }),
  );
  const priorByKey = new Map(previous.map((p) => [findingKey(p.account, p.region, p.id), priorOf(p)]));

  // 2. This run's findings, which of them are sent, and the earlier ones it resolves.
  const built = buildFindings(report, {
    now,
    ...(options.homeRegion ? { homeRegion: options.homeRegion } : {}),
    ...(options.productArn ? { productArn: options.productArn } : {}),
    ...(options.inventory ? { inventory: options.inventory } : {}),
    prior: (account, region, id) => priorByKey.get(findingKey(account, region, id)),
  });
  const previousByKey = new Map(previous.map((p) => [findingKey(p.account, p.region, p.id), p]));
  const unreadable = new Set(options.previousReport ? [] : readBackErrors.map((e) => `${e.account}|${e.region}`));
  const decisions = decideSends(built, {
    selection: options.findings ?? 'all',
    earlier: (place, id) => previousByKey.get(findingKey(place.account, place.region, id)),
    knows: (place) => !unreadable.has(`${place.account}|${place.region}`),
  });
  const planned = decisions.filter((d) => d.send).map((d) => d.planned);
  // Every finding this run made counts as produced, sent or not: none of them is archived.
  const produced = new Set(built.map((p) => findingKey(p.account, p.region, p.finding.Id!)));
  const archives = findingsToArchive(previous, runScope(report, options.homeRegion), produced)
    .sort((a, b) => (findingKey(a.account, a.region, a.id) < findingKey(b.account, b.region, b.id) ? -1 : 1))
    .map((p) => ({ account: p.account, region: p.region, finding: archivedFinding(p, now) }));
  const groups = withHeldPlaces(batchByDestination([...planned, ...archives], options.limits ?? BATCH_LIMITS), decisions);

  // 3. Send (or write) the batches, destinations in parallel, batches in order.
  const failed: FailedFinding[] = [];
  const files = dryRun ? await writeDryRunBatches(options.dryRunDir!, groups) : [];
  const destinations = await Promise.all(
    groups.map(async (group): Promise<DestinationSummary> => {
      const place = { account: group.account, region: group.region };
      const tooLarge = group.oversized.map((f) => ({ ...place, id: f.Id ?? '(no id)', code: 'FindingTooLarge', message: 'over 240 KB even after shrinking' }));
      let succeeded = 0;
      const groupFailed: FailedFinding[] = [...tooLarge];
      if (!dryRun) {
        const client = clientFor!(group.region);
        const limiter = bucket(options.importRate ?? IMPORT_RATE);
        for (const batch of group.batches) {
          const outcome = await importBatch(client, place, batch, limiter, pacing);
          succeeded += outcome.succeeded;
          groupFailed.push(...outcome.failed);
        }
      }
      failed.push(...groupFailed);
      const inPlace = (p: Destination) => p.account === group.account && p.region === group.region;
      const held = (reason: SendReason) => decisions.filter((d) => d.reason === reason && inPlace(d.planned)).length;
      return {
        ...place,
        findings: planned.filter(inPlace).length,
        archived: archives.filter(inPlace).length,
        keptFailures: held('earlier-failure-kept'),
        notSelected: held('not-selected'),
        heldErrors: held('earlier-unknown'),
        batches: group.batches.length,
        succeeded,
        failed: groupFailed.length,
        previous: previousSource.get(`${group.account}|${group.region}`) ?? 'none',
      };
    }),
  );
  for (const failure of failed) pacing.logger?.debug(failure, 'Security Hub did not import a finding');
  return {
    dryRun,
    destinations,
    succeeded: destinations.reduce((sum, d) => sum + d.succeeded, 0),
    keptFailures: destinations.reduce((sum, d) => sum + d.keptFailures, 0),
    failed: failed.sort((a, b) => (findingKey(a.account, a.region, a.id) < findingKey(b.account, b.region, b.id) ? -1 : 1)),
    readBackErrors: readBackErrors.sort((a, b) => (a.region < b.region ? -1 : 1)),
    files,
    complete: failed.length === 0 && readBackErrors.length === 0,
  };
}

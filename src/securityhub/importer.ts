/**
 * Sends a report to Security Hub: reads back what earlier runs imported (`GetFindings`), builds
 * this run's findings, decides which are sent (reconcile.ts `decideSends`) and which earlier ones
 * are archived, and imports them with `BatchImportFindings` — through `callAws` like every AWS
 * call (paced by the Security Hub descriptor's rate rules, retried on throttling and transient
 * faults, counted in the call statistics), and with every finding Security
 * Hub refuses reported (the call returns 200 even when some findings fail). A report collected
 * before what a place already holds is refused, or, when allowed, archives nothing there
 * (`newerImports`). A dry run writes
 * the exact batches to files instead and makes no AWS call.
 */
import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  type BatchImportFindingsCommandOutput,
  type AwsSecurityFinding,
  type AwsSecurityFindingFilters,
  type ImportFindingsError,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { callAws, type CallContext } from '../aws/call.js';
import { CallStats } from '../aws/call-stats.js';
import { RateLimits, type Clock, type Sleep } from '../aws/rate-limiter.js';
import { isRegionName } from '../aws/region-name.js';
import { backoffDelayMs, classifyError, DEFAULT_RETRY_POLICY, type ErrorKind, type RetryPolicy } from '../aws/retry.js';
import type { Collected, CollectionError, Inventory } from '../inventory/schema.js';
import type { Report } from '../report/model.js';
import { InputError } from '../errors.js';
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
  type ReadBackPlace,
  type SendDecision,
  type SendReason,
} from './reconcile.js';

/** A Security Hub client for a region; the caller owns the clients' lifetime. */
export type SecurityHubClientFactory = (region: string) => SecurityHubClient;

const GET_FINDINGS_PAGE = 100;

/** What happens to a report collected before the findings already imported where it goes. */
export type OlderReportPolicy = 'refuse' | 'import';

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
  /**
   * A report collected before the newest import in a place (see `newerImports`): `refuse`
   * (default) throws an InputError before anything is sent; `import` sends its findings but
   * archives nothing where it is older.
   */
  olderReport?: OlderReportPolicy;
  now?: () => Date;
  /**
   * The call path's rate limits, retry policy and statistics (a scan's own, so its Security Hub
   * calls are counted with the rest). Otherwise one is made from `retry`, `clock`, `sleep` and
   * `logger`.
   */
  calls?: CallContext;
  retry?: RetryPolicy;
  clock?: Clock;
  /** Waits of the rate limiter's buckets (the retry policy has its own `sleep`). */
  sleep?: Sleep;
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
  /** Results not sent because Security Hub holds the finding from data collected later. */
  newerHeld: number;
  batches: number;
  /** Findings Security Hub accepted (0 in a dry run). */
  succeeded: number;
  failed: number;
  /** Findings Security Hub's answers counted as failed, or not at all, without naming them. */
  unconfirmed: number;
  /**
   * When findings here were collected later than this report (the newest import's collection
   * time): nothing was archived here on this report's say-so.
   */
  newerImport?: string;
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
  /** Findings not confirmed as imported, though no refusal named them (see `importBatch`). */
  unconfirmed: number;
  /** Regions whose earlier findings could not be read: no archiving, `CreatedAt` not kept there. */
  readBackErrors: ReadBackError[];
  /** Dry-run batch files. */
  files: string[];
  /** Nothing failed or went unconfirmed, and every read-back succeeded. */
  complete: boolean;
}

/** The call path of an import that was given none: its own limits and statistics. */
function ownCalls(options: ImportOptions): CallContext {
  return {
    limits: new RateLimits({ ...(options.clock ? { clock: options.clock } : {}), sleep: options.sleep ?? DEFAULT_RETRY_POLICY.sleep }),
    retry: options.retry ?? DEFAULT_RETRY_POLICY,
    stats: new CallStats(),
    ...(options.logger ? { logger: options.logger } : {}),
  };
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

export type ReadBackTarget = ReadBackPlace;

/** Where a read-back stops: a broken or hostile endpoint must not hold the import forever. */
export interface ReadBackLimits {
  /** Empty pages that each carry a new token; a real list ends with a page without one. */
  emptyPagesInARow: number;
  maxPages: number;
  maxFindings: number;
}

/** Findings a place may hold per finding this report could make there, and on top of that. */
const READ_BACK_FACTOR = 10;
const READ_BACK_SLACK = 10_000;

/**
 * The bounds of one place's read-back, from what the report could have produced there (one
 * finding per check × resource of its results, any status). Security Hub keeps a finding until
 * 90 days after its last update, archived or not, so a place also holds findings of resources
 * since deleted and of results now NOT_APPLICABLE: up to 10 times as many, plus 10 000, are
 * read. Pages hold up to 100 findings; twice the pages a full read needs are allowed, as pages
 * may come back part-filled.
 */
export function readBackLimits(possibleFindings: number): ReadBackLimits {
  const maxFindings = READ_BACK_FACTOR * possibleFindings + READ_BACK_SLACK;
  return { emptyPagesInARow: 10, maxFindings, maxPages: 2 * Math.ceil(maxFindings / GET_FINDINGS_PAGE) };
}

/**
 * Every finding apiposture imported in one account and region (ACTIVE and ARCHIVED), all pages.
 * Fails on a page that could not be read, on a token seen before, on too many empty pages in a
 * row, or past the limits: a partial list would read as complete and archive what it missed.
 */
export async function readBackFindings(
  client: SecurityHubClient,
  target: ReadBackTarget,
  calls: CallContext,
  limits: ReadBackLimits = readBackLimits(0),
): Promise<Collected<AwsSecurityFinding[]>> {
  const callTarget = { service: 'securityhub', operation: 'GetFindings', region: target.region, resource: target.productArn } as const;
  const stopped = (code: 'PaginationLoop' | 'PaginationLimit', message: string): { ok: false; error: CollectionError } => ({
    ok: false,
    error: { ...callTarget, code, message },
  });
  const Filters: AwsSecurityFindingFilters = {
    ProductArn: [{ Value: target.productArn, Comparison: 'EQUALS' }],
    AwsAccountId: [{ Value: target.account, Comparison: 'EQUALS' }],
    Id: [{ Value: FINDING_ID_PREFIX, Comparison: 'PREFIX' }],
  };
  const findings: AwsSecurityFinding[] = [];
  const seen = new Set<string>();
  let NextToken: string | undefined;
  let pages = 0;
  let emptyInARow = 0;
  for (;;) {
    const page = await callAws(calls, callTarget, () =>
      client.send(new GetFindingsCommand({ Filters, MaxResults: GET_FINDINGS_PAGE, ...(NextToken ? { NextToken } : {}) })),
    );
    if (!page.ok) return page;
    pages += 1;
    const pageFindings = page.value.Findings ?? [];
    findings.push(...pageFindings);
    NextToken = page.value.NextToken || undefined;
    if (NextToken === undefined) return { ok: true, value: findings };
    if (seen.has(NextToken)) return stopped('PaginationLoop', `GetFindings returned the page token ${NextToken} twice: stopped reading`);
    seen.add(NextToken);
    emptyInARow = pageFindings.length === 0 ? emptyInARow + 1 : 0;
    if (emptyInARow >= limits.emptyPagesInARow) {
      return stopped('PaginationLoop', `GetFindings returned ${emptyInARow} empty pages in a row, each with a new page token: stopped reading`);
    }
    if (pages >= limits.maxPages || findings.length > limits.maxFindings) {
      return stopped(
        'PaginationLimit',
        `GetFindings still had more after ${pages} pages and ${findings.length} findings (at most ${limits.maxPages} pages, ${limits.maxFindings} findings here): stopped reading`,
      );
    }
  }
}

interface SendOutcome {
  succeeded: number;
  failed: FailedFinding[];
  /** Findings neither named as refused nor confirmed by `SuccessCount`. */
  unconfirmed: number;
}

/**
 * How many of the findings sent, and not named in `FailedFindings`, the answer does not confirm:
 * the failures `FailedCount` counts beyond those it names, or those `SuccessCount` leaves out.
 * An answer without counts confirms nothing; one that claims more successes than were sent
 * leaves none unaccounted.
 */
export function unconfirmedCount(
  response: { SuccessCount?: number | undefined; FailedCount?: number | undefined; FailedFindings?: readonly unknown[] | undefined },
  unnamed: number,
): number {
  const clamp = (n: number | undefined) => Math.min(unnamed, Math.max(0, Number.isFinite(n) ? n! : 0));
  const failuresNotNamed = clamp((response.FailedCount ?? 0) - (response.FailedFindings?.length ?? 0));
  const notClaimed = unnamed - clamp(response.SuccessCount);
  return Math.max(failuresNotNamed, notClaimed);
}

/**
 * Imports one batch. Findings refused with a transient reason are sent again (alone) with
 * backoff; the rest are reported. A request that finally fails fails every finding in it. The
 * call answers 200 with counts: findings it does not account for are `unconfirmed`, never
 * counted as imported.
 */
export async function importBatch(
  client: SecurityHubClient,
  place: Destination,
  batch: readonly AwsSecurityFinding[],
  calls: CallContext,
  productArn: string,
): Promise<SendOutcome> {
  let pending = [...batch];
  let succeeded = 0;
  let unconfirmed = 0;
  const failed: FailedFinding[] = [];
  const fail = (finding: { Id?: string | undefined }, code: string, message: string) =>
    failed.push({ ...place, id: finding.Id ?? '(no id)', code, message });
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    const target = { service: 'securityhub', operation: 'BatchImportFindings', region: place.region, resource: productArn } as const;
    const sent = pending;
    const answer = await callAws(calls, target, () => client.send(new BatchImportFindingsCommand({ Findings: sent })));
    if (!answer.ok) {
      for (const finding of pending) fail(finding, answer.error.code, answer.error.message);
      break;
    }
    const response: BatchImportFindingsCommandOutput = answer.value;
    const errors: ImportFindingsError[] = response.FailedFindings ?? [];
    const errorById = new Map(errors.map((e) => [e.Id ?? '', e]));
    const unnamed = pending.filter((f) => !errorById.has(f.Id ?? '')).length;
    const notConfirmed = unconfirmedCount(response, unnamed);
    succeeded += unnamed - notConfirmed;
    unconfirmed += notConfirmed;
    const retry: AwsSecurityFinding[] = [];
    let retryKind: ErrorKind = 'transient';
    for (const finding of pending) {
      const error = errorById.get(finding.Id ?? '');
      if (!error) continue;
      const kind = classifyFailedFinding(error.ErrorCode);
      if (kind !== 'fatal' && attempt < calls.retry.maxAttempts) {
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
      const waitMs = backoffDelayMs(calls.retry, retryKind, attempt);
      calls.logger?.debug({ region: place.region, findings: pending.length, attempt, waitMs: Math.round(waitMs) }, 'retrying refused findings');
      await calls.retry.sleep(waitMs);
    }
  }
  return { succeeded, failed, unconfirmed };
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

/** Findings the report could have produced in each place (`account|region`): check × resource of every result. */
function possibleFindings(report: Report, homeRegion: string | undefined): Map<string, number> {
  const pairs = new Map<string, Set<string>>();
  for (const result of report.results) {
    const region = isRegionName(result.resource.region) ? result.resource.region : homeRegion;
    if (region === undefined) continue;
    const key = `${report.scan.account}|${region}`;
    const set = pairs.get(key) ?? new Set<string>();
    set.add(`${result.checkId}\u0000${result.resource.arn}`);
    pairs.set(key, set);
  }
  return new Map([...pairs].map(([key, set]) => [key, set.size]));
}

/** A later collection than the report's, found where it goes: the newest import there. */
export interface NewerImport extends Destination {
  collectedAt: string;
  source: 'security-hub' | 'previous-report';
}

/**
 * Where the report is older than what was already imported, and the newest collection time
 * there. An import is dated by when its data was collected: every finding it writes has
 * `LastObservedAt` = its report's `scan.collectedAt` (so since the first Security Hub import;
 * an archived finding keeps the one of the import that last produced it), and `--previous-report`
 * is dated by its own `collectedAt`. `UpdatedAt` is not used: it is when the import ran, later
 * than its report was collected, and would refuse a newer report imported late. A finding
 * without a readable `LastObservedAt` dates nothing. The same collection time is not older
 * (the same report again, or the same snapshot re-evaluated).
 */
export function newerImports(
  report: Report,
  places: readonly Destination[],
  previous: readonly PreviousFinding[],
  previousReport: Report | undefined,
): NewerImport[] {
  const reportTime = Date.parse(report.scan.collectedAt);
  const newest = new Map<string, { time: number; source: NewerImport['source'] }>();
  const consider = (key: string, at: string | undefined, source: NewerImport['source']) => {
    const time = at === undefined ? Number.NaN : Date.parse(at);
    if (Number.isNaN(time) || time <= reportTime) return;
    const current = newest.get(key);
    if (!current || time > current.time) newest.set(key, { time, source });
  };
  const fromPreviousReport = previousReport && previousReport.scan.account === report.scan.account ? previousReport.scan.collectedAt : undefined;
  for (const place of places) consider(`${place.account}|${place.region}`, fromPreviousReport, 'previous-report');
  for (const p of previous) consider(`${p.account}|${p.region}`, p.lastObservedAt, p.source);
  return places.flatMap((place) => {
    const found = newest.get(`${place.account}|${place.region}`);
    return found ? [{ ...place, collectedAt: new Date(found.time).toISOString(), source: found.source }] : [];
  });
}

function olderReportError(report: Report, newer: NewerImport): InputError {
  const where =
    newer.source === 'previous-report'
      ? `the findings of --previous-report in ${newer.account} ${newer.region}`
      : `the findings Security Hub holds in ${newer.account} ${newer.region}`;
  return new InputError(
    `the report was collected at ${report.scan.collectedAt}, before ${where} (collected at ${newer.collectedAt}): ` +
      'importing it would put older results over newer ones and archive findings that still exist; ' +
      'pass --allow-older-report to import it anyway (nothing is archived where it is older)',
  );
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
  const calls = options.calls ?? ownCalls(options);
  const productArn = (place: Destination) => productArnFor(report.scan.partition, place.region, place.account, options.productArn);

  // 1. What earlier runs left: read back from Security Hub, else from the previous report.
  const places = readBackPlaces(report, homeRegion);
  const possible = possibleFindings(report, homeRegion);
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
        const target = { ...place, productArn: productArn(place) };
        const stored = await readBackFindings(clientFor!(place.region), target, calls, readBackLimits(possible.get(key) ?? 0));
        if (stored.ok) {
          previous.push(...previousFromSecurityHub(stored.value, target));
          previousSource.set(key, 'security-hub');
          return;
        }
        const failure = { ...place, code: stored.error.code, message: stored.error.message };
        readBackErrors.push(failure);
        calls.logger?.debug(failure, 'could not read earlier findings back from Security Hub');
      }
      const earlier = fromReport.filter((p) => p.account === place.account && p.region === place.region);
      previous.push(...earlier);
      previousSource.set(key, options.previousReport ? 'previous-report' : 'none');
    }),
  );
  const newer = newerImports(report, places, previous, options.previousReport);
  if (newer.length > 0 && (options.olderReport ?? 'refuse') === 'refuse') throw olderReportError(report, newer[0]!);
  const newerByPlace = new Map(newer.map((n) => [`${n.account}|${n.region}`, n.collectedAt]));
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
    collectedAt: report.scan.collectedAt,
  });
  const planned = decisions.filter((d) => d.send).map((d) => d.planned);
  // Every finding this run made counts as produced, sent or not: none of them is archived. Nor
  // is anything where findings were collected later than this report.
  const produced = new Set(built.map((p) => findingKey(p.account, p.region, p.finding.Id!)));
  const archives = findingsToArchive(previous, runScope(report, options.homeRegion), produced)
    .filter((p) => !newerByPlace.has(`${p.account}|${p.region}`))
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
      let unconfirmed = 0;
      const groupFailed: FailedFinding[] = [...tooLarge];
      if (!dryRun) {
        const client = clientFor!(group.region);
        for (const batch of group.batches) {
          const outcome = await importBatch(client, place, batch, calls, productArn(place));
          succeeded += outcome.succeeded;
          unconfirmed += outcome.unconfirmed;
          groupFailed.push(...outcome.failed);
        }
      }
      const newerImport = newerByPlace.get(`${group.account}|${group.region}`);
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
        newerHeld: held('newer-held'),
        batches: group.batches.length,
        succeeded,
        failed: groupFailed.length,
        unconfirmed,
        previous: previousSource.get(`${group.account}|${group.region}`) ?? 'none',
        ...(newerImport ? { newerImport } : {}),
      };
    }),
  );
  for (const failure of failed) calls.logger?.debug(failure, 'Security Hub did not import a finding');
  const unconfirmed = destinations.reduce((sum, d) => sum + d.unconfirmed, 0);
  return {
    dryRun,
    destinations,
    succeeded: destinations.reduce((sum, d) => sum + d.succeeded, 0),
    keptFailures: destinations.reduce((sum, d) => sum + d.keptFailures, 0),
    failed: failed.sort((a, b) => (findingKey(a.account, a.region, a.id) < findingKey(b.account, b.region, b.id) ? -1 : 1)),
    unconfirmed,
    readBackErrors: readBackErrors.sort((a, b) => (a.region < b.region ? -1 : 1)),
    files,
    complete: failed.length === 0 && unconfirmed === 0 && readBackErrors.length === 0,
  };
}

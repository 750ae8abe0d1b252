/**
 * Shared by the fault tests: the ground truth (the demo account), in-process scans against the
 * local AWS look-alike, and the comparison of a faulted report with the fault-free one.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AwsClientSource } from '../../src/aws/clients.js';
import { exitCodeFor, evaluateInventory } from '../../src/scan/evaluate.js';
import { collectInventory } from '../../src/collect/index.js';
import type { Inventory } from '../../src/inventory/schema.js';
import { LocalFolderSink } from '../../src/output/local.js';
import { writeReportFiles } from '../../src/output/reports.js';
import type { Report, ReportResult } from '../../src/report/model.js';
import type { FakeAws } from '../support/fake-aws.js';
import { REPO } from '../e2e/run-cli.js';

export const DEMO_PATH = join(REPO, 'examples/demo-inventory.json');
/** The ground truth the look-alike serves: the demo account (it denies two calls itself). */
export const demo = JSON.parse(readFileSync(DEMO_PATH, 'utf8')) as Inventory;
export const REGIONS = ['eu-west-1', 'us-east-1'];

export const TEST_CREDENTIALS = { accessKeyId: 'AKIAFAULTTESTKEY0001', secretAccessKey: 'fault-test-secret-not-real' };

export function tempDir(prefix = 'apiposture-faults-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface InProcessScan {
  inventory: Inventory;
  report: Report;
  exitCode: number;
  outputDir: string;
  /** The waits the retry policy asked for, in ms (the sleeps themselves are skipped). */
  retryWaits: number[];
}

export interface ScanOptions {
  regions?: string[];
  maxAttempts?: number;
  clients?: AwsClientSource;
}

/**
 * collect → evaluate → write, as `scan` does, but in this process: the client-side rate limits
 * run 100× faster and retry waits are recorded instead of slept.
 */
export async function scanInProcess(fake: FakeAws, options: ScanOptions = {}): Promise<InProcessScan> {
  const retryWaits: number[] = [];
  const { inventory } = await collectInventory({
    now: () => new Date(demo.collectedAt),
    regions: options.regions ?? REGIONS,
    endpointUrl: fake.url,
    credentials: TEST_CREDENTIALS,
    rateScale: 100,
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
    ...(options.clients ? { clients: options.clients } : {}),
    retry: {
      sleep: async (ms) => {
        retryWaits.push(ms);
      },
      random: () => 0.5,
    },
  });
  const report = evaluateInventory(inventory);
  const outputDir = join(tempDir(), 'out');
  await writeReportFiles(new LocalFolderSink(outputDir), report, ['json', 'html']);
  return { inventory, report, exitCode: exitCodeFor(report, 'none'), outputDir, retryWaits };
}

/** Every file under `dir`, relative paths, hidden ones included. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

/** Nothing half-written: only the finished reports, no temporary files. */
export function assertOnlyReports(dir: string, expected = ['report.html', 'report.json']): void {
  const files = filesUnder(dir);
  assert.deepEqual(files.filter((f) => f.endsWith('.tmp') || f.startsWith('.')), [], 'no temporary files left');
  assert.deepEqual(files, expected);
}

const keyOf = (r: ReportResult) => `${r.checkId} ${r.resource.arn}`;
const canonical = (r: ReportResult) => JSON.stringify(r);

function group(results: readonly ReportResult[]): Map<string, string[]> {
  const byKey = new Map<string, string[]>();
  for (const result of results) {
    const list = byKey.get(keyOf(result)) ?? [];
    list.push(canonical(result));
    byKey.set(keyOf(result), list);
  }
  return byKey;
}

/** Does `cover` (an ERROR of the same check) stand for `lost`: the same resource, or one it sits under? */
function covers(cover: ReportResult, lost: ReportResult): boolean {
  if (cover.checkId !== lost.checkId || cover.status !== 'ERROR') return false;
  const arn = cover.resource.arn;
  return (
    arn === lost.resource.arn ||
    lost.resource.arn.startsWith(`${arn}/`) ||
    arn === lost.resource.apiArn ||
    // A shared resource found only through the APIs linked to it (a Lambda function they invoke).
    (lost.resource.linkedApiArns ?? []).includes(arn) ||
    (cover.resource.type === 'account' && cover.resource.region === lost.resource.region)
  );
}

/**
 * Results about shared or region-wide resources: their verdict is about the resource itself,
 * while their evidence (and `linkedApiArns`) lists what relies on it, which a fault elsewhere
 * can shorten: a user pool's trusting APIs, a KMS key's log groups, a region's logging stages,
 * a web ACL's stages.
 */
const AGGREGATE_TYPES = new Set(['account', 'domain', 'user-pool', 'kms-key', 'iam-policy', 'web-acl']);

/**
 * Resources found only through a reference from other data (a trail or log group names a KMS
 * key, an authorizer names a user pool): when that data is lost, they are not known at all,
 * and the checks that read the reference report the gap.
 */
const FOUND_THROUGH: Record<string, readonly string[]> = {
  'kms-key': ['account-cloudtrail', 'access-log-group'],
  'user-pool': ['rest-method-authorization', 'http-route-authorization', 'http-jwt-authorizer', 'websocket-connect-authorization'],
};

export interface FaultExpectations {
  /** Error codes the faults produce (collection gaps must name one of them, or `Skipped`). */
  codes: readonly string[];
  /** Which results the faults may turn into ERROR. */
  affected?: (result: ReportResult) => boolean;
  /**
   * Which FAIL results may keep failing with another, less specific message: the failure holds on
   * what was collected, and the check names what it could not judge in the evidence.
   */
  failsOnPartialData?: (result: ReportResult) => boolean;
}

export interface Comparison {
  /** Results of the faulted run that are ERROR where the fault-free run had data. */
  errors: ReportResult[];
  /**
   * Results that kept their verdict (status and message id) on partial data: failures found in
   * what was collected, and verdicts about a shared resource whose dependents are partly known.
   */
  sameVerdict: ReportResult[];
  /** Results of the fault-free run with no counterpart (covered by an ERROR, or not discoverable). */
  lost: ReportResult[];
  unchanged: number;
}

/**
 * A faulted run against the fault-free one, keyed by check id + resource ARN. Each result is
 * either identical to the fault-free one, or ERROR naming the injected fault, or (partial data)
 * keeps the fault-free verdict where that cannot be a silent pass: a FAIL found in what was
 * collected, or the verdict about a shared resource whose list of dependents got shorter. Every
 * fault-free result that disappeared is covered by an ERROR of the same check for it or for
 * what it sits under (its API, its region), or was only discoverable through lost data.
 */
export function compareWithBaseline(baseline: Report, faulted: Report, expect: FaultExpectations): Comparison {
  const before = group(baseline.results);
  const allowed = new Set([...expect.codes, 'Skipped']);
  const errors: ReportResult[] = [];
  const sameVerdict: ReportResult[] = [];
  let unchanged = 0;
  for (const result of faulted.results) {
    const previous = (before.get(keyOf(result)) ?? []).map((text) => JSON.parse(text) as ReportResult);
    if (previous.some((p) => canonical(p) === canonical(result))) {
      unchanged += 1;
      continue;
    }
    const label = `${result.checkId} on ${result.resource.arn}: ${result.status} ${result.message}`;
    if (result.status !== 'ERROR') {
      const kept = previous.some(
        (p) => p.status === result.status && (p.messageId === result.messageId || (result.status === 'FAIL' && expect.failsOnPartialData?.(result) === true)),
      );
      assert.ok(
        kept && (result.status === 'FAIL' || AGGREGATE_TYPES.has(result.resource.type)),
        `a result changed without being an ERROR: ${label} (was ${previous.map((p) => `${p.status} ${p.message}`).join('; ') || 'absent'})`,
      );
      sameVerdict.push(result);
      continue;
    }
    errors.push(result);
    if (expect.affected) assert.ok(expect.affected(result), `a result the faults should not touch is ERROR: ${label}`);
    assert.equal(result.error?.kind, 'collection-gap', `not a collection gap: ${label}`);
    assert.ok(result.error.kind === 'collection-gap' && allowed.has(result.error.code), `unexpected code: ${label}`);
    assert.match(result.message, /^Not evaluated: \S+ failed \(/, label);
  }
  const after = group(faulted.results);
  const lost = baseline.results.filter((result) => !after.has(keyOf(result)));
  for (const result of lost) {
    const coveredBy = errors.some((cover) => covers(cover, result));
    const referrers = FOUND_THROUGH[result.resource.type] ?? [];
    const undiscoverable = errors.some((e) => referrers.includes(e.checkId));
    assert.ok(
      coveredBy || undiscoverable,
      `${result.checkId} on ${result.resource.arn} (${result.status}) disappeared without an ERROR in its place`,
    );
  }
  assert.ok(errors.length > 0, 'no result became ERROR: were the faults injected?');
  return { errors, sameVerdict, lost, unchanged };
}

/** The report's collection errors: the fault-free run's, plus new ones with the injected codes. */
export function assertCollectionErrors(baseline: Report, faulted: Report, codes: readonly string[]): void {
  assert.equal(faulted.summary.collectionErrors, faulted.collectionErrors.length);
  assert.equal(faulted.scan.complete, false);
  const known = new Set(baseline.collectionErrors.map((e) => JSON.stringify(e)));
  const added = faulted.collectionErrors.filter((e) => !known.has(JSON.stringify(e)));
  assert.ok(added.length > 0, 'the faults are listed as collection errors');
  for (const error of added) {
    assert.ok([...codes, 'Skipped'].includes(error.code), `unexpected collection error ${JSON.stringify(error)}`);
  }
}

/**
 * stderr without Node's process warnings: on Node 20 the AWS SDK warns (9 lines) that its
 * releases after January 2027 need Node 22, whenever a client is created.
 */
export function withoutNodeWarnings(stderr: string): string {
  return stderr.replace(/^\(node:\d+\) Warning:[\s\S]*?^\(Use `node --trace-warnings[^\n]*\n/gm, '');
}

/** The lines of stderr that are not logs: Node's warnings and pino's JSON lines left out. */
export function nonLogLines(stderr: string): string[] {
  return withoutNodeWarnings(stderr)
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('{"level":'));
}

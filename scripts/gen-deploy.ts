/**
 * Writes the least-privilege policies of the deployment templates (deploy/*.template.json) from
 * `buildReadOnlyPolicy`, the generator behind `apiposture iam-policy`, so the deployed roles
 * cannot drift from what the collectors call. Only each template's generated
 * `AWS::IAM::ManagedPolicy` document is written; the rest of the template is hand-written.
 *
 * It also writes the default size of the scheduled scan's Batch job (`JobVcpu`, `JobMemory`)
 * from the figures `npm run bench` measured (`MEASURED`, `jobSize`; deploy/README.md, "Sizing
 * the job").
 *
 * In the template the policy is the generator's output with CloudFormation placeholders:
 * resources and condition values holding `${…}` become `Fn::Sub` strings, and the statements only present when
 * Security Hub is on are wrapped in `Fn::If` on the template's condition.
 *
 *   node --import tsx scripts/gen-deploy.ts            rewrite the templates' policies
 *   node --import tsx scripts/gen-deploy.ts --check    fail when a committed policy is stale
 *   … --root <dir>                                     work on <dir>/deploy/ instead (tests)
 */
import { isDeepStrictEqual } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildReadOnlyPolicy, type PolicyOptions, type PolicyStatement } from '../src/collect/iam-policy.js';

const ROOT = new URL('..', import.meta.url).pathname;

export interface GeneratedPolicySpec {
  /** The template, relative to the repository root. */
  template: string;
  /** Logical id of the template's `AWS::IAM::ManagedPolicy`. */
  resource: string;
  /** The template condition under which the Security Hub statements apply. */
  securityHubCondition: string;
  /** The generator's options, with CloudFormation `${…}` placeholders. */
  options(securityHub: boolean): PolicyOptions;
  /** Whether the template's `JobVcpu` / `JobMemory` defaults are written from `jobSize()`. */
  sizesJob?: boolean;
}

// ── The job's size ──────────────────────────────────────────────────────────────────────

/**
 * What `npm run bench` measured, the figures the job is sized from. Update them from a new run
 * (`.bench/results.json`) and regenerate (`npm run gen`). Memory is in MiB, as the bench
 * measures it (its `…MB` keys hold MiB: bench/table.ts).
 */
export const MEASURED = {
  source: 'npm run bench -- --cli-shape large, 2026-12-07 01:24 (2 vCPUs, Node 24, the container\'s): http-heavy-17 and the CLI scan of large without a memory limit',
  /** Peak RSS of a whole `scan` (collect, evaluate, reports) of the large account (1,200 APIs), MiB. */
  scanLargePeakRssMiB: 522,
  /** Of which the collection alone, MiB. */
  collectLargePeakRssMiB: 413,
  /** Peak RSS of the collection of a 17-region account (http-heavy-17: 1,870 APIs), MiB. */
  collect17RegionsPeakRssMiB: 557,
  /** The collector's CPU time (all threads) per call attempt, ms, over that scan. */
  cpuMsPerCall: 1.1,
  /** Calls of that scan, all services (the table's calls; retries add a few per cent). */
  calls17Regions: 18_667,
  /** Its fewest-calls bound at AWS's own rates, s: the regions run side by side. */
  bound17RegionsSeconds: 43.1,
} as const;

/** Fargate's task sizes: vCPU → the memory it allows, MiB ("Task CPU and memory", Amazon ECS on Fargate). */
export const FARGATE_SIZES: readonly { vcpu: string; minMiB: number; maxMiB: number; stepMiB: number }[] = [
  { vcpu: '0.25', minMiB: 512, maxMiB: 2048, stepMiB: 512 },
  { vcpu: '0.5', minMiB: 1024, maxMiB: 4096, stepMiB: 1024 },
  { vcpu: '1', minMiB: 2048, maxMiB: 8192, stepMiB: 1024 },
  { vcpu: '2', minMiB: 4096, maxMiB: 16384, stepMiB: 1024 },
  { vcpu: '4', minMiB: 8192, maxMiB: 30720, stepMiB: 1024 },
];

/** Room above the measured figures: other accounts are larger, and a scan must not swap or lag. */
export const HEADROOM = 1.5;

/**
 * A scan is one Node process: its JavaScript runs on one thread, so vCPUs beyond one serve only
 * the garbage collector's helpers. CPU needs above it make the scan slower, not the job bigger.
 */
export const MAX_USEFUL_VCPU = 1;

export interface JobSize {
  vcpu: string;
  memoryMiB: number;
  /** vCPUs a 17-region scan keeps busy at the fewest-calls bound, headroom included (before the cap). */
  neededVcpu: number;
  /** The estimated peak of a whole 17-region scan, headroom included, MiB. */
  neededMiB: number;
}

/**
 * The smallest Fargate size with the CPU a 17-region scan needs to keep pace with the rate
 * limits (CPU per call × calls, over the time the buckets impose; at most `MAX_USEFUL_VCPU`) and
 * the memory its whole scan peaks at: the 17-region collection plus what evaluating and
 * reporting added to the large account's (its whole-scan peak less its collection's); both × `HEADROOM`.
 */
export function jobSize(measured: typeof MEASURED = MEASURED): JobSize {
  const cpuSeconds = (measured.cpuMsPerCall * measured.calls17Regions) / 1000;
  const neededVcpu = measured.bound17RegionsSeconds > 0 ? (cpuSeconds / measured.bound17RegionsSeconds) * HEADROOM : 0;
  const scanPeakMiB = Math.max(measured.scanLargePeakRssMiB, measured.collect17RegionsPeakRssMiB + measured.scanLargePeakRssMiB - measured.collectLargePeakRssMiB);
  const neededMiB = scanPeakMiB * HEADROOM;
  const vcpu = Math.min(neededVcpu, MAX_USEFUL_VCPU);
  for (const size of FARGATE_SIZES) {
    if (Number(size.vcpu) < vcpu || size.maxMiB < neededMiB) continue;
    const memoryMiB = Math.max(size.minMiB, Math.ceil(neededMiB / size.stepMiB) * size.stepMiB);
    return { vcpu: size.vcpu, memoryMiB, neededVcpu, neededMiB };
  }
  throw new Error(`no Fargate size has ${vcpu.toFixed(2)} vCPU and ${Math.round(neededMiB)} MiB`);
}

export const GENERATED_POLICIES: readonly GeneratedPolicySpec[] = [
  {
    // The Batch task role of the scheduled scans: reads (when the account itself is scanned),
    // assuming the member-account role, and writing reports under the bucket's prefix.
    template: 'deploy/apiposture-scheduled.template.json',
    resource: 'ScanPolicy',
    securityHubCondition: 'SecurityHubEnabled',
    options: (securityHub) => ({
      partition: '${AWS::Partition}',
      securityHub,
      s3Output: { bucket: '${ReportsBucket}', prefix: '${ReportsPrefix}' },
      assumeRoleArn: 'arn:${AWS::Partition}:iam::*:role/${MemberRoleName}',
    }),
    sizesJob: true,
  },
  {
    // The role apiposture assumes in each member account: reads of that account only.
    template: 'deploy/apiposture-member-role.template.json',
    resource: 'ReadOnlyPolicy',
    securityHubCondition: 'SecurityHubEnabled',
    options: (securityHub) => ({ partition: '${AWS::Partition}', account: '${AWS::AccountId}', securityHub }),
  },
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function sub(value: string): Json {
  return value.includes('${') ? { 'Fn::Sub': value } : value;
}

function cfnStatement(statement: PolicyStatement): Json {
  const { Condition: condition, ...rest } = statement;
  return {
    ...rest,
    Action: [...statement.Action],
    Resource: statement.Resource.map(sub),
    ...(condition
      ? {
          Condition: Object.fromEntries(
            Object.entries(condition).map(([operator, keys]) => [
              operator,
              Object.fromEntries(Object.entries(keys).map(([key, values]) => [key, values.map(sub)])),
            ]),
          ),
        }
      : {}),
  };
}

/** The policy document as the template holds it. */
export function cfnPolicyDocument(spec: GeneratedPolicySpec): Json {
  const withHub = buildReadOnlyPolicy(spec.options(true));
  const withoutHub = buildReadOnlyPolicy(spec.options(false));
  // The statements without Security Hub must be those with it, in the same order, minus some:
  // then one list with conditional statements stands for both.
  const bySid = new Map(withHub.Statement.map((s, i) => [s.Sid, { s, i }]));
  let last = -1;
  for (const statement of withoutHub.Statement) {
    const match = bySid.get(statement.Sid);
    if (!match || match.i <= last || !isDeepStrictEqual(match.s, statement)) {
      throw new Error(`${spec.template}: statement ${statement.Sid} differs with and without Security Hub; the template cannot express it`);
    }
    last = match.i;
  }
  const always = new Set(withoutHub.Statement.map((s) => s.Sid));
  return {
    Version: withHub.Version,
    Statement: withHub.Statement.map((s) =>
      always.has(s.Sid) ? cfnStatement(s) : { 'Fn::If': [spec.securityHubCondition, cfnStatement(s), { Ref: 'AWS::NoValue' }] },
    ),
  };
}

/** The template's text with its generated policy written in (canonical JSON, two-space indent). */
export function renderTemplate(text: string, spec: GeneratedPolicySpec): string {
  const template = JSON.parse(text) as {
    Parameters?: Record<string, { Default?: Json }>;
    Resources?: Record<string, { Type?: string; Properties?: Record<string, Json> }>;
  };
  const resource = template.Resources?.[spec.resource];
  if (resource?.Type !== 'AWS::IAM::ManagedPolicy' || !resource.Properties) {
    throw new Error(`${spec.template}: no AWS::IAM::ManagedPolicy resource '${spec.resource}' with Properties`);
  }
  resource.Properties.PolicyDocument = cfnPolicyDocument(spec);
  if (spec.sizesJob) {
    const { JobVcpu: vcpu, JobMemory: memory } = template.Parameters ?? {};
    if (!vcpu || !memory) throw new Error(`${spec.template}: no JobVcpu / JobMemory parameters to size`);
    const size = jobSize();
    vcpu.Default = size.vcpu;
    memory.Default = String(size.memoryMiB);
  }
  return JSON.stringify(template, null, 2) + '\n';
}

/** Regenerates every template under `root`; returns the stale ones (written unless `check`). */
export function generate(root: string, check: boolean): string[] {
  const stale: string[] = [];
  for (const spec of GENERATED_POLICIES) {
    const path = join(root, spec.template);
    const current = readFileSync(path, 'utf8');
    const expected = renderTemplate(current, spec);
    if (current === expected) continue;
    stale.push(spec.template);
    if (!check) writeFileSync(path, expected);
  }
  return stale;
}

function main(argv: string[]): void {
  const rootAt = argv.indexOf('--root');
  const root = rootAt >= 0 ? argv[rootAt + 1] : ROOT;
  if (!root) {
    console.error('--root needs a directory');
    process.exit(2);
  }
  const check = argv.includes('--check');
  const stale = generate(root, check);
  if (check && stale.length > 0) {
    console.error(`out of date: ${stale.join(', ')}; run \`node --import tsx scripts/gen-deploy.ts\``);
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));

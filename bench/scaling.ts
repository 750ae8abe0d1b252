/**
 * Does any check grow faster than the account? Builds snapshots of shapes the scan benchmark
 * never produces — per-method overrides on every stage, one API with thousands of methods,
 * thousands of alarms and log groups, many authorizers and request validators — at n, 2n and
 * 4n, runs every check on each (as `evaluateInventory` does: one view, the checks in order) and
 * prints each check's CPU time (`process.cpuUsage`) and its growth from one size to the next.
 * A linear check doubles; one growing more than ×2.6 per doubling from n to 4n (when the largest
 * run takes long enough to be more than noise) is flagged as super-linear. Not a test: it times things. With `--expose-gc` a full
 * collection runs before each check, so one check's garbage is not charged to the next.
 *
 *   node --expose-gc --import tsx bench/scaling.ts       # every shape at n, 2n, 4n
 *   node --import tsx bench/scaling.ts --quick           # n and 2n, smaller n
 *   node --import tsx bench/scaling.ts --shapes one-api-methods --json out.json
 *   node --import tsx bench/scaling.ts --shapes alarms-log-groups --checks api-monitoring-alarms --n 4000 --steps 2
 *
 * `measureScaling()` returns the rows as JSON for `npm run bench`.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { allChecks } from '../checks/index.js';
import { deploymentsOfDraft } from '../src/analysis/deployed.js';
import { lambdaFunctionLinks } from '../src/analysis/lambda.js';
import { runCheck } from '../src/engine/runner.js';
import type { AnyCheck } from '../src/engine/define.js';
import { InventoryView } from '../src/inventory/view.js';
import type {
  Authorizer,
  Collected,
  Inventory,
  LogGroup,
  MethodSetting,
  MetricAlarm,
  RegionInventory,
  RequestValidator,
  RestApi,
  Stage,
} from '../src/inventory/schema.js';
import { ACCOUNT, SHAPES, generateAccount, type ShapeSpec } from './generate.js';

/** Growth from n to 2n above which a check is flagged (linear is 2; n log n at these sizes about 2.2). */
export const SUPER_LINEAR_RATIO = 2.6;
/** Below this much CPU at the largest size, growth is noise and not flagged. */
export const MIN_FLAGGED_MS = 100;

export interface ScalingShape {
  name: string;
  /** What n counts. */
  unit: string;
  /** n for the first size. */
  base: number;
  /** A smaller n for `--quick`. */
  quickBase: number;
  build(n: number): Inventory;
}

export interface ScalingRow {
  shape: string;
  check: string;
  unit: string;
  sizes: number[];
  /** CPU milliseconds of the check at each size. */
  cpuMs: number[];
  /** cpuMs[i + 1] / cpuMs[i]. */
  ratios: number[];
  /**
   * Growth from the first size to the last above SUPER_LINEAR_RATIO per doubling (×6.8 over
   * n → 4n, where linear is ×4 and quadratic ×16), the last run above MIN_FLAGGED_MS. One
   * doubling alone is too noisy to judge on a busy machine: garbage collection lands in
   * whichever check runs.
   */
  superLinear: boolean;
}

const ok = <T>(value: T): Collected<T> => ({ ok: true, value });
const REGION = 'eu-west-1';

/** A one-region account of REST APIs only, from the benchmark generator. */
function restAccount(name: string, restApis: number, resourcesPerApi: number, stagesPerApi: number): Inventory {
  const spec: ShapeSpec = {
    ...SHAPES.small,
    name,
    regions: [REGION],
    restApis,
    httpApis: 0,
    resourcesPerApi,
    methodsPerResource: 3,
    stagesPerApi,
    routesPerHttpApi: 0,
    hugeApiResources: [],
    domains: 2,
  };
  return generateAccount(spec);
}

function regionOf(inventory: Inventory): RegionInventory {
  return inventory.regions[0]!;
}

function restApisOf(inventory: Inventory): RestApi[] {
  const apis = regionOf(inventory).apigateway.restApis;
  return apis.ok ? apis.value : [];
}

function stagesOf(api: RestApi): Stage[] {
  return api.stages.ok ? api.stages.value : [];
}

/** `/orders/{id}` → `~1orders~1{id}`, as AWS writes a methodSettings key. */
function settingsKey(path: string, verb: string): string {
  return `${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${verb}`;
}

/**
 * An override per method on every stage (as Terraform's `aws_api_gateway_method_settings` per
 * method writes them), with a throttle, a log level and cache settings, and a cache cluster on
 * every other stage so the cache checks resolve them too.
 */
function overrideEveryMethod(api: RestApi): void {
  const resources = api.resources.ok ? api.resources.value : [];
  stagesOf(api).forEach((stage, i) => {
    const settings: Record<string, MethodSetting> = { ...stage.methodSettings };
    resources.forEach((resource, r) => {
      for (const verb of Object.keys(resource.resourceMethods ?? {})) {
        settings[settingsKey(resource.path, verb)] = {
          throttlingRateLimit: 5 + (r % 7),
          throttlingBurstLimit: 10,
          loggingLevel: r % 3 === 0 ? 'OFF' : 'ERROR',
          dataTraceEnabled: r % 5 === 0,
          cachingEnabled: verb === 'GET',
          cacheTtlInSeconds: 60,
          cacheDataEncrypted: r % 2 === 0,
          requireAuthorizationForCacheControl: true,
        };
      }
    });
    stage.methodSettings = settings;
    if (i % 2 === 0) stage.cacheClusterEnabled = true;
  });
}

/** Usage plans throttle every method of the stages they cover, one key per method. */
function throttlePlansPerMethod(inventory: Inventory): void {
  const region = regionOf(inventory);
  const plans = region.apigateway.usagePlans;
  if (!plans.ok) return;
  const apis = new Map(restApisOf(inventory).map((api) => [api.id, api]));
  for (const plan of plans.value) {
    for (const apiStage of plan.apiStages ?? []) {
      const api = apis.get(apiStage.apiId ?? '');
      const resources = api?.resources.ok ? api.resources.value : [];
      apiStage.throttle = Object.fromEntries(
        resources.flatMap((resource) =>
          Object.keys(resource.resourceMethods ?? {}).map((verb) => [`${resource.path}/${verb}`, { rateLimit: 20, burstLimit: 40 }]),
        ),
      );
    }
  }
}

/** Per-method overrides on every stage of n APIs (20 resources × 3 methods, 3 stages). */
function methodOverridesShape(n: number): Inventory {
  const inventory = restAccount('scaling-overrides', n, 20, 3);
  restApisOf(inventory).forEach(overrideEveryMethod);
  throttlePlansPerMethod(inventory);
  return inventory;
}

/** One API with n methods (n / 3 resources × 3 methods), 3 stages, an override per method. */
function oneApiShape(n: number): Inventory {
  const inventory = restAccount('scaling-one-api', 1, Math.ceil(n / 3), 3);
  restApisOf(inventory).forEach(overrideEveryMethod);
  throttlePlansPerMethod(inventory);
  return inventory;
}

function metricAlarm(name: string, metricName: string, dimensions: { Name: string; Value: string }[]): MetricAlarm {
  return {
    AlarmName: name,
    AlarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${name}`,
    Namespace: 'AWS/ApiGateway',
    MetricName: metricName,
    Dimensions: dimensions,
    ActionsEnabled: true,
    AlarmActions: [`arn:aws:sns:${REGION}:${ACCOUNT}:oncall`],
    StateValue: 'OK',
  } as MetricAlarm;
}

/**
 * n alarms and n log groups: n / 2 APIs with 2 stages each, every stage logging access and
 * execution logs to groups of its own, and one alarm per stage (half on the stage, half on the
 * API), plus as many alarms on other metrics.
 */
function alarmsShape(n: number): Inventory {
  const inventory = restAccount('scaling-alarms', Math.ceil(n / 2), 4, 2);
  const region = regionOf(inventory);
  const logGroups: Record<string, Collected<LogGroup>> = { ...region.logGroups };
  const alarms: MetricAlarm[] = [];
  for (const api of restApisOf(inventory)) {
    for (const stage of stagesOf(api)) {
      const access = `/aws/apigateway/${api.id}/${stage.stageName}`;
      const execution = `API-Gateway-Execution-Logs_${api.id}/${stage.stageName}`;
      stage.accessLogSettings = { destinationArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${access}`, format: '$context.requestId $context.status' };
      stage.methodSettings = { ...stage.methodSettings, '*/*': { ...stage.methodSettings?.['*/*'], loggingLevel: 'ERROR' } };
      for (const name of [access, execution]) {
        logGroups[name] = ok({ logGroupName: name, exists: true, arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}:*`, retentionInDays: 365 });
      }
      const apiName = api.name ?? api.id;
      const scope = alarms.length % 2 === 0 ? [{ Name: 'Stage', Value: stage.stageName }] : [];
      alarms.push(metricAlarm(`${apiName}-${stage.stageName}-5xx`, '5XXError', [{ Name: 'ApiName', Value: apiName }, ...scope]));
      alarms.push(metricAlarm(`${apiName}-${stage.stageName}-count`, 'Count', [{ Name: 'ApiName', Value: apiName }, ...scope]));
    }
  }
  region.logGroups = logGroups;
  region.alarms = ok(alarms);
  return inventory;
}

/**
 * One API with n Lambda authorizers and n request validators, 3n methods, each naming one of
 * each; the authorizer functions are in the snapshot.
 */
function authorizersShape(n: number): Inventory {
  const inventory = restAccount('scaling-authorizers', 1, n, 2);
  const api = restApisOf(inventory)[0]!;
  const authorizers: Authorizer[] = Array.from({ length: n }, (_, i) => ({
    id: `auth${i}`,
    name: `authorizer-${i}`,
    type: 'REQUEST',
    authType: 'custom',
    authorizerUri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:${ACCOUNT}:function:authorizer-${i}/invocations`,
    identitySource: 'method.request.header.Authorization',
    authorizerResultTtlInSeconds: 300,
  }));
  const validators: RequestValidator[] = Array.from({ length: n }, (_, i) => ({
    id: `val${i}`,
    name: `validator-${i}`,
    validateRequestBody: i % 2 === 0,
    validateRequestParameters: true,
  }));
  const resources = api.resources.ok ? api.resources.value : [];
  resources.forEach((resource, r) => {
    for (const method of Object.values(resource.resourceMethods ?? {})) {
      if (method.httpMethod === 'OPTIONS') continue;
      method.authorizationType = 'CUSTOM';
      method.authorizerId = authorizers[r % n]!.id;
      method.requestValidatorId = validators[r % n]!.id;
    }
  });
  api.authorizers = ok(authorizers);
  api.requestValidators = ok(validators);
  api.deployments = deploymentsOfDraft(api);
  const functions = [...lambdaFunctionLinks(inventory).uses.keys()].sort();
  inventory.shared.lambdaFunctions = Object.fromEntries(
    functions.map((arn) => [
      arn,
      ok({ FunctionName: arn.split(':')[6], FunctionArn: arn, Runtime: 'nodejs22.x', PackageType: 'Zip', policy: ok(null), url: ok(null) }),
    ]),
  );
  return inventory;
}

export const SCALING_SHAPES: readonly ScalingShape[] = [
  { name: 'method-overrides', unit: 'REST APIs (60 methods, 3 stages, an override per method)', base: 150, quickBase: 60, build: methodOverridesShape },
  { name: 'one-api-methods', unit: 'methods of one API (3 stages, an override per method)', base: 2250, quickBase: 900, build: oneApiShape },
  { name: 'alarms-log-groups', unit: 'stages (each an alarm pair and 2 log groups)', base: 1000, quickBase: 400, build: alarmsShape },
  { name: 'authorizers-validators', unit: 'authorizers and validators of one API', base: 500, quickBase: 200, build: authorizersShape },
];

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Every check on one snapshot, as `evaluateInventory` runs them: one view, in order. CPU ms per check. */
export function timeChecks(inventory: Inventory, checks: readonly AnyCheck[] = allChecks): Map<string, number> {
  const view = new InventoryView(inventory);
  const times = new Map<string, number>();
  const gc = (globalThis as { gc?: () => void }).gc;
  for (const check of checks) {
    // With --expose-gc, the garbage of the previous check is not charged to this one.
    gc?.();
    const started = cpuMs();
    runCheck(check, view);
    times.set(check.id, cpuMs() - started);
  }
  return times;
}

export interface ScalingOptions {
  /** Shape names; default every one. */
  shapes?: readonly string[];
  /** n, 2n (and 4n with 3). Default 3. */
  steps?: number;
  /** Use each shape's smaller n. */
  quick?: boolean;
  /** n for the first size, instead of the shape's. */
  base?: number;
  /** Check ids; default every check. */
  checks?: readonly string[];
  /** Called after each size, for progress. */
  onSize?: (shape: string, n: number, totalCpuMs: number) => void;
}

export function measureScaling(options: ScalingOptions = {}): ScalingRow[] {
  const steps = options.steps ?? 3;
  const chosen = SCALING_SHAPES.filter((s) => !options.shapes || options.shapes.includes(s.name));
  const unknown = (options.shapes ?? []).filter((name) => !SCALING_SHAPES.some((s) => s.name === name));
  if (unknown.length) throw new Error(`unknown scaling shape(s): ${unknown.join(', ')}`);
  // Warm the JIT on a small snapshot so the first size is not charged for compiling.
  timeChecks(methodOverridesShape(5));
  const checks = allChecks.filter((c) => !options.checks || options.checks.includes(c.id));
  const rows: ScalingRow[] = [];
  for (const shape of chosen) {
    const base = options.base ?? (options.quick ? shape.quickBase : shape.base);
    const sizes = Array.from({ length: steps }, (_, i) => base * 2 ** i);
    const perSize = sizes.map((n) => {
      const times = timeChecks(shape.build(n), checks);
      options.onSize?.(shape.name, n, [...times.values()].reduce((a, b) => a + b, 0));
      return times;
    });
    for (const check of checks) {
      const cpu = perSize.map((times) => times.get(check.id) ?? 0);
      const ratios = cpu.slice(1).map((ms, i) => ms / Math.max(cpu[i]!, 0.001));
      const overall = cpu.at(-1)! / Math.max(cpu[0]!, 0.001);
      const superLinear = overall > SUPER_LINEAR_RATIO ** (sizes.length - 1) && cpu.at(-1)! >= MIN_FLAGGED_MS;
      rows.push({ shape: shape.name, check: check.id, unit: shape.unit, sizes, cpuMs: cpu.map((ms) => Math.round(ms)), ratios: ratios.map((r) => Math.round(r * 100) / 100), superLinear });
    }
  }
  return rows;
}

/** The slowest checks of each shape at its largest size, and every flagged one. */
export function scalingTable(rows: readonly ScalingRow[], top = 8): string {
  const lines: string[] = [];
  for (const shape of [...new Set(rows.map((r) => r.shape))]) {
    const ofShape = rows.filter((r) => r.shape === shape);
    const first = ofShape[0]!;
    const total = first.sizes.map((_, i) => ofShape.reduce((sum, r) => sum + r.cpuMs[i]!, 0));
    const totalRatios = total.slice(1).map((ms, i) => (ms / Math.max(total[i]!, 1)).toFixed(2));
    lines.push(`${shape}: n = ${first.sizes.join(', ')} ${first.unit}`);
    lines.push(`  all checks: ${total.map((ms) => `${ms} ms`).join(' → ')}  (×${totalRatios.join(', ×')})`);
    const slowest = [...ofShape].sort((a, b) => b.cpuMs.at(-1)! - a.cpuMs.at(-1)!);
    const shown = [...new Set([...slowest.slice(0, top), ...ofShape.filter((r) => r.superLinear)])];
    for (const row of shown) {
      const flag = row.superLinear ? '  SUPER-LINEAR' : '';
      lines.push(`  ${row.check.padEnd(38)} ${row.cpuMs.map((ms) => `${ms}`.padStart(7)).join(' ')} ms   ×${row.ratios.join(', ×')}${flag}`);
    }
  }
  return lines.join('\n');
}

function main(argv: readonly string[]): void {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const shapes = value('--shapes')?.split(',');
  const json = value('--json');
  const checks = value('--checks')?.split(',');
  const base = value('--n');
  const rows = measureScaling({
    quick,
    steps: Number(value('--steps') ?? (quick ? 2 : 3)),
    ...(shapes ? { shapes } : {}),
    ...(checks ? { checks } : {}),
    ...(base ? { base: Number(base) } : {}),
    onSize: (shape, n, ms) => process.stderr.write(`${shape} n=${n}: ${Math.round(ms)} ms CPU\n`),
  });
  console.log(scalingTable(rows));
  const flagged = rows.filter((r) => r.superLinear);
  console.log(flagged.length ? `\nSuper-linear (×>${SUPER_LINEAR_RATIO} per doubling): ${flagged.map((r) => `${r.shape}/${r.check}`).join(', ')}` : '\nNo check grew faster than ×' + SUPER_LINEAR_RATIO);
  if (json) writeFileSync(json, `${JSON.stringify(rows, null, 2)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));

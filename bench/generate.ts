/**
 * Synthetic AWS accounts for the benchmark: deterministic (a seeded PRNG), self-consistent
 * inventories that the AWS look-alike serves as ground truth. Everything an API links to is
 * there too (web ACLs, certificates, user pools, log groups, KMS keys, a trail, alarms, IAM
 * policies), so a scan of the served account must return exactly the generated inventory.
 */
import { deploymentsOfDraft, stageExportsOfDraft } from '../src/analysis/deployed.js';
import { lambdaFunctionLinks } from '../src/analysis/lambda.js';
import {
  INVENTORY_SCHEMA_VERSION,
  type ApiKey,
  type Authorizer,
  type Certificate,
  type ClientCertificate,
  type Collected,
  type DomainName,
  type HostedZone,
  type IamPolicy,
  type Inventory,
  type LambdaFunction,
  type KmsKey,
  type LogGroup,
  type Method,
  type RegionInventory,
  type RequestValidator,
  type Resource,
  type ResourceWebAcl,
  type RestApi,
  type Stage,
  type UsagePlan,
  type UserPool,
  type V2Api,
  type V2Authorizer,
  type V2DomainName,
  type V2Integration,
  type V2Route,
  type V2Stage,
  type WebAcl,
  type WebAclLogging,
} from '../src/inventory/schema.js';
import { restApiArn, v2ApiArn } from '../src/inventory/view.js';
import { ACCOUNT, alarm, iamPolicy, kmsKey, trail, userPool, userPoolClient } from '../test/fixtures/builders.js';

export { ACCOUNT };

export interface ShapeSpec {
  name: string;
  /** Each region gets the counts below. */
  regions: string[];
  restApis: number;
  httpApis: number;
  /** Resources per ordinary REST API, the root included. */
  resourcesPerApi: number;
  methodsPerResource: number;
  stagesPerApi: number;
  routesPerHttpApi: number;
  /** Resource counts of extra-large REST APIs (per region, among `restApis`): > 500 forces paging. */
  hugeApiResources: number[];
  /** Custom domains per region. */
  domains: number;
  /** The `--scale` used when none is given. */
  defaultScale: number;
}

export const BENCH_REGION = 'eu-west-1';

/** Each API of the mixed shapes: as in the medium account. */
const SHAPE_OF_APIS = { resourcesPerApi: 20, methodsPerResource: 3, stagesPerApi: 3, routesPerHttpApi: 10 } as const;

/**
 * Seventeen regions, each with its own API Gateway buckets (quotas are per account and per
 * region): the regions enabled by default in a commercial account.
 */
export const SEVENTEEN_REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1',
  'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2',
] as const;

/** The mixes of API kinds, in one region and spread over seventeen. */
export type MixShapeName = 'rest-heavy' | 'rest-heavy-17' | 'mixed' | 'mixed-17' | 'http-heavy' | 'http-heavy-17';
export type ShapeName = 'tiny' | 'small' | 'medium' | 'large' | MixShapeName;

export const SHAPES: Record<ShapeName, ShapeSpec> = {
  /** For the smoke test only. */
  tiny: {
    name: 'tiny',
    regions: [BENCH_REGION],
    restApis: 4,
    httpApis: 2,
    resourcesPerApi: 4,
    methodsPerResource: 2,
    stagesPerApi: 2,
    routesPerHttpApi: 3,
    hugeApiResources: [],
    domains: 2,
    defaultScale: 100,
  },
  small: {
    name: 'small',
    regions: [BENCH_REGION],
    restApis: 20,
    httpApis: 5,
    resourcesPerApi: 10,
    methodsPerResource: 3,
    stagesPerApi: 2,
    routesPerHttpApi: 8,
    hugeApiResources: [],
    domains: 3,
    defaultScale: 1,
  },
  medium: {
    name: 'medium',
    regions: [BENCH_REGION],
    restApis: 200,
    httpApis: 50,
    resourcesPerApi: 20,
    methodsPerResource: 3,
    stagesPerApi: 3,
    routesPerHttpApi: 10,
    hugeApiResources: [],
    domains: 10,
    defaultScale: 1,
  },
  large: {
    name: 'large',
    regions: [BENCH_REGION],
    restApis: 1000,
    httpApis: 200,
    resourcesPerApi: 20,
    methodsPerResource: 3,
    stagesPerApi: 3,
    routesPerHttpApi: 10,
    hugeApiResources: [620, 1150, 2600],
    domains: 30,
    defaultScale: 10,
  },
  ...mixShapes(),
};

/**
 * REST-heavy (1,000 REST + 100 HTTP), 1:1 (500 + 500) and HTTP-heavy (100 + 1,000) accounts,
 * APIs shaped like the medium account's. In one region (rates × 10, as for `large`), and the
 * same account spread over seventeen regions: a tenth of each count per region (1.7× the
 * APIs), at AWS's own pace (scale 1), where the regions run side by side and the scanner's CPU
 * matters. Two REST APIs of the one-region shapes have over 500 resources (paged `GetResources`).
 */
function mixShapes(): Record<MixShapeName, ShapeSpec> {
  const mixes = { 'rest-heavy': [1000, 100], mixed: [500, 500], 'http-heavy': [100, 1000] } as const;
  const shapes = {} as Record<MixShapeName, ShapeSpec>;
  for (const [name, [restApis, httpApis]] of Object.entries(mixes) as [keyof typeof mixes, readonly [number, number]][]) {
    const base = { ...SHAPE_OF_APIS, name, restApis, httpApis };
    shapes[name] = { ...base, regions: [BENCH_REGION], hugeApiResources: restApis >= 500 ? [620, 1150] : [], domains: 20, defaultScale: 10 };
    shapes[`${name}-17`] = {
      ...base,
      name: `${name}-17`,
      regions: [...SEVENTEEN_REGIONS],
      restApis: restApis / 10,
      httpApis: httpApis / 10,
      hugeApiResources: [],
      domains: 2,
      defaultScale: 1,
    };
  }
  return shapes;
}

/**
 * The offline evaluation benchmark: 10,000 APIs (8,000 REST + 2,000 HTTP) over four regions,
 * each API shaped like the medium account's (20 resources × 3 methods, 3 stages; 10 routes).
 */
export const SNAPSHOT_10K: ShapeSpec = {
  ...SHAPES.medium,
  name: 'snapshot-10k',
  regions: ['eu-west-1', 'us-east-1', 'eu-central-1', 'ap-southeast-2'],
  restApis: 2000,
  httpApis: 500,
  hugeApiResources: [620, 1150],
  domains: 30,
};

/** The same 10,000 APIs, smaller each: 8 resources × 2 methods, 2 stages; 5 routes. */
export const SNAPSHOT_10K_LIGHT: ShapeSpec = {
  ...SNAPSHOT_10K,
  name: 'snapshot-10k-light',
  resourcesPerApi: 8,
  methodsPerResource: 2,
  stagesPerApi: 2,
  routesPerHttpApi: 5,
  hugeApiResources: [],
};

export const SNAPSHOTS = { heavy: SNAPSHOT_10K, light: SNAPSHOT_10K_LIGHT } as const;

/**
 * The heavy account served by the look-alike for the built CLI's whole scan, at rates × 20: each
 * region's buckets scaled alike, about 80 s for its four regions. `--cli-shape heavy`.
 */
export const HEAVY_SCAN: ShapeSpec = { ...SNAPSHOT_10K, defaultScale: 20 };

/** A shape the look-alike can serve, by the name the bench gives it: the scan shapes and `heavy`. */
export function servedShape(name: string): ShapeSpec | undefined {
  if (name === 'heavy') return HEAVY_SCAN;
  return Object.hasOwn(SHAPES, name) ? SHAPES[name as ShapeName] : undefined;
}

export const DEFAULT_SEED = 20261101;

// ── Deterministic randomness ────────────────────────────────────────────────────────────

/** mulberry32: small, fast, and good enough to vary a synthetic account. */
export class Rand {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** Lower-case letters and digits, like API Gateway ids. */
  id(length: number): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let out = '';
    for (let i = 0; i < length; i += 1) out += alphabet[this.int(alphabet.length)];
    return out;
  }

  uuid(): string {
    const hex = () => this.int(16).toString(16);
    const part = (n: number) => Array.from({ length: n }, hex).join('');
    return `${part(8)}-${part(4)}-4${part(3)}-a${part(3)}-${part(12)}`;
  }

  /** A whole-second instant between 2022 and 2026, as the snapshot stores it. */
  date(): string {
    const start = Date.UTC(2022, 0, 1);
    return new Date(start + this.int(4 * 365 * 86_400) * 1000).toISOString();
  }
}

function hashName(name: string): number {
  let h = 2166136261;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}

/** Ids unique within one generator run. */
class Ids {
  private readonly seen = new Set<string>();
  constructor(private readonly rand: Rand) {}

  next(length: number, prefix = ''): string {
    for (;;) {
      const id = prefix + this.rand.id(length);
      if (!this.seen.has(id)) {
        this.seen.add(id);
        return id;
      }
    }
  }
}

const ok = <T>(value: T): Collected<T> => ({ ok: true, value });

/** JSON as the snapshot holds it: no `undefined` members. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

// ── The account ─────────────────────────────────────────────────────────────────────────

const TEAMS = ['orders', 'payments', 'catalog', 'identity', 'search', 'legacy'];
/** This team's access-log group does not exist (a destination that was deleted). */
const MISSING_TEAM = 'legacy';
const WORDS = ['items', 'orders', 'users', 'carts', 'products', 'invoices', 'reports', 'events', 'files', 'sessions', 'tokens', 'prices'];
const VERBS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'];
const STAGE_NAMES = ['prod', 'staging', 'dev', 'test', 'canary'];

interface RegionContext {
  rand: Rand;
  ids: Ids;
  region: string;
  spec: ShapeSpec;
  webAclArns: string[];
  userPoolArns: string[];
  userPoolIds: string[];
  clientCertificateIds: string[];
  logsKeyArn: string;
  /** Log group name → whether it exists; filled as stages name them. */
  logGroups: Map<string, boolean>;
}

/**
 * One public hosted zone: an alias record per regional custom domain (to its target) and one
 * CNAME left behind by a retired API. Built from the regions without drawing on the PRNG, so the
 * rest of the account stays as it was.
 */
function benchZone(spec: ShapeSpec, regions: readonly RegionInventory[]): HostedZone {
  const aliases = regions.flatMap((region) =>
    (region.apigatewayv2.domainNames.ok ? region.apigatewayv2.domainNames.value : []).flatMap((domain) =>
      (domain.DomainNameConfigurations ?? []).flatMap((c) =>
        c.ApiGatewayDomainName ? [{ Name: `${domain.DomainName}.`, Type: 'A', AliasTarget: { DNSName: `${c.ApiGatewayDomainName}.`, HostedZoneId: 'ZLY8HYME6SFDD', EvaluateTargetHealth: false } }] : [],
      ),
    ),
  );
  const retired = { Name: 'retired.bench.example.com.', Type: 'CNAME', TTL: 300, ResourceRecords: [{ Value: `zz0retired.execute-api.${spec.regions[0]}.amazonaws.com` }] };
  const records = [...aliases, retired];
  return { Id: '/hostedzone/ZBENCH00000000001', Name: 'bench.example.com.', Config: { PrivateZone: false }, ResourceRecordSetCount: records.length + 2, records: ok(records) };
}

export function generateAccount(spec: ShapeSpec, seed = DEFAULT_SEED): Inventory {
  const rand = new Rand(seed ^ hashName(spec.name));
  const ids = new Ids(rand);
  const trailKeyArn = `arn:aws:kms:${spec.regions[0]}:${ACCOUNT}:key/${rand.uuid()}`;
  const userPools: Record<string, Collected<UserPool>> = {};
  const kmsKeys: Record<string, Collected<KmsKey>> = { [trailKeyArn]: ok(plain(kmsKey(trailKeyArn))) };
  // Each region's strict web ACL guards its first user pool's sign-in (GetWebACLForResource).
  const poolWebAclArns = new Map<string, string>();
  const regions = spec.regions.map((region) => {
    const logsKeyArn = `arn:aws:kms:${region}:${ACCOUNT}:key/${rand.uuid()}`;
    kmsKeys[logsKeyArn] = ok(plain(kmsKey(logsKeyArn)));
    const userPoolIds = [0, 1].map(() => `${region}_${ids.next(9, '').replace(/^./, (c) => c.toUpperCase())}`);
    const ctx: RegionContext = {
      rand,
      ids,
      region,
      spec,
      webAclArns: [],
      userPoolArns: userPoolIds.map((id) => `arn:aws:cognito-idp:${region}:${ACCOUNT}:userpool/${id}`),
      userPoolIds,
      clientCertificateIds: [ids.next(6), ids.next(6)],
      logsKeyArn,
      logGroups: new Map(),
    };
    for (const [i, arn] of ctx.userPoolArns.entries()) userPools[arn] = ok(generateUserPool(ctx, ctx.userPoolIds[i]!, i));
    const generated = generateRegion(ctx, trailKeyArn);
    poolWebAclArns.set(ctx.userPoolArns[0]!, ctx.webAclArns[1]!);
    return generated;
  });
  // Only what is linked is read: keys protecting a log group or the trail, pools an authorizer trusts.
  const keysUsed = new Set<string>([trailKeyArn]);
  const poolsUsed = new Set<string>();
  for (const region of regions) {
    for (const group of Object.values(region.logGroups)) if (group.ok && group.value.kmsKeyId) keysUsed.add(group.value.kmsKeyId);
    for (const api of region.apigateway.restApis.ok ? region.apigateway.restApis.value : []) {
      for (const a of api.authorizers.ok ? api.authorizers.value : []) for (const arn of a.providerARNs ?? []) poolsUsed.add(arn);
    }
    for (const api of region.apigatewayv2.apis.ok ? region.apigatewayv2.apis.value : []) {
      for (const a of api.authorizers.ok ? api.authorizers.value : []) {
        const poolId = a.JwtConfiguration?.Issuer?.split('/').pop();
        if (poolId) poolsUsed.add(`arn:aws:cognito-idp:${region.region}:${ACCOUNT}:userpool/${poolId}`);
      }
    }
  }
  for (const arn of Object.keys(kmsKeys)) if (!keysUsed.has(arn)) delete kmsKeys[arn];
  for (const arn of Object.keys(userPools)) if (!poolsUsed.has(arn)) delete userPools[arn];
  const account: Inventory = {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    tool: { name: 'apiposture', version: '0.0.0-bench' },
    collectedAt: '2026-11-01T12:00:00.000Z',
    account: { id: ACCOUNT, partition: 'aws' },
    regions,
    shared: {
      iamPolicies: ok(generateIamPolicies()),
      awsManagedPolicies: {},
      userPools,
      // One GetWebACLForResource per pool read.
      userPoolWebAcls: Object.fromEntries(Object.keys(userPools).map((arn) => [arn, ok(poolWebAcl(poolWebAclArns.get(arn)))])),
      kmsKeys,
      route53: { hostedZones: ok([benchZone(spec, regions)]) },
      // Not subscribed to Shield Advanced: one GetSubscriptionState, nothing more.
      shield: { subscription: ok({ SubscriptionState: 'INACTIVE' }) },
    },
    errors: [],
  };
  // The functions the stages serve: each a clean one (no policy, no URL), read three calls each.
  const functions = [...lambdaFunctionLinks(account).uses.keys()].sort();
  account.shared.lambdaFunctions = Object.fromEntries(functions.map((arn) => [arn, ok(benchFunction(arn))]));
  return account;
}

function poolWebAcl(webAclArn: string | undefined): ResourceWebAcl {
  if (!webAclArn) return { associated: false };
  return { associated: true, WebACLArn: webAclArn, Name: webAclArn.split('/').at(-2)! };
}

/**
 * GetLoggingConfiguration of each web ACL read: the first logs to a Firehose stream (no log
 * group to read), the others have no logging configuration.
 */
function webAclLoggingOf(region: string, arns: readonly string[]): Record<string, Collected<WebAclLogging>> {
  const stream = `arn:aws:firehose:${region}:${ACCOUNT}:deliverystream/aws-waf-logs-api`;
  return Object.fromEntries(
    arns.map((arn, i) => [arn, ok(i === 0 ? { enabled: true, LogDestinationConfigs: [stream], LogType: 'WAF_LOGS', LogScope: 'CUSTOMER' } : { enabled: false })]),
  );
}

function benchFunction(arn: string): LambdaFunction {
  return { FunctionName: arn.split(':')[6], FunctionArn: arn, Runtime: 'nodejs22.x', PackageType: 'Zip', policy: ok(null), url: ok(null) };
}

function generateRegion(ctx: RegionContext, trailKeyArn: string): RegionInventory {
  const { rand, region, spec } = ctx;
  const webAcls: Record<string, Collected<WebAcl>> = {};
  for (const name of ['api-baseline', 'api-strict', 'partner-apis']) {
    const id = rand.uuid();
    const arn = `arn:aws:wafv2:${region}:${ACCOUNT}:regional/webacl/${name}/${id}`;
    ctx.webAclArns.push(arn);
    webAcls[arn] = ok(generateWebAcl(name, id, arn, rand));
  }
  const huge = new Map(spec.hugeApiResources.map((count, i) => [Math.floor(((i + 1) * spec.restApis) / (spec.hugeApiResources.length + 1)), count]));
  const restApis = Array.from({ length: spec.restApis }, (_, i) => generateRestApi(ctx, i, huge.get(i) ?? spec.resourcesPerApi));
  const httpApis = Array.from({ length: spec.httpApis }, (_, i) => generateHttpApi(ctx, i));
  const { domainNames, v2DomainNames, certificates } = generateDomains(ctx, restApis, httpApis);
  // Only what the stages name is read (one GetWebACL per distinct ARN).
  const named = new Set(restApis.flatMap((api) => (api.stages.ok ? api.stages.value.map((s) => s.webAclArn) : [])));
  for (const arn of Object.keys(webAcls)) if (!named.has(arn)) delete webAcls[arn];
  const logGroups: Record<string, Collected<LogGroup>> = {};
  for (const [name, exists] of [...ctx.logGroups.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    logGroups[name] = ok(
      exists
        ? {
            logGroupName: name,
            exists: true,
            arn: `arn:aws:logs:${region}:${ACCOUNT}:log-group:${name}:*`,
            retentionInDays: rand.pick([7, 30, 90, 365, 731]),
            ...(rand.chance(0.5) ? { kmsKeyId: ctx.logsKeyArn } : {}),
            creationTime: Date.parse(rand.date()),
          }
        : { logGroupName: name, exists: false },
    );
  }
  const alarms = ['5xx', 'latency', '4xx'].map((metric, i) =>
    plain(
      alarm({
        AlarmName: `${region}-api-${metric}`,
        AlarmArn: `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:${region}-api-${metric}`,
        MetricName: metric === 'latency' ? 'Latency' : metric.toUpperCase().replace('XX', 'XXError'),
        AlarmActions: [`arn:aws:sns:${region}:${ACCOUNT}:oncall`],
        Dimensions: [{ Name: 'ApiName', Value: restApis[i % Math.max(1, restApis.length)]?.name ?? 'none' }],
        StateValue: 'OK',
      }),
    ),
  );
  const home = spec.regions[0]!;
  return {
    region,
    apigateway: {
      account: ok({ cloudwatchRoleArn: `arn:aws:iam::${ACCOUNT}:role/apigw-cloudwatch`, throttleSettings: { burstLimit: 5000, rateLimit: 10000 } }),
      restApis: ok(restApis),
      usagePlans: ok(generateUsagePlans(ctx, restApis)),
      apiKeys: ok(generateApiKeys(ctx)),
      domainNames: ok(domainNames),
      clientCertificates: ok(
        ctx.clientCertificateIds.map((clientCertificateId): ClientCertificate => {
          const created = rand.date();
          return {
            clientCertificateId,
            description: 'backend mTLS',
            createdDate: created,
            expirationDate: new Date(Date.parse(created) + 365 * 86_400_000).toISOString(),
          };
        }),
      ),
    },
    apigatewayv2: { apis: ok(httpApis), domainNames: ok(v2DomainNames) },
    webAcls,
    webAclLogging: webAclLoggingOf(region, Object.keys(webAcls)),
    certificates,
    trails: ok([
      plain(
        trail({
          Name: 'org-audit',
          TrailARN: `arn:aws:cloudtrail:${home}:${ACCOUNT}:trail/org-audit`,
          HomeRegion: home,
          KmsKeyId: trailKeyArn,
        }),
      ),
    ]),
    alarms: ok(alarms),
    // No identity pools: one ListIdentityPools per region, answered empty.
    identityPools: ok([]),
    logGroups,
  };
}

function generateWebAcl(name: string, id: string, arn: string, rand: Rand): WebAcl {
  const visibility = (metric: string) => ({ SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: metric });
  return {
    Name: name,
    Id: id,
    ARN: arn,
    DefaultAction: { Allow: {} },
    // AWS requires a VisibilityConfig on every web ACL (CreateWebACL), so GetWebACL always has one.
    VisibilityConfig: visibility(name),
    Rules: [
      {
        Name: 'AWS-AWSManagedRulesCommonRuleSet',
        Priority: 0,
        Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } },
        OverrideAction: { None: {} },
        VisibilityConfig: visibility('common'),
      },
      {
        Name: 'rate-limit',
        Priority: 1,
        Statement: { RateBasedStatement: { Limit: rand.pick([500, 2000, 10000]), AggregateKeyType: 'IP', EvaluationWindowSec: 300 } },
        Action: { Block: {} },
        VisibilityConfig: visibility('rate'),
      },
    ],
  };
}

type AuthProfile = 'lambda' | 'cognito' | 'iam' | 'open';

function restAuthProfile(rand: Rand): AuthProfile {
  const x = rand.next();
  return x < 0.28 ? 'lambda' : x < 0.4 ? 'cognito' : x < 0.7 ? 'iam' : 'open';
}

function generateRestApi(ctx: RegionContext, index: number, resourceCount: number): RestApi {
  const { rand, ids, region, spec } = ctx;
  const id = ids.next(10);
  const team = rand.pick(TEAMS);
  const endpoint = rand.pick(['REGIONAL', 'REGIONAL', 'REGIONAL', 'REGIONAL', 'REGIONAL', 'REGIONAL', 'REGIONAL', 'EDGE', 'EDGE', 'PRIVATE']);
  const profile = restAuthProfile(rand);
  const authorizers: Authorizer[] = [];
  if (profile === 'lambda') {
    authorizers.push({
      id: ids.next(6),
      name: `${team}-token`,
      type: rand.pick(['TOKEN', 'REQUEST']),
      authType: 'custom',
      authorizerUri: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${region}:${ACCOUNT}:function:${team}-authorizer/invocations`,
      identitySource: 'method.request.header.Authorization',
      authorizerResultTtlInSeconds: rand.pick([0, 300, 3600]),
    });
  }
  if (profile === 'cognito') {
    authorizers.push({
      id: ids.next(6),
      name: `${team}-users`,
      type: 'COGNITO_USER_POOLS',
      providerARNs: [rand.pick(ctx.userPoolArns)],
      authType: 'cognito_user_pools',
      identitySource: 'method.request.header.Authorization',
      authorizerResultTtlInSeconds: 300,
    });
  }
  const requestValidators: RequestValidator[] = rand.chance(0.1)
    ? [{ id: ids.next(6), name: 'body-and-params', validateRequestBody: true, validateRequestParameters: true }]
    : [];
  const cors = rand.chance(0.3);
  const resources = generateResources(ctx, resourceCount, profile, authorizers[0]?.id, requestValidators[0]?.id, cors);
  // The collector reads authorizers and validators only when a method names one: so do we.
  const methods = resources.flatMap((r) => Object.values(r.resourceMethods ?? {}));
  const named = (id: string) => methods.some((m) => m.authorizerId === id || m.requestValidatorId === id);
  const stages = Array.from({ length: spec.stagesPerApi }, (_, i) => generateRestStage(ctx, id, STAGE_NAMES[i % STAGE_NAMES.length]!, i, endpoint, team));
  const privateApi = endpoint === 'PRIVATE';
  const vpce = `vpce-${rand.id(17)}`;
  const api = {
    id,
    arn: restApiArn(region, id),
    name: `${team}-api-${index}`,
    description: `${team} service ${index}`,
    createdDate: rand.date(),
    version: `v${1 + rand.int(4)}`,
    apiKeySource: 'HEADER',
    endpointConfiguration: { types: [endpoint], ...(privateApi ? { vpcEndpointIds: [vpce] } : {}), ipAddressType: 'ipv4' },
    ...(privateApi
      ? {
          policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
              { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:SourceVpce': vpce } } },
            ],
          }),
        }
      : {}),
    disableExecuteApiEndpoint: rand.chance(0.15),
    rootResourceId: resources[0]!.id,
    tags: { team, env: 'prod' },
    resources: ok(resources),
    stages: ok(stages),
    authorizers: ok(authorizers.filter((a) => named(a.id))),
    requestValidators: ok(requestValidators.filter((v) => named(v.id))),
  };
  return { ...api, deployments: deploymentsOfDraft(api) };
}

function generateResources(
  ctx: RegionContext,
  count: number,
  profile: AuthProfile,
  authorizerId: string | undefined,
  validatorId: string | undefined,
  cors: boolean,
): Resource[] {
  const { rand, spec } = ctx;
  const resourceIds = new Ids(rand);
  const resources: Resource[] = [];
  for (let i = 0; i < count; i += 1) {
    const id = resourceIds.next(6);
    const parent = i === 0 ? undefined : resources[Math.min(resources.length - 1, rand.int(Math.min(resources.length, 8)))]!;
    const pathPart = i === 0 ? undefined : rand.chance(0.3) ? `{id${i}}` : `${rand.pick(WORDS)}${i}`;
    const path = parent === undefined ? '/' : `${parent.path === '/' ? '' : parent.path}/${pathPart}`;
    const verbs = new Set<string>();
    while (verbs.size < Math.min(spec.methodsPerResource, VERBS.length)) verbs.add(rand.pick(VERBS));
    if (cors) {
      verbs.delete([...verbs][0]!);
      verbs.add('OPTIONS');
    }
    const resourceMethods: Record<string, Method> = {};
    for (const verb of [...verbs].sort()) {
      resourceMethods[verb] = generateMethod(ctx, verb, profile, authorizerId, validatorId);
    }
    resources.push({
      id,
      path,
      ...(parent ? { parentId: parent.id, pathPart } : {}),
      resourceMethods,
    });
  }
  return resources;
}

function generateMethod(ctx: RegionContext, verb: string, profile: AuthProfile, authorizerId: string | undefined, validatorId: string | undefined): Method {
  const { rand, region } = ctx;
  if (verb === 'OPTIONS') {
    return { httpMethod: 'OPTIONS', authorizationType: 'NONE', apiKeyRequired: false, methodIntegration: { type: 'MOCK' } };
  }
  const authorizationType =
    profile === 'lambda' ? 'CUSTOM' : profile === 'cognito' ? 'COGNITO_USER_POOLS' : profile === 'iam' ? 'AWS_IAM' : 'NONE';
  const fn = `arn:aws:lambda:${region}:${ACCOUNT}:function:handler-${rand.int(50)}`;
  const integration = rand.chance(0.8)
    ? { type: 'AWS_PROXY', httpMethod: 'POST', uri: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${fn}/invocations`, connectionType: 'INTERNET' }
    : { type: 'HTTP_PROXY', httpMethod: verb, uri: `https://backend-${rand.int(20)}.internal.example.com/{proxy}`, connectionType: 'INTERNET' };
  return {
    httpMethod: verb,
    authorizationType,
    ...(authorizerId ? { authorizerId } : {}),
    apiKeyRequired: profile === 'open' && rand.chance(0.3),
    ...(validatorId && (verb === 'POST' || verb === 'PUT') ? { requestValidatorId: validatorId } : {}),
    ...(profile === 'cognito' ? { authorizationScopes: ['api/read'] } : {}),
    ...(rand.chance(0.2) ? { requestParameters: { 'method.request.header.x-request-id': false } } : {}),
    methodIntegration: integration,
  };
}

function generateRestStage(ctx: RegionContext, apiId: string, stageName: string, index: number, endpoint: string, team: string): Stage {
  const { rand, region } = ctx;
  const logging = rand.chance(index === 0 ? 0.25 : 0.1) ? rand.pick(['ERROR', 'INFO']) : 'OFF';
  if (logging !== 'OFF') {
    ctx.logGroups.set(`API-Gateway-Execution-Logs_${apiId}/${stageName}`, rand.chance(0.85));
  }
  const accessLogs = rand.chance(index === 0 ? 0.6 : 0.3);
  if (accessLogs) ctx.logGroups.set(`/aws/apigateway/${team}`, team !== MISSING_TEAM);
  const created = rand.date();
  return {
    stageName,
    deploymentId: rand.id(6),
    description: `${stageName} stage`,
    cacheClusterEnabled: false,
    cacheClusterStatus: 'NOT_AVAILABLE',
    methodSettings: {
      '*/*': {
        metricsEnabled: rand.chance(0.5),
        loggingLevel: logging,
        dataTraceEnabled: logging === 'INFO' && rand.chance(0.2),
        throttlingBurstLimit: 5000,
        throttlingRateLimit: 10000,
        cachingEnabled: false,
        cacheTtlInSeconds: 300,
        cacheDataEncrypted: false,
        requireAuthorizationForCacheControl: true,
        unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
      },
    },
    variables: { env: stageName },
    ...(accessLogs
      ? { accessLogSettings: { destinationArn: `arn:aws:logs:${region}:${ACCOUNT}:log-group:/aws/apigateway/${team}`, format: '$context.requestId $context.identity.sourceIp $context.status' } }
      : {}),
    tracingEnabled: rand.chance(0.4),
    ...(endpoint !== 'PRIVATE' && index === 0 && rand.chance(0.4) ? { webAclArn: rand.pick(ctx.webAclArns) } : {}),
    ...(rand.chance(0.1) ? { clientCertificateId: rand.pick(ctx.clientCertificateIds) } : {}),
    tags: { team },
    createdDate: created,
    lastUpdatedDate: created,
  };
}

function httpAuthProfile(rand: Rand): 'jwt' | 'lambda' | 'iam' | 'open' {
  const x = rand.next();
  return x < 0.4 ? 'jwt' : x < 0.55 ? 'lambda' : x < 0.75 ? 'iam' : 'open';
}

function generateHttpApi(ctx: RegionContext, index: number): V2Api {
  const { rand, ids, region, spec } = ctx;
  const ApiId = ids.next(10);
  const team = rand.pick(TEAMS);
  const profile = httpAuthProfile(rand);
  const authorizers: V2Authorizer[] = [];
  if (profile === 'jwt') {
    const poolId = rand.pick(ctx.userPoolIds);
    authorizers.push({
      AuthorizerId: ids.next(6),
      Name: `${team}-jwt`,
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [`client-${rand.id(8)}`], Issuer: `https://cognito-idp.${region}.amazonaws.com/${poolId}` },
    });
  }
  if (profile === 'lambda') {
    authorizers.push({
      AuthorizerId: ids.next(6),
      Name: `${team}-lambda`,
      AuthorizerType: 'REQUEST',
      AuthorizerUri: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${region}:${ACCOUNT}:function:${team}-authorizer/invocations`,
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      AuthorizerResultTtlInSeconds: 300,
    });
  }
  const integrations: V2Integration[] = Array.from({ length: 1 + rand.int(3) }, () => ({
    IntegrationId: ids.next(7),
    IntegrationType: 'AWS_PROXY',
    IntegrationMethod: 'POST',
    IntegrationUri: `arn:aws:lambda:${region}:${ACCOUNT}:function:${team}-handler-${rand.int(50)}`,
    PayloadFormatVersion: '2.0',
    ConnectionType: 'INTERNET',
  }));
  const routes: V2Route[] = Array.from({ length: spec.routesPerHttpApi }, (_, i) => {
    const authorizer = authorizers[0];
    return {
      RouteId: ids.next(7),
      RouteKey: `${rand.pick(VERBS.slice(0, 5))} /${rand.pick(WORDS)}${i}`,
      AuthorizationType: profile === 'jwt' ? 'JWT' : profile === 'lambda' ? 'CUSTOM' : profile === 'iam' ? 'AWS_IAM' : 'NONE',
      ...(authorizer ? { AuthorizerId: authorizer.AuthorizerId } : {}),
      ...(profile === 'jwt' ? { AuthorizationScopes: ['api/read'] } : {}),
      ApiKeyRequired: false,
      Target: `integrations/${rand.pick(integrations).IntegrationId}`,
    };
  });
  const stages: V2Stage[] = ['$default', ...(rand.chance(0.3) ? ['prod'] : [])].map((StageName) => {
    const accessLogs = rand.chance(0.5);
    if (accessLogs) ctx.logGroups.set(`/aws/apigateway/${team}`, team !== MISSING_TEAM);
    const created = rand.date();
    return {
      StageName,
      AutoDeploy: StageName === '$default',
      DeploymentId: rand.id(6),
      DefaultRouteSettings: { DetailedMetricsEnabled: rand.chance(0.5), ThrottlingBurstLimit: 5000, ThrottlingRateLimit: 10000 },
      RouteSettings: {},
      ...(accessLogs
        ? { AccessLogSettings: { DestinationArn: `arn:aws:logs:${region}:${ACCOUNT}:log-group:/aws/apigateway/${team}`, Format: '$context.requestId $context.status' } }
        : {}),
      StageVariables: { env: StageName === '$default' ? 'prod' : StageName },
      Tags: { team },
      CreatedDate: created,
      LastUpdatedDate: created,
    };
  });
  const api = {
    ApiId,
    arn: v2ApiArn(region, ApiId),
    Name: `${team}-http-${index}`,
    ProtocolType: 'HTTP',
    ApiEndpoint: `https://${ApiId}.execute-api.${region}.amazonaws.com`,
    ApiKeySelectionExpression: '$request.header.x-api-key',
    ...(rand.chance(0.3)
      ? { CorsConfiguration: { AllowOrigins: [`https://${team}.example.com`], AllowMethods: ['GET', 'POST'], AllowHeaders: ['authorization'], MaxAge: 300 } }
      : {}),
    CreatedDate: rand.date(),
    // Only where every stage deploys automatically: with a stage deployed by hand, no call tells
    // whether it still serves the default endpoint, and default-endpoint-disabled rightly says ERROR.
    DisableExecuteApiEndpoint: rand.chance(0.2) && stages.every((stage) => stage.AutoDeploy),
    IpAddressType: 'ipv4',
    RouteSelectionExpression: '$request.method $request.path',
    Tags: { team },
    routes: ok(routes),
    stages: ok(stages),
    authorizers: ok(authorizers),
    integrations: ok(integrations),
  };
  return { ...api, stageExports: stageExportsOfDraft(api) };
}

function generateDomains(
  ctx: RegionContext,
  restApis: readonly RestApi[],
  httpApis: readonly V2Api[],
): { domainNames: DomainName[]; v2DomainNames: V2DomainName[]; certificates: Record<string, Collected<Certificate>> } {
  const { rand, region, spec } = ctx;
  const domainNames: DomainName[] = [];
  const v2DomainNames: V2DomainName[] = [];
  const certificates: Record<string, Collected<Certificate>> = {};
  for (let i = 0; i < spec.domains; i += 1) {
    const name = `api-${i}.${region}.bench.example.com`;
    const edge = i % 10 === 9;
    const certRegion = edge ? 'us-east-1' : region;
    // Two domains share each certificate (a wildcard), as they often do.
    const certArn = `arn:aws:acm:${certRegion}:${ACCOUNT}:certificate/${hashName(`${region}/${Math.floor(i / 2)}/${edge}`).toString(16).padStart(8, '0')}-0000-4000-a000-${String(i).padStart(12, '0')}`;
    const domainArn = `arn:aws:apigateway:${region}::/domainnames/${name}`;
    const notBefore = rand.date();
    const existing = certificates[certArn];
    const inUseBy = existing?.ok ? [...(existing.value.InUseBy ?? []), domainArn] : [domainArn];
    certificates[certArn] = ok({
      CertificateArn: certArn,
      DomainName: `*.${region}.bench.example.com`,
      Status: 'ISSUED',
      Type: 'AMAZON_ISSUED',
      KeyAlgorithm: 'RSA_2048',
      NotBefore: existing?.ok ? existing.value.NotBefore : notBefore,
      NotAfter: existing?.ok ? existing.value.NotAfter : new Date(Date.parse(notBefore) + 395 * 86_400_000).toISOString(),
      RenewalEligibility: 'ELIGIBLE',
      InUseBy: inUseBy,
    });
    const rest = restApis.length > 0 ? restApis[rand.int(restApis.length)] : undefined;
    const http = httpApis.length > 0 ? httpApis[rand.int(httpApis.length)] : undefined;
    domainNames.push({
      domainName: name,
      domainNameArn: domainArn,
      ...(edge ? { certificateArn: certArn } : { regionalCertificateArn: certArn }),
      securityPolicy: rand.chance(0.2) ? 'TLS_1_0' : 'TLS_1_2',
      endpointConfiguration: { types: [edge ? 'EDGE' : 'REGIONAL'] },
      domainNameStatus: 'AVAILABLE',
      basePathMappings: ok(rest ? [{ basePath: 'v1', restApiId: rest.id, stage: rest.stages.ok ? rest.stages.value[0]?.stageName : undefined }].map(plain) : []),
    });
    if (!edge) {
      v2DomainNames.push({
        DomainName: name,
        DomainNameArn: domainArn,
        ApiMappingSelectionExpression: '$request.basepath',
        DomainNameConfigurations: [
          {
            ApiGatewayDomainName: `d-${rand.id(10)}.execute-api.${region}.amazonaws.com`,
            CertificateArn: certArn,
            DomainNameStatus: 'AVAILABLE',
            EndpointType: 'REGIONAL',
            SecurityPolicy: 'TLS_1_2',
            IpAddressType: 'ipv4',
          },
        ],
        Tags: { owner: 'platform' },
        apiMappings: ok(http ? [{ ApiMappingId: rand.id(6), ApiId: http.ApiId, Stage: '$default', ApiMappingKey: 'v2' }] : []),
      });
    }
  }
  return { domainNames, v2DomainNames, certificates };
}

function generateUsagePlans(ctx: RegionContext, restApis: readonly RestApi[]): UsagePlan[] {
  const { rand, ids } = ctx;
  return ['bronze', 'silver', 'gold'].map((name, i) => ({
    id: ids.next(6),
    name,
    apiStages: restApis.slice(i * 3, i * 3 + 3).map((api) => ({ apiId: api.id, stage: 'prod' })),
    throttle: { burstLimit: 100 * (i + 1), rateLimit: 50 * (i + 1) },
    quota: { limit: 10000 * (i + 1), offset: 0, period: rand.pick(['DAY', 'MONTH']) },
  }));
}

function generateApiKeys(ctx: RegionContext): ApiKey[] {
  const { rand, ids } = ctx;
  return Array.from({ length: 8 }, (_, i) => {
    const created = rand.date();
    return { id: ids.next(10), name: `partner-${i}`, enabled: i % 4 !== 3, createdDate: created, lastUpdatedDate: created, stageKeys: [] };
  });
}

function generateUserPool(ctx: RegionContext, id: string, index: number): UserPool {
  const { rand } = ctx;
  return plain(
    userPool({
      Id: id,
      Name: index === 0 ? 'customers' : 'partners',
      MfaConfiguration: index === 0 ? 'ON' : 'OPTIONAL',
      mfa: { MfaConfiguration: index === 0 ? 'ON' : 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } },
      clients: [
        userPoolClient({ ClientId: rand.id(26), ClientName: 'web' }),
        userPoolClient({ ClientId: rand.id(26), ClientName: 'backend', AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: ['api/read'] }),
      ],
    }),
  );
}

function generateIamPolicies(): IamPolicy[] {
  return [
    iamPolicy(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:*/prod/GET/*' }] },
      { attachedTo: ['role/api-client'] },
    ),
    iamPolicy(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'apigateway:GET', Resource: '*' }] },
      { name: 'apiposture-audit', arn: `arn:aws:iam::${ACCOUNT}:policy/apiposture-audit`, attachmentCount: 1, attachedTo: ['role/apiposture-audit'] },
    ),
    iamPolicy(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:*', Resource: '*' }] },
      { kind: 'role', name: 'invoke-all', arn: `arn:aws:iam::${ACCOUNT}:role/service-role/batch`, attachmentCount: undefined },
    ),
  ].map(plain);
}

// ── What the account costs to scan ──────────────────────────────────────────────────────

export interface ShapeSummary {
  restApis: number;
  httpApis: number;
  resources: number;
  methods: number;
  stages: number;
  routes: number;
  maxResourcesPerApi: number;
}

export function summarize(inventory: Inventory): ShapeSummary {
  const summary: ShapeSummary = { restApis: 0, httpApis: 0, resources: 0, methods: 0, stages: 0, routes: 0, maxResourcesPerApi: 0 };
  for (const region of inventory.regions) {
    for (const api of region.apigateway.restApis.ok ? region.apigateway.restApis.value : []) {
      summary.restApis += 1;
      const resources = api.resources.ok ? api.resources.value : [];
      summary.resources += resources.length;
      summary.maxResourcesPerApi = Math.max(summary.maxResourcesPerApi, resources.length);
      for (const resource of resources) summary.methods += Object.keys(resource.resourceMethods ?? {}).length;
      summary.stages += api.stages.ok ? api.stages.value.length : 0;
    }
    for (const api of region.apigatewayv2.apis.ok ? region.apigatewayv2.apis.value : []) {
      summary.httpApis += 1;
      summary.routes += api.routes.ok ? api.routes.value.length : 0;
      summary.stages += api.stages.ok ? api.stages.value.length : 0;
    }
  }
  return summary;
}

export interface PeerCost {
  /** Every call of the pattern: 3 + ⌈resources/25⌉ + one GetMethod per method, per REST API. */
  calls: number;
  /** The `GetResources` pages among them (25 resources a page, the default). */
  getResourcesCalls: number;
}

/**
 * What the usual per-method pattern costs for the same REST APIs: `GetRestApi`, `GetStages`,
 * `GetAuthorizers`, `GetResources` at the default page size of 25, and `GetMethod` per method.
 */
export function peerCost(inventory: Inventory): PeerCost {
  const cost: PeerCost = { calls: 0, getResourcesCalls: 0 };
  for (const region of inventory.regions) {
    for (const api of region.apigateway.restApis.ok ? region.apigateway.restApis.value : []) {
      const resources = api.resources.ok ? api.resources.value : [];
      const pages = Math.max(1, Math.ceil(resources.length / 25));
      const methods = resources.reduce((n, r) => n + Object.keys(r.resourceMethods ?? {}).length, 0);
      cost.calls += 3 + pages + methods;
      cost.getResourcesCalls += pages;
    }
  }
  return cost;
}

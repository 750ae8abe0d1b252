/**
 * The fewest-calls bound: the least wall time any scanner needs to read what apiposture reads
 * from an account, whatever calls apiposture itself makes. Computed from the generated account
 * (the ground truth) alone:
 *
 * 1. The fewest API Gateway calls that read it, per region (API Gateway quotas are per account
 *    and per region, v1 and v2 together):
 *    - REST API: `GetResources` pages (500 resources a page, methods embedded), `GetStages`,
 *      `GetAuthorizers` / `GetRequestValidators` only when a method names one, one `GetExport`
 *      per distinct deployment a stage serves and one `GetDeployment` per deployment only a
 *      canary serves (what each stage serves, as the product reads it).
 *    - HTTP and WebSocket API: `GetRoutes`, `GetIntegrations` and `GetStages` pages,
 *      `GetAuthorizers` when a route names one (or a route a stage still serves does); for an
 *      HTTP API also one `ExportApi` per distinct deployment of the stages without automatic
 *      deployment (what they serve). An `ExportApi` of the working copy cannot stand in for the
 *      lists: it carries no `RouteId`, `IntegrationId`, `AuthorizerId` or route `Target` (route
 *      ids are part of every route's ARN, hence of Security Hub resource and finding ids); and
 *      it writes an integration on the operations (routes) that use it
 *      ("x-amazon-apigateway-integration object" extends the OpenAPI Operation object), so it
 *      leaves out the integrations no route targets, while the checks judge every integration
 *      (TLS, the Lambda functions it invokes) and, once a route names one, every authorizer. No
 *      call but the lists says such unreferenced items exist. WebSocket APIs cannot be exported.
 *    - Per region: `GetRestApis` and `GetApis` pages, `GetAccount`, usage plans, API keys, client
 *      certificates, v1 and v2 custom domains with one mapping list each.
 * 2. The time the buckets impose on those calls: a bucket starts full (`burst`) and refills at
 *    its rate, so the last of `calls` is admitted no sooner than (calls − burst) / rate; and it
 *    still takes the latency of the quickest call of that bucket to answer.
 * 3. The chain no concurrency shortens: list pages follow each other, `GetResources` pages too,
 *    the authorizers are known once the resources are, the exports once the stages are. Each
 *    step at the latency the look-alike gives it (exports at their base latency: a lower bound).
 * The Lambda functions the APIs invoke are read too, three calls each (`GetFunctionConfiguration`,
 * `GetFunctionUrlConfig`, `GetPolicy`: no call returns two of them), against Lambda's buckets.
 * The bound is the largest of these over regions. The other services (WAF, ACM, Cognito …) see
 * a handful of calls within their bursts; the own-calls bound (measure.ts) covers them.
 */
import { servedDeploymentIds } from '../src/inventory/links.js';
import type { Inventory, RegionInventory, RestApi, V2Api } from '../src/inventory/schema.js';
import { ASSUMED_AWS_LATENCIES, latencyMs, type LatencyRule } from '../test/support/fake-aws-latency.js';
import { AWS_PUBLISHED_RATES, type ServerRateRule } from '../test/support/fake-aws-rate-limits.js';

/** v1 `limit` (at most 500, API reference) and the v2 page size we assume (`MaxResults` has no documented maximum). */
export const V1_PAGE = 500;
export const V2_PAGE = 500;

const pages = (items: number) => Math.max(1, Math.ceil(items / V1_PAGE));
const valueOr = <T>(slot: { ok: true; value: T } | { ok: false } | undefined, fallback: T): T => (slot?.ok ? slot.value : fallback);

export interface RegionFewestCalls {
  region: string;
  /** By `service:Operation`. */
  byOperation: Record<string, number>;
  /** Calls against the shared API Gateway bucket (v1 and v2). */
  apigateway: number;
  /** Of which `GetResources` (its own bucket as well). */
  getResources: number;
  /** Lambda functions of this region read: `GetPolicy` each (its bucket), and two calls each against the control-plane bucket. */
  lambdaFunctions: number;
  /** The quickest answer of each bucket, ms at AWS's pace. */
  quickestMs: { apigateway: number; getResources: number };
  /** The longest chain of calls that must follow each other, ms at AWS's pace. */
  chainMs: number;
}

export interface FewestCalls {
  regions: RegionFewestCalls[];
  /** The latency model the chains and tails were computed with; null for none. */
  latency: readonly LatencyRule[] | null;
  restApis: number;
  httpApis: number;
  websocketApis: number;
  /** Per-API calls (account-wide ones excluded) divided by the APIs of the kind. */
  perRestApi: number;
  perHttpApi: number;
  perWebSocketApi: number;
  total: number;
}

class Tally {
  readonly byOperation: Record<string, number> = {};
  quickest = { apigateway: Infinity, getResources: Infinity };

  constructor(private readonly rules: readonly LatencyRule[] | null) {}

  /** Counts `n` calls and returns the latency of one, ms (0 without a latency model). */
  add(service: 'apigateway' | 'apigatewayv2', operation: string, n = 1, items = 0, embeddedMethods = 0): number {
    const key = `${service}:${operation}`;
    this.byOperation[key] = (this.byOperation[key] ?? 0) + n;
    const ms = this.rules ? latencyMs(service, operation, { items, embeddedMethods, bytes: 0 }, this.rules) : 0;
    if (n > 0) {
      this.quickest.apigateway = Math.min(this.quickest.apigateway, ms);
      if (operation === 'GetResources' && service === 'apigateway') this.quickest.getResources = Math.min(this.quickest.getResources, ms);
    }
    return ms;
  }

  /** A paged list of `items`: its pages, counted, one after the other; returns the chain's ms. */
  list(service: 'apigateway' | 'apigatewayv2', operation: string, items: number, pageSize = V1_PAGE): number {
    const count = Math.max(1, Math.ceil(items / pageSize));
    let ms = 0;
    for (let i = 0; i < count; i += 1) ms += this.add(service, operation, 1, Math.min(pageSize, items - i * pageSize));
    return ms;
  }

  sum(): number {
    return Object.values(this.byOperation).reduce((a, b) => a + b, 0);
  }
}

const methodsOf = (resource: { resourceMethods?: Record<string, unknown> }) => Object.keys(resource.resourceMethods ?? {}).length;

/** One REST API's fewest calls; returns its chain, ms. */
function restApiCalls(t: Tally, api: RestApi): number {
  const resources = valueOr(api.resources, []);
  let resourcesMs = 0;
  for (let i = 0; i < pages(resources.length); i += 1) {
    const page = resources.slice(i * V1_PAGE, (i + 1) * V1_PAGE);
    resourcesMs += t.add('apigateway', 'GetResources', 1, page.length, page.reduce((n, r) => n + methodsOf(r), 0));
  }
  const methods = resources.flatMap((r) => Object.values(r.resourceMethods ?? {}));
  let referencedMs = 0;
  if (methods.some((m) => m.authorizerId)) referencedMs = Math.max(referencedMs, t.list('apigateway', 'GetAuthorizers', valueOr(api.authorizers, []).length));
  if (methods.some((m) => m.requestValidatorId)) {
    referencedMs = Math.max(referencedMs, t.list('apigateway', 'GetRequestValidators', valueOr(api.requestValidators, []).length));
  }
  const stages = valueOr(api.stages, []);
  const stagesMs = t.add('apigateway', 'GetStages', 1, stages.length);
  const exported = new Set(stages.flatMap((s) => (s.deploymentId ? [s.deploymentId] : [])));
  const canaryOnly = servedDeploymentIds(stages).filter((id) => !exported.has(id));
  const exportMs = exported.size > 0 ? t.add('apigateway', 'GetExport', exported.size) : 0;
  const deploymentMs = canaryOnly.length > 0 ? t.add('apigateway', 'GetDeployment', canaryOnly.length) : 0;
  return Math.max(resourcesMs + referencedMs, stagesMs + Math.max(exportMs, deploymentMs));
}

/** A route names an authorizer, or a route a stage without automatic deployment still serves does (the checks look it up by name). */
function namesAuthorizer(api: V2Api): boolean {
  if (valueOr(api.routes, []).some((r) => r.AuthorizerId)) return true;
  return Object.values(api.stageExports).some((served) => served.ok && served.value.routes.some((r) => r.authorizerName !== undefined));
}

/** One HTTP or WebSocket API's fewest calls; returns its chain, ms. */
function v2ApiCalls(t: Tally, api: V2Api): number {
  const stages = valueOr(api.stages, []);
  const routes = valueOr(api.routes, []);
  // GetRoutes is the only source of route ids; GetIntegrations of integration ids and of the integrations no route targets.
  const routesMs = t.list('apigatewayv2', 'GetRoutes', routes.length, V2_PAGE);
  const authorizersMs = namesAuthorizer(api) ? t.list('apigatewayv2', 'GetAuthorizers', valueOr(api.authorizers, []).length, V2_PAGE) : 0;
  const integrationsMs = t.list('apigatewayv2', 'GetIntegrations', valueOr(api.integrations, []).length, V2_PAGE);
  const stagesMs = t.list('apigatewayv2', 'GetStages', stages.length, V2_PAGE);
  if (api.ProtocolType === 'WEBSOCKET') return Math.max(routesMs + authorizersMs, integrationsMs, stagesMs);
  const deployed = new Set(stages.flatMap((s) => (!s.AutoDeploy && s.DeploymentId ? [s.DeploymentId] : [])));
  const servedMs = deployed.size > 0 ? t.add('apigatewayv2', 'ExportApi', deployed.size) : 0;
  return Math.max(routesMs + authorizersMs, integrationsMs, stagesMs + servedMs);
}

function regionCalls(region: RegionInventory, rules: readonly LatencyRule[] | null, counts: { rest: Tally; v2: Tally; ws: Tally }) {
  const t = new Tally(rules);
  const rest = valueOr(region.apigateway.restApis, []);
  const v2 = valueOr(region.apigatewayv2.apis, []);
  const restListMs = t.list('apigateway', 'GetRestApis', rest.length);
  let restChainMs = 0;
  for (const api of rest) {
    const before = t.sum();
    restChainMs = Math.max(restChainMs, restApiCalls(t, api));
    counts.rest.add('apigateway', 'calls', t.sum() - before);
  }
  const v2ListMs = t.list('apigatewayv2', 'GetApis', v2.length, V2_PAGE);
  let v2ChainMs = 0;
  for (const api of v2) {
    const before = t.sum();
    v2ChainMs = Math.max(v2ChainMs, v2ApiCalls(t, api));
    (api.ProtocolType === 'WEBSOCKET' ? counts.ws : counts.v2).add('apigatewayv2', 'calls', t.sum() - before);
  }
  // Per region, whatever the APIs.
  t.add('apigateway', 'GetAccount');
  t.list('apigateway', 'GetUsagePlans', valueOr(region.apigateway.usagePlans, []).length);
  t.list('apigateway', 'GetApiKeys', valueOr(region.apigateway.apiKeys, []).length);
  t.list('apigateway', 'GetClientCertificates', valueOr(region.apigateway.clientCertificates, []).length);
  const domains = valueOr(region.apigateway.domainNames, []);
  let domainsMs = t.list('apigateway', 'GetDomainNames', domains.length);
  let mappingMs = 0;
  for (const d of domains) mappingMs = Math.max(mappingMs, t.list('apigateway', 'GetBasePathMappings', valueOr(d.basePathMappings, []).length));
  domainsMs += mappingMs;
  const v2Domains = valueOr(region.apigatewayv2.domainNames, []);
  let v2DomainsMs = t.list('apigatewayv2', 'GetDomainNames', v2Domains.length, V2_PAGE);
  mappingMs = 0;
  for (const d of v2Domains) mappingMs = Math.max(mappingMs, t.list('apigatewayv2', 'GetApiMappings', valueOr(d.apiMappings, []).length, V2_PAGE));
  v2DomainsMs += mappingMs;

  const getResources = t.byOperation['apigateway:GetResources'] ?? 0;
  return {
    region: region.region,
    byOperation: t.byOperation,
    apigateway: t.sum(),
    getResources,
    lambdaFunctions: 0,
    quickestMs: { apigateway: Number.isFinite(t.quickest.apigateway) ? t.quickest.apigateway : 0, getResources: Number.isFinite(t.quickest.getResources) ? t.quickest.getResources : 0 },
    chainMs: Math.max(restListMs + restChainMs, v2ListMs + v2ChainMs, domainsMs, v2DomainsMs),
  };
}

/**
 * The fewest API Gateway calls that read `inventory` as apiposture does, per region, with the
 * latency of each call from `rules` (`null`: no latency, the chains and tails are 0).
 */
export function fewestCalls(inventory: Inventory, rules: readonly LatencyRule[] | null = ASSUMED_AWS_LATENCIES): FewestCalls {
  const counts = { rest: new Tally(null), v2: new Tally(null), ws: new Tally(null) };
  const regions = inventory.regions.map((region) => regionCalls(region, rules, counts));
  // A function's region is the fourth field of its ARN.
  for (const arn of Object.keys(inventory.shared.lambdaFunctions ?? {})) {
    const region = regions.find((r) => r.region === arn.split(':')[3]);
    if (region) region.lambdaFunctions += 1;
  }
  let restApis = 0;
  let httpApis = 0;
  let websocketApis = 0;
  for (const region of inventory.regions) {
    restApis += valueOr(region.apigateway.restApis, []).length;
    for (const api of valueOr(region.apigatewayv2.apis, [])) {
      if (api.ProtocolType === 'WEBSOCKET') websocketApis += 1;
      else httpApis += 1;
    }
  }
  const per = (t: Tally, n: number) => (n > 0 ? t.sum() / n : 0);
  return {
    regions,
    latency: rules,
    restApis,
    httpApis,
    websocketApis,
    perRestApi: per(counts.rest, restApis),
    perHttpApi: per(counts.v2, httpApis),
    perWebSocketApi: per(counts.ws, websocketApis),
    total: regions.reduce((n, r) => n + r.apigateway, 0),
  };
}

export interface FewestCallsBound {
  seconds: number;
  /** Where it binds: `bucket@region` or `chain@region`. */
  binding: string;
  /** The three parts in the binding region, seconds. */
  rateSeconds: number;
  tailSeconds: number;
  chainSeconds: number;
}

/**
 * The least wall time for `fewest` calls with the server's rates × `scale` and the latencies ÷
 * `scale` (a scaled run is the real run with time compressed).
 */
export function fewestCallsBound(fewest: FewestCalls, scale: number, rules: readonly ServerRateRule[] = AWS_PUBLISHED_RATES): FewestCallsBound {
  const lambdaTailMs = fewest.latency ? latencyMs('lambda', 'GetPolicy', { items: 0, embeddedMethods: 0, bytes: 0 }, fewest.latency) : 0;
  const rule = (name: string) => {
    const r = rules.find((x) => x.name === name);
    if (!r) throw new Error(`no rate rule named ${name}`);
    return r;
  };
  const shared = rule('apigateway');
  const resources = rule('apigateway:GetResources');
  const lambdaPolicy = rule('lambda:GetPolicy');
  const lambdaControl = rule('lambda:control-plane');
  const bucketSeconds = (calls: number, r: ServerRateRule) => Math.max(0, (calls - r.burst) / (r.ratePerSecond * scale));
  let best: FewestCallsBound = { seconds: 0, binding: '-', rateSeconds: 0, tailSeconds: 0, chainSeconds: 0 };
  for (const region of fewest.regions) {
    const chainSeconds = region.chainMs / 1000 / scale;
    const candidates: [string, number, number][] = [
      [`apigateway@${region.region}`, bucketSeconds(region.apigateway, shared), region.quickestMs.apigateway / 1000 / scale],
      [`apigateway:GetResources@${region.region}`, bucketSeconds(region.getResources, resources), region.quickestMs.getResources / 1000 / scale],
      [`lambda:GetPolicy@${region.region}`, bucketSeconds(region.lambdaFunctions, lambdaPolicy), lambdaTailMs / 1000 / scale],
      [`lambda:control-plane@${region.region}`, bucketSeconds(2 * region.lambdaFunctions, lambdaControl), lambdaTailMs / 1000 / scale],
    ];
    for (const [bucket, rateSeconds, tailSeconds] of candidates) {
      const seconds = rateSeconds > 0 ? rateSeconds + tailSeconds : 0;
      if (seconds > best.seconds) best = { seconds, binding: bucket, rateSeconds, tailSeconds, chainSeconds };
    }
    if (chainSeconds > best.seconds) best = { seconds: chainSeconds, binding: `chain@${region.region}`, rateSeconds: 0, tailSeconds: 0, chainSeconds };
  }
  return best;
}

/**
 * HTTP and WebSocket APIs (API Gateway v2): protocol selections, route authorization and stage
 * route settings.
 *
 * Route settings: `Stage.DefaultRouteSettings` applies to every route of the stage;
 * `Stage.RouteSettings` overrides it per route, keyed by route key exactly as the route names it
 * (`$connect`, `sendMessage`, `GET /pets`). Precedence is per field, as for REST method settings:
 * a field an override sets wins, a field it leaves out falls back to the stage default, and a
 * field neither sets is `undefined` (callers decide what that means: a missing `LoggingLevel` is
 * OFF, a missing throttle is the account limit).
 */
import { v2StageServes } from './deployed.js';
import type { Collected, CollectionError, DeployedV2Route, V2Api, V2Integration, V2Route, V2RouteSettings, V2Stage } from '../inventory/schema.js';
import type { InventoryView, Selection, V2ApiEntity, V2StageEntity } from '../inventory/view.js';

/** The WebSocket route that runs when a client connects: the only one that can carry an authorizer. */
export const CONNECT_ROUTE = '$connect';

/** How evidence names the stage-wide default route settings. */
export const DEFAULT_ROUTE_SETTINGS = '(stage default)';

/** The same test the view uses to type results `websocket-api` rather than `http-api`. */
export function isWebSocketApi(api: Pick<V2Api, 'ProtocolType'>): boolean {
  return api.ProtocolType === 'WEBSOCKET';
}

/** HTTP APIs only; the region-level gaps stay, since a failed `GetApis` hides HTTP APIs too. */
export function httpApis(view: InventoryView): Selection<V2ApiEntity> {
  const all = view.v2Apis();
  return { targets: all.targets.filter((t) => t.ref.type === 'http-api'), gaps: all.gaps };
}

/** WebSocket APIs only, with the region-level gaps. */
export function websocketApis(view: InventoryView): Selection<V2ApiEntity> {
  const all = view.v2Apis();
  return { targets: all.targets.filter((t) => t.ref.type === 'websocket-api'), gaps: all.gaps };
}

/** Stages of WebSocket APIs; stage gaps of HTTP APIs are left out (they are not in scope). */
export function websocketStages(view: InventoryView): Selection<V2StageEntity> {
  const all = view.v2Stages();
  return {
    targets: all.targets.filter((t) => t.api.ref.type === 'websocket-api'),
    gaps: all.gaps.filter((g) => g.ref.type !== 'http-api'),
  };
}

/** Stages of HTTP APIs; stage gaps of WebSocket APIs are left out (they are not in scope). */
export function httpStages(view: InventoryView): Selection<V2StageEntity> {
  const all = view.v2Stages();
  return {
    targets: all.targets.filter((t) => t.api.ref.type === 'http-api'),
    gaps: all.gaps.filter((g) => g.ref.type !== 'websocket-api'),
  };
}

/** `AuthorizationType` upper-cased; a missing or blank one is NONE (nothing enforces anything). */
export function authorizationType(route: Pick<V2Route, 'AuthorizationType'>): string {
  return route.AuthorizationType?.trim().toUpperCase() || 'NONE';
}

const AUTHORIZING: Record<'HTTP' | 'WEBSOCKET', readonly string[]> = {
  HTTP: ['AWS_IAM', 'JWT', 'CUSTOM'],
  // JWT authorizers exist for HTTP APIs only.
  WEBSOCKET: ['AWS_IAM', 'CUSTOM'],
};

/**
 * Does API Gateway authorize calls to this route? `ApiKeyRequired` is deliberately ignored: an
 * API key identifies a caller for usage plans; it is not authentication.
 */
export function isRouteAuthorized(route: Pick<V2Route, 'AuthorizationType'>, protocol: 'HTTP' | 'WEBSOCKET' = 'HTTP'): boolean {
  return AUTHORIZING[protocol].includes(authorizationType(route));
}

/** `OPTIONS /pets`, `OPTIONS /{proxy+}`: CORS preflight routes, which browsers call without credentials. */
export function isPreflightRoute(routeKey: string): boolean {
  return /^OPTIONS\s/i.test(routeKey.trim());
}

/**
 * Is this route left out of the authorization checks? Only an OPTIONS route with no integration
 * behind it: nothing runs there, and when the API has a CORS configuration API Gateway answers
 * preflight requests itself, "even if there isn't an OPTIONS route configured" (Developer Guide,
 * "Configure CORS for HTTP APIs in API Gateway"). That answer covers preflight requests only,
 * which the same page defines by their `Origin` and `Access-Control-Request-Method` headers; any
 * other OPTIONS request is routed like any request, and the page's $default-route section relies
 * on that: an explicit OPTIONS route outranks $default and needs an integration. So an OPTIONS
 * route with an integration runs it, unauthenticated when its authorization type is NONE, for
 * anyone who sends OPTIONS without those headers, whether or not CORS is configured.
 */
export function isPreflightOnlyRoute(route: Pick<V2Route, 'RouteKey' | 'Target'>): boolean {
  return isPreflightRoute(route.RouteKey) && !route.Target?.trim();
}

/** Does API Gateway answer CORS preflight requests for this API itself (a CORS configuration)? */
export function hasManagedCors(api: Pick<V2Api, 'CorsConfiguration'>): boolean {
  return api.CorsConfiguration !== undefined;
}

/** Route keys in a stable order (`$` keys first, then by code point). */
export function sortRouteKeys(keys: Iterable<string>): string[] {
  return [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export interface RouteSettingsEntry {
  /** The route key of an override; absent for the stage default. */
  routeKey?: string;
  /** `(stage default)` or the route key. */
  label: string;
  settings: V2RouteSettings;
}

/** The stage default (an empty entry when the stage has none) followed by every override, by route key. */
export function routeSettingsEntries(stage: V2Stage): RouteSettingsEntry[] {
  const overrides = stage.RouteSettings ?? {};
  return [
    { label: DEFAULT_ROUTE_SETTINGS, settings: stage.DefaultRouteSettings ?? {} },
    ...sortRouteKeys(Object.keys(overrides)).map((routeKey) => ({ routeKey, label: routeKey, settings: overrides[routeKey]! })),
  ];
}

/**
 * The value of one field for a settings entry: the override's own value, else the stage default.
 * For the default entry, its own value only.
 */
export function entryRouteSetting<K extends keyof V2RouteSettings>(
  stage: V2Stage,
  entry: Pick<RouteSettingsEntry, 'routeKey'>,
  field: K,
): V2RouteSettings[K] | undefined {
  const own = entry.routeKey === undefined ? undefined : stage.RouteSettings?.[entry.routeKey]?.[field];
  return own ?? stage.DefaultRouteSettings?.[field];
}

/** The value of one field for one route: its override, else the stage default. */
export function effectiveRouteSetting<K extends keyof V2RouteSettings>(
  stage: V2Stage,
  routeKey: string,
  field: K,
): V2RouteSettings[K] | undefined {
  const overrides = stage.RouteSettings ?? {};
  const own = Object.hasOwn(overrides, routeKey) ? overrides[routeKey]?.[field] : undefined;
  return own ?? stage.DefaultRouteSettings?.[field];
}

/** Parses an absolute URL; `undefined` for anything else. */
function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value.trim());
  } catch {
    return undefined;
  }
}

/** `https://…` with a host. */
export function isHttpsUrl(value: string | undefined): boolean {
  const url = value === undefined ? undefined : parseUrl(value);
  return url !== undefined && url.protocol === 'https:' && url.hostname !== '';
}

/** `http://…` with a host: plaintext. */
export function isHttpUrl(value: string | undefined): boolean {
  const url = value === undefined ? undefined : parseUrl(value);
  return url !== undefined && url.protocol === 'http:' && url.hostname !== '';
}

/**
 * An `AllowOrigins` entry that admits every origin, or every origin of one scheme: `*`, and
 * `https://*` / `http://*`, which the Developer Guide ("Configure CORS for HTTP APIs in API
 * Gateway") documents as any origin that begins with `https://` / `http://`. The same with a port
 * (`https://*:443`), in another case, or with a wildcard scheme (`*://*`) is read the same way.
 * `https://*.example.com` is scoped to one domain and is not a wildcard here.
 */
export function isWildcardOrigin(origin: string): boolean {
  const value = origin.trim();
  return value === '*' || /^(?:\*|[a-z][a-z0-9+.-]*):\/\/\*(?::(?:\d+|\*))?\/?$/i.test(value);
}

/** A loopback origin (`http://localhost:3000`, `http://127.0.0.1`, `http://[::1]:8080`): a developer's machine. */
export function isLoopbackOrigin(origin: string): boolean {
  const url = parseUrl(origin);
  if (!url) return false;
  const host = url.hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127(?:\.\d{1,3}){3}$/.test(host) || host === '[::1]';
}

// ── What each stage serves ─────────────────────────────────────────────────────────────
//
// "You must deploy an API for changes to take effect. If you enable automatic deployments,
// changes to an API are automatically released for you" (Developer Guide, "Stages for HTTP APIs
// in API Gateway"). So a stage with AutoDeploy serves the latest configuration (GetRoutes,
// GetIntegrations), and an HTTP API stage without it serves its last deployment, which
// ExportApi with StageName reads. A WebSocket API cannot be exported: its stages without
// AutoDeploy are judged on the latest configuration, and the evidence says so.

/** `judgedOn` for a stage with automatic deployment. */
export const JUDGED_ON_LATEST = 'latest configuration (AutoDeploy)';
/** `judgedOn` for an HTTP API stage without automatic deployment. */
export const JUDGED_ON_EXPORT = 'stage export (ExportApi)';

/** An integration as a stage serves it, with how evidence names it. */
export interface ServedIntegration {
  /** The integration id (latest configuration), or the routes that use it (a stage export names no ids). */
  label: string;
  integration: V2Integration;
}

/** What one stage serves of one kind of thing (routes, integrations), and what that was read from. */
export interface StageServed<T> {
  stageName: string;
  /** `JUDGED_ON_LATEST`, `JUDGED_ON_EXPORT` or `WEBSOCKET_DEPLOYED_UNKNOWN`. */
  judgedOn: string;
  /** Read from the API's latest configuration (shared by every such stage) rather than a stage export. */
  latest: boolean;
  value: Collected<T>;
}

function served<T>(
  api: Pick<V2Api, 'arn' | 'ProtocolType' | 'stageExports'>,
  stage: Pick<V2Stage, 'StageName' | 'AutoDeploy'>,
  latest: Collected<T>,
  fromExport: (routes: DeployedV2Route[]) => T,
): StageServed<T> {
  const serves = v2StageServes(api, stage);
  const stageName = stage.StageName;
  if (serves.kind === 'latest') return { stageName, judgedOn: JUDGED_ON_LATEST, latest: true, value: latest };
  if (serves.kind === 'unknown') return { stageName, judgedOn: serves.reason, latest: true, value: latest };
  const value: Collected<T> = serves.config.ok ? { ok: true, value: fromExport(serves.config.value.routes) } : serves.config;
  return { stageName, judgedOn: JUDGED_ON_EXPORT, latest: false, value };
}

/** The routes a stage serves, in the shape of `GetRoutes` (an exported route's target stands for its integration). */
export function servedRoutes(
  api: Pick<V2Api, 'arn' | 'ProtocolType' | 'stageExports' | 'routes'>,
  stage: Pick<V2Stage, 'StageName' | 'AutoDeploy'>,
): StageServed<V2Route[]> {
  return served(api, stage, api.routes, (routes) =>
    routes.map((r) => ({
      RouteKey: r.routeKey,
      AuthorizationType: r.authorizationType,
      ...(r.integration ? { Target: `integrations/(${r.routeKey})` } : {}),
    })),
  );
}

/** The integrations a stage serves; an exported integration several routes share is listed once. */
export function servedIntegrations(
  api: Pick<V2Api, 'arn' | 'ProtocolType' | 'stageExports' | 'integrations'>,
  stage: Pick<V2Stage, 'StageName' | 'AutoDeploy'>,
): StageServed<ServedIntegration[]> {
  const latest: Collected<ServedIntegration[]> = api.integrations.ok
    ? { ok: true, value: api.integrations.value.map((integration) => ({ label: integration.IntegrationId ?? '(no id)', integration })) }
    : api.integrations;
  return served(api, stage, latest, exportedIntegrations);
}

function exportedIntegrations(routes: DeployedV2Route[]): ServedIntegration[] {
  const byContent = new Map<string, { routeKeys: string[]; integration: V2Integration }>();
  for (const route of routes) {
    const exported = route.integration;
    if (!exported) continue;
    const integration: V2Integration = {
      ...(exported.type !== undefined ? { IntegrationType: exported.type } : {}),
      ...(exported.uri !== undefined ? { IntegrationUri: exported.uri } : {}),
      ...(exported.connectionType !== undefined ? { ConnectionType: exported.connectionType } : {}),
      ...(exported.connectionId !== undefined ? { ConnectionId: exported.connectionId } : {}),
      // The export's tlsConfig carries only the server name: without one it reads as no TLS configuration.
      ...(exported.serverNameToVerify !== undefined ? { TlsConfig: { ServerNameToVerify: exported.serverNameToVerify } } : {}),
    };
    const key = JSON.stringify([exported.type, exported.uri, exported.connectionType, exported.connectionId, exported.serverNameToVerify]);
    const entry = byContent.get(key);
    if (entry) entry.routeKeys.push(route.routeKey);
    else byContent.set(key, { routeKeys: [route.routeKey], integration });
  }
  return [...byContent.values()].map(({ routeKeys, integration }) => ({ label: sortRouteKeys(routeKeys).join(', '), integration }));
}

/** Stages in a stable order (by name). */
export function sortedStages<S extends Pick<V2Stage, 'StageName'>>(stages: readonly S[]): S[] {
  return [...stages].sort((a, b) => (a.StageName < b.StageName ? -1 : a.StageName > b.StageName ? 1 : 0));
}

/** What a set of stages serves: the stages that could be read, those that could not, and what each was judged on. */
export interface PerStage<T> {
  read: { stageName: string; judgedOn: string; latest: boolean; value: T }[];
  gaps: { stageName: string; error: CollectionError }[];
  /** By stage name, every stage. */
  judgedOn: Record<string, string>;
}

/** Reads what each stage serves (`servedRoutes`, `servedIntegrations`), stages in name order. */
export function perStage<T>(stages: readonly V2Stage[], read: (stage: V2Stage) => StageServed<T>): PerStage<T> {
  const out: PerStage<T> = { read: [], gaps: [], judgedOn: {} };
  for (const stage of sortedStages(stages)) {
    const served = read(stage);
    out.judgedOn[served.stageName] = served.judgedOn;
    if (served.value.ok) out.read.push({ stageName: served.stageName, judgedOn: served.judgedOn, latest: served.latest, value: served.value.value });
    else out.gaps.push({ stageName: served.stageName, error: served.value.error });
  }
  return out;
}

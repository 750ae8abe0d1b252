/**
 * Stage method settings, resolved per method.
 *
 * `Stage.methodSettings` is keyed by `{resource_path}/{http_method}` for a per-method override and
 * `DEFAULT_KEY` (star, slash, star) for the
 * stage-wide default. Keys arrive in several spellings, all meaning the same method:
 *
 *   `~1pets/GET`          what AWS writes (slashes in the path encoded as `~1`)
 *   `pets/GET`            what Terraform writes
 *   `/pets/GET`           a leading slash, unencoded
 *   `~1pets~1{id}/DELETE` nested path
 *   `~1/GET`, `/GET`      the root resource
 *
 * Normalising: split at the last `/`, decode `~1` to `/` (and `~0` to `~`, JSON-pointer style),
 * ensure one leading slash, drop a trailing slash. `*` as the method of a per-resource key
 * (`~1pets/*`) is honoured as "every method of that resource" with lower precedence than an exact
 * key.
 *
 * Precedence is per field: an override's field wins; a field the override leaves out falls back
 * to the stage default; a field neither sets is `unset` (callers decide what unset means, e.g. a
 * missing `loggingLevel` is OFF). Values are returned as stored, never defaulted here.
 */
import type { DeployedMethod, DeployedRestConfig, Method, MethodSetting, Resource, RestApi, Stage } from '../inventory/schema.js';
import { sameDeployedMethods, sameList } from './same-deployed.js';

export const DEFAULT_KEY = '*/*';

export type ParsedSettingKey =
  | { kind: 'default' }
  | { kind: 'method'; path: string; httpMethod: string }
  | { kind: 'invalid'; key: string };

/** `pets/{id}/` → `/pets/{id}`; `` → `/`. */
export function normalizePath(path: string): string {
  if (isNormalPath(path)) return path;
  let p = path.trim();
  if (!p.startsWith('/')) p = `/${p}`;
  p = p.replace(/\/{2,}/g, '/');
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p;
}

/**
 * Is the path already as `normalizePath` makes it: one leading slash, no empty segment, no
 * trailing slash, nothing `trim` would remove? Most paths are (AWS writes them so), and every
 * method of every stage is labelled: they skip the regular expression.
 */
function isNormalPath(path: string): boolean {
  const length = path.length;
  if (length === 0 || path.charCodeAt(0) !== 0x2f) return false;
  if (length === 1) return true;
  const last = path.charCodeAt(length - 1);
  // A printable ASCII character other than `/`: nothing for `trim` to remove, no trailing slash.
  return last > 0x20 && last < 0x7f && last !== 0x2f && !path.includes('//');
}

export function parseSettingKey(key: string): ParsedSettingKey {
  if (key === DEFAULT_KEY) return { kind: 'default' };
  const slash = key.lastIndexOf('/');
  if (slash < 0) return { kind: 'invalid', key };
  const httpMethod = key.slice(slash + 1).trim().toUpperCase();
  if (httpMethod === '') return { kind: 'invalid', key };
  const rawPath = key.slice(0, slash).replace(/~1/g, '/').replace(/~0/g, '~');
  return { kind: 'method', path: normalizePath(rawPath), httpMethod };
}

/** A readable name for a settings key: the default key stays, a method key becomes `GET /pets`. */
export function describeSettingKey(key: string): string {
  const parsed = parseSettingKey(key);
  if (parsed.kind === 'default') return DEFAULT_KEY;
  if (parsed.kind === 'invalid') return key;
  return methodLabel(parsed.httpMethod, parsed.path);
}

export function methodLabel(httpMethod: string, path: string): string {
  return `${httpMethod.toUpperCase()} ${normalizePath(path)}`;
}

export interface MethodOverride {
  key: string;
  path: string;
  /** Upper case; `*` for every method of the resource. */
  httpMethod: string;
  setting: MethodSetting;
}

/** The stage-wide default entry (`DEFAULT_KEY`), if the stage has one. */
export function stageDefault(stage: Stage): MethodSetting | undefined {
  return stage.methodSettings?.[DEFAULT_KEY];
}

/**
 * A stage's overrides, parsed once: checks resolve a field per method and per field, and
 * re-parsing every key each time made a stage with many overrides quadratic. Keyed on the
 * `methodSettings` object, which the inventory never changes during a run.
 */
interface OverrideIndex {
  /** Every override in key order. */
  all: readonly MethodOverride[];
  /** Path → method (`*` for the whole resource) → its overrides, in key order. */
  byPath: ReadonlyMap<string, ReadonlyMap<string, readonly MethodOverride[]>>;
}

const NO_OVERRIDES: OverrideIndex = Object.freeze({ all: Object.freeze([]), byPath: new Map() });
const overrideIndexes = new WeakMap<NonNullable<Stage['methodSettings']>, OverrideIndex>();

function overrideIndex(stage: Stage): OverrideIndex {
  const settings = stage.methodSettings;
  if (!settings) return NO_OVERRIDES;
  const cached = overrideIndexes.get(settings);
  if (cached) return cached;
  const all: MethodOverride[] = [];
  const byPath = new Map<string, Map<string, MethodOverride[]>>();
  for (const key of Object.keys(settings).sort()) {
    const parsed = parseSettingKey(key);
    if (parsed.kind !== 'method') continue;
    const override = Object.freeze({ key, path: parsed.path, httpMethod: parsed.httpMethod, setting: settings[key]! });
    all.push(override);
    const methods = byPath.get(parsed.path) ?? new Map<string, MethodOverride[]>();
    byPath.set(parsed.path, methods);
    const list = methods.get(parsed.httpMethod);
    if (list) list.push(override);
    else methods.set(parsed.httpMethod, [override]);
  }
  const index: OverrideIndex = { all: Object.freeze(all), byPath };
  overrideIndexes.set(settings, index);
  return index;
}

/** Every per-method override, keys parsed, in key order. Unparseable keys are left out. */
export function methodOverrides(stage: Stage): readonly MethodOverride[] {
  return overrideIndex(stage).all;
}

export type SettingSource = 'method' | 'resource' | 'stage' | 'unset';

export interface EffectiveSetting<V> {
  value: V | undefined;
  /** Where the value came from: an exact override, a per-resource (`~1pets/` + star) override, the stage default, or nowhere. */
  source: SettingSource;
  /** The methodSettings key the value was read from. */
  key?: string;
}

/** Does the stage override any method's settings (a parseable key other than the default)? */
export function hasMethodOverrides(stage: Stage): boolean {
  return overrideIndex(stage).all.length > 0;
}

/**
 * The value of one method-setting field for one method, override over default.
 * `effectiveSetting(stage, '/pets', 'GET', 'loggingLevel')`. Runs for every method of every
 * stage and field: nothing is allocated but the answer.
 */
export function effectiveSetting<K extends keyof MethodSetting>(
  stage: Stage,
  path: string,
  httpMethod: string,
  field: K,
): EffectiveSetting<NonNullable<MethodSetting[K]>> {
  const { byPath } = overrideIndex(stage);
  const methods = byPath.size === 0 ? undefined : byPath.get(normalizePath(path));
  if (methods) {
    const exact = firstSet(methods.get(httpMethod.toUpperCase()), field, 'method');
    if (exact) return exact;
    const resource = firstSet(methods.get('*'), field, 'resource');
    if (resource) return resource;
  }
  const fallback = stageDefault(stage)?.[field];
  if (fallback !== undefined && fallback !== null) {
    return { value: fallback as NonNullable<MethodSetting[K]>, source: 'stage', key: DEFAULT_KEY };
  }
  return { value: undefined, source: 'unset' };
}

/** The first of these overrides (in key order) that sets the field. */
function firstSet<K extends keyof MethodSetting>(
  overrides: readonly MethodOverride[] | undefined,
  field: K,
  source: 'method' | 'resource',
): EffectiveSetting<NonNullable<MethodSetting[K]>> | undefined {
  if (overrides === undefined) return undefined;
  for (const o of overrides) {
    const value = o.setting[field];
    if (value !== undefined && value !== null) return { value: value as NonNullable<MethodSetting[K]>, source, key: o.key };
  }
  return undefined;
}

/**
 * The value a settings entry (the default or one override) resolves to for a field, with an
 * override falling back to the default. Used where a check judges entries rather than methods.
 */
export function entrySetting<K extends keyof MethodSetting>(
  stage: Stage,
  key: string,
  field: K,
): MethodSetting[K] | undefined {
  const own = stage.methodSettings?.[key]?.[field];
  if (own !== undefined && own !== null) return own;
  return key === DEFAULT_KEY ? undefined : stageDefault(stage)?.[field];
}

/**
 * The value a settings entry resolves to for the methods it covers, through every layer: an
 * exact method key (`~1pets/GET`) falls back to its resource's key (`~1pets/*`), then to the
 * default, as `effectiveSetting` resolves a method. An unparseable key falls back to the default.
 */
export function resolvedEntrySetting<K extends keyof MethodSetting>(
  stage: Stage,
  key: string,
  field: K,
): NonNullable<MethodSetting[K]> | undefined {
  const parsed = parseSettingKey(key);
  if (parsed.kind === 'method') return effectiveSetting(stage, parsed.path, parsed.httpMethod, field).value;
  return (entrySetting(stage, key, field) ?? undefined) as NonNullable<MethodSetting[K]> | undefined;
}

export interface RestMethodRef {
  path: string;
  /** Upper case, as the resource names it (`ANY` included). */
  httpMethod: string;
  /** `GET /pets` */
  label: string;
  method: Method;
}

/** Every method of an API's resources, sorted by path then method. */
/** Several checks list the same API's methods; the inventory is immutable during a run. */
const methodsCache = new WeakMap<readonly Resource[], readonly RestMethodRef[]>();

export function restMethods(resources: readonly Resource[]): readonly RestMethodRef[] {
  const cached = methodsCache.get(resources);
  if (cached) return cached;
  const methods = Object.freeze(listMethods(resources));
  methodsCache.set(resources, methods);
  return methods;
}

function listMethods(resources: readonly Resource[]): RestMethodRef[] {
  const out: RestMethodRef[] = [];
  for (const { key: path, item: resource } of inKeyOrder(resources, (r) => normalizePath(r.path))) {
    const methods = resource.resourceMethods ?? {};
    const verbs = inKeyOrder(Object.keys(methods), (verb) => verb.toUpperCase());
    for (let i = 0; i < verbs.length; i++) {
      const httpMethod = verbs[i]!.key;
      out.push({ path, httpMethod, label: methodLabel(httpMethod, path), method: methods[verbs[i]!.item]! });
    }
  }
  return sortedByMethod(out);
}

/**
 * Items with their keys, sorted by key, stably; not sorted when already in order. Resources by
 * path, then each resource's verbs by method name: a list of methods made in that order is
 * sorted as `compareMethods` sorts it, equal methods in the order they had, from sorting the few
 * resources rather than their many methods. Only two resources with the same path can leave it
 * unsorted (`sortedByMethod`).
 */
export function inKeyOrder<T>(items: readonly T[], keyOf: (item: T) => string): { key: string; item: T }[] {
  const keyed = items.map((item) => ({ key: keyOf(item), item }));
  if (!isSortedBy(keyed, (a, b) => a.key <= b.key)) keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed;
}

/** The methods sorted by `compareMethods` (stably); a list already in order is returned as it is. */
export function sortedByMethod<M extends { path: string; httpMethod: string }>(methods: M[]): M[] {
  return isSortedBy(methods, (a, b) => compareMethods(a, b) <= 0) ? methods : methods.sort(compareMethods);
}

function isSortedBy<T>(items: readonly T[], inOrder: (a: T, b: T) => boolean): boolean {
  for (let i = 1; i < items.length; i++) if (!inOrder(items[i - 1]!, items[i]!)) return false;
  return true;
}

type DeployedMethods = DeployedRestConfig['methods'];

/** Lists of deployed methods → the first list read with the same methods, field for field. */
const canonicalLists = new WeakMap<DeployedMethods, DeployedMethods>();
/** How many of the lists read last a new one is compared with. */
const RECENT_LISTS = 4;
/**
 * The lists read last, newest first, held strongly: at most `RECENT_LISTS` lists outlive their
 * reader. (A `WeakRef` would be no lighter: V8 keeps every `WeakRef` target made or read during
 * a job alive until the job ends, and a whole evaluation is one job, so a ring of weak references
 * kept every list ever read, as long as the run and the reports after it.)
 */
const recentLists: DeployedMethods[] = [];

/**
 * The first list of methods read that holds these very methods, field for field (this list
 * when none did). The stages of an API mostly serve deployments of one draft, each read from
 * its own export: what is worked out from a deployment's methods alone can be kept per
 * canonical list and serve them all. Compared with the last few lists read only, so a list
 * equal to one read long before stays its own.
 */
export function canonicalMethods(methods: DeployedMethods): DeployedMethods {
  const known = canonicalLists.get(methods);
  if (known) return known;
  let canonical = methods;
  for (const recent of recentLists) {
    if (sameDeployedMethods(recent, methods)) {
      canonical = recent;
      break;
    }
  }
  canonicalLists.set(methods, canonical);
  if (canonical === methods) {
    recentLists.unshift(methods);
    if (recentLists.length > RECENT_LISTS) recentLists.length = RECENT_LISTS;
  }
  return canonical;
}

/** `canonicalMethods(methods)` when it is already known, else the list itself: never compares. */
export function knownCanonicalMethods(methods: DeployedMethods): DeployedMethods {
  return canonicalLists.get(methods) ?? methods;
}

/**
 * The methods a deployment serves, in the shape of `restMethods`, so the same judging helpers
 * apply. An API summary carries no integrations: its methods have none. Built once per
 * canonical list (`canonicalMethods`), so deployments with the same methods share one array,
 * and every reader's memo keyed on it (`splitMethods` …) serves them all.
 */
const deployedCache = new WeakMap<DeployedMethods, readonly RestMethodRef[]>();

/**
 * `api`: the API the deployment belongs to. A deployment made from its draft as it stands (the
 * common case) serves methods that read exactly as the draft's: its list is then the draft's own
 * `restMethods` list (see `readsAsDraft`), not a second one like it.
 */
export function deployedMethods(config: DeployedRestConfig, api?: Pick<RestApi, 'resources'>): readonly RestMethodRef[] {
  const canonical = canonicalMethods(config.methods);
  let refs = deployedCache.get(canonical);
  if (!refs) {
    const draftMethods = api?.resources.ok ? restMethods(api.resources.value) : undefined;
    refs =
      draftMethods !== undefined && readsAsDraft(canonical, draftMethods)
        ? draftMethods
        : deployedRefsOf(canonical);
    deployedCache.set(canonical, refs);
  }
  return refs;
}

/**
 * Would the refs of these deployed methods read, one for one and in order, as the draft's refs
 * do? Readers of a deployed ref read its path, verb and label, and of its method the verb,
 * authorization type, scopes, API-key flag and integration (type, URI, connection, TLS); each of
 * those must be the same value on the draft's method (the draft's integration holds more fields,
 * which no reader of a deployed method reads). Anything else keeps the deployment its own refs.
 */
export function readsAsDraft(deployed: DeployedMethods, draft: readonly RestMethodRef[]): boolean {
  if (deployed.length !== draft.length) return false;
  for (let i = 0; i < deployed.length; i++) {
    const m = deployed[i]!;
    const ref = draft[i]!;
    const method = ref.method;
    const verb = m.httpMethod.toUpperCase();
    if (ref.httpMethod !== verb || method.httpMethod !== verb || ref.path !== normalizePath(m.path)) return false;
    if (method.authorizationType !== m.authorizationType || method.apiKeyRequired !== m.apiKeyRequired) return false;
    if (!sameScopes(method.authorizationScopes, m.authorizationScopes)) return false;
    if (!sameIntegrationReading(method.methodIntegration, m.integration)) return false;
  }
  return true;
}

/** A deployed ref reads no scopes (undefined) for an empty list: the draft must list none, or the same ones. */
function sameScopes(draft: readonly string[] | undefined, deployed: readonly string[] | undefined): boolean {
  if (draft === undefined) return deployed === undefined || deployed.length === 0;
  return draft.length > 0 && sameList(draft, deployed);
}

function sameIntegrationReading(draft: Method['methodIntegration'], deployed: DeployedMethod['integration']): boolean {
  if (draft === undefined || deployed === undefined) return draft === deployed;
  if (draft.type !== deployed.type || draft.uri !== deployed.uri) return false;
  if (draft.connectionType !== deployed.connectionType || draft.connectionId !== deployed.connectionId) return false;
  const a = draft.tlsConfig;
  const b = deployed.tlsConfig;
  if (a === undefined || b === undefined) return a === b;
  return a.insecureSkipVerification === b.insecureSkipVerification && Object.keys(a).length === Object.keys(b).length;
}

/**
 * A deployed method as the method readers see it: the ref is its own `method` (one object per
 * method, not two, for every deployed method of the run), reading the fields a deployment states
 * of a method from the snapshot's record under `Method`'s names. Its scopes and integration are
 * the snapshot's own objects, not copies: nothing reading a method changes it, and these refs are
 * kept for the run.
 */
class DeployedMethodRef implements RestMethodRef {
  readonly path: string;
  /** Upper case, as `Method.httpMethod` of a deployed method reads too. */
  readonly httpMethod: string;
  readonly label: string;
  readonly #deployed: DeployedMethod;

  constructor(m: DeployedMethod) {
    this.path = normalizePath(m.path);
    this.httpMethod = m.httpMethod.toUpperCase();
    this.label = methodLabel(this.httpMethod, this.path);
    this.#deployed = m;
  }

  get method(): Method {
    return this as unknown as Method;
  }

  get authorizationType(): string {
    return this.#deployed.authorizationType;
  }

  /** Undefined when the deployment lists none, as a method with no scopes reads. */
  get authorizationScopes(): string[] | undefined {
    const scopes = this.#deployed.authorizationScopes;
    return scopes?.length ? scopes : undefined;
  }

  get apiKeyRequired(): boolean | undefined {
    return this.#deployed.apiKeyRequired;
  }

  get methodIntegration(): Method['methodIntegration'] {
    return this.#deployed.integration;
  }
}

function deployedMethodRef(m: DeployedMethod): RestMethodRef {
  return new DeployedMethodRef(m);
}

/** Deployed methods as refs of their own, sorted (`deployedMethods` without its memo and sharing). */
export function deployedRefsOf(methods: DeployedMethods): readonly RestMethodRef[] {
  return Object.freeze(methods.map(deployedMethodRef).sort(compareMethods));
}

export function compareMethods(a: { path: string; httpMethod: string }, b: { path: string; httpMethod: string }): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return a.httpMethod < b.httpMethod ? -1 : a.httpMethod > b.httpMethod ? 1 : 0;
}

/**
 * Does this method let callers in without credentials? `authorizationType` is a free string
 * (`NONE`, `AWS_IAM`, `CUSTOM`, `COGNITO_USER_POOLS`); a missing one is read as NONE, since
 * nothing then enforces authentication. `apiKeyRequired` is deliberately ignored: a key is not
 * authentication.
 */
export function isUnauthenticated(authorizationType: string | undefined): boolean {
  // An empty or blank type enforces nothing either.
  return (authorizationType?.trim().toUpperCase() || 'NONE') === 'NONE';
}

/** The authorization types of REST API methods this apiposture knows. */
export const REST_AUTHORIZATION_TYPES: readonly string[] = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'];

/**
 * Methods whose authorization type this apiposture does not know (a newer AWS feature), as
 * `GET /pets (MAGIC)`: they can be shown neither open nor protected, so a check must not pass them.
 */
export function unknownAuthorizationTypes(methods: readonly RestMethodRef[]): string[] {
  return methods
    .filter((m) => !isUnauthenticated(m.method.authorizationType))
    .filter((m) => !REST_AUTHORIZATION_TYPES.includes(m.method.authorizationType!.trim().toUpperCase()))
    .map((m) => `${m.label} (${m.method.authorizationType!.trim()})`);
}

/** The invalid-data reason for `unknownAuthorizationTypes`. */
export function unknownAuthorizationReason(labels: readonly string[]): string {
  return `an authorization type this version of apiposture does not recognise, on ${labels.join(', ')}: check these methods by hand`;
}

/**
 * Which methods an authorization check judges. An `OPTIONS` method is exempt only as a CORS
 * preflight answered by API Gateway itself: a `MOCK` integration, which is what "Enable CORS"
 * creates (API Gateway Developer Guide, "CORS for REST APIs in API Gateway"). An `OPTIONS`
 * method that reaches a Lambda, HTTP or AWS backend runs it for whoever calls, and is judged
 * like any other method.
 */
export interface JudgedMethods {
  /** Every non-OPTIONS method, and each OPTIONS method that reaches a backend (or requires authorization). */
  judged: RestMethodRef[];
  /** OPTIONS methods with a MOCK integration: CORS preflights, exempt. */
  preflights: RestMethodRef[];
  /**
   * OPTIONS methods without authorization whose integration is not in the snapshot: a MOCK
   * preflight and an open backend look the same, so no check may pass them unseen.
   */
  integrationUnknown: RestMethodRef[];
}

export function judgedMethods(methods: readonly RestMethodRef[]): JudgedMethods {
  const out: JudgedMethods = { judged: [], preflights: [], integrationUnknown: [] };
  for (const m of methods) {
    const type = m.method.methodIntegration?.type?.trim().toUpperCase();
    if (m.httpMethod !== 'OPTIONS') out.judged.push(m);
    else if (type === 'MOCK') out.preflights.push(m);
    else if (type || !isUnauthenticated(m.method.authorizationType)) out.judged.push(m);
    else out.integrationUnknown.push(m);
  }
  return out;
}

/** The invalid-data reason for `JudgedMethods.integrationUnknown`. */
export function unknownPreflightReason(labels: readonly string[], where = 'the snapshot'): string {
  return (
    `the integration of ${labels.join(', ')} (authorization NONE) is not in ${where}, so a MOCK CORS preflight ` +
    'cannot be told from a method that runs a backend unauthenticated: check these methods by hand'
  );
}

/**
 * REST API integrations as the integration checks see them: which methods call an HTTP backend,
 * over which scheme, through the internet or a VPC link.
 *
 * `GetResources` with `embed=methods` returns each method's `methodIntegration`; a method without
 * one is **unknown** (its integration was not returned), never assumed to be anything.
 * Integration URIs may reference stage variables (`http://${stageVariables.host}/x`, or the whole
 * URL as `${stageVariables.url}`): when the scheme itself comes from a variable it is resolved
 * per stage, and per canary (whose stage variable overrides apply to its traffic). The readers
 * here serve HTTP and WebSocket integrations too, whose stages carry `StageVariables`.
 */
import { restMethods, type RestMethodRef } from './method-settings.js';
import { redactUri } from '../util/redact.js';
import { MAX_LIST_ITEMS, moreNotShown } from '../util/shortened-lists.js';
import type { Integration, Resource, Stage } from '../inventory/schema.js';
import { CheckRunMemo } from '../engine/check-run-memo.js';

export interface HttpIntegrationRef extends RestMethodRef {
  integration: Integration;
  /** Upper case: `HTTP` or `HTTP_PROXY`. */
  type: string;
  /** `INTERNET` (the default when unset) or `VPC_LINK`. */
  connectionType: string;
  uri: string | undefined;
}

export interface RestIntegrations {
  /** Methods whose integration type is HTTP or HTTP_PROXY. */
  http: HttpIntegrationRef[];
  /** Methods with another integration type (AWS, AWS_PROXY, MOCK). */
  other: RestMethodRef[];
  /** Methods whose integration was not in the snapshot. */
  unknown: RestMethodRef[];
}

/** What `restIntegrations` returns: shared by every caller, so read-only. */
export interface FrozenIntegrations {
  readonly http: readonly HttpIntegrationRef[];
  readonly other: readonly RestMethodRef[];
  readonly unknown: readonly RestMethodRef[];
}

const HTTP_TYPES = new Set(['HTTP', 'HTTP_PROXY']);

/** Every stage of an API reads the same integrations; the inventory is immutable during a run. */
const integrationsCache = new WeakMap<readonly Resource[], FrozenIntegrations>();

export function restIntegrations(resources: readonly Resource[]): FrozenIntegrations {
  const cached = integrationsCache.get(resources);
  if (cached) return cached;
  const { http, other, unknown } = sortIntegrations(resources);
  const integrations = Object.freeze({ http: Object.freeze(http), other: Object.freeze(other), unknown: Object.freeze(unknown) });
  integrationsCache.set(resources, integrations);
  return integrations;
}

function sortIntegrations(resources: readonly Resource[]): RestIntegrations {
  const out: RestIntegrations = { http: [], other: [], unknown: [] };
  for (const ref of restMethods(resources)) {
    const integration = ref.method.methodIntegration;
    const type = integration?.type === undefined ? undefined : upperTrimmed(integration.type);
    if (!integration || !type) out.unknown.push(ref);
    else if (HTTP_TYPES.has(type)) {
      // Spelled out rather than spread from `ref`: one object shape for every method.
      out.http.push({
        path: ref.path,
        httpMethod: ref.httpMethod,
        label: ref.label,
        method: ref.method,
        integration,
        type,
        connectionType: (integration.connectionType === undefined ? '' : upperTrimmed(integration.connectionType)) || 'INTERNET',
        uri: integration.uri,
      });
    } else out.other.push(ref);
  }
  return out;
}

/** `value.trim().toUpperCase()`, without the copies for the values AWS writes (already so). */
function upperTrimmed(value: string): string {
  return KNOWN_UPPER.has(value) ? value : value.trim().toUpperCase();
}

const KNOWN_UPPER = new Set(['HTTP', 'HTTP_PROXY', 'AWS', 'AWS_PROXY', 'MOCK', 'INTERNET', 'VPC_LINK']);

export type UriScheme = 'http' | 'https' | 'other' | 'unknown';

export function schemeOf(uri: string | undefined): UriScheme {
  if (!uri) return 'unknown';
  const match = /^([a-z][a-z0-9+.-]*):\/\//i.exec(uri.trim());
  if (!match) return 'unknown';
  const scheme = match[1]!.toLowerCase();
  return scheme === 'http' || scheme === 'https' ? scheme : 'other';
}

/** `${stageVariables.backend}/x`, `http${stageVariables.s}://…`: a stage variable decides the scheme. */
export function schemeFromStageVariable(uri: string): boolean {
  const value = uri.trim();
  return !/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && STAGE_VARIABLE.test(value);
}

const STAGE_VARIABLE = /\$\{stageVariables\.([A-Za-z0-9_]+)\}/;

const STAGE_VARIABLES = new RegExp(STAGE_VARIABLE.source, 'g');

/** Replaces `${stageVariables.name}` references with their values; unset ones stay as written. */
export function substituteStageVariables(uri: string, variables: Readonly<Record<string, string>> | undefined): string {
  if (!uri.includes('${stageVariables.')) return uri;
  return uri.replace(STAGE_VARIABLES, (whole, name: string) =>
    variables && Object.hasOwn(variables, name) ? variables[name]! : whole,
  );
}

/** The stage variables a request sees: a stage's own, or its canary's (the stage's with the overrides applied). */
export interface VariableScope {
  /** `stage prod`, `stage prod, canary`. */
  name: string;
  variables: Readonly<Record<string, string>> | undefined;
}

/**
 * Every REST stage by name, each followed by its canary when it has one: "stage variables
 * overridden for a canary release deployment" (API reference, CanarySettings) apply to the
 * canary's share of the traffic, the stage's own values to the rest.
 */
export function restVariableScopes(stages: readonly Stage[]): VariableScope[] {
  return [...stages]
    .sort((a, b) => a.stageName.localeCompare(b.stageName))
    .flatMap((stage) => [
      { name: `stage ${stage.stageName}`, variables: stage.variables },
      ...(stage.canarySettings
        ? [{ name: `stage ${stage.stageName}, canary`, variables: { ...stage.variables, ...stage.canarySettings.stageVariableOverrides } }]
        : []),
    ]);
}

export interface SchemeReading {
  /** The URI as called, or as written when it cannot be resolved; redacted (`redactUri`) either way. */
  uri: string;
  scheme: UriScheme;
  /** The stage (or canary) it was resolved for; absent when no stage variable decides the scheme. */
  scope?: string;
  /** Why the scheme could not be read, when a stage variable decides it. */
  unresolved?: string;
}

/**
 * The scheme an integration URI calls, per stage (and canary) when a stage variable supplies it.
 * `scopes` undefined means the stages are unknown. A stage whose variable is unset yields an
 * `unknown` scheme with the reason, never a guess.
 */
export function readSchemes(uri: string | undefined, scopes: readonly VariableScope[] | undefined): SchemeReading[] {
  const value = uri?.trim() ?? '';
  if (value === '') return [{ uri: '(no URI)', scheme: 'unknown' }];
  if (!schemeFromStageVariable(value)) return [{ uri: redactUri(value), scheme: schemeOf(value) }];
  const written = redactUri(value);
  if (scopes === undefined) return [{ uri: written, scheme: 'unknown', unresolved: 'stage variables not available' }];
  if (scopes.length === 0) return [{ uri: written, scheme: 'unknown', unresolved: 'no stage sets stage variables' }];
  return scopes.map((scope) => {
    const resolved = substituteStageVariables(value, scope.variables);
    const scheme = schemeOf(resolved);
    if (scheme === 'unknown' && STAGE_VARIABLE.test(resolved)) {
      return { uri: written, scheme, scope: scope.name, unresolved: 'stage variable unset' };
    }
    return { uri: redactUri(resolved), scheme, scope: scope.name };
  });
}

/**
 * `readSchemes` that remembers its answer for each URI no stage variable enters: such a reading
 * is the same for every stage, and the same few backends recur on every stage of an account.
 * One reader per run (its memory lives as long as the reader).
 */
export function schemeReader(): (uri: string | undefined, scopes: readonly VariableScope[] | undefined) => readonly SchemeReading[] {
  const fixed = new Map<string, readonly SchemeReading[]>();
  return (uri, scopes) => {
    if (uri === undefined) return readSchemes(uri, scopes);
    let readings = fixed.get(uri);
    if (readings) return readings;
    readings = readSchemes(uri, scopes);
    const value = uri.trim();
    if (value !== '' && !schemeFromStageVariable(value)) fixed.set(uri, readings);
    return readings;
  };
}

/** What `rest-stage-client-certificate` shows of an API's integrations: the same for each of its stages. */
export interface IntegrationLabels {
  /** `GET /pets → https://backend.example.com/pets`, URIs redacted. */
  http: readonly string[];
  unknown: readonly string[];
}

/** What `rest-stage-client-certificate` reads of an API's integrations: counts and labels, no method refs. */
export interface IntegrationSummary {
  httpCount: number;
  otherCount: number;
  labels: IntegrationLabels;
}

/** Read by one check (rest-stage-client-certificate): held for its run only. */
const summaryCache = new CheckRunMemo<readonly Resource[], IntegrationSummary>();

/**
 * `restIntegrations` and the labels of its integrations reduced to what each stage's result shows, once per
 * API: the sorted method refs are dropped once counted and labelled, not held for the run.
 */
export function integrationSummary(resources: readonly Resource[]): IntegrationSummary {
  return summaryCache.of(resources, () => summarise(restMethods(resources)));
}

/**
 * `sortIntegrations` counted and labelled in one pass, each list shortened as a result would shorten
 * it (its first MAX_LIST_ITEMS, then how many more: `boundList`'s rule): a longer list would only be cut when each stage's result is made. No
 * integration ref is made, and a label past what the list keeps is never spelled (nor its URI redacted).
 */
function summarise(methods: readonly RestMethodRef[]): IntegrationSummary {
  const http = new ShortenedLabels();
  const unknown = new ShortenedLabels();
  let otherCount = 0;
  for (const ref of methods) {
    const integration = ref.method.methodIntegration;
    const type = integration?.type === undefined ? undefined : upperTrimmed(integration.type);
    if (!integration || !type) unknown.add(ref, (m) => m.label);
    else if (HTTP_TYPES.has(type)) http.add(ref, (m) => `${m.label} → ${integration.uri ? redactUri(integration.uri) : '(no URI)'}`);
    else otherCount += 1;
  }
  return Object.freeze({ httpCount: http.count, otherCount, labels: Object.freeze({ http: http.list(), unknown: unknown.list() }) });
}

/** Labels that arrive one at a time: those a shortened list keeps (all, up to one past MAX_LIST_ITEMS), and the count. */
class ShortenedLabels {
  count = 0;
  private readonly labels: string[] = [];

  add<T>(item: T, label: (item: T) => string): void {
    this.count += 1;
    if (this.labels.length <= MAX_LIST_ITEMS) this.labels.push(label(item));
  }

  list(): readonly string[] {
    if (this.count <= MAX_LIST_ITEMS + 1) return Object.freeze(this.labels);
    return Object.freeze([...this.labels.slice(0, MAX_LIST_ITEMS), moreNotShown(this.count - MAX_LIST_ITEMS)]);
  }
}



import { DRIFT_MESSAGES } from '../../src/analysis/drift.js';
import { sameDeployedAuthorizer } from '../../src/analysis/same-deployed.js';
import { CheckRunMemo } from '../../src/engine/check-run-memo.js';
import { defineCheck } from '../../src/engine/define.js';
import type { Severity } from '../../src/engine/types.js';
import { draftHoldsMethods, restDraftApiLevel, restDraftConfig, type RestDraftApiLevel } from '../../src/analysis/deployed.js';
import { compareMethods, isUnauthenticated, knownCanonicalMethods, methodLabel, REST_AUTHORIZATION_TYPES } from '../../src/analysis/method-settings.js';
import { redactUri } from '../../src/util/redact.js';
import { schemeOf, substituteStageVariables } from '../../src/analysis/rest-integrations.js';
import type { CollectionError, DeployedMethod, DeployedRestConfig, RestApi } from '../../src/inventory/schema.js';
import { describeUnjudged, judgedOnOf, servedParts, unjudgedOutcome, type ServedPart, type Unjudged } from '../../src/analysis/stage-serves.js';
import type { RestStageEntity } from '../../src/inventory/view.js';

type MessageId = 'in-sync' | 'fix-not-deployed' | 'weaker-in-draft' | 'changed-in-draft';

/**
 * `fix-not-deployed`: the draft is stronger than what is live, so the live weakness stays
 * exposed; `weaker-in-draft`: the next deployment makes a weaker configuration live;
 * `changed`: different, neither stronger nor weaker (another authorizer, another backend).
 */
type Kind = 'fix-not-deployed' | 'weaker-in-draft' | 'changed';

interface Difference {
  kind: Kind;
  part: ServedPart['role'];
  /** `GET /orders`, `authorizer token-check`, `API`. */
  subject: string;
  point: string;
  live: string;
  draft: string;
}

/** Whether a live side that is weaker than the draft leaves a method open to anyone. */
interface Finding extends Difference {
  liveUnauthenticated?: boolean;
}

type Comparison = { kind: Kind } | undefined;

/** `live` below `draft`: the fix is not deployed; above: the draft is weaker; equal: no difference. */
function byRank(live: number, draft: number): Comparison {
  if (live === draft) return undefined;
  return { kind: live < draft ? 'fix-not-deployed' : 'weaker-in-draft' };
}

// ── Authorization: NONE < NONE + API key < an authorizer (< the same authorizer + API key) ──

interface Access {
  type: string;
  apiKey: boolean;
  authorizer: string | undefined;
}

function accessOf(m: DeployedMethod): Access {
  return { type: m.authorizationType.trim().toUpperCase() || 'NONE', apiKey: m.apiKeyRequired, authorizer: m.authorizerName };
}

function describeAccess(a: Access): string {
  return `${a.type}${a.authorizer ? ` (authorizer ${a.authorizer})` : ''}${a.apiKey ? ' + API key' : ''}`;
}

/** 0 NONE, 1 NONE + API key, 2 an authorizer, 3 an authorizer + API key; undefined for an unknown type. */
function accessRank(a: Access): number | undefined {
  if (!REST_AUTHORIZATION_TYPES.includes(a.type)) return undefined;
  return (isUnauthenticated(a.type) ? 0 : 2) + (a.apiKey ? 1 : 0);
}

/** An API summary names no authorizers: only the types are compared then. */
function compareAccess(live: Access, draft: Access, namesKnown: boolean): Comparison {
  const sameAuthorizer = !namesKnown || live.authorizer === draft.authorizer;
  if (live.type === draft.type && live.apiKey === draft.apiKey && sameAuthorizer) return undefined;
  const liveRank = accessRank(live);
  const draftRank = accessRank(draft);
  if (liveRank === undefined || draftRank === undefined) return { kind: 'changed' };
  // Two different authorizers (or types of authorizer) are neither stronger nor weaker.
  if (liveRank >= 2 && draftRank >= 2 && (live.type !== draft.type || !sameAuthorizer)) return { kind: 'changed' };
  return byRank(liveRank, draftRank) ?? { kind: 'changed' };
}

// ── Integration: http < https without certificate verification < https ──

type DeployedIntegration = NonNullable<DeployedMethod['integration']>;

const HTTP_TYPES = new Set(['HTTP', 'HTTP_PROXY']);

function integrationType(i: DeployedIntegration): string {
  return i.type?.trim().toUpperCase() ?? '';
}

function connectionOf(i: DeployedIntegration): string {
  return i.connectionType?.trim().toUpperCase() || 'INTERNET';
}

/** The fields that make two integrations the same backend, normalised as AWS treats them. */
function sameIntegration(a: DeployedIntegration, b: DeployedIntegration): boolean {
  if (a === b) return true;
  return (
    integrationType(a) === integrationType(b) &&
    (a.uri?.trim() ?? '') === (b.uri?.trim() ?? '') &&
    connectionOf(a) === connectionOf(b) &&
    (a.connectionId ?? '') === (b.connectionId ?? '') &&
    (a.tlsConfig?.insecureSkipVerification === true) === (b.tlsConfig?.insecureSkipVerification === true)
  );
}

function describeIntegration(i: DeployedIntegration): string {
  const connection = connectionOf(i) === 'VPC_LINK' ? ` via VPC link ${i.connectionId ?? '(unknown)'}` : '';
  const unverified = i.tlsConfig?.insecureSkipVerification === true ? ' (certificate not verified)' : '';
  return `${i.type ?? '(no type)'} ${i.uri === undefined ? '(no URI)' : redactUri(i.uri)}${connection}${unverified}`;
}

/** 0 http, 1 https without certificate verification, 2 https; undefined when not an HTTP scheme the part resolves. */
function tlsRank(i: DeployedIntegration, variables: ServedPart['variables']): number | undefined {
  if (!HTTP_TYPES.has(i.type?.trim().toUpperCase() ?? '')) return undefined;
  const scheme = schemeOf(substituteStageVariables(i.uri?.trim() ?? '', variables));
  if (scheme === 'http') return 0;
  if (scheme === 'https') return i.tlsConfig?.insecureSkipVerification === true ? 1 : 2;
  return undefined;
}

// ── Request validation: no validator < a validator, flag by flag ──

function validationFlags(m: DeployedMethod): [body: boolean, parameters: boolean] {
  return [m.requestValidator?.validateRequestBody === true, m.requestValidator?.validateRequestParameters === true];
}

function describeValidation(m: DeployedMethod): string {
  const v = m.requestValidator;
  if (!v) return 'no validator';
  const [body, parameters] = validationFlags(m);
  const what = [body ? 'body' : undefined, parameters ? 'parameters' : undefined].filter((w) => w !== undefined);
  return `validator ${v.name ?? '(unnamed)'} (${what.length > 0 ? what.join(', ') : 'validates nothing'})`;
}

function compareValidation(live: DeployedMethod, draft: DeployedMethod): Comparison {
  const l = validationFlags(live);
  const d = validationFlags(draft);
  if (l[0] === d[0] && l[1] === d[1]) return undefined;
  if (l.every((flag, i) => !flag || d[i])) return { kind: 'fix-not-deployed' };
  if (d.every((flag, i) => !flag || l[i])) return { kind: 'weaker-in-draft' };
  return { kind: 'changed' };
}

// ── Authorizers, resource policy ──

type DeployedAuthorizer = NonNullable<DeployedRestConfig['authorizers']>[number];

function describeAuthorizer(a: DeployedAuthorizer): string {
  const parts = [
    a.type ? `type ${a.type.toUpperCase()}` : undefined,
    a.authorizerUri ? `function ${a.authorizerUri}` : undefined,
    a.providerARNs?.length ? `user pools ${[...a.providerARNs].sort().join(', ')}` : undefined,
    a.identitySource !== undefined ? `identity source ${a.identitySource || '(none)'}` : undefined,
    a.authorizerResultTtlInSeconds !== undefined ? `TTL ${a.authorizerResultTtlInSeconds} s` : undefined,
  ];
  return parts.filter((p) => p !== undefined).join('; ');
}

/** Only what differs, so the finding shows the change rather than two long descriptions. */
function authorizerChange(live: DeployedAuthorizer, draft: DeployedAuthorizer): { live: string; draft: string } | undefined {
  if (sameDeployedAuthorizer(live, draft)) return undefined;
  const l = describeAuthorizer(live).split('; ');
  const d = describeAuthorizer(draft).split('; ');
  if (l.join() === d.join()) return undefined;
  const only = (xs: string[], ys: string[]) => xs.filter((x) => !ys.includes(x)).join('; ') || '(unset)';
  return { live: only(l, d), draft: only(d, l) };
}

/** The policy as compact JSON (AWS may return it with escaped quotes), or the text when it does not parse. */
function policyText(raw: string | null | undefined): string {
  if (raw === null || raw === undefined || raw.trim() === '') return 'none';
  for (const candidate of [raw, raw.replace(/\\"/g, '"').replace(/\\\//g, '/')]) {
    try {
      return JSON.stringify(JSON.parse(candidate));
    } catch {
      // try the unescaped form, then keep the text
    }
  }
  return raw.trim();
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, sortedKeys(v)]));
}

function samePolicy(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return JSON.stringify(sortedKeys(JSON.parse(a))) === JSON.stringify(sortedKeys(JSON.parse(b)));
  } catch {
    return false;
  }
}

// ── Comparing one served part with the draft ──

interface PartComparison {
  differences: Finding[];
  notCompared: string[];
}

function methodKey(m: DeployedMethod): string {
  return methodLabel(m.httpMethod, m.path);
}

/** A CORS preflight (OPTIONS, MOCK) open by design: adding or removing one is a change, not a weakness. */
function isPreflight(m: DeployedMethod): boolean {
  return m.httpMethod.toUpperCase() === 'OPTIONS' && m.integration?.type?.toUpperCase() === 'MOCK';
}

const methodMaps = new CheckRunMemo<DeployedRestConfig['methods'], ReadonlyMap<string, DeployedMethod>>();

/** A deployment's (or the draft's) methods by `GET /pets`, built once for all the stages that serve it. */
function methodsByKey(config: DeployedRestConfig): ReadonlyMap<string, DeployedMethod> {
  return methodMaps.of(config.methods, (methods) => new Map(methods.map((m) => [methodKey(m), m])));
}

/**
 * A difference between a deployment's methods and the draft's, whatever stage serves it. An
 * integration's TLS rank depends on the stage's variables: `integration` keeps the pair, ranked
 * per stage.
 */
interface MethodDifference extends Omit<Finding, 'part' | 'kind'> {
  kind: Kind;
  integration?: { live: DeployedIntegration; draft: DeployedIntegration };
}

interface MethodComparison {
  differences: MethodDifference[];
  notCompared: string[];
}

type Methods = DeployedRestConfig['methods'];

const NO_METHOD_DIFFERENCES: Readonly<{ differences: readonly MethodDifference[]; notCompared: readonly string[] }> = Object.freeze({
  differences: Object.freeze([]),
  notCompared: Object.freeze([]),
});

/** The other method comparisons, by deployment, then by draft. */
const methodComparisons = new CheckRunMemo<Methods, WeakMap<Draft, MethodComparison>>();

/** The methods of a deployment compared with the draft's, once per pair for every stage that serves it. */
function methodComparison(live: DeployedRestConfig, draft: Draft): typeof NO_METHOD_DIFFERENCES {
  // Stages serving deployments with the same methods share a canonical list once a reader of
  // methods has found it (the authorization checks do): one walk per API rather than per stage.
  const methods = knownCanonicalMethods(live.methods);
  if (draft.inSync.has(methods)) return NO_METHOD_DIFFERENCES;
  const known = methodComparisons.get(live.methods)?.get(draft);
  if (known) return known;
  // A deployment made from the draft as it stands (the common case): every method equals itself,
  // found without building the draft's methods.
  if (draftHoldsMethods(draft.api, methods)) {
    draft.inSync.add(methods);
    return NO_METHOD_DIFFERENCES;
  }
  // Only a draft whose methods are sorted when built gets here with the same methods: compared
  // point by point, they show no difference.
  const comparison = compareDeployedMethods(live, fullDraft(draft));
  if (comparison.differences.length === 0 && comparison.notCompared.length === 0) {
    draft.inSync.add(methods);
    return NO_METHOD_DIFFERENCES;
  }
  let byDraft = methodComparisons.get(live.methods);
  if (!byDraft) methodComparisons.set(live.methods, (byDraft = new WeakMap()));
  byDraft.set(draft, comparison);
  return comparison;
}

function compareMethodsOf(part: ServedPart, live: DeployedRestConfig, draft: Draft, out: PartComparison): void {
  const comparison = methodComparison(live, draft);
  for (const { kind, integration, subject, point, live: liveText, draft: draftText, liveUnauthenticated } of comparison.differences) {
    out.differences.push({
      kind: integration ? integrationKind(integration.live, integration.draft, part.variables) : kind,
      part: part.role,
      subject,
      point,
      live: liveText,
      draft: draftText,
      liveUnauthenticated,
    });
  }
  out.notCompared.push(...comparison.notCompared);
}

/** http < https without certificate verification < https, with the stage's variables; another backend on the same footing is a change. */
function integrationKind(live: DeployedIntegration, draft: DeployedIntegration, variables: ServedPart['variables']): Kind {
  const liveRank = tlsRank(live, variables);
  const draftRank = tlsRank(draft, variables);
  return (liveRank === undefined || draftRank === undefined ? undefined : byRank(liveRank, draftRank))?.kind ?? 'changed';
}

function compareDeployedMethods(live: DeployedRestConfig, draft: DeployedRestConfig): MethodComparison {
  const out: MethodComparison = { differences: [], notCompared: [] };
  const full = live.source === 'export';
  const liveMethods = methodsByKey(live);
  const draftMethods = methodsByKey(draft);
  const keys = [...new Set([...liveMethods.keys(), ...draftMethods.keys()])];
  const ordered = keys.map((key) => ({ key, m: (liveMethods.get(key) ?? draftMethods.get(key))! })).sort((a, b) => compareMethods(a.m, b.m));
  const add = (kind: Kind, subject: string, point: string, liveText: string, draftText: string, liveUnauthenticated = false) =>
    out.differences.push({ kind, subject, point, live: liveText, draft: draftText, liveUnauthenticated });

  for (const { key } of ordered) {
    const l = liveMethods.get(key);
    const d = draftMethods.get(key);
    if (l && !d) {
      const open = isUnauthenticated(l.authorizationType) && !isPreflight(l);
      add(open ? 'fix-not-deployed' : 'changed', key, 'method', describeAccess(accessOf(l)), '(removed)', open);
      continue;
    }
    if (d && !l) {
      const open = isUnauthenticated(d.authorizationType) && !isPreflight(d);
      add(open ? 'weaker-in-draft' : 'changed', key, 'method', '(not served)', describeAccess(accessOf(d)));
      continue;
    }
    if (!l || !d) continue;
    const access = compareAccess(accessOf(l), accessOf(d), full);
    if (access) {
      const liveAccess = full ? accessOf(l) : { ...accessOf(l), authorizer: undefined };
      const draftAccess = full ? accessOf(d) : { ...accessOf(d), authorizer: undefined };
      add(access.kind, key, 'authorization', describeAccess(liveAccess), describeAccess(draftAccess), isUnauthenticated(l.authorizationType));
    }
    if (!full) continue;
    compareIntegration(key, l, d, out);
    const validation = compareValidation(l, d);
    if (validation) add(validation.kind, key, 'request validation', describeValidation(l), describeValidation(d));
  }
  return out;
}

function compareIntegration(key: string, live: DeployedMethod, draft: DeployedMethod, out: MethodComparison): void {
  const l = live.integration;
  const d = draft.integration;
  if (!l && !d) return;
  if (!l || !d) {
    out.notCompared.push(`${key}: integration not in the ${l ? 'draft' : 'deployed'} view`);
    return;
  }
  if (sameIntegration(l, d)) return;
  out.differences.push({ kind: 'changed', integration: { live: l, draft: d }, subject: key, point: 'integration', live: describeIntegration(l), draft: describeIntegration(d), liveUnauthenticated: false });
}

function compareApiLevel(part: ServedPart, live: DeployedRestConfig, draft: RestDraftApiLevel, out: PartComparison): void {
  const add = (kind: Kind, subject: string, point: string, liveText: string, draftText: string) =>
    out.differences.push({ kind, part: part.role, subject, point, live: liveText, draft: draftText });

  const draftAuthorizers = new Map((draft.authorizers ?? []).map((a) => [a.name, a]));
  for (const liveAuthorizer of [...(live.authorizers ?? [])].sort((a, b) => a.name.localeCompare(b.name))) {
    const draftAuthorizer = draftAuthorizers.get(liveAuthorizer.name);
    const change = draftAuthorizer && authorizerChange(liveAuthorizer, draftAuthorizer);
    if (change) add('changed', `authorizer ${liveAuthorizer.name}`, 'settings', change.live, change.draft);
  }

  if (live.policy === undefined) out.notCompared.push('resource policy: the deployed view does not state it');
  else {
    // The same text reads the same: parse only a policy that differs from the draft's.
    if (live.policy !== draft.policy) {
      const livePolicy = policyText(live.policy);
      const draftPolicy = policyText(draft.policy);
      if (!samePolicy(livePolicy, draftPolicy)) add('changed', 'API', 'resource policy', livePolicy, draftPolicy);
    }
  }

  if (live.disableExecuteApiEndpoint === undefined) out.notCompared.push('default endpoint: the deployed view does not state it');
  else {
    const liveDisabled = live.disableExecuteApiEndpoint;
    const draftDisabled = draft.disableExecuteApiEndpoint === true;
    const state = (disabled: boolean) => (disabled ? 'disabled' : 'enabled');
    // A disabled default endpoint is the stronger side: clients must come through a custom domain.
    const ranked = byRank(liveDisabled ? 1 : 0, draftDisabled ? 1 : 0);
    if (ranked) add(ranked.kind, 'API', 'default endpoint', state(liveDisabled), state(draftDisabled));
  }
}

/**
 * Regional and edge-optimized endpoints are reachable from the internet; a private one only
 * through interface VPC endpoints (Developer Guide, "API endpoint types for REST APIs").
 */
function internetFacing(api: RestApi): boolean {
  return !(api.endpointConfiguration?.types ?? []).some((t) => t.toUpperCase() === 'PRIVATE');
}

/** An API's draft, read lazily: its methods are built only when a deployment differs from them. */
interface Draft {
  api: RestApi;
  resources: RestApi['resources'];
  authorizers: RestApi['authorizers'];
  requestValidators: RestApi['requestValidators'];
  policy: RestApi['policy'];
  disableExecuteApiEndpoint: RestApi['disableExecuteApiEndpoint'];
  apiLevel: RestDraftApiLevel;
  /** Canonical method lists found equal to the draft's. */
  inSync: Set<Methods>;
  full?: DeployedRestConfig;
}

/**
 * The last API's draft. Stages come API by API, so one is enough, and the drafts of the APIs
 * already judged are not held for the rest of the run.
 */
let lastDraft: Draft | undefined;

/** The API's draft, read once for all its stages (again if a part of the draft was replaced); the failed read otherwise. */
function draftOf(api: RestApi): { ok: true; value: Draft } | { ok: false; error: CollectionError } {
  const last = lastDraft;
  if (
    last?.api === api &&
    last.resources === api.resources &&
    last.authorizers === api.authorizers &&
    last.requestValidators === api.requestValidators &&
    last.policy === api.policy &&
    last.disableExecuteApiEndpoint === api.disableExecuteApiEndpoint
  ) {
    return { ok: true, value: last };
  }
  const apiLevel = restDraftApiLevel(api);
  if (!apiLevel.ok) return apiLevel;
  const { resources, authorizers, requestValidators, policy, disableExecuteApiEndpoint } = api;
  lastDraft = { api, resources, authorizers, requestValidators, policy, disableExecuteApiEndpoint, apiLevel: apiLevel.value, inSync: new Set() };
  return { ok: true, value: lastDraft };
}

/** The draft's whole deployed view, built the first time a deployment differs from it. */
function fullDraft(draft: Draft): DeployedRestConfig {
  if (!draft.full) {
    const built = restDraftConfig(draft.api);
    if (!built.ok) throw new Error('the draft was read');
    draft.full = built.value;
  }
  return draft.full;
}

function describeDifference(d: Difference): string {
  return `${d.part === 'canary' ? 'canary: ' : ''}${d.subject}: ${d.point} live ${d.live}, draft ${d.draft}`;
}

export default defineCheck<RestStageEntity, MessageId>({
  id: 'rest-deployment-drift',
  title: 'REST API stages serve the security configuration the draft holds',
  severity: 'medium',
  resourceTypes: ['rest-stage'],
  reads: ['rest-resources', 'rest-authorizers', 'rest-request-validators', 'rest-stages', 'rest-deployments'],
  rationale:
    'A stage serves a deployment, a snapshot of the API made when it was deployed, not the working ' +
    'copy the console and GetResources show: methods, integrations, authorizers, request ' +
    'validators, the resource policy and disableExecuteApiEndpoint reach a stage only when the API ' +
    'is redeployed (Developer Guide, "Updates to REST APIs that require redeployment"). This check ' +
    'compares each stage\'s deployment, and its canary\'s, with the draft on the points that decide ' +
    'security: per method, its presence, authorization (NONE < NONE with an API key < an authorizer, ' +
    'an API key on top of the same authorizer counting as stronger; two different authorizers or ' +
    'authorizer types are a change, neither stronger nor weaker), integration endpoint and TLS ' +
    '(http:// < https:// without certificate verification < https://, the scheme resolved with the ' +
    'stage\'s variables; another backend over the same scheme is a change) and request validation ' +
    '(no validator < a validator, body and parameter validation flag by flag); the settings of each ' +
    'authorizer both sides have; the resource policy and the default endpoint (disabled is ' +
    'stronger) where the deployed view states them. A draft stronger than what is live is a fix made ' +
    'but not deployed: the live weakness stays exposed, so the finding is high, and critical when ' +
    'the live side leaves a method without authentication (an API key is not authentication) on an ' +
    'internet-facing (regional or edge-optimized) API. A draft weaker than what is live, or changed ' +
    'on one of these points, is a medium warning: the next deployment makes it live. A deployment ' +
    'or draft that could not be read, or a canary deployment known only from its API summary (which ' +
    'carries only authorization types and API-key requirements), is an error rather than a pass.',
  remediation: {
    text:
      'Deploy the fixes waiting in the draft to every stage that serves the old deployment, and ' +
      'review what a deployment would make live before running it; deploy from infrastructure as ' +
      'code so that draft and stages do not drift apart.',
    cli: 'aws apigateway create-deployment --rest-api-id <api-id> --stage-name <stage> --description "deploy pending fixes"',
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/updating-api.html',
  },
  mappings: {
    owaspApi2023: ['API8', 'API9'],
  },
  messages: DRIFT_MESSAGES,
  select: (view) => view.restStages(),
  evaluate: ({ stage, api: { api } }, outcome) => {
    const draft = draftOf(api);
    if (!draft.ok) return outcome.gap(draft.error, { stage: stage.stageName, judgedOn: ['draft'] });
    const parts = servedParts(api, stage);
    const stageDeployment = parts[0]!.deployment;
    const unjudged: Unjudged[] = [];
    const comparison: PartComparison = { differences: [], notCompared: [] };
    const compared = new Set<string>();
    for (const part of parts) {
      if (!part.deployment.ok) {
        const { error } = part.deployment;
        unjudged.push({ judgedOn: part.judgedOn, reason: `${error.operation} failed (${error.code}): ${error.message}`, error });
        continue;
      }
      const live = part.deployment.value;
      // A canary on the stage's own deployment serves the same configuration.
      if (compared.has(live.deploymentId)) continue;
      compared.add(live.deploymentId);
      compareMethodsOf(part, live, draft.value, comparison);
      if (live.source === 'export') compareApiLevel(part, live, draft.value.apiLevel, comparison);
      else {
        unjudged.push({
          judgedOn: part.judgedOn,
          reason:
            `${part.judgedOn} was read from its API summary (GetDeployment), which carries only authorization types and ` +
            'API-key requirements: its integrations, request validators, authorizers, resource policy and default endpoint cannot be compared',
        });
      }
    }

    const { differences, notCompared } = comparison;
    const listed = (kind: Kind) => differences.filter((d) => d.kind === kind).map(describeDifference);
    const fixesNotDeployed = listed('fix-not-deployed');
    const weakerInDraft = listed('weaker-in-draft');
    const changedInDraft = listed('changed');
    const evidence = {
      stage: stage.stageName,
      deploymentId: stage.deploymentId ?? '(none)',
      deployedAt: (stageDeployment.ok && stageDeployment.value.createdDate) || 'unknown',
      judgedOn: judgedOnOf(parts),
      differences: differences.map(({ liveUnauthenticated: _open, ...d }) => d),
      fixCount: fixesNotDeployed.length,
      fixesNotDeployed,
      weakerCount: weakerInDraft.length,
      weakerInDraft,
      changedCount: changedInDraft.length,
      changedInDraft,
      notCompared,
      unjudged: describeUnjudged(unjudged),
    };
    if (fixesNotDeployed.length > 0) {
      const exposed = differences.some((d) => d.kind === 'fix-not-deployed' && d.liveUnauthenticated);
      const severity: Severity = exposed && internetFacing(api) ? 'critical' : 'high';
      return outcome.fail('fix-not-deployed', evidence, severity);
    }
    if (weakerInDraft.length > 0) return outcome.fail('weaker-in-draft', evidence);
    if (changedInDraft.length > 0) return outcome.fail('changed-in-draft', evidence);
    if (unjudged.length > 0) return unjudgedOutcome(outcome, unjudged, evidence);
    if (notCompared.some((n) => n.includes('integration not in'))) {
      return outcome.invalid(`some points could not be compared: ${notCompared.join('; ')}`, evidence);
    }
    return outcome.pass('in-sync', evidence);
  },
});

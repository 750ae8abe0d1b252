/**
 * The Lambda functions behind the APIs: which functions the served configuration invokes (REST
 * `AWS` / `AWS_PROXY` integrations and Lambda authorizers, HTTP and WebSocket Lambda
 * integrations and `REQUEST` authorizers), and what their resource policies, function URLs and
 * runtimes open.
 *
 * Only what stages serve names a function: a change reaches callers only once deployed
 * ("Updates to REST APIs that require redeployment"; "Stages for HTTP APIs in API Gateway"), so
 * a function named only in an undeployed draft is not behind a live API and is not collected.
 * Function ARNs may hold stage variables (`…:function:${stageVariables.fn}`): each stage (and
 * canary) resolves them with its own variables; an ARN a stage cannot resolve, or a served view
 * that could not be read, is a gap of that API, never a silent omission.
 */
import { exportedView, servedParts } from './stage-serves.js';
import { substituteStageVariables } from './rest-integrations.js';
import { v2StageServes } from './deployed.js';
import { allowsEveryone, parsePolicy, statementLabel, wildcardMatch, type PolicyStatement } from './policy.js';
import { restApiArn, v2ApiArn } from '../inventory/arns.js';
import { CROSS_ACCOUNT } from '../inventory/links.js';
import type { InventoryPart } from '../inventory/parts.js';
import type { Gap, InventoryView, LambdaFunctionEntity, LambdaUse, OutsideLambdaFunctionEntity, Selection } from '../inventory/view.js';
import type { CollectionError, DeployedMethod, Inventory, LambdaFunction, RestApi, V2Api } from '../inventory/schema.js';
import type { ResourceRef } from '../model/results.js';
import { MAX_LIST_ITEMS, moreNotShown } from '../util/shortened-lists.js';

// ── Naming functions ───────────────────────────────────────────────────────────────────

/** `arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function-arn>/invocations` (REST API reference, Integration.uri). */
const INVOCATION_URI = /^arn:[\w-]+:apigateway:[a-z0-9-]+:lambda:path\/2015-03-31\/functions\/(.+)\/invocations$/;
/** An unqualified or qualified (alias or version) function ARN. */
const FUNCTION_ARN = /^arn:([\w-]+):lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9_$-]+))?$/;
const STAGE_VARIABLE = /\$\{stageVariables\.[A-Za-z0-9_]+\}/;

export interface FunctionArnParts {
  partition: string;
  region: string;
  account: string;
  name: string;
  /** An alias or version, when the ARN is qualified. */
  qualifier?: string;
}

export function parseFunctionArn(arn: string): FunctionArnParts | undefined {
  const match = FUNCTION_ARN.exec(arn.trim());
  if (!match) return undefined;
  return { partition: match[1]!, region: match[2]!, account: match[3]!, name: match[4]!, ...(match[5] ? { qualifier: match[5] } : {}) };
}

/**
 * The function an integration or authorizer URI invokes, as written (stage variables unresolved);
 * undefined when the URI names no Lambda function. HTTP APIs also accept the bare function ARN
 * (API Gateway v2 API reference, Integration.IntegrationUri).
 */
export function lambdaTargetOf(uri: string | undefined): string | undefined {
  const value = uri?.trim();
  if (!value) return undefined;
  const invocation = INVOCATION_URI.exec(value);
  if (invocation) return invocation[1];
  return /^arn:[\w-]+:lambda:/.test(value) ? value : undefined;
}

type Resolved = { ok: true; arn: string } | { ok: false; reason: string };

/** Resolves a function reference with a stage's variables into an ARN the scan can read. */
export function resolveFunctionArn(target: string, variables: Readonly<Record<string, string>> | undefined): Resolved {
  const resolved = substituteStageVariables(target, variables).trim();
  if (STAGE_VARIABLE.test(resolved)) return { ok: false, reason: `${target} names a stage variable the stage does not set` };
  if (!parseFunctionArn(resolved)) return { ok: false, reason: `${resolved} is not the ARN of a Lambda function` };
  return { ok: true, arn: resolved };
}

// ── Who invokes what ───────────────────────────────────────────────────────────────────

/** A served view that names functions the scan cannot know: a gap of its API (or region). */
export interface UnknownFunctions {
  apiArn?: string;
  region: string;
  reason: string;
  error?: CollectionError;
}

export interface FunctionLinks {
  /** By function ARN (as resolved): every API, stage and method or authorizer invoking it. */
  uses: Map<string, LambdaUse[]>;
  unknown: UnknownFunctions[];
}

/**
 * The served part of a REST stage that uses come from (their `where` is `<judgedOn>: <item>`), and
 * whether its items are distinct within each role: then a use of it repeats no other use unless
 * another part has the same `judgedOn`.
 */
interface Place {
  judgedOn: string;
  distinct: boolean;
}

interface ApiLinks {
  /** `where` as written, or a REST part's item (`GET /pets`, `authorizer auth`) whose `where` is spelled when read. */
  add(target: string | undefined, variables: Readonly<Record<string, string>> | undefined, role: LambdaUse['role'], where: string | RestItem, place?: Place): void;
  unknown(reason: string, error?: CollectionError): void;
}

/** Every function the scanned APIs' stages serve, and where that could not be read. */
export function lambdaFunctionLinks(inventory: Pick<Inventory, 'regions' | 'account'>): FunctionLinks {
  const { partition } = inventory.account;
  const uses = new Map<string, LambdaUse[]>();
  // Beside each list of uses, the place of each (REST uses only), and how many parts share each `judgedOn`.
  const placesOf = new Map<LambdaUse[], (Place | undefined)[]>();
  const judgedOnCount = new Map<string, number>();
  const unknown: UnknownFunctions[] = [];
  // A stage's methods mostly name the same few functions: each is resolved once per set of variables.
  const resolvedWith = new WeakMap<object, Map<string, Resolved>>();
  const resolvedWithout = new Map<string, Resolved>();
  // The same few URIs recur on every stage: each is read once.
  const targets = new Map<string, string | undefined>();
  const targetOf = (uri: string | undefined): string | undefined => {
    if (uri === undefined) return undefined;
    if (targets.has(uri)) return targets.get(uri);
    const target = lambdaTargetOf(uri);
    targets.set(uri, target);
    return target;
  };
  const resolve = (written: string, variables: Readonly<Record<string, string>> | undefined): Resolved => {
    // A reference naming no stage variable resolves the same with any.
    const independent = variables === undefined || !written.includes('${stageVariables.');
    let known = independent ? resolvedWithout : resolvedWith.get(variables);
    if (known === undefined) resolvedWith.set(variables!, (known = new Map()));
    let resolved = known.get(written);
    if (resolved === undefined) known.set(written, (resolved = resolveFunctionArn(written, variables)));
    return resolved;
  };
  // Most URIs name no stage variable: each resolves once, whatever the stage (null: it names no function).
  const byUri = new Map<string, Resolved | null>();
  const resolveUri = (uri: string | undefined, variables: Readonly<Record<string, string>> | undefined): Resolved | undefined => {
    if (uri === undefined) return undefined;
    const known = byUri.get(uri);
    if (known !== undefined) return known ?? undefined;
    const written = targetOf(uri);
    if (written === undefined) {
      byUri.set(uri, null);
      return undefined;
    }
    const resolved = resolve(written, variables);
    if (!written.includes('${stageVariables.')) byUri.set(uri, resolved);
    return resolved;
  };
  for (const region of inventory.regions) {
    const linksOf = (apiArn: string, apiName: string): ApiLinks => ({
      add(target, variables, role, where, place) {
        const resolved = resolveUri(target, variables);
        if (resolved === undefined) return;
        if (!resolved.ok) unknown.push({ apiArn, region: region.region, reason: `${typeof where === 'string' ? where : whereOf(where)}: ${resolved.reason}` });
        else {
          const use: LambdaUse = typeof where === 'string' ? { apiArn, apiName, role, where } : new RestUse(apiArn, apiName, role, where);
          let known = uses.get(resolved.arn);
          if (!known) {
            uses.set(resolved.arn, (known = []));
            placesOf.set(known, []);
          }
          known.push(use);
          placesOf.get(known)!.push(place);
        }
      },
      unknown(reason, error) {
        unknown.push({ apiArn, region: region.region, reason, ...(error ? { error } : {}) });
      },
    });
    const rest = region.apigateway.restApis;
    if (!rest.ok) unknown.push({ region: region.region, reason: `the REST APIs of ${region.region} could not be listed`, error: rest.error });
    else for (const api of rest.value) restLinks(api, linksOf(api.arn ?? restApiArn(region.region, api.id, partition), api.name ?? api.id), judgedOnCount);
    const v2 = region.apigatewayv2.apis;
    if (!v2.ok) unknown.push({ region: region.region, reason: `the HTTP and WebSocket APIs of ${region.region} could not be listed`, error: v2.error });
    else for (const api of v2.value) v2Links(api, linksOf(api.arn ?? v2ApiArn(region.region, api.ApiId, partition), api.Name ?? api.ApiId));
  }
  for (const [list, places] of placesOf) {
    distinctUses.set(
      list,
      // `deployment …` never starts an HTTP or WebSocket API's place (`stage …`), and without `: ` in it a place splits one way only.
      places.map((place) => place !== undefined && place.distinct && judgedOnCount.get(place.judgedOn) === 1 && place.judgedOn.startsWith('deployment ') && !place.judgedOn.includes(': ')),
    );
  }
  return { uses, unknown };
}

const LAMBDA_INTEGRATION_TYPES = new Set(['AWS', 'AWS_PROXY']);

/** Is an integration of this type (as written, in any case and spacing) a Lambda one? */
function isLambdaType(type: string | undefined): boolean {
  if (type === 'AWS_PROXY' || type === 'AWS') return true;
  return type !== undefined && LAMBDA_INTEGRATION_TYPES.has(type.trim().toUpperCase());
}

/** A REST part's item: `${judgedOn}: ${verb} ${detail}` is its `where`. */
interface RestItem {
  judgedOn: string;
  verb: string;
  detail: unknown;
}

function whereOf(item: RestItem): string {
  return `${item.judgedOn}: ${item.verb} ${item.detail}`;
}

/**
 * A use from a REST stage, which names every Lambda method of every stage: its `where` is
 * spelled only when read (mostly never; a chain keeps its first lines), not held for each use.
 */
class RestUse implements LambdaUse {
  readonly judgedOn: string;
  readonly verb: string;
  readonly detail: unknown;

  constructor(
    readonly apiArn: string,
    readonly apiName: string,
    readonly role: LambdaUse['role'],
    item: RestItem,
  ) {
    this.judgedOn = item.judgedOn;
    this.verb = item.verb;
    this.detail = item.detail;
  }

  get where(): string {
    return whereOf(this);
  }
}

function restLinks(api: RestApi, links: ApiLinks, judgedOnCount: Map<string, number>): void {
  if (!api.stages.ok) return links.unknown('the stages could not be read', api.stages.error);
  for (const stage of api.stages.value) {
    for (const part of servedParts(api, stage)) {
      const view = exportedView(part, 'integrations or authorizers');
      if ('unjudged' in view) {
        links.unknown(`${view.unjudged.judgedOn}: ${view.unjudged.reason}`, view.unjudged.error);
        continue;
      }
      judgedOnCount.set(part.judgedOn, (judgedOnCount.get(part.judgedOn) ?? 0) + 1);
      const methods = view.config.methods.filter((method) => isLambdaType(method.integration?.type));
      const authorizers = view.config.authorizers ?? [];
      const place: Place = { judgedOn: part.judgedOn, distinct: distinctPlaces(methods, authorizers) };
      for (const method of methods) {
        links.add(method.integration?.uri, part.variables, 'integration', { judgedOn: part.judgedOn, verb: method.httpMethod, detail: method.path }, place);
      }
      for (const authorizer of authorizers) {
        links.add(authorizer.authorizerUri, part.variables, 'authorizer', { judgedOn: part.judgedOn, verb: 'authorizer', detail: authorizer.name }, place);
      }
    }
  }
}

/**
 * Do the items of one part (`GET /pets`, `authorizer auth`) differ within each role? Verb and path
 * are compared apart (no string is built for each method); a verb holding a space could make two
 * pairs read alike, so it counts as a repeat.
 */
function distinctPlaces(methods: readonly DeployedMethod[], authorizers: readonly { name?: string }[]): boolean {
  const verbsByPath = new Map<string, string[]>();
  for (const { httpMethod, path } of methods) {
    if (httpMethod.includes(' ')) return false;
    const verbs = verbsByPath.get(path);
    if (verbs === undefined) verbsByPath.set(path, [httpMethod]);
    else if (verbs.includes(httpMethod)) return false;
    else verbs.push(httpMethod);
  }
  return new Set(authorizers.map((a) => String(a.name))).size === authorizers.length;
}

function v2Links(api: V2Api, links: ApiLinks): void {
  if (!api.stages.ok) return links.unknown('the stages could not be read', api.stages.error);
  for (const stage of [...api.stages.value].sort((a, b) => a.StageName.localeCompare(b.StageName))) {
    const variables = stage.StageVariables;
    const label = `stage ${stage.StageName}`;
    const serves = v2StageServes(api, stage);
    if (serves.kind === 'export') {
      if (!serves.config.ok) {
        links.unknown(`${label}: what it serves could not be read`, serves.config.error);
        continue;
      }
      for (const route of serves.config.value.routes) {
        const type = route.integration?.type?.trim().toUpperCase() ?? '';
        if (LAMBDA_INTEGRATION_TYPES.has(type)) links.add(route.integration?.uri, variables, 'integration', `${label}: ${route.routeKey}`);
        if (route.authorizationType.trim().toUpperCase() === 'CUSTOM') {
          // The export names the authorizer; its URI is read from the API's authorizers.
          const name = route.authorizerName;
          const authorizer = api.authorizers.ok ? api.authorizers.value.find((a) => a.Name === name) : undefined;
          if (!api.authorizers.ok) links.unknown(`${label}: the authorizers could not be read`, api.authorizers.error);
          else if (!authorizer) links.unknown(`${label}: ${route.routeKey} names authorizer ${name ?? '(none)'}, which the API no longer has`);
          else links.add(authorizer.AuthorizerUri, variables, 'authorizer', `${label}: authorizer ${authorizer.Name ?? authorizer.AuthorizerId}`);
        }
      }
      continue;
    }
    // AutoDeploy stages serve the latest configuration; so are WebSocket stages judged (they cannot be exported).
    if (!api.integrations.ok) links.unknown(`${label}: the integrations could not be read`, api.integrations.error);
    else {
      for (const integration of api.integrations.value) {
        const type = integration.IntegrationType?.trim().toUpperCase() ?? '';
        if (LAMBDA_INTEGRATION_TYPES.has(type)) {
          links.add(integration.IntegrationUri, variables, 'integration', `${label}: integration ${integration.IntegrationId ?? '(no id)'}`);
        }
      }
    }
    if (!api.routes.ok) {
      links.unknown(`${label}: the routes could not be read`, api.routes.error);
      continue;
    }
    const authorizerIds = new Set(
      api.routes.value.filter((r) => r.AuthorizationType?.trim().toUpperCase() === 'CUSTOM' && r.AuthorizerId).map((r) => r.AuthorizerId!),
    );
    if (authorizerIds.size === 0) continue;
    if (!api.authorizers.ok) {
      links.unknown(`${label}: the authorizers could not be read`, api.authorizers.error);
      continue;
    }
    for (const authorizer of api.authorizers.value.filter((a) => authorizerIds.has(a.AuthorizerId))) {
      links.add(authorizer.AuthorizerUri, variables, 'authorizer', `${label}: authorizer ${authorizer.Name ?? authorizer.AuthorizerId}`);
    }
  }
}

// ── The functions as checks see them ───────────────────────────────────────────────────

/** The gap code of a function reference no stage variable of the stage resolves, or not an ARN. */
export const UNRESOLVED = 'UnresolvedFunctionArn';

/** GetFunctionConfiguration's answer when the function does not exist. */
export const FUNCTION_NOT_FOUND = 'ResourceNotFoundException';

/** Why a function an API names is outside what the scan can judge; undefined for a real gap. */
export function functionOutsideReason(error: CollectionError): string | undefined {
  if (error.code === CROSS_ACCOUNT) return error.message;
  if (error.code === FUNCTION_NOT_FOUND && error.operation === 'GetFunctionConfiguration') {
    return `${error.resource} does not exist in the scanned account: calls to it fail, and nothing of it can be judged`;
  }
  return undefined;
}

/** What could not be named, grouped by API (or region, when its APIs could not be listed), in order. */
function unknownByApi(unknowns: readonly UnknownFunctions[]): UnknownFunctions[][] {
  const groups = new Map<string, UnknownFunctions[]>();
  for (const unknown of unknowns) {
    const key = unknown.apiArn ?? `region:${unknown.region}`;
    const group = groups.get(key);
    if (group) group.push(unknown);
    else groups.set(key, [unknown]);
  }
  return [...groups.values()];
}

/** How many reasons one gap spells out; the rest are counted. */
const REASONS_SHOWN = 3;

/**
 * The reasons of one API's gap: the lead's first, then the other distinct ones. One result per
 * API, whatever the number of stages and methods that name a function the scan cannot resolve.
 */
function unknownReasons(unknowns: readonly UnknownFunctions[], lead: UnknownFunctions): string {
  const reasons = [...new Set([lead.reason, ...unknowns.map((unknown) => unknown.reason)])];
  const shown = reasons.slice(0, REASONS_SHOWN).join('; ');
  const more = reasons.length - REASONS_SHOWN;
  return more > 0 ? `${shown}; and ${more} more` : shown;
}

/** Every Lambda check reads the same links: computed once per view (a view lives for one run). */
const viewLinks = new WeakMap<InventoryView, FunctionLinks>();

function linksOfView(view: InventoryView): FunctionLinks {
  let links = viewLinks.get(view);
  if (!links) {
    links = lambdaFunctionLinks(view.inventory);
    viewLinks.set(view, links);
  }
  return links;
}

/**
 * Every function the served configuration invokes (as `role` only, when given), with the APIs it
 * serves (each result counts towards each of them), those of other accounts as outside the scan,
 * and one gap for each API whose served view could not be read or whose function ARNs could not be
 * resolved (it may hide a function of either role).
 */
export function lambdaFunctions(
  view: InventoryView,
  role?: LambdaUse['role'],
): Selection<LambdaFunctionEntity | OutsideLambdaFunctionEntity> {
  const all = linksOfView(view);
  const links: FunctionLinks = { uses: new Map(all.uses), unknown: all.unknown };
  if (role) {
    for (const [arn, uses] of links.uses) {
      const kept = uses.filter((use) => use.role === role);
      if (kept.length) links.uses.set(arn, kept);
      else links.uses.delete(arn);
    }
  }
  const apiRefs = new Map<string, ResourceRef>([...view.restApis().targets, ...view.v2Apis().targets].map((t) => [t.ref.arn, t.ref]));
  const gaps: Gap[] = unknownByApi(links.unknown).map((unknowns) => {
    const lead = unknowns.find((unknown) => unknown.error) ?? unknowns[0]!;
    const ref = (lead.apiArn && apiRefs.get(lead.apiArn)) || view.regionRef(lead.region);
    const message = `the Lambda functions behind ${ref.name} are unknown: ${unknownReasons(unknowns, lead)}`;
    const error: CollectionError = lead.error
      ? { ...lead.error, message: `${message} (${lead.error.message})` }
      : // No call failed: the function to call could not be named.
        { service: 'lambda', operation: 'GetFunctionConfiguration', region: lead.region, resource: lead.apiArn ?? lead.region, code: UNRESOLVED, message };
    return { ref, error };
  });
  const targets: (LambdaFunctionEntity | OutsideLambdaFunctionEntity)[] = [];
  const collected = view.inventory.shared.lambdaFunctions ?? {};
  for (const [arn, usedBy] of [...links.uses].sort(([a], [b]) => a.localeCompare(b))) {
    const parts = parseFunctionArn(arn);
    const ref: ResourceRef = {
      arn,
      type: 'lambda-function',
      name: parts ? `${parts.name}${parts.qualifier ? `:${parts.qualifier}` : ''}` : arn,
      account: parts?.account ?? view.accountId,
      region: parts?.region ?? '',
      linkedApiArns: linkedApiArns(usedBy),
    };
    const slot = Object.hasOwn(collected, arn) ? collected[arn] : undefined;
    if (!slot) {
      const error: CollectionError = {
        service: 'lambda',
        operation: 'GetFunctionConfiguration',
        region: ref.region,
        resource: arn,
        code: 'NotCollected',
        message: 'the function was not in the snapshot',
      };
      gaps.push({ ref, error });
    } else if (!slot.ok) {
      const reason = functionOutsideReason(slot.error);
      if (reason) targets.push({ kind: 'outside-lambda-function', reason, usedBy, ref });
      else gaps.push({ ref, error: slot.error });
    } else {
      targets.push({ kind: 'lambda-function', fn: slot.value, usedBy, ref });
    }
  }
  return { targets, gaps };
}

const linkedArns = new WeakMap<readonly LambdaUse[], string[]>();

/** The APIs a function serves, sorted: once per list of uses (the checks reading every role share the lists). */
function linkedApiArns(usedBy: readonly LambdaUse[]): string[] {
  let arns = linkedArns.get(usedBy);
  if (!arns) {
    const distinct = new Set<string>();
    for (const use of usedBy) distinct.add(use.apiArn);
    linkedArns.set(usedBy, (arns = [...distinct].sort()));
  }
  return [...arns];
}

/** Which uses of a list (from `lambdaFunctionLinks`) are known to repeat no other: they need no comparing. */
const distinctUses = new WeakMap<readonly LambdaUse[], readonly boolean[]>();

const onceUses = new WeakMap<readonly LambdaUse[], readonly LambdaUse[]>();

/**
 * The uses that make distinct chain lines, in order. Within one chain the function's name and the
 * finding are the same on every line, and a role never holds a newline: two lines are the same
 * exactly when API name and place (`a → b`) and role are.
 */
function usesOnce(usedBy: readonly LambdaUse[]): readonly LambdaUse[] {
  let uses = onceUses.get(usedBy);
  if (uses === undefined) {
    const distinct = distinctUses.get(usedBy);
    // By place first (no key is built for each use, nothing is allocated for a place seen once),
    // then API name and role among the few uses of one place.
    const seen = new Map<string, LambdaUse | LambdaUse[]>();
    uses = usedBy.filter((use, i) => {
      if (distinct?.[i] === true) return true;
      const same = seen.get(use.where);
      if (same === undefined) {
        seen.set(use.where, use);
        return true;
      }
      const others = Array.isArray(same) ? same : [same];
      if (others.some((other) => other.apiName === use.apiName && other.role === use.role)) return false;
      seen.set(use.where, [...others, use]);
      return true;
    });
    onceUses.set(usedBy, uses);
  }
  return uses;
}

/**
 * `orders-api → stage prod: GET /orders → orders-handler (integration)`, once each. A function
 * many methods invoke gets the lines a result can keep, then how many more there are: a longer
 * list would only be cut when the result is made.
 */
export function invocationChain(ref: Pick<ResourceRef, 'name'>, usedBy: readonly LambdaUse[], finding?: string): string[] {
  const uses = usesOnce(usedBy);
  const line = (use: LambdaUse) => `${use.apiName} → ${use.where} → ${ref.name} (${use.role})${finding ? `: ${finding}` : ''}`;
  if (uses.length <= MAX_LIST_ITEMS) return uses.map(line);
  return [...uses.slice(0, MAX_LIST_ITEMS).map(line), moreNotShown(uses.length - MAX_LIST_ITEMS)];
}

/** What the Lambda checks read: what the stages serve (to name the functions), and the functions. */
export const LAMBDA_READS = [
  'rest-stages',
  'rest-deployments',
  'v2-stages',
  'v2-routes',
  'v2-integrations',
  'v2-authorizers',
  'v2-exports',
  'lambda-functions',
] as const satisfies readonly InventoryPart[];

/** NOT_APPLICABLE message for functions outside the scan. */
export const FUNCTION_OUTSIDE_MESSAGE = 'Not judged: {reason}.';

// ── Resource policies ──────────────────────────────────────────────────────────────────

const INVOKE_FUNCTION = 'lambda:InvokeFunction';
const INVOKE_FUNCTION_URL = 'lambda:InvokeFunctionUrl';
const API_GATEWAY_PRINCIPAL = 'apigateway.amazonaws.com';

function coversAction(s: PolicyStatement, action: string): boolean {
  if (s.Action) return s.Action.some((a) => wildcardMatch(a, action, true));
  if (s.NotAction) return !s.NotAction.some((a) => wildcardMatch(a, action, true));
  return false;
}

function namesApiGateway(s: PolicyStatement): boolean {
  const principal = s.Principal;
  if (!principal || principal === '*') return false;
  return Object.entries(principal).some(
    ([type, values]) => type.toLowerCase() === 'service' && values.some((v) => v.trim().toLowerCase() === API_GATEWAY_PRINCIPAL),
  );
}

/** Operators whose match pins a key to the values listed (wildcards allowed in the `Like` ones). */
const PINNING_OPERATORS = /^(stringequals|stringequalsignorecase|stringlike|arnequals|arnlike)(ifexists)?$/;
const ACCOUNT_KEYS = new Set(['aws:sourceaccount', 'aws:principalaccount', 'aws:sourceowner']);
const ORG_KEYS = new Set(['aws:principalorgid', 'aws:sourceorgid']);

/** An ARN value whose account field is one fixed account: `arn:aws:execute-api:eu-west-1:123456789012:abc123/*`. */
function pinsAccount(arnValue: string): boolean {
  const fields = arnValue.trim().split(':');
  return fields.length >= 6 && fields[0] === 'arn' && /^\d{12}$/.test(fields[4] ?? '');
}

/**
 * The condition that ties the statement to callers of known accounts or an organization, or
 * undefined. A source ARN whose account is a wildcard (`arn:aws:execute-api:*:*:*`) pins nothing:
 * the Config rule lambda-function-public-access-prohibited counts only fixed values as non-public.
 */
export function bindingCondition(s: PolicyStatement): string | undefined {
  for (const [operator, keys] of Object.entries(s.Condition ?? {})) {
    const op = operator.trim().toLowerCase();
    if (!PINNING_OPERATORS.test(op)) continue;
    for (const [key, values] of Object.entries(keys)) {
      const k = key.trim().toLowerCase();
      if (values.length === 0) continue;
      const pinned =
        (k === 'aws:sourcearn' && values.every(pinsAccount)) ||
        (ACCOUNT_KEYS.has(k) && values.every((v) => /^\d{12}$/.test(v.trim()))) ||
        (ORG_KEYS.has(k) && values.every((v) => /^o-[a-z0-9]{10,32}$/.test(v.trim())));
      if (pinned) return `${operator} ${key} ${values.join(',')}`;
    }
  }
  return undefined;
}

export interface PolicyGrant {
  statement: string;
  /** What makes it open, for evidence. */
  reason: string;
}

export interface FunctionPolicyAnalysis {
  /** Allows anyone (`*`) to invoke the function, with nothing pinning the caller's account. */
  publicInvoke: PolicyGrant[];
  /** Allows API Gateway to invoke it without a source ARN or account pinning an account (confused deputy). */
  unboundApiGateway: PolicyGrant[];
  /** Allows anyone to call its function URL (what an `AuthType: NONE` URL needs to answer). */
  publicUrlInvoke: PolicyGrant[];
}

/**
 * Judges a function's resource-based policy (Lambda Developer Guide, "Viewing resource-based IAM
 * policies in Lambda" and "Granting Lambda function access to AWS services": a service principal
 * without `aws:SourceArn` / `aws:SourceAccount` lets that service invoke the function on behalf
 * of any account, "Cross-service confused deputy prevention"). Allow statements only: a Deny is
 * not modelled, so a verdict here can only err towards FAIL.
 */
export function analyseFunctionPolicy(text: string): { ok: true; analysis: FunctionPolicyAnalysis } | { ok: false; reason: string } {
  const parsed = parsePolicy(text);
  if (!parsed.ok) return parsed;
  const analysis: FunctionPolicyAnalysis = { publicInvoke: [], unboundApiGateway: [], publicUrlInvoke: [] };
  parsed.document.Statement.forEach((s, index) => {
    if (s.Effect !== 'Allow' || bindingCondition(s) !== undefined) return;
    const statement = statementLabel(s, index);
    if (allowsEveryone(s)) {
      if (coversAction(s, INVOKE_FUNCTION)) analysis.publicInvoke.push({ statement, reason: `allows principal * to call ${INVOKE_FUNCTION}` });
      if (coversAction(s, INVOKE_FUNCTION_URL)) analysis.publicUrlInvoke.push({ statement, reason: `allows principal * to call ${INVOKE_FUNCTION_URL}` });
    } else if (namesApiGateway(s) && coversAction(s, INVOKE_FUNCTION)) {
      analysis.unboundApiGateway.push({
        statement,
        reason: `allows ${API_GATEWAY_PRINCIPAL} to call ${INVOKE_FUNCTION} with no aws:SourceArn or aws:SourceAccount condition pinning an account`,
      });
    }
  });
  return { ok: true, analysis };
}

// ── Runtimes ───────────────────────────────────────────────────────────────────────────

/**
 * Deprecation dates of Lambda-managed runtimes, from the "Lambda runtimes" page of the AWS Lambda
 * Developer Guide (tables "Supported runtimes" and "Deprecated runtimes", as published in
 * November 2025; "Runtime deprecation policy": after deprecation Lambda may no longer patch the
 * runtime). Dates of supported runtimes are AWS's forecasts and may move: update this table
 * with the page. A runtime the table lacks is not judged.
 */
export const RUNTIME_TABLE_DATE = '2025-11';
export const RUNTIME_DEPRECATION: Readonly<Record<string, string>> = {
  'nodejs24.x': '2028-04-30',
  'nodejs22.x': '2027-04-30',
  'nodejs20.x': '2026-04-30',
  'nodejs18.x': '2025-09-01',
  'nodejs16.x': '2024-06-12',
  'nodejs14.x': '2023-12-04',
  'nodejs12.x': '2023-03-31',
  'nodejs10.x': '2021-07-30',
  'nodejs8.10': '2020-03-06',
  'nodejs6.10': '2019-08-12',
  'nodejs4.3': '2020-03-05',
  'nodejs4.3-edge': '2020-03-05',
  nodejs: '2016-10-31',
  'python3.14': '2029-06-30',
  'python3.13': '2029-06-30',
  'python3.12': '2028-10-31',
  'python3.11': '2026-06-30',
  'python3.10': '2026-06-30',
  'python3.9': '2025-12-15',
  'python3.8': '2024-10-14',
  'python3.7': '2023-12-04',
  'python3.6': '2022-07-18',
  'python2.7': '2021-07-15',
  java25: '2029-06-30',
  java21: '2029-06-30',
  java17: '2026-06-30',
  java11: '2026-06-30',
  'java8.al2': '2026-06-30',
  java8: '2024-01-08',
  dotnet10: '2028-11-14',
  dotnet8: '2026-11-10',
  dotnet7: '2024-05-14',
  dotnet6: '2024-11-12',
  'dotnet5.0': '2022-05-10',
  'dotnetcore3.1': '2023-04-03',
  'dotnetcore2.1': '2022-01-05',
  'dotnetcore2.0': '2019-05-30',
  'dotnetcore1.0': '2019-07-27',
  'ruby3.4': '2028-03-31',
  'ruby3.3': '2027-03-31',
  'ruby3.2': '2026-03-31',
  'ruby2.7': '2023-11-27',
  'ruby2.5': '2021-07-30',
  'provided.al2023': '2029-06-30',
  'provided.al2': '2026-06-30',
  provided: '2024-01-08',
  'go1.x': '2024-01-08',
};

export type RuntimeState =
  | { state: 'image' }
  | { state: 'unknown'; reason: string }
  | { state: 'deprecated' | 'supported'; runtime: string; deprecationDate: string };

/** Is the function's runtime past its deprecation date at `at` (the snapshot's time)? */
export function runtimeState(fn: Pick<LambdaFunction, 'Runtime' | 'PackageType'>, at: Date): RuntimeState {
  const runtime = fn.Runtime?.trim();
  if (!runtime) {
    if (fn.PackageType?.trim().toLowerCase() === 'image') return { state: 'image' };
    return { state: 'unknown', reason: 'GetFunctionConfiguration returned no Runtime for a .zip function' };
  }
  const deprecationDate = RUNTIME_DEPRECATION[runtime];
  if (!deprecationDate) {
    return { state: 'unknown', reason: `runtime ${runtime} is not in apiposture's table of Lambda runtimes (as of ${RUNTIME_TABLE_DATE})` };
  }
  const deprecated = Date.parse(`${deprecationDate}T00:00:00Z`) <= at.getTime();
  return { state: deprecated ? 'deprecated' : 'supported', runtime, deprecationDate };
}

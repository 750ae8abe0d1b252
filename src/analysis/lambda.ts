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
import type { Gap, InventoryView, LambdaFunctionEntity, LambdaUse, LambdaUses, OutsideLambdaFunctionEntity, Selection } from '../inventory/view.js';
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

/** The API a use comes from. */
interface UsingApi {
  arn: string;
  name: string;
}

/** Where the walk over the served configuration reports each use of a function it could name. */
interface UseSink {
  /**
   * A use of `arn` whose `where` is `${place}: ${verb} ${detail}` (REST, spelled only when read), or
   * `place` itself when `verb` is undefined (HTTP and WebSocket). `distinct`: it is known to repeat
   * no other use (then it need not be compared).
   */
  use(arn: string, api: UsingApi, role: LambdaUse['role'], place: string, verb: string | undefined, detail: unknown, distinct: boolean): void;
}

/** `where` of a use, as the walk reports it. */
function whereOf(place: string, verb: string | undefined, detail: unknown): string {
  return verb === undefined ? place : `${place}: ${verb} ${detail}`;
}

function useOf(api: UsingApi, role: LambdaUse['role'], place: string, verb: string | undefined, detail: unknown): LambdaUse {
  return verb === undefined ? { apiArn: api.arn, apiName: api.name, role, where: place } : new RestUse(api.arn, api.name, role, place, verb, detail);
}

/** Every function the scanned APIs' stages serve, each with every use of it, and where that could not be read. */
export function lambdaFunctionLinks(inventory: Pick<Inventory, 'regions' | 'account'>): FunctionLinks {
  const uses = new Map<string, LambdaUse[]>();
  const unknown = walkFunctionUses(inventory, {
    use(arn, api, role, place, verb, detail) {
      const use = useOf(api, role, place, verb, detail);
      const known = uses.get(arn);
      if (known) known.push(use);
      else uses.set(arn, [use]);
    },
  });
  return { uses, unknown };
}

/**
 * Walks what every stage serves in order, reporting each use of a function to `sink`; returns what
 * could not be named. `judgedOnCount` (how many REST parts each `judgedOn` names), when given, lets
 * it tell uses that repeat no other.
 */
function walkFunctionUses(inventory: Pick<Inventory, 'regions' | 'account'>, sink: UseSink, judgedOnCount?: ReadonlyMap<string, number>): UnknownFunctions[] {
  const { partition } = inventory.account;
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
  const resolveFixed = (uri: string | undefined): Resolved | undefined | typeof NAMES_STAGE_VARIABLE => {
    if (uri === undefined) return undefined;
    const known = byUri.get(uri);
    if (known !== undefined) return known ?? undefined;
    return targetOf(uri)?.includes('${stageVariables.') ? NAMES_STAGE_VARIABLE : resolveUri(uri, undefined);
  };
  // Stages that serve equal deployments share one method list: each is read once.
  const methodLists = new WeakMap<readonly DeployedMethod[], LambdaMethods>();
  for (const region of inventory.regions) {
    const linksOf = (api: UsingApi): ApiLinks => ({
      methodsOf: (methods) => lambdaMethodsOf(methods, methodLists, resolveFixed),
      use(arn, role, place, verb, detail, distinct) {
        sink.use(arn, api, role, place, verb, detail, distinct);
      },
      add(target, variables, role, place, verb, detail, distinct = false) {
        const resolved = resolveUri(target, variables);
        if (resolved === undefined) return;
        if (resolved.ok) sink.use(resolved.arn, api, role, place, verb, detail, distinct);
        else unknown.push({ apiArn: api.arn, region: region.region, reason: `${whereOf(place, verb, detail)}: ${resolved.reason}` });
      },
      unknown(reason, error) {
        unknown.push({ apiArn: api.arn, region: region.region, reason, ...(error ? { error } : {}) });
      },
    });
    const rest = region.apigateway.restApis;
    if (!rest.ok) unknown.push({ region: region.region, reason: `the REST APIs of ${region.region} could not be listed`, error: rest.error });
    else for (const api of rest.value) restLinks(api, linksOf({ arn: api.arn ?? restApiArn(region.region, api.id, partition), name: api.name ?? api.id }), judgedOnCount);
    const v2 = region.apigatewayv2.apis;
    if (!v2.ok) unknown.push({ region: region.region, reason: `the HTTP and WebSocket APIs of ${region.region} could not be listed`, error: v2.error });
    else for (const api of v2.value) v2Links(api, linksOf({ arn: api.arn ?? v2ApiArn(region.region, api.ApiId, partition), name: api.Name ?? api.ApiId }));
  }
  return unknown;
}

interface ApiLinks {
  /** What a deployed method list invokes. */
  methodsOf(methods: readonly DeployedMethod[]): LambdaMethods;
  /** A use of a function named by a reference already resolved. */
  use(arn: string, role: LambdaUse['role'], place: string, verb: string, detail: unknown, distinct: boolean): void;
  /** A use at `place` (`where` as `whereOf` spells it). */
  add(
    target: string | undefined,
    variables: Readonly<Record<string, string>> | undefined,
    role: LambdaUse['role'],
    place: string,
    verb?: string,
    detail?: unknown,
    distinct?: boolean,
  ): void;
  unknown(reason: string, error?: CollectionError): void;
}

/** How many REST parts name each `judgedOn` (those whose view could be read). */
function countJudgedOn(inventory: Pick<Inventory, 'regions'>): Map<string, number> {
  const count = new Map<string, number>();
  for (const region of inventory.regions) {
    const rest = region.apigateway.restApis;
    if (!rest.ok) continue;
    for (const api of rest.value) {
      if (!api.stages.ok) continue;
      for (const stage of api.stages.value) {
        for (const part of servedParts(api, stage)) {
          if ('config' in exportedView(part, 'integrations or authorizers')) count.set(part.judgedOn, (count.get(part.judgedOn) ?? 0) + 1);
        }
      }
    }
  }
  return count;
}

const LAMBDA_INTEGRATION_TYPES = new Set(['AWS', 'AWS_PROXY']);

/** Is an integration of this type (as written, in any case and spacing) a Lambda one? */
function isLambdaType(type: string | undefined): boolean {
  if (type === 'AWS_PROXY' || type === 'AWS') return true;
  return type !== undefined && LAMBDA_INTEGRATION_TYPES.has(type.trim().toUpperCase());
}

/**
 * A use from a REST stage, which names every Lambda method of every stage: its `where` is
 * spelled only when read (mostly never; a chain keeps its first lines), not held for each use.
 */
class RestUse implements LambdaUse {
  constructor(
    readonly apiArn: string,
    readonly apiName: string,
    readonly role: LambdaUse['role'],
    readonly judgedOn: string,
    readonly verb: string,
    readonly detail: unknown,
  ) {}

  get where(): string {
    return `${this.judgedOn}: ${this.verb} ${this.detail}`;
  }
}

/** What a deployed method list invokes: read once however many stages serve it (equal lists are shared). */
interface LambdaMethods {
  /** Its Lambda methods. */
  methods: DeployedMethod[];
  /** Its items (`GET /pets`) differ. */
  distinct: boolean;
  /**
   * When no method of it names a stage variable (each then names the same function on every stage):
   * what each method's URI names (undefined: no function), by the index of `methods`.
   */
  resolved?: (Resolved | undefined)[];
}

/**
 * `lists`: those read so far in one walk; `resolve`: how the walk resolves a URI naming no stage
 * variable (whatever the stage's variables).
 */
function lambdaMethodsOf(
  list: readonly DeployedMethod[],
  lists: WeakMap<readonly DeployedMethod[], LambdaMethods>,
  resolve: (uri: string | undefined) => Resolved | undefined | typeof NAMES_STAGE_VARIABLE,
): LambdaMethods {
  let known = lists.get(list);
  if (known === undefined) {
    const methods = list.filter((method) => isLambdaType(method.integration?.type));
    known = { methods, distinct: distinctMethods(methods) };
    const resolved: (Resolved | undefined)[] = [];
    for (const method of methods) {
      const named = resolve(method.integration?.uri);
      if (named === NAMES_STAGE_VARIABLE) break;
      resolved.push(named);
    }
    if (resolved.length === methods.length) known.resolved = resolved;
    lists.set(list, known);
  }
  return known;
}

/** A reference that names a stage variable: each stage resolves it with its own. */
const NAMES_STAGE_VARIABLE = Symbol('names a stage variable');

function restLinks(api: RestApi, links: ApiLinks, judgedOnCount: ReadonlyMap<string, number> | undefined): void {
  if (!api.stages.ok) return links.unknown('the stages could not be read', api.stages.error);
  for (const stage of api.stages.value) {
    for (const part of servedParts(api, stage)) {
      const view = exportedView(part, 'integrations or authorizers');
      if ('unjudged' in view) {
        links.unknown(`${view.unjudged.judgedOn}: ${view.unjudged.reason}`, view.unjudged.error);
        continue;
      }
      const { judgedOn, variables } = part;
      const { methods, distinct: distinctItems, resolved } = links.methodsOf(view.config.methods);
      const authorizers = view.config.authorizers ?? [];
      const distinct = distinctItems && new Set(authorizers.map((a) => String(a.name))).size === authorizers.length;
      // A use repeats no other when its items differ and no other part spells its `where` alike: `deployment …` never
      // starts an HTTP or WebSocket API's place (`stage …`), and without `: ` in it a place splits one way only.
      const once =
        judgedOnCount !== undefined && distinct && judgedOnCount.get(judgedOn) === 1 && judgedOn.startsWith('deployment ') && !judgedOn.includes(': ');
      if (resolved) {
        for (let i = 0; i < methods.length; i++) {
          const named = resolved[i];
          if (named === undefined) continue;
          const { httpMethod, path } = methods[i]!;
          if (named.ok) links.use(named.arn, 'integration', judgedOn, httpMethod, path, once);
          else links.unknown(`${judgedOn}: ${httpMethod} ${path}: ${named.reason}`);
        }
      } else {
        for (const method of methods) links.add(method.integration?.uri, variables, 'integration', judgedOn, method.httpMethod, method.path, once);
      }
      for (const authorizer of authorizers) links.add(authorizer.authorizerUri, variables, 'authorizer', judgedOn, 'authorizer', authorizer.name, once);
    }
  }
}

/**
 * Do the items of methods (`GET /pets`) differ? Verb and path are compared apart (no string is built
 * for each method); a verb holding a space could make two pairs read alike, so it counts as a repeat.
 */
function distinctMethods(methods: readonly DeployedMethod[]): boolean {
  const verbsByPath = new Map<string, string | string[]>();
  for (const { httpMethod, path } of methods) {
    if (httpMethod.includes(' ')) return false;
    const verbs = verbsByPath.get(path);
    if (verbs === undefined) verbsByPath.set(path, httpMethod);
    else if (verbs === httpMethod || (Array.isArray(verbs) && verbs.includes(httpMethod))) return false;
    else verbsByPath.set(path, Array.isArray(verbs) ? [...verbs, httpMethod] : [verbs, httpMethod]);
  }
  return true;
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

/** Every Lambda check reads the same uses: summed up once per view (a view lives for one run). */
const viewUses = new WeakMap<InventoryView, FunctionUseSummaries>();

interface FunctionUseSummaries {
  /** By function ARN, sorted. */
  functions: [string, FunctionUses][];
  unknown: UnknownFunctions[];
}

function usesOfView(view: InventoryView): FunctionUseSummaries {
  let known = viewUses.get(view);
  if (!known) {
    const { functions, unknown } = functionUseSummaries(view.inventory);
    known = { functions: [...functions].sort(([a], [b]) => a.localeCompare(b)), unknown };
    viewUses.set(view, known);
  }
  return known;
}

/**
 * What a chain shows of some uses of a function: the first distinct ones, how many distinct ones
 * there are, and every API among them (repeats included).
 */
export class UsesSummary implements LambdaUses {
  readonly shown: LambdaUse[] = [];
  count = 0;
  private readonly apis = new Set<string>();
  private lastApi: string | undefined;
  private sortedApis: string[] | undefined;

  /** Are there as many lines as a chain shows? */
  get full(): boolean {
    return this.count >= MAX_LIST_ITEMS;
  }

  /** A use of `api`, counted unless it repeats one before it (`use` is made when the summary is not full). */
  add(api: UsingApi, repeat: boolean, use: LambdaUse | undefined): void {
    if (api.arn !== this.lastApi) {
      this.apis.add(api.arn);
      this.lastApi = api.arn;
    }
    if (repeat) return;
    if (this.count < MAX_LIST_ITEMS) this.shown.push(use!);
    this.count += 1;
  }

  /** The APIs, sorted. */
  apiArns(): string[] {
    return [...(this.sortedApis ??= [...this.apis].sort())];
  }
}

/** The uses of one function: all of them, and those of each role. */
export class FunctionUses {
  readonly all = new UsesSummary();
  integration: UsesSummary | undefined;
  authorizer: UsesSummary | undefined;
  /**
   * The uses not known to repeat no other, by `where`: `role\napiName` of each. Within one chain the
   * function's name and the finding are the same on every line, and a role never holds a newline:
   * two lines are the same exactly when API name, place and role are.
   */
  seen: Map<string, string | string[]> | undefined = new Map();

  add(api: UsingApi, role: LambdaUse['role'], place: string, verb: string | undefined, detail: unknown, distinct: boolean): void {
    const repeat = !distinct && this.repeats(api.name, role, whereOf(place, verb, detail));
    const ofRole = role === 'integration' ? (this.integration ??= new UsesSummary()) : (this.authorizer ??= new UsesSummary());
    // Only the lines a chain shows are made.
    const use = repeat || (this.all.full && ofRole.full) ? undefined : useOf(api, role, place, verb, detail);
    this.all.add(api, repeat, use);
    ofRole.add(api, repeat, use);
  }

  /** The summary of the uses of `role` (of all, without one); undefined when there are none. */
  of(role: LambdaUse['role'] | undefined): UsesSummary | undefined {
    return role === undefined ? this.all : this[role];
  }

  /** Does a use before this one make the same line? Records it when not. */
  private repeats(apiName: string, role: LambdaUse['role'], where: string): boolean {
    const key = `${role}\n${apiName}`;
    const seen = (this.seen ??= new Map());
    const same = seen.get(where);
    if (same === undefined) seen.set(where, key);
    else if (same === key || (Array.isArray(same) && same.includes(key))) return true;
    else seen.set(where, Array.isArray(same) ? [...same, key] : [same, key]);
    return false;
  }
}

/** The summary of uses given one by one (each compared with those before it), of all roles. */
export function summarizeUses(uses: Iterable<LambdaUse>): LambdaUses & { apiArns(): string[] } {
  const summary = new FunctionUses();
  for (const use of uses) summary.add({ arn: use.apiArn, name: use.apiName }, use.role, use.where, undefined, undefined, false);
  return summary.all;
}

/**
 * Every function the served configuration invokes, with what its chains show: built in one walk
 * without keeping a use per method (a function many stages invoke has a use per method of each),
 * after one walk over the parts that counts their `judgedOn` to know which uses repeat no other.
 */
export function functionUseSummaries(inventory: Pick<Inventory, 'regions' | 'account'>): { functions: Map<string, FunctionUses>; unknown: UnknownFunctions[] } {
  const functions = new Map<string, FunctionUses>();
  let lastArn: string | undefined;
  let last: FunctionUses | undefined;
  const usesOf = (arn: string): FunctionUses => {
    // A stage's methods mostly name the function the method before named.
    if (arn !== lastArn) {
      lastArn = arn;
      last = functions.get(arn);
      if (last === undefined) functions.set(arn, (last = new FunctionUses()));
    }
    return last!;
  };
  const sink: UseSink = {
    use(arn, api, role, place, verb, detail, distinct) {
      usesOf(arn).add(api, role, place, verb, detail, distinct);
    },
  };
  const unknown = walkFunctionUses(inventory, sink, countJudgedOn(inventory));
  for (const uses of functions.values()) uses.seen = undefined;
  return { functions, unknown };
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
  const { functions, unknown } = usesOfView(view);
  const apiRefs = new Map<string, ResourceRef>([...view.restApis().targets, ...view.v2Apis().targets].map((t) => [t.ref.arn, t.ref]));
  const gaps: Gap[] = unknownByApi(unknown).map((unknowns) => {
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
  for (const [arn, uses] of functions) {
    const usedBy = uses.of(role);
    if (usedBy === undefined) continue;
    const parts = parseFunctionArn(arn);
    const ref: ResourceRef = {
      arn,
      type: 'lambda-function',
      name: parts ? `${parts.name}${parts.qualifier ? `:${parts.qualifier}` : ''}` : arn,
      account: parts?.account ?? view.accountId,
      region: parts?.region ?? '',
      linkedApiArns: usedBy.apiArns(),
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

/**
 * `orders-api → stage prod: GET /orders → orders-handler (integration)`, once each. A function
 * many methods invoke gets the lines a result can keep, then how many more there are: a longer
 * list would only be cut when the result is made.
 */
export function invocationChain(ref: Pick<ResourceRef, 'name'>, usedBy: LambdaUses, finding?: string): string[] {
  const line = (use: LambdaUse) => `${use.apiName} → ${use.where} → ${ref.name} (${use.role})${finding ? `: ${finding}` : ''}`;
  const lines = usedBy.shown.map(line);
  if (usedBy.count > MAX_LIST_ITEMS) lines.push(moreNotShown(usedBy.count - MAX_LIST_ITEMS));
  return lines;
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

/**
 * What a REST API serves, stage by stage: the deployment of each stage and of each canary that
 * runs its own deployment. A change to methods, authorizers, integrations, the resource policy
 * or the default-endpoint switch reaches callers only once deployed ("Every time you update an
 * API, you must redeploy the API to an existing stage or to a new stage": API Gateway Developer
 * Guide, "Deploy REST APIs in API Gateway" and "Updates to REST APIs that require
 * redeployment"), so exposure checks judge these views, not the working copy.
 */
import { canaryDeployment, stageDeployment } from './deployed.js';
import { compareMethods, deployedMethods, isUnauthenticated, judgedMethods, type JudgedMethods, type RestMethodRef } from './method-settings.js';
import type { Collected, CollectionError, DeployedRestConfig, RestApi, Stage } from '../inventory/schema.js';

export interface ServedView {
  /** `prod`, or `prod (canary)` for the canary's share of a stage's traffic. */
  label: string;
  stageName: string;
  canary: boolean;
  deploymentId?: string;
  /** What was judged: `deployment dep1 (stage prod)`, `deployment dep2 (canary of stage prod)`. */
  judgedOn: string;
  config: Collected<DeployedRestConfig>;
}

/**
 * The views a REST API's stages serve, sorted by stage; a canary follows its stage. A canary
 * running the stage's own deployment adds nothing and is left out.
 */
export function restServedViews(api: Pick<RestApi, 'arn' | 'deployments'>, stages: readonly Stage[]): ServedView[] {
  const views: ServedView[] = [];
  for (const stage of [...stages].sort((a, b) => (a.stageName < b.stageName ? -1 : a.stageName > b.stageName ? 1 : 0))) {
    views.push({
      label: stage.stageName,
      stageName: stage.stageName,
      canary: false,
      ...(stage.deploymentId ? { deploymentId: stage.deploymentId } : {}),
      judgedOn: `deployment ${stage.deploymentId ?? '(none)'} (stage ${stage.stageName})`,
      config: stageDeployment(api, stage),
    });
    const canaryId = stage.canarySettings?.deploymentId;
    const canary = canaryDeployment(api, stage);
    if (canary && canaryId && canaryId !== stage.deploymentId) {
      views.push({
        label: `${stage.stageName} (canary)`,
        stageName: stage.stageName,
        canary: true,
        deploymentId: canaryId,
        judgedOn: `deployment ${canaryId} (canary of stage ${stage.stageName})`,
        config: canary,
      });
    }
  }
  return views;
}

/** How a finding names a view: `stage prod`, `the canary of stage prod`. */
export function servedName(view: ServedView): string {
  return view.canary ? `the canary of stage ${view.stageName}` : `stage ${view.stageName}`;
}

/** Where a view's data came from, for reasons: `the export of stage prod`, `the API summary of deployment dep2`. */
export function servedSource(view: ServedView, config: DeployedRestConfig): string {
  return config.source === 'export'
    ? `the export of ${servedName(view)} (deployment ${config.deploymentId})`
    : `the API summary of deployment ${config.deploymentId} (${servedName(view)})`;
}

export interface JudgedPolicy {
  /** The policy text judged; undefined: none. */
  policy: string | undefined;
  /** True when the deployment states its policy; false when the working copy stood in for it. */
  deployed: boolean;
  /** `deployment dep1 (stage prod)` or `working copy (the deployed policy is not visible in …)`. */
  policyJudgedOn: string;
}

/**
 * The resource policy a view serves. When its source does not state one (an API summary
 * carries none; an export may not show it) the working copy's stands in, and says so: that
 * can be wrong both ways (a restriction made but not deployed, or one removed), so callers
 * must not PASS on it, only FAIL (the exposure is there on the draft either way or not known).
 */
export function judgedPolicy(api: Pick<RestApi, 'policy'>, view: ServedView, config: DeployedRestConfig): JudgedPolicy {
  if (config.policy !== undefined) {
    return { policy: config.policy?.trim() ? config.policy : undefined, deployed: true, policyJudgedOn: view.judgedOn };
  }
  const where = config.source === 'export' ? 'the export' : 'the API summary of the canary deployment';
  return {
    policy: api.policy?.trim() ? api.policy : undefined,
    deployed: false,
    policyJudgedOn: `working copy (the deployed policy is not visible in ${where})`,
  };
}

export type DefaultEndpointState =
  /** `because`: `working copy`, or the deployments that state it; `stages`: the views it concerns. */
  | { state: 'enabled'; because: string; stages: string[] }
  | { state: 'disabled' }
  /** The working copy disables it, but what some stages serve does not show it did take effect. */
  | { state: 'unknown'; reason: string; unstated: string[] }
  /** A view a verdict needs could not be read. */
  | { state: 'gap'; error: CollectionError; stages: string[] };

/**
 * Is the default execute-api endpoint disabled for what is served? The switch is API-wide
 * ("Disabling the default endpoint affects all stages of the API") and "takes effect when you
 * update any setting on any stage, such as updating the deployment on the stage" (Developer
 * Guide, "Disable the default endpoint for REST APIs"): a change in the working copy may go
 * live without a new deployment, the next time any stage is touched. So:
 *
 * - enabled in the working copy: enabled (whatever was deployed, it returns with the next
 *   stage update; a deployment stating it disabled is recorded by the caller);
 * - a served deployment that states it enabled: enabled (the fix may not have taken effect);
 * - disabled only when the working copy and every served deployment state it disabled; a view
 *   that does not state it (or could not be read) leaves it unknown, never disabled.
 */
export function defaultEndpointState(api: Pick<RestApi, 'disableExecuteApiEndpoint'>, views: readonly ServedView[]): DefaultEndpointState {
  if (api.disableExecuteApiEndpoint !== true) return { state: 'enabled', because: 'working copy', stages: views.map((v) => v.label) };
  const enabledIn = views.filter((v) => v.config.ok && v.config.value.disableExecuteApiEndpoint === false);
  if (enabledIn.length) return { state: 'enabled', because: enabledIn.map((v) => v.judgedOn).join(', '), stages: enabledIn.map((v) => v.label) };
  const gaps = views.filter((v) => !v.config.ok);
  const first = gaps[0]?.config;
  if (first && !first.ok) return { state: 'gap', error: first.error, stages: gaps.map((v) => v.label) };
  const unstated = views.filter((v) => v.config.ok && v.config.value.disableExecuteApiEndpoint === undefined);
  if (unstated.length) {
    return {
      state: 'unknown',
      unstated: unstated.map((v) => v.label),
      reason:
        `the working copy disables the default endpoint, but ${unstated.map((v) => v.judgedOn).join(', ')} ` +
        'does not show whether that took effect (it does when a stage is next updated or redeployed): check the stages by hand',
    };
  }
  return { state: 'disabled' };
}

/** A view left out of a verdict, for evidence: `prod: apigateway:GetExport failed (AccessDeniedException)`. */
export function notJudgedEntry(view: ServedView, error: CollectionError): string {
  return `${view.label}: ${error.service}:${error.operation} failed (${error.code})`;
}

/** At most `max` labels, then how many more: `GET /a, GET /b (+3 more)`. */
export function listSome(labels: readonly string[], max = 5): string {
  const shown = labels.slice(0, max).join(', ');
  return labels.length > max ? `${shown} (+${labels.length - max} more)` : shown;
}

export interface ViewMethods extends JudgedMethods {
  view: ServedView;
  /** Where the methods were read, for reasons. */
  source: string;
  /** Judged methods with no authorization. */
  open: RestMethodRef[];
}

type SplitMethods = JudgedMethods & Pick<ViewMethods, 'open'>;

const splits = new WeakMap<readonly RestMethodRef[], SplitMethods>();

/**
 * A deployment's methods split for judging, once for every stage and check that reads them.
 * `api`: the API it belongs to (`deployedMethods`).
 */
export function splitMethods(config: DeployedRestConfig, api?: Pick<RestApi, 'resources'>): SplitMethods {
  const methods = deployedMethods(config, api);
  let split = splits.get(methods);
  if (!split) {
    const judged = judgedMethods(methods);
    // Shared by every reader: frozen, so that none changes what another sees.
    split = {
      judged: Object.freeze(judged.judged) as RestMethodRef[],
      preflights: Object.freeze(judged.preflights) as RestMethodRef[],
      integrationUnknown: Object.freeze(judged.integrationUnknown) as RestMethodRef[],
      open: Object.freeze(judged.judged.filter((m) => isUnauthenticated(m.method.authorizationType))) as RestMethodRef[],
    };
    splits.set(methods, split);
  }
  return split;
}

/** What one stage (or canary) serves, split as the authorization checks judge it. */
export function viewMethods(view: ServedView, config: DeployedRestConfig, api?: Pick<RestApi, 'resources'>): ViewMethods {
  const { judged, preflights, integrationUnknown, open } = splitMethods(config, api);
  return { judged, preflights, integrationUnknown, view, source: servedSource(view, config), open };
}

/** The same methods served by several stages, once each, by path then verb. */
export function uniqueMethods(methods: readonly RestMethodRef[]): RestMethodRef[] {
  const byLabel = new Map(methods.map((m) => [m.label, m]));
  return [...byLabel.values()].sort(compareMethods);
}

const uniqueOfList = new WeakMap<readonly RestMethodRef[], readonly RestMethodRef[]>();

/**
 * `uniqueMethods(lists.flat())`. Stages serving one deployment mostly judge the very same frozen
 * list: repeating a list adds no label and keeps each label's last method, so their union is
 * that list's, worked out once per list.
 */
export function uniqueMethodsOf(lists: readonly (readonly RestMethodRef[])[]): RestMethodRef[] {
  const first = lists[0];
  if (first === undefined || !Object.isFrozen(first) || !lists.every((list) => list === first)) return uniqueMethods(lists.flat());
  let unique = uniqueOfList.get(first);
  if (unique === undefined) uniqueOfList.set(first, (unique = Object.freeze(uniqueMethods(first))));
  return [...unique];
}

/** `stage prod serves GET /pets with no authorization (deployment dep1)`. */
export function servedLine(view: ServedView, methods: readonly RestMethodRef[], what = 'with no authorization'): string {
  return `${servedName(view)} serves ${listSome(methods.map((m) => m.label))} ${what} (deployment ${view.deploymentId})`;
}

/**
 * What a REST stage serves, in the parts its traffic splits into: the stage's own deployment,
 * and its canary's (a canary "runs the deployment `canarySettings.deploymentId` with its stage
 * variable overrides" for its share of the traffic: API reference, CanarySettings). A change
 * reaches a stage only when deployed to it ("Updates to REST APIs that require redeployment",
 * API Gateway Developer Guide), so checks of methods, integrations, validators and authorizers
 * judge these parts, never the draft.
 *
 * A part whose deployed view was not read, or was read from the API summary (a canary's own
 * deployment, which `GetExport` cannot show: it exports a stage's deployment), is *unjudged*:
 * checks report it as an ERROR with its reason unless another part already fails.
 */
import type { Evidence } from '../engine/types.js';
import type { Outcome, OutcomeBuilders } from '../engine/define.js';
import { canaryDeployment, stageDeployment } from './deployed.js';
import type { Collected, CollectionError, DeployedRestConfig, RestApi, Stage } from '../inventory/schema.js';

export interface ServedPart {
  role: 'stage' | 'canary';
  /** What this part is, for evidence: `deployment dep1 (stage prod)`, `deployment dep2 (canary of stage prod)`. */
  judgedOn: string;
  /** The stage variables its requests see: the stage's, with a canary's overrides applied. */
  variables: Readonly<Record<string, string>> | undefined;
  deployment: Collected<DeployedRestConfig>;
}

/** A part that could not be judged, and why. */
export interface Unjudged {
  judgedOn: string;
  reason: string;
  /** The failed collection call, when that is the reason. */
  error?: CollectionError;
}

interface PartsMemo {
  arn: string;
  deployments: RestApi['deployments'];
  parts: readonly ServedPart[];
}

/** Each stage's parts, while its API (ARN, deployments) stays the same: every stage check reads them. */
const partsMemo = new WeakMap<Stage, PartsMemo>();

/** The stage's own part, then its canary's when it has a canary: one frozen list per stage, shared by its checks. */
export function servedParts(api: Pick<RestApi, 'arn' | 'deployments'>, stage: Stage): readonly ServedPart[] {
  const known = partsMemo.get(stage);
  if (known?.deployments === api.deployments && known.arn === api.arn) return known.parts;
  const parts = Object.freeze(partsOf(api, stage));
  partsMemo.set(stage, { arn: api.arn, deployments: api.deployments, parts });
  return parts;
}

function partsOf(api: Pick<RestApi, 'arn' | 'deployments'>, stage: Stage): ServedPart[] {
  const parts: ServedPart[] = [
    {
      role: 'stage',
      judgedOn: `deployment ${stage.deploymentId ?? '(none)'} (stage ${stage.stageName})`,
      variables: stage.variables,
      deployment: stageDeployment(api, stage),
    },
  ];
  const canary = stage.canarySettings;
  if (canary) {
    // A canary without its own deployment id runs the stage's deployment with its overrides.
    const deploymentId = canary.deploymentId ?? stage.deploymentId ?? '(none)';
    parts.push({
      role: 'canary',
      judgedOn: `deployment ${deploymentId} (canary of stage ${stage.stageName})`,
      variables: { ...stage.variables, ...canary.stageVariableOverrides },
      deployment: canaryDeployment(api, stage) ?? parts[0]!.deployment,
    });
  }
  return parts;
}

const judgedOnLists = new WeakMap<readonly ServedPart[], readonly string[]>();

/**
 * What the parts are, for evidence (`judgedOn`): one frozen list per list of parts, so that the
 * results of every check of a stage hold the same list (the engine's interner knows it by identity).
 */
export function judgedOnOf(parts: readonly ServedPart[]): readonly string[] {
  let list = judgedOnLists.get(parts);
  if (list === undefined) judgedOnLists.set(parts, (list = Object.freeze(parts.map((p) => p.judgedOn))));
  return list;
}

/**
 * The part's full deployed view (from `GetExport`), or why there is none. `what` names what the
 * caller needs from it (`integrations`), for the reason.
 */
export function exportedView(part: ServedPart, what: string): { config: DeployedRestConfig } | { unjudged: Unjudged } {
  const deployment = part.deployment;
  if (!deployment.ok) {
    const { error } = deployment;
    return { unjudged: { judgedOn: part.judgedOn, reason: `${error.operation} failed (${error.code}): ${error.message}`, error } };
  }
  if (deployment.value.source !== 'export') {
    return {
      unjudged: {
        judgedOn: part.judgedOn,
        reason:
          `${part.judgedOn} was read from its API summary (GetDeployment), which carries no ${what}: ` +
          'GetExport exports only the deployment a stage itself serves',
      },
    };
  }
  return { config: deployment.value };
}

/** The ERROR for parts that could not be judged: the first failed call, else the reasons. */
export function unjudgedOutcome<M extends string>(outcome: OutcomeBuilders<M>, unjudged: readonly Unjudged[], evidence: Evidence): Outcome {
  const gap = unjudged.find((u) => u.error);
  if (gap?.error) return outcome.gap(gap.error, evidence);
  return outcome.invalid(unjudged.map((u) => u.reason).join('; '), evidence);
}

/** `judgedOn: reason`, for evidence. */
export function describeUnjudged(unjudged: readonly Unjudged[]): string[] {
  return unjudged.map((u) => (u.reason.startsWith(u.judgedOn) ? u.reason : `${u.judgedOn}: ${u.reason}`));
}

import { CheckRunMemo } from '../../src/engine/check-run-memo.js';
import { defineCheck } from '../../src/engine/define.js';
import { canonicalMethods, compareMethods, methodLabel } from '../../src/analysis/method-settings.js';
import type { DeployedMethod, DeployedRestConfig } from '../../src/inventory/schema.js';
import { describeUnjudged, judgedOnOf, exportedView, servedParts, unjudgedOutcome, type Unjudged } from '../../src/analysis/stage-serves.js';
import type { RestStageEntity } from '../../src/inventory/view.js';

type MessageId = 'validated' | 'not-validated' | 'no-body-methods';

/** Methods that carry a request body. `ANY` stands for every verb, POST included. */
const BODY_VERBS = new Set(['POST', 'PUT', 'PATCH', 'ANY']);

function hasModels(m: DeployedMethod): boolean {
  return m.requestModels !== undefined && Object.keys(m.requestModels).length > 0;
}

function takesBody(m: DeployedMethod): boolean {
  const verb = m.httpMethod.toUpperCase();
  return verb !== 'OPTIONS' && (BODY_VERBS.has(verb) || hasModels(m));
}

/** Why the method's body is not validated, or undefined when it is. */
function notValidatedReason(m: DeployedMethod): string | undefined {
  const validator = m.requestValidator;
  if (!validator) return 'no validator';
  if (validator.validateRequestBody !== true) return `validator ${validator.name ?? '(unnamed)'} does not validate the body`;
  if (!hasModels(m)) return 'no request model to validate against';
  return undefined;
}

interface BodyMethods {
  /** The methods' labels: the evidence of a stage serving them alone (no canary), frozen, shared by every such stage. */
  labels: readonly string[];
  /** Why each method's body is not validated (undefined: it is), in the order of `labels`. */
  reasons: readonly (string | undefined)[];
  notValidated: readonly string[];
}

const bodyMethodLists = new CheckRunMemo<DeployedRestConfig['methods'], BodyMethods>();

/** The methods that take a body, sorted, once per list of methods (deployments with the same methods share it). */
function bodyMethodsOf(methods: DeployedRestConfig['methods']): BodyMethods {
  return bodyMethodLists.of(canonicalMethods(methods), (canonical) => {
    // Sorting is stable: the body methods sorted are the sorted methods' body methods, in order.
    const body = canonical.filter(takesBody).sort(compareMethods);
    const labels = body.map((m) => methodLabel(m.httpMethod, m.path));
    const reasons = body.map(notValidatedReason);
    const notValidated: string[] = [];
    for (let i = 0; i < labels.length; i++) if (reasons[i]) notValidated.push(`${labels[i]} (${reasons[i]})`);
    return { labels: Object.freeze(labels), reasons: Object.freeze(reasons), notValidated: Object.freeze(notValidated) };
  });
}

export default defineCheck<RestStageEntity, MessageId>({
  id: 'rest-method-request-validation',
  title: 'REST API methods that take a request body validate it against a model',
  severity: 'low',
  resourceTypes: ['rest-stage'],
  reads: ['rest-stages', 'rest-deployments'],
  rationale:
    'Without request validation every body reaches the integration as sent: oversized, ' +
    'malformed or with extra properties (mass assignment), and the backend is the only line ' +
    'of defence, often a Lambda function or a legacy service that parses input loosely. A ' +
    'request validator with validateRequestBody rejects non-conforming bodies with a 400 before ' +
    'the integration runs, and costs nothing. Body validation checks the body against the ' +
    'method\'s request model for its content type: a method with a body validator but no ' +
    'request model validates nothing, and is reported too. Judged: POST, PUT, PATCH and ANY ' +
    'methods, and any other method with a request model; OPTIONS is ignored. Each stage is ' +
    'judged on the methods, validators and models its deployment serves (and its canary\'s), ' +
    'since changes to them reach a stage only when deployed (Developer Guide, "Updates to REST ' +
    'APIs that require redeployment"). A deployment that could not be read, or a canary ' +
    'deployment known only from its API summary (which carries no validators), is an error ' +
    'rather than a pass.',
  remediation: {
    text:
      'Create a request validator that validates the body (and parameters), define a JSON schema ' +
      'model for each body method (content type $default to cover every content type), attach ' +
      'both to the method and redeploy the stages.',
    cli: "aws apigateway create-request-validator --rest-api-id <api-id> --name body-and-params --validate-request-body --validate-request-parameters && aws apigateway update-method --rest-api-id <api-id> --resource-id <resource-id> --http-method <METHOD> --patch-operations op=replace,path=/requestValidatorId,value=<validator-id> 'op=add,path=/requestModels/application~1json,value=<model-name>' && aws apigateway create-deployment --rest-api-id <api-id> --stage-name <stage>",
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html',
  },
  mappings: {
    owaspApi2023: ['API3', 'API8'],
  },
  messages: {
    validated: 'Every method stage {stage} serves that takes a body validates it against a model ({bodyMethodCount} checked).',
    'not-validated': 'Stage {stage} serves methods that take a body without validating it ({notValidatedCount} of {bodyMethodCount}): {notValidated}.',
    'no-body-methods': 'Stage {stage} serves no methods that take a request body.',
  },
  select: (view) => view.restStages(),
  evaluate: ({ stage, api: { api } }, outcome) => {
    const parts = servedParts(api, stage);
    const unjudged: Unjudged[] = [];
    const judged: { canary: boolean; found: BodyMethods }[] = [];
    const judgedDeployments = new Set<string>();
    for (const part of parts) {
      const view = exportedView(part, 'request validators');
      if ('unjudged' in view) {
        unjudged.push(view.unjudged);
        continue;
      }
      // Validators do not depend on stage variables: a canary on the stage's deployment adds nothing.
      if (judgedDeployments.has(view.config.deploymentId)) continue;
      judgedDeployments.add(view.config.deploymentId);
      judged.push({ canary: part.role === 'canary', found: bodyMethodsOf(view.config.methods) });
    }
    let bodyMethods: readonly string[] = [];
    let notValidated: readonly string[] = [];
    if (judged.length === 1 && !judged[0]!.canary) ({ labels: bodyMethods, notValidated } = judged[0]!.found);
    else if (judged.length > 0) {
      const labels: string[] = [];
      const reasons: string[] = [];
      for (const { canary, found } of judged) {
        for (let i = 0; i < found.labels.length; i++) {
          const label = found.labels[i]!;
          const reason = found.reasons[i];
          labels.push(canary ? `${label} (canary)` : label);
          if (reason) reasons.push(canary ? `${label} (canary: ${reason})` : `${label} (${reason})`);
        }
      }
      bodyMethods = labels;
      notValidated = reasons;
    }
    const evidence = {
      stage: stage.stageName,
      judgedOn: judgedOnOf(parts),
      bodyMethodCount: bodyMethods.length,
      bodyMethods,
      unjudged: describeUnjudged(unjudged),
    };
    if (notValidated.length > 0) return outcome.fail('not-validated', { ...evidence, notValidatedCount: notValidated.length, notValidated });
    if (unjudged.length > 0) return unjudgedOutcome(outcome, unjudged, evidence);
    if (bodyMethods.length === 0) return outcome.notApplicable('no-body-methods', evidence);
    return outcome.pass('validated', evidence);
  },
});

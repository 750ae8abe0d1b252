import { defineCheck } from '../../src/engine/define.js';
import { unknownAuthorizationReason, unknownPreflightReason } from '../../src/analysis/method-settings.js';
import { distinctMethodCount, unknownTypesOf } from '../../src/analysis/method-summary.js';
import type { CollectionError } from '../../src/inventory/schema.js';
import {
  notJudgedEntry,
  restServedViews,
  servedLine,
  uniqueMethods as union,
  viewMethods,
  type ServedView,
  type ViewMethods,
} from '../../src/analysis/served.js';
import type { RestApiEntity } from '../../src/inventory/view.js';

export default defineCheck<RestApiEntity, 'all-authorized' | 'open-methods' | 'no-methods' | 'not-deployed'>({
  id: 'rest-method-authorization',
  title: 'REST API methods require authorization (IAM, a Lambda authorizer or Cognito)',
  severity: 'high',
  resourceTypes: ['rest-api'],
  reads: ['rest-stages', 'rest-deployments'],
  rationale:
    'A method whose authorization type is NONE accepts every request that reaches it: API Gateway ' +
    'checks no credentials and passes the call to the integration, so access control is left to the ' +
    'backend, if it does any. An API key is not authentication: keys identify callers for usage ' +
    'plans, travel in a header, are often embedded in clients and are not meant to protect access. ' +
    'CORS preflight OPTIONS methods are excluded, since browsers send them without credentials, but ' +
    'only when API Gateway answers them itself with a MOCK integration, as "Enable CORS" sets them up ' +
    '(Developer Guide: CORS for REST APIs). An OPTIONS method whose integration reaches a Lambda ' +
    'function, an HTTP backend or an AWS service runs that backend for anyone and is judged like any ' +
    'other method; one whose integration was not collected is reported as unknown, not passed. ' +
    'Each stage is judged on what it serves: the methods of the deployment it runs (and of its ' +
    'canary\'s deployment, if any), not the working copy, since a method change reaches a stage ' +
    'only when deployed ("Every time you update an API, you must redeploy" it: Developer Guide, ' +
    '"Deploy REST APIs in API Gateway" and "Updates to REST APIs that require redeployment"). A fix ' +
    'never deployed therefore still fails, naming the stage that serves it; a weaker change waiting ' +
    'in the draft is left to the drift check. A stage whose deployed view could not be read is an ' +
    'ERROR; a canary read from its API summary carries no integrations, so an OPTIONS method without ' +
    'authorization there is reported as unknown.',
  remediation: {
    text:
      'Set an authorization type on every method other than MOCK CORS preflights (AWS_IAM, CUSTOM ' +
      'with a Lambda authorizer, or COGNITO_USER_POOLS), or give an OPTIONS method that reaches a ' +
      'backend a MOCK integration, then redeploy the stages.',
    cli: 'aws apigateway update-method --rest-api-id <api-id> --resource-id <resource-id> --http-method <METHOD> --patch-operations op=replace,path=/authorizationType,value=AWS_IAM && aws apigateway create-deployment --rest-api-id <api-id> --stage-name <stage>',
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html',
  },
  mappings: {
    owaspApi2023: ['API2', 'API5'],
  },
  messages: {
    'all-authorized': 'Every method requires authorization (MOCK CORS preflights aside; {methodCount} checked).',
    'open-methods': 'Methods without authorization ({openCount} of {methodCount}) are live: {served}.',
    'no-methods': 'The API serves no methods (MOCK CORS preflights aside).',
    'not-deployed': 'The API has no stage, so no method is served.',
  },
  select: (view) => view.restApis(),
  evaluate: ({ api }, outcome) => {
    if (!api.stages.ok) return outcome.gap(api.stages.error);
    if (api.stages.value.length === 0) return outcome.notApplicable('not-deployed', { stages: [] });
    const views = restServedViews(api, api.stages.value);
    const judged: ViewMethods[] = [];
    const gaps: { view: ServedView; error: CollectionError }[] = [];
    for (const view of views) {
      if (view.config.ok) judged.push(viewMethods(view, view.config.value, api));
      else gaps.push({ view, error: view.config.error });
    }
    const unknownOptions = judged.filter((j) => j.integrationUnknown.length);
    const evidence = {
      methodCount: distinctMethodCount(judged.map((j) => j.judged)),
      optionsMethods: distinctMethodCount(judged.map((j) => j.preflights)),
      judgedOn: judged.map((j) => j.view.judgedOn),
      ...(unknownOptions.length ? { optionsIntegrationUnknown: union(unknownOptions.flatMap((j) => j.integrationUnknown)).map((m) => m.label) } : {}),
      ...(gaps.length ? { notJudged: gaps.map((g) => notJudgedEntry(g.view, g.error)) } : {}),
    };
    const serving = judged.filter((j) => j.open.length);
    if (serving.length) {
      const open = union(serving.flatMap((j) => j.open));
      return outcome.fail('open-methods', {
        ...evidence,
        openCount: open.length,
        openMethods: open.map((m) => m.label),
        apiKeyOnly: open.filter((m) => m.method.apiKeyRequired === true).map((m) => m.label),
        stages: serving.map((j) => j.view.label),
        served: serving.map((j) => servedLine(j.view, j.open)).join('; '),
        judgedOn: serving.map((j) => j.view.judgedOn),
      });
    }
    const firstGap = gaps[0];
    if (firstGap) return outcome.gap(firstGap.error, { ...evidence, stages: gaps.map((g) => g.view.label) });
    if (unknownOptions.length) {
      const reason = unknownOptions.map((j) => unknownPreflightReason(j.integrationUnknown.map((m) => m.label), j.source)).join('; ');
      return outcome.invalid(reason, { ...evidence, stages: unknownOptions.map((j) => j.view.label) });
    }
    if (evidence.methodCount === 0) return outcome.notApplicable('no-methods', { ...evidence, methodCount: 0 });
    const unknown = [...new Set(judged.flatMap((j) => unknownTypesOf(j.judged)))];
    if (unknown.length) return outcome.invalid(unknownAuthorizationReason(unknown), evidence);
    return outcome.pass('all-authorized', evidence);
  },
});

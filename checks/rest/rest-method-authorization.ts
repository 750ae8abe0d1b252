import { defineCheck } from '../../src/engine/define.js';
import {
  isUnauthenticated,
  judgedMethods,
  restMethods,
  unknownAuthorizationReason,
  unknownAuthorizationTypes,
  unknownPreflightReason,
} from '../../src/inventory/method-settings.js';
import type { RestApiEntity } from '../../src/inventory/view.js';

export default defineCheck<RestApiEntity, 'all-authorized' | 'open-methods' | 'no-methods'>({
  id: 'rest-method-authorization',
  title: 'REST API methods require authorization (IAM, a Lambda authorizer or Cognito)',
  severity: 'high',
  resourceTypes: ['rest-api'],
  rationale:
    'A method whose authorization type is NONE accepts every request that reaches it: API Gateway ' +
    'checks no credentials and passes the call to the integration, so access control is left to the ' +
    'backend, if it does any. An API key is not authentication: keys identify callers for usage ' +
    'plans, travel in a header, are often embedded in clients and are not meant to protect access. ' +
    'CORS preflight OPTIONS methods are excluded, since browsers send them without credentials, but ' +
    'only when API Gateway answers them itself with a MOCK integration, as "Enable CORS" sets them up ' +
    '(Developer Guide: CORS for REST APIs). An OPTIONS method whose integration reaches a Lambda ' +
    'function, an HTTP backend or an AWS service runs that backend for anyone and is judged like any ' +
    'other method; one whose integration was not collected is reported as unknown, not passed.',
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
    'open-methods': 'Methods without authorization ({openCount} of {methodCount}): {openMethods}.',
    'no-methods': 'The API has no methods (MOCK CORS preflights aside).',
  },
  select: (view) => view.restApis(),
  evaluate: ({ api }, outcome) => {
    if (!api.resources.ok) return outcome.gap(api.resources.error);
    const { judged, preflights, integrationUnknown } = judgedMethods(restMethods(api.resources.value));
    const evidence = {
      methodCount: judged.length,
      optionsMethods: preflights.length,
      ...(integrationUnknown.length ? { optionsIntegrationUnknown: integrationUnknown.map((m) => m.label) } : {}),
    };
    const open = judged.filter((m) => isUnauthenticated(m.method.authorizationType));
    if (open.length === 0) {
      if (integrationUnknown.length) return outcome.invalid(unknownPreflightReason(integrationUnknown.map((m) => m.label)), evidence);
      if (judged.length === 0) return outcome.notApplicable('no-methods', { methodCount: 0, optionsMethods: preflights.length });
      const unknown = unknownAuthorizationTypes(judged);
      if (unknown.length) return outcome.invalid(unknownAuthorizationReason(unknown), evidence);
      return outcome.pass('all-authorized', evidence);
    }
    return outcome.fail('open-methods', {
      ...evidence,
      openCount: open.length,
      openMethods: open.map((m) => m.label),
      apiKeyOnly: open.filter((m) => m.method.apiKeyRequired === true).map((m) => m.label),
    });
  },
});

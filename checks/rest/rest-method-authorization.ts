import { defineCheck } from '../../src/engine/define.js';
import {
  isUnauthenticated,
  restMethods,
  unknownAuthorizationReason,
  unknownAuthorizationTypes,
} from '../../src/inventory/method-settings.js';
import type { RestApiEntity } from '../../src/inventory/view.js';

export default defineCheck<RestApiEntity, 'all-authorized' | 'open-methods' | 'no-methods'>({
  id: 'rest-method-authorization',
  title: 'REST API methods require authorization (IAM, a Lambda authorizer or Cognito)',
  severity: 'high',
  resourceType: 'rest-api',
  rationale:
    'A method whose authorization type is NONE accepts every request that reaches it: API Gateway ' +
    'checks no credentials and passes the call to the integration, so access control is left to the ' +
    'backend, if it does any. An API key is not authentication: keys identify callers for usage ' +
    'plans, travel in a header, are often embedded in clients and are not meant to protect access. ' +
    'CORS preflight OPTIONS methods are excluded, since browsers send them without credentials.',
  remediation: {
    text:
      'Set an authorization type on every non-OPTIONS method (AWS_IAM, CUSTOM with a Lambda ' +
      'authorizer, or COGNITO_USER_POOLS), then redeploy the stages.',
    cli: 'aws apigateway update-method --rest-api-id <api-id> --resource-id <resource-id> --http-method <METHOD> --patch-operations op=replace,path=/authorizationType,value=AWS_IAM && aws apigateway create-deployment --rest-api-id <api-id> --stage-name <stage>',
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html',
  },
  mappings: {
    owaspApi2023: ['API2', 'API5'],
  },
  messages: {
    'all-authorized': 'Every method requires authorization (OPTIONS aside; {methodCount} checked).',
    'open-methods': 'Methods without authorization ({openCount} of {methodCount}): {openMethods}.',
    'no-methods': 'The API has no methods.',
  },
  select: (view) => view.restApis(),
  evaluate: ({ api }, outcome) => {
    if (!api.resources.ok) return outcome.gap(api.resources.error);
    const methods = restMethods(api.resources.value);
    const judged = methods.filter((m) => m.httpMethod !== 'OPTIONS');
    if (judged.length === 0) {
      return outcome.notApplicable('no-methods', { methodCount: 0, optionsMethods: methods.length });
    }
    const open = judged.filter((m) => isUnauthenticated(m.method.authorizationType));
    const evidence = {
      methodCount: judged.length,
      optionsMethods: methods.length - judged.length,
    };
    if (open.length === 0) {
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

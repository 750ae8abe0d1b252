import { defineCheck } from '../../src/engine/define.js';
import { restMethods, type RestMethodRef } from '../../src/inventory/method-settings.js';
import type { RestApiEntity } from '../../src/inventory/view.js';

type MessageId = 'validated' | 'not-validated' | 'no-body-methods';

/** Methods that carry a request body. `ANY` stands for every verb, POST included. */
const BODY_VERBS = new Set(['POST', 'PUT', 'PATCH', 'ANY']);

function hasModels(m: RestMethodRef): boolean {
  return Object.keys(m.method.requestModels ?? {}).length > 0;
}

export default defineCheck<RestApiEntity, MessageId>({
  id: 'rest-method-request-validation',
  title: 'REST API methods that take a request body validate it against a model',
  severity: 'low',
  resourceTypes: ['rest-api'],
  rationale:
    'Without request validation every body reaches the integration as sent: oversized, ' +
    'malformed or with extra properties (mass assignment), and the backend is the only line ' +
    'of defence, often a Lambda function or a legacy service that parses input loosely. A ' +
    'request validator with validateRequestBody rejects non-conforming bodies with a 400 before ' +
    'the integration runs, and costs nothing. Body validation checks the body against the ' +
    'method\'s request model for its content type: a method with a body validator but no ' +
    'request model validates nothing, and is reported too. Judged: POST, PUT, PATCH and ANY ' +
    'methods, and any other method with a request model; OPTIONS is ignored.',
  remediation: {
    text:
      'Create a request validator that validates the body (and parameters), define a JSON schema ' +
      'model for each body method (content type $default to cover every content type), attach ' +
      'both to the method and redeploy.',
    cli: "aws apigateway create-request-validator --rest-api-id <api-id> --name body-and-params --validate-request-body --validate-request-parameters && aws apigateway update-method --rest-api-id <api-id> --resource-id <resource-id> --http-method <METHOD> --patch-operations op=replace,path=/requestValidatorId,value=<validator-id> 'op=add,path=/requestModels/application~1json,value=<model-name>'",
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html',
  },
  mappings: {
    owaspApi2023: ['API3', 'API8'],
  },
  messages: {
    validated: 'Every method that takes a body validates it against a model ({bodyMethodCount} checked).',
    'not-validated': 'Methods that take a body without validating it ({notValidatedCount} of {bodyMethodCount}): {notValidated}.',
    'no-body-methods': 'The API has no methods that take a request body.',
  },
  select: (view) => view.restApis(),
  evaluate: ({ api }, outcome) => {
    if (!api.resources.ok) return outcome.gap(api.resources.error);
    const bodyMethods = restMethods(api.resources.value).filter(
      (m) => m.httpMethod !== 'OPTIONS' && (BODY_VERBS.has(m.httpMethod) || hasModels(m)),
    );
    if (bodyMethods.length === 0) return outcome.notApplicable('no-body-methods', { bodyMethodCount: 0 });
    const needsValidators = bodyMethods.some((m) => m.method.requestValidatorId);
    if (needsValidators && !api.requestValidators.ok) return outcome.gap(api.requestValidators.error);
    const validators = api.requestValidators.ok ? api.requestValidators.value : [];

    const notValidated = bodyMethods.flatMap((m) => {
      const id = m.method.requestValidatorId;
      if (!id) return [`${m.label} (no validator)`];
      const validator = validators.find((v) => v.id === id);
      if (!validator) return [`${m.label} (validator ${id} not found)`];
      if (validator.validateRequestBody !== true) return [`${m.label} (validator ${validator.name ?? id} does not validate the body)`];
      if (!hasModels(m)) return [`${m.label} (no request model to validate against)`];
      return [];
    });
    const evidence = { bodyMethodCount: bodyMethods.length, bodyMethods: bodyMethods.map((m) => m.label) };
    if (notValidated.length === 0) return outcome.pass('validated', evidence);
    return outcome.fail('not-validated', { ...evidence, notValidatedCount: notValidated.length, notValidated });
  },
});

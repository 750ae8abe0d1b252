import check from '../../../checks/rest/rest-method-request-validation.js';
import { apiSummaryOf, restDraftConfig } from '../../../src/analysis/deployed.js';
import type { Collected, DeployedRestConfig } from '../../../src/inventory/schema.js';
import { failed, ok, resource, restApi, stage, withRestApis, type RestApiInput } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const validators = [
  { id: 'body', name: 'body-and-params', validateRequestBody: true, validateRequestParameters: true },
  { id: 'params', name: 'params-only', validateRequestBody: false, validateRequestParameters: true },
];
const model = { 'application/json': 'Order' };

/** What a deployment made from this draft serves (read from the stage's export). */
function deployed(draft: RestApiInput, deploymentId = 'dep1'): Collected<DeployedRestConfig> {
  return restDraftConfig(restApi(draft), deploymentId);
}

const validated: RestApiInput = { resources: [resource('/orders', { POST: { requestValidatorId: 'body', requestModels: model } })], requestValidators: validators };
const unvalidated: RestApiInput = { resources: [resource('/orders', { POST: { requestModels: model } })], requestValidators: validators };

testCheck(check, [
  {
    name: 'body methods with a body validator and a model pass, per stage',
    inventory: withRestApis(
      restApi({
        resources: [
          resource('/orders', {
            GET: {},
            POST: { requestValidatorId: 'body', requestModels: model },
            OPTIONS: { methodIntegration: { type: 'MOCK' } },
          }),
          resource('/orders/{id}', { PUT: { requestValidatorId: 'body', requestModels: { $default: 'Order' } }, DELETE: {} }),
        ],
        requestValidators: validators,
      }),
    ),
    expect: [
      {
        status: 'PASS',
        messageId: 'validated',
        resource: 'api-a1b2c3d4e5/prod',
        evidence: { stage: 'prod', judgedOn: ['deployment dep1 (stage prod)'], bodyMethodCount: 2, bodyMethods: ['POST /orders', 'PUT /orders/{id}'] },
      },
    ],
  },
  {
    name: 'unvalidated body methods fail, each with its reason',
    inventory: withRestApis(
      restApi({
        resources: [
          resource('/a', {
            POST: {},
            PUT: { requestValidatorId: 'params', requestModels: model },
            PATCH: { requestValidatorId: 'gone', requestModels: model },
            ANY: { requestValidatorId: 'body' },
          }),
          resource('/b', { DELETE: { requestModels: model } }),
        ],
        requestValidators: validators,
      }),
    ),
    expect: [
      {
        status: 'FAIL',
        messageId: 'not-validated',
        evidence: {
          bodyMethodCount: 5,
          notValidatedCount: 5,
          notValidated: [
            'ANY /a (no request model to validate against)',
            'PATCH /a (no validator)',
            'POST /a (no validator)',
            'PUT /a (validator params-only does not validate the body)',
            'DELETE /b (no validator)',
          ],
        },
      },
    ],
  },
  {
    // "Every time you update an API, you must redeploy" (Developer Guide, updating-api): the
    // validator attached in the draft does not reach the stage until deployed. This passed before.
    name: 'a validator attached in the draft but not deployed: FAIL on what the stage serves',
    inventory: withRestApis(restApi({ ...validated, deployments: { dep1: deployed(unvalidated) } })),
    expect: [{ status: 'FAIL', messageId: 'not-validated', evidence: { notValidated: ['POST /orders (no validator)'] } }],
  },
  {
    // This failed before: the validator was removed in the draft only, the stage still validates.
    name: 'a validator removed in the draft only: the stage still validates, PASS',
    inventory: withRestApis(restApi({ ...unvalidated, deployments: { dep1: deployed(validated) } })),
    expect: [{ status: 'PASS', messageId: 'validated' }],
  },
  {
    name: 'each stage on its own deployment',
    inventory: withRestApis(
      restApi({
        ...validated,
        stages: [stage({ stageName: 'prod', deploymentId: 'dep1' }), stage({ stageName: 'dev', deploymentId: 'dep2' })],
        deployments: { dep2: deployed(unvalidated, 'dep2') },
      }),
    ),
    expect: [
      { status: 'PASS', resource: 'api-a1b2c3d4e5/prod' },
      { status: 'FAIL', resource: 'api-a1b2c3d4e5/dev', evidence: { judgedOn: ['deployment dep2 (stage dev)'] } },
    ],
  },
  {
    name: 'a canary on its own deployment that drops the validator fails, naming the canary',
    inventory: withRestApis(
      restApi({
        ...validated,
        stages: [stage({ canarySettings: { percentTraffic: 10, deploymentId: 'dep2' } })],
        deployments: { dep2: deployed(unvalidated, 'dep2') },
      }),
    ),
    expect: [{ status: 'FAIL', evidence: { notValidated: ['POST /orders (canary: no validator)'] } }],
  },
  {
    name: 'a canary deployment known only from its API summary: ERROR for the canary\'s part',
    inventory: withRestApis(
      restApi({
        ...validated,
        stages: [stage({ canarySettings: { percentTraffic: 10, deploymentId: 'dep2' } })],
        deployments: { dep2: ((c) => (c.ok ? ok(apiSummaryOf(c.value)) : c))(deployed(validated, 'dep2')) },
      }),
    ),
    expect: [
      {
        status: 'ERROR',
        messageId: 'invalid-data',
        evidence: {
          unjudged: [
            'deployment dep2 (canary of stage prod) was read from its API summary (GetDeployment), which carries no request validators: GetExport exports only the deployment a stage itself serves',
          ],
        },
      },
    ],
  },
  {
    name: 'no methods that take a body (OPTIONS ignored): not applicable',
    inventory: withRestApis(
      restApi({ resources: [resource('/', { GET: {}, DELETE: {}, OPTIONS: { requestModels: model, methodIntegration: { type: 'MOCK' } } })] }),
    ),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'no-body-methods' }],
  },
  {
    name: 'the deployed view could not be read (GetExport denied): ERROR naming the operation',
    inventory: withRestApis(restApi({ ...validated, deployments: { dep1: failed('GetExport') } })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'the draft\'s validators could not be read but the deployment was: judged on the deployment',
    inventory: withRestApis(restApi({ ...validated, requestValidators: failed('GetRequestValidators'), deployments: { dep1: deployed(validated) } })),
    expect: [{ status: 'PASS', messageId: 'validated' }],
  },
]);

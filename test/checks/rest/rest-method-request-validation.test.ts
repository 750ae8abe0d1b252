import check from '../../../checks/rest/rest-method-request-validation.js';
import { failed, resource, restApi, withRestApis } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const validators = [
  { id: 'body', name: 'body-and-params', validateRequestBody: true, validateRequestParameters: true },
  { id: 'params', name: 'params-only', validateRequestBody: false, validateRequestParameters: true },
];
const model = { 'application/json': 'Order' };

testCheck(check, [
  {
    name: 'body methods with a body validator and a model pass',
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
        resource: 'api-a1b2c3d4e5',
        evidence: { bodyMethodCount: 2, bodyMethods: ['POST /orders', 'PUT /orders/{id}'] },
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
            'PATCH /a (validator gone not found)',
            'POST /a (no validator)',
            'PUT /a (validator params-only does not validate the body)',
            'DELETE /b (no validator)',
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
    name: 'GetRequestValidators denied is ERROR when a method names a validator',
    inventory: withRestApis(
      restApi({ resources: [resource('/a', { POST: { requestValidatorId: 'body', requestModels: model } })], requestValidators: failed('GetRequestValidators') }),
    ),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'GetRequestValidators denied does not matter when no method names a validator',
    inventory: withRestApis(restApi({ resources: [resource('/a', { POST: {} })], requestValidators: failed('GetRequestValidators') })),
    expect: [{ status: 'FAIL', evidence: { notValidated: ['POST /a (no validator)'] } }],
  },
  {
    name: 'GetResources denied is ERROR',
    inventory: withRestApis(restApi({ resources: failed('GetResources') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
]);

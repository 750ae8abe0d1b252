import check from '../../../checks/lambda/lambda-authorizer-runtime.js';
import { ACCOUNT, failed, v2Api, route, v2Stage } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';
import { AUTH_ARN, FN_ARN, lambdaFunction, ordersApi, withFunctions } from './functions.js';

const authorizerFn = (overrides: Parameters<typeof lambdaFunction>[0] = {}) => lambdaFunction(overrides, AUTH_ARN);
const withAuthorizer = (overrides: Parameters<typeof lambdaFunction>[0] = {}) =>
  withFunctions({ rest: [ordersApi({ authorizer: AUTH_ARN })] }, { [FN_ARN]: lambdaFunction({ Runtime: 'nodejs16.x' }), [AUTH_ARN]: authorizerFn(overrides) });
const at = (collectedAt: string, runtime: string) => ({ ...withAuthorizer({ Runtime: runtime }), collectedAt });

const HTTP_AUTH_ARN = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:http-check`;
const httpApi = v2Api({
  Name: 'shop-http',
  routes: [route('GET /cart', { AuthorizationType: 'CUSTOM', AuthorizerId: 'req1' })],
  authorizers: [
    {
      AuthorizerId: 'req1',
      Name: 'request-check',
      AuthorizerType: 'REQUEST',
      AuthorizerUri: `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${HTTP_AUTH_ARN}/invocations`,
    },
  ],
  stages: [v2Stage()],
});

testCheck(check, [
  {
    name: 'a supported runtime passes; the integration function is not judged here',
    inventory: withAuthorizer(),
    expect: [{ status: 'PASS', messageId: 'supported', resource: 'token-check', evidence: { runtime: 'nodejs22.x', deprecationDate: '2027-04-30' } }],
  },
  {
    name: 'a runtime past its deprecation date fails',
    inventory: withAuthorizer({ Runtime: 'nodejs18.x' }),
    expect: [{ status: 'FAIL', messageId: 'deprecated', evidence: { runtime: 'nodejs18.x', deprecationDate: '2025-09-01' } }],
  },
  {
    name: 'the day before the deprecation date still passes',
    inventory: at('2026-04-29T23:59:59.000Z', 'nodejs20.x'),
    expect: [{ status: 'PASS', messageId: 'supported' }],
  },
  {
    name: 'from the deprecation date on it fails (judged at the snapshot time)',
    inventory: at('2026-04-30T00:00:00.000Z', 'nodejs20.x'),
    expect: [{ status: 'FAIL', messageId: 'deprecated' }],
  },
  {
    name: 'a container image is not applicable',
    inventory: withAuthorizer({ Runtime: undefined, PackageType: 'Image' }),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'container-image' }],
  },
  {
    name: 'a runtime the table does not know is an ERROR, not a guess',
    inventory: withAuthorizer({ Runtime: 'nodejs99.x' }),
    expect: [{ status: 'ERROR', messageId: 'invalid-data' }],
  },
  {
    name: 'the authorizer function could not be read is an ERROR',
    inventory: withFunctions(
      { rest: [ordersApi({ authorizer: AUTH_ARN })] },
      { [FN_ARN]: lambdaFunction(), [AUTH_ARN]: failed('GetFunctionConfiguration', 'AccessDeniedException', { service: 'lambda', resource: AUTH_ARN }) },
    ),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'token-check' }],
  },
  {
    name: 'an HTTP API REQUEST authorizer is judged too',
    inventory: withFunctions({ v2: [httpApi] }, { [HTTP_AUTH_ARN]: lambdaFunction({ Runtime: 'python3.8' }, HTTP_AUTH_ARN) }),
    expect: [{ status: 'FAIL', messageId: 'deprecated', resource: 'http-check' }],
  },
]);

import check from '../../../checks/lambda/lambda-function-url-auth.js';
import { restDraftConfig } from '../../../src/analysis/deployed.js';
import { ACCOUNT, failed, ok, resource, restApi, stage } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';
import { apiGatewayPolicy, FN_ARN, invocationUri, lambdaFunction, ordersApi, policyOf, PUBLIC_URL_STATEMENT, withFunctions } from './functions.js';

const URL = 'https://abc123.lambda-url.eu-west-1.on.aws/';
const noneUrl = ok({ FunctionUrl: URL, AuthType: 'NONE' });
const chainLine = (finding: string) => `orders-api → deployment dep1 (stage prod): GET /orders → orders-handler (integration): ${finding}`;

/** The draft invokes `drafted` but stage prod still serves the deployment made before it. */
function draftOnly(drafted: string) {
  const live = ordersApi({ integration: FN_ARN });
  const draft = ordersApi({ integration: drafted });
  return restApi({ ...draft, name: 'orders-api', resources: draft.resources, deployments: { dep1: restDraftConfig(live, 'dep1', 'prod') } });
}

const OTHER_ACCOUNT_FN = 'arn:aws:lambda:eu-west-1:999999999999:function:partner-handler';

testCheck(check, [
  {
    name: 'a function without a URL passes',
    inventory: withFunctions({ rest: [ordersApi()] }, { [FN_ARN]: lambdaFunction() }),
    expect: [{ status: 'PASS', messageId: 'no-url', resource: 'orders-handler', evidence: { chain: [chainLine('no function URL')] } }],
  },
  {
    name: 'an AWS_IAM function URL passes',
    inventory: withFunctions({ rest: [ordersApi()] }, { [FN_ARN]: lambdaFunction({ url: ok({ FunctionUrl: URL, AuthType: 'AWS_IAM' }) }) }),
    expect: [{ status: 'PASS', messageId: 'iam-auth', evidence: { authType: 'AWS_IAM' } }],
  },
  {
    name: 'an AuthType NONE URL the policy opens to everyone fails as critical',
    inventory: withFunctions(
      { rest: [ordersApi()] },
      { [FN_ARN]: lambdaFunction({ url: noneUrl, policy: ok(policyOf(apiGatewayPolicy().Statement[0]!, PUBLIC_URL_STATEMENT)) }) },
    ),
    expect: [
      {
        status: 'FAIL',
        messageId: 'public-url',
        evidence: {
          functionUrl: URL,
          grants: ['FunctionURLAllowPublicAccess (Statement[1]): allows principal * to call lambda:InvokeFunctionUrl'],
        },
      },
    ],
  },
  {
    name: 'an AuthType NONE URL no statement opens still fails: it bypasses the API once one does',
    inventory: withFunctions({ rest: [ordersApi()] }, { [FN_ARN]: lambdaFunction({ url: noneUrl }) }),
    expect: [{ status: 'FAIL', messageId: 'open-url', evidence: { policy: 'no statement grants it to everyone' } }],
  },
  {
    name: 'an AuthType NONE URL whose policy could not be read fails (the URL alone is known to bypass the API)',
    inventory: withFunctions({ rest: [ordersApi()] }, { [FN_ARN]: lambdaFunction({ url: noneUrl, policy: failed('GetPolicy', 'AccessDeniedException', { service: 'lambda' }) }) }),
    expect: [{ status: 'FAIL', messageId: 'open-url', evidence: { policy: 'not read: AccessDeniedException' } }],
  },
  {
    name: 'GetFunctionUrlConfig denied is an ERROR',
    inventory: withFunctions({ rest: [ordersApi()] }, { [FN_ARN]: lambdaFunction({ url: failed('GetFunctionUrlConfig', 'AccessDeniedException', { service: 'lambda' }) }) }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'orders-handler' }],
  },
  {
    name: 'a function only the undeployed draft names is not judged: the stage serves the deployed one',
    inventory: withFunctions(
      { rest: [draftOnly(`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:draft-handler`)] },
      { [FN_ARN]: lambdaFunction({ url: ok({ FunctionUrl: URL, AuthType: 'AWS_IAM' }) }) },
    ),
    expect: [{ status: 'PASS', messageId: 'iam-auth', resource: 'orders-handler' }],
  },
  {
    name: 'a function named through a stage variable is resolved with the stage’s value',
    inventory: withFunctions(
      { rest: [ordersApi({ integration: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:\${stageVariables.handler}`, variables: { handler: 'orders-handler' } })] },
      { [FN_ARN]: lambdaFunction({ url: noneUrl }) },
    ),
    expect: [{ status: 'FAIL', messageId: 'open-url', resource: 'orders-handler' }],
  },
  {
    name: 'a stage variable the stage does not set is an ERROR on the API, not a silent skip',
    inventory: withFunctions(
      { rest: [ordersApi({ integration: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:\${stageVariables.handler}` })] },
      { [FN_ARN]: lambdaFunction() },
    ),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'orders-api' }],
  },
  {
    name: 'function ARNs no stage can resolve, on many methods and stages, are one ERROR on the API',
    inventory: withFunctions(
      {
        rest: [
          restApi({
            name: 'orders-api',
            resources: ['/a', '/b', '/c'].map((path) =>
              resource(path, { GET: { methodIntegration: { type: 'AWS_PROXY', uri: invocationUri(`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:\${stageVariables.handler}`) } } }),
            ),
            stages: [stage({ stageName: 'prod' }), stage({ stageName: 'beta' })],
          }),
        ],
      },
      { [FN_ARN]: lambdaFunction() },
    ),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'orders-api' }],
  },
  {
    name: 'a function of another account is outside the scan',
    inventory: withFunctions(
      { rest: [ordersApi({ integration: OTHER_ACCOUNT_FN })] },
      { [OTHER_ACCOUNT_FN]: failed('GetFunctionConfiguration', 'CrossAccount', { service: 'lambda', resource: OTHER_ACCOUNT_FN }) },
    ),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'outside-scan', resource: 'partner-handler' }],
  },
  {
    name: 'a snapshot from before functions were collected is an ERROR for each function an API names',
    inventory: withFunctions({ rest: [ordersApi()] }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'orders-handler' }],
  },
  {
    name: 'stages that could not be read are an ERROR on the API',
    inventory: withFunctions({ rest: [restApi({ ...ordersApi(), stages: failed('GetStages') })] }, {}),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'orders-api' }],
  },
  {
    name: 'an API without stages serves no function',
    inventory: withFunctions({ rest: [restApi({ ...ordersApi(), stages: [] })] }, {}),
    expect: [],
  },
  {
    name: 'an aliased function is judged under its qualified ARN',
    inventory: withFunctions({ rest: [ordersApi({ integration: `${FN_ARN}:live` })] }, { [`${FN_ARN}:live`]: lambdaFunction({ url: noneUrl }) }),
    expect: [{ status: 'FAIL', messageId: 'open-url', resource: 'orders-handler:live' }],
  },
]);

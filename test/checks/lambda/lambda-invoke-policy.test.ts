import check from '../../../checks/lambda/lambda-invoke-policy.js';
import { ACCOUNT, failed, ok } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';
import { apiGatewayPolicy, FN_ARN, lambdaFunction, ordersApi, policyOf, withFunctions } from './functions.js';

const withPolicy = (policy: string | null) => withFunctions({ rest: [ordersApi()] }, { [FN_ARN]: lambdaFunction({ policy: ok(policy) }) });
const publicInvoke = (condition?: object) => ({
  Sid: 'open',
  Effect: 'Allow',
  Principal: { AWS: '*' },
  Action: 'lambda:InvokeFunction',
  Resource: FN_ARN,
  ...(condition ? { Condition: condition } : {}),
});

testCheck(check, [
  {
    name: 'a statement for API Gateway pinned to one API passes',
    inventory: withPolicy(JSON.stringify(apiGatewayPolicy())),
    expect: [{ status: 'PASS', messageId: 'bound', resource: 'orders-handler' }],
  },
  {
    name: 'a statement for API Gateway pinned by aws:SourceAccount passes',
    inventory: withPolicy(JSON.stringify(apiGatewayPolicy({ StringEquals: { 'aws:SourceAccount': ACCOUNT } }))),
    expect: [{ status: 'PASS', messageId: 'bound' }],
  },
  {
    name: 'no resource policy passes',
    inventory: withPolicy(null),
    expect: [{ status: 'PASS', messageId: 'no-policy' }],
  },
  {
    name: 'API Gateway allowed with no condition is a confused deputy',
    inventory: withPolicy(JSON.stringify(apiGatewayPolicy(null))),
    expect: [
      {
        status: 'FAIL',
        messageId: 'confused-deputy',
        evidence: {
          grants: [
            'apigateway-invoke (Statement[0]): allows apigateway.amazonaws.com to call lambda:InvokeFunction with no aws:SourceArn or aws:SourceAccount condition pinning an account',
          ],
        },
      },
    ],
  },
  {
    name: 'a source ARN whose account is a wildcard pins nothing',
    inventory: withPolicy(JSON.stringify(apiGatewayPolicy({ ArnLike: { 'AWS:SourceArn': 'arn:aws:execute-api:eu-west-1:*:*/*' } }))),
    expect: [{ status: 'FAIL', messageId: 'confused-deputy' }],
  },
  {
    name: 'a negated source-account condition pins nothing',
    inventory: withPolicy(JSON.stringify(apiGatewayPolicy({ StringNotEquals: { 'aws:SourceAccount': '999999999999' } }))),
    expect: [{ status: 'FAIL', messageId: 'confused-deputy' }],
  },
  {
    name: 'principal * allowed to invoke is public',
    inventory: withPolicy(policyOf(publicInvoke())),
    expect: [{ status: 'FAIL', messageId: 'public', evidence: { grants: ['open (Statement[0]): allows principal * to call lambda:InvokeFunction'] } }],
  },
  {
    name: 'principal * tied to an organization is not public',
    inventory: withPolicy(policyOf(publicInvoke({ StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }))),
    expect: [{ status: 'PASS', messageId: 'bound' }],
  },
  {
    name: 'lambda:* on principal * covers InvokeFunction',
    inventory: withPolicy(policyOf({ ...publicInvoke(), Action: 'lambda:*' })),
    expect: [{ status: 'FAIL', messageId: 'public' }],
  },
  {
    name: 'GetPolicy denied is an ERROR',
    inventory: withFunctions({ rest: [ordersApi()] }, { [FN_ARN]: lambdaFunction({ policy: failed('GetPolicy', 'AccessDeniedException', { service: 'lambda' }) }) }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'a policy that is not JSON is an ERROR',
    inventory: withPolicy('{not json'),
    expect: [{ status: 'ERROR', messageId: 'invalid-data' }],
  },
  {
    name: 'GetFunctionConfiguration denied is an ERROR on the function',
    inventory: withFunctions({ rest: [ordersApi()] }, { [FN_ARN]: failed('GetFunctionConfiguration', 'AccessDeniedException', { service: 'lambda', resource: FN_ARN }) }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'orders-handler' }],
  },
  {
    name: 'a function that does not exist is not applicable',
    inventory: withFunctions(
      { rest: [ordersApi()] },
      { [FN_ARN]: failed('GetFunctionConfiguration', 'ResourceNotFoundException', { service: 'lambda', resource: FN_ARN }) },
    ),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'outside-scan' }],
  },
]);

/**
 * Fixtures shared by the Lambda check tests: `orders-api` (REST) whose stage `prod` serves
 * GET /orders through `orders-handler` and authorizes it with the TOKEN authorizer `token-check`,
 * and the functions as the collector records them.
 */
import type { Authorizer, Collected, Inventory, LambdaFunction, RestApi, V2Api } from '../../../src/inventory/schema.js';
import { ACCOUNT, inventory, ok, region, resource, restApi, shared, stage } from '../../fixtures/builders.js';

export const FN_ARN = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:orders-handler`;
export const AUTH_ARN = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:token-check`;

export function invocationUri(functionArn: string): string {
  return `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${functionArn}/invocations`;
}

export function tokenAuthorizer(functionArn = AUTH_ARN): Authorizer {
  return { id: 'auth1', name: 'token-check', type: 'TOKEN', authorizerUri: invocationUri(functionArn), identitySource: 'method.request.header.Authorization' };
}

/** `orders-api`: GET /orders → `integration` (a function ARN, stage variables allowed), authorized by `authorizer` when given. */
export function ordersApi(options: { integration?: string; authorizer?: string; variables?: Record<string, string> } = {}): RestApi {
  const integration = options.integration ?? FN_ARN;
  return restApi({
    name: 'orders-api',
    resources: [
      resource('/orders', {
        GET: {
          authorizationType: options.authorizer ? 'CUSTOM' : 'AWS_IAM',
          ...(options.authorizer ? { authorizerId: 'auth1' } : {}),
          methodIntegration: { type: 'AWS_PROXY', uri: invocationUri(integration) },
        },
      }),
    ],
    authorizers: options.authorizer ? [tokenAuthorizer(options.authorizer)] : [],
    stages: [stage(options.variables ? { variables: options.variables } : {})],
  });
}

/** A function as GetFunctionConfiguration, GetPolicy and GetFunctionUrlConfig describe it. */
export function lambdaFunction(overrides: Partial<LambdaFunction> = {}, arn = FN_ARN): LambdaFunction {
  return {
    FunctionName: arn.split(':')[6]!,
    FunctionArn: arn,
    Runtime: 'nodejs22.x',
    PackageType: 'Zip',
    policy: ok(JSON.stringify(apiGatewayPolicy())),
    url: ok(null),
    ...overrides,
  };
}

/** The statement `aws lambda add-permission --source-arn` writes for one API. */
/** `null`: the statement without a condition. */
export function apiGatewayPolicy(condition: object | null = { ArnLike: { 'AWS:SourceArn': `arn:aws:execute-api:eu-west-1:${ACCOUNT}:a1b2c3d4e5/*` } }) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'apigateway-invoke',
        Effect: 'Allow',
        Principal: { Service: 'apigateway.amazonaws.com' },
        Action: 'lambda:InvokeFunction',
        Resource: FN_ARN,
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  };
}

/** The statement the console adds for an AuthType NONE function URL. */
export const PUBLIC_URL_STATEMENT = {
  Sid: 'FunctionURLAllowPublicAccess',
  Effect: 'Allow',
  Principal: '*',
  Action: 'lambda:InvokeFunctionUrl',
  Resource: FN_ARN,
  Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } },
};

export function policyOf(...statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** One region with the APIs; the functions as collected (omit `functions` for a snapshot from before Lambda was collected). */
export function withFunctions(
  apis: { rest?: RestApi[]; v2?: V2Api[] },
  functions?: Record<string, LambdaFunction | Collected<LambdaFunction>>,
): Inventory {
  const lambdaFunctions =
    functions &&
    Object.fromEntries(Object.entries(functions).map(([arn, fn]) => [arn, 'ok' in fn && typeof fn.ok === 'boolean' ? (fn as Collected<LambdaFunction>) : ok(fn as LambdaFunction)]));
  return inventory({
    regions: [region({ restApis: apis.rest ?? [], v2Apis: apis.v2 ?? [] })],
    shared: { ...shared(), ...(lambdaFunctions ? { lambdaFunctions } : {}) },
  });
}

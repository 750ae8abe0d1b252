/**
 * The Lambda functions behind the APIs: read once each per scan, in the function's region, with
 * the alias of a qualified ARN; no policy and no URL are answers; a denied call is a gap the
 * checks report as ERROR; throttling is retried through callAws.
 */
import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import {
  GetApisCommand,
  GetAuthorizersCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetStagesCommand,
} from '@aws-sdk/client-apigatewayv2';
import {
  GetFunctionConfigurationCommand,
  GetFunctionUrlConfigCommand,
  GetPolicyCommand,
  ResourceNotFoundException,
  TooManyRequestsException,
} from '@aws-sdk/client-lambda';
import lambdaInvokePolicy from '../../checks/lambda/lambda-invoke-policy.js';
import lambdaFunctionUrlAuth from '../../checks/lambda/lambda-function-url-auth.js';
import { runChecks } from '../../src/engine/runner.js';
import { parseInventory } from '../../src/inventory/io.js';
import { ACCOUNT_ID, REGION, apigatewayv2, collect, lambda, resetAws, restoreAws, value } from './mock-aws.js';

const fnArn = (name: string, region = REGION, account = ACCOUNT_ID) => `arn:aws:lambda:${region}:${account}:function:${name}`;
const HANDLER = fnArn('orders-handler');
const ALIASED = `${fnArn('orders-handler')}:live`;
const AUTHORIZER = fnArn('request-check', 'us-east-1');
const FOREIGN = fnArn('partner', REGION, '999999999999');
const invocation = (arn: string) => `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${arn}/invocations`;

/** What the mocked client of a call was configured for. */
async function regionsOf(calls: { thisValue: unknown }[]): Promise<string[]> {
  return Promise.all(calls.map((call) => (call.thisValue as { config: { region: () => Promise<string> } }).config.region()));
}

function denied(action: string) {
  return Object.assign(new Error(`User is not authorized to perform: lambda:${action}`), {
    name: 'AccessDeniedException',
    $fault: 'client',
    $metadata: { httpStatusCode: 403 },
  });
}

const notFound = () => new ResourceNotFoundException({ message: 'The resource you requested does not exist.', $metadata: { httpStatusCode: 404 }, Type: 'User' });

/**
 * Two HTTP APIs on AutoDeploy stages: both integrate `HANDLER` (once plain, once through a route
 * whose integration names it again), one its alias `live` and another account's function, and
 * one authorizes with `AUTHORIZER` (in us-east-1).
 */
function apis() {
  apigatewayv2.on(GetApisCommand).resolves({
    Items: [
      { ApiId: 'h1', Name: 'shop', ProtocolType: 'HTTP', RouteSelectionExpression: '$request.method $request.path' },
      { ApiId: 'h2', Name: 'admin', ProtocolType: 'HTTP', RouteSelectionExpression: '$request.method $request.path' },
    ],
  });
  apigatewayv2.on(GetStagesCommand).resolves({ Items: [{ StageName: '$default', AutoDeploy: true }] });
  apigatewayv2.on(GetRoutesCommand, { ApiId: 'h1' }).resolves({ Items: [{ RouteKey: 'GET /cart', AuthorizationType: 'CUSTOM', AuthorizerId: 'req1', Target: 'integrations/i1' }] });
  apigatewayv2.on(GetRoutesCommand, { ApiId: 'h2' }).resolves({ Items: [{ RouteKey: 'GET /users', AuthorizationType: 'AWS_IAM', Target: 'integrations/i2' }] });
  apigatewayv2.on(GetIntegrationsCommand, { ApiId: 'h1' }).resolves({
    Items: [
      { IntegrationId: 'i1', IntegrationType: 'AWS_PROXY', IntegrationUri: HANDLER, PayloadFormatVersion: '2.0' },
      { IntegrationId: 'i3', IntegrationType: 'AWS_PROXY', IntegrationUri: FOREIGN, PayloadFormatVersion: '2.0' },
    ],
  });
  apigatewayv2.on(GetIntegrationsCommand, { ApiId: 'h2' }).resolves({
    Items: [
      { IntegrationId: 'i2', IntegrationType: 'AWS_PROXY', IntegrationUri: invocation(HANDLER), PayloadFormatVersion: '2.0' },
      { IntegrationId: 'i4', IntegrationType: 'AWS_PROXY', IntegrationUri: ALIASED, PayloadFormatVersion: '2.0' },
    ],
  });
  apigatewayv2.on(GetAuthorizersCommand).resolves({
    Items: [{ AuthorizerId: 'req1', Name: 'request-check', AuthorizerType: 'REQUEST', AuthorizerUri: invocation(AUTHORIZER) }],
  });
}

function functions() {
  lambda.on(GetFunctionConfigurationCommand).callsFake((input: { FunctionName: string; Qualifier?: string }) => ({
    FunctionName: input.FunctionName,
    FunctionArn: `${fnArn(input.FunctionName)}${input.Qualifier ? `:${input.Qualifier}` : ''}`,
    Runtime: 'nodejs22.x',
    PackageType: 'Zip',
    Environment: { Variables: { SECRET: 'never kept' } },
  }));
  lambda.on(GetPolicyCommand).rejects(notFound());
  lambda.on(GetFunctionUrlConfigCommand).rejects(notFound());
}

describe('Lambda functions behind the APIs', () => {
  beforeEach(() => {
    resetAws();
    apis();
    functions();
  });
  after(restoreAws);

  it('reads each function once, in its own region, with the alias of a qualified ARN; never another account’s', async () => {
    lambda.on(GetPolicyCommand, { FunctionName: 'orders-handler', Qualifier: 'live' }).resolves({ Policy: '{"Version":"2012-10-17","Statement":[]}' });
    lambda.on(GetFunctionUrlConfigCommand, { FunctionName: 'orders-handler', Qualifier: 'live' }).resolves({ FunctionUrl: 'https://x.lambda-url.eu-west-1.on.aws/', AuthType: 'NONE' });
    const { inventory, stats } = await collect();
    const fns = inventory.shared.lambdaFunctions ?? {};
    assert.deepEqual(Object.keys(fns).sort(), [FOREIGN, HANDLER, ALIASED, AUTHORIZER].sort());
    const inputs = lambda.commandCalls(GetFunctionConfigurationCommand).map((c) => c.args[0].input);
    assert.deepEqual(
      inputs.map((i) => `${i.FunctionName}${i.Qualifier ? `:${i.Qualifier}` : ''}`).sort(),
      ['orders-handler', 'orders-handler:live', 'request-check'],
    );
    assert.deepEqual((await regionsOf(lambda.commandCalls(GetPolicyCommand))).sort(), [REGION, REGION, 'us-east-1']);
    const handler = value(fns[HANDLER]);
    assert.equal(handler.Runtime, 'nodejs22.x');
    assert.equal('Environment' in handler, false, 'environment variables are never kept');
    assert.deepEqual(handler.policy, { ok: true, value: null });
    assert.deepEqual(handler.url, { ok: true, value: null });
    const aliased = value(fns[ALIASED]);
    assert.deepEqual(aliased.url, { ok: true, value: { FunctionUrl: 'https://x.lambda-url.eu-west-1.on.aws/', AuthType: 'NONE' } });
    const foreign = fns[FOREIGN];
    assert.ok(foreign && !foreign.ok && foreign.error.code === 'CrossAccount');
    assert.equal(stats.of('lambda', 'GetFunctionConfiguration').calls, 3);
    assert.equal(stats.of('lambda', 'GetPolicy').calls, 3);
    assert.equal(stats.of('lambda', 'GetFunctionUrlConfig').calls, 3);
    assert.doesNotThrow(() => parseInventory(JSON.parse(JSON.stringify(inventory)), 'collected'), 'the snapshot parses');
  });

  it('a denied GetPolicy is a gap, and the check reports ERROR rather than PASS', async () => {
    lambda.on(GetPolicyCommand).rejects(denied('GetPolicy'));
    const { inventory } = await collect();
    const handler = value(inventory.shared.lambdaFunctions?.[HANDLER]);
    assert.equal(handler.policy.ok, false);
    assert.ok(inventory.errors.some((e) => e.service === 'lambda' && e.operation === 'GetPolicy' && e.code === 'AccessDeniedException'));
    const results = runChecks([lambdaInvokePolicy], parseInventory(JSON.parse(JSON.stringify(inventory)), 'collected'));
    const own = results.filter((r) => r.resource.type === 'lambda-function' && r.resource.account === ACCOUNT_ID);
    assert.ok(own.length > 0);
    assert.ok(own.every((r) => r.status === 'ERROR'), JSON.stringify(own.map((r) => [r.resource.name, r.status])));
  });

  it('a denied GetFunctionConfiguration leaves the function a gap without further calls', async () => {
    lambda.on(GetFunctionConfigurationCommand).rejects(denied('GetFunctionConfiguration'));
    const { inventory } = await collect();
    const slot = inventory.shared.lambdaFunctions?.[HANDLER];
    assert.ok(slot && !slot.ok && slot.error.code === 'AccessDeniedException');
    assert.equal(lambda.commandCalls(GetPolicyCommand).length, 0);
    const results = runChecks([lambdaFunctionUrlAuth], inventory).filter((r) => r.resource.arn === HANDLER);
    assert.deepEqual(results.map((r) => r.status), ['ERROR']);
  });

  it('a function that no longer exists is an answer, not an error of the scan', async () => {
    lambda.on(GetFunctionConfigurationCommand, { FunctionName: 'request-check' }).rejects(notFound());
    const { inventory } = await collect();
    const slot = inventory.shared.lambdaFunctions?.[AUTHORIZER];
    assert.ok(slot && !slot.ok && slot.error.code === 'ResourceNotFoundException');
    assert.equal(inventory.errors.filter((e) => e.service === 'lambda').length, 0);
    const result = runChecks([lambdaFunctionUrlAuth], inventory).find((r) => r.resource.arn === AUTHORIZER);
    assert.equal(result?.status, 'NOT_APPLICABLE');
  });

  it('retries a throttled call through callAws', async () => {
    lambda
      .on(GetFunctionUrlConfigCommand, { FunctionName: 'request-check' })
      .rejectsOnce(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 }, Type: 'User', Reason: 'CallerRateLimitExceeded' }))
      .resolves({ FunctionUrl: 'https://y.lambda-url.us-east-1.on.aws/', AuthType: 'AWS_IAM' });
    const { inventory, stats } = await collect();
    assert.deepEqual(value(inventory.shared.lambdaFunctions?.[AUTHORIZER]).url, { ok: true, value: { FunctionUrl: 'https://y.lambda-url.us-east-1.on.aws/', AuthType: 'AWS_IAM' } });
    assert.equal(stats.of('lambda', 'GetFunctionUrlConfig').throttled, 1);
  });

  it('reads nothing when the checks selected do not read the functions', async () => {
    const { inventory } = await collect({ parts: new Set(['v2-apis', 'v2-routes']) });
    assert.equal(lambda.commandCalls(GetFunctionConfigurationCommand).length, 0);
    const slot = inventory.shared.lambdaFunctions?.[HANDLER];
    assert.ok(!slot || (!slot.ok && slot.error.code === 'NotSelected'));
  });
});

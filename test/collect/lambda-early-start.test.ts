/**
 * A function's reads start as soon as an API's stages name it, while the other APIs are still
 * being read (the region's wall time is then the larger of the API Gateway and Lambda bounds,
 * not their sum), each function once, with the same snapshot as reading them all at the end.
 */
import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import { GetApisCommand, GetIntegrationsCommand, GetRoutesCommand, GetStagesCommand } from '@aws-sdk/client-apigatewayv2';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import type { CollectProgress } from '../../src/collect/progress.js';
import { ACCOUNT_ID, REGION, apigatewayv2, collect, lambda, resetAws, restoreAws, value } from './mock-aws.js';

const HANDLER = `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:orders-handler`;
const OTHER = `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:admin-handler`;

describe('Lambda reads start with the first API that names a function', () => {
  beforeEach(resetAws);
  after(restoreAws);

  it('reads the first API\'s function before the second API\'s stages are answered, each function once', async () => {
    const order: string[] = [];
    let lambdaCalled: () => void = () => {};
    const firstLambdaCall = new Promise<void>((resolve) => (lambdaCalled = resolve));
    apigatewayv2.on(GetApisCommand).resolves({
      Items: [
        { ApiId: 'h1', Name: 'shop', ProtocolType: 'HTTP', RouteSelectionExpression: '$request.method $request.path' },
        { ApiId: 'h2', Name: 'admin', ProtocolType: 'HTTP', RouteSelectionExpression: '$request.method $request.path' },
      ],
    });
    apigatewayv2.on(GetRoutesCommand, { ApiId: 'h1' }).resolves({ Items: [{ RouteKey: 'GET /cart', AuthorizationType: 'NONE', Target: 'integrations/i1' }] });
    apigatewayv2.on(GetRoutesCommand, { ApiId: 'h2' }).resolves({ Items: [{ RouteKey: 'GET /users', AuthorizationType: 'AWS_IAM', Target: 'integrations/i2' }] });
    apigatewayv2.on(GetIntegrationsCommand, { ApiId: 'h1' }).resolves({ Items: [{ IntegrationId: 'i1', IntegrationType: 'AWS_PROXY', IntegrationUri: HANDLER }] });
    apigatewayv2.on(GetIntegrationsCommand, { ApiId: 'h2' }).resolves({
      Items: [
        { IntegrationId: 'i2', IntegrationType: 'AWS_PROXY', IntegrationUri: OTHER },
        { IntegrationId: 'i3', IntegrationType: 'AWS_PROXY', IntegrationUri: HANDLER },
      ],
    });
    apigatewayv2.on(GetStagesCommand, { ApiId: 'h1' }).resolves({ Items: [{ StageName: '$default', AutoDeploy: true }] });
    // The second API answers its stages only once a function is being read (or after 2 s, the
    // old order: every function read after every API).
    apigatewayv2.on(GetStagesCommand, { ApiId: 'h2' }).callsFake(async () => {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([firstLambdaCall, new Promise((resolve) => (timer = setTimeout(resolve, 2_000)))]);
      clearTimeout(timer);
      order.push('h2 GetStages answered');
      return { Items: [{ StageName: '$default', AutoDeploy: true }] };
    });
    lambda.on(GetFunctionConfigurationCommand).callsFake((input: { FunctionName: string }) => {
      order.push(`GetFunctionConfiguration ${input.FunctionName}`);
      lambdaCalled();
      return { FunctionName: input.FunctionName, Runtime: 'nodejs20.x' as const, PackageType: 'Zip' as const };
    });
    const progress: CollectProgress[] = [];
    const result = await collect({ onProgress: (event) => event.phase === 'lambda-functions' && progress.push(event) });

    assert.deepEqual(order, ['GetFunctionConfiguration orders-handler', 'h2 GetStages answered', 'GetFunctionConfiguration admin-handler']);
    assert.equal(lambda.commandCalls(GetFunctionConfigurationCommand).length, 2, 'each function read once');
    const functions = result.inventory.shared.lambdaFunctions ?? {};
    assert.deepEqual(Object.keys(functions), [OTHER, HANDLER].sort());
    assert.equal(value(functions[HANDLER]).Runtime, 'nodejs20.x');
    // Under way until the scan knows every function; done at the end.
    assert.ok(progress.slice(0, -1).every((event) => event.done < event.total), JSON.stringify(progress));
    assert.deepEqual(progress.at(-1), { region: 'global', phase: 'lambda-functions', done: 2, total: 2 });
  });

  it('reads nothing of Lambda when no API names a function (progress done at 0/0)', async () => {
    const progress: CollectProgress[] = [];
    await collect({ onProgress: (event) => event.phase === 'lambda-functions' && progress.push(event) });
    assert.equal(lambda.calls().length, 0);
    assert.deepEqual(progress.at(-1), { region: 'global', phase: 'lambda-functions', done: 0, total: 0 });
  });
});

/**
 * Scheduling per API and per region: an API's follow-up calls go ahead of later APIs' first
 * calls (each API, and the linked reads its completion starts, finishes early), and each region's
 * Lambda functions are read in that region's own lane, as Lambda's quotas are per account and
 * Region ("Lambda quotas"): one region's token waits never hold back another's calls.
 */
import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import { GetApisCommand, GetAuthorizersCommand, GetIntegrationsCommand, GetRoutesCommand, GetStagesCommand } from '@aws-sdk/client-apigatewayv2';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { VirtualTime } from '../aws/virtual-time.js';
import { ACCOUNT_ID, REGION, apigatewayv2, collect, lambda, resetAws, restoreAws } from './mock-aws.js';

const HTTP = { ProtocolType: 'HTTP' as const, RouteSelectionExpression: '$request.method $request.path' };

function sentName(call: { args: unknown[] }): string {
  const command = call.args[0] as { constructor: { name: string }; input: { ApiId?: string } };
  return `${command.constructor.name.replace(/Command$/, '')} ${command.input.ApiId ?? ''}`.trim();
}

describe('per-API and per-region scheduling', () => {
  beforeEach(resetAws);
  after(restoreAws);

  it("sends an API's follow-up calls before later APIs' first calls, with the same snapshot", async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `h${i}`);
    apigatewayv2.on(GetApisCommand).resolves({ Items: ids.map((ApiId) => ({ ApiId, Name: ApiId, ...HTTP })) });
    apigatewayv2.on(GetRoutesCommand).resolves({ Items: [{ RouteKey: 'GET /x', AuthorizationType: 'JWT', AuthorizerId: 'a1' }] });
    apigatewayv2.on(GetAuthorizersCommand).resolves({ Items: [{ AuthorizerId: 'a1', AuthorizerType: 'JWT', Name: 'jwt' }] });
    apigatewayv2.on(GetStagesCommand).resolves({ Items: [{ StageName: '$default', AutoDeploy: true }] });

    const result = await collect({ concurrency: 1 });

    const sent = apigatewayv2.calls().map(sentName);
    const firstFollowUp = sent.indexOf('GetAuthorizers h0');
    const lastFirstCall = sent.indexOf('GetRoutes h9');
    assert.ok(firstFollowUp >= 0 && lastFirstCall >= 0, sent.join(', '));
    // In call order, h0's GetAuthorizers would queue behind all 30 first calls of the ten APIs.
    assert.ok(firstFollowUp < lastFirstCall, `h0's GetAuthorizers (#${firstFollowUp}) before h9's GetRoutes (#${lastFirstCall}): ${sent.join(', ')}`);
    assert.equal(sent.filter((name) => name.startsWith('GetAuthorizers')).length, 10, 'the same calls');
    const apis = result.inventory.regions[0]?.apigatewayv2.apis;
    assert.ok(apis?.ok);
    assert.deepEqual(apis.value.map((api) => api.ApiId), ids, 'APIs in list order, whatever order they finished in');
  });

  it("reads one region's functions in its own lane, not behind another region's token waits", async () => {
    const time = new VirtualTime();
    const local = Array.from({ length: 40 }, (_, i) => `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:fn-${String(i).padStart(2, '0')}`);
    // Sorted after the 40 eu-west-1 functions: started last.
    const remote = `arn:aws:lambda:us-east-1:${ACCOUNT_ID}:function:edge`;
    const arns = [...local, remote];
    apigatewayv2.on(GetApisCommand).resolves({ Items: [{ ApiId: 'h1', Name: 'shop', ...HTTP }] });
    apigatewayv2.on(GetRoutesCommand).resolves({
      Items: arns.map((_, i) => ({ RouteKey: `GET /r${i}`, AuthorizationType: 'NONE', Target: `integrations/i${i}` })),
    });
    apigatewayv2.on(GetIntegrationsCommand).resolves({
      Items: arns.map((IntegrationUri, i) => ({ IntegrationId: `i${i}`, IntegrationType: 'AWS_PROXY', IntegrationUri })),
    });
    apigatewayv2.on(GetStagesCommand).resolves({ Items: [{ StageName: '$default', AutoDeploy: true }] });
    const readAt = new Map<string, number>();
    lambda.on(GetFunctionConfigurationCommand).callsFake((input: { FunctionName: string }) => {
      readAt.set(input.FunctionName, time.now);
      return { FunctionName: input.FunctionName, Runtime: 'nodejs20.x' as const, PackageType: 'Zip' as const };
    });

    const result = await time.run(collect({ clock: time.clock, limiterSleep: time.sleep }));

    assert.equal(readAt.size, 41, 'every function read once');
    // eu-west-1's 40 configurations (and URLs) share one 15/s bucket, burst 15: paced over more than a second.
    assert.ok(Math.max(...local.map((arn) => readAt.get(arn.split(':').pop()!)!)) >= 1_000, 'eu-west-1 is paced by its own bucket');
    // us-east-1's bucket is full: in one lane for all regions, its call waited behind eu-west-1's.
    assert.ok(readAt.get('edge')! < 100, `us-east-1's function read at ${readAt.get('edge')} ms, not after eu-west-1's`);
    assert.deepEqual(Object.keys(result.inventory.shared.lambdaFunctions ?? {}), [...arns].sort());
  });
});

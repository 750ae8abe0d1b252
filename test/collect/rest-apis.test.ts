import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import {
  GetAuthorizersCommand,
  GetRequestValidatorsCommand,
  GetResourcesCommand,
  GetRestApisCommand,
  GetStagesCommand,
  GetUsagePlansCommand,
} from '@aws-sdk/client-api-gateway';
import {
  accessDenied,
  apigateway,
  collect,
  paged,
  regionOf,
  resetAws,
  restoreAws,
  tooManyRequests,
  value,
} from './mock-aws.js';

const arnOf = (id: string) => `arn:aws:apigateway:eu-west-1::/restapis/${id}`;

function oneApi(id = 'a1') {
  apigateway.on(GetRestApisCommand).resolves({ items: [{ id, name: `api ${id}` }] });
}

function resourcesWith(methods: Record<string, object>) {
  apigateway.on(GetResourcesCommand).resolves({
    items: [
      { id: 'root', path: '/' },
      { id: 'r1', parentId: 'root', path: '/pets', pathPart: 'pets', resourceMethods: methods },
    ],
  });
}

describe('REST APIs', () => {
  beforeEach(resetAws);
  after(restoreAws);

  it('pages through GetRestApis (limit 500, position) and gives every API its ARN', async () => {
    apigateway.on(GetRestApisCommand).callsFake(
      paged({
        '': { items: [{ id: 'a1', name: 'one' }], position: 'p2' },
        p2: { items: [{ id: 'b2', name: 'two' }], position: 'p3' },
        p3: { items: [{ id: 'c3', name: 'three' }] },
      }),
    );
    const result = await collect();

    assert.deepEqual(
      apigateway.commandCalls(GetRestApisCommand).map((call) => call.args[0].input),
      [
        { limit: 500, position: undefined },
        { limit: 500, position: 'p2' },
        { limit: 500, position: 'p3' },
      ],
    );
    const apis = value(regionOf(result).apigateway.restApis);
    assert.deepEqual(
      apis.map((api) => [api.id, api.name, api.arn]),
      [
        ['a1', 'one', arnOf('a1')],
        ['b2', 'two', arnOf('b2')],
        ['c3', 'three', arnOf('c3')],
      ],
    );
    assert.equal(apigateway.commandCalls(GetStagesCommand).length, 3);
    assert.deepEqual(result.inventory.errors, []);
  });

  it('pages through GetResources with embed methods and limit 500', async () => {
    oneApi();
    apigateway.on(GetResourcesCommand).callsFake(
      paged({
        '': { items: [{ id: 'root', path: '/' }], position: 'r2' },
        r2: {
          items: [
            {
              id: 'r1',
              path: '/pets',
              resourceMethods: {
                GET: { httpMethod: 'GET', authorizationType: 'NONE', methodIntegration: { type: 'HTTP_PROXY', uri: 'https://x' } },
              },
            },
          ],
        },
      }),
    );
    const result = await collect();

    assert.deepEqual(
      apigateway.commandCalls(GetResourcesCommand).map((call) => call.args[0].input),
      [
        { restApiId: 'a1', embed: ['methods'], limit: 500, position: undefined },
        { restApiId: 'a1', embed: ['methods'], limit: 500, position: 'r2' },
      ],
    );
    const [api] = value(regionOf(result).apigateway.restApis);
    const resources = value(api?.resources);
    assert.deepEqual(
      resources.map((r) => r.path),
      ['/', '/pets'],
    );
    assert.equal(resources[1]?.resourceMethods?.GET?.methodIntegration?.uri, 'https://x');
  });

  it('does not call GetAuthorizers or GetRequestValidators when no method names one', async () => {
    oneApi();
    resourcesWith({ GET: { httpMethod: 'GET', authorizationType: 'NONE' }, OPTIONS: { httpMethod: 'OPTIONS' } });
    const result = await collect();

    assert.equal(apigateway.commandCalls(GetAuthorizersCommand).length, 0);
    assert.equal(apigateway.commandCalls(GetRequestValidatorsCommand).length, 0);
    const [api] = value(regionOf(result).apigateway.restApis);
    assert.deepEqual(api?.authorizers, { ok: true, value: [] });
    assert.deepEqual(api?.requestValidators, { ok: true, value: [] });
  });

  it('fetches every page of authorizers, and the validators, when methods name them', async () => {
    oneApi();
    resourcesWith({
      GET: { httpMethod: 'GET', authorizationType: 'CUSTOM', authorizerId: 'auth1' },
      POST: { httpMethod: 'POST', authorizationType: 'NONE', requestValidatorId: 'val1' },
    });
    apigateway.on(GetAuthorizersCommand).callsFake(
      paged({
        '': { items: [{ id: 'auth1', name: 'tokens', type: 'TOKEN', authorizerResultTtlInSeconds: 300 }], position: 'z' },
        z: { items: [{ id: 'auth2', name: 'users', type: 'COGNITO_USER_POOLS', providerARNs: ['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_x'] }] },
      }),
    );
    apigateway.on(GetRequestValidatorsCommand).resolves({
      items: [{ id: 'val1', name: 'body', validateRequestBody: true, validateRequestParameters: false }],
    });
    const result = await collect();

    assert.deepEqual(
      apigateway.commandCalls(GetAuthorizersCommand).map((call) => call.args[0].input),
      [
        { restApiId: 'a1', limit: 500, position: undefined },
        { restApiId: 'a1', limit: 500, position: 'z' },
      ],
    );
    const [api] = value(regionOf(result).apigateway.restApis);
    assert.deepEqual(
      value(api?.authorizers).map((a) => [a.id, a.type]),
      [
        ['auth1', 'TOKEN'],
        ['auth2', 'COGNITO_USER_POOLS'],
      ],
    );
    assert.deepEqual(value(api?.requestValidators), [
      { id: 'val1', name: 'body', validateRequestBody: true, validateRequestParameters: false },
    ]);
  });

  it('records AccessDenied on one API’s GetStages in its slot and the errors list, and collects the rest', async () => {
    apigateway.on(GetRestApisCommand).resolves({ items: [{ id: 'a1' }, { id: 'b2' }] });
    apigateway.on(GetStagesCommand).resolves({ item: [{ stageName: 'prod', tracingEnabled: true }] });
    apigateway.on(GetStagesCommand, { restApiId: 'a1' }).rejects(accessDenied());
    resourcesWith({ GET: { httpMethod: 'GET', authorizationType: 'AWS_IAM' } });
    const result = await collect();

    const expected = {
      service: 'apigateway',
      operation: 'GetStages',
      region: 'eu-west-1',
      resource: arnOf('a1'),
      code: 'AccessDeniedException',
      message: 'User: arn:aws:sts::123456789012:assumed-role/apiposture-audit/session is not authorized to perform: apigateway:GET',
    };
    const [a1, b2] = value(regionOf(result).apigateway.restApis);
    assert.deepEqual(a1?.stages, { ok: false, error: expected });
    assert.deepEqual(result.inventory.errors, [expected]);
    assert.equal(value(a1?.resources).length, 2);
    assert.deepEqual(value(b2?.stages), [{ stageName: 'prod', tracingEnabled: true }]);
    assert.equal(value(regionOf(result).apigateway.account).cloudwatchRoleArn, undefined);
    // Denied is final: no retry.
    assert.equal(result.stats.snapshot()['apigateway:GetStages']?.attempts, 2);
  });

  it('skips authorizers and validators when GetResources failed, without listing them as errors', async () => {
    oneApi();
    apigateway.on(GetResourcesCommand).rejects(accessDenied());
    const result = await collect();

    const [api] = value(regionOf(result).apigateway.restApis);
    assert.equal(api?.resources.ok, false);
    for (const [slot, operation] of [
      [api?.authorizers, 'GetAuthorizers'],
      [api?.requestValidators, 'GetRequestValidators'],
    ] as const) {
      assert.deepEqual(slot, {
        ok: false,
        error: {
          service: 'apigateway',
          operation,
          region: 'eu-west-1',
          resource: arnOf('a1'),
          code: 'Skipped',
          message: 'not collected because GetResources failed (AccessDeniedException)',
        },
      });
    }
    assert.deepEqual(
      result.inventory.errors.map((e) => e.operation),
      ['GetResources'],
    );
    assert.equal(apigateway.commandCalls(GetAuthorizersCommand).length, 0);
  });

  it('retries a throttled call, collects the data and counts the throttle', async () => {
    apigateway
      .on(GetRestApisCommand)
      .rejectsOnce(tooManyRequests())
      .resolves({ items: [{ id: 'a1', name: 'after the throttle' }] });
    const result = await collect();

    assert.deepEqual(
      value(regionOf(result).apigateway.restApis).map((api) => api.name),
      ['after the throttle'],
    );
    assert.deepEqual(result.inventory.errors, []);
    assert.deepEqual(result.stats.snapshot()['apigateway:GetRestApis'], {
      calls: 1,
      attempts: 2,
      throttled: 1,
      transientErrors: 0,
      failures: 0,
      retriesExhausted: 0,
      limiterWaitMs: 0,
      backoffMs: 0,
    });
  });

  it('records retriesExhausted when throttling outlasts maxAttempts', async () => {
    apigateway.on(GetUsagePlansCommand).rejects(tooManyRequests());
    const result = await collect({ maxAttempts: 3 });

    const expected = {
      service: 'apigateway',
      operation: 'GetUsagePlans',
      region: 'eu-west-1',
      resource: 'eu-west-1',
      code: 'TooManyRequestsException',
      message: 'Too Many Requests',
      retriesExhausted: true,
    };
    assert.deepEqual(regionOf(result).apigateway.usagePlans, { ok: false, error: expected });
    assert.deepEqual(result.inventory.errors, [expected]);
    assert.equal(apigateway.commandCalls(GetUsagePlansCommand).length, 3);
    assert.equal(result.stats.snapshot()['apigateway:GetUsagePlans']?.throttled, 3);
  });

  it('fails a list whose pages repeat a position instead of looping forever', async () => {
    apigateway.on(GetRestApisCommand).resolves({ items: [{ id: 'a1' }], position: 'same' });
    const result = await collect();

    const restApis = regionOf(result).apigateway.restApis;
    assert.equal(!restApis.ok && restApis.error.code, 'PaginationLoop');
    assert.equal(apigateway.commandCalls(GetRestApisCommand).length, 2);
  });

  it('turns a response without required fields into an UnexpectedResponse error, not a guess', async () => {
    apigateway.on(GetRestApisCommand).resolves({ items: [{ name: 'no id' }] });
    const result = await collect();

    const restApis = regionOf(result).apigateway.restApis;
    assert.equal(restApis.ok, false);
    assert.equal(!restApis.ok && restApis.error.code, 'UnexpectedResponse');
    assert.match(!restApis.ok ? restApis.error.message : '', /^the response does not have the expected shape: 0\.id/);
    assert.deepEqual(result.inventory.errors, [!restApis.ok && restApis.error]);
  });
});

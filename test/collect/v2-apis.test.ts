import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import {
  AccessDeniedException,
  ExportApiCommand,
  GetApiMappingsCommand,
  GetApisCommand,
  GetAuthorizersCommand,
  GetDomainNamesCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetStagesCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-apigatewayv2';
import { DescribeCertificateCommand } from '@aws-sdk/client-acm';
import { ACCOUNT_ID, acm, apigatewayv2, collect, pagedByToken, regionOf, resetAws, restoreAws, value } from './mock-aws.js';

const arnOf = (id: string) => `arn:aws:apigateway:eu-west-1::/apis/${id}`;

function denied(action = 'apigateway:GET'): AccessDeniedException {
  return new AccessDeniedException({
    message: `User: arn:aws:sts::${ACCOUNT_ID}:assumed-role/apiposture-audit/session is not authorized to perform: ${action}`,
    $metadata: { httpStatusCode: 403 },
  });
}

function oneHttpApi(id = 'h1') {
  apigatewayv2.on(GetApisCommand).resolves({ Items: [httpApi(id, `http ${id}`)] });
}

const httpApi = (ApiId: string, Name: string) =>
  ({ ApiId, Name, ProtocolType: 'HTTP', RouteSelectionExpression: '$request.method $request.path' }) as const;

const inputs = <T>(calls: { args: [{ input: T }] }[]) => calls.map((call) => call.args[0].input);

describe('HTTP and WebSocket APIs (API Gateway v2)', () => {
  beforeEach(resetAws);
  after(restoreAws);

  it('follows NextToken through GetApis without MaxResults, gives each API its ARN and ISO dates', async () => {
    apigatewayv2.on(GetApisCommand).callsFake(
      pagedByToken({
        '': {
          Items: [
            {
              ...httpApi('h1', 'orders'),
              CreatedDate: new Date('2024-05-01T08:30:00Z'),
              CorsConfiguration: { AllowOrigins: ['*'], AllowCredentials: false },
              Warnings: ['ignored path parameter'],
            },
          ],
          NextToken: 't2',
        },
        t2: { Items: [{ ApiId: 'w2', Name: 'chat', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }], NextToken: 't3' },
        t3: { Items: [httpApi('h3', 'users')] },
      }),
    );
    const result = await collect();

    assert.deepEqual(inputs(apigatewayv2.commandCalls(GetApisCommand)), [
      { NextToken: undefined },
      { NextToken: 't2' },
      { NextToken: 't3' },
    ]);
    const apis = value(regionOf(result).apigatewayv2.apis);
    assert.deepEqual(
      apis.map((api) => [api.ApiId, api.Name, api.ProtocolType, api.arn]),
      [
        ['h1', 'orders', 'HTTP', arnOf('h1')],
        ['w2', 'chat', 'WEBSOCKET', arnOf('w2')],
        ['h3', 'users', 'HTTP', arnOf('h3')],
      ],
    );
    const [orders] = apis;
    assert.equal(orders?.CreatedDate, '2024-05-01T08:30:00.000Z');
    assert.deepEqual(orders?.CorsConfiguration, { AllowOrigins: ['*'], AllowCredentials: false });
    // Fields the schema does not declare are kept too: the snapshot is faithful.
    assert.deepEqual((orders as unknown as { Warnings: string[] }).Warnings, ['ignored path parameter']);
    const apiIdsOf = (calls: { args: [{ input: { ApiId: string | undefined } }] }[]) =>
      calls.map((call) => call.args[0].input.ApiId).sort();
    assert.deepEqual(apiIdsOf(apigatewayv2.commandCalls(GetRoutesCommand)), ['h1', 'h3', 'w2']);
    assert.deepEqual(apiIdsOf(apigatewayv2.commandCalls(GetStagesCommand)), ['h1', 'h3', 'w2']);
    assert.deepEqual(apiIdsOf(apigatewayv2.commandCalls(GetIntegrationsCommand)), ['h1', 'h3', 'w2']);
    assert.deepEqual(result.inventory.errors, []);
  });

  it('follows NextToken through GetRoutes and keeps every route', async () => {
    oneHttpApi();
    apigatewayv2.on(GetRoutesCommand).callsFake(
      pagedByToken({
        '': { Items: [{ RouteId: 'r1', RouteKey: 'GET /items', AuthorizationType: 'NONE', Target: 'integrations/i1' }], NextToken: 'n1' },
        n1: { Items: [{ RouteId: 'r2', RouteKey: 'POST /items', AuthorizationType: 'AWS_IAM', OperationName: 'createItem' }] },
      }),
    );
    const result = await collect();

    assert.deepEqual(inputs(apigatewayv2.commandCalls(GetRoutesCommand)), [
      { ApiId: 'h1', NextToken: undefined },
      { ApiId: 'h1', NextToken: 'n1' },
    ]);
    const [api] = value(regionOf(result).apigatewayv2.apis);
    assert.deepEqual(value(api?.routes), [
      { RouteId: 'r1', RouteKey: 'GET /items', AuthorizationType: 'NONE', Target: 'integrations/i1' },
      { RouteId: 'r2', RouteKey: 'POST /items', AuthorizationType: 'AWS_IAM', OperationName: 'createItem' },
    ]);
  });

  it('follows NextToken through GetStages, and exports each page\'s stages without AutoDeploy', async () => {
    oneHttpApi();
    apigatewayv2.on(GetStagesCommand).callsFake(
      pagedByToken({
        '': { Items: [{ StageName: '$default', AutoDeploy: true }], NextToken: 's1' },
        s1: { Items: [{ StageName: 'prod', AutoDeploy: false, DeploymentId: 'd1' }] },
      }),
    );
    apigatewayv2.on(ExportApiCommand).resolves({ body: Buffer.from(JSON.stringify({ openapi: '3.0.1', paths: {} })) as never });
    const result = await collect();

    assert.deepEqual(inputs(apigatewayv2.commandCalls(GetStagesCommand)), [
      { ApiId: 'h1', NextToken: undefined },
      { ApiId: 'h1', NextToken: 's1' },
    ]);
    const [api] = value(regionOf(result).apigatewayv2.apis);
    assert.deepEqual(value(api?.stages).map((stage) => stage.StageName), ['$default', 'prod']);
    assert.deepEqual(apigatewayv2.commandCalls(ExportApiCommand).map((call) => call.args[0].input.StageName), ['prod']);
    assert.deepEqual(value(api?.stageExports.prod), { stageName: 'prod', routes: [] });
  });

  it('reads a WebSocket API with its list calls only: no ExportApi (AWS cannot export one), GetAuthorizers only for a named authorizer', async () => {
    apigatewayv2.on(GetApisCommand).resolves({ Items: [{ ApiId: 'w1', Name: 'chat', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }] });
    apigatewayv2.on(GetRoutesCommand).resolves({ Items: [{ RouteId: 'r1', RouteKey: '$connect', AuthorizationType: 'NONE', Target: 'integrations/i1' }] });
    apigatewayv2.on(GetStagesCommand).resolves({ Items: [{ StageName: 'prod', AutoDeploy: false, DeploymentId: 'd1' }] });
    await collect();

    const v2Operations = apigatewayv2.calls().map((call) => (call.args[0] as { constructor: { name: string } }).constructor.name).sort();
    assert.deepEqual(v2Operations, ['GetApisCommand', 'GetDomainNamesCommand', 'GetIntegrationsCommand', 'GetRoutesCommand', 'GetStagesCommand']);
  });

  it('does not call GetAuthorizers when no route names an authorizer', async () => {
    oneHttpApi();
    apigatewayv2.on(GetRoutesCommand).resolves({
      Items: [
        { RouteKey: 'GET /public', AuthorizationType: 'NONE' },
        { RouteKey: 'POST /signed', AuthorizationType: 'AWS_IAM' },
      ],
    });
    const result = await collect();

    assert.equal(apigatewayv2.commandCalls(GetAuthorizersCommand).length, 0);
    const [api] = value(regionOf(result).apigatewayv2.apis);
    assert.deepEqual(api?.authorizers, { ok: true, value: [] });
  });

  it('fetches every page of authorizers when a route names one', async () => {
    oneHttpApi();
    apigatewayv2.on(GetRoutesCommand).resolves({
      Items: [
        { RouteKey: 'GET /public', AuthorizationType: 'NONE' },
        { RouteKey: 'GET /orders', AuthorizationType: 'JWT', AuthorizerId: 'jwt1', AuthorizationScopes: ['orders/read'] },
      ],
    });
    apigatewayv2.on(GetAuthorizersCommand).callsFake(
      pagedByToken({
        '': {
          Items: [
            {
              AuthorizerId: 'jwt1',
              Name: 'cognito',
              AuthorizerType: 'JWT',
              IdentitySource: ['$request.header.Authorization'],
              JwtConfiguration: { Audience: ['client-1'], Issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc' },
            },
          ],
          NextToken: 'a2',
        },
        a2: { Items: [{ AuthorizerId: 'lam1', Name: 'lambda', AuthorizerType: 'REQUEST', AuthorizerResultTtlInSeconds: 0 }] },
      }),
    );
    const result = await collect();

    assert.deepEqual(inputs(apigatewayv2.commandCalls(GetAuthorizersCommand)), [
      { ApiId: 'h1', NextToken: undefined },
      { ApiId: 'h1', NextToken: 'a2' },
    ]);
    const [api] = value(regionOf(result).apigatewayv2.apis);
    const authorizers = value(api?.authorizers);
    assert.deepEqual(
      authorizers.map((a) => [a.AuthorizerId, a.AuthorizerType]),
      [
        ['jwt1', 'JWT'],
        ['lam1', 'REQUEST'],
      ],
    );
    assert.equal(authorizers[0]?.JwtConfiguration?.Issuer, 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc');
    assert.deepEqual(value(api?.routes)[1]?.AuthorizationScopes, ['orders/read']);
  });

  it('skips the authorizers when GetRoutes failed, without listing them as errors', async () => {
    oneHttpApi();
    apigatewayv2.on(GetRoutesCommand).rejects(denied());
    const result = await collect();

    const [api] = value(regionOf(result).apigatewayv2.apis);
    assert.equal(api?.routes.ok === false && api.routes.error.code, 'AccessDeniedException');
    assert.deepEqual(api?.authorizers, {
      ok: false,
      error: {
        service: 'apigatewayv2',
        operation: 'GetAuthorizers',
        region: 'eu-west-1',
        resource: arnOf('h1'),
        code: 'Skipped',
        message: 'not collected because GetRoutes failed (AccessDeniedException)',
      },
    });
    assert.deepEqual(
      result.inventory.errors.map((e) => `${e.service}:${e.operation}`),
      ['apigatewayv2:GetRoutes'],
    );
    assert.equal(apigatewayv2.commandCalls(GetAuthorizersCommand).length, 0);
  });

  it('records AccessDenied on GetIntegrations in its slot and the errors list, and keeps routes and stages', async () => {
    oneHttpApi();
    apigatewayv2.on(GetRoutesCommand).resolves({ Items: [{ RouteKey: '$default', AuthorizationType: 'NONE' }] });
    apigatewayv2.on(GetStagesCommand).resolves({
      Items: [{ StageName: '$default', AutoDeploy: true, AccessLogSettings: { DestinationArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:api' } }],
    });
    apigatewayv2.on(GetIntegrationsCommand).rejects(denied());
    const result = await collect();

    const expected = {
      service: 'apigatewayv2',
      operation: 'GetIntegrations',
      region: 'eu-west-1',
      resource: arnOf('h1'),
      code: 'AccessDeniedException',
      message: 'User: arn:aws:sts::123456789012:assumed-role/apiposture-audit/session is not authorized to perform: apigateway:GET',
    };
    const [api] = value(regionOf(result).apigatewayv2.apis);
    assert.deepEqual(api?.integrations, { ok: false, error: expected });
    assert.deepEqual(result.inventory.errors, [expected]);
    assert.deepEqual(value(api?.routes), [{ RouteKey: '$default', AuthorizationType: 'NONE' }]);
    assert.equal(value(api?.stages)[0]?.AccessLogSettings?.DestinationArn, 'arn:aws:logs:eu-west-1:123456789012:log-group:api');
    // Denied is final: no retry.
    assert.equal(result.stats.snapshot()['apigatewayv2:GetIntegrations']?.attempts, 1);
  });

  it('retries a throttled GetApis through the shared call path and collects the data', async () => {
    apigatewayv2
      .on(GetApisCommand)
      .rejectsOnce(new TooManyRequestsException({ message: 'Too Many Requests', $metadata: { httpStatusCode: 429 } }))
      .resolves({ Items: [httpApi('h1', 'after the throttle')] });
    const result = await collect();

    assert.deepEqual(
      value(regionOf(result).apigatewayv2.apis).map((api) => api.Name),
      ['after the throttle'],
    );
    assert.deepEqual(result.inventory.errors, []);
    const stats = result.stats.snapshot()['apigatewayv2:GetApis'];
    assert.equal(stats?.calls, 1);
    assert.equal(stats?.attempts, 2);
    assert.equal(stats?.throttled, 1);
    assert.equal(stats?.failures, 0);
  });

  it('collects a WebSocket API: $connect route with its Lambda authorizer, stage route settings', async () => {
    apigatewayv2.on(GetApisCommand).resolves({
      Items: [
        {
          ApiId: 'w1',
          Name: 'chat',
          ProtocolType: 'WEBSOCKET',
          RouteSelectionExpression: '$request.body.action',
          ApiKeySelectionExpression: '$request.header.x-api-key',
          ApiEndpoint: 'wss://w1.execute-api.eu-west-1.amazonaws.com',
        },
      ],
    });
    apigatewayv2.on(GetRoutesCommand).resolves({
      Items: [
        { RouteId: 'c1', RouteKey: '$connect', AuthorizationType: 'CUSTOM', AuthorizerId: 'lam1', ApiKeyRequired: true, Target: 'integrations/i1' },
        { RouteId: 'm1', RouteKey: 'sendMessage', AuthorizationType: 'NONE', Target: 'integrations/i1' },
      ],
    });
    apigatewayv2.on(GetAuthorizersCommand).resolves({
      Items: [
        {
          AuthorizerId: 'lam1',
          Name: 'tokens',
          AuthorizerType: 'REQUEST',
          IdentitySource: ['route.request.querystring.token'],
          AuthorizerUri: 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:auth/invocations',
        },
      ],
    });
    apigatewayv2.on(GetStagesCommand).resolves({
      Items: [
        {
          StageName: 'prod',
          CreatedDate: new Date('2024-06-01T00:00:00Z'),
          LastUpdatedDate: new Date('2024-06-02T12:00:00Z'),
          DefaultRouteSettings: { LoggingLevel: 'ERROR', DataTraceEnabled: false, ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 },
          RouteSettings: { $connect: { LoggingLevel: 'INFO', DetailedMetricsEnabled: true } },
        },
      ],
    });
    apigatewayv2.on(GetIntegrationsCommand).resolves({
      Items: [{ IntegrationId: 'i1', IntegrationType: 'AWS_PROXY', IntegrationUri: 'arn:aws:lambda:eu-west-1:123456789012:function:chat' }],
    });
    const result = await collect();

    const [api] = value(regionOf(result).apigatewayv2.apis);
    assert.equal(api?.ProtocolType, 'WEBSOCKET');
    assert.equal(api?.arn, arnOf('w1'));
    const connect = value(api?.routes).find((route) => route.RouteKey === '$connect');
    assert.deepEqual(
      [connect?.AuthorizationType, connect?.AuthorizerId, connect?.ApiKeyRequired],
      ['CUSTOM', 'lam1', true],
    );
    assert.deepEqual(value(api?.authorizers)[0]?.IdentitySource, ['route.request.querystring.token']);
    assert.deepEqual(value(api?.stages), [
      {
        StageName: 'prod',
        CreatedDate: '2024-06-01T00:00:00.000Z',
        LastUpdatedDate: '2024-06-02T12:00:00.000Z',
        DefaultRouteSettings: { LoggingLevel: 'ERROR', DataTraceEnabled: false, ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 },
        RouteSettings: { $connect: { LoggingLevel: 'INFO', DetailedMetricsEnabled: true } },
      },
    ]);
    assert.deepEqual(value(api?.integrations), [
      { IntegrationId: 'i1', IntegrationType: 'AWS_PROXY', IntegrationUri: 'arn:aws:lambda:eu-west-1:123456789012:function:chat' },
    ]);
  });

  it('collects custom domains with every page of their API mappings', async () => {
    apigatewayv2.on(GetDomainNamesCommand).callsFake(
      pagedByToken({
        '': {
          Items: [
            {
              DomainName: 'api.example.com',
              DomainNameArn: 'arn:aws:apigateway:eu-west-1::/domainnames/api.example.com',
              DomainNameConfigurations: [
                {
                  EndpointType: 'REGIONAL',
                  SecurityPolicy: 'TLS_1_2',
                  CertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/c1',
                  CertificateUploadDate: new Date('2024-01-15T09:00:00Z'),
                },
              ],
            },
          ],
          NextToken: 'd2',
        },
        d2: { Items: [{ DomainName: 'ws.example.com' }] },
      }),
    );
    apigatewayv2.on(GetApiMappingsCommand, { DomainName: 'api.example.com' }).callsFake(
      pagedByToken({
        '': { Items: [{ ApiMappingId: 'm1', ApiId: 'h1', Stage: '$default', ApiMappingKey: 'orders' }], NextToken: 'm2' },
        m2: { Items: [{ ApiMappingId: 'm2', ApiId: 'h2', Stage: 'prod', ApiMappingKey: '' }] },
      }),
    );
    apigatewayv2.on(GetApiMappingsCommand, { DomainName: 'ws.example.com' }).rejects(denied());
    acm.on(DescribeCertificateCommand).resolves({
      Certificate: { CertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/c1', Status: 'ISSUED' },
    });
    const result = await collect();

    const [api, ws] = value(regionOf(result).apigatewayv2.domainNames);
    assert.equal(api?.DomainName, 'api.example.com');
    assert.deepEqual(api?.DomainNameConfigurations?.[0], {
      EndpointType: 'REGIONAL',
      SecurityPolicy: 'TLS_1_2',
      CertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/c1',
      CertificateUploadDate: '2024-01-15T09:00:00.000Z',
    });
    assert.deepEqual(value(api?.apiMappings), [
      { ApiMappingId: 'm1', ApiId: 'h1', Stage: '$default', ApiMappingKey: 'orders' },
      { ApiMappingId: 'm2', ApiId: 'h2', Stage: 'prod', ApiMappingKey: '' },
    ]);
    assert.equal(ws?.DomainName, 'ws.example.com');
    assert.equal(ws?.apiMappings.ok === false && ws.apiMappings.error.resource, 'arn:aws:apigateway:eu-west-1::/domainnames/ws.example.com');
    assert.deepEqual(
      result.inventory.errors.map((e) => [e.service, e.operation, e.code]),
      [['apigatewayv2', 'GetApiMappings', 'AccessDeniedException']],
    );
    assert.deepEqual(acm.commandCalls(DescribeCertificateCommand).map((c) => c.args[0].input.CertificateArn), [
      'arn:aws:acm:eu-west-1:123456789012:certificate/c1',
    ], 'the certificate a v2 domain configuration names is described too');
    assert.ok(regionOf(result).certificates['arn:aws:acm:eu-west-1:123456789012:certificate/c1']);
  });

  it('turns an API without ProtocolType into an UnexpectedResponse error, not a guess', async () => {
    const { ProtocolType: _missing, ...withoutProtocol } = httpApi('h1', 'no protocol');
    apigatewayv2.on(GetApisCommand).resolves({ Items: [withoutProtocol as ReturnType<typeof httpApi>] });
    const result = await collect();

    const apis = regionOf(result).apigatewayv2.apis;
    assert.equal(!apis.ok && apis.error.code, 'UnexpectedResponse');
    assert.match(!apis.ok ? apis.error.message : '', /0\.ProtocolType/);
    assert.equal(apigatewayv2.commandCalls(GetRoutesCommand).length, 0);
  });
});

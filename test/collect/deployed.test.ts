/**
 * What the stages serve, collected with mocked SDK clients: `GetExport` once per distinct
 * deployment, `GetDeployment` (API summary) once per canary-only deployment, `ExportApi` once
 * per HTTP API stage without AutoDeploy; a denied or unreadable answer is a gap that the checks
 * judging deployed data report as ERROR, never PASS.
 */
import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import {
  GetDeploymentCommand,
  GetExportCommand,
  GetResourcesCommand,
  GetRestApisCommand,
  GetStagesCommand,
} from '@aws-sdk/client-api-gateway';
import {
  ExportApiCommand,
  GetApisCommand,
  GetAuthorizersCommand,
  GetRoutesCommand,
  GetStagesCommand as GetV2StagesCommand,
} from '@aws-sdk/client-apigatewayv2';
import { allChecks } from '../../checks/index.js';
import { runChecks } from '../../src/engine/runner.js';
import { sameJson } from '../../src/inventory/share.js';
import { accessDenied, apigateway, apigatewayv2, collect, regionOf, resetAws, restoreAws, value } from './mock-aws.js';

const API_ARN = 'arn:aws:apigateway:eu-west-1::/restapis/a1';
const HTTP_ARN = 'arn:aws:apigateway:eu-west-1::/apis/h1';
const POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:eu-west-1:123456789012:a1/*/*/*' }],
};

/** A stage export as API Gateway writes it (OpenAPI 3, API Gateway extensions, authorizers). */
const EXPORT = {
  openapi: '3.0.1',
  info: { title: 'orders', version: '2026-11-01T10:00:00Z' },
  servers: [
    {
      url: 'https://a1.execute-api.eu-west-1.amazonaws.com/{basePath}',
      variables: { basePath: { default: 'prod' } },
      'x-amazon-apigateway-endpoint-configuration': { disableExecuteApiEndpoint: true },
    },
  ],
  paths: {
    '/': {
      get: {
        responses: { '200': { description: '200 response' } },
        security: [{ sigv4: [] }],
        'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/fn/invocations', passthroughBehavior: 'when_no_match' },
      },
    },
    '/orders': {
      post: {
        security: [{ users: ['orders/write'], api_key: [] }],
        'x-amazon-apigateway-request-validator': 'body',
        'x-amazon-apigateway-integration': {
          type: 'http_proxy',
          httpMethod: 'POST',
          uri: 'https://orders.internal/',
          connectionType: 'VPC_LINK',
          connectionId: 'vl1',
          tlsConfig: { insecureSkipVerification: true },
        },
      },
      'x-amazon-apigateway-any-method': {
        security: [{ tokens: [] }],
        'x-amazon-apigateway-integration': { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' } },
      },
      options: { responses: { '200': { description: '200 response' } }, 'x-amazon-apigateway-integration': { type: 'mock' } },
    },
  },
  components: {
    schemas: { Empty: { title: 'Empty Schema', type: 'object' } },
    securitySchemes: {
      sigv4: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' },
      api_key: { type: 'apiKey', name: 'x-api-key', in: 'header' },
      users: {
        type: 'apiKey',
        name: 'Authorization',
        in: 'header',
        'x-amazon-apigateway-authtype': 'cognito_user_pools',
        'x-amazon-apigateway-authorizer': { type: 'cognito_user_pools', providerARNs: ['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc'] },
      },
      tokens: {
        type: 'apiKey',
        name: 'Authorization',
        in: 'header',
        'x-amazon-apigateway-authtype': 'oauth2',
        'x-amazon-apigateway-authorizer': {
          type: 'token',
          authorizerUri: 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/auth/invocations',
          identitySource: 'method.request.header.Authorization',
          authorizerResultTtlInSeconds: 300,
        },
      },
    },
  },
  'x-amazon-apigateway-request-validators': { body: { validateRequestBody: true, validateRequestParameters: false } },
  'x-amazon-apigateway-policy': POLICY,
};

/** An export body as the SDK hands it over (a Uint8Array; the SDK's blob adapter adds helpers no collector uses). */
const bytes = (document: unknown) => Buffer.from(JSON.stringify(document)) as never;

function oneRestApi(stages: object[]) {
  apigateway.on(GetRestApisCommand).resolves({ items: [{ id: 'a1', name: 'orders', policy: JSON.stringify(POLICY) }] });
  apigateway.on(GetResourcesCommand).resolves({ items: [{ id: 'root', path: '/', resourceMethods: { GET: { httpMethod: 'GET', authorizationType: 'NONE' } } }] });
  apigateway.on(GetStagesCommand).resolves({ item: stages });
}

function oneHttpApi(protocol: 'HTTP' | 'WEBSOCKET', stages: { StageName: string; AutoDeploy?: boolean; DeploymentId?: string }[]) {
  apigatewayv2.on(GetApisCommand).resolves({ Items: [{ ApiId: 'h1', Name: 'items', ProtocolType: protocol, RouteSelectionExpression: '$request.method $request.path' }] });
  apigatewayv2.on(GetRoutesCommand).resolves({ Items: [{ RouteId: 'r1', RouteKey: 'GET /items', AuthorizationType: 'NONE' }] });
  apigatewayv2.on(GetV2StagesCommand).resolves({ Items: stages });
}

/** The checks that judge what a stage serves (issue 13). */
const DEPLOYED_CHECKS = new Set([
  'rest-api-public-unauthenticated',
  'rest-method-authorization',
  'rest-resource-policy-public',
  'default-endpoint-disabled',
  'rest-integration-https',
  'rest-method-request-validation',
  'rest-authorizer-caching',
]);

describe('what the stages serve (GetExport, GetDeployment, ExportApi)', () => {
  beforeEach(resetAws);
  after(restoreAws);

  it('reads a stage export: authorization, API keys, authorizers, integrations, validators, policy, default endpoint', async () => {
    oneRestApi([{ stageName: 'prod', deploymentId: 'd1' }]);
    apigateway.on(GetExportCommand).resolves({ body: bytes(EXPORT), contentType: 'application/json' });
    const result = await collect();

    assert.deepEqual(
      apigateway.commandCalls(GetExportCommand).map((call) => call.args[0].input),
      [{ restApiId: 'a1', stageName: 'prod', exportType: 'oas30', accepts: 'application/json', parameters: { extensions: 'apigateway,authorizers' } }],
    );
    const [api] = value(regionOf(result).apigateway.restApis);
    assert.deepEqual(api?.deployments, {
      d1: {
        ok: true,
        value: {
          deploymentId: 'd1',
          source: 'export',
          stageName: 'prod',
          methods: [
            {
              path: '/',
              httpMethod: 'GET',
              authorizationType: 'AWS_IAM',
              apiKeyRequired: false,
              integration: { type: 'AWS_PROXY', uri: 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/fn/invocations' },
            },
            {
              path: '/orders',
              httpMethod: 'ANY',
              authorizationType: 'CUSTOM',
              authorizerName: 'tokens',
              apiKeyRequired: false,
              integration: { type: 'MOCK' },
            },
            { path: '/orders', httpMethod: 'OPTIONS', authorizationType: 'NONE', apiKeyRequired: false, integration: { type: 'MOCK' } },
            {
              path: '/orders',
              httpMethod: 'POST',
              authorizationType: 'COGNITO_USER_POOLS',
              authorizerName: 'users',
              authorizationScopes: ['orders/write'],
              apiKeyRequired: true,
              integration: { type: 'HTTP_PROXY', uri: 'https://orders.internal/', connectionType: 'VPC_LINK', connectionId: 'vl1', tlsConfig: { insecureSkipVerification: true } },
              requestValidator: { name: 'body', validateRequestBody: true, validateRequestParameters: false },
            },
          ],
          authorizers: [
            { name: 'users', type: 'COGNITO_USER_POOLS', providerARNs: ['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc'] },
            {
              name: 'tokens',
              type: 'TOKEN',
              authorizerUri: 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/auth/invocations',
              identitySource: 'method.request.header.Authorization',
              authorizerResultTtlInSeconds: 300,
            },
          ],
          policy: JSON.stringify(POLICY),
          disableExecuteApiEndpoint: true,
        },
      },
    });
    assert.deepEqual(result.inventory.errors, []);
  });

  it('shares one GetExport between stages serving one deployment, and reads a canary-only deployment with one GetDeployment', async () => {
    oneRestApi([
      { stageName: 'prod', deploymentId: 'd1', canarySettings: { deploymentId: 'c1', percentTraffic: 5 } },
      { stageName: 'beta', deploymentId: 'd1', canarySettings: { deploymentId: 'c1', percentTraffic: 50 } },
      { stageName: 'dev', deploymentId: 'd2', canarySettings: { deploymentId: 'd1' } },
    ]);
    apigateway.on(GetExportCommand).resolves({ body: bytes(EXPORT) });
    apigateway.on(GetDeploymentCommand).resolves({
      id: 'c1',
      apiSummary: { '/': { GET: { authorizationType: 'NONE', apiKeyRequired: false } }, '/orders': { POST: { authorizationType: 'AWS_IAM', apiKeyRequired: true } } },
    });
    const result = await collect();

    assert.deepEqual(
      apigateway.commandCalls(GetExportCommand).map((call) => [call.args[0].input.stageName]),
      [['prod'], ['dev']],
    );
    assert.deepEqual(
      apigateway.commandCalls(GetDeploymentCommand).map((call) => call.args[0].input),
      [{ restApiId: 'a1', deploymentId: 'c1', embed: ['apisummary'] }],
    );
    const [api] = value(regionOf(result).apigateway.restApis);
    assert.deepEqual(Object.keys(api?.deployments ?? {}).sort(), ['c1', 'd1', 'd2']);
    assert.deepEqual(api?.deployments.c1, {
      ok: true,
      value: {
        deploymentId: 'c1',
        source: 'api-summary',
        methods: [
          { path: '/', httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false },
          { path: '/orders', httpMethod: 'POST', authorizationType: 'AWS_IAM', apiKeyRequired: true },
        ],
      },
    });
  });

  it('holds the methods deployments share once: an equal list as one array, equal records as one object; the JSON is unchanged', async () => {
    oneRestApi([
      { stageName: 'prod', deploymentId: 'd1' },
      { stageName: 'beta', deploymentId: 'd2' },
      { stageName: 'dev', deploymentId: 'd3' },
    ]);
    const changed = structuredClone(EXPORT) as typeof EXPORT & { paths: Record<string, Record<string, { security?: unknown }>> };
    changed.paths['/']!.get!.security = [];
    apigateway
      .on(GetExportCommand, { stageName: 'prod' }).resolves({ body: bytes(EXPORT) })
      .on(GetExportCommand, { stageName: 'beta' }).resolves({ body: bytes(EXPORT) })
      .on(GetExportCommand, { stageName: 'dev' }).resolves({ body: bytes(changed) });
    const result = await collect();
    const [api] = value(regionOf(result).apigateway.restApis);
    const methodsOf = (id: string) => {
      const slot = api!.deployments[id]!;
      assert.ok(slot.ok);
      return slot.value.methods;
    };
    const [d1, d2, d3] = [methodsOf('d1'), methodsOf('d2'), methodsOf('d3')];
    assert.equal(d1, d2, 'equal lists: one array');
    assert.notEqual(d1, d3);
    assert.equal(d3.length, d1.length);
    // '/' GET differs (no security: NONE); every other method is the same object in both lists.
    const same = d3.map((method, i) => method === d1[i]);
    assert.deepEqual(same, d3.map((method) => !(method.path === '/' && method.httpMethod === 'GET')));
    assert.equal(d3.find((m) => m.path === '/')!.authorizationType, 'NONE');
    assert.equal(d1.find((m) => m.path === '/')!.authorizationType, 'AWS_IAM');
    // The snapshot says the same as three separate parses would: the JSON text is what each export parsed to.
    assert.equal(JSON.stringify(d2), JSON.stringify(d1));
    assert.notEqual(JSON.stringify(d3), JSON.stringify(d1));
  });

  it('calls two values the same only when they print as the same JSON text', () => {
    const cases: [unknown, unknown][] = [
      [{ a: 1, b: [1, { c: 'x' }] }, { a: 1, b: [1, { c: 'x' }] }],
      [{ a: 1, b: 2 }, { b: 2, a: 1 }],
      [{ a: [1, 2] }, { a: [2, 1] }],
      [{ a: [] }, { a: {} }],
      [{ a: null }, { a: {} }],
      [{ a: 1 }, { a: 1, b: null }],
      [[{ a: 'x' }], [{ a: 'x' }]],
      ['1', 1],
    ];
    for (const [a, b] of cases) assert.equal(sameJson(a, b), JSON.stringify(a) === JSON.stringify(b), JSON.stringify([a, b]));
  });

  it('records a denied GetExport as that deployment’s gap, and the deployed checks report ERROR, never PASS', async () => {
    oneRestApi([{ stageName: 'prod', deploymentId: 'd1' }]);
    apigateway.on(GetExportCommand).rejects(accessDenied());
    const result = await collect();

    const expected = {
      service: 'apigateway',
      operation: 'GetExport',
      region: 'eu-west-1',
      resource: `${API_ARN}/stages/prod`,
      code: 'AccessDeniedException',
      message: 'User: arn:aws:sts::123456789012:assumed-role/apiposture-audit/session is not authorized to perform: apigateway:GET',
    };
    const [api] = value(regionOf(result).apigateway.restApis);
    assert.deepEqual(api?.deployments, { d1: { ok: false, error: expected } });
    assert.deepEqual(result.inventory.errors, [expected]);
    assert.equal(result.stats.snapshot()['apigateway:GetExport']?.attempts, 1, 'AccessDenied is not retried');

    const judged = runChecks(allChecks, result.inventory).filter((r) => DEPLOYED_CHECKS.has(r.checkId) && r.resource.apiArn === API_ARN);
    assert.ok(judged.length > 0, 'the deployed checks judge the API');
    for (const r of judged) assert.notEqual(r.status, 'PASS', `${r.checkId} on ${r.resource.name}: ${r.message}`);
    assert.ok(judged.some((r) => r.status === 'ERROR' && /GetExport/.test(JSON.stringify(r))), 'an ERROR names GetExport');
  });

  it('records a denied GetDeployment as the canary deployment’s gap', async () => {
    oneRestApi([{ stageName: 'prod', deploymentId: 'd1', canarySettings: { deploymentId: 'c1' } }]);
    apigateway.on(GetExportCommand).resolves({ body: bytes(EXPORT) });
    apigateway.on(GetDeploymentCommand).rejects(accessDenied());
    const result = await collect();

    const [api] = value(regionOf(result).apigateway.restApis);
    assert.equal(api?.deployments.d1?.ok, true);
    const canary = api?.deployments.c1;
    assert.equal(canary?.ok, false);
    assert.deepEqual(!canary?.ok && [canary?.error.operation, canary?.error.resource, canary?.error.code], [
      'GetDeployment',
      `${API_ARN}/deployments/c1`,
      'AccessDeniedException',
    ]);
  });

  it('fails an export that is not an OpenAPI JSON document, or an API summary without its fields, as UnexpectedResponse', async () => {
    oneRestApi([{ stageName: 'prod', deploymentId: 'd1', canarySettings: { deploymentId: 'c1' } }]);
    apigateway.on(GetExportCommand).resolves({ body: Buffer.from('openapi: 3.0.1\n') as never });
    apigateway.on(GetDeploymentCommand).resolves({ id: 'c1', apiSummary: { '/': { GET: { apiKeyRequired: false } } } });
    const result = await collect();

    const [api] = value(regionOf(result).apigateway.restApis);
    for (const id of ['d1', 'c1']) {
      const slot = api?.deployments[id];
      assert.equal(!slot?.ok && slot?.error.code, 'UnexpectedResponse', id);
    }
    assert.match(JSON.stringify(api?.deployments.d1), /not UTF-8 JSON/);
    assert.match(JSON.stringify(api?.deployments.c1), /lacks authorizationType/);
  });

  it('asks nothing when the stages could not be read', async () => {
    oneRestApi([]);
    apigateway.on(GetStagesCommand).rejects(accessDenied());
    const result = await collect();

    const [api] = value(regionOf(result).apigateway.restApis);
    assert.deepEqual(api?.deployments, {});
    assert.equal(apigateway.commandCalls(GetExportCommand).length, 0);
  });

  it('exports each HTTP API stage without AutoDeploy, and none with it', async () => {
    oneHttpApi('HTTP', [
      { StageName: '$default', AutoDeploy: true },
      { StageName: 'prod', AutoDeploy: false },
      { StageName: 'legacy' },
    ]);
    apigatewayv2.on(ExportApiCommand).callsFake((input: { StageName: string }) => ({
      body: bytes({
        openapi: '3.0.1',
        info: { title: 'items', version: '2026-11-01 00:00:00UTC' },
        paths: {
          '/items': {
            get: {
              security: [{ cognito: ['items/read'] }],
              'x-amazon-apigateway-integration': { payloadFormatVersion: '2.0', type: 'http_proxy', httpMethod: 'GET', uri: 'https://items.internal', connectionType: 'VPC_LINK', connectionId: 'vl2', tlsConfig: { serverNameToVerify: 'items.internal' } },
            },
          },
          '/$default': { 'x-amazon-apigateway-any-method': { isDefaultRoute: true, security: [{ sigv4: [] }] } },
        },
        components: {
          securitySchemes: {
            cognito: { type: 'oauth2', flows: {}, 'x-amazon-apigateway-authorizer': { type: 'jwt', identitySource: '$request.header.Authorization', jwtConfiguration: { audience: ['c'], issuer: 'https://issuer' } } },
            sigv4: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' },
          },
        },
        'x-amazon-apigateway-importexport-version': '1.0',
        servers: [{ url: `https://h1.execute-api.eu-west-1.amazonaws.com/{basePath}`, variables: { basePath: { default: input.StageName } } }],
      }),
    }));
    const result = await collect();

    assert.deepEqual(
      apigatewayv2.commandCalls(ExportApiCommand).map((call) => call.args[0].input),
      [
        { ApiId: 'h1', StageName: 'prod', Specification: 'OAS30', OutputType: 'JSON', IncludeExtensions: true },
        { ApiId: 'h1', StageName: 'legacy', Specification: 'OAS30', OutputType: 'JSON', IncludeExtensions: true },
      ],
    );
    const [api] = value(regionOf(result).apigatewayv2.apis);
    assert.deepEqual(api?.stageExports.prod, {
      ok: true,
      value: {
        stageName: 'prod',
        routes: [
          { routeKey: '$default', authorizationType: 'AWS_IAM' },
          {
            routeKey: 'GET /items',
            authorizationType: 'JWT',
            authorizerName: 'cognito',
            authorizationScopes: ['items/read'],
            integration: { type: 'HTTP_PROXY', uri: 'https://items.internal', connectionType: 'VPC_LINK', connectionId: 'vl2', serverNameToVerify: 'items.internal' },
          },
        ],
      },
    });
    assert.deepEqual(Object.keys(api?.stageExports ?? {}), ['prod', 'legacy']);
  });

  it('exports HTTP API stages that serve one deployment once, through the first of them; a failure is each one’s gap', async () => {
    oneHttpApi('HTTP', [
      { StageName: 'blue', DeploymentId: 'd1' },
      { StageName: 'green', DeploymentId: 'd1' },
      { StageName: 'canary', DeploymentId: 'd2' },
      { StageName: 'nodeploy' },
    ]);
    apigatewayv2.on(ExportApiCommand).callsFake((input: { StageName: string }) =>
      input.StageName === 'canary'
        ? Promise.reject(accessDenied())
        : { body: bytes({ openapi: '3.0.1', info: { title: 'items', version: '1' }, paths: { '/items': { get: { 'x-amazon-apigateway-integration': { type: 'http_proxy', uri: `https://${input.StageName}.internal`, payloadFormatVersion: '1.0' } } } } }) },
    );
    const result = await collect();

    assert.deepEqual(apigatewayv2.commandCalls(ExportApiCommand).map((call) => call.args[0].input.StageName).sort(), ['blue', 'canary', 'nodeploy']);
    const [api] = value(regionOf(result).apigatewayv2.apis);
    const served = (stage: string) => value(api?.stageExports[stage]);
    assert.deepEqual(served('green'), { ...served('blue'), stageName: 'green' });
    assert.equal(served('green').routes[0]?.integration?.uri, 'https://blue.internal');
    assert.equal(served('nodeploy').routes[0]?.integration?.uri, 'https://nodeploy.internal');
    const canary = api?.stageExports.canary;
    assert.equal(!canary?.ok && canary?.error.code, 'AccessDeniedException');
    assert.deepEqual(result.inventory.errors.map((e) => e.operation), ['ExportApi']);
  });

  it('records a denied ExportApi as that stage’s gap', async () => {
    oneHttpApi('HTTP', [{ StageName: 'prod', AutoDeploy: false }]);
    apigatewayv2.on(ExportApiCommand).rejects(accessDenied());
    const result = await collect();

    const [api] = value(regionOf(result).apigatewayv2.apis);
    const slot = api?.stageExports.prod;
    assert.deepEqual(!slot?.ok && [slot?.error.service, slot?.error.operation, slot?.error.resource, slot?.error.code], [
      'apigatewayv2',
      'ExportApi',
      `${HTTP_ARN}/stages/prod`,
      'AccessDeniedException',
    ]);
    assert.deepEqual(result.inventory.errors.map((e) => e.operation), ['ExportApi']);
  });

  /** An export of `prod` whose one route uses `security` (a scheme of `schemes`). */
  const servedExport = (security: Record<string, string[]>[], schemes: Record<string, unknown>) => ({
    body: bytes({
      openapi: '3.0.1',
      info: { title: 'items', version: '1' },
      paths: { '/items': { get: { security, 'x-amazon-apigateway-integration': { type: 'http_proxy', uri: 'https://items.internal', payloadFormatVersion: '1.0' } } } },
      components: { securitySchemes: schemes },
    }),
  });

  /** The API's one JWT authorizer, as GetAuthorizers lists it. */
  const cognito = { AuthorizerId: 'a1', Name: 'cognito', AuthorizerType: 'JWT' as const, IdentitySource: ['$request.header.Authorization'], JwtConfiguration: { Audience: ['c'], Issuer: 'https://issuer' } };

  /** Collects with `cognito` listed, and checks it was read once and kept. */
  async function collectWithOneAuthorizer() {
    apigatewayv2.on(GetAuthorizersCommand).resolves({ Items: [cognito] });
    const result = await collect();
    assert.equal(apigatewayv2.commandCalls(GetAuthorizersCommand).length, 1);
    const [api] = value(regionOf(result).apigatewayv2.apis);
    assert.deepEqual(api?.authorizers, { ok: true, value: [cognito] });
    return result;
  }

  it('reads the authorizers when only a stage without AutoDeploy still serves a route that names one', async () => {
    // The working copy's route has dropped its authorizer; prod still serves it. The checks look
    // the served authorizer up by name among the API's authorizers (its issuer, its function).
    oneHttpApi('HTTP', [{ StageName: 'prod', AutoDeploy: false, DeploymentId: 'd1' }]);
    apigatewayv2.on(ExportApiCommand).resolves(
      servedExport([{ cognito: [] }], {
        cognito: { type: 'oauth2', flows: {}, 'x-amazon-apigateway-authorizer': { type: 'jwt', identitySource: '$request.header.Authorization', jwtConfiguration: { audience: ['c'], issuer: 'https://issuer' } } },
      }),
    );
    const result = await collectWithOneAuthorizer();

    assert.deepEqual(result.inventory.errors, []);
  });

  it('reads the authorizers when a stage export failed: whether its routes name one is unknown, not none', async () => {
    oneHttpApi('HTTP', [{ StageName: 'prod', AutoDeploy: false, DeploymentId: 'd1' }]);
    apigatewayv2.on(ExportApiCommand).rejects(accessDenied());
    const result = await collectWithOneAuthorizer();

    assert.deepEqual(result.inventory.errors.map((e) => e.operation), ['ExportApi']);
  });

  it('does not read the authorizers when neither the routes nor what the stages serve name one', async () => {
    oneHttpApi('HTTP', [{ StageName: 'prod', AutoDeploy: false, DeploymentId: 'd1' }]);
    apigatewayv2.on(ExportApiCommand).resolves(
      servedExport([{ sigv4: [] }], { sigv4: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' } }),
    );
    const result = await collect();

    assert.equal(apigatewayv2.commandCalls(GetAuthorizersCommand).length, 0);
    const [api] = value(regionOf(result).apigatewayv2.apis);
    assert.deepEqual(api?.authorizers, { ok: true, value: [] });
  });

  it('asks nothing for WebSocket APIs: AWS cannot export them', async () => {
    oneHttpApi('WEBSOCKET', [{ StageName: 'prod', AutoDeploy: false }]);
    const result = await collect();

    assert.equal(apigatewayv2.commandCalls(ExportApiCommand).length, 0);
    const [api] = value(regionOf(result).apigatewayv2.apis);
    assert.deepEqual(api?.stageExports, {});
  });
});

/** The export parsers: OpenAPI security, extensions and silences → the snapshot's deployed shapes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExportShapeError, exportDocument, parseApiSummary, parseHttpApiExport, parseRestExport } from '../../src/collect/exports.js';

const SCHEMES = {
  sigv4: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' },
  api_key: { type: 'apiKey', name: 'x-api-key', in: 'header' },
  pool: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'cognito_user_pools', 'x-amazon-apigateway-authorizer': { type: 'cognito_user_pools', providerARNs: ['arn:p'] } },
  tok: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'oauth2', 'x-amazon-apigateway-authorizer': { type: 'token', authorizerUri: 'arn:u' } },
  req: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'custom', 'x-amazon-apigateway-authorizer': { type: 'request', authorizerUri: 'arn:u' } },
  /** A Lambda authorizer whose `x-amazon-apigateway-authorizer` the export left out: free-form authtype. */
  bare: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'oauth2' },
  poolOnly: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'cognito_user_pools' },
  odd: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authorizer': { type: 'saml' } },
  oidc: { type: 'openIdConnect', openIdConnectUrl: 'https://x' },
};

const context = (draft: { policy?: string; disableExecuteApiEndpoint?: boolean } = {}) => ({ deploymentId: 'd1', stageName: 'prod', draft });

function methodWith(operation: object, extra: object = {}) {
  const config = parseRestExport({ openapi: '3.0.1', paths: { '/': { get: operation } }, components: { securitySchemes: SCHEMES }, ...extra }, context());
  const [method] = config.methods;
  return { authorizationType: method?.authorizationType, authorizerName: method?.authorizerName, apiKeyRequired: method?.apiKeyRequired };
}

describe('REST export: a method’s security → authorizationType, authorizer, API key', () => {
  const cases: [string, object, object][] = [
    ['no security: NONE', {}, { authorizationType: 'NONE', authorizerName: undefined, apiKeyRequired: false }],
    ['an empty security list: NONE', { security: [] }, { authorizationType: 'NONE', authorizerName: undefined, apiKeyRequired: false }],
    ['awsSigv4: AWS_IAM', { security: [{ sigv4: [] }] }, { authorizationType: 'AWS_IAM', authorizerName: undefined, apiKeyRequired: false }],
    ['awsSigv4 and an API key', { security: [{ sigv4: [], api_key: [] }] }, { authorizationType: 'AWS_IAM', authorizerName: undefined, apiKeyRequired: true }],
    ['an API key alone: NONE with a key', { security: [{ api_key: [] }] }, { authorizationType: 'NONE', authorizerName: undefined, apiKeyRequired: true }],
    ['a user pool authorizer (scopes ignored)', { security: [{ pool: ['a/b'] }] }, { authorizationType: 'COGNITO_USER_POOLS', authorizerName: 'pool', apiKeyRequired: false }],
    ['a token authorizer, free-form authtype', { security: [{ tok: [] }] }, { authorizationType: 'CUSTOM', authorizerName: 'tok', apiKeyRequired: false }],
    ['a request authorizer', { security: [{ req: [] }] }, { authorizationType: 'CUSTOM', authorizerName: 'req', apiKeyRequired: false }],
    ['a user-pool authtype without the authorizer extension', { security: [{ poolOnly: [] }] }, { authorizationType: 'COGNITO_USER_POOLS', authorizerName: 'poolOnly', apiKeyRequired: false }],
    ['x-amazon-apigateway-auth AWS_IAM', { 'x-amazon-apigateway-auth': { type: 'aws_iam' } }, { authorizationType: 'AWS_IAM', authorizerName: undefined, apiKeyRequired: false }],
    // Unknown: the raw text, which no check reads as NONE.
    ['a free-form authtype without the authorizer extension: raw', { security: [{ bare: [] }] }, { authorizationType: 'oauth2', authorizerName: undefined, apiKeyRequired: false }],
    ['an unknown authorizer type: raw', { security: [{ odd: [] }] }, { authorizationType: 'authorizer odd of type "saml"', authorizerName: undefined, apiKeyRequired: false }],
    ['an OpenID Connect scheme: raw', { security: [{ oidc: [] }] }, { authorizationType: 'security scheme oidc of type "openIdConnect"', authorizerName: undefined, apiKeyRequired: false }],
    ['an undefined scheme: raw', { security: [{ nowhere: [] }] }, { authorizationType: 'security scheme nowhere is not defined in the export', authorizerName: undefined, apiKeyRequired: false }],
    ['alternatives: raw', { security: [{ sigv4: [] }, { pool: [] }] }, { authorizationType: 'security [{"sigv4":[]},{"pool":[]}]', authorizerName: undefined, apiKeyRequired: false }],
    ['two authorizations at once: raw', { security: [{ sigv4: [], pool: [] }] }, { authorizationType: 'AWS_IAM + COGNITO_USER_POOLS', authorizerName: undefined, apiKeyRequired: false }],
  ];
  for (const [name, operation, expected] of cases) {
    it(name, () => assert.deepEqual(methodWith(operation), expected));
  }

  it('the document’s security applies to operations without their own', () => {
    assert.deepEqual(methodWith({}, { security: [{ sigv4: [] }] }), { authorizationType: 'AWS_IAM', authorizerName: undefined, apiKeyRequired: false });
    assert.deepEqual(methodWith({ security: [] }, { security: [{ sigv4: [] }] }), { authorizationType: 'NONE', authorizerName: undefined, apiKeyRequired: false });
  });
});

describe('REST export: the resource policy and the default endpoint, stated or silent', () => {
  const parse = (extra: object, draft: { policy?: string; disableExecuteApiEndpoint?: boolean }) =>
    parseRestExport({ openapi: '3.0.1', paths: {}, ...extra }, context(draft));

  it('a stated policy is the deployed one (as JSON text)', () => {
    assert.equal(parse({ 'x-amazon-apigateway-policy': { Version: '2012-10-17', Statement: [] } }, {}).policy, '{"Version":"2012-10-17","Statement":[]}');
  });
  it('silence when the draft has no policy: none deployed (null)', () => {
    assert.equal(parse({}, {}).policy, null);
    assert.equal(parse({}, { policy: '  ' }).policy, null);
  });
  it('silence when the draft has a policy: unknown (undefined), never "none"', () => {
    const config = parse({}, { policy: '{"Version":"2012-10-17"}' });
    assert.equal('policy' in config, false);
  });
  it('a stated default-endpoint switch is the deployed one, on a server (OpenAPI 3) or at the top (Swagger 2)', () => {
    const onServer = { servers: [{ url: 'https://x/{basePath}', 'x-amazon-apigateway-endpoint-configuration': { disableExecuteApiEndpoint: true } }] };
    assert.equal(parse(onServer, { disableExecuteApiEndpoint: false }).disableExecuteApiEndpoint, true);
    assert.equal(parse({ 'x-amazon-apigateway-endpoint-configuration': { disableExecuteApiEndpoint: false } }, { disableExecuteApiEndpoint: true }).disableExecuteApiEndpoint, false);
  });
  it('silence is the default (enabled) only when the draft has it enabled; otherwise unknown', () => {
    assert.equal(parse({}, { disableExecuteApiEndpoint: false }).disableExecuteApiEndpoint, false);
    assert.equal('disableExecuteApiEndpoint' in parse({}, { disableExecuteApiEndpoint: true }), false);
    assert.equal('disableExecuteApiEndpoint' in parse({}, {}), false);
  });
});

describe('REST export: request models', () => {
  it('reads the body’s models by content type from their references; an inline schema names none', () => {
    const config = parseRestExport(
      {
        openapi: '3.0.1',
        paths: {
          '/': {
            post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/NewOrder' } }, 'text/plain': { schema: { type: 'string' } } } } },
            put: { requestBody: { content: { 'text/plain': { schema: { type: 'string' } } } } },
          },
        },
      },
      context(),
    );
    assert.deepEqual(config.methods.map((m) => [m.httpMethod, m.requestModels]), [
      ['POST', { 'application/json': 'NewOrder' }],
      ['PUT', undefined],
    ]);
  });
});

describe('REST export: documents that are not exports', () => {
  it('refuses what is not an OpenAPI document', () => {
    assert.throws(() => parseRestExport([], context()), ExportShapeError);
    assert.throws(() => parseRestExport({ paths: {} }, context()), /no 'openapi'/);
    assert.throws(() => parseRestExport({ openapi: '3.0.1', paths: { '/': 'x' } }, context()), ExportShapeError);
    assert.throws(() => parseRestExport({ openapi: '3.0.1', 'x-amazon-apigateway-policy': 3 }, context()), /policy/);
    assert.throws(() => exportDocument(new Uint8Array()), /empty/);
    assert.throws(() => exportDocument(new Uint8Array([0xff, 0xfe])), /not UTF-8 JSON/);
  });
  it('reads a path named __proto__ as data', () => {
    const config = parseRestExport(JSON.parse('{"openapi":"3.0.1","paths":{"/__proto__":{"get":{}},"__proto__":{"get":{}}}}'), context());
    assert.deepEqual(config.methods.map((m) => m.path), ['/__proto__', '__proto__']);
  });
});

describe('API summary (GetDeployment embed=apisummary)', () => {
  it('reads every path and verb, sorted', () => {
    const config = parseApiSummary({ '/b': { POST: { authorizationType: 'CUSTOM', apiKeyRequired: true } }, '/': { GET: { authorizationType: 'NONE', apiKeyRequired: false } } }, 'c1');
    assert.deepEqual(config, {
      deploymentId: 'c1',
      source: 'api-summary',
      methods: [
        { path: '/', httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false },
        { path: '/b', httpMethod: 'POST', authorizationType: 'CUSTOM', apiKeyRequired: true },
      ],
    });
  });
  it('refuses a summary that is missing or lacks a method’s fields', () => {
    assert.throws(() => parseApiSummary(undefined, 'c1'), /no apiSummary/);
    assert.throws(() => parseApiSummary({ '/': { GET: { authorizationType: 'NONE' } } }, 'c1'), /lacks/);
  });
});

describe('HTTP API export (ExportApi with StageName)', () => {
  it('reads route keys, authorization (JWT, Lambda, IAM, none) and integrations', () => {
    const config = parseHttpApiExport(
      {
        openapi: '3.0.1',
        paths: {
          '/$default': { 'x-amazon-apigateway-any-method': { isDefaultRoute: true } },
          '/a': { get: { security: [{ jwt: ['s'] }] }, 'x-amazon-apigateway-any-method': { security: [{ lambda: [] }] } },
          '/b/{id}': { delete: { security: [{ sigv4: [] }], 'x-amazon-apigateway-integration': { type: 'aws_proxy', uri: 'arn:l', payloadFormatVersion: '2.0' } } },
        },
        components: {
          securitySchemes: {
            jwt: { type: 'oauth2', flows: {}, 'x-amazon-apigateway-authorizer': { type: 'jwt' } },
            lambda: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authorizer': { type: 'request' } },
            sigv4: SCHEMES.sigv4,
          },
        },
      },
      'live',
    );
    assert.deepEqual(config, {
      stageName: 'live',
      routes: [
        { routeKey: '$default', authorizationType: 'NONE' },
        { routeKey: 'ANY /a', authorizationType: 'CUSTOM', authorizerName: 'lambda' },
        { routeKey: 'DELETE /b/{id}', authorizationType: 'AWS_IAM', integration: { type: 'AWS_PROXY', uri: 'arn:l' } },
        // The scopes the JWT authorizer requires are read from the security requirement.
        { routeKey: 'GET /a', authorizationType: 'JWT', authorizerName: 'jwt', authorizationScopes: ['s'] },
      ],
    });
  });
});

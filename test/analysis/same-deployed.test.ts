import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sameDeployedAuthorizer, sameDeployedMethod, sameDeployedMethods } from '../../src/analysis/same-deployed.js';
import { deployedMethodSchema, deployedRestConfigSchema, type DeployedMethod, type DeployedRestConfig } from '../../src/inventory/schema.js';

type DeployedAuthorizer = NonNullable<DeployedRestConfig['authorizers']>[number];

const method = (): DeployedMethod => ({
  path: '/orders/{id}',
  httpMethod: 'POST',
  authorizationType: 'CUSTOM',
  authorizerName: 'token-check',
  authorizationScopes: ['orders/write'],
  apiKeyRequired: true,
  integration: { type: 'HTTP_PROXY', uri: 'https://b.example.com/{id}', connectionType: 'VPC_LINK', connectionId: 'link1', tlsConfig: { insecureSkipVerification: false } },
  requestValidator: { name: 'body', validateRequestBody: true, validateRequestParameters: false },
  requestModels: { 'application/json': 'Order' },
});

/** One change per field of a deployed method, nested fields included: each must make it another method. */
const methodChanges: Record<string, (m: DeployedMethod) => void> = {
  path: (m) => (m.path = '/orders'),
  httpMethod: (m) => (m.httpMethod = 'PUT'),
  authorizationType: (m) => (m.authorizationType = 'AWS_IAM'),
  authorizerName: (m) => delete m.authorizerName,
  authorizationScopes: (m) => (m.authorizationScopes = ['orders/read']),
  apiKeyRequired: (m) => (m.apiKeyRequired = false),
  integration: (m) => delete m.integration,
  'integration.type': (m) => (m.integration!.type = 'HTTP'),
  'integration.uri': (m) => (m.integration!.uri = 'http://b.example.com/{id}'),
  'integration.connectionType': (m) => (m.integration!.connectionType = 'INTERNET'),
  'integration.connectionId': (m) => (m.integration!.connectionId = 'link2'),
  'integration.tlsConfig': (m) => delete m.integration!.tlsConfig,
  'integration.tlsConfig.insecureSkipVerification': (m) => (m.integration!.tlsConfig!.insecureSkipVerification = true),
  requestValidator: (m) => delete m.requestValidator,
  'requestValidator.name': (m) => (m.requestValidator!.name = 'other'),
  'requestValidator.validateRequestBody': (m) => (m.requestValidator!.validateRequestBody = false),
  'requestValidator.validateRequestParameters': (m) => (m.requestValidator!.validateRequestParameters = true),
  requestModels: (m) => (m.requestModels = { 'application/json': 'Other' }),
  'requestModels (a content type more)': (m) => (m.requestModels = { 'application/json': 'Order', 'text/plain': 'Order' }),
};

/** Every field path of a zod object schema, nested objects included (`integration.tlsConfig.…`). */
function fieldPaths(shape: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(shape).flatMap(([key, schema]) => {
    let inner = schema as { def?: { type?: string; innerType?: unknown; shape?: Record<string, unknown> }; shape?: Record<string, unknown> };
    while (inner.def?.type === 'optional' || inner.def?.type === 'nullable') inner = inner.def.innerType as typeof inner;
    const nested = inner.def?.type === 'object' ? inner.shape : undefined;
    return [`${prefix}${key}`, ...(nested ? fieldPaths(nested, `${prefix}${key}.`) : [])];
  });
}

describe('sameDeployedMethod', () => {
  it('two copies of one method are the same; absent and undefined fields are alike', () => {
    assert.ok(sameDeployedMethod(method(), method()));
    const bare: DeployedMethod = { path: '/', httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false };
    assert.ok(sameDeployedMethod(bare, { ...bare, authorizerName: undefined, integration: undefined }));
  });

  it('the changes cover every field a deployed method has, as the schema says', () => {
    assert.deepEqual(
      fieldPaths(deployedMethodSchema.shape).sort(),
      Object.keys(methodChanges)
        .filter((k) => !k.includes(' '))
        .sort(),
    );
  });

  for (const [field, change] of Object.entries(methodChanges)) {
    it(`a change to ${field} makes another method, both ways`, () => {
      const changed = method();
      change(changed);
      assert.equal(sameDeployedMethod(method(), changed), false);
      assert.equal(sameDeployedMethod(changed, method()), false);
    });
  }

  it('lists are the same only with the same methods in the same order', () => {
    const other = { ...method(), path: '/b' };
    assert.ok(sameDeployedMethods([method(), other], [method(), { ...other }]));
    assert.equal(sameDeployedMethods([method(), other], [other, method()]), false);
    assert.equal(sameDeployedMethods([method()], [method(), method()]), false);
  });
});

describe('sameDeployedAuthorizer', () => {
  const authorizer = (): DeployedAuthorizer => ({
    name: 'token-check',
    type: 'TOKEN',
    authorizerUri: 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:auth/invocations',
    providerARNs: ['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_a'],
    identitySource: 'method.request.header.Authorization',
    authorizerResultTtlInSeconds: 300,
  });
  const changes: Record<string, (a: DeployedAuthorizer) => void> = {
    name: (a) => (a.name = 'other'),
    type: (a) => (a.type = 'REQUEST'),
    authorizerUri: (a) => delete a.authorizerUri,
    providerARNs: (a) => (a.providerARNs = []),
    identitySource: (a) => (a.identitySource = ''),
    authorizerResultTtlInSeconds: (a) => (a.authorizerResultTtlInSeconds = 0),
  };

  it('covers every field of a deployed authorizer', () => {
    const schema = deployedRestConfigSchema.shape.authorizers.unwrap().element;
    assert.deepEqual(Object.keys(schema.shape).sort(), Object.keys(changes).sort());
    assert.ok(sameDeployedAuthorizer(authorizer(), authorizer()));
  });

  for (const [field, change] of Object.entries(changes)) {
    it(`a change to ${field} makes another authorizer`, () => {
      const changed = authorizer();
      change(changed);
      assert.equal(sameDeployedAuthorizer(authorizer(), changed), false);
    });
  }
});

import check from '../../../checks/rest/rest-integration-https.js';
import type { Integration } from '../../../src/inventory/schema.js';
import { failed, resource, restApi, stage, withRestApis } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const http = (uri: string | undefined, extra: Partial<Integration> = {}) => ({ methodIntegration: { type: 'HTTP_PROXY', uri, ...extra } });

testCheck(check, [
  {
    name: 'HTTPS integrations pass',
    inventory: withRestApis(
      restApi({
        resources: [
          resource('/', { GET: {} }),
          resource('/prices', { GET: http('https://prices.example.com/prices'), POST: { methodIntegration: { type: 'HTTP', uri: 'HTTPS://prices.example.com/p' } } }),
        ],
      }),
    ),
    expect: [{ status: 'PASS', messageId: 'https', resource: 'api-a1b2c3d4e5', evidence: { httpIntegrationCount: 2, vpcLinkHttp: [], unresolved: [] } }],
  },
  {
    name: 'plain http:// over the internet fails, listed as METHOD /path → uri (credentials and query redacted)',
    inventory: withRestApis(
      restApi({
        resources: [
          resource('/prices/{sku}', { PUT: http('http://svc:pw@prices.example.com/p/{sku}?key=k') }),
          resource('/prices', { GET: http('http://prices.example.com/prices', { connectionType: 'INTERNET' }), POST: http('https://prices.example.com/p') }),
        ],
      }),
    ),
    expect: [
      {
        status: 'FAIL',
        messageId: 'plain-http',
        evidence: {
          plainHttpCount: 2,
          plainHttp: ['GET /prices → http://prices.example.com/prices', 'PUT /prices/{sku} → http://…@prices.example.com/p/{sku}?…'],
        },
      },
    ],
  },
  {
    // Corrected: this passed before. A VPC link keeps the traffic off the internet, not
    // unencrypted; v2-integration-tls fails the same configuration (SH APIGateway.10's reasoning).
    name: 'http:// through a VPC link is plaintext inside the network: it fails, as in v2-integration-tls',
    inventory: withRestApis(
      restApi({ resources: [resource('/orders', { GET: http('http://internal-nlb.example.com/orders', { connectionType: 'VPC_LINK', connectionId: 'vl1' }) })] }),
    ),
    expect: [
      {
        status: 'FAIL',
        messageId: 'vpc-link-http',
        evidence: { vpcLinkHttpCount: 1, vpcLinkHttp: ['GET /orders → http://internal-nlb.example.com/orders'] },
      },
    ],
  },
  {
    name: 'https:// through a VPC link passes',
    inventory: withRestApis(
      restApi({ resources: [resource('/orders', { GET: http('https://internal-nlb.example.com/orders', { connectionType: 'VPC_LINK', connectionId: 'vl1' }) })] }),
    ),
    expect: [{ status: 'PASS', messageId: 'https', evidence: { vpcLinkHttp: [] } }],
  },
  {
    name: 'a scheme from a stage variable is resolved per stage',
    inventory: withRestApis(
      restApi({
        resources: [resource('/x', { GET: http('${stageVariables.backend}/x') })],
        stages: [
          stage({ stageName: 'prod', variables: { backend: 'https://x.example.com' } }),
          stage({ stageName: 'dev', variables: { backend: 'http://dev.example.com' } }),
          stage({ stageName: 'test' }),
        ],
      }),
    ),
    expect: [
      {
        status: 'FAIL',
        evidence: {
          plainHttp: ['GET /x → http://dev.example.com/x (stage dev)'],
          unresolved: ['GET /x → ${stageVariables.backend}/x (stage test: stage variable unset)'],
        },
      },
    ],
  },
  {
    // Corrected: this passed before. The API reference (TlsConfig.insecureSkipVerification) warns
    // that skipping the CA check increases the risk of man-in-the-middle attacks.
    name: 'https:// with certificate verification skipped is not TLS you can trust: FAIL, its own message',
    inventory: withRestApis(
      restApi({
        resources: [
          resource('/x', {
            GET: http('https://x.example.com', { tlsConfig: { insecureSkipVerification: true } }),
            POST: http('https://y.example.com', { tlsConfig: { insecureSkipVerification: false } }),
          }),
        ],
      }),
    ),
    expect: [
      {
        status: 'FAIL',
        messageId: 'tls-unverified',
        evidence: { tlsVerificationSkipped: ['GET /x → https://x.example.com'], tlsVerificationSkippedCount: 1 },
      },
    ],
  },
  {
    name: 'plain http outranks skipped verification in the message; both are listed',
    inventory: withRestApis(
      restApi({
        resources: [
          resource('/x', {
            GET: http('https://x.example.com', { tlsConfig: { insecureSkipVerification: true } }),
            POST: http('http://y.example.com'),
          }),
        ],
      }),
    ),
    expect: [
      {
        status: 'FAIL',
        messageId: 'plain-http',
        evidence: { plainHttp: ['POST /x → http://y.example.com'], tlsVerificationSkipped: ['GET /x → https://x.example.com'] },
      },
    ],
  },
  {
    name: 'a stage variable that supplies the scheme and is unset in a stage: ERROR, never a pass',
    inventory: withRestApis(
      restApi({
        resources: [resource('/x', { GET: http('${stageVariables.backend}/x') })],
        stages: [stage({ stageName: 'prod', variables: { backend: 'https://x.example.com' } }), stage({ stageName: 'test' })],
      }),
    ),
    expect: [
      {
        status: 'ERROR',
        messageId: 'invalid-data',
        evidence: { unresolved: ['GET /x → ${stageVariables.backend}/x (stage test: stage variable unset)'] },
      },
    ],
  },
  {
    name: 'a canary\'s stage variable overrides are resolved too: an http:// override fails, naming the canary',
    inventory: withRestApis(
      restApi({
        resources: [resource('/x', { GET: http('${stageVariables.backend}/x') })],
        stages: [
          stage({
            stageName: 'prod',
            variables: { backend: 'https://x.example.com' },
            canarySettings: { percentTraffic: 10, deploymentId: 'dep2', stageVariableOverrides: { backend: 'http://canary.example.com' } },
          }),
        ],
      }),
    ),
    expect: [{ status: 'FAIL', messageId: 'plain-http', evidence: { plainHttp: ['GET /x → http://canary.example.com/x (stage prod, canary)'] } }],
  },
  {
    name: 'a canary that overrides other variables, or sets the scheme variable to https://, passes',
    inventory: withRestApis(
      restApi({
        resources: [resource('/x', { GET: http('${stageVariables.backend}/x') })],
        stages: [
          stage({
            stageName: 'prod',
            variables: { backend: 'https://x.example.com' },
            canarySettings: { percentTraffic: 5, stageVariableOverrides: { flag: 'on' } },
          }),
          stage({
            stageName: 'beta',
            variables: { backend: 'https://x.example.com' },
            canarySettings: { percentTraffic: 5, stageVariableOverrides: { backend: 'https://canary.example.com' } },
          }),
        ],
      }),
    ),
    expect: [{ status: 'PASS', messageId: 'https', evidence: { unresolved: [] } }],
  },
  {
    name: 'a canary supplies a variable its stage lacks: the stage itself is still unresolved',
    inventory: withRestApis(
      restApi({
        resources: [resource('/x', { GET: http('${stageVariables.backend}/x') })],
        stages: [stage({ stageName: 'prod', canarySettings: { stageVariableOverrides: { backend: 'https://canary.example.com' } } })],
      }),
    ),
    expect: [
      {
        status: 'ERROR',
        messageId: 'invalid-data',
        evidence: { unresolved: ['GET /x → ${stageVariables.backend}/x (stage prod: stage variable unset)'] },
      },
    ],
  },
  {
    name: 'methods without integration data are listed as unknown',
    inventory: withRestApis(
      restApi({ resources: [resource('/x', { GET: http('https://x.example.com'), POST: { methodIntegration: undefined } })] }),
    ),
    expect: [{ status: 'PASS', evidence: { unknownIntegrations: ['POST /x'] } }],
  },
  {
    name: 'no HTTP integrations: not applicable',
    inventory: withRestApis(
      restApi({ id: 'lambda0001', resources: [resource('/', { GET: {}, OPTIONS: { methodIntegration: { type: 'MOCK' } } })] }),
      restApi({ id: 'empty00001', resources: [resource('/')] }),
    ),
    expect: [
      { status: 'NOT_APPLICABLE', messageId: 'no-http-integrations', resource: 'api-lambda0001' },
      { status: 'NOT_APPLICABLE', messageId: 'no-http-integrations', resource: 'api-empty00001' },
    ],
  },
  {
    name: 'no method with integration data is invalid data, never a pass',
    inventory: withRestApis(restApi({ resources: [resource('/x', { GET: { methodIntegration: undefined }, POST: { methodIntegration: {} } })] })),
    expect: [{ status: 'ERROR', messageId: 'invalid-data', evidence: { unknownIntegrations: ['GET /x', 'POST /x'] } }],
  },
  {
    name: 'GetResources denied is ERROR',
    inventory: withRestApis(restApi({ resources: failed('GetResources') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
]);

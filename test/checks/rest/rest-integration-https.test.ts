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
    name: 'http:// through a VPC link is noted, not failed',
    inventory: withRestApis(
      restApi({ resources: [resource('/orders', { GET: http('http://internal-nlb.example.com/orders', { connectionType: 'VPC_LINK', connectionId: 'vl1' }) })] }),
    ),
    expect: [
      {
        status: 'PASS',
        messageId: 'vpc-link-http',
        evidence: { vpcLinkHttpCount: 1, vpcLinkHttp: ['GET /orders → http://internal-nlb.example.com/orders'] },
      },
    ],
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
    name: 'TLS verification skipped is recorded',
    inventory: withRestApis(restApi({ resources: [resource('/x', { GET: http('https://x.example.com', { tlsConfig: { insecureSkipVerification: true } }) })] })),
    expect: [{ status: 'PASS', evidence: { tlsVerificationSkipped: ['GET /x'] } }],
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

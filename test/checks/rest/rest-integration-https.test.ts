import check from '../../../checks/rest/rest-integration-https.js';
import { apiSummaryOf, restDraftConfig } from '../../../src/analysis/deployed.js';
import type { Collected, DeployedRestConfig, Integration } from '../../../src/inventory/schema.js';
import { failed, ok, resource, restApi, stage, withRestApis, type RestApiInput } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const http = (uri: string | undefined, extra: Partial<Integration> = {}) => ({ methodIntegration: { type: 'HTTP_PROXY', uri, ...extra } });

/** What a deployment made from this draft serves (read from the stage's export). */
function deployed(draft: RestApiInput, deploymentId = 'dep1'): Collected<DeployedRestConfig> {
  return restDraftConfig(restApi(draft), deploymentId);
}

/** A canary-only deployment, read from its API summary (authorization and API keys only). */
function summary(draft: RestApiInput, deploymentId: string): Collected<DeployedRestConfig> {
  const config = deployed(draft, deploymentId);
  return config.ok ? ok(apiSummaryOf(config.value)) : config;
}

const httpsPrices = { resources: [resource('/prices', { GET: http('https://prices.example.com/prices') })] };
const httpPrices = { resources: [resource('/prices', { GET: http('http://prices.example.com/prices') })] };

testCheck(check, [
  {
    name: 'HTTPS integrations pass, per stage, saying which deployment was judged',
    inventory: withRestApis(
      restApi({
        resources: [
          resource('/', { GET: {} }),
          resource('/prices', { GET: http('https://prices.example.com/prices'), POST: { methodIntegration: { type: 'HTTP', uri: 'HTTPS://prices.example.com/p' } } }),
        ],
      }),
    ),
    expect: [
      {
        status: 'PASS',
        messageId: 'https',
        resource: 'api-a1b2c3d4e5/prod',
        evidence: { stage: 'prod', judgedOn: ['deployment dep1 (stage prod)'], httpIntegrationCount: 2, vpcLinkHttp: [], unresolved: [] },
      },
    ],
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
        resource: 'api-a1b2c3d4e5/prod',
        evidence: {
          plainHttpCount: 2,
          plainHttp: ['GET /prices → http://prices.example.com/prices', 'PUT /prices/{sku} → http://[redacted]@prices.example.com/p/{sku}?key=[redacted]'],
        },
      },
    ],
  },
  {
    // A fix made in the console but never deployed: the stage still calls the backend over http://.
    // "Every time you update an API, you must redeploy" (Developer Guide, updating-api). This passed before.
    name: 'draft fixed to https:// but the stage still serves http://: FAIL on what is live',
    inventory: withRestApis(restApi({ ...httpsPrices, deployments: { dep1: deployed(httpPrices) } })),
    expect: [{ status: 'FAIL', messageId: 'plain-http', evidence: { plainHttp: ['GET /prices → http://prices.example.com/prices'], judgedOn: ['deployment dep1 (stage prod)'] } }],
  },
  {
    // The other direction: http:// waiting in the draft is not served yet (rest-deployment-drift warns). This failed before.
    name: 'http:// in the draft that no stage serves yet: PASS on what is live',
    inventory: withRestApis(restApi({ ...httpPrices, deployments: { dep1: deployed(httpsPrices) } })),
    expect: [{ status: 'PASS', messageId: 'https' }],
  },
  {
    name: 'stages serving different deployments are judged each on its own',
    inventory: withRestApis(
      restApi({
        ...httpsPrices,
        stages: [stage({ stageName: 'prod', deploymentId: 'dep1' }), stage({ stageName: 'beta', deploymentId: 'dep2' })],
        deployments: { dep1: deployed(httpPrices) },
      }),
    ),
    expect: [
      { status: 'FAIL', messageId: 'plain-http', resource: 'api-a1b2c3d4e5/prod' },
      { status: 'PASS', messageId: 'https', resource: 'api-a1b2c3d4e5/beta', evidence: { judgedOn: ['deployment dep2 (stage beta)'] } },
    ],
  },
  {
    name: 'the deployed view could not be read (GetExport denied): ERROR naming the operation, never the draft',
    inventory: withRestApis(restApi({ ...httpsPrices, deployments: { dep1: failed('GetExport') } })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', evidence: { unjudged: ['deployment dep1 (stage prod): GetExport failed (AccessDeniedException): User is not authorized to perform: apigateway:GET (GetExport)'] } }],
  },
  {
    name: 'the draft could not be read but the deployment was: judged on the deployment',
    inventory: withRestApis(restApi({ resources: failed('GetResources'), deployments: { dep1: deployed(httpPrices) } })),
    expect: [{ status: 'FAIL', messageId: 'plain-http' }],
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
    name: 'a scheme from a stage variable is resolved with each stage\'s variables',
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
      { status: 'PASS', resource: 'api-a1b2c3d4e5/prod' },
      { status: 'FAIL', resource: 'api-a1b2c3d4e5/dev', evidence: { plainHttp: ['GET /x → http://dev.example.com/x'] } },
      {
        status: 'ERROR',
        messageId: 'invalid-data',
        resource: 'api-a1b2c3d4e5/test',
        evidence: { unresolved: ['GET /x → ${stageVariables.backend}/x (stage variable unset)'] },
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
    name: 'verification skipped in the deployment though the draft verifies: FAIL on what is live',
    inventory: withRestApis(
      restApi({
        resources: [resource('/x', { GET: http('https://x.example.com') })],
        deployments: { dep1: deployed({ resources: [resource('/x', { GET: http('https://x.example.com', { tlsConfig: { insecureSkipVerification: true } }) })] }) },
      }),
    ),
    expect: [{ status: 'FAIL', messageId: 'tls-unverified' }],
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
    name: 'a canary\'s stage variable overrides apply to its share: an http:// override fails, naming the canary',
    inventory: withRestApis(
      restApi({
        resources: [resource('/x', { GET: http('${stageVariables.backend}/x') })],
        stages: [
          stage({
            stageName: 'prod',
            variables: { backend: 'https://x.example.com' },
            canarySettings: { percentTraffic: 10, stageVariableOverrides: { backend: 'http://canary.example.com' } },
          }),
        ],
      }),
    ),
    expect: [
      {
        status: 'FAIL',
        messageId: 'plain-http',
        evidence: {
          plainHttp: ['GET /x → http://canary.example.com/x (canary)'],
          judgedOn: ['deployment dep1 (stage prod)', 'deployment dep1 (canary of stage prod)'],
        },
      },
    ],
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
    expect: [
      { status: 'PASS', messageId: 'https', resource: 'api-a1b2c3d4e5/prod', evidence: { unresolved: [], httpIntegrationCount: 1 } },
      { status: 'PASS', messageId: 'https', resource: 'api-a1b2c3d4e5/beta', evidence: { unresolved: [], httpIntegrationCount: 2 } },
    ],
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
        evidence: { unresolved: ['GET /x → ${stageVariables.backend}/x (stage variable unset)'] },
      },
    ],
  },
  {
    name: 'a canary on its own deployment, known only from its API summary: ERROR for the canary\'s part, never the draft',
    inventory: withRestApis(
      restApi({
        ...httpsPrices,
        stages: [stage({ stageName: 'prod', canarySettings: { percentTraffic: 10, deploymentId: 'dep2' } })],
        deployments: { dep2: summary(httpsPrices, 'dep2') },
      }),
    ),
    expect: [
      {
        status: 'ERROR',
        messageId: 'invalid-data',
        evidence: {
          unjudged: [
            'deployment dep2 (canary of stage prod) was read from its API summary (GetDeployment), which carries no integrations: GetExport exports only the deployment a stage itself serves',
          ],
        },
      },
    ],
  },
  {
    name: 'the stage\'s own part fails while its canary cannot be judged: FAIL, the canary listed as unjudged',
    inventory: withRestApis(
      restApi({
        ...httpPrices,
        stages: [stage({ stageName: 'prod', canarySettings: { percentTraffic: 10, deploymentId: 'dep2' } })],
        deployments: { dep2: failed('GetDeployment') },
      }),
    ),
    expect: [
      {
        status: 'FAIL',
        messageId: 'plain-http',
        evidence: { unjudged: ['deployment dep2 (canary of stage prod): GetDeployment failed (AccessDeniedException): User is not authorized to perform: apigateway:GET (GetDeployment)'] },
      },
    ],
  },
  {
    name: 'a canary deployment read in full that calls http:// fails for the canary',
    inventory: withRestApis(
      restApi({
        ...httpsPrices,
        stages: [stage({ stageName: 'prod', canarySettings: { percentTraffic: 10, deploymentId: 'dep2' } })],
        deployments: { dep2: deployed(httpPrices, 'dep2') },
      }),
    ),
    expect: [{ status: 'FAIL', messageId: 'plain-http', evidence: { plainHttp: ['GET /prices → http://prices.example.com/prices (canary)'] } }],
  },
  {
    name: 'methods without integration data are listed as unknown',
    inventory: withRestApis(
      restApi({ resources: [resource('/x', { GET: http('https://x.example.com'), POST: { methodIntegration: undefined } })] }),
    ),
    expect: [{ status: 'PASS', evidence: { unknownIntegrations: ['POST /x'] } }],
  },
  {
    name: 'no HTTP integrations served: not applicable',
    inventory: withRestApis(
      restApi({ id: 'lambda0001', resources: [resource('/', { GET: {}, OPTIONS: { methodIntegration: { type: 'MOCK' } } })] }),
      restApi({ id: 'empty00001', resources: [resource('/')] }),
    ),
    expect: [
      { status: 'NOT_APPLICABLE', messageId: 'no-http-integrations', resource: 'api-lambda0001/prod' },
      { status: 'NOT_APPLICABLE', messageId: 'no-http-integrations', resource: 'api-empty00001/prod' },
    ],
  },
  {
    name: 'an API without stages serves nothing: no result',
    inventory: withRestApis(restApi({ ...httpPrices, stages: [] })),
    expect: [],
  },
  {
    name: 'no served method with integration data is invalid data, never a pass',
    inventory: withRestApis(restApi({ resources: [resource('/x', { GET: { methodIntegration: undefined }, POST: { methodIntegration: {} } })] })),
    expect: [{ status: 'ERROR', messageId: 'invalid-data', evidence: { unknownIntegrations: ['GET /x', 'POST /x'] } }],
  },
  {
    name: 'GetStages denied is ERROR',
    inventory: withRestApis(restApi({ stages: failed('GetStages') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
]);

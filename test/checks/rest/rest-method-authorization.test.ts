import check from '../../../checks/rest/rest-method-authorization.js';
import { failed, inventory, region, resource, restApi, stage, withRestApis } from '../../fixtures/builders.js';
import { exportOf, summaryOf } from '../../fixtures/served.js';
import { testCheck } from '../tester.js';

/** A CORS preflight as "Enable CORS" creates it: no authorization, a MOCK integration. */
const preflight = { authorizationType: 'NONE', methodIntegration: { type: 'MOCK' } };
const closed = () => [resource('/pets', { GET: { authorizationType: 'AWS_IAM' } })];
const open = () => [resource('/pets', { GET: { authorizationType: 'NONE' } })];
const canary = (deploymentId = 'dep2') => stage({ canarySettings: { deploymentId, percentTraffic: 10 } });

testCheck(check, [
  {
    name: 'every method authorized passes',
    inventory: withRestApis(
      restApi({
        resources: [
          resource('/', { GET: { authorizationType: 'AWS_IAM' } }),
          resource('/pets', { GET: { authorizationType: 'CUSTOM', authorizerId: 'au1' }, POST: { authorizationType: 'COGNITO_USER_POOLS' } }),
        ],
      }),
    ),
    expect: [{ status: 'PASS', messageId: 'all-authorized', resource: 'api-a1b2c3d4e5', evidence: { methodCount: 3 } }],
  },
  {
    name: 'methods with authorization NONE fail, listed sorted by path then verb',
    inventory: withRestApis(
      restApi({
        resources: [
          resource('/pets/{id}', { DELETE: { authorizationType: 'NONE' } }),
          resource('/pets', { POST: { authorizationType: 'NONE' }, GET: { authorizationType: 'NONE' } }),
          resource('/', { GET: { authorizationType: 'AWS_IAM' } }),
        ],
      }),
    ),
    expect: [
      {
        status: 'FAIL',
        messageId: 'open-methods',
        evidence: { openMethods: ['GET /pets', 'POST /pets', 'DELETE /pets/{id}'], openCount: 3, methodCount: 4 },
      },
    ],
  },
  {
    name: 'CORS preflight OPTIONS methods (MOCK integration) with NONE are exempt',
    inventory: withRestApis(restApi({ resources: [resource('/pets', { GET: { authorizationType: 'AWS_IAM' }, OPTIONS: preflight })] })),
    expect: [{ status: 'PASS', messageId: 'all-authorized', evidence: { methodCount: 1, optionsMethods: 1 } }],
  },
  {
    name: 'an OPTIONS method with NONE that reaches a Lambda or HTTP backend is judged like any other',
    inventory: withRestApis(
      restApi({
        resources: [
          resource('/pets', { GET: { authorizationType: 'AWS_IAM' }, OPTIONS: { authorizationType: 'NONE', methodIntegration: { type: 'AWS_PROXY' } } }),
          resource('/legacy', { OPTIONS: { authorizationType: 'NONE', methodIntegration: { type: 'HTTP', uri: 'https://backend.example.com/' } } }),
        ],
      }),
    ),
    expect: [
      { status: 'FAIL', messageId: 'open-methods', evidence: { openMethods: ['OPTIONS /legacy', 'OPTIONS /pets'], methodCount: 3, optionsMethods: 0 } },
    ],
  },
  {
    name: 'an OPTIONS method with NONE and no integration in the snapshot is not passed unseen',
    inventory: withRestApis(
      restApi({ resources: [resource('/pets', { GET: { authorizationType: 'AWS_IAM' }, OPTIONS: { authorizationType: 'NONE', methodIntegration: undefined } })] }),
    ),
    expect: [{ status: 'ERROR', messageId: 'invalid-data', evidence: { optionsIntegrationUnknown: ['OPTIONS /pets'] } }],
  },
  {
    name: 'an OPTIONS method of unknown integration does not hide other open methods',
    inventory: withRestApis(
      restApi({ resources: [resource('/pets', { GET: { authorizationType: 'NONE' }, OPTIONS: { authorizationType: 'NONE', methodIntegration: undefined } })] }),
    ),
    expect: [{ status: 'FAIL', messageId: 'open-methods', evidence: { openMethods: ['GET /pets'], optionsIntegrationUnknown: ['OPTIONS /pets'] } }],
  },
  {
    name: 'an API key alone is not authentication (recorded in evidence)',
    inventory: withRestApis(
      restApi({ resources: [resource('/pets', { GET: { authorizationType: 'NONE', apiKeyRequired: true } })] }),
    ),
    expect: [{ status: 'FAIL', evidence: { openMethods: ['GET /pets'], apiKeyOnly: ['GET /pets'] } }],
  },
  {
    name: 'authorizationType compares case-insensitively; a missing one counts as NONE',
    inventory: withRestApis(
      restApi({
        resources: [resource('/a', { GET: { authorizationType: 'none' }, PUT: { authorizationType: undefined }, POST: {} })],
      }),
    ),
    expect: [{ status: 'FAIL', evidence: { openMethods: ['GET /a', 'PUT /a'] } }],
  },
  {
    name: 'an API with no methods (or only CORS preflights) is not applicable',
    inventory: withRestApis(
      restApi({ id: 'empty00001', resources: [resource('/')] }),
      restApi({ id: 'cors000001', resources: [resource('/', { OPTIONS: preflight })] }),
    ),
    expect: [
      { status: 'NOT_APPLICABLE', messageId: 'no-methods', resource: 'api-empty00001' },
      { status: 'NOT_APPLICABLE', messageId: 'no-methods', resource: 'api-cors000001' },
    ],
  },
  {
    name: 'deployed: a method fixed in the working copy but never deployed still fails, naming the stage that serves it',
    inventory: withRestApis(restApi({ resources: closed(), deployments: { dep1: exportOf({ resources: open() }) } })),
    expect: [
      {
        status: 'FAIL',
        messageId: 'open-methods',
        evidence: {
          openMethods: ['GET /pets'],
          stages: ['prod'],
          served: 'stage prod serves GET /pets with no authorization (deployment dep1)',
          judgedOn: ['deployment dep1 (stage prod)'],
        },
      },
    ],
  },
  {
    name: 'deployed: a method opened in the working copy but not deployed passes (the live stage is closed)',
    inventory: withRestApis(restApi({ resources: open(), deployments: { dep1: exportOf({ resources: closed() }) } })),
    expect: [{ status: 'PASS', messageId: 'all-authorized', evidence: { methodCount: 1, judgedOn: ['deployment dep1 (stage prod)'] } }],
  },
  {
    name: 'deployed: two stages on different deployments, one open: only the open stage is named',
    inventory: withRestApis(
      restApi({
        resources: closed(),
        stages: [stage({ stageName: 'dev', deploymentId: 'dep2' }), stage({ stageName: 'prod', deploymentId: 'dep1' })],
        deployments: { dep2: exportOf({ resources: open() }, 'dep2', 'dev'), dep1: exportOf({ resources: closed() }) },
      }),
    ),
    expect: [{ status: 'FAIL', evidence: { stages: ['dev'], openMethods: ['GET /pets'], judgedOn: ['deployment dep2 (stage dev)'] } }],
  },
  {
    name: 'deployed: a canary running an open deployment fails, naming the canary',
    inventory: withRestApis(restApi({ resources: closed(), stages: [canary()], deployments: { dep2: summaryOf({ resources: open() }) } })),
    expect: [
      {
        status: 'FAIL',
        evidence: {
          stages: ['prod (canary)'],
          served: 'the canary of stage prod serves GET /pets with no authorization (deployment dep2)',
          judgedOn: ['deployment dep2 (canary of stage prod)'],
        },
      },
    ],
  },
  {
    name: 'deployed: a closed canary passes with its stage',
    inventory: withRestApis(restApi({ resources: closed(), stages: [canary()] })),
    expect: [{ status: 'PASS', evidence: { judgedOn: ['deployment dep1 (stage prod)', 'deployment dep2 (canary of stage prod)'] } }],
  },
  {
    name: 'deployed: a canary whose API summary shows an OPTIONS method with NONE is ERROR (the summary carries no integration)',
    inventory: withRestApis(
      restApi({ resources: [resource('/pets', { GET: { authorizationType: 'AWS_IAM' }, OPTIONS: preflight })], stages: [canary()] }),
    ),
    expect: [{ status: 'ERROR', messageId: 'invalid-data', evidence: { optionsIntegrationUnknown: ['OPTIONS /pets'], stages: ['prod (canary)'] } }],
  },
  {
    name: 'deployed: the deployed view could not be read (GetExport denied) is ERROR naming the operation, never PASS',
    inventory: withRestApis(restApi({ resources: closed(), deployments: { dep1: failed('GetExport') } })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', evidence: { stages: ['prod'] } }],
  },
  {
    name: 'deployed: one stage unreadable, another open: FAIL for the open one, the other listed as not judged',
    inventory: withRestApis(
      restApi({
        resources: closed(),
        stages: [stage({ stageName: 'dev', deploymentId: 'dep2' }), stage({ stageName: 'prod', deploymentId: 'dep1' })],
        deployments: { dep2: exportOf({ resources: open() }, 'dep2', 'dev'), dep1: failed('GetExport') },
      }),
    ),
    expect: [{ status: 'FAIL', evidence: { stages: ['dev'], notJudged: ['prod: apigateway:GetExport failed (AccessDeniedException)'] } }],
  },
  {
    name: 'an API with no stage serves nothing: not applicable',
    inventory: withRestApis(restApi({ resources: open(), stages: [] })),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'not-deployed' }],
  },
  {
    name: 'GetStages denied is ERROR (what is served cannot be known)',
    inventory: withRestApis(restApi({ resources: open(), stages: failed('GetStages') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'GetResources denied is ERROR',
    inventory: withRestApis(restApi({ resources: failed('GetResources') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'api-a1b2c3d4e5' }],
  },
  {
    name: 'GetRestApis denied is ERROR on the region',
    inventory: inventory({ regions: [region({ restApis: failed('GetRestApis') })] }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: '123456789012/eu-west-1' }],
  },
]);

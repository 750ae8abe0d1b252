import check from '../../../checks/rest/rest-api-public-unauthenticated.js';
import { domainName, failed, inventory, ok, region, resource, restApi, shared, stage, userPool, userPoolArn, userPoolClient, withRestApis } from '../../fixtures/builders.js';
import type { Collected, UserPool } from '../../../src/inventory/schema.js';
import { exportOf, summaryOf } from '../../fixtures/served.js';
import { testCheck } from '../tester.js';
import { GUEST_POOL_ID, GUEST_ROLE_ARN, guestRolePolicy, identityPool, invokePolicy, withGuests } from '../identity/guests.js';
import { cognitoAuthorizer, POOL_ARN, POOL_ID } from '../identity/pools.js';

const API = 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5';
const allowAll = { Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: `${API}/*` };
const policy = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
/** A CORS preflight as "Enable CORS" creates it: no authorization, a MOCK integration. */
const preflight = { authorizationType: 'NONE', methodIntegration: { type: 'MOCK' } };

const mixed = [
  resource('/', { GET: { authorizationType: 'AWS_IAM' } }),
  resource('/pets', { GET: { authorizationType: 'NONE' }, OPTIONS: preflight }),
  resource('/orders', { POST: { authorizationType: 'NONE', apiKeyRequired: true } }),
];
const privateApi = (input: Parameters<typeof restApi>[0] = {}) =>
  withRestApis(restApi({ endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-0a1b2c3d4e5f67890'] }, resources: mixed, ...input }));
const truststore = { truststoreUri: 's3://truststores/partners.pem', truststoreVersion: '3', truststoreWarnings: [] };
const withDomains = (api: object, ...domains: ReturnType<typeof domainName>[]) =>
  inventory({ regions: [region({ restApis: [restApi({ resources: mixed, disableExecuteApiEndpoint: true, ...api })], domainNames: domains })] });
const maps = (restApiId = 'a1b2c3d4e5') => ok([{ basePath: '(none)', restApiId, stage: 'prod' }]);
const closedPets = () => [resource('/pets', { GET: { authorizationType: 'AWS_IAM' } })];
const openPets = () => [resource('/pets', { GET: { authorizationType: 'NONE' } })];
const fromIp = policy({ ...allowAll, Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } });
const NOT_IN_EXPORT = 'working copy (the deployed policy is not visible in the export)';
const mtlsOnly = (api: object, dep1: ReturnType<typeof exportOf>) =>
  withDomains({ resources: closedPets(), deployments: { dep1 }, ...api }, domainName({ domainName: 'partners.example.com', mutualTlsAuthentication: truststore, basePathMappings: maps() }));

const selfSignUpPool = userPool({ AdminCreateUserConfig: { AllowAdminCreateUserOnly: false } });
/** `GET /orders` behind the Cognito authorizer `customers-pool`, with the given scopes. */
const withCognito = (pool: UserPool | Collected<UserPool>, scopes?: string[]) =>
  inventory({
    regions: [
      region({
        restApis: [
          restApi({
            authorizers: [cognitoAuthorizer()],
            resources: [
              resource('/orders', { GET: { authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'cog1', ...(scopes ? { authorizationScopes: scopes } : {}) } }),
            ],
          }),
        ],
      }),
    ],
    shared: shared({ userPools: { [POOL_ARN]: pool } }),
  });
const iamOnlyApi = (input: Parameters<typeof restApi>[0] = {}) => restApi({ resources: [resource('/orders', { GET: { authorizationType: 'AWS_IAM' } })], ...input });

testCheck(check, [
  {
    name: 'every method authenticated passes',
    inventory: withRestApis(restApi({ resources: [resource('/pets', { GET: { authorizationType: 'COGNITO_USER_POOLS' }, OPTIONS: preflight })] })),
    expect: [{ status: 'PASS', messageId: 'authenticated', resource: 'api-a1b2c3d4e5', evidence: { methodCount: 1 } }],
  },
  {
    name: 'a regional API with open methods and no policy fails; API-key-only methods are recorded, MOCK preflights ignored',
    inventory: withRestApis(restApi({ resources: mixed })),
    expect: [
      {
        status: 'FAIL',
        messageId: 'open',
        evidence: {
          openMethods: ['POST /orders', 'GET /pets'],
          apiKeyOnly: ['POST /orders'],
          endpointType: 'REGIONAL',
          policy: 'no resource policy',
          reachableVia: ['execute-api endpoint'],
          stages: ['prod'],
        },
      },
    ],
  },
  {
    name: 'an edge-optimized API is internet-facing too',
    inventory: withRestApis(restApi({ endpointConfiguration: { types: ['EDGE'] }, resources: mixed })),
    expect: [{ status: 'FAIL', evidence: { endpointType: 'EDGE' } }],
  },
  {
    name: 'a public Allow does not restrict: the statement is named',
    inventory: withRestApis(restApi({ resources: mixed, policy: policy(allowAll) })),
    expect: [
      {
        status: 'FAIL',
        evidence: { openMethods: ['POST /orders', 'GET /pets'], policy: 'statements allow everyone without a restricting condition: Open (Statement[0])' },
      },
    ],
  },
  {
    name: 'a policy restricted to a source range keeps anonymous callers out',
    inventory: withRestApis(
      restApi({ resources: mixed, policy: policy({ ...allowAll, Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }) }),
    ),
    expect: [
      {
        status: 'PASS',
        messageId: 'policy-restricts',
        evidence: {
          unauthenticatedCount: 2,
          unauthenticatedMethods: ['POST /orders', 'GET /pets'],
          policy: ['Open (Statement[0]) restricted by IpAddress aws:SourceIp 203.0.113.0/24'],
        },
      },
    ],
  },
  {
    name: 'a policy granting only named principals leaves anonymous callers nothing',
    inventory: withRestApis(restApi({ resources: mixed, policy: policy({ ...allowAll, Principal: { AWS: 'arn:aws:iam::111122223333:root' } }) })),
    expect: [{ status: 'PASS', messageId: 'policy-restricts', evidence: { policy: 'no statement allows anonymous callers' } }],
  },
  {
    name: 'a policy that denies everyone outside a VPC endpoint removes public reach',
    inventory: withRestApis(
      restApi({
        resources: mixed,
        policy: policy(allowAll, {
          Sid: 'Vpce',
          Effect: 'Deny',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'execute-api:/*',
          Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0a1b' } },
        }),
      }),
    ),
    expect: [{ status: 'PASS', messageId: 'policy-restricts', evidence: { policy: ['Open (Statement[0]) denied by Vpce (Statement[1])'] } }],
  },
  {
    name: 'a Deny on one method (all stages) closes that method only',
    inventory: withRestApis(
      restApi({
        resources: mixed,
        stages: [stage({ stageName: 'dev' }), stage({ stageName: 'prod' })],
        policy: policy(allowAll, { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: `${API}/*/POST/orders` }),
      }),
    ),
    expect: [{ status: 'FAIL', evidence: { openMethods: ['GET /pets'], apiKeyOnly: [], stages: ['dev', 'prod'] } }],
  },
  {
    name: 'a Deny on one stage leaves the method open in the other',
    inventory: withRestApis(
      restApi({
        resources: mixed,
        stages: [stage({ stageName: 'dev' }), stage({ stageName: 'prod' })],
        policy: policy(allowAll, { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/prod/*' }),
      }),
    ),
    // The policy answers per stage, alike for every method of a stage: both methods on dev, none on prod.
    expect: [{ status: 'FAIL', evidence: { openMethods: ['POST /orders', 'GET /pets'], stages: ['dev'] } }],
  },
  {
    name: 'a private API whose policy allows everyone is reachable from any VPC endpoint in any AWS account',
    inventory: privateApi({ policy: policy(allowAll) }),
    expect: [
      {
        status: 'FAIL',
        messageId: 'open-any-vpce',
        evidence: {
          endpointType: 'PRIVATE',
          openMethods: ['POST /orders', 'GET /pets'],
          exposure: 'reachable from any VPC endpoint in any AWS account',
          policy: 'statements allow everyone without a restricting condition: Open (Statement[0])',
        },
      },
    ],
  },
  {
    name: 'a private API whose policy pins its VPC endpoint is not exposed this way',
    inventory: privateApi({ policy: policy({ ...allowAll, Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d4e5f67890' } } }) }),
    expect: [
      {
        status: 'PASS',
        messageId: 'policy-restricts',
        evidence: { endpointType: 'PRIVATE', policy: ['Open (Statement[0]) restricted by StringEquals aws:SourceVpce vpce-0a1b2c3d4e5f67890'] },
      },
    ],
  },
  {
    name: 'a private API pinned to an organisation is not exposed to other accounts',
    inventory: privateApi({ policy: policy({ ...allowAll, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }) }),
    expect: [{ status: 'PASS', messageId: 'policy-restricts' }],
  },
  {
    name: 'a private API "pinned" with StringLike aws:SourceVpce vpce-* is open to every VPC endpoint',
    inventory: privateApi({ policy: policy({ ...allowAll, Condition: { StringLike: { 'aws:SourceVpce': 'vpce-*' } } }) }),
    expect: [{ status: 'FAIL', messageId: 'open-any-vpce' }],
  },
  {
    name: 'a private API with a Deny unless aws:SourceVpce is like vpce-* still admits every VPC endpoint',
    inventory: privateApi({
      policy: policy(allowAll, { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotLike: { 'aws:SourceVpce': 'vpce-*' } } }),
    }),
    expect: [{ status: 'FAIL', messageId: 'open-any-vpce' }],
  },
  {
    name: 'a private API without a resource policy cannot be invoked at all',
    inventory: privateApi(),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'private-no-policy', evidence: { endpointType: 'PRIVATE' } }],
  },
  {
    name: 'a regional API: a Deny unless aws:SourceVpce is like vpce-* keeps every internet caller out',
    inventory: withRestApis(
      restApi({
        resources: mixed,
        policy: policy(allowAll, { Sid: 'AnyVpce', Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotLike: { 'aws:SourceVpce': 'vpce-*' } } }),
      }),
    ),
    expect: [{ status: 'PASS', messageId: 'policy-restricts', evidence: { policy: ['Open (Statement[0]) denied by AnyVpce (Statement[1])'] } }],
  },
  {
    name: 'source ranges that together cover the whole address space restrict nothing',
    inventory: withRestApis(
      restApi({ resources: mixed, policy: policy({ ...allowAll, Condition: { IpAddress: { 'aws:SourceIp': ['0.0.0.0/1', '128.0.0.0/1'] } } }) }),
    ),
    expect: [{ status: 'FAIL', messageId: 'open' }],
  },
  {
    name: 'an organisation "pin" of o-* restricts nothing',
    inventory: withRestApis(restApi({ resources: mixed, policy: policy({ ...allowAll, Condition: { StringLike: { 'aws:PrincipalOrgID': 'o-*' } } }) })),
    expect: [{ status: 'FAIL', messageId: 'open' }],
  },
  {
    name: 'an Allow scoped to one path opens that path only; other methods are implicitly denied',
    inventory: withRestApis(
      restApi({
        resources: [...mixed, resource('/public', { GET: { authorizationType: 'NONE' } })],
        policy: policy({ ...allowAll, Resource: 'execute-api:/*/GET/public' }),
      }),
    ),
    expect: [{ status: 'FAIL', messageId: 'open', evidence: { openMethods: ['GET /public'], openCount: 1 } }],
  },
  {
    name: 'an Allow scoped to methods that need authorization leaves the open ones implicitly denied',
    inventory: withRestApis(restApi({ resources: mixed, policy: policy({ ...allowAll, Resource: `${API}/*/GET/` }) })),
    expect: [
      {
        status: 'PASS',
        messageId: 'policy-restricts',
        evidence: { policy: ['Open (Statement[0]) does not reach these methods (implicit deny)'] },
      },
    ],
  },
  {
    name: 'an Allow with NotResource opens every method it does not exclude',
    inventory: withRestApis(restApi({ resources: mixed, policy: policy({ ...allowAll, Resource: undefined, NotResource: 'execute-api:/*/POST/*' }) })),
    expect: [{ status: 'FAIL', messageId: 'open', evidence: { openMethods: ['GET /pets'] } }],
  },
  {
    name: 'an OPTIONS method with NONE that reaches a Lambda backend is exposed like any other',
    inventory: withRestApis(
      restApi({ resources: [resource('/pets', { GET: { authorizationType: 'AWS_IAM' }, OPTIONS: { authorizationType: 'NONE', methodIntegration: { type: 'AWS_PROXY' } } })] }),
    ),
    expect: [{ status: 'FAIL', messageId: 'open', evidence: { openMethods: ['OPTIONS /pets'] } }],
  },
  {
    name: 'an OPTIONS method with NONE and no integration in the snapshot is not passed unseen',
    inventory: withRestApis(
      restApi({ resources: [resource('/pets', { GET: { authorizationType: 'AWS_IAM' }, OPTIONS: { authorizationType: 'NONE', methodIntegration: undefined } })] }),
    ),
    expect: [{ status: 'ERROR', messageId: 'invalid-data', evidence: { optionsIntegrationUnknown: ['OPTIONS /pets'] } }],
  },
  {
    name: 'an OPTIONS method of unknown integration does not matter when the policy keeps outsiders away',
    inventory: withRestApis(
      restApi({
        resources: [resource('/pets', { GET: { authorizationType: 'AWS_IAM' }, OPTIONS: { authorizationType: 'NONE', methodIntegration: undefined } })],
        policy: policy({ ...allowAll, Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }),
      }),
    ),
    expect: [{ status: 'PASS', messageId: 'policy-restricts' }],
  },
  {
    name: 'default endpoint disabled and only mutual-TLS domains map the API: only certificate holders can call',
    inventory: withDomains({}, domainName({ domainName: 'partners.example.com', mutualTlsAuthentication: truststore, basePathMappings: maps() })),
    expect: [
      {
        status: 'PASS',
        messageId: 'mtls-only',
        evidence: {
          mtlsDomains: ['partners.example.com'],
          unauthenticatedMethods: ['POST /orders', 'GET /pets'],
          reason: 'reachable only by holders of a client certificate trusted by the truststore',
        },
      },
    ],
  },
  {
    name: 'default endpoint disabled, one mutual-TLS domain and one plain domain: reachable through the plain one',
    inventory: withDomains(
      {},
      domainName({ domainName: 'partners.example.com', mutualTlsAuthentication: truststore, basePathMappings: maps() }),
      domainName({ domainName: 'api.example.com', basePathMappings: maps() }),
    ),
    expect: [{ status: 'FAIL', messageId: 'open', evidence: { reachableVia: ['api.example.com'], mtlsDomains: ['partners.example.com'] } }],
  },
  {
    name: 'default endpoint enabled: a mutual-TLS domain does not help',
    inventory: withDomains(
      { disableExecuteApiEndpoint: false },
      domainName({ domainName: 'partners.example.com', mutualTlsAuthentication: truststore, basePathMappings: maps() }),
    ),
    expect: [{ status: 'FAIL', messageId: 'open', evidence: { reachableVia: ['execute-api endpoint'] } }],
  },
  {
    name: 'deployed: a method fixed in the working copy (NONE to AWS_IAM) but never deployed still fails, naming the stage',
    inventory: withRestApis(restApi({ resources: closedPets(), deployments: { dep1: exportOf({ resources: openPets() }) } })),
    expect: [
      {
        status: 'FAIL',
        messageId: 'open',
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
    inventory: withRestApis(restApi({ resources: openPets(), deployments: { dep1: exportOf({ resources: closedPets() }) } })),
    expect: [{ status: 'PASS', messageId: 'authenticated', evidence: { methodCount: 1, judgedOn: ['deployment dep1 (stage prod)'] } }],
  },
  {
    name: 'deployed: two stages on different deployments, one open and one closed: only the open stage is named',
    inventory: withRestApis(
      restApi({
        resources: closedPets(),
        stages: [stage({ stageName: 'dev', deploymentId: 'dep2' }), stage({ stageName: 'prod', deploymentId: 'dep1' })],
        deployments: { dep2: exportOf({ resources: openPets() }, 'dep2', 'dev') },
      }),
    ),
    expect: [
      {
        status: 'FAIL',
        evidence: { stages: ['dev'], openMethods: ['GET /pets'], served: 'stage dev serves GET /pets with no authorization (deployment dep2)' },
      },
    ],
  },
  {
    name: 'deployed: a canary running an open deployment fails, naming the canary (policy judged on the working copy: the summary has none)',
    inventory: withRestApis(
      restApi({ resources: closedPets(), stages: [stage({ canarySettings: { deploymentId: 'dep2', percentTraffic: 10 } })], deployments: { dep2: summaryOf({ resources: openPets() }) } }),
    ),
    expect: [
      {
        status: 'FAIL',
        evidence: {
          stages: ['prod (canary)'],
          served: 'the canary of stage prod serves GET /pets with no authorization (deployment dep2)',
          judgedOn: ['deployment dep2 (canary of stage prod)'],
          policyJudgedOn: 'working copy (the deployed policy is not visible in the API summary of the canary deployment)',
        },
      },
    ],
  },
  {
    name: 'deployed: an open canary is ERROR, not PASS, when only the working copy\'s policy would keep callers out',
    inventory: withRestApis(
      restApi({
        resources: closedPets(),
        policy: fromIp,
        stages: [stage({ canarySettings: { deploymentId: 'dep2', percentTraffic: 10 } })],
        deployments: { dep2: summaryOf({ resources: openPets(), policy: fromIp }) },
      }),
    ),
    expect: [{ status: 'ERROR', messageId: 'invalid-data', evidence: { stages: ['prod (canary)'] } }],
  },
  {
    name: 'deployed: the deployed view could not be read (GetExport denied) is ERROR naming the operation',
    inventory: withRestApis(restApi({ resources: closedPets(), deployments: { dep1: failed('GetExport') } })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', evidence: { stages: ['prod'] } }],
  },
  {
    name: 'deployed policy: the working copy restricts, the deployment serves no policy: FAIL',
    inventory: withRestApis(restApi({ resources: openPets(), policy: fromIp, deployments: { dep1: exportOf({ resources: openPets() }) } })),
    expect: [{ status: 'FAIL', messageId: 'open', evidence: { stages: ['prod'], policy: 'no resource policy' } }],
  },
  {
    name: 'deployed policy: the deployment restricts, the working copy dropped the policy: the live stage is closed',
    inventory: withRestApis(restApi({ resources: openPets(), deployments: { dep1: exportOf({ resources: openPets(), policy: fromIp }) } })),
    expect: [{ status: 'PASS', messageId: 'policy-restricts', evidence: { policy: ['Open (Statement[0]) restricted by IpAddress aws:SourceIp 203.0.113.0/24'] } }],
  },
  {
    name: 'deployed policy not in the export, working copy restricts: ERROR (the restriction may never have been deployed)',
    inventory: withRestApis(
      restApi({ resources: openPets(), policy: fromIp, deployments: { dep1: exportOf({ resources: openPets(), policy: fromIp }, 'dep1', 'prod', ['policy']) } }),
    ),
    expect: [{ status: 'ERROR', messageId: 'invalid-data', evidence: { policyJudgedOn: NOT_IN_EXPORT, stages: ['prod'] } }],
  },
  {
    name: 'deployed policy not in the export, working copy has none: FAIL, saying what the policy was judged on',
    inventory: withRestApis(restApi({ resources: openPets(), deployments: { dep1: exportOf({ resources: openPets() }, 'dep1', 'prod', ['policy']) } })),
    expect: [{ status: 'FAIL', messageId: 'open', evidence: { policy: 'no resource policy', policyJudgedOn: NOT_IN_EXPORT } }],
  },
  {
    name: 'deployed policy not in the export of a private API with none in the working copy: ERROR (a private API is never deployed without one)',
    inventory: privateApi({ deployments: { dep1: exportOf({ resources: mixed }, 'dep1', 'prod', ['policy']) } }),
    expect: [{ status: 'ERROR', messageId: 'invalid-data', evidence: { policyJudgedOn: NOT_IN_EXPORT } }],
  },
  {
    name: 'deployed endpoint: disabled in the working copy, the deployment serves it enabled: reachable on the default endpoint',
    inventory: mtlsOnly({}, exportOf({ resources: openPets(), disableExecuteApiEndpoint: false })),
    expect: [{ status: 'FAIL', messageId: 'open', evidence: { reachableVia: ['execute-api endpoint'], stages: ['prod'] } }],
  },
  {
    name: 'deployed endpoint: disabled in the working copy, the export does not show it: ERROR when it decides the outcome',
    inventory: mtlsOnly({}, exportOf({ resources: openPets() }, 'dep1', 'prod', ['disableExecuteApiEndpoint'])),
    expect: [{ status: 'ERROR', messageId: 'invalid-data' }],
  },
  {
    name: 'deployed endpoint: disabled in the working copy and in the deployment: only mutual-TLS holders reach it',
    inventory: mtlsOnly({}, exportOf({ resources: openPets(), disableExecuteApiEndpoint: true })),
    expect: [{ status: 'PASS', messageId: 'mtls-only' }],
  },
  {
    name: 'deployed endpoint: enabled in the working copy, disabled in the deployment: it answers again at the next stage update, FAIL',
    inventory: mtlsOnly({ disableExecuteApiEndpoint: false }, exportOf({ resources: openPets(), disableExecuteApiEndpoint: true })),
    expect: [{ status: 'FAIL', messageId: 'open', evidence: { reachableVia: ['execute-api endpoint'] } }],
  },
  {
    name: 'an API with no stage has nothing reachable',
    inventory: withRestApis(restApi({ resources: mixed, stages: [] })),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'not-deployed' }],
  },
  {
    name: 'an API with no methods (MOCK preflights aside) is not applicable',
    inventory: withRestApis(restApi({ resources: [resource('/', { OPTIONS: preflight })] })),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'no-methods' }],
  },
  {
    name: 'an unparseable policy is ERROR when it decides the outcome',
    inventory: withRestApis(restApi({ resources: mixed, policy: '{"Statement": [' })),
    expect: [{ status: 'ERROR', messageId: 'invalid-data' }],
  },
  {
    name: 'default endpoint disabled and no custom domain maps the API: not reachable',
    inventory: inventory({
      regions: [
        region({
          restApis: [restApi({ resources: mixed, disableExecuteApiEndpoint: true })],
          domainNames: [domainName({ basePathMappings: ok([{ basePath: '(none)', restApiId: 'zzzzzzzzzz', stage: 'prod' }]) })],
        }),
      ],
    }),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'not-reachable' }],
  },
  {
    name: 'default endpoint disabled but a public custom domain maps the API: reachable through it',
    inventory: inventory({
      regions: [
        region({
          restApis: [restApi({ resources: mixed, disableExecuteApiEndpoint: true })],
          domainNames: [
            domainName({ domainName: 'api.example.com', basePathMappings: ok([{ basePath: 'v1', restApiId: 'a1b2c3d4e5', stage: 'prod' }]) }),
            domainName({
              domainName: 'internal.example.com',
              endpointConfiguration: { types: ['PRIVATE'] },
              basePathMappings: ok([{ restApiId: 'a1b2c3d4e5', stage: 'prod' }]),
            }),
          ],
        }),
      ],
    }),
    expect: [{ status: 'FAIL', messageId: 'open', evidence: { reachableVia: ['api.example.com'] } }],
  },
  {
    name: 'default endpoint disabled and GetDomainNames denied: ERROR',
    inventory: inventory({
      regions: [region({ restApis: [restApi({ resources: mixed, disableExecuteApiEndpoint: true })], domainNames: failed('GetDomainNames') })],
    }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'default endpoint disabled and GetBasePathMappings denied: ERROR',
    inventory: inventory({
      regions: [
        region({
          restApis: [restApi({ resources: mixed, disableExecuteApiEndpoint: true })],
          domainNames: [domainName({ basePathMappings: failed('GetBasePathMappings') })],
        }),
      ],
    }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'domains are not needed when no method is open',
    inventory: inventory({
      regions: [region({ restApis: [restApi({ disableExecuteApiEndpoint: true })], domainNames: failed('GetDomainNames') })],
    }),
    expect: [{ status: 'PASS', messageId: 'authenticated' }],
  },
  {
    name: 'GetResources denied is ERROR',
    inventory: withRestApis(restApi({ resources: failed('GetResources') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'api-a1b2c3d4e5' }],
  },
  {
    name: 'GetStages denied is ERROR',
    inventory: withRestApis(restApi({ resources: mixed, stages: failed('GetStages') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'GetRestApis denied is ERROR on the region',
    inventory: inventory({ regions: [region({ restApis: failed('GetRestApis') })] }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: '123456789012/eu-west-1' }],
  },
  // ── Authorization anyone can pass ──
  {
    name: 'a Cognito method whose pool lets anyone sign up is reachable by anyone with an email address',
    inventory: withCognito(selfSignUpPool),
    expect: [
      {
        status: 'FAIL',
        messageId: 'open-borrowed',
        evidence: {
          selfSignUp: true,
          openCount: 1,
          openMethods: [],
          borrowedMethods: ['GET /orders'],
          selfSignUpMethods: [`GET /orders: authorizer customers-pool trusts ${POOL_ID}, where anyone with an email address can sign up`],
        },
      },
    ],
  },
  {
    name: 'methods without scopes are judged by their own authorizer: only the one trusting a self-sign-up pool is open',
    inventory: inventory({
      regions: [
        region({
          restApis: [
            restApi({
              authorizers: [cognitoAuthorizer(), { ...cognitoAuthorizer(userPoolArn('eu-west-1_Staff0001'), 'staff-pool'), id: 'cog2' }],
              resources: [
                resource('/admin', { GET: { authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'cog2' } }),
                resource('/orders', { GET: { authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'cog1' } }),
                resource('/staff', { GET: { authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'cog2' } }),
              ],
            }),
          ],
        }),
      ],
      shared: shared({ userPools: { [POOL_ARN]: selfSignUpPool, [userPoolArn('eu-west-1_Staff0001')]: userPool() } }),
    }),
    expect: [{ status: 'FAIL', messageId: 'open-borrowed', evidence: { openCount: 1, borrowedMethods: ['GET /orders'] } }],
  },
  {
    name: 'a Cognito method whose pool only administrators fill keeps its verdict',
    inventory: withCognito(userPool()),
    expect: [{ status: 'PASS', messageId: 'authenticated' }],
  },
  {
    name: 'a pre sign-up trigger decides who registers: not counted as open',
    inventory: withCognito(userPool({ AdminCreateUserConfig: { AllowAdminCreateUserOnly: false }, LambdaConfig: { PreSignUp: 'arn:aws:lambda:eu-west-1:123456789012:function:f' } })),
    expect: [{ status: 'PASS', messageId: 'authenticated' }],
  },
  {
    name: 'a method requiring a scope no app client lets users request stays closed to self-registered users',
    inventory: withCognito(selfSignUpPool, ['orders/admin']),
    expect: [{ status: 'PASS', messageId: 'authenticated' }],
  },
  {
    name: 'a method requiring a scope a code-grant app client allows is open to self-registered users',
    inventory: withCognito(
      userPool({
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
        clients: [userPoolClient({ AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid', 'orders/read'] })],
      }),
      ['orders/admin', 'orders/read'],
    ),
    expect: [{ status: 'FAIL', messageId: 'open-borrowed', evidence: { selfSignUp: true, borrowedMethods: ['GET /orders'] } }],
  },
  {
    name: 'the scope every user pools API token carries opens a method that requires it',
    inventory: withCognito(selfSignUpPool, ['aws.cognito.signin.user.admin']),
    expect: [{ status: 'FAIL', messageId: 'open-borrowed' }],
  },
  {
    name: 'a pre token generation trigger that can add scopes leaves no scope as a barrier',
    inventory: withCognito(
      userPool({ AdminCreateUserConfig: { AllowAdminCreateUserOnly: false }, LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: 'arn:aws:lambda:eu-west-1:123456789012:function:t' } } }),
      ['orders/admin'],
    ),
    expect: [{ status: 'FAIL', messageId: 'open-borrowed' }],
  },
  {
    name: 'a trusted pool that could not be read is an ERROR, never a PASS',
    inventory: withCognito(failed('DescribeUserPool', 'AccessDeniedException', { service: 'cognito-idp', resource: POOL_ARN })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'a pool that does not state who may sign up is an ERROR',
    inventory: withCognito(userPool({ AdminCreateUserConfig: {} })),
    expect: [{ status: 'ERROR' }],
  },
  {
    name: 'an AWS_IAM method guests of an identity pool may invoke (basic flow) is callable by anyone',
    inventory: withGuests([identityPool()], [guestRolePolicy(invokePolicy(`${API}/*/GET/orders`))]),
    expect: [
      {
        status: 'FAIL',
        messageId: 'open-borrowed',
        evidence: {
          openMethods: ['GET /status'],
          borrowedMethods: ['GET /orders'],
          guestCredentials: [
            `GET /orders: guests get credentials that may invoke it through identity pool shop-guests (${GUEST_POOL_ID}) → ${GUEST_ROLE_ARN}: guest-inline: CallApis (Statement[0])`,
          ],
        },
      },
    ],
  },
  {
    name: 'guests of the enhanced flow only cannot invoke: the AWS_IAM method keeps its verdict',
    inventory: withGuests([identityPool({ AllowClassicFlow: false })], [guestRolePolicy(invokePolicy(`${API}/*`))], { restApis: [iamOnlyApi()] }),
    expect: [{ status: 'PASS', messageId: 'authenticated' }],
  },
  {
    name: 'a resource policy that explicitly denies the method keeps guests out',
    inventory: withGuests([identityPool()], [guestRolePolicy(invokePolicy(`${API}/*`))], {
      restApis: [iamOnlyApi({ policy: policy(allowAll, { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: `${API}/*/GET/orders` }) })],
    }),
    expect: [{ status: 'PASS', messageId: 'policy-restricts' }],
  },
  {
    name: 'guests with the basic flow whose role cannot be read leave AWS_IAM methods unjudged: ERROR naming the failed call',
    inventory: withGuests([identityPool()], failed('GetAccountAuthorizationDetails', 'AccessDeniedException', { service: 'iam' }), { restApis: [iamOnlyApi()] }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
]);

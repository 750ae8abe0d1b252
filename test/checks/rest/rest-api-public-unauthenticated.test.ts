import check from '../../../checks/rest/rest-api-public-unauthenticated.js';
import { domainName, failed, inventory, ok, region, resource, restApi, stage, withRestApis } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const API = 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5';
const allowAll = { Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: `${API}/*` };
const policy = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });

const mixed = [
  resource('/', { GET: { authorizationType: 'AWS_IAM' } }),
  resource('/pets', { GET: { authorizationType: 'NONE' }, OPTIONS: { authorizationType: 'NONE' } }),
  resource('/orders', { POST: { authorizationType: 'NONE', apiKeyRequired: true } }),
];

testCheck(check, [
  {
    name: 'every method authenticated passes',
    inventory: withRestApis(restApi({ resources: [resource('/pets', { GET: { authorizationType: 'COGNITO_USER_POOLS' }, OPTIONS: { authorizationType: 'NONE' } })] })),
    expect: [{ status: 'PASS', messageId: 'authenticated', resource: 'api-a1b2c3d4e5', evidence: { methodCount: 1 } }],
  },
  {
    name: 'a regional API with open methods and no policy fails; API-key-only methods are recorded, OPTIONS ignored',
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
    expect: [{ status: 'FAIL', evidence: { openMethods: ['POST /orders', 'GET /pets'] } }],
  },
  {
    name: 'a private API is not internet-reachable, even with a policy open to every VPC endpoint',
    inventory: withRestApis(restApi({ endpointConfiguration: { types: ['PRIVATE'] }, resources: mixed, policy: policy(allowAll) })),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'private', evidence: { endpointType: 'PRIVATE' } }],
  },
  {
    name: 'an API with no stage has nothing reachable',
    inventory: withRestApis(restApi({ resources: mixed, stages: [] })),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'not-deployed' }],
  },
  {
    name: 'an API with no methods (OPTIONS aside) is not applicable',
    inventory: withRestApis(restApi({ resources: [resource('/', { OPTIONS: { authorizationType: 'NONE' } })] })),
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
]);

import check from '../../../checks/rest/rest-resource-policy-public.js';
import { failed, inventory, region, resource, restApi, stage, withRestApis } from '../../fixtures/builders.js';
import { exportOf, summaryOf } from '../../fixtures/served.js';
import { testCheck } from '../tester.js';

const API = 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5';
const allowAll = { Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: `${API}/*` };
const denyOutsideVpce = {
  Sid: 'OnlyMyVpce',
  Effect: 'Deny',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: 'execute-api:/*',
  Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d' } },
};
const policy = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const regional = (p: object | string | undefined) => withRestApis(restApi({ policy: p }));
const fromIp = () => policy({ ...allowAll, Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } });
const pets = () => [resource('/pets', { GET: {} })];
const NOT_IN_EXPORT = 'working copy (the deployed policy is not visible in the export)';
const privateApi = (p: object | string | undefined) =>
  withRestApis(restApi({ endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-0a1b2c3d'] }, policy: p }));

testCheck(check, [
  {
    name: 'no policy on a regional API is not applicable (judged by rest-api-public-unauthenticated)',
    inventory: regional(undefined),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'no-policy', resource: 'api-a1b2c3d4e5', evidence: { endpointType: 'REGIONAL' } }],
  },
  {
    name: 'an unconditioned Allow for "*" fails',
    inventory: regional(policy(allowAll)),
    expect: [{ status: 'FAIL', messageId: 'public', evidence: { openStatements: ['Open (Statement[0])'], publicGrants: 1 } }],
  },
  {
    name: 'the escaped form AWS returns is parsed; {"AWS": ["*"]} and execute-api:* count as public',
    inventory: regional(
      JSON.stringify(policy({ Effect: 'Allow', Principal: { AWS: ['*'] }, Action: 'execute-api:*', Resource: `${API}/*` }))
        .replace(/"/g, '\\"')
        .replace(/\//g, '\\/'),
    ),
    expect: [{ status: 'FAIL', messageId: 'public', evidence: { openStatements: ['Statement[0]'] } }],
  },
  {
    name: 'an Allow restricted by aws:SourceIp passes',
    inventory: regional(policy({ ...allowAll, Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } } })),
    expect: [
      {
        status: 'PASS',
        messageId: 'not-public',
        evidence: { restricted: ['Open (Statement[0]): IpAddress aws:SourceIp 203.0.113.0/24'], neutralised: [], publicGrants: 1 },
      },
    ],
  },
  {
    name: 'an Allow restricted by aws:PrincipalOrgID passes',
    inventory: regional(policy({ ...allowAll, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3' } } })),
    expect: [{ status: 'PASS', messageId: 'not-public' }],
  },
  {
    name: 'a catch-all source range restricts nothing',
    inventory: regional(policy({ ...allowAll, Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } })),
    expect: [{ status: 'FAIL', messageId: 'public' }],
  },
  {
    name: 'an IfExists condition restricts nothing (an anonymous caller lacks the key)',
    inventory: regional(policy({ ...allowAll, Condition: { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3' } } })),
    expect: [{ status: 'FAIL', messageId: 'public' }],
  },
  {
    name: 'a Deny for everyone outside a VPC endpoint neutralises the public Allow',
    inventory: regional(policy(allowAll, denyOutsideVpce)),
    expect: [{ status: 'PASS', messageId: 'not-public', evidence: { neutralised: ['Open (Statement[0]) denied by OnlyMyVpce (Statement[1])'] } }],
  },
  {
    name: 'a Deny for one IP range does not neutralise it',
    inventory: regional(policy(allowAll, { ...denyOutsideVpce, Condition: { IpAddress: { 'aws:SourceIp': '198.51.100.0/24' } } })),
    expect: [{ status: 'FAIL', messageId: 'public' }],
  },
  {
    name: 'a Deny on one stage does not neutralise an Allow on all of them',
    inventory: regional(policy(allowAll, { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: `${API}/prod/*` })),
    expect: [{ status: 'FAIL', messageId: 'public' }],
  },
  {
    name: 'NotPrincipal in an Allow is public',
    inventory: regional(policy({ ...allowAll, Principal: undefined, NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' } })),
    expect: [{ status: 'FAIL', messageId: 'public' }],
  },
  {
    name: 'an Allow for a named account grants the public nothing',
    inventory: regional(policy({ ...allowAll, Principal: { AWS: 'arn:aws:iam::111122223333:root' } })),
    expect: [{ status: 'PASS', messageId: 'not-public', evidence: { publicGrants: 0 } }],
  },
  {
    name: 'a malformed policy is ERROR (invalid data), not a crash',
    inventory: regional(policy({ Effect: 'Permit', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' })),
    expect: [{ status: 'ERROR', messageId: 'invalid-data' }],
  },
  {
    name: 'an unparseable policy is ERROR (invalid data)',
    inventory: regional('{"Version": "2012-10-17", "Statement": ['),
    expect: [{ status: 'ERROR', messageId: 'invalid-data' }],
  },
  {
    name: 'private API: no policy means no one can invoke it',
    inventory: privateApi(undefined),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'private-no-policy', evidence: { endpointType: 'PRIVATE' } }],
  },
  {
    name: 'private API: an Allow pinned with aws:SourceVpce passes',
    inventory: privateApi(policy({ ...allowAll, Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d' } } })),
    expect: [{ status: 'PASS', messageId: 'private-pinned' }],
  },
  {
    name: 'private API: an open Allow with a Deny on StringNotEquals aws:SourceVpce passes',
    inventory: privateApi(policy(allowAll, denyOutsideVpce)),
    expect: [{ status: 'PASS', messageId: 'private-pinned' }],
  },
  {
    name: 'private API: an Allow pinned to aws:SourceVpc passes',
    inventory: privateApi(policy({ ...allowAll, Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-0a1b' } } })),
    expect: [{ status: 'PASS', messageId: 'private-pinned' }],
  },
  {
    name: 'private API: an open Allow fails (any VPC endpoint, in any account, can reach it)',
    inventory: privateApi(policy(allowAll)),
    expect: [{ status: 'FAIL', messageId: 'private-unpinned', evidence: { openStatements: ['Open (Statement[0])'], endpointType: 'PRIVATE' } }],
  },
  {
    name: 'private API: an organisation condition keeps other accounts\' endpoints out',
    inventory: privateApi(policy({ ...allowAll, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } })),
    expect: [{ status: 'PASS', messageId: 'private-pinned', evidence: { restricted: ['Open (Statement[0]): StringEquals aws:PrincipalOrgID o-a1b2c3d4e5'] } }],
  },
  {
    name: 'private API: the VPC endpoint owner\'s organisation (aws:VpceOrgID) pins it too',
    inventory: privateApi(policy({ ...allowAll, Condition: { StringEquals: { 'aws:VpceOrgID': 'o-a1b2c3d4e5' } } })),
    expect: [{ status: 'PASS', messageId: 'private-pinned' }],
  },
  {
    name: 'private API: wildcard pins (vpce-*, ?*, vpc-*, any endpoint account) pin nothing',
    inventory: privateApi(
      policy(
        { ...allowAll, Sid: 'A', Condition: { StringLike: { 'aws:SourceVpce': 'vpce-*' } } },
        { ...allowAll, Sid: 'B', Condition: { 'ForAnyValue:StringLike': { 'aws:SourceVpce': '?*' } } },
        { ...allowAll, Sid: 'C', Condition: { StringLikeIfExists: { 'aws:SourceVpc': 'vpc-*' } } },
        { ...allowAll, Sid: 'D', Condition: { StringLike: { 'aws:VpceAccount': '????????????' } } },
      ),
    ),
    expect: [
      {
        status: 'FAIL',
        messageId: 'private-unpinned',
        evidence: { openStatements: ['A (Statement[0])', 'B (Statement[1])', 'C (Statement[2])', 'D (Statement[3])'] },
      },
    ],
  },
  {
    name: 'private API: a Deny unless aws:SourceVpce is like vpce-* leaves every endpoint in',
    inventory: privateApi(policy(allowAll, { ...denyOutsideVpce, Condition: { StringNotLike: { 'aws:SourceVpce': 'vpce-*' } } })),
    expect: [{ status: 'FAIL', messageId: 'private-unpinned' }],
  },
  {
    name: 'regional API: the same Deny keeps every internet caller out (they have no VPC endpoint)',
    inventory: regional(policy(allowAll, { ...denyOutsideVpce, Condition: { StringNotLike: { 'aws:SourceVpce': 'vpce-*' } } })),
    expect: [{ status: 'PASS', messageId: 'not-public', evidence: { neutralised: ['Open (Statement[0]) denied by OnlyMyVpce (Statement[1])'] } }],
  },
  {
    name: 'source ranges that together cover the address space are "anyone"',
    inventory: regional(policy({ ...allowAll, Condition: { IpAddress: { 'aws:SourceIp': ['0.0.0.0/1', '128.0.0.0/1', '::/0'] } } })),
    expect: [{ status: 'FAIL', messageId: 'public' }],
  },
  {
    name: 'half the address space is a restriction',
    inventory: regional(policy({ ...allowAll, Condition: { IpAddress: { 'aws:SourceIp': ['0.0.0.0/1', '::/1'] } } })),
    expect: [{ status: 'PASS', messageId: 'not-public' }],
  },
  {
    name: 'organisation and principal wildcards (o-*, arn:aws:iam::*:*) pin nothing',
    inventory: regional(
      policy(
        { ...allowAll, Sid: 'Org', Condition: { StringLike: { 'aws:PrincipalOrgID': 'o-*' } } },
        { ...allowAll, Sid: 'Arn', Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:*' } } },
      ),
    ),
    expect: [{ status: 'FAIL', messageId: 'public', evidence: { openStatements: ['Org (Statement[0])', 'Arn (Statement[1])'] } }],
  },
  {
    name: 'an Allow naming another API grants nothing on this one',
    inventory: regional(policy({ ...allowAll, Resource: 'arn:aws:execute-api:eu-west-1:123456789012:zzzzzzzzzz/*' })),
    expect: [{ status: 'PASS', messageId: 'not-public', evidence: { publicGrants: 0, elsewhere: ['Open (Statement[0])'] } }],
  },
  {
    name: 'an Allow scoped to one path: the methods it opens are named',
    inventory: withRestApis(
      restApi({
        resources: [resource('/public', { GET: {} }), resource('/orders', { POST: {} })],
        stages: [stage({ stageName: 'prod' })],
        policy: policy({ ...allowAll, Resource: 'execute-api:/*/GET/public' }),
      }),
    ),
    expect: [{ status: 'FAIL', messageId: 'public', evidence: { openMethods: ['GET /public'] } }],
  },
  {
    name: 'an Allow for every method of the API (its answer is the same for each): every method is named',
    inventory: withRestApis(
      restApi({
        resources: [resource('/public', { GET: {}, DELETE: {} }), resource('/orders', { POST: {} })],
        stages: [stage({ stageName: 'prod' })],
        policy: policy({ ...allowAll, Resource: 'execute-api:/*' }, { ...denyOutsideVpce, Resource: 'arn:aws:execute-api:eu-west-1:123456789012:zzzzzzzzzz/*' }),
      }),
    ),
    expect: [{ status: 'FAIL', messageId: 'public', evidence: { openMethods: ['POST /orders', 'DELETE /public', 'GET /public'] } }],
  },
  {
    name: 'an Allow for every method of an API without methods names none',
    inventory: withRestApis(restApi({ resources: [resource('/')], stages: [stage({ stageName: 'prod' })], policy: policy({ ...allowAll, Resource: 'execute-api:/*' }) })),
    expect: [{ status: 'FAIL', messageId: 'public', evidence: { openMethods: [] } }],
  },
  {
    name: 'private API: StringLike aws:SourceVpce "*" pins nothing',
    inventory: privateApi(policy({ ...allowAll, Condition: { StringLike: { 'aws:SourceVpce': '*' } } })),
    expect: [{ status: 'FAIL', messageId: 'private-unpinned' }],
  },
  {
    name: 'deployed: a policy narrowed in the working copy but never deployed still fails, naming the stage',
    inventory: withRestApis(restApi({ resources: pets(), policy: fromIp(), deployments: { dep1: exportOf({ resources: pets(), policy: policy(allowAll) }) } })),
    expect: [
      {
        status: 'FAIL',
        messageId: 'public',
        evidence: { openStatements: ['Open (Statement[0])'], stages: ['prod'], judgedOn: ['deployment dep1 (stage prod)'], openMethods: ['GET /pets'] },
      },
    ],
  },
  {
    name: 'deployed: a policy opened in the working copy but not deployed passes (the live stage is restricted)',
    inventory: withRestApis(restApi({ resources: pets(), policy: policy(allowAll), deployments: { dep1: exportOf({ resources: pets(), policy: fromIp() }) } })),
    expect: [{ status: 'PASS', messageId: 'not-public', evidence: { judgedOn: ['deployment dep1 (stage prod)'] } }],
  },
  {
    name: 'deployed: two stages on different deployments, one open: only the open stage is named',
    inventory: withRestApis(
      restApi({
        resources: pets(),
        policy: fromIp(),
        stages: [stage({ stageName: 'dev', deploymentId: 'dep2' }), stage({ stageName: 'prod', deploymentId: 'dep1' })],
        deployments: { dep2: exportOf({ resources: pets(), policy: policy(allowAll) }, 'dep2', 'dev') },
      }),
    ),
    expect: [{ status: 'FAIL', evidence: { stages: ['dev'], judgedOn: ['deployment dep2 (stage dev)'] } }],
  },
  {
    name: 'deployed: the working copy has no policy, the deployment serves an open one: FAIL',
    inventory: withRestApis(restApi({ resources: pets(), deployments: { dep1: exportOf({ resources: pets(), policy: policy(allowAll) }) } })),
    expect: [{ status: 'FAIL', messageId: 'public', evidence: { stages: ['prod'] } }],
  },
  {
    name: 'deployed: a canary (API summary: no policy shown) is judged on the working copy and fails if that is open, named',
    inventory: withRestApis(
      restApi({
        resources: pets(),
        policy: policy(allowAll),
        stages: [stage({ canarySettings: { deploymentId: 'dep2', percentTraffic: 5 } })],
        deployments: { dep1: exportOf({ resources: pets(), policy: fromIp() }), dep2: summaryOf({ resources: pets() }) },
      }),
    ),
    expect: [
      {
        status: 'FAIL',
        evidence: {
          stages: ['prod (canary)'],
          policyJudgedOn: 'working copy (the deployed policy is not visible in the API summary of the canary deployment)',
        },
      },
    ],
  },
  {
    name: 'deployed: a canary whose policy only the working copy shows as restricted is ERROR, not PASS',
    inventory: withRestApis(
      restApi({ resources: pets(), policy: fromIp(), stages: [stage({ canarySettings: { deploymentId: 'dep2', percentTraffic: 5 } })] }),
    ),
    expect: [{ status: 'ERROR', messageId: 'invalid-data', evidence: { stages: ['prod (canary)'] } }],
  },
  {
    name: 'deployed: the export does not show the policy, the working copy is open: FAIL, saying what was judged',
    inventory: withRestApis(
      restApi({ resources: pets(), policy: policy(allowAll), deployments: { dep1: exportOf({ resources: pets() }, 'dep1', 'prod', ['policy']) } }),
    ),
    expect: [{ status: 'FAIL', messageId: 'public', evidence: { policyJudgedOn: NOT_IN_EXPORT } }],
  },
  {
    name: 'deployed: the export does not show the policy, the working copy has none: ERROR (the deployment may serve one)',
    inventory: withRestApis(restApi({ resources: pets(), deployments: { dep1: exportOf({ resources: pets() }, 'dep1', 'prod', ['policy']) } })),
    expect: [{ status: 'ERROR', messageId: 'invalid-data', evidence: { policyJudgedOn: NOT_IN_EXPORT, stages: ['prod'] } }],
  },
  {
    name: 'deployed: the deployed view could not be read (GetExport denied) is ERROR naming the operation',
    inventory: withRestApis(restApi({ resources: pets(), policy: fromIp(), deployments: { dep1: failed('GetExport') } })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', evidence: { stages: ['prod'] } }],
  },
  {
    name: 'an API with no stage serves no policy: not applicable',
    inventory: withRestApis(restApi({ policy: policy(allowAll), stages: [] })),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'not-deployed' }],
  },
  {
    name: 'GetStages denied is ERROR',
    inventory: withRestApis(restApi({ policy: policy(allowAll), stages: failed('GetStages') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'GetRestApis denied is ERROR on the region',
    inventory: inventory({ regions: [region({ restApis: failed('GetRestApis') })] }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: '123456789012/eu-west-1' }],
  },
]);

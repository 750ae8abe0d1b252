import check from '../../../checks/edge/default-endpoint-tls-policy.js';
import { failed, restApi, stage, withRestApis } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const REGIONAL_RECOMMENDED = ['SecurityPolicy_TLS13_1_3_2025_09', 'SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09'];

testCheck(check, [
  {
    name: 'a Regional API without its own policy gets TLS_1_0 on its default endpoint: fails',
    inventory: withRestApis(restApi()),
    expect: [
      {
        status: 'FAIL',
        messageId: 'tls-1-0',
        resource: 'api-a1b2c3d4e5',
        evidence: {
          policy: 'TLS_1_0',
          policySource: 'unset: the REGIONAL API default',
          defaultEndpoint: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com',
          recommended: REGIONAL_RECOMMENDED,
        },
      },
    ],
  },
  {
    name: 'an explicit TLS_1_0 on an edge-optimized API fails',
    inventory: withRestApis(restApi({ securityPolicy: 'TLS_1_0', endpointConfiguration: { types: ['EDGE'] } })),
    expect: [{ status: 'FAIL', messageId: 'tls-1-0', evidence: { policySource: 'set on the API', recommended: ['SecurityPolicy_TLS13_2025_EDGE', 'SecurityPolicy_TLS12_PFS_2025_EDGE'] } }],
  },
  {
    name: 'a private API without its own policy gets TLS_1_2: passes',
    inventory: withRestApis(restApi({ endpointConfiguration: { types: ['PRIVATE'] } })),
    expect: [{ status: 'PASS', messageId: 'tls-1-2-plus', evidence: { policy: 'TLS_1_2', minTls: '1.2' } }],
  },
  {
    name: 'an enhanced TLS 1.3 policy with STRICT passes',
    inventory: withRestApis(restApi({ securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09', endpointAccessMode: 'STRICT' })),
    expect: [{ status: 'PASS', messageId: 'tls-1-2-plus', evidence: { minTls: '1.3', endpointAccessMode: 'STRICT' } }],
  },
  {
    name: 'an enhanced policy with access mode BASIC passes with the advice to switch to STRICT',
    inventory: withRestApis(restApi({ securityPolicy: 'SecurityPolicy_TLS13_1_2_PQ_2025_09', endpointAccessMode: 'BASIC' })),
    expect: [{ status: 'PASS', messageId: 'tls-1-2-plus-basic', evidence: { minTls: '1.2', endpointAccessMode: 'BASIC' } }],
  },
  {
    name: 'the default endpoint disabled (working copy and deployment): not applicable, even with TLS_1_0',
    inventory: withRestApis(restApi({ disableExecuteApiEndpoint: true })),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'endpoint-disabled', evidence: { policy: 'TLS_1_0' } }],
  },
  {
    name: 'disabled in the working copy but the served deployment still has it on: judged, fails',
    inventory: withRestApis(
      restApi({
        disableExecuteApiEndpoint: true,
        deployments: { dep1: { ok: true, value: { deploymentId: 'dep1', source: 'export', stageName: 'prod', methods: [], disableExecuteApiEndpoint: false } } },
      }),
    ),
    expect: [{ status: 'FAIL', messageId: 'tls-1-0', evidence: { endpointState: 'enabled' } }],
  },
  {
    name: 'disabled in the working copy, the deployment unreadable: TLS_1_0 is ERROR, never a verdict either way',
    inventory: withRestApis(restApi({ disableExecuteApiEndpoint: true, deployments: { dep1: failed('GetExport') } })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'disabled, stages unreadable: ERROR',
    inventory: withRestApis(restApi({ disableExecuteApiEndpoint: true, stages: failed('GetStages') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'a policy this tool does not know is an ERROR',
    inventory: withRestApis(restApi({ securityPolicy: 'SecurityPolicy_TLS14_2031_01', endpointAccessMode: 'STRICT', stages: [stage()] })),
    expect: [{ status: 'ERROR', messageId: 'invalid-data', evidence: { policy: 'SecurityPolicy_TLS14_2031_01' } }],
  },
]);

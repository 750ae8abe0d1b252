import check from '../../../checks/edge/default-endpoint-disabled.js';
import { domainName, failed, inventory, ok, region, resource, restApi, stage, v2Api, v2DomainName, v2Stage } from '../../fixtures/builders.js';
import { WEBSOCKET_DEPLOYED_UNKNOWN } from '../../../src/analysis/deployed.js';
import { exportOf, summaryOf } from '../../fixtures/served.js';
import { testCheck } from '../tester.js';

const mappedTo = (restApiId: string, name = 'api.example.com') =>
  domainName({ domainName: name, basePathMappings: ok([{ basePath: '(none)', restApiId, stage: 'prod' }]) });

const mapped = (api: Parameters<typeof restApi>[0]) => inventory({ regions: [region({ restApis: [restApi(api)], domainNames: [mappedTo('a1b2c3d4e5')] })] });
const pets = () => [resource('/pets', { GET: {} })];

testCheck(check, [
  {
    name: 'a mapped REST API with the default endpoint disabled passes',
    inventory: inventory({ regions: [region({ restApis: [restApi({ disableExecuteApiEndpoint: true })], domainNames: [mappedTo('a1b2c3d4e5')] })] }),
    expect: [{ status: 'PASS', messageId: 'disabled', resource: 'api-a1b2c3d4e5', evidence: { domains: ['api.example.com'] } }],
  },
  {
    name: 'a mapped REST API whose default endpoint still answers fails',
    inventory: inventory({ regions: [region({ restApis: [restApi()], domainNames: [mappedTo('a1b2c3d4e5')] })] }),
    expect: [
      {
        status: 'FAIL',
        messageId: 'enabled',
        evidence: { defaultEndpoint: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com', endpointState: 'enabled' },
      },
    ],
  },
  {
    name: 'HTTP and WebSocket APIs mapped through v2 API mappings are judged by DisableExecuteApiEndpoint',
    inventory: inventory({
      regions: [
        region({
          v2Apis: [v2Api({ DisableExecuteApiEndpoint: true }), v2Api({ ApiId: 'w5s6k7t8u9', ProtocolType: 'WEBSOCKET' })],
          v2DomainNames: [
            v2DomainName({
              apiMappings: ok([
                { ApiId: 'h1t2p3a4p5', Stage: '$default' },
                { ApiId: 'w5s6k7t8u9', Stage: 'prod', ApiMappingKey: 'ws' },
              ]),
            }),
          ],
        }),
      ],
    }),
    expect: [
      { status: 'PASS', resource: 'http-h1t2p3a4p5', evidence: { judgedOn: ['stage $default: latest configuration (AutoDeploy)'] } },
      {
        status: 'FAIL',
        resource: 'ws-w5s6k7t8u9',
        evidence: { defaultEndpoint: 'https://w5s6k7t8u9.execute-api.eu-west-1.amazonaws.com', judgedOn: [`stage prod: ${WEBSOCKET_DEPLOYED_UNKNOWN}`] },
      },
    ],
  },
  {
    name: 'an HTTP API disabled in the latest configuration with a stage that deploys by hand: ERROR, never PASS (the switch takes effect only when deployed)',
    inventory: inventory({
      regions: [
        region({
          v2Apis: [v2Api({ DisableExecuteApiEndpoint: true, stages: [v2Stage({ StageName: 'prod', AutoDeploy: false })] })],
          v2DomainNames: [v2DomainName({ apiMappings: ok([{ ApiId: 'h1t2p3a4p5', Stage: 'prod' }]) })],
        }),
      ],
    }),
    expect: [{ status: 'ERROR', messageId: 'invalid-data', resource: 'http-h1t2p3a4p5', evidence: { handDeployedStages: ['prod'] } }],
  },
  {
    name: 'an API served by two domains lists both',
    inventory: inventory({
      regions: [region({ restApis: [restApi()], domainNames: [mappedTo('a1b2c3d4e5', 'a.example.com'), mappedTo('a1b2c3d4e5', 'b.example.com')] })],
    }),
    expect: [{ status: 'FAIL', evidence: { domains: ['a.example.com', 'b.example.com'] } }],
  },
  {
    name: 'an API no domain serves is not applicable, whatever its endpoint',
    inventory: inventory({ regions: [region({ restApis: [restApi(), restApi({ id: 'off0000001', disableExecuteApiEndpoint: true })], domainNames: [domainName()] })] }),
    expect: [
      { status: 'NOT_APPLICABLE', messageId: 'not-mapped', evidence: { endpointState: 'enabled' } },
      { status: 'NOT_APPLICABLE', messageId: 'not-mapped', evidence: { endpointState: 'disabled' } },
    ],
  },
  {
    name: 'a domain in another region does not count',
    inventory: inventory({ regions: [region({ restApis: [restApi()] }), region({ region: 'us-east-1', domainNames: [mappedTo('a1b2c3d4e5')] })] }),
    expect: [{ status: 'NOT_APPLICABLE' }],
  },
  {
    name: 'an unmapped API is ERROR when a mapping list was not collected',
    inventory: inventory({
      regions: [region({ restApis: [restApi()], domainNames: [domainName({ basePathMappings: failed('GetBasePathMappings') })] })],
    }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'an unmapped API is ERROR when the region\'s domain list was not collected',
    inventory: inventory({ regions: [region({ restApis: [restApi()], v2DomainNames: failed('GetDomainNames') })] }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'api-a1b2c3d4e5' }],
  },
  {
    name: 'a known mapping is judged even though another list is missing',
    inventory: inventory({
      regions: [region({ restApis: [restApi()], domainNames: [mappedTo('a1b2c3d4e5')], v2DomainNames: failed('GetDomainNames') })],
    }),
    expect: [{ status: 'FAIL', messageId: 'enabled' }],
  },
  {
    name: 'deployed: disabled in the working copy, but the deployment a stage serves has it enabled: FAIL naming the stage',
    inventory: mapped({ resources: pets(), disableExecuteApiEndpoint: true, deployments: { dep1: exportOf({ resources: pets(), disableExecuteApiEndpoint: false }) } }),
    expect: [{ status: 'FAIL', messageId: 'enabled', evidence: { endpointState: 'enabled', stages: ['prod'], enabledIn: 'deployment dep1 (stage prod)' } }],
  },
  {
    name: 'deployed: disabled in the working copy and in what every stage serves: PASS, saying what was judged',
    inventory: mapped({ resources: pets(), disableExecuteApiEndpoint: true }),
    expect: [{ status: 'PASS', messageId: 'disabled', evidence: { judgedOn: ['working copy', 'deployment dep1 (stage prod)'] } }],
  },
  {
    name: 'deployed: enabled in the working copy, disabled in the deployment: FAIL (the next update of any stage applies it)',
    inventory: mapped({ resources: pets(), disableExecuteApiEndpoint: false, deployments: { dep1: exportOf({ resources: pets(), disableExecuteApiEndpoint: true }) } }),
    expect: [{ status: 'FAIL', messageId: 'enabled', evidence: { enabledIn: 'working copy', stages: ['prod'] } }],
  },
  {
    name: 'deployed: two stages, only dev serves a deployment with the endpoint enabled: FAIL naming dev',
    inventory: mapped({
      resources: pets(),
      disableExecuteApiEndpoint: true,
      stages: [stage({ stageName: 'dev', deploymentId: 'dep2' }), stage({ stageName: 'prod' })],
      deployments: { dep2: exportOf({ resources: pets(), disableExecuteApiEndpoint: false }, 'dep2', 'dev') },
    }),
    expect: [{ status: 'FAIL', evidence: { stages: ['dev'], enabledIn: 'deployment dep2 (stage dev)' } }],
  },
  {
    name: 'deployed: disabled in the working copy, the export does not show it: ERROR (it may never have taken effect)',
    inventory: mapped({
      resources: pets(),
      disableExecuteApiEndpoint: true,
      deployments: { dep1: exportOf({ resources: pets() }, 'dep1', 'prod', ['disableExecuteApiEndpoint']) },
    }),
    expect: [{ status: 'ERROR', messageId: 'invalid-data', evidence: { stages: ['prod'] } }],
  },
  {
    name: 'deployed: a canary read from its API summary does not show the switch: ERROR, naming the canary',
    inventory: mapped({
      resources: pets(),
      disableExecuteApiEndpoint: true,
      stages: [stage({ canarySettings: { deploymentId: 'dep2', percentTraffic: 10 } })],
      deployments: { dep2: summaryOf({ resources: pets(), disableExecuteApiEndpoint: true }) },
    }),
    expect: [{ status: 'ERROR', messageId: 'invalid-data', evidence: { stages: ['prod (canary)'] } }],
  },
  {
    name: 'deployed: the deployed view could not be read (GetExport denied): ERROR naming the operation',
    inventory: mapped({ resources: pets(), disableExecuteApiEndpoint: true, deployments: { dep1: failed('GetExport') } }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', evidence: { stages: ['prod'] } }],
  },
  {
    name: 'GetRestApis denied is ERROR on the region',
    inventory: inventory({ regions: [region({ restApis: failed('GetRestApis') })] }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: '123456789012/eu-west-1' }],
  },
]);

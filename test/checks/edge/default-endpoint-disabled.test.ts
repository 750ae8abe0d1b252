import check from '../../../checks/edge/default-endpoint-disabled.js';
import { domainName, failed, inventory, ok, region, restApi, v2Api, v2DomainName } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const mappedTo = (restApiId: string, name = 'api.example.com') =>
  domainName({ domainName: name, basePathMappings: ok([{ basePath: '(none)', restApiId, stage: 'prod' }]) });

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
      { status: 'PASS', resource: 'http-h1t2p3a4p5' },
      { status: 'FAIL', resource: 'ws-w5s6k7t8u9', evidence: { defaultEndpoint: 'https://w5s6k7t8u9.execute-api.eu-west-1.amazonaws.com' } },
    ],
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
    name: 'GetRestApis denied is ERROR on the region',
    inventory: inventory({ regions: [region({ restApis: failed('GetRestApis') })] }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: '123456789012/eu-west-1' }],
  },
]);

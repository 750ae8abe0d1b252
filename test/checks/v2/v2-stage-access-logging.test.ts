import check from '../../../checks/v2/v2-stage-access-logging.js';
import { failed, inventory, region, v2Api, v2Stage, withV2Apis } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const LOG_GROUP = 'arn:aws:logs:eu-west-1:123456789012:log-group:http-access';

testCheck(check, [
  {
    name: 'a destination ARN passes on an HTTP API $default stage',
    inventory: withV2Apis(v2Api({ stages: [v2Stage({ AccessLogSettings: { DestinationArn: LOG_GROUP, Format: '$context.requestId' } })] })),
    expect: [
      {
        status: 'PASS',
        messageId: 'enabled',
        resource: 'http-h1t2p3a4p5/$default',
        evidence: { destinationArn: LOG_GROUP, formatSet: true, protocol: 'HTTP' },
      },
    ],
  },
  {
    name: 'WebSocket stages are judged too',
    inventory: withV2Apis(
      v2Api({
        ApiId: 'w1s2o3c4k5',
        ProtocolType: 'WEBSOCKET',
        stages: [v2Stage({ StageName: 'prod', AccessLogSettings: { DestinationArn: LOG_GROUP } }), v2Stage({ StageName: 'dev' })],
      }),
    ),
    expect: [
      { status: 'PASS', resource: 'ws-w1s2o3c4k5/prod', evidence: { protocol: 'WEBSOCKET', formatSet: false } },
      { status: 'FAIL', messageId: 'disabled', resource: 'ws-w1s2o3c4k5/dev', evidence: { accessLogSettings: null } },
    ],
  },
  {
    name: 'a format without a destination, or a blank destination, fails',
    inventory: withV2Apis(
      v2Api({
        stages: [
          v2Stage({ StageName: 'a', AccessLogSettings: { Format: '$context.requestId' } }),
          v2Stage({ StageName: 'b', AccessLogSettings: { DestinationArn: ' ' } }),
        ],
      }),
    ),
    expect: [
      { status: 'FAIL', resource: 'http-h1t2p3a4p5/a' },
      { status: 'FAIL', resource: 'http-h1t2p3a4p5/b' },
    ],
  },
  {
    name: 'an API without stages produces no result',
    inventory: withV2Apis(v2Api({ stages: [] })),
    expect: [],
  },
  {
    name: 'GetStages denied is ERROR on the API',
    inventory: withV2Apis(v2Api({ stages: failed('GetStages') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'http-h1t2p3a4p5' }],
  },
  {
    name: 'GetApis denied is ERROR on the region',
    inventory: inventory({ regions: [region({ v2Apis: failed('GetApis') })] }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: '123456789012/eu-west-1' }],
  },
]);

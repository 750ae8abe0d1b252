import check from '../../../checks/websocket/websocket-stage-data-trace.js';
import type { V2Stage } from '../../../src/inventory/schema.js';
import { failed, inventory, region, v2Api, v2Stage, withV2Apis } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const ws = (stage: Partial<V2Stage>) =>
  withV2Apis(v2Api({ ApiId: 'w1s2o3c4k5', ProtocolType: 'WEBSOCKET', stages: [v2Stage({ StageName: 'prod', ...stage })] }));

testCheck(check, [
  {
    name: 'no route settings: data trace is off',
    inventory: ws({}),
    expect: [{ status: 'PASS', messageId: 'off', resource: 'ws-w1s2o3c4k5/prod', evidence: { overrideCount: 0 } }],
  },
  {
    name: 'explicitly off on the default and overrides passes',
    inventory: ws({ DefaultRouteSettings: { DataTraceEnabled: false, LoggingLevel: 'INFO' }, RouteSettings: { $connect: { DataTraceEnabled: false } } }),
    expect: [{ status: 'PASS', evidence: { overrideCount: 1 } }],
  },
  {
    name: 'on by default with logging on fails; overrides inherit it unless they switch it off',
    inventory: ws({
      DefaultRouteSettings: { DataTraceEnabled: true, LoggingLevel: 'INFO' },
      RouteSettings: { sendMessage: { DetailedMetricsEnabled: true }, $connect: { DataTraceEnabled: false } },
    }),
    expect: [{ status: 'FAIL', messageId: 'on', evidence: { dataTraceOn: ['(stage default)', 'sendMessage'] } }],
  },
  {
    name: 'on for one route only fails and names it',
    inventory: ws({ DefaultRouteSettings: { DataTraceEnabled: false, LoggingLevel: 'ERROR' }, RouteSettings: { $connect: { DataTraceEnabled: true } } }),
    expect: [{ status: 'FAIL', evidence: { dataTraceOn: ['$connect'] } }],
  },
  {
    name: 'data trace with logging OFF or unset writes nothing: a PASS naming the dormant entries',
    inventory: ws({ DefaultRouteSettings: { DataTraceEnabled: true, LoggingLevel: 'OFF' }, RouteSettings: { sendMessage: { DataTraceEnabled: true, LoggingLevel: undefined } } }),
    expect: [{ status: 'PASS', messageId: 'dormant', evidence: { dormantDataTrace: ['(stage default)', 'sendMessage'] } }],
  },
  {
    name: 'data trace on with no level anywhere is dormant',
    inventory: ws({ DefaultRouteSettings: { DataTraceEnabled: true } }),
    expect: [{ status: 'PASS', messageId: 'dormant', evidence: { dormantDataTrace: ['(stage default)'] } }],
  },
  {
    name: 'logging OFF by default but INFO on one route: that route logs full messages',
    inventory: ws({ DefaultRouteSettings: { DataTraceEnabled: true, LoggingLevel: 'OFF' }, RouteSettings: { $connect: { LoggingLevel: 'INFO' } } }),
    expect: [{ status: 'FAIL', messageId: 'on', evidence: { dataTraceOn: ['$connect'], dormantDataTrace: ['(stage default)'] } }],
  },
  {
    name: 'an unknown logging level with data trace on cannot be judged',
    inventory: ws({ DefaultRouteSettings: { DataTraceEnabled: true, LoggingLevel: 'VERBOSE' } }),
    expect: [{ status: 'ERROR', messageId: 'invalid-data' }],
  },
  {
    name: 'HTTP API stages are not evaluated',
    inventory: withV2Apis(v2Api({ stages: [v2Stage({ DefaultRouteSettings: { DataTraceEnabled: true } })] })),
    expect: [],
  },
  {
    name: 'GetStages denied on a WebSocket API is ERROR on the API',
    inventory: withV2Apis(v2Api({ ApiId: 'w1s2o3c4k5', ProtocolType: 'WEBSOCKET', stages: failed('GetStages') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'ws-w1s2o3c4k5' }],
  },
  {
    name: 'GetApis denied is ERROR on the region',
    inventory: inventory({ regions: [region({ v2Apis: failed('GetApis') })] }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: '123456789012/eu-west-1' }],
  },
]);

import check from '../../../checks/websocket/websocket-stage-execution-logging.js';
import type { V2Stage } from '../../../src/inventory/schema.js';
import { failed, inventory, region, v2Api, v2Stage, withV2Apis } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const ws = (...stages: Partial<V2Stage>[]) =>
  withV2Apis(v2Api({ ApiId: 'w1s2o3c4k5', ProtocolType: 'WEBSOCKET', stages: stages.map((s) => v2Stage({ StageName: 'prod', ...s })) }));

testCheck(check, [
  {
    name: 'default ERROR, overrides INFO or inheriting the default: passes',
    inventory: ws({
      DefaultRouteSettings: { LoggingLevel: 'ERROR', DataTraceEnabled: false },
      RouteSettings: { $connect: { LoggingLevel: 'INFO' }, sendMessage: { ThrottlingRateLimit: 10 } },
    }),
    expect: [
      {
        status: 'PASS',
        messageId: 'logging',
        resource: 'ws-w1s2o3c4k5/prod',
        evidence: { defaultLevel: 'ERROR', overrideCount: 2 },
      },
    ],
  },
  {
    name: 'no route settings at all: logging is OFF',
    inventory: ws({}),
    expect: [{ status: 'FAIL', messageId: 'not-logging', evidence: { defaultLevel: 'OFF', notLogging: ['(stage default) (OFF)'], notLoggingCount: 1 } }],
  },
  {
    name: 'one override set to OFF silences that route even when the stage logs',
    inventory: ws({
      DefaultRouteSettings: { LoggingLevel: 'INFO' },
      RouteSettings: { sendMessage: { LoggingLevel: 'OFF' }, $default: { LoggingLevel: 'error' } },
    }),
    expect: [{ status: 'FAIL', evidence: { defaultLevel: 'INFO', notLogging: ['sendMessage (OFF)'] } }],
  },
  {
    name: 'a default of OFF is reported, and overrides inheriting it too; an override that logs is not',
    inventory: ws({
      DefaultRouteSettings: { LoggingLevel: 'OFF' },
      RouteSettings: { $connect: { LoggingLevel: 'ERROR' }, $disconnect: { DetailedMetricsEnabled: true } },
    }),
    expect: [{ status: 'FAIL', evidence: { notLogging: ['(stage default) (OFF)', '$disconnect (OFF)'] } }],
  },
  {
    name: 'HTTP API stages are not evaluated (they have no execution logs), nor their stage gaps',
    inventory: withV2Apis(v2Api({ stages: [v2Stage({})] }), v2Api({ ApiId: 'http000002', stages: failed('GetStages') })),
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

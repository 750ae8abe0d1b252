import check from '../../../checks/monitoring/access-log-api-key.js';
import type { Stage } from '../../../src/inventory/schema.js';
import { ACCOUNT, failed, inventory, region, restApi, stage, v2Api, v2Stage } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const DESTINATION = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/apigateway/access`;
const logged = (format: string | undefined, overrides: Partial<Stage> = {}) =>
  stage({ accessLogSettings: { destinationArn: DESTINATION, ...(format === undefined ? {} : { format }) }, ...overrides });
const inv = (...stages: Stage[]) => inventory({ regions: [region({ restApis: [restApi({ stages })] })] });

testCheck(check, [
  {
    name: 'a format with the key id but not the key passes',
    inventory: inv(logged('{"requestId":"$context.requestId","keyId":"$context.identity.apiKeyId"}')),
    expect: [{ status: 'PASS', messageId: 'no-api-key', resource: 'api-a1b2c3d4e5/prod' }],
  },
  {
    name: 'a format writing $context.identity.apiKey fails',
    inventory: inv(logged('$context.requestId $context.identity.apiKey $context.status')),
    expect: [{ status: 'FAIL', messageId: 'logs-api-key', evidence: { variable: '$context.identity.apiKey', destinationArn: DESTINATION } }],
  },
  {
    name: 'the key at the very end of a JSON format fails too; WebSocket stages are judged alike',
    inventory: inventory({
      regions: [
        region({
          v2Apis: [
            v2Api({
              ProtocolType: 'WEBSOCKET',
              stages: [v2Stage({ StageName: 'prod', AccessLogSettings: { DestinationArn: DESTINATION, Format: '{"key":"$context.identity.apiKey"}' } })],
            }),
          ],
        }),
      ],
    }),
    expect: [{ status: 'FAIL', messageId: 'logs-api-key' }],
  },
  {
    name: 'stages without access logs are not applicable; a destination without a format is ERROR',
    inventory: inv(stage({ stageName: 'dev' }), logged(undefined)),
    expect: [
      { status: 'NOT_APPLICABLE', messageId: 'no-access-logs', resource: 'api-a1b2c3d4e5/dev' },
      { status: 'ERROR', messageId: 'invalid-data', resource: 'api-a1b2c3d4e5/prod' },
    ],
  },
  {
    name: 'stages not collected are ERROR',
    inventory: inventory({ regions: [region({ restApis: [restApi({ stages: failed('GetStages') })] })] }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'api-a1b2c3d4e5' }],
  },
]);

import check from '../../../checks/account/account-cloudwatch-role.js';
import { ACCOUNT, failed, inventory, region, restApi, stage, v2Api, v2Stage } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const ROLE = `arn:aws:iam::${ACCOUNT}:role/apigw-cloudwatch`;
const NO_ROLE = { throttleSettings: { burstLimit: 5000, rateLimit: 10000 } };
const errorLogging = stage({ methodSettings: { '*/*': { loggingLevel: 'ERROR' } } });
const logGroup = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/apigateway/access`;

testCheck(check, [
  {
    name: 'stages log and the role is set: pass',
    inventory: inventory({ regions: [region({ restApis: [restApi({ stages: [errorLogging] })] })] }),
    expect: [
      {
        status: 'PASS',
        messageId: 'role-set',
        resource: '123456789012/eu-west-1',
        evidence: { cloudwatchRoleArn: ROLE, loggingStages: ['api-a1b2c3d4e5/prod (execution logs)'] },
      },
    ],
  },
  {
    name: 'stages log but no role is set: fail',
    inventory: inventory({ regions: [region({ account: NO_ROLE, restApis: [restApi({ stages: [errorLogging] })] })] }),
    expect: [{ status: 'FAIL', messageId: 'no-role', evidence: { loggingStageCount: 1 } }],
  },
  {
    name: 'a per-method override asking for INFO counts, as do CloudWatch access logs',
    inventory: inventory({
      regions: [
        region({
          account: { cloudwatchRoleArn: '' },
          restApis: [
            restApi({
              stages: [
                stage({ stageName: 'dev', methodSettings: { '*/*': { loggingLevel: 'OFF' }, '~1pets/GET': { loggingLevel: 'info' } } }),
                stage({ stageName: 'prod', accessLogSettings: { destinationArn: logGroup, format: '$context.requestId' } }),
              ],
            }),
          ],
        }),
      ],
    }),
    expect: [
      {
        status: 'FAIL',
        evidence: { loggingStages: ['api-a1b2c3d4e5/dev (execution logs)', 'api-a1b2c3d4e5/prod (access logs)'] },
      },
    ],
  },
  {
    name: 'WebSocket stages with a logging level count; HTTP API stages and Firehose access logs do not',
    inventory: inventory({
      regions: [
        region({
          account: NO_ROLE,
          restApis: [
            restApi({
              stages: [stage({ accessLogSettings: { destinationArn: `arn:aws:firehose:eu-west-1:${ACCOUNT}:deliverystream/amazon-apigateway-logs` } })],
            }),
          ],
          v2Apis: [
            v2Api({ stages: [v2Stage({ DefaultRouteSettings: { LoggingLevel: 'INFO' }, AccessLogSettings: { DestinationArn: logGroup } })] }),
            v2Api({ ApiId: 'w5s6k7t8u9', ProtocolType: 'WEBSOCKET', stages: [v2Stage({ StageName: 'prod', RouteSettings: { $connect: { LoggingLevel: 'ERROR' } } })] }),
          ],
        }),
      ],
    }),
    expect: [{ status: 'FAIL', evidence: { loggingStages: ['ws-w5s6k7t8u9/prod (execution logs)'] } }],
  },
  {
    name: 'no stage asks for logs: not applicable, role or not',
    inventory: inventory({
      regions: [region({ account: NO_ROLE, restApis: [restApi()] }), region({ region: 'us-east-1' })],
    }),
    expect: [
      { status: 'NOT_APPLICABLE', messageId: 'no-logging', resource: '123456789012/eu-west-1' },
      { status: 'NOT_APPLICABLE', messageId: 'no-logging', resource: '123456789012/us-east-1' },
    ],
  },
  {
    name: 'GetAccount denied is ERROR when stages log',
    inventory: inventory({ regions: [region({ account: failed('GetAccount'), restApis: [restApi({ stages: [errorLogging] })] })] }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'stages not collected and no role: ERROR (they may ask for logs)',
    inventory: inventory({ regions: [region({ account: NO_ROLE, restApis: [restApi({ stages: failed('GetStages') })] })] }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'stages not collected but the role is set: pass',
    inventory: inventory({ regions: [region({ restApis: failed('GetRestApis') })] }),
    expect: [{ status: 'PASS', messageId: 'role-set', evidence: { loggingStageCount: 0 } }],
  },
]);

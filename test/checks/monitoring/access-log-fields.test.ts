import check from '../../../checks/monitoring/access-log-fields.js';
import type { Stage } from '../../../src/inventory/schema.js';
import { ACCOUNT, failed, inventory, region, restApi, stage, v2Api, v2Stage } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const DESTINATION = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/apigateway/access`;
const logged = (format: string, overrides: Partial<Stage> = {}) => stage({ accessLogSettings: { destinationArn: DESTINATION, format }, ...overrides });
const inv = (...stages: Stage[]) => inventory({ regions: [region({ restApis: [restApi({ stages })] })] });
const FULL = '{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","caller":"$context.identity.caller","status":"$context.status"}';

testCheck(check, [
  {
    name: 'request id, source IP, caller and status pass',
    inventory: inv(logged(FULL)),
    expect: [{ status: 'PASS', messageId: 'complete', resource: 'api-a1b2c3d4e5/prod' }],
  },
  {
    name: 'any one caller variable will do: a Lambda authorizer principal, or a Cognito/JWT claim on an HTTP API',
    inventory: inventory({
      regions: [
        region({
          restApis: [restApi({ stages: [logged('$context.extendedRequestId $context.identity.sourceIp $context.authorizer.principalId $context.status')] })],
          v2Apis: [v2Api({ stages: [v2Stage({ AccessLogSettings: { DestinationArn: DESTINATION, Format: '$context.requestId $context.identity.sourceIp $context.authorizer.claims.sub $context.status' } })] })],
        }),
      ],
    }),
    expect: [{ status: 'PASS' }, { status: 'PASS', resource: 'http-h1t2p3a4p5/$default' }],
  },
  {
    name: 'a format lacking the caller and the source IP fails, naming them',
    inventory: inv(logged('$context.requestId $context.httpMethod $context.resourcePath $context.status')),
    expect: [{ status: 'FAIL', messageId: 'missing-fields', evidence: { missing: ['source IP', 'caller'] } }],
  },
  {
    name: 'longer names that only start like a needed variable do not count ($context.statusX is not $context.status, $context.authorize.status is another status)',
    inventory: inv(logged('$context.requestId $context.identity.sourceIp $context.identity.userAgent $context.authorize.status $context.identity.callerX')),
    expect: [{ status: 'FAIL', evidence: { missing: ['caller', 'status'] } }],
  },
  {
    name: 'stages without access logs are not applicable; stages not collected are ERROR',
    inventory: inventory({ regions: [region({ restApis: [restApi({ stages: [stage({})] }), restApi({ id: 'b2c3d4e5f6', name: 'api-b', stages: failed('GetStages') })] })] }),
    expect: [
      { status: 'ERROR', messageId: 'collection-gap', resource: 'api-b' },
      { status: 'NOT_APPLICABLE', messageId: 'no-access-logs' },
    ],
  },
]);

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import check from '../../../checks/v2/v2-stage-variables-secrets.js';
import { failed, v2Api, v2Stage, withV2Apis } from '../../fixtures/builders.js';
import { evaluate, testCheck } from '../tester.js';

// Made-up credentials of the right shapes; none is real.
const PARTNER_TOKEN = 'pt_live_8f3b2a9c7d6e5f4a3b2c1d0e';
const ACCESS_KEY_ID = 'AKIAZ7Q3MX5LN2PR4TUV';
const DB_PASSWORD = 'Tr0ub4dor&3';

const leaky = withV2Apis(
  v2Api({ stages: [v2Stage({ StageVariables: { backendHost: 'orders.internal.example.com', partnerToken: PARTNER_TOKEN, dbPassword: DB_PASSWORD } })] }),
);

testCheck(check, [
  {
    name: 'ordinary configuration values pass',
    inventory: withV2Apis(
      v2Api({ stages: [v2Stage({ StageVariables: { backendHost: 'orders.internal.example.com', lambdaAlias: 'live', tokenTtl: '300' } })] }),
    ),
    expect: [{ status: 'PASS', messageId: 'no-secrets', resource: 'http-h1t2p3a4p5/$default', evidence: { variableCount: 3, protocol: 'HTTP' } }],
  },
  {
    name: 'secrets in HTTP API stage variables fail, masked',
    inventory: leaky,
    expect: [
      {
        status: 'FAIL',
        messageId: 'secrets',
        evidence: {
          secretCount: 2,
          secretVariables: ['dbPassword', 'partnerToken'],
          secrets: [
            'dbPassword = Tr…(11 chars) (secret-like name)',
            'partnerToken = pt_l…(32 chars) (vendor live key, high entropy (4.4 bits/char), secret-like name)',
          ],
        },
      },
    ],
  },
  {
    name: 'WebSocket stages are judged too, a variable named __proto__ included',
    inventory: withV2Apis(
      v2Api({
        ApiId: 'w1s2o3c4k5',
        ProtocolType: 'WEBSOCKET',
        stages: [v2Stage({ StageName: 'prod', StageVariables: JSON.parse(`{"__proto__":"${ACCESS_KEY_ID}","region":"eu-west-1"}`) as Record<string, string> })],
      }),
    ),
    expect: [
      {
        status: 'FAIL',
        resource: 'ws-w1s2o3c4k5/prod',
        evidence: { protocol: 'WEBSOCKET', variables: ['__proto__', 'region'], secretVariables: ['__proto__'] },
      },
    ],
  },
  {
    name: 'a stage without variables is not applicable',
    inventory: withV2Apis(v2Api({ stages: [v2Stage({}), v2Stage({ StageName: 'dev', StageVariables: {} })] })),
    expect: [
      { status: 'NOT_APPLICABLE', messageId: 'no-variables', resource: 'http-h1t2p3a4p5/$default' },
      { status: 'NOT_APPLICABLE', messageId: 'no-variables', resource: 'http-h1t2p3a4p5/dev' },
    ],
  },
  {
    name: 'GetStages denied is ERROR on the API',
    inventory: withV2Apis(v2Api({ stages: failed('GetStages') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'http-h1t2p3a4p5' }],
  },
]);

describe('check v2-stage-variables-secrets', () => {
  it('never puts a secret value in its result, evidence or message', () => {
    const text = JSON.stringify(evaluate(check, leaky));
    for (const secret of [PARTNER_TOKEN, DB_PASSWORD]) assert.ok(!text.includes(secret), `${secret.slice(0, 4)}… appears in the result`);
  });
});

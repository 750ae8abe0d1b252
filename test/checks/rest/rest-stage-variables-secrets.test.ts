import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import check from '../../../checks/rest/rest-stage-variables-secrets.js';
import { failed, restApi, stage, withRestApis } from '../../fixtures/builders.js';
import { evaluate, testCheck } from '../tester.js';

// Made-up credentials of the right shapes; none is real.
const PARTNER_TOKEN = 'pt_live_8f3b2a9c7d6e5f4a3b2c1d0e';
const ACCESS_KEY_ID = 'AKIAZ7Q3MX5LN2PR4TUV';
const SECRET_ACCESS_KEY = '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';
const DB_PASSWORD = 'Tr0ub4dor&3';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwYXJ0bmVyLTQyIn0.Zm9vYmFyYmF6cXV4cXV1eA';

const leaky = withRestApis(
  restApi({
    stages: [
      stage({
        variables: {
          backendHost: 'prices.internal.example.com',
          partnerToken: PARTNER_TOKEN,
          awsKeyId: ACCESS_KEY_ID,
          signingMaterial: SECRET_ACCESS_KEY,
          dbPassword: DB_PASSWORD,
          upstreamAuth: JWT,
          lambdaAlias: 'live',
        },
      }),
    ],
  }),
);

testCheck(check, [
  {
    name: 'ordinary configuration values pass',
    inventory: withRestApis(
      restApi({
        stages: [
          stage({
            variables: {
              backendHost: 'prices.internal.example.com',
              backendUrl: 'https://prices.example.com/v2',
              lambdaAlias: 'live',
              functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:price-feed',
              dbSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf',
              tokenTtl: '300',
              requestId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
              vpcLinkId: 'abc123',
              tableName: 'OrdersTableProd2024',
            },
          }),
        ],
      }),
    ),
    expect: [{ status: 'PASS', messageId: 'no-secrets', resource: 'api-a1b2c3d4e5/prod', evidence: { variableCount: 9 } }],
  },
  {
    name: 'token formats, random values and secret-like names fail, masked',
    inventory: leaky,
    expect: [
      {
        status: 'FAIL',
        messageId: 'secrets',
        evidence: {
          secretCount: 5,
          secretVariables: ['awsKeyId', 'dbPassword', 'partnerToken', 'signingMaterial', 'upstreamAuth'],
          secrets: [
            'awsKeyId = AKIA…(20 chars) (AWS access key id, high entropy (4.2 bits/char))',
            'dbPassword = Tr…(11 chars) (secret-like name)',
            'partnerToken = pt_l…(32 chars) (vendor live key, high entropy (4.4 bits/char), secret-like name)',
            'signingMaterial = q8Vd…(40 chars) (high entropy (5.2 bits/char))',
            'upstreamAuth = eyJh…(71 chars) (JWT, high entropy (4.8 bits/char))',
          ],
        },
      },
    ],
  },
  {
    name: 'a canary is judged like its stage: secrets in its stage-variable overrides fail',
    inventory: withRestApis(
      restApi({
        stages: [
          stage({
            variables: { backendHost: 'prices.internal.example.com' },
            canarySettings: { percentTraffic: 10, deploymentId: 'dep2', stageVariableOverrides: { partnerToken: PARTNER_TOKEN, backendHost: 'canary.internal.example.com' } },
          }),
          stage({ stageName: 'canary-only', canarySettings: { percentTraffic: 5, stageVariableOverrides: { dbPassword: DB_PASSWORD } } }),
        ],
      }),
    ),
    expect: [
      {
        status: 'FAIL',
        messageId: 'secrets',
        resource: 'api-a1b2c3d4e5/prod',
        evidence: {
          variableCount: 3,
          variables: ['backendHost'],
          canaryOverrides: ['backendHost', 'partnerToken'],
          secretCount: 1,
          secretVariables: [],
          canarySecretVariables: ['partnerToken'],
          secrets: ['canary override partnerToken = pt_l…(32 chars) (vendor live key, high entropy (4.4 bits/char), secret-like name)'],
        },
      },
      { status: 'FAIL', messageId: 'secrets', resource: 'api-a1b2c3d4e5/canary-only', evidence: { canarySecretVariables: ['dbPassword'], variableCount: 1 } },
    ],
  },
  {
    name: 'plain canary overrides pass',
    inventory: withRestApis(restApi({ stages: [stage({ canarySettings: { percentTraffic: 10, stageVariableOverrides: { lambdaAlias: 'canary' } } })] })),
    expect: [{ status: 'PASS', messageId: 'no-secrets', evidence: { variableCount: 1, canaryOverrides: ['lambdaAlias'] } }],
  },
  {
    name: 'a variable named __proto__ is scanned like any other',
    inventory: withRestApis(restApi({ stages: [stage({ variables: JSON.parse(`{"__proto__":"${ACCESS_KEY_ID}","lambdaAlias":"live"}`) as Record<string, string> })] })),
    expect: [{ status: 'FAIL', messageId: 'secrets', evidence: { variableCount: 2, variables: ['__proto__', 'lambdaAlias'], secretVariables: ['__proto__'] } }],
  },
  {
    name: 'a stage without variables is not applicable',
    inventory: withRestApis(restApi({ stages: [stage({}), stage({ stageName: 'dev', variables: {} })] })),
    expect: [
      { status: 'NOT_APPLICABLE', messageId: 'no-variables', resource: 'api-a1b2c3d4e5/prod' },
      { status: 'NOT_APPLICABLE', messageId: 'no-variables', resource: 'api-a1b2c3d4e5/dev' },
    ],
  },
  {
    name: 'GetStages denied is ERROR on the API',
    inventory: withRestApis(restApi({ stages: failed('GetStages') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'api-a1b2c3d4e5' }],
  },
]);

describe('check rest-stage-variables-secrets', () => {
  it('never puts a secret value in its result, evidence or message', () => {
    const text = JSON.stringify(evaluate(check, leaky));
    for (const secret of [PARTNER_TOKEN, ACCESS_KEY_ID, SECRET_ACCESS_KEY, DB_PASSWORD, JWT]) {
      assert.ok(!text.includes(secret), `${secret.slice(0, 4)}… appears in the result`);
    }
    // Not even a long prefix: masking shows at most four characters.
    assert.ok(!text.includes(PARTNER_TOKEN.slice(0, 8)));
  });
});

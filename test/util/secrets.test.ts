import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  classSwitchRatio,
  describeFinding,
  findSecret,
  findSecrets,
  highEntropy,
  isSecretName,
  maskValue,
  nonSecretShape,
  shannonEntropy,
  tokenFormats,
} from '../../src/util/secrets.js';
import { parseInventory } from '../../src/inventory/io.js';
import { inventory, region, restApi, stage, v2Api, v2Stage } from '../fixtures/builders.js';

// Made-up credentials of the right shapes; none is real.
const AWS_KEY_ID = 'AKIAZ7Q3MX5LN2PR4TUV';
const GITHUB = 'ghp_' + 'x9K2mQ7vR4tY8wZ3nB6cF1pL5sD0gH2jA7eU';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwYXJ0bmVyLTQyIn0.Zm9vYmFyYmF6cXV4cXV1eA';
const RANDOM_62 = 'Xk9mQ2pL7vR4tY8wZ3nB6cF1';

describe('maskValue', () => {
  it('shows at most four leading characters and the length', () => {
    assert.equal(maskValue('pt_live_8f3b2a9c7d6e5f4a3b2c1d0e'), 'pt_l…(32 chars)');
    assert.equal(maskValue(AWS_KEY_ID), 'AKIA…(20 chars)');
  });

  it('reveals less of short values', () => {
    assert.equal(maskValue('hunter22'), 'hu…(8 chars)');
    assert.equal(maskValue('abc'), '…(3 chars)');
  });
});

describe('shannonEntropy', () => {
  it('is 0 for one repeated character and log2(n) for n distinct ones', () => {
    assert.equal(shannonEntropy('aaaa'), 0);
    assert.equal(shannonEntropy('abcd'), 2);
    assert.equal(shannonEntropy(''), 0);
  });
});

describe('tokenFormats', () => {
  const cases: Array<[string, string]> = [
    [AWS_KEY_ID, 'AWS access key id'],
    ['ASIAZ7Q3MX5LN2PR4TUV', 'AWS access key id'],
    [GITHUB, 'GitHub token'],
    ['github_pat_11ABCDEFG0123456789_abcdefghijklmnop', 'GitHub token'],
    ['xoxb-1234567890-abcdefghijkl', 'Slack token'],
    ['sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'Stripe secret key'],
    ['rk_live_51Hq2bCdEfGh34IjKlMn', 'Stripe secret key'],
    ['whsec_Mz1Nq8Xy3Vb6Cd9Fg2Hj5K', 'Stripe webhook secret'],
    ['pt_live_8f3b2a9c7d6e5f4a3b2c1d0e', 'vendor live key'],
    ['AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q', 'Google API key'],
    [JWT, 'JWT'],
    ['-----BEGIN RSA PRIVATE KEY-----', 'private key'],
    ['Bearer abcdef0123456789xyz', 'bearer token'],
    ['https://svc:s3cr3tPa55@backend.example.com/api', 'credentials in URL'],
    ['https://backend.example.com/api?api_key=abc123def456', 'credential in URL query'],
    ['https://hooks.slack.com/services/T0000000/B0000000/XXXXXXXXXXXXXXXXXXXXXXXX', 'Slack webhook URL'],
  ];
  for (const [value, format] of cases) {
    it(`${format}: ${maskValue(value)}`, () => assert.ok(tokenFormats(value).includes(format), tokenFormats(value).join(', ')));
  }

  it('matches none in ordinary values', () => {
    for (const value of ['prices.internal.example.com', 'https://api.example.com/v1?region=eu', 'pk_live_is_publishable', 'live', 'AKIA-not-a-key']) {
      assert.deepEqual(tokenFormats(value), [], value);
    }
  });
});

describe('nonSecretShape', () => {
  const cases: Array<[string, string | undefined]> = [
    ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf', 'ARN'],
    ['https://api.example.com/v1/items?region=eu', 'URL without credentials'],
    ['prices.internal.example.com', 'hostname'],
    ['backend.example.com:8443', 'hostname'],
    ['10.0.12.7', 'IP address'],
    ['/v1/prices/{sku}', 'path'],
    ['3f2504e0-4f89-41d3-9a0c-0305e82c3301', 'UUID'],
    ['vpce-0a1b2c3d4e5f67890', 'AWS resource id'],
    ['300', 'number'],
    ['2026-11-01', 'date'],
    ['v2.3.1', 'version'],
    ['TRUE', 'keyword'],
    ['https://user:pass@backend.example.com/', undefined],
    ['https://backend.example.com/x?token=abc', undefined],
    [RANDOM_62, undefined],
  ];
  for (const [value, shape] of cases) {
    it(`${value} → ${shape ?? 'no shape'}`, () => assert.equal(nonSecretShape(value), shape));
  }
});

describe('isSecretName', () => {
  it('recognises credential names in camel, snake and upper case', () => {
    for (const name of ['dbPassword', 'DB_PASSWD', 'pwd', 'partnerToken', 'API_KEY', 'apiKey', 'api-key', 'clientSecret', 'awsCredentials', 'dbCreds', 'privateKey', 'signingKey', 'authToken']) {
      assert.ok(isSecretName(name), name);
    }
  });

  it('does not take references to secrets, or unrelated words, for secrets', () => {
    for (const name of ['secretArn', 'SECRET_NAME', 'tokenUrl', 'apiKeyId', 'passThrough', 'credit', 'backendHost', 'tokenTtl', 'privateSubnetId']) {
      assert.ok(!isSecretName(name), name);
    }
  });
});

describe('highEntropy', () => {
  it('flags random keys of 20+ characters', () => {
    assert.ok(highEntropy(RANDOM_62) !== undefined);
    assert.ok(highEntropy('wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ9m2Lx') !== undefined);
    assert.ok(highEntropy('8f3b2a9c7d6e5f4a3b2c1d0e') !== undefined, 'hex');
  });

  it('ignores short values, words, identifiers and shaped values', () => {
    for (const value of [
      'Xk9mQ2pL7vR4tY8w',
      'orders-service-production-blue',
      'LambdaFunctionAlias2024',
      'my-function-name-prod-v2',
      'customer-orders-v2-eu-west-1',
      'arn:aws:lambda:eu-west-1:123456789012:function:price-feed',
      '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
      'vpce-0a1b2c3d4e5f67890',
      'abcdefghijklmnopqrstuvwxyz',
      '12345678901234567890',
    ]) {
      assert.equal(highEntropy(value), undefined, value);
    }
  });

  it('reads word-like identifiers by their low class-switch ratio', () => {
    assert.ok(classSwitchRatio('LambdaFunctionAlias2024') < 0.4);
    assert.ok(classSwitchRatio(RANDOM_62) > 0.4);
  });
});

describe('findSecret', () => {
  it('reports every reason that fires, with a masked value', () => {
    assert.deepEqual(findSecret('partnerToken', 'pt_live_8f3b2a9c7d6e5f4a3b2c1d0e'), {
      name: 'partnerToken',
      masked: 'pt_l…(32 chars)',
      reasons: ['vendor live key', 'high entropy (4.4 bits/char)', 'secret-like name'],
    });
  });

  it('reports a short password by its name alone', () => {
    assert.deepEqual(findSecret('dbPassword', 'hunter22')?.reasons, ['secret-like name']);
  });

  it('does not report references, settings and placeholders under secret-like names', () => {
    for (const [name, value] of [
      ['dbPassword', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf'],
      ['tokenEndpoint', 'https://auth.example.com/oauth2/token'],
      ['tokenValidation', 'strict'],
      ['privateLink', 'true'],
      ['apiSecret', '${API_SECRET}'],
      ['passwd', 'abc'],
    ] as const) {
      assert.equal(findSecret(name, value), undefined, `${name}=${value}`);
    }
  });

  it('reports formats and entropy whatever the name', () => {
    assert.deepEqual(findSecret('backend', AWS_KEY_ID)?.reasons, ['AWS access key id', 'high entropy (4.2 bits/char)']);
    assert.deepEqual(findSecret('x', RANDOM_62)?.reasons, ['high entropy (4.6 bits/char)']);
  });
});

describe('findSecrets and describeFinding', () => {
  it('returns findings sorted by name and never the raw value', () => {
    const findings = findSecrets({ zToken: JWT, backendHost: 'prices.example.com', apiKey: GITHUB });
    assert.deepEqual(findings.map((f) => f.name), ['apiKey', 'zToken']);
    const text = JSON.stringify(findings.map(describeFinding));
    assert.ok(!text.includes(JWT) && !text.includes(GITHUB));
    assert.equal(describeFinding(findings[0]!), 'apiKey = ghp_…(40 chars) (GitHub token, high entropy (5.1 bits/char), secret-like name)');
  });
});

describe('stage variables named __proto__', () => {
  // A legal stage-variable name; a plain object built by assignment would lose it.
  const variables = JSON.parse(`{"__proto__":"${AWS_KEY_ID}","constructor":"${GITHUB}","host":"api.example.com"}`) as Record<string, string>;

  it('findSecrets judges them like any other name', () => {
    assert.deepEqual(findSecrets(variables).map((f) => f.name), ['__proto__', 'constructor']);
  });

  it('survive reading a snapshot: REST variables, canary overrides and HTTP/WebSocket StageVariables', () => {
    const snapshot = inventory({
      regions: [
        region({
          restApis: [restApi({ stages: [stage({ variables, canarySettings: { percentTraffic: 10, stageVariableOverrides: variables } })] })],
          v2Apis: [v2Api({ stages: [v2Stage({ StageVariables: variables })] })],
        }),
      ],
    });
    const parsed = parseInventory(JSON.parse(JSON.stringify(snapshot)), 'test');
    const region0 = parsed.regions[0]!;
    const restStage = region0.apigateway.restApis.ok ? region0.apigateway.restApis.value[0]!.stages : undefined;
    const v2Stages = region0.apigatewayv2.apis.ok ? region0.apigatewayv2.apis.value[0]!.stages : undefined;
    assert.ok(restStage?.ok && v2Stages?.ok);
    for (const kept of [restStage.value[0]!.variables!, restStage.value[0]!.canarySettings!.stageVariableOverrides!, v2Stages.value[0]!.StageVariables!]) {
      assert.ok(Object.hasOwn(kept, '__proto__'));
      assert.deepEqual(Object.keys(kept).sort(), ['__proto__', 'constructor', 'host']);
      assert.equal(Object.getPrototypeOf(kept), Object.prototype);
      assert.deepEqual(findSecrets(kept).map((f) => f.name), ['__proto__', 'constructor']);
    }
  });

  it('a snapshot with a non-string stage variable is still refused', () => {
    const snapshot = inventory({ regions: [region({ restApis: [restApi({ stages: [stage({ variables: { n: 1 as unknown as string } })] })] })] });
    assert.throws(() => parseInventory(JSON.parse(JSON.stringify(snapshot)), 'test'));
  });
});

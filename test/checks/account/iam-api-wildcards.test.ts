import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import check from '../../../checks/account/iam-api-wildcards.js';
import type { IamPolicy } from '../../../src/inventory/schema.js';
import { ACCOUNT, failed, iamPolicy, inventory, shared } from '../../fixtures/builders.js';
import { evaluate, testCheck } from '../tester.js';

const API = `arn:aws:execute-api:eu-west-1:${ACCOUNT}:a1b2c3d4e5`;

function doc(...Statement: object[]): object {
  return { Version: '2012-10-17', Statement };
}

function inv(...policies: IamPolicy[]) {
  return inventory({ shared: shared({ iamPolicies: policies }) });
}

const allow = (Action: unknown, Resource: unknown = '*', extra: object = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });

testCheck(check, [
  {
    name: 'Invoke on named APIs and stages passes',
    inventory: inv(iamPolicy(doc(allow('execute-api:Invoke', [`${API}/prod/GET/*`, `${API}/prod/POST/orders`])))),
    expect: [{ status: 'PASS', messageId: 'scoped', resource: 'api-callers', evidence: { wildcards: [], apiStatements: ['Statement[0]'] } }],
  },
  {
    name: 'execute-api:* on * fails (high)',
    inventory: inv(iamPolicy(doc({ Sid: 'CallEverything', ...allow('execute-api:*') }))),
    expect: [
      {
        status: 'FAIL',
        messageId: 'service-wildcard',
        evidence: { wildcards: ['execute-api:*'], statements: ['CallEverything (Statement[0])'] },
      },
    ],
  },
  {
    name: '* on * fails as critical administrator access, inline policies included',
    inventory: inv(
      iamPolicy(doc(allow('*')), { kind: 'role', name: 'admin-inline', arn: `arn:aws:iam::${ACCOUNT}:role/ops` }),
      iamPolicy(doc(allow('*:*', ['*'])), { name: 'star-star' }),
    ),
    expect: [
      {
        status: 'FAIL',
        messageId: 'admin',
        resource: 'ops/admin-inline (inline)',
        evidence: { kind: 'role', statements: ['Statement[0]'], wildcards: ['execute-api:*', 'apigateway:*'] },
      },
      { status: 'FAIL', messageId: 'admin' },
    ],
  },
  {
    name: 'apigateway:* on an ARN pattern reaching every API Gateway resource fails',
    inventory: inv(iamPolicy(doc(allow(['apigateway:*'], 'arn:aws:apigateway:*::/*')))),
    expect: [{ status: 'FAIL', messageId: 'service-wildcard', evidence: { wildcards: ['apigateway:*'] } }],
  },
  {
    name: 'patterns matching every action count; a prefix matching some actions does not',
    inventory: inv(
      iamPolicy(doc(allow('Execute-API:*n*'))),
      iamPolicy(doc(allow('execute-api:I*'))),
      iamPolicy(doc(allow(['execute-api:Invoke', 'execute-api:InvalidateCache', 'execute-api:ManageConnections']))),
    ),
    expect: [
      { status: 'FAIL', evidence: { wildcards: ['execute-api:*'] } },
      { status: 'PASS', messageId: 'scoped' },
      { status: 'FAIL', evidence: { wildcards: ['execute-api:*'] } },
    ],
  },
  {
    name: 'NotAction grants the rest: sparing IAM is not admin but grants both API services; sparing only execute-api still grants IAM, so admin',
    inventory: inv(
      iamPolicy(doc({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' })),
      iamPolicy(doc({ Effect: 'Allow', NotAction: 'execute-api:*', Resource: '*' })),
    ),
    expect: [
      { status: 'FAIL', messageId: 'service-wildcard', evidence: { wildcards: ['execute-api:*', 'apigateway:*'] } },
      { status: 'FAIL', messageId: 'admin', evidence: { wildcards: ['apigateway:*'] } },
    ],
  },
  {
    name: 'an unconditional Deny in the same policy takes the grant back; a conditional one does not',
    inventory: inv(
      iamPolicy(doc(allow('execute-api:*'), { Sid: 'NoWebSocketPosts', Effect: 'Deny', Action: 'execute-api:ManageConnections', Resource: '*' })),
      iamPolicy(
        doc(allow('execute-api:*'), {
          Effect: 'Deny',
          Action: 'execute-api:*',
          Resource: '*',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
        }),
      ),
      iamPolicy(doc(allow('*'), { Effect: 'Deny', Action: 'iam:*', Resource: '*' })),
    ),
    expect: [
      { status: 'PASS', messageId: 'scoped', evidence: { neutralised: ['execute-api:* taken back by NoWebSocketPosts (Statement[1])'] } },
      { status: 'FAIL', messageId: 'service-wildcard' },
      { status: 'FAIL', messageId: 'service-wildcard', evidence: { neutralised: ['* taken back by Statement[1]'] } },
    ],
  },
  {
    name: 'a Deny on some APIs only does not take a grant on every resource back',
    inventory: inv(iamPolicy(doc(allow('execute-api:*'), { Effect: 'Deny', Action: '*', Resource: `${API}/*` }))),
    expect: [{ status: 'FAIL', messageId: 'service-wildcard' }],
  },
  {
    name: 'NotResource excluding something else still reaches every API',
    inventory: inv(iamPolicy(doc({ Effect: 'Allow', Action: 'execute-api:*', NotResource: 'arn:aws:s3:::secrets/*' }))),
    expect: [{ status: 'FAIL', messageId: 'service-wildcard' }],
  },
  {
    name: 'policies granting nothing API-related pass; service wildcards of other services are not this check\'s business',
    inventory: inv(iamPolicy(doc(allow('s3:*'), allow('dynamodb:GetItem', 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders')))),
    expect: [{ status: 'PASS', messageId: 'no-api-grants', evidence: { apiStatements: [] } }],
  },
  {
    name: 'the escaped and URL-encoded forms parse',
    inventory: inv(
      iamPolicy(JSON.stringify(doc(allow('execute-api:*'))).replace(/"/g, '\\"')),
      iamPolicy(encodeURIComponent(JSON.stringify(doc(allow('apigateway:GET', `arn:aws:apigateway:eu-west-1::/restapis/*`))))),
    ),
    expect: [
      { status: 'FAIL', messageId: 'service-wildcard' },
      { status: 'PASS', messageId: 'scoped' },
    ],
  },
  {
    name: 'malformed documents are ERROR (invalid data)',
    inventory: inv(
      iamPolicy('{"Version": "2012-10-17", "Statement": ['),
      iamPolicy(doc({ Effect: 'Allow', Action: 'execute-api:*' })),
      iamPolicy(doc({ Effect: 'Permit', Action: '*', Resource: '*' })),
    ),
    expect: [
      { status: 'ERROR', messageId: 'invalid-data' },
      { status: 'ERROR', messageId: 'invalid-data' },
      { status: 'ERROR', messageId: 'invalid-data' },
    ],
  },
  {
    name: 'GetAccountAuthorizationDetails denied is ERROR',
    inventory: inventory({ shared: shared({ iamPolicies: failed('GetAccountAuthorizationDetails') }) }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: ACCOUNT }],
  },
]);

describe('check iam-api-wildcards severity', () => {
  it('raises administrator access to critical and keeps service wildcards high', () => {
    const [admin, wildcard] = evaluate(check, inv(iamPolicy(doc(allow('*'))), iamPolicy(doc(allow('apigateway:*')))));
    assert.equal(admin!.severity, 'critical');
    assert.equal(wildcard!.severity, 'high');
  });
});

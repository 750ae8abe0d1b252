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
const deny = (Action: unknown, Resource: unknown = '*', extra: object = {}) => ({ Effect: 'Deny', Action, Resource, ...extra });

const AWS_POLICY = 'arn:aws:iam::aws:policy';
/** An attached AWS-managed policy, as the collector stores it. */
const awsManaged = (name: string, document: object, attachedTo: string[] = ['role/ops']): IamPolicy =>
  iamPolicy(document, { name, arn: `${AWS_POLICY}/${name}`, attachmentCount: attachedTo.length, attachedTo });

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
        evidence: { kind: 'role', statements: ['Statement[0]'], wildcards: ['execute-api:*', 'apigateway:*'], attachedTo: ['role/ops'] },
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
    name: 'patterns matching every action count; a prefix matching Invoke is a broad grant of Invoke',
    inventory: inv(
      iamPolicy(doc(allow('Execute-API:*n*'))),
      iamPolicy(doc(allow('execute-api:I*'))),
      iamPolicy(doc(allow(['execute-api:Invoke', 'execute-api:InvalidateCache', 'execute-api:ManageConnections']))),
    ),
    expect: [
      { status: 'FAIL', evidence: { wildcards: ['execute-api:*'] } },
      { status: 'FAIL', messageId: 'broad-grant', evidence: { wildcards: [], grants: ['execute-api:Invoke on every API'] } },
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
    name: 'an unconditional Deny in the same policy takes back what it covers, and only that; a conditional one takes nothing back',
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
      {
        status: 'FAIL',
        messageId: 'broad-grant',
        evidence: {
          grants: ['execute-api:Invoke on every API'],
          neutralised: [
            'execute-api:* taken back by NoWebSocketPosts (Statement[1])',
            'execute-api:ManageConnections on every API taken back by NoWebSocketPosts (Statement[1])',
          ],
        },
      },
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
    name: 'execute-api:Invoke on every API fails however the action and the resource are spelt',
    inventory: inv(
      iamPolicy(doc(allow('execute-api:Invoke'))),
      iamPolicy(doc(allow('execute-api:Inv*', 'arn:aws:execute-api:*:*:*'))),
      iamPolicy(doc(allow('execute-api:invoke', ['arn:aws:execute-api:*:*:*/*/*/*']))),
      iamPolicy(doc(allow('execute-api:Invoke', `arn:aws:execute-api:eu-west-1:${ACCOUNT}:*`))),
    ),
    expect: [
      { status: 'FAIL', messageId: 'broad-grant', evidence: { grants: ['execute-api:Invoke on every API'], statements: ['Statement[0]'] } },
      { status: 'FAIL', messageId: 'broad-grant', evidence: { grants: ['execute-api:Invoke on every API'] } },
      { status: 'FAIL', messageId: 'broad-grant', evidence: { grants: ['execute-api:Invoke on every API'] } },
      { status: 'FAIL', messageId: 'broad-grant', evidence: { grants: ['execute-api:Invoke on every API in eu-west-1'] } },
    ],
  },
  {
    name: 'Invoke pinned to a stage and verb, or to another account, is scoped',
    inventory: inv(
      iamPolicy(doc(allow('execute-api:Invoke', 'arn:aws:execute-api:*:*:*/prod/GET/*'))),
      iamPolicy(doc(allow('execute-api:*', 'arn:aws:execute-api:*:999999999999:*'))),
      iamPolicy(doc(allow('execute-api:Invoke', 'arn:aws:execute-api:us-west-2:*:*'))),
    ),
    expect: [
      { status: 'PASS', messageId: 'scoped' },
      { status: 'PASS', messageId: 'scoped' },
      { status: 'FAIL', messageId: 'broad-grant', evidence: { grants: ['execute-api:Invoke on every API in us-west-2'] } },
    ],
  },
  {
    name: 'API Gateway write verbs on every REST or HTTP/WebSocket API fail; reads and writes on one API do not',
    inventory: inv(
      iamPolicy(doc(allow('apigateway:*', 'arn:aws:apigateway:*::/restapis/*'))),
      iamPolicy(doc(allow(['apigateway:DELETE'], 'arn:aws:apigateway:eu-west-1::/*'))),
      iamPolicy(doc(allow('apigateway:PATCH', '*'))),
      iamPolicy(doc(allow('apigateway:GET', '*'))),
      iamPolicy(doc(allow(['apigateway:POST', 'apigateway:PATCH'], ['arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5', 'arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/*']))),
    ),
    expect: [
      {
        status: 'FAIL',
        messageId: 'broad-grant',
        evidence: {
          grants: [
            'apigateway:POST on every REST API',
            'apigateway:PUT on every REST API',
            'apigateway:PATCH on every REST API',
            'apigateway:DELETE on every REST API',
          ],
        },
      },
      {
        status: 'FAIL',
        messageId: 'broad-grant',
        evidence: { grants: ['apigateway:DELETE on every REST API in eu-west-1', 'apigateway:DELETE on every HTTP and WebSocket API in eu-west-1'] },
      },
      {
        status: 'FAIL',
        messageId: 'broad-grant',
        evidence: { grants: ['apigateway:PATCH on every REST API', 'apigateway:PATCH on every HTTP and WebSocket API'] },
      },
      { status: 'PASS', messageId: 'scoped' },
      { status: 'PASS', messageId: 'scoped' },
    ],
  },
  {
    name: 'an Allow with NotAction grants what it does not name, on the resources it names',
    inventory: inv(
      iamPolicy(doc({ Effect: 'Allow', NotAction: 'apigateway:GET', Resource: 'arn:aws:apigateway:*::/restapis/*' })),
      iamPolicy(doc({ Effect: 'Allow', NotAction: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:*' })),
      iamPolicy(doc({ Effect: 'Allow', NotAction: 'execute-api:*', Resource: 'arn:aws:execute-api:*:*:*' })),
    ),
    expect: [
      { status: 'FAIL', messageId: 'broad-grant', evidence: { grants: ['apigateway:POST on every REST API', 'apigateway:PUT on every REST API', 'apigateway:PATCH on every REST API', 'apigateway:DELETE on every REST API'] } },
      { status: 'FAIL', messageId: 'broad-grant', evidence: { grants: ['execute-api:ManageConnections on every API'] } },
      { status: 'PASS', messageId: 'scoped', evidence: { grants: [] } },
    ],
  },
  {
    name: 'a Deny takes back only the regions and actions it covers; conditions on an Allow do not narrow it',
    inventory: inv(
      iamPolicy(doc(allow('execute-api:Invoke'), deny('execute-api:*', 'arn:aws:execute-api:*:*:*'))),
      iamPolicy(doc(allow('execute-api:Invoke'), deny('execute-api:Invoke', 'arn:aws:execute-api:eu-west-1:*:*'))),
      iamPolicy(doc(allow('execute-api:Invoke', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }))),
      iamPolicy(doc({ Effect: 'Allow', Action: 'execute-api:Invoke', NotResource: `arn:aws:execute-api:*:*:*/*/*/admin/*` })),
    ),
    expect: [
      { status: 'PASS', messageId: 'scoped', evidence: { neutralised: ['execute-api:Invoke on every API taken back by Statement[1]'] } },
      { status: 'FAIL', messageId: 'broad-grant', evidence: { grants: ['execute-api:Invoke on every API'] } },
      { status: 'FAIL', messageId: 'broad-grant' },
      { status: 'FAIL', messageId: 'broad-grant' },
    ],
  },
  {
    name: 'a policy attached to nothing grants nothing today: FAIL unattached (medium), not PASS',
    inventory: inv(
      iamPolicy(doc(allow('execute-api:*')), { name: 'spare', attachmentCount: 0, attachedTo: [] }),
      iamPolicy(doc(allow('*')), { name: 'spare-admin', attachmentCount: 0, attachedTo: [] }),
      iamPolicy(doc(allow('execute-api:Invoke', `${API}/prod/*`)), { name: 'spare-scoped', attachmentCount: 0, attachedTo: [] }),
      iamPolicy(doc(allow('apigateway:*')), { name: 'older-snapshot', attachmentCount: 0 }),
    ),
    expect: [
      { status: 'FAIL', messageId: 'unattached', resource: 'spare', evidence: { attachedTo: [], wildcards: ['execute-api:*'], grants: ['execute-api:*'] } },
      { status: 'FAIL', messageId: 'unattached', resource: 'spare-admin', evidence: { attachedTo: [], grants: ['*'] } },
      { status: 'PASS', messageId: 'scoped', evidence: { attachedTo: [] } },
      { status: 'FAIL', messageId: 'unattached', evidence: { attachedTo: [], grants: ['apigateway:*'] } },
    ],
  },
  {
    name: 'failing policies name the principals they reach: attachments of managed policies, the owner of inline ones',
    inventory: inv(
      iamPolicy(doc(allow('execute-api:Invoke')), { attachmentCount: 3, attachedTo: ['role/app/orders-fn', 'user/deployer', 'group/ops'] }),
      iamPolicy(doc(allow('*')), { kind: 'user', name: 'all', arn: `arn:aws:iam::${ACCOUNT}:user/people/alice`, attachmentCount: undefined }),
      iamPolicy(doc(allow('apigateway:*')), { attachmentCount: undefined }),
    ),
    expect: [
      { status: 'FAIL', messageId: 'broad-grant', evidence: { attachedTo: ['role/app/orders-fn', 'user/deployer', 'group/ops'] } },
      { status: 'FAIL', messageId: 'admin', resource: 'alice/all (inline)', evidence: { attachedTo: ['user/people/alice'] } },
      { status: 'FAIL', messageId: 'service-wildcard', evidence: { attachedTo: null } },
    ],
  },
  {
    name: 'attached AWS-managed policies are judged where they are attached; one whose document could not be read is ERROR',
    inventory: inventory({
      shared: shared({
        iamPolicies: [],
        awsManagedPolicies: {
          [`${AWS_POLICY}/AdministratorAccess`]: awsManaged('AdministratorAccess', doc(allow('*')), ['role/break-glass']),
          [`${AWS_POLICY}/AmazonAPIGatewayAdministrator`]: awsManaged(
            'AmazonAPIGatewayAdministrator',
            doc(allow('apigateway:*', 'arn:aws:apigateway:*::/*')),
            ['group/platform'],
          ),
          [`${AWS_POLICY}/AmazonAPIGatewayInvokeFullAccess`]: awsManaged(
            'AmazonAPIGatewayInvokeFullAccess',
            doc(allow(['execute-api:Invoke', 'execute-api:ManageConnections'], 'arn:aws:execute-api:*:*:*')),
            ['user/partner'],
          ),
          [`${AWS_POLICY}/PowerUserAccess`]: failed('GetPolicyVersion', 'AccessDenied', { resource: `${AWS_POLICY}/PowerUserAccess` }),
        },
      }),
    }),
    expect: [
      { status: 'ERROR', messageId: 'collection-gap', resource: 'PowerUserAccess' },
      { status: 'FAIL', messageId: 'admin', resource: 'AdministratorAccess', evidence: { kind: 'aws-managed', attachedTo: ['role/break-glass'] } },
      { status: 'FAIL', messageId: 'service-wildcard', resource: 'AmazonAPIGatewayAdministrator', evidence: { attachedTo: ['group/platform'] } },
      {
        status: 'FAIL',
        messageId: 'broad-grant',
        resource: 'AmazonAPIGatewayInvokeFullAccess',
        evidence: { grants: ['execute-api:Invoke on every API', 'execute-api:ManageConnections on every API'], attachedTo: ['user/partner'] },
      },
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

  it('keeps every attached grant high and every attached admin grant critical: inline, customer- and AWS-managed', () => {
    const attached = { attachmentCount: 1, attachedTo: ['role/ops'] };
    const results = evaluate(
      check,
      inventory({
        shared: shared({
          iamPolicies: [
            iamPolicy(doc(allow('*')), attached),
            iamPolicy(doc(allow('*')), { kind: 'group', name: 'g', arn: `arn:aws:iam::${ACCOUNT}:group/ops` }),
            iamPolicy(doc(allow('execute-api:Invoke')), attached),
          ],
          awsManagedPolicies: { [`${AWS_POLICY}/AdministratorAccess`]: awsManaged('AdministratorAccess', doc(allow('*'))) },
        }),
      }),
    );
    assert.deepEqual(
      results.map((r) => `${r.messageId} ${r.severity}`),
      ['admin critical', 'admin critical', 'broad-grant high', 'admin critical'],
    );
  });

  it('reports a policy attached to nothing at medium, admin access included', () => {
    const spare = { attachmentCount: 0, attachedTo: [] };
    const results = evaluate(check, inv(iamPolicy(doc(allow('*')), spare), iamPolicy(doc(allow('execute-api:Invoke')), spare)));
    assert.deepEqual(results.map((r) => `${r.messageId} ${r.severity}`), ['unattached medium', 'unattached medium']);
  });
});

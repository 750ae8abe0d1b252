import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import check from '../../../checks/rest/rest-authorizer-caching.js';
import { runChecks } from '../../../src/engine/runner.js';
import type { Authorizer } from '../../../src/inventory/schema.js';
import { failed, restApi, withRestApis } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const URI = 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:auth/invocations';

function lambda(overrides: Partial<Authorizer>): Authorizer {
  return { id: 'au1', name: 'token-check', type: 'TOKEN', authorizerUri: URI, identitySource: 'method.request.header.Authorization', ...overrides };
}

const withAuthorizers = (...authorizers: Authorizer[]) => withRestApis(restApi({ authorizers }));

testCheck(check, [
  {
    name: 'unset TTL (300 s default) and a bounded TTL pass',
    inventory: withAuthorizers(
      lambda({}),
      lambda({ id: 'au2', name: 'request-check', type: 'REQUEST', identitySource: 'method.request.header.X-Api-Token, context.identity.sourceIp', authorizerResultTtlInSeconds: 60 }),
      { id: 'cog', name: 'pool', type: 'COGNITO_USER_POOLS', providerARNs: ['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/x'] },
    ),
    expect: [
      {
        status: 'PASS',
        messageId: 'balanced',
        resource: 'api-a1b2c3d4e5',
        evidence: { authorizers: ['request-check (REQUEST, TTL 60 s)', 'token-check (TOKEN, TTL unset = 300 s)'], longTtlSeconds: 3600 },
      },
    ],
  },
  {
    name: 'TTL 0 fails: every request invokes the Lambda',
    inventory: withAuthorizers(lambda({ authorizerResultTtlInSeconds: 0 })),
    expect: [{ status: 'FAIL', messageId: 'caching-issues', evidence: { issues: ['token-check (TOKEN, TTL 0 s): caching off, every request invokes the Lambda'] } }],
  },
  {
    name: 'the 3600 s maximum fails: revocation takes an hour',
    inventory: withAuthorizers(lambda({ authorizerResultTtlInSeconds: 3600 })),
    expect: [
      { status: 'FAIL', evidence: { issueCount: 1, issues: ['token-check (TOKEN, TTL 3600 s): a granted policy is honoured for up to 3600 s after revocation'] } },
    ],
  },
  {
    name: 'a caching REQUEST authorizer without a caller-specific identity source fails',
    inventory: withAuthorizers(
      lambda({ id: 'a', name: 'empty-source', type: 'request', identitySource: '' }),
      lambda({ id: 'b', name: 'stage-var-source', type: 'REQUEST', identitySource: 'stageVariables.tenant', authorizerResultTtlInSeconds: 120 }),
      lambda({ id: 'c', name: 'uncached', type: 'REQUEST', identitySource: undefined, authorizerResultTtlInSeconds: 0 }),
    ),
    expect: [
      {
        status: 'FAIL',
        evidence: {
          issueCount: 3,
          issues: [
            'empty-source (REQUEST, TTL unset = 300 s): caches with no identity source, so one decision is shared by all callers',
            'stage-var-source (REQUEST, TTL 120 s): caches with only stage variables as identity sources (stageVariables.tenant), so one decision is shared by all callers',
            'uncached (REQUEST, TTL 0 s): caching off, every request invokes the Lambda',
          ],
        },
      },
    ],
  },
  {
    name: 'no Lambda authorizers: not applicable',
    inventory: withRestApis(
      restApi({ id: 'none000001' }),
      restApi({ id: 'cognito001', authorizers: [{ id: 'cog', type: 'COGNITO_USER_POOLS' }] }),
    ),
    expect: [
      { status: 'NOT_APPLICABLE', messageId: 'no-lambda-authorizers', resource: 'api-none000001', evidence: { authorizerCount: 0 } },
      { status: 'NOT_APPLICABLE', messageId: 'no-lambda-authorizers', resource: 'api-cognito001', evidence: { authorizerCount: 1 } },
    ],
  },
  {
    name: 'GetAuthorizers denied is ERROR',
    inventory: withRestApis(restApi({ authorizers: failed('GetAuthorizers') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
]);

describe('check rest-authorizer-caching options', () => {
  it('longTtlSeconds lowers the bar for a long TTL', () => {
    const inv = withAuthorizers(lambda({ authorizerResultTtlInSeconds: 900 }));
    assert.equal(runChecks([check], inv)[0]!.status, 'PASS');
    const [result] = runChecks([check], inv, { checkOptions: { 'rest-authorizer-caching': { longTtlSeconds: 900 } } });
    assert.equal(result!.status, 'FAIL');
    assert.equal(result!.evidence.longTtlSeconds, 900);
  });
});

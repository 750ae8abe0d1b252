import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import check from '../../../checks/rest/rest-authorizer-caching.js';
import { runChecks } from '../../../src/engine/runner.js';
import { apiSummaryOf, restDraftConfig } from '../../../src/analysis/deployed.js';
import type { Authorizer, Collected, DeployedRestConfig } from '../../../src/inventory/schema.js';
import { failed, ok, resource, restApi, stage, withRestApis, type RestApiInput } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const URI = 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:auth/invocations';

function lambda(overrides: Partial<Authorizer>): Authorizer {
  return { id: 'au1', name: 'token-check', type: 'TOKEN', authorizerUri: URI, identitySource: 'method.request.header.Authorization', ...overrides };
}

/** A draft whose every authorizer guards a method (a deployment carries the authorizers its methods name). */
function guarded(...authorizers: Authorizer[]): RestApiInput {
  return {
    authorizers,
    resources: authorizers.map((a, i) =>
      resource(`/r${i}`, { GET: { authorizationType: a.type === 'COGNITO_USER_POOLS' ? 'COGNITO_USER_POOLS' : 'CUSTOM', authorizerId: a.id } }),
    ),
  };
}

const withAuthorizers = (...authorizers: Authorizer[]) => withRestApis(restApi(guarded(...authorizers)));

/** What a deployment made from this draft serves (read from the stage's export). */
function deployed(draft: RestApiInput, deploymentId = 'dep1'): Collected<DeployedRestConfig> {
  return restDraftConfig(restApi(draft), deploymentId);
}

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
        resource: 'api-a1b2c3d4e5/prod',
        evidence: {
          stage: 'prod',
          judgedOn: ['deployment dep1 (stage prod)'],
          authorizers: ['request-check (REQUEST, TTL 60 s)', 'token-check (TOKEN, TTL unset = 300 s)'],
          longTtlSeconds: 3600,
        },
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
    // This failed before: an authorizer no served method names is never invoked, and a
    // deployment carries only the authorizers its methods name.
    name: 'no Lambda authorizer guards a served method: not applicable',
    inventory: withRestApis(
      restApi({ id: 'none000001' }),
      restApi({ id: 'cognito001', ...guarded({ id: 'cog', name: 'pool', type: 'COGNITO_USER_POOLS' }) }),
      restApi({ id: 'unused0001', authorizers: [lambda({ authorizerResultTtlInSeconds: 0 })] }),
    ),
    expect: [
      { status: 'NOT_APPLICABLE', messageId: 'no-lambda-authorizers', resource: 'api-none000001/prod', evidence: { authorizerCount: 0 } },
      { status: 'NOT_APPLICABLE', messageId: 'no-lambda-authorizers', resource: 'api-cognito001/prod', evidence: { authorizerCount: 1 } },
      { status: 'NOT_APPLICABLE', messageId: 'no-lambda-authorizers', resource: 'api-unused0001/prod', evidence: { authorizerCount: 0 } },
    ],
  },
  {
    // "Every time you update an API, you must redeploy" (Developer Guide, updating-api): the TTL
    // raised in the draft is not what the stage's authorizer uses. This passed before.
    name: 'TTL fixed in the draft but the deployment still has caching off: FAIL on what the stage serves',
    inventory: withRestApis(restApi({ ...guarded(lambda({})), deployments: { dep1: deployed(guarded(lambda({ authorizerResultTtlInSeconds: 0 }))) } })),
    expect: [{ status: 'FAIL', evidence: { issues: ['token-check (TOKEN, TTL 0 s): caching off, every request invokes the Lambda'] } }],
  },
  {
    name: 'TTL 0 in the draft only: the deployment still caches, PASS',
    inventory: withRestApis(restApi({ ...guarded(lambda({ authorizerResultTtlInSeconds: 0 })), deployments: { dep1: deployed(guarded(lambda({}))) } })),
    expect: [{ status: 'PASS', messageId: 'balanced' }],
  },
  {
    name: 'each stage on its own deployment; a canary on its own deployment names the canary',
    inventory: withRestApis(
      restApi({
        ...guarded(lambda({})),
        stages: [stage({ stageName: 'prod', canarySettings: { percentTraffic: 10, deploymentId: 'dep3' } }), stage({ stageName: 'dev', deploymentId: 'dep2' })],
        deployments: {
          dep2: deployed(guarded(lambda({ authorizerResultTtlInSeconds: 3600 })), 'dep2'),
          dep3: deployed(guarded(lambda({ authorizerResultTtlInSeconds: 0 })), 'dep3'),
        },
      }),
    ),
    expect: [
      {
        status: 'FAIL',
        resource: 'api-a1b2c3d4e5/prod',
        evidence: {
          judgedOn: ['deployment dep1 (stage prod)', 'deployment dep3 (canary of stage prod)'],
          issues: ['token-check (TOKEN, TTL 0 s, canary): caching off, every request invokes the Lambda'],
        },
      },
      { status: 'FAIL', resource: 'api-a1b2c3d4e5/dev', evidence: { issueCount: 1 } },
    ],
  },
  {
    name: 'a canary deployment known only from its API summary: ERROR for the canary\'s part',
    inventory: withRestApis(
      restApi({
        ...guarded(lambda({})),
        stages: [stage({ canarySettings: { percentTraffic: 10, deploymentId: 'dep2' } })],
        deployments: { dep2: ((c) => (c.ok ? ok(apiSummaryOf(c.value)) : c))(deployed(guarded(lambda({})), 'dep2')) },
      }),
    ),
    expect: [
      {
        status: 'ERROR',
        messageId: 'invalid-data',
        evidence: {
          unjudged: [
            'deployment dep2 (canary of stage prod) was read from its API summary (GetDeployment), which carries no authorizers: GetExport exports only the deployment a stage itself serves',
          ],
        },
      },
    ],
  },
  {
    name: 'a served method names an authorizer the deployed view lacks: ERROR, never a pass',
    inventory: withRestApis(
      restApi({
        ...guarded(lambda({})),
        deployments: { dep1: ((c) => (c.ok ? ok({ ...c.value, authorizers: [] }) : c))(deployed(guarded(lambda({})))) },
      }),
    ),
    expect: [{ status: 'ERROR', messageId: 'invalid-data' }],
  },
  {
    name: 'the deployed view could not be read (GetExport denied): ERROR naming the operation',
    inventory: withRestApis(restApi({ ...guarded(lambda({})), deployments: { dep1: failed('GetExport') } })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'the draft\'s authorizers could not be read but the deployment was: judged on the deployment',
    inventory: withRestApis(
      restApi({ ...guarded(lambda({})), authorizers: failed('GetAuthorizers'), deployments: { dep1: deployed(guarded(lambda({ authorizerResultTtlInSeconds: 0 }))) } }),
    ),
    expect: [{ status: 'FAIL' }],
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

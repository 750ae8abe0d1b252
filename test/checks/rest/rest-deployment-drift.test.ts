import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import check from '../../../checks/rest/rest-deployment-drift.js';
import { runChecks } from '../../../src/engine/runner.js';
import { apiSummaryOf, restDraftConfig } from '../../../src/analysis/deployed.js';
import { deployedMethods } from '../../../src/analysis/method-settings.js';
import type { Collected, DeployedRestConfig, Integration, Inventory, Method } from '../../../src/inventory/schema.js';
import { failed, ok, resource, restApi, stage, withRestApis, type RestApiInput } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

/** What a deployment made from this draft serves (read from the stage's export). */
function deployed(draft: RestApiInput, deploymentId = 'dep1', extra: Partial<DeployedRestConfig> = {}): Collected<DeployedRestConfig> {
  const config = restDraftConfig(restApi(draft), deploymentId);
  return config.ok ? ok({ ...config.value, ...extra }) : config;
}

/** A canary-only deployment, read from its API summary (authorization and API keys only). */
function summary(draft: RestApiInput, deploymentId: string): Collected<DeployedRestConfig> {
  const config = deployed(draft, deploymentId);
  return config.ok ? ok(apiSummaryOf(config.value)) : config;
}

const one = (m: Partial<Method>, extra: RestApiInput = {}): RestApiInput => ({ resources: [resource('/orders', { GET: m })], ...extra });
const iam: Partial<Method> = { authorizationType: 'AWS_IAM' };
const open: Partial<Method> = { authorizationType: 'NONE' };
const keyOnly: Partial<Method> = { authorizationType: 'NONE', apiKeyRequired: true };
const custom = (authorizerId: string): Partial<Method> => ({ authorizationType: 'CUSTOM', authorizerId });
const http = (uri: string, extra: Partial<Integration> = {}): Partial<Method> => ({ ...iam, methodIntegration: { type: 'HTTP_PROXY', uri, ...extra } });
const lambdas = [
  { id: 'a1', name: 'token-check', type: 'TOKEN', identitySource: 'method.request.header.Authorization' },
  { id: 'a2', name: 'session-check', type: 'TOKEN', identitySource: 'method.request.header.Authorization' },
];
const bodyValidator = [{ id: 'v1', name: 'body', validateRequestBody: true, validateRequestParameters: false }];
const policyOf = (ip: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { IpAddress: { 'aws:SourceIp': ip } } }],
});

/** The draft `draft`, its stage prod serving a deployment made from `live`. */
function drifted(draft: RestApiInput, live: RestApiInput, extra: Partial<DeployedRestConfig> = {}): Inventory {
  return withRestApis(restApi({ ...draft, deployments: { dep1: deployed({ ...draft, ...live }, 'dep1', extra) } }));
}

const cases = [
  {
    name: 'the stage serves what the draft holds: PASS',
    inventory: withRestApis(restApi(one(iam))),
    expect: [{ status: 'PASS' as const, messageId: 'in-sync', resource: 'api-a1b2c3d4e5/prod', evidence: { stage: 'prod', deploymentId: 'dep1', deployedAt: 'unknown' } }],
  },
  {
    // The worst false PASS: fixed in the console (NONE → AWS_IAM), never redeployed.
    name: 'fix made but not deployed: live NONE, draft AWS_IAM; both sides shown with the deployment and its date',
    inventory: drifted(one(iam), one(open), { createdDate: '2026-03-02T10:00:00.000Z' }),
    expect: [
      {
        status: 'FAIL' as const,
        messageId: 'fix-not-deployed',
        evidence: {
          deploymentId: 'dep1',
          deployedAt: '2026-03-02T10:00:00.000Z',
          fixesNotDeployed: ['GET /orders: authorization live NONE, draft AWS_IAM'],
          differences: [{ kind: 'fix-not-deployed', part: 'stage', subject: 'GET /orders', point: 'authorization', live: 'NONE', draft: 'AWS_IAM' }],
          weakerInDraft: [],
        },
      },
    ],
  },
  {
    name: 'weaker configuration waiting in the draft: live AWS_IAM, draft NONE',
    inventory: drifted(one(open), one(iam)),
    expect: [{ status: 'FAIL' as const, messageId: 'weaker-in-draft', evidence: { weakerInDraft: ['GET /orders: authorization live AWS_IAM, draft NONE'], fixesNotDeployed: [] } }],
  },
  {
    name: 'NONE < API key only < an authorizer, in both directions',
    inventory: withRestApis(
      restApi({ id: 'keyfix0001', ...one(iam), deployments: { dep1: deployed(one(keyOnly)) } }),
      restApi({ id: 'keyadd0001', ...one(keyOnly), deployments: { dep1: deployed(one(open)) } }),
      restApi({ id: 'keydrop001', ...one(open), deployments: { dep1: deployed(one(keyOnly)) } }),
    ),
    expect: [
      { status: 'FAIL' as const, messageId: 'fix-not-deployed', evidence: { fixesNotDeployed: ['GET /orders: authorization live NONE + API key, draft AWS_IAM'] } },
      { status: 'FAIL' as const, messageId: 'fix-not-deployed', evidence: { fixesNotDeployed: ['GET /orders: authorization live NONE, draft NONE + API key'] } },
      { status: 'FAIL' as const, messageId: 'weaker-in-draft', evidence: { weakerInDraft: ['GET /orders: authorization live NONE + API key, draft NONE'] } },
    ],
  },
  {
    name: 'another authorizer, or another authorizer type, is a change neither stronger nor weaker',
    inventory: withRestApis(
      restApi({ id: 'swap000001', ...one(custom('a2'), { authorizers: lambdas }), deployments: { dep1: deployed(one(custom('a1'), { authorizers: lambdas })) } }),
      restApi({ id: 'type000001', ...one(custom('a1'), { authorizers: lambdas }), deployments: { dep1: deployed(one(iam)) } }),
    ),
    expect: [
      {
        status: 'FAIL' as const,
        messageId: 'changed-in-draft',
        evidence: { changedInDraft: ['GET /orders: authorization live CUSTOM (authorizer token-check), draft CUSTOM (authorizer session-check)'] },
      },
      { status: 'FAIL' as const, messageId: 'changed-in-draft', evidence: { changedInDraft: ['GET /orders: authorization live AWS_IAM, draft CUSTOM (authorizer token-check)'] } },
    ],
  },
  {
    name: 'an authorizer whose settings changed in the draft is a change',
    inventory: drifted(one(custom('a1'), { authorizers: [{ ...lambdas[0]!, authorizerResultTtlInSeconds: 60 }] }), { authorizers: [{ ...lambdas[0]!, authorizerResultTtlInSeconds: 0 }] }),
    expect: [{ status: 'FAIL' as const, messageId: 'changed-in-draft', evidence: { changedInDraft: ['authorizer token-check: settings live TTL 0 s, draft TTL 60 s'] } }],
  },
  {
    name: 'integration: http < https, skip-verify < verify, in both directions; credentials redacted',
    inventory: withRestApis(
      restApi({ id: 'tlsfix0001', ...one(http('https://b.example.com/x')), deployments: { dep1: deployed(one(http('http://u:pw@b.example.com/x'))) } }),
      restApi({ id: 'verify0001', ...one(http('https://b.example.com/x')), deployments: { dep1: deployed(one(http('https://b.example.com/x', { tlsConfig: { insecureSkipVerification: true } }))) } }),
      restApi({ id: 'tlsbad0001', ...one(http('http://b.example.com/x')), deployments: { dep1: deployed(one(http('https://b.example.com/x'))) } }),
    ),
    expect: [
      {
        status: 'FAIL' as const,
        messageId: 'fix-not-deployed',
        evidence: { fixesNotDeployed: ['GET /orders: integration live HTTP_PROXY http://[redacted]@b.example.com/x, draft HTTP_PROXY https://b.example.com/x'] },
      },
      {
        status: 'FAIL' as const,
        messageId: 'fix-not-deployed',
        evidence: {
          fixesNotDeployed: ['GET /orders: integration live HTTP_PROXY https://b.example.com/x (certificate not verified), draft HTTP_PROXY https://b.example.com/x'],
        },
      },
      {
        status: 'FAIL' as const,
        messageId: 'weaker-in-draft',
        evidence: { weakerInDraft: ['GET /orders: integration live HTTP_PROXY https://b.example.com/x, draft HTTP_PROXY http://b.example.com/x'] },
      },
    ],
  },
  {
    name: 'another backend over the same scheme is a change',
    inventory: drifted(one(http('https://new.example.com/x')), one(http('https://old.example.com/x'))),
    expect: [
      { status: 'FAIL' as const, messageId: 'changed-in-draft', evidence: { changedInDraft: ['GET /orders: integration live HTTP_PROXY https://old.example.com/x, draft HTTP_PROXY https://new.example.com/x'] } },
    ],
  },
  {
    name: 'request validation: no validator < validator, in both directions',
    inventory: withRestApis(
      restApi({ id: 'valfix0001', ...one({ ...iam, requestValidatorId: 'v1' }, { requestValidators: bodyValidator }), deployments: { dep1: deployed(one(iam)) } }),
      restApi({ id: 'valdrop001', ...one(iam), deployments: { dep1: deployed(one({ ...iam, requestValidatorId: 'v1' }, { requestValidators: bodyValidator })) } }),
    ),
    expect: [
      { status: 'FAIL' as const, messageId: 'fix-not-deployed', evidence: { fixesNotDeployed: ['GET /orders: request validation live no validator, draft validator body (body)'] } },
      { status: 'FAIL' as const, messageId: 'weaker-in-draft', evidence: { weakerInDraft: ['GET /orders: request validation live validator body (body), draft no validator'] } },
    ],
  },
  {
    name: 'default endpoint: live enabled while the draft disables it is a fix not deployed; the reverse is weaker',
    inventory: withRestApis(
      restApi({ id: 'endfix0001', ...one(iam), disableExecuteApiEndpoint: true, deployments: { dep1: deployed(one(iam), 'dep1', { disableExecuteApiEndpoint: false }) } }),
      restApi({ id: 'endon00001', ...one(iam), disableExecuteApiEndpoint: false, deployments: { dep1: deployed(one(iam), 'dep1', { disableExecuteApiEndpoint: true }) } }),
    ),
    expect: [
      { status: 'FAIL' as const, messageId: 'fix-not-deployed', evidence: { fixesNotDeployed: ['API: default endpoint live enabled, draft disabled'] } },
      { status: 'FAIL' as const, messageId: 'weaker-in-draft', evidence: { weakerInDraft: ['API: default endpoint live disabled, draft enabled'] } },
    ],
  },
  {
    name: 'resource policy: a change when the deployed side states it; not compared (and said so) when it does not',
    inventory: withRestApis(
      restApi({ id: 'policy0001', ...one(iam), policy: policyOf('203.0.113.0/24'), deployments: { dep1: deployed(one(iam, { policy: policyOf('0.0.0.0/0') })) } }),
      restApi({ id: 'nopolicy01', ...one(iam), policy: policyOf('203.0.113.0/24'), deployments: { dep1: deployed(one(iam), 'dep1', { policy: undefined }) } }),
      restApi({ id: 'escaped001', ...one(iam), policy: JSON.stringify(policyOf('203.0.113.0/24')).replace(/"/g, '\\"') }),
    ),
    expect: [
      { status: 'FAIL' as const, messageId: 'changed-in-draft', evidence: {
          changedInDraft: [`API: resource policy live ${JSON.stringify(policyOf('0.0.0.0/0'))}, draft ${JSON.stringify(policyOf('203.0.113.0/24'))}`],
        },
      },
      { status: 'PASS' as const, messageId: 'in-sync', evidence: { notCompared: ['resource policy: the deployed view does not state it', 'default endpoint: the deployed view does not state it'] } },
      { status: 'PASS' as const, messageId: 'in-sync' },
    ],
  },
  {
    // The deployment is not the draft's data, so every point is compared, and none differs.
    name: 'what drift does not judge may differ: other scopes or request models, the same policy written otherwise, is in sync',
    inventory: drifted(
      one({ ...iam, authorizationScopes: ['orders/read'] }, { policy: JSON.stringify(policyOf('203.0.113.0/24')) }),
      one({ ...iam, authorizationScopes: ['orders/write'], requestModels: { 'application/json': 'Order' } }),
      { policy: JSON.stringify(policyOf('203.0.113.0/24'), null, 2) },
    ),
    expect: [
      { status: 'PASS' as const, messageId: 'in-sync', evidence: { differences: [], notCompared: ['default endpoint: the deployed view does not state it'] } },
    ],
  },
  {
    name: 'methods on one side only: an open live method removed in the draft is a fix; an open method added in the draft is weaker',
    inventory: withRestApis(
      restApi({ id: 'removed001', resources: [resource('/orders', { GET: iam })], deployments: { dep1: deployed({ resources: [resource('/orders', { GET: iam, DELETE: open })] }) } }),
      restApi({ id: 'added00001', resources: [resource('/orders', { GET: iam, DELETE: open })], deployments: { dep1: deployed({ resources: [resource('/orders', { GET: iam })] }) } }),
      restApi({ id: 'addediam01', resources: [resource('/orders', { GET: iam, DELETE: iam })], deployments: { dep1: deployed({ resources: [resource('/orders', { GET: iam })] }) } }),
    ),
    expect: [
      { status: 'FAIL' as const, messageId: 'fix-not-deployed', evidence: { fixesNotDeployed: ['DELETE /orders: method live NONE, draft (removed)'] } },
      { status: 'FAIL' as const, messageId: 'weaker-in-draft', evidence: { weakerInDraft: ['DELETE /orders: method live (not served), draft NONE'] } },
      { status: 'FAIL' as const, messageId: 'changed-in-draft', evidence: { changedInDraft: ['DELETE /orders: method live (not served), draft AWS_IAM'] } },
    ],
  },
  {
    name: 'both directions on one stage: the fix leads, the weaker change is listed too',
    inventory: drifted(
      { resources: [resource('/orders', { GET: iam, POST: open })] },
      { resources: [resource('/orders', { GET: open, POST: iam })] },
    ),
    expect: [
      {
        status: 'FAIL' as const,
        messageId: 'fix-not-deployed',
        evidence: { fixesNotDeployed: ['GET /orders: authorization live NONE, draft AWS_IAM'], weakerInDraft: ['POST /orders: authorization live AWS_IAM, draft NONE'] },
      },
    ],
  },
  {
    name: 'the deployed view could not be read: ERROR naming GetExport',
    inventory: withRestApis(restApi({ ...one(iam), deployments: { dep1: failed('GetExport') } })),
    expect: [{ status: 'ERROR' as const, messageId: 'collection-gap' }],
  },
  {
    name: 'the draft could not be read: ERROR naming GetResources',
    inventory: withRestApis(restApi({ resources: failed('GetResources'), deployments: { dep1: deployed(one(iam)) } })),
    expect: [{ status: 'ERROR' as const, messageId: 'collection-gap' }],
  },
  {
    name: 'a canary on its own deployment, from its API summary: compared on authorization, FAIL naming the canary',
    inventory: withRestApis(
      restApi({ ...one(iam), stages: [stage({ canarySettings: { percentTraffic: 10, deploymentId: 'dep2' } })], deployments: { dep2: summary(one(open), 'dep2') } }),
    ),
    expect: [
      {
        status: 'FAIL' as const,
        messageId: 'fix-not-deployed',
        evidence: {
          fixesNotDeployed: ['canary: GET /orders: authorization live NONE, draft AWS_IAM'],
          judgedOn: ['deployment dep1 (stage prod)', 'deployment dep2 (canary of stage prod)'],
        },
      },
    ],
  },
  {
    name: 'a canary from its API summary that agrees on authorization: the rest cannot be compared, ERROR',
    inventory: withRestApis(
      restApi({ ...one(iam), stages: [stage({ canarySettings: { percentTraffic: 10, deploymentId: 'dep2' } })], deployments: { dep2: summary(one(iam), 'dep2') } }),
    ),
    expect: [{ status: 'ERROR' as const, messageId: 'invalid-data' }],
  },
  {
    name: 'a canary on the stage\'s own deployment adds nothing to compare',
    inventory: withRestApis(restApi({ ...one(iam), stages: [stage({ canarySettings: { percentTraffic: 10, stageVariableOverrides: { a: 'b' } } })] })),
    expect: [{ status: 'PASS' as const, messageId: 'in-sync' }],
  },
];

testCheck(check, cases);

describe('check rest-deployment-drift severities', () => {
  const severity = (inventory: Inventory) => runChecks([check], inventory).map((r) => `${r.status} ${r.severity}`);

  it('a fix not deployed keeps the severity of what is live: an unauthenticated method on an internet-facing API is critical', () => {
    assert.deepEqual(severity(drifted(one(iam), one(open))), ['FAIL critical']);
    assert.deepEqual(severity(drifted(one(iam), one(keyOnly))), ['FAIL critical']);
    assert.deepEqual(severity(drifted({ ...one(iam), endpointConfiguration: { types: ['EDGE'] } }, one(open))), ['FAIL critical']);
  });

  it('the same on a private API, or another live weakness, is high', () => {
    assert.deepEqual(severity(drifted({ ...one(iam), endpointConfiguration: { types: ['PRIVATE'] } }, one(open))), ['FAIL high']);
    assert.deepEqual(severity(drifted(one(http('https://b.example.com')), one(http('http://b.example.com')))), ['FAIL high']);
  });

  it('a weaker draft, or a change, is a medium warning', () => {
    assert.deepEqual(severity(drifted(one(open), one(iam))), ['FAIL medium']);
    assert.deepEqual(severity(drifted(one(http('https://new.example.com')), one(http('https://old.example.com')))), ['FAIL medium']);
  });
});

describe('check rest-deployment-drift: stages serving one deployment', () => {
  /** Three stages (or the first `count`) on deployment dep1, whose live methods count how often they are walked. */
  function sharedDeployment(count = 3) {
    const draft = one(http('https://b.example.com'));
    const live = deployed(one(http('${stageVariables.scheme}://b.example.com')));
    assert.ok(live.ok);
    let walks = 0;
    const methods = new Proxy(live.value.methods, {
      get(target, key, receiver) {
        if (key === '0') walks += 1;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const stages = [
      stage({ stageName: 'beta', variables: { scheme: 'https' } }),
      stage({ stageName: 'dev', variables: { scheme: 'https' } }),
      stage({ stageName: 'prod', variables: { scheme: 'http' } }),
    ].slice(0, count);
    const inventory = withRestApis(restApi({ ...draft, stages, deployments: { dep1: ok({ ...live.value, methods }) } }));
    return { inventory, walks: () => walks };
  }

  it('compares the deployment with the draft once, not once per stage', () => {
    // One stage: a walk to find the deployment differs from the draft, one to compare it point by point.
    const single = sharedDeployment(1);
    assert.equal(runChecks([check], single.inventory).length, 1);
    assert.equal(single.walks(), 2);
    const { inventory, walks } = sharedDeployment();
    assert.equal(runChecks([check], inventory).length, 3);
    assert.equal(walks(), single.walks());
  });

  it('deployments already known to hold the same methods are compared with the draft once, not once each', () => {
    const draft = one(http('https://b.example.com'));
    const made = deployed(draft);
    assert.ok(made.ok);
    let walks = 0;
    const counted = new Proxy([...made.value.methods], {
      get(target, key, receiver) {
        if (key === '0') walks += 1;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const dep1 = { ...made.value, methods: [...made.value.methods] };
    const dep2 = { ...made.value, deploymentId: 'dep2', methods: counted };
    const stages = [stage({ stageName: 'beta', deploymentId: 'dep1' }), stage({ stageName: 'prod', deploymentId: 'dep2' })];
    const api = restApi({ ...draft, stages, deployments: { dep1: ok(dep1), dep2: ok(dep2) } });
    const inventory = withRestApis(api);
    const served = (id: string) => {
      const d = api.deployments[id];
      assert.ok(d?.ok);
      return d.value;
    };
    // A reader of methods (the authorization checks run first) finds dep2's list equal to dep1's.
    const first = deployedMethods(served('dep1'));
    assert.equal(deployedMethods(served('dep2')), first);
    walks = 0;
    assert.deepEqual(
      runChecks([check], inventory).map((r) => r.messageId),
      ['in-sync', 'in-sync'],
    );
    assert.equal(walks, 0);
  });

  it('a deployment made from the draft is found in sync in one walk, without comparing it point by point', () => {
    const draft = { resources: [resource('/b', { GET: iam }), resource('/a', { GET: open, POST: iam })] };
    const made = deployed(draft);
    assert.ok(made.ok);
    let walks = 0;
    const methods = new Proxy([...made.value.methods], {
      get(target, key, receiver) {
        if (key === '0') walks += 1;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const stages = [stage({ stageName: 'beta' }), stage({ stageName: 'prod' })];
    const inventory = withRestApis(restApi({ ...draft, stages, deployments: { dep1: ok({ ...made.value, methods }) } }));
    assert.deepEqual(
      runChecks([check], inventory).map((r) => r.messageId),
      ['in-sync', 'in-sync'],
    );
    assert.equal(walks, 1);
  });

  it('still ranks an integration with each stage’s own variables', () => {
    const { inventory } = sharedDeployment();
    const results = runChecks([check], inventory);
    assert.deepEqual(
      results.map((r) => [r.resource.name, r.messageId]),
      [
        ['api-a1b2c3d4e5/beta', 'changed-in-draft'],
        ['api-a1b2c3d4e5/dev', 'changed-in-draft'],
        ['api-a1b2c3d4e5/prod', 'fix-not-deployed'],
      ],
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import check from '../../../checks/http/http-deployment-drift.js';
import { runChecks } from '../../../src/engine/runner.js';
import { v2DraftConfig } from '../../../src/analysis/deployed.js';
import type { Inventory, V2Integration } from '../../../src/inventory/schema.js';
import { JUDGED_ON_EXPORT } from '../../../src/analysis/v2.js';
import { failed, route, v2Api, v2Stage, withV2Apis, type V2ApiInput } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const ALB = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/orders/50dc6c495c0c9188/0467ef3c8400ae65';
const open = { AuthorizationType: 'NONE', AuthorizerId: undefined };
const authorizers = [
  { AuthorizerId: 'jwt1', Name: 'customers', AuthorizerType: 'JWT' },
  { AuthorizerId: 'jwt2', Name: 'partners', AuthorizerType: 'JWT' },
];
const internet = (IntegrationUri: string): V2Integration => ({ IntegrationId: 'int1', IntegrationType: 'HTTP_PROXY', ConnectionType: 'INTERNET', IntegrationUri });
const privateLink = (TlsConfig?: V2Integration['TlsConfig']): V2Integration => ({
  IntegrationId: 'int1',
  IntegrationType: 'HTTP_PROXY',
  ConnectionType: 'VPC_LINK',
  ConnectionId: 'vl0abc',
  IntegrationUri: ALB,
  ...(TlsConfig ? { TlsConfig } : {}),
});
const withTarget = { Target: 'integrations/int1' };
const prodManual = v2Stage({ StageName: 'prod', AutoDeploy: false, DeploymentId: 'dep1' });

/** The latest configuration `draft`; its manual stage prod serves a deployment made from `live`. */
function drifted(draft: V2ApiInput, live: V2ApiInput, stage = prodManual): Inventory {
  const deployed = v2DraftConfig(v2Api({ authorizers, ...draft, ...live }), stage.StageName);
  return withV2Apis(v2Api({ authorizers, stages: [stage], ...draft, stageExports: { [stage.StageName]: deployed } }));
}

testCheck(check, [
  {
    name: 'the manual stage serves what the latest configuration holds: PASS',
    inventory: drifted({ routes: [route('GET /orders')] }, {}),
    expect: [
      {
        status: 'PASS',
        messageId: 'in-sync',
        resource: 'http-h1t2p3a4p5/prod',
        evidence: { stage: 'prod', deploymentId: 'dep1', judgedOn: JUDGED_ON_EXPORT, differences: [] },
      },
    ],
  },
  {
    name: 'fix made but not deployed: live NONE, draft JWT; both sides shown',
    inventory: drifted({ routes: [route('GET /orders')] }, { routes: [route('GET /orders', open)] }),
    expect: [
      {
        status: 'FAIL',
        messageId: 'fix-not-deployed',
        evidence: {
          fixesNotDeployed: ['GET /orders: authorization live NONE, draft JWT (authorizer customers)'],
          fixCount: 1,
          weakerInDraft: [],
          differences: [
            { kind: 'fix-not-deployed', subject: 'GET /orders', point: 'authorization', live: 'NONE', draft: 'JWT (authorizer customers)' },
          ],
        },
      },
    ],
  },
  {
    name: 'weaker configuration waiting in the draft: live JWT, draft NONE',
    inventory: drifted({ routes: [route('GET /orders', open)] }, { routes: [route('GET /orders')] }),
    expect: [
      {
        status: 'FAIL',
        messageId: 'weaker-in-draft',
        evidence: { weakerInDraft: ['GET /orders: authorization live JWT (authorizer customers), draft NONE'], weakerCount: 1, fixCount: 0 },
      },
    ],
  },
  {
    name: 'another authorizer is a change, neither stronger nor weaker',
    inventory: drifted({ routes: [route('GET /orders', { AuthorizerId: 'jwt2' })] }, { routes: [route('GET /orders')] }),
    expect: [
      {
        status: 'FAIL',
        messageId: 'changed-in-draft',
        evidence: { changedInDraft: ['GET /orders: authorization live JWT (authorizer customers), draft JWT (authorizer partners)'] },
      },
    ],
  },
  {
    name: 'an open route still served but removed from the draft is a fix not deployed; a new open route in the draft is weaker',
    inventory: drifted(
      { routes: [route('GET /orders'), route('POST /orders', open)] },
      { routes: [route('GET /orders'), route('DELETE /orders', open)] },
    ),
    expect: [
      {
        status: 'FAIL',
        messageId: 'fix-not-deployed',
        evidence: {
          fixesNotDeployed: ['DELETE /orders: route live NONE, draft (removed)'],
          weakerInDraft: ['POST /orders: route live (not served), draft NONE'],
        },
      },
    ],
  },
  {
    name: 'integration over http:// live, https:// in the draft: a fix not deployed',
    inventory: drifted(
      { routes: [route('GET /orders', withTarget)], integrations: [internet('https://orders.example.com')] },
      { integrations: [internet('http://orders.example.com')] },
    ),
    expect: [
      {
        status: 'FAIL',
        messageId: 'fix-not-deployed',
        evidence: { fixesNotDeployed: ['GET /orders: integration live HTTP_PROXY http://orders.example.com, draft HTTP_PROXY https://orders.example.com'] },
      },
    ],
  },
  {
    name: 'a private integration losing its TLS configuration in the draft is weaker',
    inventory: drifted(
      { routes: [route('GET /orders', withTarget)], integrations: [privateLink()] },
      { integrations: [privateLink({ ServerNameToVerify: 'orders.internal.example.com' })] },
    ),
    expect: [
      {
        status: 'FAIL',
        messageId: 'weaker-in-draft',
        evidence: {
          weakerInDraft: [
            `GET /orders: integration live HTTP_PROXY ${ALB} via VPC link vl0abc (TLS, server name orders.internal.example.com), draft HTTP_PROXY ${ALB} via VPC link vl0abc (no TLS configuration)`,
          ],
        },
      },
    ],
  },
  {
    name: 'the scheme from a stage variable is read with the stage\'s variables',
    inventory: drifted(
      { routes: [route('GET /orders', withTarget)], integrations: [internet('https://orders.example.com')] },
      { integrations: [internet('${stageVariables.backend}')] },
      v2Stage({ StageName: 'prod', AutoDeploy: false, DeploymentId: 'dep1', StageVariables: { backend: 'http://orders.example.com' } }),
    ),
    expect: [{ status: 'FAIL', messageId: 'fix-not-deployed' }],
  },
  {
    name: 'what the stage serves could not be read (ExportApi denied): ERROR, never a pass',
    inventory: withV2Apis(v2Api({ stages: [prodManual], stageExports: { prod: failed('ExportApi', 'AccessDeniedException', { service: 'apigatewayv2' }) } })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', evidence: { stage: 'prod' } }],
  },
  {
    name: 'the latest configuration could not be read (GetRoutes denied): ERROR',
    inventory: withV2Apis(v2Api({ routes: failed('GetRoutes'), stages: [prodManual] })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'an AutoDeploy stage serves the latest configuration: nothing can drift; WebSocket stages are not compared',
    inventory: withV2Apis(v2Api({ stages: [v2Stage({ StageName: 'dev' })] }), v2Api({ ApiId: 'ws00000001', ProtocolType: 'WEBSOCKET' })),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'auto-deploy', resource: 'http-h1t2p3a4p5/dev' }],
  },
]);

describe('check http-deployment-drift severities', () => {
  const severity = (inventory: Inventory) => runChecks([check], inventory).map((r) => `${r.status} ${r.severity}`);

  it('a fix not deployed keeps the severity of what is live: a route anyone can call is critical', () => {
    assert.deepEqual(severity(drifted({ routes: [route('GET /orders')] }, { routes: [route('GET /orders', open)] })), ['FAIL critical']);
  });

  it('another live weakness not yet fixed is high', () => {
    const draft = { routes: [route('GET /orders', withTarget)], integrations: [internet('https://orders.example.com')] };
    assert.deepEqual(severity(drifted(draft, { integrations: [internet('http://orders.example.com')] })), ['FAIL high']);
  });

  it('a weaker draft, or a change, is a medium warning', () => {
    assert.deepEqual(severity(drifted({ routes: [route('GET /orders', open)] }, { routes: [route('GET /orders')] })), ['FAIL medium']);
    const draft = { routes: [route('GET /orders', withTarget)], integrations: [internet('https://new.example.com')] };
    assert.deepEqual(severity(drifted(draft, { integrations: [internet('https://old.example.com')] })), ['FAIL medium']);
  });
});

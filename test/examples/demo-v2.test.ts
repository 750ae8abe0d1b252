import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import httpCorsPolicy from '../../checks/http/http-cors-policy.js';
import httpDeploymentDrift from '../../checks/http/http-deployment-drift.js';
import httpJwtAuthorizer from '../../checks/http/http-jwt-authorizer.js';
import httpRouteAuthorization from '../../checks/http/http-route-authorization.js';
import v2ApiPublicUnauthenticated from '../../checks/v2/v2-api-public-unauthenticated.js';
import v2IntegrationTls from '../../checks/v2/v2-integration-tls.js';
import v2StageAccessLogging from '../../checks/v2/v2-stage-access-logging.js';
import v2StageThrottling from '../../checks/v2/v2-stage-throttling.js';
import v2StageVariablesSecrets from '../../checks/v2/v2-stage-variables-secrets.js';
import websocketConnectAuthorization from '../../checks/websocket/websocket-connect-authorization.js';
import websocketStageDataTrace from '../../checks/websocket/websocket-stage-data-trace.js';
import websocketStageExecutionLogging from '../../checks/websocket/websocket-stage-execution-logging.js';
import { addV2Apis } from '../../examples/demo/v2.js';
import { runChecks } from '../../src/engine/runner.js';
import { parseInventory } from '../../src/inventory/io.js';
import type { Inventory } from '../../src/inventory/schema.js';

const V2_CHECKS = [
  httpCorsPolicy,
  httpDeploymentDrift,
  httpJwtAuthorizer,
  httpRouteAuthorization,
  v2ApiPublicUnauthenticated,
  v2IntegrationTls,
  v2StageAccessLogging,
  v2StageThrottling,
  v2StageVariablesSecrets,
  websocketConnectAuthorization,
  websocketStageDataTrace,
  websocketStageExecutionLogging,
];

/** A fresh copy of the committed demo snapshot with the HTTP and WebSocket APIs added. */
function demoWithV2(): Inventory {
  const demo = JSON.parse(readFileSync(new URL('../../examples/demo-inventory.json', import.meta.url), 'utf8')) as Inventory;
  addV2Apis(demo);
  return demo;
}

describe('the demo HTTP and WebSocket APIs', () => {
  it('make a valid snapshot with HTTP and WebSocket APIs in both regions', () => {
    const inventory = parseInventory(JSON.parse(JSON.stringify(demoWithV2())), 'demo');
    for (const region of inventory.regions) {
      assert.ok(region.apigatewayv2.apis.ok, region.region);
      const protocols = new Set(region.apigatewayv2.apis.value.map((api) => api.ProtocolType));
      assert.deepEqual([...protocols].sort(), ['HTTP', 'WEBSOCKET'], region.region);
    }
  });

  it('give every HTTP/WebSocket check at least one PASS and one FAIL', () => {
    const results = runChecks(V2_CHECKS, parseInventory(JSON.parse(JSON.stringify(demoWithV2())), 'demo'));
    for (const check of V2_CHECKS) {
      const statuses = new Set(results.filter((r) => r.checkId === check.id).map((r) => r.status));
      assert.ok(statuses.has('PASS') && statuses.has('FAIL'), `${check.id}: ${[...statuses].join(', ')}`);
    }
    assert.deepEqual(results.filter((r) => r.error?.kind === 'check-error').map((r) => `${r.checkId}: ${r.message}`), []);
  });

  it('show a fix never deployed: partner-portal-http still serves GET /orders open', () => {
    const results = runChecks([httpDeploymentDrift, httpRouteAuthorization], parseInventory(JSON.parse(JSON.stringify(demoWithV2())), 'demo'));
    const portal = results.filter((r) => r.resource.name.startsWith('partner-portal-http'));
    assert.deepEqual(
      portal.map((r) => [r.checkId, r.status, r.severity]),
      [
        ['http-deployment-drift', 'FAIL', 'critical'],
        ['http-route-authorization', 'FAIL', 'high'],
      ],
    );
    assert.deepEqual(portal[0]!.evidence.fixesNotDeployed, ['GET /orders: authorization live NONE, draft JWT (authorizer partner-sso)']);
    assert.deepEqual(portal[1]!.evidence.openRoutes, ['$default', 'GET /orders']);
  });

  it('applying the module twice gives the same snapshot', () => {
    const once = demoWithV2();
    const twice = structuredClone(once);
    addV2Apis(twice);
    assert.deepEqual(JSON.parse(JSON.stringify(twice)), JSON.parse(JSON.stringify(once)));
  });
});

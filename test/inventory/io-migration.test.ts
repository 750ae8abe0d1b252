/**
 * Version 1 snapshots (the working copy only) migrate on read: what the stages serve becomes a
 * gap ("collect again"), so the checks judging deployed data report ERROR rather than judging
 * the draft as if it were live.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allChecks } from '../../checks/index.js';
import { runChecks } from '../../src/engine/runner.js';
import { migrateFromV1, parseInventory, V1_NO_DEPLOYED_VIEW } from '../../src/inventory/io.js';
import type { Inventory } from '../../src/inventory/schema.js';
import { inventory, ok, region, resource, restApi, stage, v2Api, v2Stage, REGION } from '../fixtures/builders.js';

/** The same account as version 1 wrote it: no `deployments`, no `stageExports`. */
function asVersion1(snapshot: Inventory): unknown {
  const json = JSON.parse(JSON.stringify(snapshot)) as { schemaVersion: number; regions: { apigateway: { restApis: { value: object[] } }; apigatewayv2: { apis: { value: object[] } } }[] };
  json.schemaVersion = 1;
  for (const r of json.regions) {
    for (const api of r.apigateway.restApis.value) delete (api as { deployments?: unknown }).deployments;
    for (const api of r.apigatewayv2.apis.value) delete (api as { stageExports?: unknown }).stageExports;
  }
  return json;
}

const REST_ARN = `arn:aws:apigateway:${REGION}::/restapis/open1`;
const HTTP_ARN = `arn:aws:apigateway:${REGION}::/apis/http1`;
const gap = (service: string, operation: string, resource: string) => ({
  ok: false,
  error: { service, operation, region: REGION, resource, code: 'NotInSnapshot', message: V1_NO_DEPLOYED_VIEW },
});

function account(): Inventory {
  return inventory({
    regions: [
      region({
        restApis: [
          restApi({
            id: 'open1',
            resources: [resource('/', { GET: { authorizationType: 'NONE' } })],
            stages: [
              stage({ stageName: 'prod', deploymentId: 'dep1', canarySettings: { deploymentId: 'dep2', percentTraffic: 10 } }),
              stage({ stageName: 'beta', deploymentId: 'dep1' }),
              stage({ stageName: 'draft', deploymentId: undefined }),
            ],
          }),
          restApi({ id: 'nostages', stages: { ok: false, error: { service: 'apigateway', operation: 'GetStages', region: REGION, resource: 'x', code: 'AccessDeniedException', message: 'no' } } }),
        ],
        v2Apis: [
          v2Api({ ApiId: 'http1', stages: ok([v2Stage(), v2Stage({ StageName: 'live', AutoDeploy: false }), v2Stage({ StageName: 'old', AutoDeploy: undefined })]) }),
          v2Api({ ApiId: 'ws1', ProtocolType: 'WEBSOCKET', stages: ok([v2Stage({ StageName: 'prod', AutoDeploy: false })]) }),
        ],
      }),
    ],
  });
}

describe('reading a version 1 snapshot', () => {
  const migrated = parseInventory(asVersion1(account()), 'v1.json');
  const [r] = migrated.regions;
  const rest = r?.apigateway.restApis.ok ? r.apigateway.restApis.value : [];
  const v2 = r?.apigatewayv2.apis.ok ? r.apigatewayv2.apis.value : [];

  it('reads as version 2', () => assert.equal(migrated.schemaVersion, 2));

  it('gives every deployment a REST stage serves a GetExport gap, a canary-only one a GetDeployment gap', () => {
    assert.deepEqual(rest[0]?.deployments, {
      dep1: gap('apigateway', 'GetExport', `${REST_ARN}/deployments/dep1`),
      dep2: gap('apigateway', 'GetDeployment', `${REST_ARN}/deployments/dep2`),
    });
    // Stages unknown: no deployment is known either.
    assert.deepEqual(rest[1]?.deployments, {});
  });

  it('gives every HTTP API stage without AutoDeploy an ExportApi gap, and WebSocket APIs none', () => {
    assert.deepEqual(v2[0]?.stageExports, {
      live: gap('apigatewayv2', 'ExportApi', `${HTTP_ARN}/stages/live`),
      old: gap('apigatewayv2', 'ExportApi', `${HTTP_ARN}/stages/old`),
    });
    assert.deepEqual(v2[1]?.stageExports, {});
  });

  it('adds nothing to the errors list: no call failed', () => assert.deepEqual(migrated.errors, []));

  it('makes the checks judging what stages serve report ERROR (collect again), never PASS or FAIL on the draft', () => {
    const judged = runChecks(allChecks, migrated).filter((result) => result.resource.apiArn === REST_ARN && result.checkId === 'rest-method-authorization');
    assert.ok(judged.length > 0);
    for (const result of judged) {
      assert.equal(result.status, 'ERROR', `${result.resource.name}: ${result.message}`);
      assert.match(JSON.stringify(result), /collect again/);
    }
  });

  it('leaves other versions to the version check, and a version 2 snapshot untouched', () => {
    const v3 = { ...(asVersion1(account()) as object), schemaVersion: 3 };
    assert.throws(() => parseInventory(v3, 'v3.json'), /v3\.json has inventory snapshot schema version 3; this apiposture reads version 2/);
    const current = JSON.parse(JSON.stringify(account())) as unknown;
    assert.equal(migrateFromV1(current), current);
  });

  it('passes a version 1 document that is not shaped like a snapshot to the schema, which refuses it', () => {
    assert.throws(() => parseInventory({ schemaVersion: 1, regions: 'x' }, 'odd.json'), /odd\.json is not a valid apiposture inventory snapshot/);
  });
});

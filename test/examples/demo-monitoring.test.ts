import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import accountCloudtrail from '../../checks/account/account-cloudtrail.js';
import iamApiWildcards from '../../checks/account/iam-api-wildcards.js';
import kmsKeyRotation from '../../checks/account/kms-key-rotation.js';
import accessLogGroup from '../../checks/monitoring/access-log-group.js';
import apiMonitoringAlarms from '../../checks/monitoring/api-monitoring-alarms.js';
import { addMonitoring } from '../../examples/demo/monitoring.js';
import { demoInventory } from '../../examples/generate-demo.js';
import { runChecks } from '../../src/engine/runner.js';
import { parseInventory } from '../../src/inventory/io.js';
import type { Inventory } from '../../src/inventory/schema.js';

const CHECKS = [apiMonitoringAlarms, accessLogGroup, kmsKeyRotation, accountCloudtrail, iamApiWildcards];

/** A fresh copy of the demo with the monitoring data added. */
function demoWithMonitoring(): Inventory {
  const demo = JSON.parse(JSON.stringify(demoInventory)) as Inventory;
  addMonitoring(demo);
  return demo;
}

describe('the demo monitoring, trails, keys and IAM policies', () => {
  const inventory = parseInventory(JSON.parse(JSON.stringify(demoWithMonitoring())), 'demo with monitoring');
  const results = runChecks(CHECKS, inventory);
  const outcome = (checkId: string, resource: string) =>
    results.filter((r) => r.checkId === checkId && r.resource.name === resource).map((r) => `${r.status} ${r.messageId}`);

  for (const check of CHECKS) {
    it(`show a PASS and a FAIL for ${check.id}`, () => {
      const statuses = new Set(results.filter((r) => r.checkId === check.id).map((r) => r.status));
      assert.ok(statuses.has('PASS') && statuses.has('FAIL'), `${check.id}: ${[...statuses].join(', ')}`);
    });
  }

  it('hold no data the checks cannot read, and no check throws', () => {
    const broken = results.filter((r) => r.error && r.error.kind !== 'collection-gap');
    assert.deepEqual(broken.map((r) => `${r.checkId} ${r.resource.name}: ${r.message}`), []);
    // The only gaps are the demo's own (analytics-api's stages): its log groups, and the keys
    // protecting them, are unknown; every other key and log group is there.
    const gaps = results.filter((r) => r.status === 'ERROR').map((r) => `${r.checkId} ${r.resource.name}`);
    assert.deepEqual(gaps, ['api-monitoring-alarms analytics-api', 'access-log-group analytics-api', 'kms-key-rotation analytics-api']);
  });

  it('tell the story the module describes', () => {
    assert.deepEqual(outcome('account-cloudtrail', '123456789012/eu-west-1'), ['PASS audited']);
    assert.deepEqual(outcome('account-cloudtrail', '123456789012/us-east-1'), ['FAIL no-compliant-trail']);
    assert.deepEqual(outcome('api-monitoring-alarms', 'orders-api/prod'), ['PASS monitored']);
    assert.deepEqual(outcome('api-monitoring-alarms', 'payments-api/prod'), ['PASS monitored']);
    assert.deepEqual(outcome('api-monitoring-alarms', 'support-chat-ws/prod'), ['PASS monitored']);
    assert.deepEqual(outcome('api-monitoring-alarms', 'inventory-sync/prod'), ['FAIL unmonitored']);
    assert.deepEqual(outcome('api-monitoring-alarms', 'mobile-backend/prod'), ['FAIL unmonitored']);
    assert.deepEqual(outcome('api-monitoring-alarms', 'notifications-ws/prod'), ['FAIL unmonitored']);
    assert.deepEqual(outcome('api-monitoring-alarms', 'webhooks-ingest/dev'), ['NOT_APPLICABLE not-production']);
    assert.deepEqual(outcome('access-log-group', 'orders-api/prod'), ['PASS kept']);
    assert.deepEqual(outcome('access-log-group', 'internal-reports/prod'), ['PASS kept']);
    assert.deepEqual(outcome('access-log-group', 'inventory-sync/prod'), ['FAIL weak-group']);
    assert.deepEqual(outcome('access-log-group', 'support-chat-ws/prod'), ['FAIL missing-group']);
    assert.deepEqual(outcome('access-log-group', 'legacy-partner-api/v1'), ['NOT_APPLICABLE no-access-logs']);
    assert.deepEqual(outcome('kms-key-rotation', '5f4e3d2c-1b0a-4987-b6c5-d4e3f2a1b0c9'), ['FAIL not-rotating']);
    assert.deepEqual(outcome('kms-key-rotation', '0c1d2e3f-4a5b-4c6d-9e7f-8a9b0c1d2e3f'), ['PASS rotating']);
    assert.deepEqual(outcome('iam-api-wildcards', 'orders-frontend-invoke'), ['PASS scoped']);
    assert.deepEqual(outcome('iam-api-wildcards', 'orders-api-deploy'), ['PASS scoped']);
    assert.deepEqual(outcome('iam-api-wildcards', 'partner-integration'), ['FAIL service-wildcard']);
    assert.deepEqual(outcome('iam-api-wildcards', 'ops-admin/break-glass (inline)'), ['FAIL admin']);
    assert.deepEqual(outcome('iam-api-wildcards', 'legacy-gateway-admin'), ['FAIL unattached']);
    assert.deepEqual(outcome('iam-api-wildcards', 'AmazonAPIGatewayInvokeFullAccess'), ['FAIL broad-grant']);
    assert.deepEqual(outcome('iam-api-wildcards', 'AmazonAPIGatewayPushToCloudWatchLogs'), ['PASS no-api-grants']);
    const iam = (resource: string) => results.find((r) => r.checkId === 'iam-api-wildcards' && r.resource.name === resource);
    assert.equal(iam('ops-admin/break-glass (inline)')?.severity, 'critical');
    assert.equal(iam('partner-integration')?.severity, 'high');
    assert.equal(iam('legacy-gateway-admin')?.severity, 'medium', 'attached to nothing, it grants nothing today');
    assert.deepEqual(iam('partner-integration')?.evidence.attachedTo, ['role/partner-sync', 'user/partners/acme']);
    assert.deepEqual(iam('AmazonAPIGatewayInvokeFullAccess')?.evidence, {
      ...iam('AmazonAPIGatewayInvokeFullAccess')?.evidence,
      kind: 'aws-managed',
      attachedTo: ['role/reporting-batch'],
      grants: ['execute-api:Invoke on every API', 'execute-api:ManageConnections on every API'],
    });
  });

  it('link the non-rotating key to the APIs whose logs it protects', () => {
    const key = results.find((r) => r.checkId === 'kms-key-rotation' && r.status === 'FAIL');
    assert.deepEqual(key?.resource.linkedApiArns, [
      'arn:aws:apigateway:us-east-1::/restapis/m0b1le07g',
      'arn:aws:apigateway:us-east-1::/restapis/w3bh00k08h',
    ]);
  });

  it('is idempotent', () => {
    const twice = demoWithMonitoring();
    addMonitoring(twice);
    assert.deepEqual(twice, demoWithMonitoring());
  });
});

/**
 * examples/demo/drift.ts: the demo shows a fix that was never deployed at the top of the report,
 * and a weaker configuration waiting in a draft.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allChecks } from '../../checks/index.js';
import { addDrift, LOYALTY_DEPLOYMENT_ID } from '../../examples/demo/drift.js';
import { demoInventory } from '../../examples/generate-demo.js';
import { runChecks } from '../../src/engine/runner.js';
import { parseInventory } from '../../src/inventory/io.js';
import type { Inventory } from '../../src/inventory/schema.js';
import { buildReport } from '../../src/report/model.js';

function demoCopy(): Inventory {
  return JSON.parse(JSON.stringify(demoInventory)) as Inventory;
}

describe('the demo\'s drift between drafts and stages', () => {
  const inventory = parseInventory(demoCopy(), 'demo');
  const results = runChecks(allChecks, inventory);
  const find = (checkId: string, resource: string) => results.find((r) => r.checkId === checkId && r.resource.name === resource);

  it('loyalty-api: the IAM fix was never deployed, so stage prod is open to anyone (critical), and drift says so', () => {
    const exposure = find('rest-api-public-unauthenticated', 'loyalty-api');
    assert.equal(exposure?.status, 'FAIL');
    assert.equal(exposure?.severity, 'critical');
    assert.match(exposure!.message, /stage prod/);
    const drift = find('rest-deployment-drift', 'loyalty-api/prod');
    assert.equal(drift?.status, 'FAIL');
    assert.equal(drift?.severity, 'critical');
    assert.equal(drift?.messageId, 'fix-not-deployed');
    assert.equal(drift?.evidence.deploymentId, LOYALTY_DEPLOYMENT_ID);
    // A stage export does not carry its deployment's date; reading it would cost one more call per API.
    assert.equal(drift?.evidence.deployedAt, 'unknown');
    assert.deepEqual(drift?.evidence.fixesNotDeployed, [
      'GET /points: authorization live NONE, draft AWS_IAM',
      'POST /points/redeem: authorization live NONE, draft AWS_IAM',
    ]);
  });

  it('loyalty-api is at the top of the report: among the riskiest APIs, with critical failures', () => {
    const report = buildReport({ inventory, results, checks: allChecks, toolVersion: '0.0.0-test', generatedAt: '2026-11-01T12:00:00.000Z' });
    const rank = report.apis.findIndex((a) => a.api.name === 'loyalty-api');
    // Among the first four: analytics-api (anyone can post events with guest credentials of the
    // mobile-guests identity pool) joined the APIs with critical failures ahead of it.
    assert.ok(rank >= 0 && rank < 4, `loyalty-api ranks ${rank + 1}: ${report.apis.slice(0, 5).map((a) => a.api.name).join(', ')}`);
    assert.ok(report.apis.slice(0, rank + 1).every((a) => a.criticalFailures.length > 0), 'only APIs with critical failures rank ahead of it');
    assert.ok(report.apis[rank]!.criticalFailures.length > 0);
  });

  it('orders-api: a params-only validator waits in the draft; the stage still validates bodies', () => {
    const drift = find('rest-deployment-drift', 'orders-api/prod');
    assert.equal(drift?.messageId, 'weaker-in-draft');
    assert.equal(drift?.severity, 'medium');
    assert.deepEqual(drift?.evidence.weakerInDraft, [
      'POST /orders: request validation live validator body (body, parameters), draft validator params-only (parameters)',
    ]);
    assert.equal(find('rest-method-request-validation', 'orders-api/prod')?.messageId, 'validated');
  });

  it('stages that serve their draft pass', () => {
    assert.equal(find('rest-deployment-drift', 'payments-api/prod')?.messageId, 'in-sync');
    assert.equal(find('rest-deployment-drift', 'webhooks-ingest/dev')?.messageId, 'in-sync');
  });

  it('is idempotent', () => {
    const once = demoCopy();
    addDrift(once);
    assert.deepEqual(JSON.parse(JSON.stringify(once)), demoCopy());
  });
});

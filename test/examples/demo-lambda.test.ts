import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import lambdaAuthorizerRuntime from '../../checks/lambda/lambda-authorizer-runtime.js';
import lambdaFunctionUrlAuth from '../../checks/lambda/lambda-function-url-auth.js';
import lambdaInvokePolicy from '../../checks/lambda/lambda-invoke-policy.js';
import { addLambda } from '../../examples/demo/lambda.js';
import { runChecks } from '../../src/engine/runner.js';
import { parseInventory } from '../../src/inventory/io.js';
import type { Inventory } from '../../src/inventory/schema.js';

const CHECKS = [lambdaFunctionUrlAuth, lambdaInvokePolicy, lambdaAuthorizerRuntime];
const DEMO = new URL('../../examples/demo-inventory.json', import.meta.url);
const demo = () => JSON.parse(readFileSync(DEMO, 'utf8')) as Inventory;

describe('the demo Lambda functions', () => {
  const inventory = parseInventory(demo(), 'demo');
  const results = runChecks(CHECKS, inventory);
  const verdict = (checkId: string, name: string) => results.find((r) => r.checkId === checkId && r.resource.name === name);

  it('show a PASS and a FAIL for each Lambda check', () => {
    for (const check of CHECKS) {
      const statuses = new Set(results.filter((r) => r.checkId === check.id).map((r) => r.status));
      assert.ok(statuses.has('PASS') && statuses.has('FAIL'), `${check.id}: ${[...statuses].join(', ')}`);
    }
  });

  it('fail webhooks-ingest’s public function URL as critical, linked to the API it bypasses', () => {
    const result = verdict('lambda-function-url-auth', 'webhooks-ingest-handler');
    assert.equal(result?.status, 'FAIL');
    assert.equal(result?.severity, 'critical');
    assert.deepEqual(result?.resource.linkedApiArns, ['arn:aws:apigateway:us-east-1::/restapis/w3bh00k08h']);
    assert.equal(verdict('lambda-function-url-auth', 'payments-api-handler')?.messageId, 'iam-auth');
  });

  it('fail the confused deputy and the deprecated authorizer runtime, pass their counterparts', () => {
    assert.equal(verdict('lambda-invoke-policy', 'legacy-partner-api-handler')?.messageId, 'confused-deputy');
    assert.equal(verdict('lambda-invoke-policy', 'orders-api-handler')?.status, 'PASS');
    assert.equal(verdict('lambda-authorizer-runtime', 'partner-token-check')?.messageId, 'deprecated');
    assert.equal(verdict('lambda-authorizer-runtime', 'verify-signature')?.status, 'PASS');
    assert.equal(verdict('lambda-authorizer-runtime', 'orders-api-handler'), undefined, 'integrations are not authorizers');
  });

  it('report ERROR only where the API’s stages could not be read (analytics-api)', () => {
    const errors = results.filter((r) => r.status === 'ERROR').map((r) => `${r.checkId} ${r.resource.name}`);
    assert.deepEqual(errors, CHECKS.map((c) => `${c.id} analytics-api`));
  });

  it('adding the functions twice changes nothing', () => {
    const once = demo();
    const twice = demo();
    addLambda(twice);
    assert.deepEqual(twice, once);
  });
});

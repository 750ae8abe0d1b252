import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import apiShieldAdvanced from '../../checks/edge/api-shield-advanced.js';
import defaultEndpointTlsPolicy from '../../checks/edge/default-endpoint-tls-policy.js';
import restStageCacheInvalidation from '../../checks/rest/rest-stage-cache-invalidation.js';
import { runChecks } from '../../src/engine/runner.js';
import { parseInventory } from '../../src/inventory/io.js';

const committed = readFileSync(new URL('../../examples/demo-inventory.json', import.meta.url), 'utf8');

describe('the demo cache invalidation, default-endpoint TLS and Shield Advanced cases', () => {
  const inventory = parseInventory(JSON.parse(committed), 'demo');
  const verdicts = (check: Parameters<typeof runChecks>[0][number]) =>
    Object.fromEntries(runChecks([check], inventory).map((r) => [r.resource.name, `${r.status} ${r.messageId}`]));

  it('mobile-backend/prod lets anyone invalidate its cached GET /catalog; orders-api/prod requires authorization', () => {
    const results = runChecks([restStageCacheInvalidation], inventory);
    const mobile = results.find((r) => r.resource.name === 'mobile-backend/prod');
    assert.equal(`${mobile?.status} ${mobile?.messageId}`, 'FAIL anyone-invalidates');
    assert.deepEqual(mobile?.evidence.open, ['GET /catalog']);
    assert.equal(verdicts(restStageCacheInvalidation)['orders-api/prod'], 'PASS authorized');
  });

  it('webhooks-ingest pins its default endpoint to TLS_1_0; payments-api (private) and mobile-backend (enhanced, BASIC) pass; orders-api has it disabled', () => {
    const v = verdicts(defaultEndpointTlsPolicy);
    assert.equal(v['webhooks-ingest'], 'FAIL tls-1-0');
    assert.equal(v['payments-api'], 'PASS tls-1-2-plus');
    assert.equal(v['mobile-backend'], 'PASS tls-1-2-plus-basic');
    assert.equal(v['orders-api'], 'NOT_APPLICABLE endpoint-disabled');
  });

  it('the account does not subscribe to Shield Advanced: not applicable for every API, never a failure', () => {
    const statuses = new Set(Object.values(verdicts(apiShieldAdvanced)));
    assert.deepEqual([...statuses], ['NOT_APPLICABLE not-subscribed']);
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import accountCloudwatchRole from '../../checks/account/account-cloudwatch-role.js';
import defaultEndpointDisabled from '../../checks/edge/default-endpoint-disabled.js';
import domainCertificate from '../../checks/edge/domain-certificate.js';
import domainMtls from '../../checks/edge/domain-mtls.js';
import domainTlsPolicy from '../../checks/edge/domain-tls-policy.js';
import apiKeysHygiene from '../../checks/rest/api-keys-hygiene.js';
import { addDomains } from '../../examples/demo/domains.js';
import { runChecks } from '../../src/engine/runner.js';
import { parseInventory } from '../../src/inventory/io.js';
import type { Inventory } from '../../src/inventory/schema.js';

const CHECKS = [domainTlsPolicy, domainCertificate, domainMtls, defaultEndpointDisabled, accountCloudwatchRole, apiKeysHygiene];

const committed = readFileSync(new URL('../../examples/demo-inventory.json', import.meta.url), 'utf8');

/** A fresh copy of the committed demo snapshot, with the domains added. */
function demoWithDomains(): Inventory {
  const demo = JSON.parse(committed) as Inventory;
  addDomains(demo);
  return demo;
}

describe('the demo domains', () => {
  const inventory = parseInventory(JSON.parse(JSON.stringify(demoWithDomains())), 'demo with domains');
  const results = runChecks(CHECKS, inventory);

  it('keep the demo a valid snapshot', () => {
    const domains = inventory.regions.flatMap((r) => (r.apigateway.domainNames.ok ? r.apigateway.domainNames.value : []));
    const v2Domains = inventory.regions.flatMap((r) => (r.apigatewayv2.domainNames.ok ? r.apigatewayv2.domainNames.value : []));
    assert.ok(domains.length >= 5, `${domains.length} v1 domains`);
    assert.ok(v2Domains.length >= 3, `${v2Domains.length} v2 domains`);
  });

  for (const check of CHECKS) {
    it(`show a PASS and a FAIL for ${check.id}`, () => {
      const statuses = new Set(results.filter((r) => r.checkId === check.id).map((r) => r.status));
      assert.ok(statuses.has('PASS') && statuses.has('FAIL'), `${check.id}: ${[...statuses].join(', ')}`);
    });
  }

  it('hold no data the checks cannot read, and no check throws', () => {
    const broken = results.filter((r) => r.error && r.error.kind !== 'collection-gap');
    assert.deepEqual(broken.map((r) => `${r.checkId} ${r.resource.name}: ${r.message}`), []);
  });

  it('tell the story the module describes', () => {
    const outcome = (checkId: string, resource: string) =>
      results.filter((r) => r.checkId === checkId && r.resource.name === resource).map((r) => `${r.status} ${r.messageId}`);
    assert.deepEqual(outcome('domain-tls-policy', 'm.example.com'), ['FAIL tls-1-0']);
    assert.deepEqual(outcome('domain-tls-policy', 'status.example.com'), ['PASS recommended']);
    assert.deepEqual(outcome('domain-certificate', 'm.example.com'), ['FAIL expiring-imported']);
    assert.deepEqual(outcome('domain-mtls', 'webhooks.example.com'), ['FAIL truststore-warnings']);
    assert.deepEqual(outcome('domain-mtls', 'stores.api.example.com'), ['PASS truststore-clean']);
    assert.deepEqual(outcome('default-endpoint-disabled', 'orders-api'), ['PASS disabled']);
    assert.deepEqual(outcome('default-endpoint-disabled', 'mobile-backend'), ['FAIL enabled']);
    assert.deepEqual(outcome('account-cloudwatch-role', '123456789012/us-east-1'), ['FAIL no-role']);
    assert.deepEqual(outcome('api-keys-hygiene', '123456789012/us-east-1'), ['PASS clean']);
    assert.deepEqual(outcome('api-keys-hygiene', '123456789012/eu-west-1'), ['FAIL issues']);
  });

  it('is idempotent', () => {
    const twice = demoWithDomains();
    addDomains(twice);
    assert.deepEqual(twice, demoWithDomains());
  });
});

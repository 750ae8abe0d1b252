import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import dnsDanglingApiRecord from '../../checks/edge/dns-dangling-api-record.js';
import { runChecks } from '../../src/engine/runner.js';
import { parseInventory } from '../../src/inventory/io.js';

const committed = readFileSync(new URL('../../examples/demo-inventory.json', import.meta.url), 'utf8');

describe('the demo DNS records', () => {
  const inventory = parseInventory(JSON.parse(committed), 'demo');
  const results = runChecks([dnsDanglingApiRecord], inventory);
  const outcome = (resource: string) => results.filter((r) => r.resource.name === resource).map((r) => `${r.status} ${r.messageId}`);

  it('judge every record aimed at API Gateway, and nothing else', () => {
    assert.deepEqual(results.map((r) => r.resource.name).sort(), ['legacy-orders.example.com CNAME', 'orders.api.example.com A']);
  });

  it('pass the alias to the live orders.api.example.com domain, counting towards orders-api', () => {
    assert.deepEqual(outcome('orders.api.example.com A'), ['PASS points-at-domain']);
    const live = results.find((r) => r.resource.name === 'orders.api.example.com A');
    assert.deepEqual(live?.resource.linkedApiArns, ['arn:aws:apigateway:eu-west-1::/restapis/k3x9ord01a']);
  });

  it('fail the CNAME to the default endpoint of a deleted API', () => {
    assert.deepEqual(outcome('legacy-orders.example.com CNAME'), ['FAIL dangling-api']);
    assert.equal(results.find((r) => r.status === 'FAIL')?.severity, 'high');
  });
});

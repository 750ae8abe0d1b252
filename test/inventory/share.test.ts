import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseInventory } from '../../src/inventory/io.js';
import type { DeployedRestConfig, Inventory, RestApi } from '../../src/inventory/schema.js';
import { shareEqualDeployments } from '../../src/inventory/share.js';
import { inventory, region, resource, restApi, stage } from '../fixtures/builders.js';

/** A snapshot as a file gives it: every deployment parsed into its own objects. */
function fromFile(snapshot: Inventory): Inventory {
  return parseInventory(JSON.parse(JSON.stringify(snapshot)), 'snapshot.json');
}

function deployed(snapshot: Inventory, id: string): DeployedRestConfig {
  const apis = snapshot.regions[0]!.apigateway.restApis;
  assert.ok(apis.ok);
  const slot = apis.value[0]!.deployments[id];
  assert.ok(slot?.ok, `deployment ${id} was read`);
  return slot.value;
}

const api = (overrides: Partial<RestApi> = {}) =>
  restApi({
    resources: { ok: true, value: [resource('/orders', { GET: {}, POST: {} }), resource('/items', { GET: {} })] },
    stages: { ok: true, value: [stage({ stageName: 'prod', deploymentId: 'd1' }), stage({ stageName: 'test', deploymentId: 'd2' })] },
    ...overrides,
  });

describe('a snapshot read from a file holds equal deployments once', () => {
  it('two equal deployments share one method list, and the JSON is unchanged', () => {
    const original = inventory({ regions: [region({ restApis: [api()] })] });
    const read = fromFile(original);
    assert.equal(deployed(read, 'd1').methods, deployed(read, 'd2').methods);
    assert.equal(JSON.stringify(read), JSON.stringify(original));
  });

  it('a deployment that differs in one method keeps its own list; its equal methods are shared', () => {
    const original = inventory({ regions: [region({ restApis: [api()] })] });
    const changed = structuredClone(original);
    const d2 = deployed(changed, 'd2');
    const post = d2.methods.findIndex((m) => m.httpMethod === 'POST');
    d2.methods[post] = { ...d2.methods[post]!, apiKeyRequired: !d2.methods[post]!.apiKeyRequired };
    const read = fromFile(changed);
    const [first, second] = [deployed(read, 'd1').methods, deployed(read, 'd2').methods];
    assert.notEqual(first, second);
    for (let i = 0; i < first.length; i++) {
      if (i === post) assert.notEqual(first[i], second[i], 'the changed method is its own');
      else assert.equal(first[i], second[i], `${first[i]!.httpMethod} ${first[i]!.path} is shared`);
    }
    assert.equal(JSON.stringify(read), JSON.stringify(changed));
  });

  it('members in another order are not equal (their JSON differs), and failed reads are left alone', () => {
    const original = inventory({ regions: [region({ restApis: [api()] })] });
    const reordered = structuredClone(original);
    const d2 = deployed(reordered, 'd2');
    d2.methods[0] = Object.fromEntries(Object.entries(d2.methods[0]!).reverse()) as DeployedRestConfig['methods'][number];
    const apis = reordered.regions[0]!.apigateway.restApis;
    assert.ok(apis.ok);
    apis.value[0]!.deployments['d3'] = { ok: false, error: { service: 'apigateway', operation: 'GetExport', region: 'eu-west-1', resource: 'x', code: 'AccessDenied', message: 'no' } };
    const read = shareEqualDeployments(structuredClone(reordered));
    assert.notEqual(deployed(read, 'd1').methods[0], deployed(read, 'd2').methods[0]);
    assert.equal(deployed(read, 'd1').methods[1], deployed(read, 'd2').methods[1]);
    assert.equal(JSON.stringify(read), JSON.stringify(reordered));
  });
});

/**
 * The demo's Lambda functions read back through the AWS look-alike (REST-JSON, the region from
 * the signature): every function once, three calls each, exactly as the demo records them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { collectInventory, type CollectResult } from '../../src/collect/index.js';
import { parseInventory } from '../../src/inventory/io.js';
import type { Inventory } from '../../src/inventory/schema.js';
import { startFakeAws, type FakeAws } from '../support/fake-aws.js';

const DEMO = new URL('../../examples/demo-inventory.json', import.meta.url);

describe('Lambda functions through the AWS look-alike', () => {
  const demo = parseInventory(JSON.parse(readFileSync(DEMO, 'utf8')), 'demo') as Inventory;
  let fake: FakeAws;
  let result: CollectResult;

  before(async () => {
    fake = await startFakeAws({ inventory: demo });
    result = await collectInventory({
      regions: demo.regions.map((r) => r.region),
      endpointUrl: fake.url,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
      rateScale: 1000,
      parts: new Set(['rest-apis', 'rest-stages', 'rest-deployments', 'v2-apis', 'v2-stages', 'v2-routes', 'v2-integrations', 'v2-authorizers', 'v2-exports', 'lambda-functions']),
    });
  });
  after(() => fake.close());

  it('reads back every function the demo records', () => {
    const collected = parseInventory(JSON.parse(JSON.stringify(result.inventory)), 'collected');
    assert.deepEqual(collected.shared.lambdaFunctions, demo.shared.lambdaFunctions);
  });

  it('makes one call of each operation per function, in the function’s region', () => {
    const functions = Object.keys(demo.shared.lambdaFunctions ?? {});
    const lambda = fake.requests.filter((r) => r.service === 'lambda');
    for (const operation of ['GetFunctionConfiguration', 'GetPolicy', 'GetFunctionUrlConfig']) {
      assert.equal(lambda.filter((r) => r.operation === operation).length, functions.length, operation);
    }
    const regions = (list: { region: string }[]) => list.map((r) => r.region).sort();
    assert.deepEqual(
      regions(lambda.filter((r) => r.operation === 'GetPolicy')),
      regions(functions.map((arn) => ({ region: arn.split(':')[3]! }))),
    );
  });
});

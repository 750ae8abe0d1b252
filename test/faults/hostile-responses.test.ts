/**
 * A hostile or broken endpoint must not hold or crash the scan: endless pagination ends in a
 * collection error, a response nested too deep becomes a collection error for that one
 * resource, and keys named `__proto__` survive collection. Everything else is as fault-free.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { toJsonSafe } from '../../src/collect/json-safe.js';
import type { Report } from '../../src/report/model.js';
import { startFakeAws } from '../support/fake-aws.js';
import type { FaultPlan } from '../support/faults.js';
import { compareWithBaseline, demo, scanInProcess, type InProcessScan } from './support.js';

const ORDERS_API = 'arn:aws:apigateway:eu-west-1::/restapis/k3x9ord01a';

async function scanWith(faults: FaultPlan): Promise<InProcessScan> {
  const fake = await startFakeAws({ inventory: demo, faults });
  try {
    return await scanInProcess(fake);
  } finally {
    await fake.close();
  }
}

function deeplyNested(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

describe('hostile responses', () => {
  let baseline: Report;
  before(async () => {
    const fake = await startFakeAws({ inventory: demo });
    try {
      baseline = (await scanInProcess(fake)).report;
    } finally {
      await fake.close();
    }
  });

  it('GetRestApis answering empty pages with a fresh token forever: a collection error, and the scan goes on', async () => {
    let served = 0;
    const run = await scanWith((r) => {
      if (r.operation !== 'GetRestApis' || r.region !== 'eu-west-1') return undefined;
      served += 1;
      return { kind: 'malformed', body: JSON.stringify({ item: [], position: `token-${served}` }) };
    });
    assert.ok(served <= 10, `stopped paging after ${served} pages`);
    const error = run.inventory.errors.find((e) => e.operation === 'GetRestApis' && e.region === 'eu-west-1');
    assert.equal(error?.code, 'PaginationLoop');
    assert.match(error.message, /empty pages in a row/);
    assert.equal(run.exitCode, 3);
    // The other region, and the v2 APIs of this one, are as fault-free.
    const us = (r: Report) => r.results.filter((x) => x.resource.region === 'us-east-1').map((x) => [x.checkId, x.resource.arn, x.status]);
    assert.deepEqual(us(run.report), us(baseline));
  });

  it('one response nested 100,000 levels deep: that API is a collection error, nothing else changes, no crash', async () => {
    const run = await scanWith((r) =>
      r.service === 'apigateway' && r.path === '/restapis/k3x9ord01a/stages'
        ? { kind: 'malformed', body: `{"item":[{"stageName":"prod","variables":${deeplyNested(100_000)}}]}` }
        : undefined,
    );
    const error = run.inventory.errors.find((e) => e.operation === 'GetStages' && e.resource.includes('k3x9ord01a'));
    assert.equal(error?.code, 'UnexpectedResponse');
    assert.match(error.message, /nests deeper than 256 levels/);
    compareWithBaseline(baseline, run.report, { codes: ['UnexpectedResponse'], affected: (r) => r.resource.apiArn === ORDERS_API || (r.resource.linkedApiArns ?? []).includes(ORDERS_API) });
  });

  it('keeps keys named __proto__ as ordinary entries', () => {
    const response = JSON.parse('{"variables":{"__proto__":"sk_live_0123456789abcdefghij","plain":"x"}}') as object;
    const safe = toJsonSafe(response) as { variables: Record<string, string> };
    assert.deepEqual(Object.keys(safe.variables), ['__proto__', 'plain']);
    assert.equal(Object.getPrototypeOf(safe.variables), Object.prototype, 'the prototype itself is untouched');
    assert.match(JSON.stringify(safe), /"__proto__":"sk_live_/);
  });
});

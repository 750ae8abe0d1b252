/** The look-alike's latency model: what each answer costs, computed, never timed. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ERROR_LATENCY_MS, FakeLatency, answerSize, latencyMs } from '../support/fake-aws-latency.js';

const resources = (n: number, methodsEach: number) => ({
  item: Array.from({ length: n }, (_, i) => ({ id: `r${i}`, resourceMethods: Object.fromEntries(['GET', 'POST', 'PUT', 'DELETE', 'PATCH'].slice(0, methodsEach).map((v) => [v, {}])) })),
});

describe('fake AWS latency', () => {
  it('grows GetResources with the page: 500 resources take 1.4 to 2.6 s with one to five methods each', () => {
    const l = new FakeLatency();
    assert.equal(l.delayMs('apigateway', 'GetResources', 200, resources(500, 1), 0), 1400);
    assert.equal(l.delayMs('apigateway', 'GetResources', 200, resources(500, 3), 0), 2000);
    assert.equal(l.delayMs('apigateway', 'GetResources', 200, resources(500, 5), 0), 2600);
    assert.equal(l.delayMs('apigateway', 'GetResources', 200, resources(20, 3), 0), 100 + 40 + 36);
  });

  it('answers list calls in 100 to 300 ms, exports in a few hundred, other services quicker', () => {
    const l = new FakeLatency();
    assert.equal(l.delayMs('apigateway', 'GetRestApis', 200, { item: [] }, 0), 100);
    assert.equal(l.delayMs('apigatewayv2', 'GetApis', 200, { items: Array.from({ length: 500 }, () => ({})) }, 0), 300);
    assert.equal(l.delayMs('apigateway', 'GetExport', 200, '{}', 40 * 1024), 240);
    assert.equal(l.delayMs('apigatewayv2', 'ExportApi', 200, '{}', 0), 200);
    assert.equal(l.delayMs('apigateway', 'GetDeployment', 200, {}, 0), 150);
    assert.equal(l.delayMs('wafv2', 'GetWebACL', 200, { WebACL: {} }, 0), 60);
  });

  it('answers errors and throttling quickly, and divides every latency by the scale', () => {
    assert.equal(new FakeLatency().delayMs('apigateway', 'GetResources', 429, resources(500, 3), 0), ERROR_LATENCY_MS);
    assert.equal(new FakeLatency({ scale: 10 }).delayMs('apigateway', 'GetResources', 200, resources(500, 3), 0), 200);
    assert.throws(() => new FakeLatency({ scale: 0 }), RangeError);
  });

  it('counts the items of v1 (item), v2 (items) and JSON 1.1 answers (their longest list), and embedded methods', () => {
    assert.deepEqual(answerSize(resources(3, 2), 10), { items: 3, embeddedMethods: 6, bytes: 10 });
    assert.deepEqual(answerSize({ items: [1, 2] }, 0), { items: 2, embeddedMethods: 0, bytes: 0 });
    assert.deepEqual(answerSize({ logGroups: [1, 2, 3], other: [1] }, 0), { items: 3, embeddedMethods: 0, bytes: 0 });
    assert.deepEqual(answerSize('<xml/>', 6), { items: 0, embeddedMethods: 0, bytes: 6 });
    assert.equal(latencyMs('apigateway', 'GetStages', { items: 5, embeddedMethods: 0, bytes: 0 }), 102);
  });
});

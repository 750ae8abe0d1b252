import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { CallStats } from '../../src/aws/call-stats.js';
import type { AwsClientSource } from '../../src/aws/clients.js';
import { RateLimits } from '../../src/aws/rate-limiter.js';
import { DEFAULT_RETRY_POLICY } from '../../src/aws/retry.js';
import { createCollectContext, RegionFetcher } from '../../src/collect/context.js';
import { MAX_RESPONSE_DEPTH, StringPool, toJsonSafe, TooDeep } from '../../src/collect/json-safe.js';

const nested = (depth: number): unknown => JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));

describe('toJsonSafe', () => {
  it('turns Dates into ISO strings at any depth and drops $metadata and undefined members', () => {
    const output = {
      $metadata: { httpStatusCode: 200 },
      items: [{ id: 'a', createdDate: new Date('2025-05-06T07:08:09.123Z'), note: undefined, tags: { k: 'v' } }],
      nested: { when: new Date(0), flags: [true, false], count: 0, nothing: null },
    };
    assert.deepEqual(toJsonSafe(output), {
      items: [{ id: 'a', createdDate: '2025-05-06T07:08:09.123Z', tags: { k: 'v' } }],
      nested: { when: '1970-01-01T00:00:00.000Z', flags: [true, false], count: 0, nothing: null },
    });
  });

  it('encodes bytes as base64 and leaves its input untouched', () => {
    const input = { blob: new Uint8Array([104, 105]), at: new Date(0) };
    assert.deepEqual(toJsonSafe(input), { blob: 'aGk=', at: '1970-01-01T00:00:00.000Z' });
    assert.ok(input.at instanceof Date);
  });

  it('encodes a Buffer, or a view into a larger buffer, as base64 of its own bytes (not Buffer.toJSON)', () => {
    const view = new Uint8Array([0, 104, 105, 0]).subarray(1, 3);
    assert.deepEqual(toJsonSafe({ buffer: Buffer.from('hi'), view, list: [Buffer.from('a')] }), { buffer: 'aGk=', view: 'aGk=', list: ['YQ=='] });
  });

  it('keeps a $metadata item of a list (only members named so go)', () => {
    assert.deepEqual(toJsonSafe({ keys: ['$metadata'], map: { $metadata: 'x', y: 1 } }), { keys: ['$metadata'], map: { y: 1 } });
  });

  it(`accepts ${MAX_RESPONSE_DEPTH} nested objects and refuses one more, however deep, without overflowing the stack`, () => {
    assert.doesNotThrow(() => toJsonSafe(nested(MAX_RESPONSE_DEPTH)));
    assert.throws(() => toJsonSafe(nested(MAX_RESPONSE_DEPTH + 1)), TooDeep);
    assert.throws(() => toJsonSafe(nested(100_000), new StringPool()), TooDeep);
  });

  it('keeps keys named __proto__ as data when strings are pooled', () => {
    const safe = toJsonSafe(JSON.parse('{"variables":{"__proto__":"v","plain":"x"}}') as object, new StringPool()) as { variables: Record<string, string> };
    assert.deepEqual(Object.keys(safe.variables), ['__proto__', 'plain']);
    assert.equal(Object.getPrototypeOf(safe.variables), Object.prototype);
  });

  it('gives each distinct string value to the pool once, across responses (an API repeats its ARNs and types)', () => {
    const pool = new StringPool();
    const uri = 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:f/invocations';
    const method = (verb: string) => ({ httpMethod: verb, integration: { type: 'AWS_PROXY', uri }, scopes: ['api/read'] });
    const first = toJsonSafe({ methods: [method('GET'), method('POST')] }, pool);
    const second = toJsonSafe({ methods: [method('GET')], createdDate: new Date(0) }, pool);
    // GET, POST, AWS_PROXY, the URI, api/read, the date: keys are not values.
    assert.equal(pool.size, 6);
    assert.deepEqual(first, { methods: [method('GET'), method('POST')] });
    assert.deepEqual(second, { methods: [method('GET')], createdDate: '1970-01-01T00:00:00.000Z' });
  });
});

describe('StringPool', () => {
  it('starts afresh past its bound rather than growing without one', () => {
    const pool = new StringPool(3);
    for (const value of ['a', 'b', 'c', 'a']) pool.intern(value);
    assert.equal(pool.size, 3);
    assert.equal(pool.intern('d'), 'd');
    assert.equal(pool.size, 1);
  });
});

describe('RegionFetcher.conform', () => {
  it("keeps a copy of the response whose strings come from the scan's pool, not the response itself", () => {
    const ctx = createCollectContext({
      clients: {} as AwsClientSource,
      calls: { limits: new RateLimits(), retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 }, stats: new CallStats() },
      partition: 'aws',
      accountId: '123456789012',
    });
    const f = new RegionFetcher(ctx, 'eu-west-1');
    const target = f.target('GetStages', 'arn:aws:apigateway:eu-west-1::/restapis/a');
    const schema = z.array(z.object({ stageName: z.string() }).passthrough());
    const response = [{ stageName: 'prod', deploymentId: 'd1' }, { stageName: 'dev', deploymentId: 'd1' }];
    const kept = f.conform(schema, { ok: true, value: response }, target);
    assert.deepEqual(kept, { ok: true, value: response });
    assert.ok(kept.ok && kept.value !== response && kept.value[0] !== response[0]);
    assert.equal(ctx.strings.size, 3);
    f.conform(schema, { ok: true, value: [{ stageName: 'prod' }] }, target);
    assert.equal(ctx.strings.size, 3, 'a string met before is not pooled again');
  });
});

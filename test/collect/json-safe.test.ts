import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toJsonSafe } from '../../src/collect/json-safe.js';

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
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readMergeInputs } from '../../src/output/merge-inputs.js';
import type { S3ObjectRead, S3ReportReader } from '../../src/output/s3-read.js';
import { reportJsonChunks } from '../../src/report/write.js';
import { hostileReport } from '../report/fixture.js';

const TEXT = [...reportJsonChunks(hostileReport())].join('');
const tick = () => new Promise((resolve) => setImmediate(resolve));

/** An S3 reader whose reads finish when the test says so. */
function pausedReader() {
  const pending = new Map<string, (read: S3ObjectRead) => void>();
  const started: string[] = [];
  const reader: S3ReportReader = {
    listLatestReports: () => Promise.reject(new Error('not expected')),
    read: (location) =>
      new Promise((resolve) => {
        started.push(location.key);
        pending.set(location.key, resolve);
      }),
  };
  const finish = (key: string) => pending.get(key)!({ ok: true, bytes: Buffer.from(TEXT) });
  return { reader, started, finish };
}

describe('merge reads S3 reports through a window', () => {
  it('never holds more than `concurrency` objects that are not parsed yet, whatever order they arrive in', async () => {
    const { reader, started, finish } = pausedReader();
    const keys = ['a', 'b', 'c', 'd', 'e'];
    const reading = readMergeInputs(
      keys.map((key) => ({ kind: 's3-object' as const, bucket: 'bucket', key })),
      { s3: () => Promise.resolve(reader), concurrency: 2 },
    );
    await tick();
    assert.deepEqual(started, ['a', 'b']);
    // b arrives first: it waits for a, and no third download starts while both are held.
    finish('b');
    await tick();
    assert.deepEqual(started, ['a', 'b']);
    finish('a');
    await tick();
    assert.deepEqual(started, ['a', 'b', 'c', 'd'], 'a and b parsed: two more');
    for (const key of ['c', 'd']) finish(key);
    await tick();
    finish('e');
    const { sources } = await reading;
    assert.deepEqual(sources.map((s) => s.file), keys.map((key) => `s3://bucket/${key}`));
  });
});

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { observeFullCollections } from '../support/full-collections.js';
import { runCli } from './run-cli.js';

describe('evaluate memory', () => {
  it('collects what reading the snapshot left before evaluating, and the snapshot before the reports', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'apiposture-evaluate-memory-'));
    const evaluate = (out: string) => runCli(['evaluate', 'examples/demo-inventory.json', '--output-dir', join(dir, out), '--fail-on', 'none', '--format', 'json']);
    let seen: number[];
    try {
      // Loading the modules collects garbage too: observed from the second run on.
      await evaluate('first');
      const fullCollections = observeFullCollections();
      const run = await evaluate('second');
      seen = await fullCollections.stop();
      assert.match(run.stdout, /wrote .*report\.json/, run.stderr);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    assert.ok(seen.length >= 2, `${seen.length} full collections in the run`);
  });
});

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { E2E_DIRS, E2E_FILES, E2E_NEEDS_DIST, E2E_SECONDS, findTests, lanes, shards } from '../scripts/test-lanes.mjs';

// What puts a test file in the end-to-end lane: a child process (the built CLI, a script, a
// shell, signals), a local server (the fake AWS, S3 or Security Hub look-alikes) or Chromium.
const E2E_MARKERS = [
  /node:child_process/,
  /\brunCli\(|\bBIN\b/,
  /support\/fake-(aws|s3|securityhub|exports)/,
  /playwright/,
  /browser\/chromium/,
  /createServer/,
  /process\.kill/,
];
const SELF = 'test/lanes.test.ts';
const e2eMarker = (file: string) => E2E_MARKERS.find((marker) => marker.test(readFileSync(file, 'utf8')));

describe('the test lanes (scripts/test-lanes.mjs)', () => {
  const all = findTests();
  const { unit, e2e } = lanes(all);

  it('put every test file in exactly one lane', () => {
    assert.deepEqual([...unit, ...e2e].sort(), all);
    assert.equal(unit.filter((file) => e2e.includes(file)).length, 0);
    assert.ok(unit.includes('test/lanes.test.ts'));
  });

  it('name only end-to-end files and folders that exist', () => {
    for (const file of E2E_FILES) assert.ok(all.includes(file), `${file} is not a test file`);
    for (const dir of E2E_DIRS) assert.ok(existsSync(dir), `${dir} does not exist`);
  });

  it('keep processes, servers and browsers out of the unit lane (it runs in one process)', () => {
    const misplaced = unit.filter((file) => file !== SELF && e2eMarker(file) !== undefined);
    assert.deepEqual(misplaced, [], 'list these in E2E_FILES');
  });

  it('list no file as end-to-end that runs in-process only', () => {
    const listed = E2E_FILES.filter((file) => e2eMarker(file) === undefined);
    assert.deepEqual(listed, [], 'these belong to the unit lane');
  });

  it('wait for dist/ exactly with the files that run the built CLI', () => {
    // runBuiltCli or BIN from test/e2e/run-cli.ts; the container test builds a dist/ of its own.
    const usesBuiltCli = /\brunBuiltCli\b|import \{[^}]*\bBIN\b[^}]*\} from '\.\.?\/(e2e\/)?run-cli\.js'/;
    const needing = e2e.filter((file) => usesBuiltCli.test(readFileSync(file, 'utf8')));
    assert.deepEqual([...E2E_NEEDS_DIST].sort(), needing);
    const halves = lanes(all);
    assert.deepEqual([...halves['e2e-src'], ...halves['e2e-dist']].sort(), [...e2e].sort());
  });

  it('shard the end-to-end lane: every file once, the SDK-mocking files apart, the time balanced', () => {
    const files = ['a', 'b', 'c', 'd', 'e', 'mocked-1', 'mocked-2'];
    const mocks = (file: string) => file.startsWith('mocked');
    const split = shards(files, 3, mocks);
    assert.deepEqual(split.flat().sort(), files);
    assert.deepEqual(split.at(-1), ['mocked-1', 'mocked-2']);
    assert.ok(split.slice(0, -1).every((shard) => !shard.some(mocks)));
    assert.equal(split.length, 3);
    assert.ok(Math.abs(split[0]!.length - split[1]!.length) <= 1, 'equal default times split evenly');
    const real = shards(e2e, 4);
    assert.deepEqual(real.flat().sort(), [...e2e].sort());
    for (const file of Object.keys(E2E_SECONDS)) assert.ok(e2e.includes(file), `${file} in E2E_SECONDS is no end-to-end test file`);
  });
});


// The two test lanes. A test file belongs to the end-to-end lane when it spawns a process (the
// built CLI, a script, a shell), starts a local server (fake AWS, S3 or Security Hub), drives
// Chromium, builds the container tree, mounts a filesystem or sends signals; every other test
// file is a unit test. The lane is decided by this list, never guessed at run time:
// test/lanes.test.ts checks that every listed file exists and that no unit test file reaches for
// a process, a server or a browser.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const E2E_DIRS = ['test/browser/', 'test/container/', 'test/e2e/'];

export const E2E_FILES = [
  'test/bench/baseline.test.ts',
  'test/bench/bench-smoke.test.ts',
  'test/bench/cli-probe.test.ts',
  'test/bench/job-memory.test.ts',
  'test/bench/fake-aws-rate-limits.test.ts',
  'test/bench/latency.test.ts',
  'test/cli/collecting.test.ts',
  'test/cli/logs-e2e.test.ts',
  'test/collect/empty-list-bodies.test.ts',
  'test/collect/fake-aws-roundtrip.test.ts',
  'test/collect/shield.test.ts',
  'test/collect/lambda-fake-aws.test.ts',
  'test/deploy/entrypoint.test.ts',
  'test/deploy/policy.test.ts',
  'test/faults/cli-faults.test.ts',
  'test/faults/collect-faults.test.ts',
  'test/faults/full-disk.test.ts',
  'test/faults/hostile-responses.test.ts',
  'test/faults/interrupt.test.ts',
  'test/faults/linked-archive-faults.test.ts',
  'test/faults/output-files.test.ts',
  'test/faults/preflight.test.ts',
  'test/faults/secrets.test.ts',
  'test/faults/terminal-hygiene.test.ts',
  'test/input/cli-input.test.ts',
  'test/output/s3-upload-e2e.test.ts',
  'test/report/html-findings.test.ts',
  'test/scan/young-generation.test.ts',
  'test/scan/heap-growth.test.ts',
];

// The end-to-end files that run the repository's built CLI (dist/): they wait for tsc to build it;
// the others run the CLI in process from the sources and start at once. A file missing here fails
// on a clean clone (there is no dist/ yet), never passes by accident; test/lanes.test.ts checks
// the list against the files' imports.
export const E2E_NEEDS_DIST = [
  'test/cli/logs-e2e.test.ts',
  'test/e2e/cli-shell.test.ts',
  'test/e2e/cli.test.ts',
  'test/e2e/startup.test.ts',
  'test/faults/full-disk.test.ts',
  'test/faults/interrupt.test.ts',
  'test/input/cli-input.test.ts',
];

// What each end-to-end file costs on a 2-core machine (2026-12-06, each file alone): its CPU
// seconds, or the mean of CPU and wall seconds for a file that mostly waits (Retry-After, timeouts).
// The shards share two cores, so CPU is what they compete for. A file not listed counts as
// DEFAULT_SECONDS; the figures only balance the shards, a stale one never skips or fails a test.
export const E2E_SECONDS = {
  'test/container/production-tree.test.ts': 70,
  'test/browser/report-views.test.ts': 22,
  'test/faults/collect-faults.test.ts': 22,
  'test/browser/report-large.test.ts': 20,
  'test/e2e/cli-shell.test.ts': 18,
  'test/browser/report-hostile.test.ts': 17,
  'test/e2e/securityhub.test.ts': 16,
  'test/faults/cli-faults.test.ts': 14,
  'test/cli/logs-e2e.test.ts': 13,
  'test/browser/report-demo.test.ts': 12,
  'test/browser/report-org.test.ts': 12,
  'test/e2e/changes-cli.test.ts': 12,
  'test/e2e/cli.test.ts': 11,
  'test/cli/collecting.test.ts': 9,
  'test/e2e/startup.test.ts': 9,
  'test/deploy/policy.test.ts': 8,
  'test/faults/secrets.test.ts': 8,
  'test/e2e/multi-account.test.ts': 7,
  'test/faults/preflight.test.ts': 7,
  'test/input/cli-input.test.ts': 6,
  'test/e2e/merge-s3.test.ts': 5,
  'test/e2e/selection-cli.test.ts': 5,
  'test/faults/hostile-responses.test.ts': 5,
  'test/faults/interrupt.test.ts': 5,
  'test/faults/linked-archive-faults.test.ts': 5,
  'test/collect/empty-list-bodies.test.ts': 4,
  'test/e2e/formats-cli.test.ts': 4,
  'test/e2e/mute-cli.test.ts': 4,
  'test/faults/full-disk.test.ts': 4,
  'test/faults/output-files.test.ts': 4,
  'test/faults/terminal-hygiene.test.ts': 4,
  'test/output/s3-upload-e2e.test.ts': 4,
  'test/bench/bench-smoke.test.ts': 3,
  'test/collect/fake-aws-roundtrip.test.ts': 3,
  'test/e2e/deployed-drift.test.ts': 3,
  'test/e2e/merge.test.ts': 3,
};
const DEFAULT_SECONDS = 2;

// aws-sdk-client-mock replaces `send` on a client class, for every instance in the process, so a
// file that mocks the SDK must not share a process with one that calls a local server through
// real clients.
const MOCKS_THE_SDK = /from ['"](aws-sdk-client-mock|[./]+mock-aws\.js)['"]/;

/**
 * Splits files into `count` shards of about equal expected time (longest first, each to the
 * lightest shard), each shard keeping the files' alphabetical order. The files that mock the SDK
 * share a shard of their own.
 */
export function shards(files, count, mocksTheSdk = (file) => MOCKS_THE_SDK.test(readFileSync(file, 'utf8'))) {
  const mocking = files.filter(mocksTheSdk);
  const rest = files.filter((file) => !mocking.includes(file));
  const bins = Array.from({ length: Math.max(1, Math.min(count - (mocking.length > 0 ? 1 : 0), rest.length)) }, () => ({ seconds: 0, files: [] }));
  const heaviestFirst = [...rest].sort((a, b) => (E2E_SECONDS[b] ?? DEFAULT_SECONDS) - (E2E_SECONDS[a] ?? DEFAULT_SECONDS) || a.localeCompare(b));
  for (const file of heaviestFirst) {
    const lightest = bins.reduce((best, bin) => (bin.seconds < best.seconds ? bin : best));
    lightest.seconds += E2E_SECONDS[file] ?? DEFAULT_SECONDS;
    lightest.files.push(file);
  }
  return [...bins.map((bin) => bin.files.sort()), ...(mocking.length > 0 ? [mocking.sort()] : [])].filter((shard) => shard.length > 0);
}

export function findTests(dir = 'test') {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return findTests(path);
      return entry.name.endsWith('.test.ts') ? [path.split('\\').join('/')] : [];
    })
    .sort();
}

export function isE2e(file) {
  return E2E_DIRS.some((dir) => file.startsWith(dir)) || E2E_FILES.includes(file);
}

/** The lanes; the end-to-end lane also as its two halves, without and with the built CLI. */
export function lanes(files = findTests()) {
  const e2e = files.filter(isE2e);
  return {
    unit: files.filter((f) => !isE2e(f)),
    e2e,
    'e2e-src': e2e.filter((f) => !E2E_NEEDS_DIST.includes(f)),
    'e2e-dist': e2e.filter((f) => E2E_NEEDS_DIST.includes(f)),
  };
}

// The two test lanes. A test file belongs to the end-to-end lane when it spawns a process (the
// built CLI, a script, a shell), starts a local server (fake AWS, S3 or Security Hub), drives
// Chromium, builds the container tree, mounts a filesystem or sends signals; every other test
// file is a unit test. The lane is decided by this list, never guessed at run time:
// test/lanes.test.ts checks that every listed file exists and that no unit test file reaches for
// a process, a server or a browser.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const E2E_DIRS = ['test/browser/', 'test/container/', 'test/e2e/'];

export const E2E_FILES = [
  'test/bench/bench-smoke.test.ts',
  'test/bench/fake-aws-rate-limits.test.ts',
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
];

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

export function lanes(files = findTests()) {
  return { unit: files.filter((f) => !isE2e(f)), e2e: files.filter(isE2e) };
}

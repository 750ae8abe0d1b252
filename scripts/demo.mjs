#!/usr/bin/env node
// `npm run demo`: evaluates the bundled demo account (no AWS access) into reports/demo/.
// The demo account includes two denied calls, so the CLI's exit code 3 (incomplete) is expected
// here; any other non-zero code is a real failure.
import { spawnSync } from 'node:child_process';

const args = ['dist/src/cli/bin.js', 'evaluate', 'examples/demo-inventory.json', '--output-dir', 'reports/demo', '--fail-on', 'none'];
const { status } = spawnSync(process.execPath, args, { stdio: 'inherit' });
if (status === 3) {
  console.log('\nexit code 3 (scan incomplete) is expected: the demo account denies two calls, to show how gaps are reported.');
  console.log('open reports/demo/report.html in a browser.');
  process.exit(0);
}
process.exit(status ?? 1);

#!/usr/bin/env node
import { exitOnInterrupt } from './interrupt.js';
import { toolVersion } from '../version.js';
import { quietOnClosedPipe } from './pipes.js';
import { capYoungGeneration } from '../scan/young-generation.js';
import { capHeapGrowth } from '../scan/heap-growth.js';
import { holdsAnAccount } from './command-name.js';

// The AWS SDK prints a multi-line notice on Node.js 20, which would break the JSON log lines on
// stderr; apiposture says the same in one log line when it calls AWS (see collecting.ts).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

quietOnClosedPipe(process.stdout);
quietOnClosedPipe(process.stderr);

const args = process.argv.slice(2);

if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  // Answered before the commands (and the checks they evaluate) are loaded.
  process.stdout.write(`${toolVersion()}\n`);
} else {
  exitOnInterrupt();
  // The container image's young generation, wherever the CLI runs (src/scan/young-generation.ts),
  // and a heap that doubles, not quadruples, between full collections (src/scan/heap-growth.ts),
  // for the commands that hold an account's data: growing the young generation would cost the
  // others 20-40 ms for nothing.
  if (holdsAnAccount(args)) {
    capYoungGeneration();
    capHeapGrowth();
  }
  const { main } = await import('./main.js');
  process.exitCode = await main(args);
}

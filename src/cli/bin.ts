#!/usr/bin/env node
import { exitOnInterrupt } from './interrupt.js';
import { toolVersion } from '../version.js';
import { quietOnClosedPipe } from './pipes.js';

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
  const { main } = await import('./main.js');
  process.exitCode = await main(args);
}

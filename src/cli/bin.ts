#!/usr/bin/env node
import { exitOnInterrupt } from './interrupt.js';
import { main } from './main.js';

// The AWS SDK prints a multi-line notice on Node.js 20, which would break the JSON log lines on
// stderr; apiposture says the same in one log line when it calls AWS (see collecting.ts).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

exitOnInterrupt();
process.exitCode = await main(process.argv.slice(2));

// Module hooks for test/e2e/startup.test.ts: appends every AWS SDK client package a process
// resolves to the file named by APIPOSTURE_TEST_SDK_LOG.
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  const client = /^@aws-sdk\/(client-[a-z0-9-]+)$/.exec(specifier);
  if (client && process.env.APIPOSTURE_TEST_SDK_LOG) appendFileSync(process.env.APIPOSTURE_TEST_SDK_LOG, `${client[1]}\n`);
  return resolved;
}

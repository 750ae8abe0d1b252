/**
 * SIGINT and SIGTERM end a run at once with 128 + the signal number, say so in one line, and
 * leave no temporary file. The run is caught mid-scan: the AWS endpoint is a local socket that
 * accepts the connection and never answers, so the signal arrives while the CLI is waiting on it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BIN, isolatedEnv } from '../e2e/run-cli.js';
import { filesUnder, tempDir } from './support.js';

async function interruptMidScan(signal: 'SIGINT' | 'SIGTERM'): Promise<{ code: number | null; stderr: string; outputDir: string }> {
  const sockets: Socket[] = [];
  let connected!: () => void;
  const firstConnection = new Promise<void>((resolve) => (connected = resolve));
  const server = createServer((socket) => {
    sockets.push(socket);
    connected();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const outputDir = join(tempDir(), 'out');
  try {
    const child = spawn(
      process.execPath,
      [BIN, 'scan', '--region', 'eu-west-1', '--endpoint-url', `http://127.0.0.1:${port}`, '--output-dir', outputDir],
      { env: isolatedEnv({ AWS_ACCESS_KEY_ID: 'AKIAINTERRUPTTEST01', AWS_SECRET_ACCESS_KEY: 'not-a-secret' }) },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    await firstConnection;
    child.kill(signal);
    return { code: await closed, stderr, outputDir };
  } finally {
    for (const socket of sockets) socket.destroy();
    server.close();
  }
}

describe('interrupted runs', () => {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${signal}: exit ${code}, one line saying so, no partial file`, async () => {
      const run = await interruptMidScan(signal);
      assert.equal(run.code, code, run.stderr);
      assert.match(run.stderr, new RegExp(`apiposture: interrupted by ${signal}`));
      assert.doesNotMatch(run.stderr, /\n\s+at /);
      let files: string[] = [];
      try {
        files = filesUnder(run.outputDir);
      } catch {
        // The folder was never created: nothing was written.
      }
      assert.deepEqual(files.filter((f) => f.endsWith('.tmp')), []);
    });
  }
});

/**
 * Runs the CLI as a user would, capturing output and exit code: `runCli` in this process, through
 * `main()`, and `runBuiltCli` as the built `dist/` in a child process.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = `${REPO}dist/src/cli/bin.js`;

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A clean environment: no real AWS profile, region or endpoint leaks into a test. */
export function isolatedEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: '/nonexistent', NO_COLOR: '1' };
  return { ...env, AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', ...extra };
}

/** The built CLI in a child process: for what needs a real process (bin.js, exit, pipes, fds, startup). */
export function runBuiltCli(args: string[], env: NodeJS.ProcessEnv = isolatedEnv(), cwd = REPO): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

type Write = typeof process.stdout.write;

/** Captures what `stream.write` is given until `restore()`; a write callback is called at once. */
function capture(stream: NodeJS.WriteStream): { text: () => string; append: (more: string) => void; restore: () => void } {
  const original = stream.write;
  let text = '';
  stream.write = ((chunk: string | Uint8Array, encoding?: BufferEncoding | ((error?: Error | null) => void), callback?: (error?: Error | null) => void) => {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8');
    const done = typeof encoding === 'function' ? encoding : callback;
    if (done) queueMicrotask(() => done());
    return true;
  }) as Write;
  return { text: () => text, append: (more) => void (text += more), restore: () => (stream.write = original) };
}

let inProcessRun: Promise<unknown> | undefined;

/**
 * Runs the CLI's `main()` (the sources, through tsx) in this process, as `runCli` runs the built
 * CLI in a child: with `env` as the whole environment, `cwd` as the working directory, and stdout,
 * stderr and the JSON log lines captured. It saves a process start and the loading of every module
 * (about half a second each), so a test uses it unless what it tests needs a real process: the
 * built `bin.js`, signals, pipes, file descriptors, startup. Runs never overlap: process globals
 * are swapped for the run.
 */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = isolatedEnv(), cwd = REPO): Promise<CliRun> {
  while (inProcessRun) await inProcessRun.catch(() => undefined);
  const run = runSwapped(args, env, cwd);
  inProcessRun = run;
  try {
    return await run;
  } finally {
    inProcessRun = undefined;
  }
}

async function runSwapped(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<CliRun> {
  const { main } = await import('../../src/cli/main.js');
  const saved = { env: process.env, cwd: process.cwd(), exitCode: process.exitCode };
  const stdout = capture(process.stdout);
  const stderr = capture(process.stderr);
  const logStream = { write: stderr.append };
  process.env = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env };
  process.chdir(cwd);
  process.exitCode = undefined;
  try {
    const code = await main(args, { logStream });
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  } finally {
    stdout.restore();
    stderr.restore();
    process.env = saved.env;
    process.chdir(saved.cwd);
    process.exitCode = saved.exitCode;
  }
}

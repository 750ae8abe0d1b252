// In-process runs of `main` see what the CLI would print, as the CLI runs: bin.ts turns the AWS
// SDK's multi-line Node.js support notice off before anything loads, and so does this module.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * Runs `task` with the text it writes to stdout and stderr captured. Only strings are taken: the
 * test runner's own messages (binary, on stdout) pass through untouched.
 */
export async function captureOutput<T>(task: () => Promise<T>): Promise<{ value: T; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const capture =
    (original: typeof process.stdout.write, append: (text: string) => void) =>
    (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      if (typeof chunk !== 'string') return (original as (chunk: Uint8Array, ...rest: unknown[]) => boolean)(chunk, ...rest);
      append(chunk);
      return true;
    };
  process.stdout.write = capture(out, (text) => (stdout += text)) as typeof process.stdout.write;
  process.stderr.write = capture(err, (text) => (stderr += text)) as typeof process.stderr.write;
  try {
    return { value: await task(), stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

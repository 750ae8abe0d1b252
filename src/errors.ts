/** A mistake in what the user gave us (flags, files). Shown as one line, exit code 2. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

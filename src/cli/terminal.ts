/** Whether text written to a stream may carry ANSI colours. */

export interface MaybeTerminal {
  isTTY?: boolean;
}

/**
 * Colours only on a terminal, and never when NO_COLOR holds a non-empty value
 * (https://no-color.org: "regardless of its value", an empty one does not count).
 */
export function colorEnabled(stream: MaybeTerminal, env: NodeJS.ProcessEnv = process.env): boolean {
  const noColor = env.NO_COLOR;
  return stream.isTTY === true && (noColor === undefined || noColor === '');
}

/** What the entry point needs to know of the command line before the commands are loaded. */

/** The commands that hold an account's data (a snapshot, a report): the ones worth the CLI's heap sizing (young generation, heap growth). */
const HOLDS_AN_ACCOUNT: ReadonlySet<string> = new Set(['scan', 'collect', 'evaluate', 'merge', 'diff', 'securityhub']);

/** The command named: the first word that is neither an option nor the value of `--log-level` (the one global option taking a value). */
export function commandOf(words: readonly string[]): string | undefined {
  return words.find((word, i) => !word.startsWith('-') && words[i - 1] !== '--log-level');
}

/** Whether the command line runs a command that holds an account's data. */
export function holdsAnAccount(words: readonly string[]): boolean {
  return HOLDS_AN_ACCOUNT.has(commandOf(words) ?? '');
}

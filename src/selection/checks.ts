/**
 * Which checks run: `--checks` (ids and `*` patterns; default every check), less
 * `--excluded-checks`, less those below `--severity`. Every mistake is a one-line `InputError`
 * before any work: an unknown id names the closest one, a pattern that matches no check is
 * refused, and so is a selection that leaves nothing to run.
 */
import type { AnyCheck } from '../engine/define.js';
import { severityRank, type Severity } from '../engine/types.js';
import { InputError } from '../errors.js';
import { closest, hasWildcard, patternRegExp } from './patterns.js';

export interface CheckChoice {
  /** `--checks`: ids or patterns; absent: every check. */
  checks?: readonly string[];
  /** `--excluded-checks`: ids or patterns. */
  excludedChecks?: readonly string[];
  /** `--severity`: the lowest severity that runs. */
  severity?: Severity;
}

/** The checks the words name, each once, in the registry's order; `flag` names the flag in errors. */
export function checksNamed(all: readonly AnyCheck[], words: readonly string[], flag: string): AnyCheck[] {
  const ids = all.map((check) => check.id);
  const named = new Set<string>();
  for (const word of words) {
    const wanted = word.trim().toLowerCase();
    if (hasWildcard(wanted)) {
      const pattern = patternRegExp(wanted);
      const matched = ids.filter((id) => pattern.test(id));
      if (matched.length === 0) throw new InputError(`${flag}: '${word}' matches no check (\`apiposture checks\` lists them)`);
      matched.forEach((id) => named.add(id));
    } else if (ids.includes(wanted)) {
      named.add(wanted);
    } else {
      throw new InputError(`${flag}: unknown check '${word}'; did you mean ${closest(wanted, ids) ?? '(no check)'}?`);
    }
  }
  return all.filter((check) => named.has(check.id));
}

/** The checks that run, in the registry's order. */
export function chooseChecks(all: readonly AnyCheck[], choice: CheckChoice): AnyCheck[] {
  const included = choice.checks === undefined ? [...all] : checksNamed(all, choice.checks, '--checks');
  const excluded = new Set(checksNamed(all, choice.excludedChecks ?? [], '--excluded-checks').map((check) => check.id));
  const floor = choice.severity;
  const chosen = included.filter(
    (check) => !excluded.has(check.id) && (floor === undefined || severityRank(check.severity) <= severityRank(floor)),
  );
  if (chosen.length === 0) throw new InputError(`the selection leaves no check to run (${describeChoice(choice)})`);
  return chosen;
}

/** The choice as flags, for messages. */
export function describeChoice(choice: CheckChoice): string {
  return [
    choice.checks && `--checks ${choice.checks.join(',')}`,
    choice.excludedChecks?.length && `--excluded-checks ${choice.excludedChecks.join(',')}`,
    choice.severity && `--severity ${choice.severity}`,
  ]
    .filter(Boolean)
    .join(' ');
}

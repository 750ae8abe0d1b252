/**
 * Reading a mute file: YAML (the format teams keep such lists in, with comments) or JSON (which
 * YAML 1.2 reads as it is). Every mistake is one `InputError` line naming the entry, e.g.
 * `mute file mutes.yaml: rules[3].reason: required`; an unknown check id names the closest one.
 */
import { readFile, stat } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../errors.js';
import { closest, hasWildcard, patternRegExp } from '../selection/patterns.js';
import { MUTE_FILE_VERSION, muteFileSchema, type MuteFileDocument, type MuteList, type MuteRule } from './schema.js';

/** Far more than any hand-kept list of rules. */
export const MAX_MUTE_FILE_BYTES = 1024 * 1024;

/** `rules[3].tags.env` */
function pathText(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}

function issueText(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return issue.message.endsWith('received undefined') ? 'required' : `must be ${article(issue.expected)}`;
  if (issue.code === 'unrecognized_keys') return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
  return issue.message;
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function describeIssue(issues: readonly z.core.$ZodIssue[]): string {
  const issue = issues[0]!;
  const path = pathText(issue.path);
  return `${path === '' ? '' : `${path}: `}${issueText(issue)}`;
}

/** Each check id or pattern must name a known check; the line names the closest id. */
function checkPatternProblem(pattern: string, knownCheckIds: readonly string[]): string | undefined {
  const wanted = pattern.toLowerCase();
  if (hasWildcard(wanted)) {
    const regExp = patternRegExp(wanted);
    return knownCheckIds.some((id) => regExp.test(id)) ? undefined : `'${pattern}' matches no check (\`apiposture checks\` lists them)`;
  }
  if (knownCheckIds.includes(wanted)) return undefined;
  return `unknown check '${pattern}'; did you mean ${closest(wanted, knownCheckIds) ?? '(no check)'}?`;
}

function settledRules(document: MuteFileDocument, knownCheckIds: readonly string[]): { rules: MuteRule[]; problem?: string } {
  const rules: MuteRule[] = [];
  const seen = new Map<string, number>();
  for (const [index, rule] of document.rules.entries()) {
    const at = `rules[${index}]`;
    for (const [i, pattern] of (rule.checks ?? []).entries()) {
      const problem = checkPatternProblem(pattern, knownCheckIds);
      if (problem) return { rules, problem: `${at}.checks[${i}]: ${problem}` };
    }
    const id = rule.id ?? at;
    const earlier = seen.get(id);
    if (earlier !== undefined) return { rules, problem: `${at}.id: '${id}' is also the id of rules[${earlier}]` };
    seen.set(id, index);
    rules.push({
      id,
      reason: rule.reason,
      owner: rule.owner,
      ...(rule.expires !== undefined ? { expires: rule.expires } : {}),
      ...(rule.checks ? { checks: rule.checks.map((c) => c.toLowerCase()) } : {}),
      ...(rule.resources ? { resources: rule.resources } : {}),
      ...(rule.accounts ? { accounts: rule.accounts } : {}),
      ...(rule.regions ? { regions: rule.regions } : {}),
      ...(rule.tags ? { tags: rule.tags } : {}),
    });
  }
  return { rules };
}

/** A mute file's text, validated; `source` names it in errors and in reports. */
export function parseMuteFile(text: string, source: string, knownCheckIds: readonly string[]): MuteList {
  const fail = (detail: string) => new InputError(`mute file ${source}: ${detail}`);
  const parsed = parseDocument(text);
  const syntax = parsed.errors[0];
  if (syntax) throw fail(`not valid YAML or JSON: ${syntax.message.split('\n')[0]!.replace(/:$/, '')}`);
  const document: unknown = parsed.toJS({ maxAliasCount: 100 });
  if (document === null || document === undefined) throw fail(`is empty: expected schemaVersion: ${MUTE_FILE_VERSION} and rules`);
  const checked = muteFileSchema.safeParse(document);
  if (!checked.success) throw fail(describeIssue(checked.error.issues));
  const { rules, problem } = settledRules(checked.data, knownCheckIds);
  if (problem) throw fail(problem);
  return { source, rules };
}

/** Reads and validates a mute file before anything else runs. */
export async function readMuteFile(path: string, knownCheckIds: readonly string[]): Promise<MuteList> {
  let text: string;
  try {
    const info = await stat(path);
    if (info.size > MAX_MUTE_FILE_BYTES) throw new InputError(`mute file ${path}: ${info.size} bytes, over the ${MAX_MUTE_FILE_BYTES}-byte limit`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new InputError(`mute file ${path}: cannot be read (${code})`);
  }
  return parseMuteFile(text, path, knownCheckIds);
}

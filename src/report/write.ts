/** The JSON renderers of the account and organisation reports (the `json` row of formats.ts). */
import type { OrganisationReport } from './merge.js';
import type { Report } from './model.js';

/**
 * `JSON.stringify(report, null, 2)`, produced a piece at a time: the report of a large account
 * can exceed the longest string V8 can hold.
 */
export function* reportJsonChunks(report: Report): Generator<string> {
  const entries = Object.entries(report);
  yield '{\n';
  for (const [i, [key, value]] of entries.entries()) {
    const comma = i < entries.length - 1 ? ',' : '';
    if (Array.isArray(value) && value.length > 0) {
      yield `  ${JSON.stringify(key)}: [\n`;
      for (const [j, item] of value.entries()) {
        const text = (JSON.stringify(item, null, 2) ?? 'null').replaceAll('\n', '\n    ');
        yield `    ${text}${j < value.length - 1 ? ',' : ''}\n`;
      }
      yield `  ]${comma}\n`;
    } else {
      yield `  ${JSON.stringify(key)}: ${JSON.stringify(value, null, 2).replaceAll('\n', '\n  ')}${comma}\n`;
    }
  }
  yield '}\n';
}

/** The organisation report is a summary of the accounts': one piece is enough. */
export function organisationJsonChunks(report: OrganisationReport): string[] {
  return [JSON.stringify(report, null, 2) + '\n'];
}

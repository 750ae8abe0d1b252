/**
 * Writes the report files. Each appears whole or not at all (a temporary file beside it is
 * renamed over it) and is readable by its owner only: reports describe security weaknesses.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { writeAtomic } from '../util/atomic-write.js';
import { renderHtml } from './html.js';
import type { Report } from './model.js';

export type ReportFormat = 'json' | 'html';

export interface WriteOptions {
  outputDir: string;
  formats: readonly ReportFormat[];
}

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

const OUTPUTS: Record<ReportFormat, { file: string; chunks(report: Report): Iterable<string> }> = {
  json: { file: 'report.json', chunks: reportJsonChunks },
  html: { file: 'report.html', chunks: (report) => [renderHtml(report)] },
};

function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ?? (error instanceof Error ? error.message : String(error));
}

/** Returns the paths written, json before html. */
export async function writeReports(report: Report, options: WriteOptions): Promise<string[]> {
  const formats = (['json', 'html'] as const).filter((format) => options.formats.includes(format));
  try {
    await mkdir(options.outputDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new InputError(`cannot create the output directory ${options.outputDir}: ${errorCode(error)}`);
  }
  const written: string[] = [];
  for (const format of formats) {
    const { file, chunks } = OUTPUTS[format];
    const path = join(options.outputDir, file);
    try {
      await writeAtomic(path, chunks(report));
    } catch (error) {
      throw new InputError(`cannot write ${path}: ${errorCode(error)}`);
    }
    written.push(path);
  }
  return written;
}

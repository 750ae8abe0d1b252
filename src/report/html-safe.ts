/**
 * Safe HTML building. Every value interpolated into an `html` template is escaped, unless it
 * is itself `Html` built the same way; markup is never assembled by string concatenation.
 */
import { showControls } from '../util/text.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The one escape function: safe in text and in double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return showControls(text).replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

export class Html {
  private constructor(readonly markup: string) {}

  /** For markup the code itself holds (the page's style and script), never for data. */
  static trusted(markup: string): Html {
    return new Html(markup);
  }

  toString(): string {
    return this.markup;
  }
}

/** What may be interpolated: `false`, `null` and `undefined` render nothing, so `cond && html` works. */
export type Interpolation = Html | string | number | false | null | undefined | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value instanceof Html) return value.markup;
  if (value === false || value === null || value === undefined) return '';
  if (Array.isArray(value)) return (value as readonly Interpolation[]).map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let markup = strings[0]!;
  values.forEach((value, i) => {
    markup += render(value) + strings[i + 1]!;
  });
  return Html.trusted(markup);
}

/** The URL when it is an absolute https: URL without credentials; otherwise undefined. */
export function httpsUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.username === '' && url.password === '' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Safe HTML building. Every value interpolated into an `html` template is escaped, unless it
 * is itself `Html` built the same way; markup is never assembled by string concatenation.
 */
import { showControls } from '../util/text.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Printable ASCII, tabs and line breaks, without `&<>"'`: nothing to escape or show (most of a report). */
const PLAIN = /^[\t\n\r !#-%(-;=?-~]*$/;

/** The one escape function: safe in text and in double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  if (PLAIN.test(text)) return text;
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

// Markup is appended, never joined: `join` would copy every nested section's text again at each
// level, and a large account's page is tens of megabytes. It is copied once, when written.
function render(value: Interpolation): string {
  if (value instanceof Html) return value.markup;
  if (value === false || value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    let markup = '';
    for (const item of value as readonly Interpolation[]) markup += render(item);
    return markup;
  }
  // A number's text is digits, signs, dots and letters: nothing to escape.
  return typeof value === 'number' ? String(value) : escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let markup = strings[0]!;
  for (let i = 0; i < values.length; i++) markup += render(values[i]!) + strings[i + 1]!;
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

/** Text from the inventory is untrusted: these helpers keep it from changing how a report reads. */

// Bidi controls reorder the text around them (CVE-2021-42574, "Trojan Source"); C0/C1
// controls are invisible and some drive terminals; zero-width and other invisible format
// characters (soft hyphen, joiners, word joiner, BOM) make two different names look the same,
// and the Unicode line and paragraph separators break lines. All are shown as visible escapes.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex, no-misleading-character-class
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u2028-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF9-\uFFFB]/g;

function visibleEscape(char: string): string {
  return `\\u${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** `evil\u202Etxt.exe` stays readable as typed rather than reversed on screen. */
export function showControls(text: string): string {
  return text.replace(INVISIBLE, visibleEscape);
}

/** For one terminal line: tabs and line breaks become visible escapes too. */
export function oneLine(text: string): string {
  return showControls(text).replace(/[\t\n\r]/g, visibleEscape);
}

/** At most `max` characters, marking what was cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** "1 error", "2 errors": a count with its noun, singular only for exactly one. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Text from the inventory is untrusted: these helpers keep it from changing how a report reads. */

// Bidi controls reorder the text around them (CVE-2021-42574, "Trojan Source"); C0/C1
// controls are invisible and some drive terminals. Both are shown as visible escapes instead.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

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

/**
 * Links from the organisation report to each account's own report.html. `scan --accounts` and
 * `--organization` write `<output-dir>/<account>/report.json` and `report.html` side by side, and
 * `merge <output-dir>/*\/report.json --output-dir <output-dir>` puts organisation-report.html
 * beside the account folders: the link is then `<account>/report.html`. A link is made only when
 * both ends are local and the report.html is there; S3 inputs or output get none (whether the
 * object exists is not known without asking).
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { isS3Url } from './destination.js';

export interface LinkedReport {
  /** The report.json merged, as given on the command line. */
  file: string;
  account: string;
}

/** `a/b c/report.html` → `a/b%20c/report.html`: each segment URL-encoded, so no segment reads as a scheme. */
function relativeUrl(path: string): string {
  return path.split(sep).map(encodeURIComponent).join('/');
}

/** Account → the relative URL of its report.html, for the accounts whose report.html sits beside their report.json. */
export function accountReportLinks(reports: readonly LinkedReport[], outputDir: string): Map<string, string> {
  const links = new Map<string, string>();
  for (const { file, account } of reports) {
    if (isS3Url(file)) continue;
    const html = join(dirname(resolve(file)), 'report.html');
    if (!existsSync(html)) continue;
    links.set(account, relativeUrl(relative(resolve(outputDir), html)));
  }
  return links;
}

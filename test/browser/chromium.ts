/**
 * Opening reports in a real browser: Debian's Chromium driven by playwright-core (which never
 * downloads a browser of its own). Every page is opened from a file, as a reader opens a report,
 * with everything it asks for recorded and refused: console messages (Chromium reports CSP
 * violations there), uncaught errors, requests and WebSockets.
 *
 * Without a Chromium binary the browser tests skip, visibly, on a developer's machine; in CI
 * (CI=true) they fail instead, so a CI machine without Chromium cannot pass silently.
 */
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, before } from 'node:test';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** The flags this machine's Chromium needs as root and without network (see the machine notes). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : '/usr/bin/chromium';
}

export function inCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** Why Chromium cannot be used, or undefined when it can. */
export function chromiumMissing(): string | undefined {
  const path = chromiumPath();
  try {
    accessSync(path, constants.X_OK);
    return undefined;
  } catch {
    return `Chromium not found at ${path} (set CHROMIUM_PATH, or install Debian's chromium: apt-get install chromium)`;
  }
}

/**
 * The `skip` option of a browser test suite: a visible reason locally when Chromium is missing;
 * never in CI, where `launchChromium` fails with the reason instead.
 */
export function skipWithoutChromium(): string | false {
  const missing = chromiumMissing();
  return missing !== undefined && !inCi() ? `${missing}; browser tests skipped (they fail under CI=true)` : false;
}

export async function launchChromium(): Promise<Browser> {
  const missing = chromiumMissing();
  if (missing !== undefined) {
    throw new Error(`${missing}. The browser tests do not skip in CI (CI=true); .ci/run installs Chromium.`);
  }
  // playwright-core starts it with a new, empty temporary --user-data-dir of its own.
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

export interface PageLog {
  /** Every console message, with its type (`error`, `warning`, `log` …). */
  console: { type: string; text: string }[];
  /** Uncaught exceptions in the page. */
  errors: string[];
  /** Every request other than the report file itself, whether it was blocked or not. */
  requests: string[];
  /** Requests that reached the network layer and were aborted there (a subset of `requests`). */
  aborted: string[];
  webSockets: string[];
}

export interface OpenedReport {
  page: Page;
  context: BrowserContext;
  log: PageLog;
  url: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  viewport?: { width: number; height: number };
  /** Opened as `report.html#hash`. */
  hash?: string;
  /** False opens it as a reader with JavaScript turned off does. */
  javaScript?: boolean;
}

function withoutHash(url: string): string {
  const at = url.indexOf('#');
  return at === -1 ? url : url.slice(0, at);
}

/** Writes `html` to a new temporary folder and opens it from there, recording everything. */
export async function openReport(browser: Browser, html: string, options: OpenOptions = {}): Promise<OpenedReport> {
  const dir = mkdtempSync(join(tmpdir(), 'apiposture-browser-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1400, height: 1000 },
    colorScheme: 'light',
    javaScriptEnabled: options.javaScript ?? true,
  });
  const log: PageLog = { console: [], errors: [], requests: [], aborted: [], webSockets: [] };
  const isReport = (requestUrl: string) => withoutHash(requestUrl) === url;
  context.on('request', (request) => {
    if (!isReport(request.url())) log.requests.push(request.url());
  });
  await context.route('**', async (route) => {
    const requestUrl = route.request().url();
    if (isReport(requestUrl)) return route.continue();
    log.aborted.push(requestUrl);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (message) => log.console.push({ type: message.type(), text: message.text() }));
  page.on('pageerror', (error) => log.errors.push(String(error)));
  page.on('websocket', (socket) => log.webSockets.push(socket.url()));
  await page.goto(options.hash === undefined ? url : `${url}#${options.hash}`, { waitUntil: 'load' });
  return {
    page,
    context,
    log,
    url,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Console messages that signal a problem: errors, warnings and anything about the CSP. */
export function problems(log: PageLog): string[] {
  return [
    ...log.console
      .filter((m) => m.type === 'error' || m.type === 'warning' || /content security policy/i.test(m.text))
      .map((m) => `console ${m.type}: ${m.text}`),
    ...log.errors.map((e) => `page error: ${e}`),
    ...log.requests.map((r) => `request: ${r}`),
    ...log.webSockets.map((w) => `websocket: ${w}`),
  ];
}

/** Polls `condition` until it holds; fails with `what` after `timeoutMs`. */
export async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** `data-row` of each table row that is not hidden, in page order. */
export function visibleRows(page: Page): Promise<string[]> {
  return page.evaluate(
    `Array.from(document.querySelectorAll('tr[data-row]')).filter(function (row) { return !row.hidden; }).map(function (row) { return row.getAttribute('data-row'); })`,
  );
}

export interface PageFilters {
  text?: string;
  severity?: string;
  status?: string;
  region?: string;
  type?: string;
  check?: string;
  account?: string;
}

/**
 * Sets every filter the page has as a reader does (choosing, typing; unset means "all") and
 * waits until the rows are `expectedRows`.
 */
export async function filterReport(page: Page, filters: PageFilters, expectedRows: readonly string[]): Promise<void> {
  for (const name of ['severity', 'status', 'region', 'type', 'check', 'account'] as const) {
    const select = page.locator(`#filter-${name}`);
    if ((await select.count()) > 0) await select.selectOption(filters[name] ?? '');
    else if ((filters[name] ?? '') !== '') throw new Error(`the page has no ${name} filter`);
  }
  await page.fill('#filter-text', '');
  if (filters.text !== undefined && filters.text !== '') await page.locator('#filter-text').pressSequentially(filters.text);
  await page.waitForTimeout(200); // the search waits 150 ms after the last key
  const want = JSON.stringify(expectedRows);
  let got = '';
  try {
    await until(async () => (got = JSON.stringify(await visibleRows(page))) === want, `rows ${want}`);
  } catch (error) {
    throw new Error(`after filtering ${JSON.stringify(filters)}: ${(error as Error).message}; visible: ${got}`, { cause: error });
  }
}

/**
 * For a suite that reads one report: launches Chromium and opens `html` before the suite's tests,
 * hands both to `use`, and closes them after the tests. Call it in the describe body.
 */
export function openForSuite(html: string, use: (browser: Browser, opened: OpenedReport) => void, options: OpenOptions = {}): void {
  let browser: Browser | undefined;
  let opened: OpenedReport | undefined;
  before(async () => {
    browser = await launchChromium();
    opened = await openReport(browser, html, options);
    use(browser, opened);
  });
  after(async () => {
    await opened?.close();
    await browser?.close();
  });
}

/**
 * Regenerates the report screenshots in docs/, in headless Chromium at 1400×1000, from the demo
 * account (examples/demo-inventory.json):
 *
 * - docs/report-screenshot.png: the account report, the worst API's findings opened, the full
 *   page cut to its first screens;
 * - docs/report-checks-screenshot.png: the per-check view, its worst check opened onto its
 *   failing resources;
 * - docs/organisation-report-screenshot.png: the organisation report of the demo scanned as two
 *   accounts (the second without us-east-1), merged.
 *
 *   node --import tsx scripts/screenshot-report.ts [out-dir]
 *
 * Chromium: CHROMIUM_PATH or /usr/bin/chromium (Debian's package). Not run by the tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Inventory } from '../src/inventory/schema.js';
import { parseInventory } from '../src/inventory/io.js';
import { renderHtml } from '../src/report/html.js';
import { renderOrganisationHtml } from '../src/report/html-org.js';
import { mergeReports } from '../src/report/merge.js';
import { evaluateInventory } from '../src/scan/evaluate.js';
import { launchChromium, openReport, problems } from '../test/browser/chromium.js';

const WIDTH = 1400;
const HEIGHT = 1000;
const AT = new Date('2026-11-01T12:30:00Z');

const outDir = process.argv[2] ?? 'docs';
const demoText = readFileSync(new URL('../examples/demo-inventory.json', import.meta.url), 'utf8');
const report = evaluateInventory(parseInventory(JSON.parse(demoText), 'demo'), {}, AT);

/** The demo account under another id; `regions` keeps only those. */
function demoAs(account: string, regions?: readonly string[]) {
  const inventory = JSON.parse(demoText.replaceAll(report.scan.account, account)) as Inventory;
  if (regions) inventory.regions = inventory.regions.filter((r) => regions.includes(r.region));
  return evaluateInventory(parseInventory(inventory, 'demo'), {}, AT);
}

/**
 * Opens `html`, lets `prepare` set the page up, and writes the part of the page from `top` (a
 * selector; the top of the page when absent), at most `clipHeight` high.
 */
async function shoot(browser: Browser, html: string, file: string, clipHeight: number, prepare: (page: Page) => Promise<void>, top?: string) {
  const opened = await openReport(browser, html, { viewport: { width: WIDTH, height: HEIGHT } });
  try {
    const { page } = opened;
    await prepare(page);
    await page.evaluate('window.scrollTo(0, 0)');
    const y = top === undefined ? 0 : Math.max(0, Math.floor((await page.locator(top).boundingBox())!.y) - 16);
    const height = (await page.evaluate('document.documentElement.scrollHeight')) as number;
    const clip = { x: 0, y, width: WIDTH, height: Math.min(height - y, clipHeight) };
    const path = join(outDir, file);
    await page.screenshot({ path, fullPage: true, clip });
    const found = problems(opened.log);
    if (found.length > 0) throw new Error(`the report was not quiet:\n${found.join('\n')}`);
    console.log(`wrote ${path} (${WIDTH}×${clip.height} of a ${height}px page)`);
  } finally {
    await opened.close();
  }
}

const browser = await launchChromium();
try {
  const page = renderHtml(report);
  // The header, the incomplete-scan banner, the cards, the ranked table and the worst API's first findings.
  await shoot(browser, page, 'report-screenshot.png', 3600, async (p) => {
    await p.locator('#api-1 > summary').click();
  });
  await shoot(
    browser,
    page,
    'report-checks-screenshot.png',
    1300,
    async (p) => {
      await p.click('#tab-checks');
      await p.locator('#view-checks details.resources > summary').first().click();
    },
    '#apis',
  );
  const accounts = [demoAs('111122223333'), demoAs('444455556666', ['eu-west-1'])];
  const org = mergeReports(
    accounts.map((r) => ({ file: `reports/org/${r.scan.account}/report.json`, report: r })),
    { generatedAt: '2026-11-02T08:00:00.000Z', toolVersion: report.tool.version },
  );
  const links = new Map(accounts.map((r) => [r.scan.account, `${r.scan.account}/report.html`]));
  await shoot(browser, renderOrganisationHtml(org, { accounts, accountReportLinks: links }), 'organisation-report-screenshot.png', 2200, async () => {});
} finally {
  await browser.close();
}

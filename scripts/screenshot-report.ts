/**
 * Regenerates docs/report-screenshot.png: the demo account's HTML report (examples/
 * demo-inventory.json) in headless Chromium at 1400×1000, the worst API's findings opened,
 * the full page cut to its first screens.
 *
 *   node --import tsx scripts/screenshot-report.ts [out.png]
 *
 * Chromium: CHROMIUM_PATH or /usr/bin/chromium (Debian's package). Not run by the tests.
 */
import { readFileSync } from 'node:fs';
import { evaluateInventory } from '../src/scan/evaluate.js';
import { parseInventory } from '../src/inventory/io.js';
import { renderHtml } from '../src/report/html.js';
import { launchChromium, openReport, problems } from '../test/browser/chromium.js';

const WIDTH = 1400;
const HEIGHT = 1000;
/** The header, the incomplete-scan banner, the cards, the ranked table and the worst API's first findings. */
const CLIP_HEIGHT = 2700;

const out = process.argv[2] ?? 'docs/report-screenshot.png';
const demo = new URL('../examples/demo-inventory.json', import.meta.url);
const report = evaluateInventory(parseInventory(JSON.parse(readFileSync(demo, 'utf8')), 'demo'), {}, new Date('2026-11-01T12:30:00Z'));

const browser = await launchChromium();
try {
  const opened = await openReport(browser, renderHtml(report), { viewport: { width: WIDTH, height: HEIGHT } });
  try {
    const { page } = opened;
    await page.locator('#api-1 > summary').click();
    await page.evaluate('window.scrollTo(0, 0)');
    const height = (await page.evaluate('document.documentElement.scrollHeight')) as number;
    await page.screenshot({ path: out, fullPage: true, clip: { x: 0, y: 0, width: WIDTH, height: Math.min(height, CLIP_HEIGHT) } });
    const found = problems(opened.log);
    if (found.length > 0) throw new Error(`the report was not quiet:\n${found.join('\n')}`);
    console.log(`wrote ${out} (${WIDTH}×${Math.min(height, CLIP_HEIGHT)} of a ${height}px page)`);
  } finally {
    await opened.close();
  }
} finally {
  await browser.close();
}

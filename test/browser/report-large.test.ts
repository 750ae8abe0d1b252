/**
 * A report with more APIs than findings sections (the page renders sections for the worst
 * `MAX_API_SECTIONS` only, so that 10,000 APIs still open in seconds: bench/report-open.ts).
 * The other APIs keep their table row, which the search and the filters still cover. The
 * ranked table comes in blocks of 250 rows that the browser lays out only near the viewport.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateInventory } from '../../src/scan/evaluate.js';
import type { Inventory } from '../../src/inventory/schema.js';
import { MAX_API_SECTIONS, renderHtml } from '../../src/report/html.js';
import type { Report } from '../../src/report/model.js';
import { failed, inventory, ok, region, resource, restApi, shared, stage, v2Api, type RestApiInput } from '../fixtures/builders.js';
import { filterReport, launchChromium, openForSuite, openReport, problems, skipWithoutChromium, until, visibleRows, type OpenedReport } from './chromium.js';
import { expectedRows, type Filters } from './expected.js';

const AT = new Date('2026-11-01T12:30:00Z');

/** `count` APIs of four kinds: open to anyone, not collected, fairly good, and HTTP APIs. */
function manyApis(count: number): Inventory {
  const restApis = [];
  const v2Apis = [];
  for (let i = 0; i < count; i++) {
    const id = `x${String(i).padStart(9, '0')}`;
    const kinds: RestApiInput[] = [
      { resources: [resource('/', { GET: { authorizationType: 'NONE' } })] },
      { stages: failed('GetStages', 'AccessDeniedException', { resource: id }) },
      { stages: [stage({ tracingEnabled: true })] },
    ];
    if (i % 4 === 3) v2Apis.push(v2Api({ ApiId: id, Name: `http-${i}` }));
    else restApis.push(restApi({ id, name: `rest-${i}`, ...kinds[i % 4] }));
  }
  // Shield Advanced collected, without a subscription (as a current snapshot holds it): its check
  // is NOT_APPLICABLE rather than ERROR on every API, so only the APIs not collected carry ERRORs.
  const unsubscribed = { ...shared(), shield: { subscription: ok({ SubscriptionState: 'INACTIVE' }) } };
  return inventory({ regions: [region({ restApis, v2Apis })], shared: unsubscribed });
}

const SECTIONS = 4;
const report: Report = evaluateInventory(manyApis(600), {}, AT);
const page = renderHtml(report, { maxApiSections: SECTIONS });
const allRows = report.apis.map((_, i) => `api-${i + 1}`);
const bareRows = allRows.slice(SECTIONS);

describe('a report with more APIs than findings sections', () => {
  it('renders sections for the worst APIs only, by default the worst MAX_API_SECTIONS', () => {
    assert.equal([...page.matchAll(/<details class="api" id="api-\d+"/g)].length, SECTIONS);
    assert.equal([...page.matchAll(/<tr data-row="api-\d+"/g)].length, report.apis.length);
    assert.match(page, /Findings are shown for the 4 worst APIs;\nthe other 596 APIs are in the table above/);
    const big = evaluateInventory(manyApis(MAX_API_SECTIONS + 3), {}, AT);
    const bigPage = renderHtml(big);
    assert.equal([...bigPage.matchAll(/<details class="api" id="api-\d+"/g)].length, MAX_API_SECTIONS);
    assert.equal([...bigPage.matchAll(/<tr data-row="api-\d+"/g)].length, MAX_API_SECTIONS + 3);
    assert.doesNotMatch(renderHtml(evaluateInventory(manyApis(3), {}, AT)), /findings-omitted/);
  });

  it('cuts the table into blocks of 250 rows, each with its header', () => {
    const blocks = [...page.matchAll(/<div class="rows( full)?"><table class="ranked sortable"[^>]*><thead>[\s\S]*?<\/table><\/div>/g)];
    assert.deepEqual(
      blocks.map((b) => [b[1] === ' full', [...b[0].matchAll(/<tr data-row=/g)].length]),
      [[true, 250], [true, 250], [false, 100]],
    );
    assert.equal([...renderHtml(evaluateInventory(manyApis(3), {}, AT)).matchAll(/<div class="rows"><table class="ranked sortable"/g)].length, 1);
  });

  it('links only to sections that exist', () => {
    const ids = new Set([...page.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    const targets = [...page.matchAll(/\shref="#([^"]+)"/g)].map((m) => m[1]);
    assert.ok(targets.length > 0);
    for (const target of targets) assert.ok(ids.has(target), `#${target} goes nowhere`);
  });
});

describe('a report with more APIs than findings sections, in Chromium', { skip: skipWithoutChromium() }, () => {
  let opened: OpenedReport;
  openForSuite(page, (_browser, open) => {
    opened = open;
  });

  it('opens quietly with every API in the table', async () => {
    assert.deepEqual(problems(opened.log), []);
    assert.deepEqual(await visibleRows(opened.page), allRows);
    assert.equal(await opened.page.locator('#findings-omitted').isVisible(), true);
    assert.equal(await opened.page.locator('tr[data-row] a').count(), SECTIONS);
  });

  it('finds an API without a section by name and by ARN', async () => {
    const { page: p } = opened;
    const last = report.apis.at(-1)!.api;
    await filterReport(p, { text: last.name }, [allRows.at(-1)!]);
    assert.equal(await p.textContent('#filter-count'), `1 of ${report.apis.length} APIs shown`);
    assert.equal(await p.locator('details.api:visible').count(), 0);
    const id = last.arn.split('/').pop()!;
    await filterReport(p, { text: id.toUpperCase() }, [allRows.at(-1)!]);
  });

  it('filters APIs without a section by severity and status', async () => {
    const { page: p } = opened;
    const cases: Filters[] = [{ severity: 'critical' }, { status: 'ERROR' }, { status: 'PASS', severity: 'high' }, { status: 'PASS', severity: 'critical' }, { text: 'http-', status: 'FAIL' }];
    for (const filters of cases) {
      const expected = expectedRows(report, page, filters);
      assert.ok(expected.some((row) => bareRows.includes(row)), `${JSON.stringify(filters)} should show an API without a section`);
      assert.ok(expected.length < allRows.length, `${JSON.stringify(filters)} should hide some APIs`);
      await filterReport(p, filters, expected);
      assert.equal(await p.textContent('#filter-count'), `${expected.length} of ${report.apis.length} APIs shown`);
    }
    await p.click('#filter-reset');
    await until(async () => JSON.stringify(await visibleRows(p)) === JSON.stringify(allRows), 'every row after Reset');
    assert.deepEqual(problems(opened.log), []);
  });

  it('sorts every block as one table, keeping each block’s size, and filters the sorted rows', async () => {
    const { page: p } = opened;
    const button = p.locator('div.rows').first().locator('th button.sort', { hasText: /^API$/ });
    await button.click();
    const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
    const byName = allRows
      .map((row, i) => ({ row, name: report.apis[i]!.api.name, i }))
      .sort((a, b) => collator.compare(a.name, b.name) || a.i - b.i)
      .map((r) => r.row);
    assert.deepEqual(await visibleRows(p), byName);
    assert.deepEqual(await p.locator('div.rows').evaluateAll((els) => els.map((el) => el.querySelectorAll('tr[data-row]').length)), [250, 250, 100]);
    const headers = await p.locator('div.rows th', { hasText: /^API$/ }).evaluateAll((els) => els.map((el) => el.getAttribute('aria-sort')));
    assert.deepEqual(headers, ['ascending', 'ascending', 'ascending']);
    const filters: Filters = { type: 'http-api', status: 'FAIL' };
    const expected = expectedRows(report, page, filters);
    await filterReport(p, filters, byName.filter((row) => expected.includes(row)));
    assert.equal(await p.textContent('#filter-count'), `${expected.length} of ${report.apis.length} APIs shown`);
    await p.click('#filter-reset');
    await p.locator('div.rows').first().locator('th button.sort', { hasText: /^#$/ }).click();
    assert.deepEqual(await visibleRows(p), allRows);
  });

  it('hides a block whose rows are all filtered out, and shows rows of blocks laid out late', async () => {
    const { page: p } = opened;
    const blocks = p.locator('div.rows');
    await filterReport(p, { text: report.apis.at(-1)!.api.name }, [allRows.at(-1)!]);
    // The first block keeps the header; the second, all filtered out, is gone.
    assert.deepEqual(await blocks.evaluateAll((els) => els.map((el) => el.hidden)), [false, true, false]);
    await p.click('#filter-reset');
    await until(async () => (await blocks.evaluateAll((els) => els.filter((el) => el.hidden).length)) === 0, 'every block after Reset');
    const late = p.locator(`tr[data-row="api-${SECTIONS + 400}"]`);
    await late.scrollIntoViewIfNeeded();
    assert.equal(await late.isVisible(), true);
    const box = await late.boundingBox();
    assert.ok(box !== null && box.height > 20 && box.y >= 0 && box.y < 1000, JSON.stringify(box));
  });
});

describe('a large report at phone width, in Chromium', { skip: skipWithoutChromium() }, () => {
  it('never scrolls sideways at 375px', async () => {
    const browser = await launchChromium();
    try {
      const opened = await openReport(browser, page, { viewport: { width: 375, height: 812 } });
      try {
        const { page: p } = opened;
        const width = async () => (await p.evaluate('[document.documentElement.scrollWidth, window.innerWidth]')) as [number, number];
        const [scrollWidth, innerWidth] = await width();
        assert.ok(scrollWidth <= innerWidth, `the page is ${scrollWidth}px wide in a ${innerWidth}px viewport`);
        await p.click('#expand-all');
        await p.click('#tab-checks');
        const [afterWidth] = await width();
        assert.ok(afterWidth <= innerWidth, `expanded, the page is ${afterWidth}px wide`);
        assert.deepEqual(problems(opened.log), []);
      } finally {
        await opened.close();
      }
    } finally {
      await browser.close();
    }
  });
});

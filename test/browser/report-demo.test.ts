/**
 * The demo account's report in a real browser, used as a reader uses it: it opens quietly
 * (no CSP violation, error or request), the search and the severity and status filters narrow
 * the APIs and their findings, Reset brings everything back, and collapsed sections open by
 * click, by "Expand all" and by deep link.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { evaluateInventory } from '../../src/scan/evaluate.js';
import { parseInventory } from '../../src/inventory/io.js';
import { renderHtml } from '../../src/report/html.js';
import { filterReport, openForSuite, openReport, problems, skipWithoutChromium, until, visibleRows, type OpenedReport } from './chromium.js';
import { expectedRows, type Filters } from './expected.js';

const DEMO = new URL('../../examples/demo-inventory.json', import.meta.url);
const report = evaluateInventory(parseInventory(JSON.parse(readFileSync(DEMO, 'utf8')), 'demo'), {}, new Date('2026-11-01T12:30:00Z'));
const page = renderHtml(report);
const allRows = report.apis.map((_, i) => `api-${i + 1}`);
const anchorOf = (name: string) => `api-${report.apis.findIndex((entry) => entry.api.name === name) + 1}`;

describe('the demo report in Chromium', { skip: skipWithoutChromium() }, () => {
  let browser: Browser;
  let opened: OpenedReport;
  openForSuite(page, (launched, open) => {
    browser = launched;
    opened = open;
  });

  it('opens without CSP violations, errors or requests, its filters ready', async () => {
    assert.deepEqual(problems(opened.log), []);
    assert.deepEqual(opened.log.aborted, []);
    assert.equal(await opened.page.locator('#filters').isVisible(), true);
    assert.equal(await opened.page.textContent('#filter-count'), `${report.apis.length} APIs`);
    assert.deepEqual(await visibleRows(opened.page), allRows);
    assert.equal(await opened.page.locator('details.api[open]').count(), 0);
  });

  it('searching an API’s name leaves that API, in the table and in the findings', async () => {
    const { page: p } = opened;
    for (const name of ['legacy-partner-api', 'support-chat-ws', 'METRICS-INGEST-HTTP']) {
      const anchor = anchorOf(name.toLowerCase());
      assert.deepEqual(expectedRows(report, page, { text: name }), [anchor], `${name} appears in one API only`);
      await filterReport(p, { text: name }, [anchor]);
      assert.equal(await p.textContent('#filter-count'), `1 of ${report.apis.length} APIs shown`);
      assert.deepEqual(await p.locator('details.api:visible').evaluateAll((els) => els.map((el) => el.id)), [anchor]);
    }
    await filterReport(p, { text: 'no API is called this' }, []);
    assert.equal(await p.textContent('#filter-count'), `0 of ${report.apis.length} APIs shown`);
  });

  it('the severity and status filters narrow the APIs and their findings', async () => {
    const { page: p } = opened;
    const cases: Filters[] = [
      { severity: 'critical' },
      { severity: 'high' },
      { status: 'ERROR' },
      { status: 'PASS', severity: 'critical' },
      { status: 'FAIL', severity: 'medium', text: 'eu-west-1' },
    ];
    for (const filters of cases) {
      const expected = expectedRows(report, page, filters);
      assert.ok(expected.length > 0 && expected.length < allRows.length, `${JSON.stringify(filters)} should narrow the list`);
      await filterReport(p, filters, expected);
      assert.equal(await p.textContent('#filter-count'), `${expected.length} of ${report.apis.length} APIs shown`);
    }
    // Within a shown API only the matching findings stay: critical failures, nothing that passed.
    await filterReport(p, { severity: 'critical' }, expectedRows(report, page, { severity: 'critical' }));
    const shownFindings = await p.locator('details.api:visible [data-status]:not([hidden])').evaluateAll((els) =>
      els.map((el) => `${el.getAttribute('data-status')}/${el.getAttribute('data-severity')}`),
    );
    assert.ok(shownFindings.length > 0);
    assert.ok(
      shownFindings.every((f) => f === 'FAIL/critical' || f === 'ERROR/critical'),
      shownFindings.join(', '),
    );
  });

  it('Reset shows everything again', async () => {
    const { page: p } = opened;
    await filterReport(p, { text: 'orders', status: 'FAIL', severity: 'high' }, expectedRows(report, page, { text: 'orders', status: 'FAIL', severity: 'high' }));
    await p.click('#filter-reset');
    await until(async () => JSON.stringify(await visibleRows(p)) === JSON.stringify(allRows), 'every row after Reset');
    assert.equal(await p.textContent('#filter-count'), `${report.apis.length} APIs`);
    assert.equal(await p.locator('details.api[hidden], [data-status][hidden]').count(), 0);
    assert.deepEqual(
      [await p.inputValue('#filter-text'), await p.inputValue('#filter-severity'), await p.inputValue('#filter-status')],
      ['', '', ''],
    );
  });

  it('sections expand on click, all at once, and collapse again', async () => {
    const { page: p } = opened;
    const first = p.locator('details.api').first();
    assert.equal(await first.locator('.api-body').isVisible(), false);
    await first.locator(':scope > summary').click();
    assert.equal(await first.locator('.api-body').isVisible(), true);
    await first.locator(':scope > summary').click();
    assert.equal(await first.locator('.api-body').isVisible(), false);

    await p.click('#expand-all');
    assert.equal(await p.locator('details.api[open]').count(), report.apis.length);
    assert.equal(await p.locator('details.api .api-body:visible').count(), report.apis.length);
    await p.click('#collapse-all');
    assert.equal(await p.locator('details.api[open]').count(), 0);

    const catalogue = p.locator('details.catalogue');
    assert.equal(await catalogue.locator('article').first().isVisible(), false);
    await catalogue.locator(':scope > summary').click();
    assert.equal(await catalogue.locator('article').first().isVisible(), true);
  });

  it('a table link opens its API’s section and scrolls to it', async () => {
    const { page: p } = opened;
    const anchor = anchorOf('support-chat-ws');
    await p.click(`tr[data-row="${anchor}"] a`);
    await until(async () => (await p.locator(`#${anchor}`).getAttribute('open')) !== null, `#${anchor} to open`);
    const box = await p.locator(`#${anchor} > summary`).boundingBox();
    assert.ok(box !== null && box.y >= 0 && box.y < 1000, `section at ${JSON.stringify(box)}, not in the viewport`);
    assert.deepEqual(problems(opened.log), []);
  });

  it('a deep link opens the section it names when the page loads', async () => {
    const anchor = anchorOf('orders-api');
    const deep = await openReport(browser, page, { hash: anchor });
    try {
      assert.equal(await deep.page.locator(`#${anchor}`).getAttribute('open'), '');
      assert.equal(await deep.page.locator('details.api[open]').count(), 1);
      const check = report.results.find((r) => r.status === 'FAIL')!.checkId;
      await deep.page.evaluate(`location.hash = ${JSON.stringify(`check-${check}`)}`);
      await until(async () => (await deep.page.locator('details.catalogue').getAttribute('open')) !== null, 'the catalogue to open');
      assert.deepEqual(problems(deep.log), []);
    } finally {
      await deep.close();
    }
  });
});

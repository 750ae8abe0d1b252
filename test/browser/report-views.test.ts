/**
 * The account report's ways to act on it, in Chromium: sorting by any column (click, Enter,
 * Space; numbers and grades by value, ties in rank order, N/A last), the High column, the region,
 * API type and check filters with the search, the per-check view beside the per-API view, the
 * collection-error banner folded after three, and no page-wide scrolling at phone width.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { apisOf, SEVERITIES } from '../../src/engine/types.js';
import { parseInventory } from '../../src/inventory/io.js';
import { renderHtml } from '../../src/report/html.js';
import type { Report } from '../../src/report/model.js';
import { evaluateInventory } from '../../src/scan/evaluate.js';
import { filterReport, launchChromium, openForSuite, openReport, problems, skipWithoutChromium, until, visibleRows, type OpenedReport } from './chromium.js';
import { expectedCheckCounts, expectedRows, type Filters } from './expected.js';

const DEMO = new URL('../../examples/demo-inventory.json', import.meta.url);
const demo = evaluateInventory(parseInventory(JSON.parse(readFileSync(DEMO, 'utf8')), 'demo'), {}, new Date('2026-11-01T12:30:00Z'));

/** The demo with one API that has no score (grade N/A), so that "no value sorts last" is seen. */
function withUngradedApi(report: Report): Report {
  const apis = report.apis.map((entry, i) => (i === 4 ? { ...entry, grade: 'N/A' as const, score: null } : entry));
  return { ...report, apis };
}

const report = withUngradedApi(demo);
const page = renderHtml(report);
const anchors = report.apis.map((_, i) => `api-${i + 1}`);

/** Anchors in the order a stable sort by `key` gives, `undefined` keys last either way. */
function sortedBy(key: (i: number) => number | string | undefined, direction: 1 | -1): string[] {
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  return anchors
    .map((anchor, i) => ({ anchor, i, key: key(i) }))
    .sort((a, b) => {
      if (a.key === undefined || b.key === undefined) return a.key === b.key ? a.i - b.i : a.key === undefined ? 1 : -1;
      const order = typeof a.key === 'number' ? a.key - (b.key as number) : collator.compare(a.key, b.key as string);
      return order !== 0 ? direction * order : a.i - b.i;
    })
    .map((row) => row.anchor);
}

/** Row anchors in the table's current order (hidden rows included). */
function rowOrder(p: Page): Promise<string[]> {
  return p.evaluate(`Array.from(document.querySelectorAll('#view-apis tr[data-row]')).map(function (r) { return r.getAttribute('data-row'); })`);
}

function sortButton(p: Page, table: string, label: string) {
  return p.locator(`${table} thead`).first().locator('th button.sort', { hasText: new RegExp(`^${label}$`) });
}

async function ariaSort(p: Page, table: string, label: string): Promise<string | null> {
  return p.locator(`${table} thead`).first().locator('th', { hasText: new RegExp(`^${label}`) }).getAttribute('aria-sort');
}

/** Every failing check, worked out from the results: failing resources and APIs affected. */
function failingChecks(r: Report): Map<string, { resources: number; apis: number; results: number }> {
  const byCheck = new Map<string, { resources: Set<string>; apis: Set<string>; results: number }>();
  for (const result of r.results) {
    if (result.status !== 'FAIL' || result.muted !== undefined) continue;
    const entry = byCheck.get(result.checkId) ?? { resources: new Set(), apis: new Set(), results: 0 };
    entry.resources.add(result.resource.arn);
    for (const arn of apisOf(result.resource)) entry.apis.add(arn);
    entry.results += 1;
    byCheck.set(result.checkId, entry);
  }
  return new Map([...byCheck].map(([id, e]) => [id, { resources: e.resources.size, apis: e.apis.size, results: e.results }]));
}

describe('the account report sorts, filters and shows failing checks, in Chromium', { skip: skipWithoutChromium() }, () => {
  let opened: OpenedReport;
  openForSuite(page, (_browser, open) => {
    opened = open;
  });

  it('has a High column beside Critical, counting unmuted high failures', async () => {
    const { page: p } = opened;
    const headers = await p.locator('#view-apis thead').first().locator('th').allInnerTexts();
    assert.deepEqual(
      headers.map((h) => h.replace(/[▲▼]/g, '').trim().toLowerCase()),
      ['#', 'api', 'region', 'grade', 'score', 'critical', 'high', 'failed', 'passed', 'errors'],
    );
    const high = await p.locator('#view-apis tr[data-row] td:nth-child(7)').allInnerTexts();
    assert.deepEqual(high.map(Number), report.apis.map((entry) => entry.failedBySeverity.high));
    assert.ok(high.some((h) => h !== '0'));
  });

  it('sorts by a column on click, numbers as numbers, toggling the direction with ties in rank order', async () => {
    const { page: p } = opened;
    assert.equal(await ariaSort(p, '#view-apis', '#'), 'ascending');
    await sortButton(p, '#view-apis', 'Score').click();
    assert.equal(await ariaSort(p, '#view-apis', 'Score'), 'ascending');
    assert.equal(await ariaSort(p, '#view-apis', '#'), null);
    const score = (i: number) => report.apis[i]!.score ?? undefined;
    assert.deepEqual(await rowOrder(p), sortedBy(score, 1));
    await sortButton(p, '#view-apis', 'Score').click();
    assert.equal(await ariaSort(p, '#view-apis', 'Score'), 'descending');
    assert.deepEqual(await rowOrder(p), sortedBy(score, -1));
    // A count sorts most first on its first click; equal counts keep their rank order.
    await sortButton(p, '#view-apis', 'Critical').click();
    assert.equal(await ariaSort(p, '#view-apis', 'Critical'), 'descending');
    assert.deepEqual(await rowOrder(p), sortedBy((i) => report.apis[i]!.failedBySeverity.critical, -1));
    await sortButton(p, '#view-apis', '#').click();
    assert.deepEqual(await rowOrder(p), anchors);
  });

  it('sorts grades by rank with N/A last in both directions', async () => {
    const { page: p } = opened;
    const rank = (i: number) => (report.apis[i]!.grade === 'N/A' ? undefined : 'ABCDF'.indexOf(report.apis[i]!.grade));
    await sortButton(p, '#view-apis', 'Grade').click();
    const ascending = await rowOrder(p);
    assert.deepEqual(ascending, sortedBy(rank, 1));
    assert.equal(ascending.at(-1), 'api-5');
    await sortButton(p, '#view-apis', 'Grade').click();
    const descending = await rowOrder(p);
    assert.deepEqual(descending, sortedBy(rank, -1));
    assert.equal(descending.at(-1), 'api-5');
    assert.equal(report.apis[Number(descending[0]!.slice(4)) - 1]!.grade, 'F');
  });

  it('sorts from the keyboard: Enter and Space on a header button', async () => {
    const { page: p } = opened;
    const name = (i: number) => report.apis[i]!.api.name;
    await sortButton(p, '#view-apis', 'API').focus();
    await p.keyboard.press('Enter');
    assert.equal(await ariaSort(p, '#view-apis', 'API'), 'ascending');
    assert.deepEqual(await rowOrder(p), sortedBy(name, 1));
    await p.keyboard.press('Space');
    assert.equal(await ariaSort(p, '#view-apis', 'API'), 'descending');
    assert.deepEqual(await rowOrder(p), sortedBy(name, -1));
    await sortButton(p, '#view-apis', '#').click();
  });

  it('filters by region, API type and check, with the search and with each other', async () => {
    const { page: p } = opened;
    const failing = [...failingChecks(report).keys()].sort();
    const checkCase = failing.find((id) => {
      const rows = expectedRows(report, page, { check: id });
      return rows.length > 1 && rows.length < anchors.length;
    })!;
    const cases: Filters[] = [
      { region: 'eu-west-1' },
      { type: 'http-api' },
      { type: 'websocket-api' },
      { check: checkCase },
      { region: 'us-east-1', type: 'rest-api' },
      { region: 'eu-west-1', check: checkCase, text: 'api' },
      { type: 'rest-api', severity: 'high', status: 'FAIL' },
    ];
    for (const filters of cases) {
      const expected = expectedRows(report, page, filters);
      assert.ok(expected.length > 0 && expected.length < anchors.length, `${JSON.stringify(filters)} should narrow the list`);
      await filterReport(p, filters, expected);
      assert.equal(await p.textContent('#filter-count'), `${expected.length} of ${anchors.length} APIs shown`);
      // The findings sections follow the table.
      assert.deepEqual(await p.locator('details.api:visible').evaluateAll((els) => els.map((el) => el.id)), expected);
    }
    // An API whose only ERROR result is of a check still matches that check.
    const erroring = report.results.find((r) => r.status === 'ERROR' && apisOf(r.resource).length > 0)!;
    await filterReport(p, { check: erroring.checkId }, expectedRows(report, page, { check: erroring.checkId }));
    await p.click('#filter-reset');
    await until(async () => JSON.stringify(await visibleRows(p)) === JSON.stringify(anchors), 'every row after Reset');
    for (const id of ['#filter-region', '#filter-type', '#filter-check']) assert.equal(await p.inputValue(id), '');
  });

  it('keeps the filters while the table is sorted', async () => {
    const { page: p } = opened;
    const filters: Filters = { region: 'eu-west-1', type: 'rest-api' };
    const expected = expectedRows(report, page, filters);
    await filterReport(p, filters, expected);
    await sortButton(p, '#view-apis', 'High').click();
    const order = sortedBy((i) => report.apis[i]!.failedBySeverity.high, -1).filter((a) => expected.includes(a));
    assert.deepEqual(await visibleRows(p), order);
    assert.equal(await p.textContent('#filter-count'), `${expected.length} of ${anchors.length} APIs shown`);
    await p.selectOption('#filter-type', '');
    const wider = expectedRows(report, page, { region: 'eu-west-1' });
    await until(
      async () => JSON.stringify(await visibleRows(p)) === JSON.stringify(sortedBy((i) => report.apis[i]!.failedBySeverity.high, -1).filter((a) => wider.includes(a))),
      'the wider filter in the sorted order',
    );
    await p.click('#filter-reset');
    await sortButton(p, '#view-apis', '#').click();
    assert.deepEqual(await visibleRows(p), anchors);
  });

  it('switches to the per-check view by keyboard, one row per failing check', async () => {
    const { page: p } = opened;
    assert.equal(await p.locator('[role="tablist"]').isVisible(), true);
    assert.equal(await p.locator('#view-checks').isVisible(), false);
    await p.locator('#tab-apis').focus();
    await p.keyboard.press('ArrowRight');
    assert.equal(await p.getAttribute('#tab-checks', 'aria-selected'), 'true');
    assert.equal(await p.evaluate('document.activeElement.id'), 'tab-checks');
    assert.equal(await p.locator('#view-checks').isVisible(), true);
    assert.equal(await p.locator('#view-apis').isVisible(), false);

    const expected = failingChecks(report);
    const rows = (await p.evaluate(
      `Array.from(document.querySelectorAll('#view-checks tr[data-check]')).map(function (el) {
        return { id: el.getAttribute('data-check'), resources: Number(el.cells[3].textContent), apis: Number(el.cells[4].textContent) };
      })`,
    )) as { id: string; resources: number; apis: number }[];
    assert.deepEqual(new Set(rows.map((r) => r.id)), new Set(expected.keys()));
    for (const row of rows) {
      const want = expected.get(row.id)!;
      assert.deepEqual([row.resources, row.apis], [want.resources, want.apis], row.id);
    }
    // Gravest first.
    const severities = await p.locator('#view-checks tr[data-check]').evaluateAll((els) => els.map((el) => el.getAttribute('data-severity')!));
    const ranks = severities.map((s) => SEVERITIES.indexOf(s as (typeof SEVERITIES)[number]));
    assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
    await p.keyboard.press('ArrowLeft');
    assert.equal(await p.locator('#view-apis').isVisible(), true);
    assert.equal(await p.locator('#view-checks').isVisible(), false);
  });

  it('opens a check onto its failing resources, each linked to its API’s findings', async () => {
    const { page: p } = opened;
    await p.click('#tab-checks');
    const id = [...failingChecks(report)].find(([, e]) => e.apis > 1)![0];
    const row = p.locator(`#view-checks tr[data-check="${id}"]`);
    await row.locator('details.resources > summary').click();
    const items = row.locator('details.resources li');
    assert.equal(await items.count(), failingChecks(report).get(id)!.results);
    const link = items.locator('a[href^="#api-"]').first();
    const target = (await link.getAttribute('href'))!.slice(1);
    await link.click();
    await until(async () => (await p.locator(`#${target}`).getAttribute('open')) !== null, `#${target} to open`);
    assert.equal(await p.locator(`#${target}`).isVisible(), true);
    await p.click('#tab-apis');
  });

  it('sorts the per-check view, and narrows it with the check and severity filters', async () => {
    const { page: p } = opened;
    await p.click('#tab-checks');
    const expected = failingChecks(report);
    await sortButton(p, '#view-checks', 'Failing resources').click();
    assert.equal(await ariaSort(p, '#view-checks', 'Failing resources'), 'descending');
    const counts = (await p.locator('#view-checks tr[data-check] td:nth-child(4)').allInnerTexts()).map(Number);
    assert.deepEqual(counts, [...counts].sort((a, b) => b - a));
    assert.equal(counts.length, expected.size);
    const id = [...expected.keys()][0]!;
    await p.selectOption('#filter-check', id);
    await until(async () => (await p.locator('#view-checks tr[data-check]:visible').count()) === 1, 'one check row');
    assert.equal(await p.locator('#view-checks tr[data-check]:visible').getAttribute('data-check'), id);
    await p.click('#filter-reset');
    await p.selectOption('#filter-severity', 'critical');
    const critical = [...new Set(report.results.filter((r) => r.status === 'FAIL' && r.severity === 'critical').map((r) => r.checkId))];
    await until(async () => (await p.locator('#view-checks tr[data-check]:visible').count()) === critical.length, 'the critical checks');
    await p.click('#filter-reset');
    await p.click('#tab-apis');
    assert.deepEqual(problems(opened.log), []);
  });

  it('narrows the findings inside each API shown to the check chosen', async () => {
    const { page: p } = opened;
    const onApi = (r: Report['results'][number]) => apisOf(r.resource).length > 0 && r.muted === undefined;
    // A check that fails on an API failing others too, and one that an API could only not evaluate.
    const failing = report.results.find(
      (r) => r.status === 'FAIL' && onApi(r) && report.results.some((o) => o.checkId !== r.checkId && o.status === 'FAIL' && apisOf(o.resource)[0] === apisOf(r.resource)[0]),
    )!;
    const erroring = report.results.find((r) => r.status === 'ERROR' && onApi(r) && r.checkId !== failing.checkId)!;
    for (const id of [failing.checkId, erroring.checkId]) {
      await filterReport(p, { check: id }, expectedRows(report, page, { check: id }));
      const sections = (await p.evaluate(
        `Array.from(document.querySelectorAll('details.api')).filter(function (d) { return !d.hidden; }).map(function (d) {
          var groups = Array.from(d.querySelectorAll('[data-status]'));
          var shown = groups.filter(function (g) { for (var n = g; n !== d; n = n.parentElement) if (n.hidden) return false; return true; });
          return { id: d.id, all: groups.length, shown: shown.map(function (g) { return g.getAttribute('data-check') || g.getAttribute('data-checks'); }) };
        })`,
      )) as { id: string; all: number; shown: string[] }[];
      assert.deepEqual(sections.map((section) => section.id), expectedRows(report, page, { check: id }));
      for (const section of sections) {
        assert.ok(section.shown.length > 0, `${section.id} shows a finding of ${id}`);
        for (const checks of section.shown) assert.ok(checks.split(' ').includes(id), `${section.id} shows ${checks} under the ${id} filter`);
        assert.ok(section.shown.length < section.all, `${section.id} hides the other checks' findings`);
      }
    }
    // The collection error that stopped the check: its line, and of the checks it stopped, the severity line naming it.
    const error = p.locator(`details.api article.error-group[data-checks~="${erroring.checkId}"]`).first();
    assert.equal(await error.evaluate((el) => el.hidden), false);
    const lines = await error.locator('.stopped-checks li').evaluateAll((els) => els.map((el) => ({ checks: el.getAttribute('data-checks')!, hidden: el.hidden })));
    assert.ok(lines.length > 1);
    for (const line of lines) assert.equal(line.hidden, !line.checks.split(' ').includes(erroring.checkId), line.checks);
    await p.click('#filter-reset');
    assert.equal(await p.locator('details.api [data-status][hidden]').count(), 0);
  });

  it('recounts the per-check view under the region and API type filters', async () => {
    const { page: p } = opened;
    await p.click('#tab-checks');
    const all = failingChecks(report);
    const cases: Filters[] = [{ region: 'eu-west-1' }, { type: 'http-api' }, { region: 'us-east-1', type: 'rest-api' }, { type: 'websocket-api', severity: 'high' }];
    for (const filters of cases) {
      await filterReport(p, filters, expectedRows(report, page, filters));
      const maxRank = SEVERITIES.indexOf(filters.severity || 'info');
      const expected = [...expectedCheckCounts([report], filters)].filter(
        ([id]) => SEVERITIES.indexOf(report.results.filter((r) => r.checkId === id && r.status === 'FAIL' && r.muted === undefined).map((r) => r.severity).sort((a, b) => SEVERITIES.indexOf(a) - SEVERITIES.indexOf(b))[0]!) <= maxRank,
      );
      assert.ok(expected.length > 0 && expected.length < all.size, `${JSON.stringify(filters)} should narrow the checks`);
      const rows = (await p.evaluate(
        `Array.from(document.querySelectorAll('#view-checks tr[data-check]')).filter(function (el) { return !el.hidden; }).map(function (el) {
          return { id: el.getAttribute('data-check'), resources: Number(el.cells[3].textContent), apis: Number(el.cells[4].textContent),
            summary: el.querySelector('details.resources > summary').textContent,
            listed: Array.from(el.querySelectorAll('details.resources li')).filter(function (li) { return !li.hidden; }).length };
        })`,
      )) as { id: string; resources: number; apis: number; summary: string; listed: number }[];
      assert.deepEqual(rows.map((r) => r.id).sort(), expected.map(([id]) => id).sort(), JSON.stringify(filters));
      for (const row of rows) {
        const want = new Map(expected).get(row.id)!;
        assert.deepEqual(
          { resources: row.resources, apis: row.apis, summary: row.summary, listed: row.listed },
          { resources: want.resources, apis: want.apis, summary: `${want.results} failing result${want.results === 1 ? '' : 's'}`, listed: want.results },
          `${row.id} under ${JSON.stringify(filters)}`,
        );
      }
    }
    await p.click('#filter-reset');
    const counts = (await p.evaluate(
      `Array.from(document.querySelectorAll('#view-checks tr[data-check]')).map(function (el) { return [el.getAttribute('data-check'), Number(el.cells[3].textContent), Number(el.cells[4].textContent), el.hidden]; })`,
    )) as [string, number, number, boolean][];
    for (const [id, resources, apis, hidden] of counts) assert.deepEqual([resources, apis, hidden], [all.get(id)!.resources, all.get(id)!.apis, false], id);
    await p.click('#tab-apis');
    assert.deepEqual(problems(opened.log), []);
  });
});

/** The demo with `count` collection errors. */
function withCollectionErrors(count: number): Report {
  const base = demo.collectionErrors[0]!;
  const collectionErrors = Array.from({ length: count }, (_, i) => ({ ...base, resource: `resource-${i + 1}`, message: `denied ${i + 1}` }));
  return { ...demo, collectionErrors, summary: { ...demo.summary, collectionErrors: count } };
}

describe('many collection errors, in Chromium', { skip: skipWithoutChromium() }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('lists the first three and folds the rest, so the findings stay near the top', async () => {
    const opened = await openReport(browser, renderHtml(withCollectionErrors(40)), { viewport: { width: 1400, height: 1000 } });
    try {
      const { page: p } = opened;
      const banner = p.locator('.banner.incomplete');
      assert.equal(await banner.locator('tbody tr:visible').count(), 3);
      const more = banner.locator('details.more-errors');
      assert.equal(await more.locator('summary').innerText(), '37 more collection errors');
      assert.equal(await more.getAttribute('open'), null);
      const box = await banner.boundingBox();
      assert.ok(box !== null && box.height < 400, `the banner is ${box?.height}px high`);
      await more.locator('summary').click();
      assert.equal(await banner.locator('tbody tr:visible').count(), 40);
      // Sorting both tables as one: the open table gets the first rows of the order chosen.
      await banner.locator('thead').first().locator('button.sort', { hasText: 'Resource' }).click();
      await banner.locator('thead').first().locator('button.sort', { hasText: 'Resource' }).click();
      const first = await banner.locator('tbody').first().locator('tr td:nth-child(4)').allInnerTexts();
      assert.deepEqual(first, ['resource-40', 'resource-39', 'resource-38']);
      assert.deepEqual(problems(opened.log), []);
    } finally {
      await opened.close();
    }
  });
});

export async function assertNoPageOverflow(p: Page, what: string): Promise<void> {
  const { scrollWidth, innerWidth } = (await p.evaluate('({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })')) as {
    scrollWidth: number;
    innerWidth: number;
  };
  assert.ok(scrollWidth <= innerWidth, `${what}: the page is ${scrollWidth}px wide in a ${innerWidth}px viewport`);
}

describe('the account report at phone width, in Chromium', { skip: skipWithoutChromium() }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('never scrolls sideways at 375px: tables scroll inside their own box', async () => {
    const opened = await openReport(browser, renderHtml(withCollectionErrors(12)), { viewport: { width: 375, height: 812 } });
    try {
      const { page: p } = opened;
      await assertNoPageOverflow(p, 'demo');
      const wrapper = await p.locator('#view-apis div.rows').first().evaluate((el) => ({ client: el.clientWidth, scroll: el.scrollWidth }));
      assert.ok(wrapper.client <= 375, JSON.stringify(wrapper));
      await p.click('#tab-checks');
      await p.locator('#view-checks details.resources > summary').first().click();
      await assertNoPageOverflow(p, 'demo, per-check view');
      await p.click('#tab-apis');
      await p.click('#expand-all');
      await p.locator('details.more-errors > summary').click();
      await p.locator('details.catalogue > summary').click();
      await assertNoPageOverflow(p, 'demo, every section open');
      assert.deepEqual(problems(opened.log), []);
    } finally {
      await opened.close();
    }
  });
});

describe('the account report without JavaScript, in Chromium', { skip: skipWithoutChromium() }, () => {
  it('shows every table in rank order, both views, and no controls that would do nothing', async () => {
    const browser = await launchChromium();
    try {
      const opened = await openReport(browser, page, { javaScript: false });
      try {
        const { page: p } = opened;
        assert.deepEqual(await rowOrder(p), anchors);
        assert.equal(await p.locator('#filters').isVisible(), false);
        assert.equal(await p.locator('[role="tablist"]').isVisible(), false);
        assert.equal(await p.locator('#view-apis').isVisible(), true);
        assert.equal(await p.locator('#view-checks').isVisible(), true);
        assert.equal(await p.locator('th button').count(), 0);
        assert.equal(await p.locator('#view-checks tr[data-check]').count(), failingChecks(report).size);
      } finally {
        await opened.close();
      }
    } finally {
      await browser.close();
    }
  });
});

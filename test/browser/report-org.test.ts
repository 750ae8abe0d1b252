/**
 * The organisation report in Chromium: the APIs of every account searched and filtered by
 * account, region, API type and check; the checks that fail in the most accounts; a link from
 * each account to its own report.html when the merge knows where it is; every table sorted by
 * any column; hostile names shown as text; no sideways scrolling at phone width.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { apisOf } from '../../src/engine/types.js';
import type { Inventory } from '../../src/inventory/schema.js';
import { renderOrganisationHtml } from '../../src/report/html-org.js';
import { mergeReports } from '../../src/report/merge.js';
import type { Report } from '../../src/report/model.js';
import { evaluateInventory } from '../../src/scan/evaluate.js';
import { filterReport, openForSuite, openReport, problems, skipWithoutChromium, until, visibleRows, type OpenedReport, type PageFilters } from './chromium.js';
import { decode, expectedCheckCounts } from './expected.js';
import { hostileReport, SCRIPT_TAG } from './hostile.js';

const DEMO_TEXT = readFileSync(new URL('../../examples/demo-inventory.json', import.meta.url), 'utf8');
const DEMO_ACCOUNT = (JSON.parse(DEMO_TEXT) as Inventory).account.id;
const A = '111122223333';
const B = '444455556666';
const AT = new Date('2026-11-01T12:30:00Z');

/** The demo account under another id; `regions` keeps only those regions. */
function demoAccount(account: string, regions?: readonly string[]): Report {
  const inventory = JSON.parse(DEMO_TEXT.replaceAll(DEMO_ACCOUNT, account)) as Inventory;
  if (regions) inventory.regions = inventory.regions.filter((r) => regions.includes(r.region));
  return evaluateInventory(inventory, {}, AT);
}

const accounts = [demoAccount(A), demoAccount(B, ['eu-west-1']), hostileReport()];
const C = accounts[2]!.scan.account;
const org = mergeReports(
  accounts.map((report, i) => ({ file: `reports/${i}/report.json`, report })),
  { generatedAt: '2026-11-02T08:00:00.000Z', toolVersion: '0.0.0-test' },
);
const links = new Map([
  [A, `${A}/report.html`],
  [B, `other%20scans/${B}/report.html`],
]);
const page = renderOrganisationHtml(org, { accounts, accountReportLinks: links });
const allRows = org.apis.map((_, i) => `org-api-${i + 1}`);

const rowTexts = new Map([...page.matchAll(/<tr data-row="(org-api-\d+)"[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => [m[1]!, decode(m[2]!).toLowerCase()]));

/** The rows the filters should leave, worked out from the merged report and the account reports. */
function expectedOrgRows(filters: PageFilters): string[] {
  const text = (filters.text ?? '').trim().toLowerCase();
  return org.apis.flatMap((entry, i) => {
    const anchor = `org-api-${i + 1}`;
    const report = accounts.find((r) => r.scan.account === entry.account)!;
    const results = report.results.filter((r) => apisOf(r.resource).includes(entry.api.arn));
    const keep =
      (text === '' || rowTexts.get(anchor)!.includes(text)) &&
      (!filters.account || entry.account === filters.account) &&
      (!filters.region || entry.api.region === filters.region) &&
      (!filters.type || entry.api.type === filters.type) &&
      (!filters.check || results.some((r) => r.checkId === filters.check && (r.status === 'FAIL' || r.status === 'ERROR') && r.muted === undefined));
    return keep ? [anchor] : [];
  });
}

/** Per failing check: the accounts where it fails and the resources failing it. */
function mostFailed(): Map<string, { accounts: number; resources: number }> {
  const byCheck = new Map<string, { accounts: Set<string>; resources: Set<string> }>();
  for (const report of accounts) {
    for (const r of report.results) {
      if (r.status !== 'FAIL' || r.muted !== undefined) continue;
      const entry = byCheck.get(r.checkId) ?? { accounts: new Set(), resources: new Set() };
      entry.accounts.add(report.scan.account);
      entry.resources.add(`${report.scan.account} ${r.resource.arn}`);
      byCheck.set(r.checkId, entry);
    }
  }
  return new Map([...byCheck].map(([id, e]) => [id, { accounts: e.accounts.size, resources: e.resources.size }]));
}

function columnTexts(p: Page, table: string, column: number): Promise<string[]> {
  return p.locator(`${table} tbody tr td:nth-child(${column})`).allInnerTexts();
}

describe('the organisation report in Chromium', { skip: skipWithoutChromium() }, () => {
  let browser: Browser;
  let opened: OpenedReport;
  openForSuite(page, (launched, open) => {
    browser = launched;
    opened = open;
  });

  it('opens quietly, its filters ready, hostile names as text', async () => {
    const { page: p } = opened;
    assert.deepEqual(problems(opened.log), []);
    assert.equal(await p.locator('#filters').isVisible(), true);
    assert.deepEqual(await visibleRows(p), allRows);
    assert.equal(await p.textContent('#filter-count'), `${allRows.length} APIs`);
    assert.equal(await p.evaluate('window.__pwned'), undefined);
    assert.ok((await p.locator('table.org-apis').innerText()).includes(SCRIPT_TAG));
  });

  it('searches and filters the APIs by account, region, API type and check', async () => {
    const { page: p } = opened;
    const check = [...mostFailed().keys()].find((id) => {
      const rows = expectedOrgRows({ check: id });
      return rows.length < allRows.length && expectedOrgRows({ check: id, account: A }).length > 0 && expectedOrgRows({ check: id, account: B }).length > 0;
    })!;
    const cases: PageFilters[] = [
      { account: B },
      { account: C },
      { region: 'us-east-1' },
      { type: 'websocket-api' },
      { check },
      { account: A, type: 'http-api' },
      { account: B, check, text: 'api' },
      { text: 'legacy-partner' },
    ];
    for (const filters of cases) {
      const expected = expectedOrgRows(filters);
      assert.ok(expected.length > 0 && expected.length < allRows.length, `${JSON.stringify(filters)} should narrow the list`);
      await filterReport(p, filters, expected);
      assert.equal(await p.textContent('#filter-count'), `${expected.length} of ${allRows.length} APIs shown`);
    }
    await p.click('#filter-reset');
    await until(async () => JSON.stringify(await visibleRows(p)) === JSON.stringify(allRows), 'every row after Reset');
  });

  it('lists the checks that fail in the most accounts', async () => {
    const { page: p } = opened;
    const expected = mostFailed();
    const rows = (await p.evaluate(
      `Array.from(document.querySelectorAll('table.most-failed tbody tr')).map(function (el) {
        return { id: el.cells[0].textContent, accounts: Number(el.cells[3].textContent), resources: Number(el.cells[4].textContent) };
      })`,
    )) as { id: string; accounts: number; resources: number }[];
    assert.deepEqual(new Set(rows.map((r) => r.id)), new Set(expected.keys()));
    for (const row of rows) assert.deepEqual({ accounts: row.accounts, resources: row.resources }, expected.get(row.id), row.id);
    const counts = rows.map((r) => r.accounts);
    assert.deepEqual(counts, [...counts].sort((a, b) => b - a), 'most accounts first');
    assert.equal(counts[0], 3);
    // Sorted by resources failing, most first on the first click.
    await p.locator('table.most-failed th button.sort', { hasText: 'Resources failing' }).click();
    const resources = (await columnTexts(p, 'table.most-failed', 5)).map(Number);
    assert.deepEqual(resources, [...resources].sort((a, b) => b - a));
    // Each opens onto the accounts where it fails, linked to their rows.
    const first = p.locator('table.most-failed tbody tr').first();
    await first.locator('details.resources > summary').click();
    const hrefs = await first.locator('details.resources a').evaluateAll((els) => els.map((el) => el.getAttribute('href')));
    assert.ok(hrefs.length > 0 && hrefs.every((h) => /^#account-\d{12}$/.test(h!)), hrefs.join(', '));
  });

  it('recounts the most-failed checks under the account, region, API type and check filters', async () => {
    const { page: p } = opened;
    const all = mostFailed();
    const check = [...all.keys()].find((id) => all.get(id)!.accounts > 1)!;
    const cases: PageFilters[] = [{ account: B }, { region: 'us-east-1' }, { type: 'websocket-api' }, { account: A, type: 'http-api' }, { check }, { region: 'eu-west-1', check }];
    for (const filters of cases) {
      await filterReport(p, filters, expectedOrgRows(filters));
      const expected = [...expectedCheckCounts(accounts, filters)].filter(([id]) => !filters.check || id === filters.check);
      assert.ok(expected.length > 0 && (expected.length < all.size || filters.region === 'eu-west-1'), `${JSON.stringify(filters)} should narrow the checks`);
      const rows = (await p.evaluate(
        `Array.from(document.querySelectorAll('table.most-failed tbody tr')).filter(function (el) { return !el.hidden; }).map(function (el) {
          return { id: el.cells[0].textContent, accounts: Number(el.cells[3].textContent), resources: Number(el.cells[4].textContent),
            summary: el.querySelector('details.resources > summary').textContent,
            lines: Array.from(el.querySelectorAll('details.resources li')).filter(function (li) { return !li.hidden; }).map(function (li) { return li.textContent; }).sort() };
        })`,
      )) as { id: string; accounts: number; resources: number; summary: string; lines: string[] }[];
      assert.deepEqual(rows.map((r) => r.id).sort(), expected.map(([id]) => id).sort(), JSON.stringify(filters));
      for (const row of rows) {
        const want = new Map(expected).get(row.id)!;
        const n = want.byAccount.size;
        assert.deepEqual(
          row,
          {
            id: row.id,
            accounts: n,
            resources: want.resources,
            summary: `in ${n} account${n === 1 ? '' : 's'}`,
            lines: [...want.byAccount].map(([account, count]) => `${account}: ${count} resource${count === 1 ? '' : 's'}`).sort(),
          },
          `${row.id} under ${JSON.stringify(filters)}`,
        );
      }
    }
    await p.click('#filter-reset');
    const counts = (await p.evaluate(
      `Array.from(document.querySelectorAll('table.most-failed tbody tr')).map(function (el) { return [el.cells[0].textContent, Number(el.cells[3].textContent), Number(el.cells[4].textContent), el.hidden]; })`,
    )) as [string, number, number, boolean][];
    for (const [id, accountCount, resources, hidden] of counts) assert.deepEqual([accountCount, resources, hidden], [all.get(id)!.accounts, all.get(id)!.resources, false], id);
    assert.deepEqual(problems(opened.log), []);
  });

  it('links each account to its own report when the merge knows where it is', async () => {
    const { page: p } = opened;
    assert.equal(await p.locator(`tr#account-${A} a.account-report`).getAttribute('href'), links.get(A));
    assert.equal(await p.locator(`tr#account-${B} a.account-report`).getAttribute('href'), links.get(B));
    assert.equal(await p.locator(`tr#account-${C} a.account-report`).count(), 0);
    const resolved = await p.locator(`tr#account-${B} a.account-report`).evaluate((a) => (a as unknown as { href: string }).href);
    assert.equal(resolved, new URL(`other%20scans/${B}/report.html`, opened.url).href);
  });

  it('sorts the accounts and the APIs by any column', async () => {
    const { page: p } = opened;
    await p.locator('table.accounts th button.sort', { hasText: /^Account$/ }).click();
    assert.deepEqual(await columnTexts(p, 'table.accounts', 2).then((t) => t.map((x) => x.slice(0, 12))), [A, B, C].sort());
    await p.locator('table.org-apis th button.sort', { hasText: /^Score$/ }).click();
    const scores = (await columnTexts(p, 'table.org-apis', 6)).filter((s) => s !== '—').map(Number);
    assert.deepEqual(scores, [...scores].sort((a, b) => a - b));
    const cells = await columnTexts(p, 'table.org-apis', 6);
    assert.deepEqual(cells.slice(scores.length), cells.filter((s) => s === '—'), 'no score sorts last');
    // The filters still apply to the sorted rows.
    const inB = expectedOrgRows({ account: B });
    await filterReport(p, { account: B }, rowsByScore().filter((row) => inB.includes(row)));
    await p.click('#filter-reset');
    assert.deepEqual(problems(opened.log), []);
  });

  it('never scrolls sideways at 375px', async () => {
    const narrow = await openReport(browser, page, { viewport: { width: 375, height: 812 } });
    try {
      const [scrollWidth, innerWidth] = (await narrow.page.evaluate('[document.documentElement.scrollWidth, window.innerWidth]')) as [number, number];
      assert.ok(scrollWidth <= innerWidth, `the page is ${scrollWidth}px wide in a ${innerWidth}px viewport`);
    } finally {
      await narrow.close();
    }
  });
});

/** The API rows by score, lowest first, ties in rank order, no score last. */
function rowsByScore(): string[] {
  return allRows
    .map((row, i) => ({ row, i, score: org.apis[i]!.score }))
    .sort((a, b) => {
      if (a.score === null || b.score === null) return a.score === b.score ? a.i - b.i : a.score === null ? 1 : -1;
      return a.score - b.score || a.i - b.i;
    })
    .map((r) => r.row);
}

describe('the organisation report without the account reports', () => {
  it('has no check filter, no most-failed view and no links, and still filters by account, region and type', () => {
    const bare = renderOrganisationHtml(org);
    assert.doesNotMatch(bare, /id="filter-check"/);
    assert.doesNotMatch(bare, /id="most-failed"/);
    assert.doesNotMatch(bare, /class="account-report"/);
    for (const id of ['filter-text', 'filter-account', 'filter-region', 'filter-type']) assert.match(bare, new RegExp(`id="${id}"`));
  });
});

/**
 * Hostile data in a real browser: the report of an account whose names, descriptions, tags,
 * stage variables, paths and error messages carry markup and `javascript:` URLs runs no script
 * but its own, shows every payload as text, neutralises bidi controls, violates no CSP
 * directive and asks the network for nothing — before and after a reader uses the page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { renderHtml } from '../../src/report/html.js';
import { filterReport, launchChromium, openForSuite, openReport, problems, skipWithoutChromium, until, visibleRows, type OpenedReport } from './chromium.js';
import { expectedRows, type Filters } from './expected.js';
import { ATTRIBUTE_BREAKOUT, BIDI, BIDI_SHOWN, JAVASCRIPT_URL, PAYLOADS, SCRIPT_CLOSE, SCRIPT_TAG, hostileReport } from './hostile.js';

const report = hostileReport();
const page = renderHtml(report);
const allRows = report.apis.map((_, i) => `api-${i + 1}`);

/** What the page's own elements are: tags, attributes of risk, link targets. */
const INSPECT_DOM = `(function () {
  var all = Array.from(document.querySelectorAll('*'));
  return {
    scripts: document.scripts.length,
    images: document.images.length,
    iframes: document.querySelectorAll('iframe,object,embed,frame,base,form').length,
    handlers: all.flatMap(function (el) {
      return Array.from(el.attributes).filter(function (a) { return /^on/i.test(a.name); }).map(function (a) { return el.tagName + ' ' + a.name; });
    }),
    hrefs: Array.from(document.querySelectorAll('[href],[src],[action],[formaction],[srcdoc]')).map(function (el) {
      return el.getAttribute('href') || el.getAttribute('src') || el.getAttribute('action') || el.getAttribute('formaction') || 'srcdoc';
    }),
    linkProtocols: Array.from(document.links).map(function (a) { return a.protocol; }),
  };
})()`;

describe('hostile data in Chromium', { skip: skipWithoutChromium() }, () => {
  let opened: OpenedReport;
  openForSuite(page, (_browser, open) => {
    opened = open;
  });

  const pwned = () => opened.page.evaluate('window.__pwned');

  it('runs the page’s own script and no other', async () => {
    assert.equal(await pwned(), undefined);
    // The page's script ran: it reveals the filter bar.
    assert.equal(await opened.page.locator('#filters').isVisible(), true);
    const dom = (await opened.page.evaluate(INSPECT_DOM)) as {
      scripts: number;
      images: number;
      iframes: number;
      handlers: string[];
      hrefs: string[];
      linkProtocols: string[];
    };
    assert.equal(dom.scripts, 1);
    assert.equal(dom.images, 0);
    assert.equal(dom.iframes, 0);
    assert.deepEqual(dom.handlers, []);
    for (const href of dom.hrefs) assert.ok(href.startsWith('#') || href.startsWith('https://') || href === 'data:,', `unexpected target ${href}`);
    assert.ok(!dom.linkProtocols.includes('javascript:'));
  });

  it('shows every payload as text', async () => {
    const text = await opened.page.textContent('body');
    assert.ok(text !== null);
    for (const payload of PAYLOADS) assert.ok(text.includes(payload), `missing as text: ${payload}`);
    // API names, as a reader sees them (innerText only holds what is rendered).
    const table = await opened.page.locator('#view-apis table').innerText();
    for (const name of [SCRIPT_TAG, SCRIPT_CLOSE, ATTRIBUTE_BREAKOUT, JAVASCRIPT_URL]) assert.ok(table.includes(name), `table lacks ${name}`);
    // A `javascript:` docs link is shown as text, never linked.
    assert.ok(await opened.page.locator('code', { hasText: JAVASCRIPT_URL }).count() > 0);
    assert.equal(await opened.page.locator(`a[href*="javascript" i]`).count(), 0);
  });

  it('neutralises bidi controls into visible escapes', async () => {
    const text = (await opened.page.textContent('html')) ?? '';
    const controls = [...text.matchAll(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g)].map((m) => `U+${m[0].codePointAt(0)!.toString(16).toUpperCase()} at ${m.index}`);
    assert.deepEqual(controls, [], 'bidi controls in the page text');
    assert.ok(!text.includes(BIDI));
    assert.ok(text.includes(BIDI_SHOWN));
    assert.ok((await opened.page.locator('#view-apis table').innerText()).includes(BIDI_SHOWN));
  });

  it('violates no CSP directive, throws nothing and requests nothing', () => {
    assert.deepEqual(problems(opened.log), []);
    assert.deepEqual(opened.log.aborted, []);
  });

  it('stays inert while a reader expands, filters and searches for the payloads', async () => {
    const { page: p } = opened;
    await p.click('#expand-all');
    assert.equal(await p.locator('details.api:not([open])').count(), 0);
    await p.locator('details.catalogue > summary').click();
    await p.locator('details.passed > summary').first().click();
    const shown = await p.locator('body').innerText();
    for (const payload of PAYLOADS) assert.ok(shown.includes(payload), `not rendered as text: ${payload}`);

    // The per-check view names the failing resources, payloads included, as text.
    await p.click('#tab-checks');
    for (const summary of await p.locator('#view-checks details.resources > summary').all()) await summary.click();
    const byCheck = await p.locator('#view-checks').innerText();
    for (const payload of [SCRIPT_TAG, SCRIPT_CLOSE, ATTRIBUTE_BREAKOUT]) assert.ok(byCheck.includes(payload), `per-check view lacks ${payload}`);
    await p.click('#tab-apis');

    const filters: Filters[] = [
      { text: SCRIPT_TAG },
      { text: 'onerror="window.__pwned=3' },
      { text: BIDI_SHOWN },
      { text: JAVASCRIPT_URL, status: 'ERROR' },
      { text: 'JavaScript:', severity: 'critical' },
      { severity: 'critical' },
      { severity: 'high', status: 'PASS' },
      { status: 'ERROR' },
    ];
    for (const filter of filters) {
      const expected = expectedRows(report, page, filter);
      assert.ok(expected.length > 0 && expected.length < allRows.length, `${JSON.stringify(filter)} should select some rows`);
      await filterReport(p, filter, expected);
    }
    await p.click('#filter-reset');
    await until(async () => JSON.stringify(await visibleRows(p)) === JSON.stringify(allRows), 'every row after Reset');
    assert.equal(await p.inputValue('#filter-text'), '');
    assert.equal(await p.inputValue('#filter-severity'), '');
    assert.equal(await p.inputValue('#filter-status'), '');
    await p.click('#collapse-all');

    // Deep links with hostile fragments are only looked up, never run or injected.
    for (const hash of [encodeURIComponent(SCRIPT_TAG), ATTRIBUTE_BREAKOUT, 'api-2', '%E0%A4%A']) {
      await p.evaluate(`location.hash = ${JSON.stringify(hash)}`);
    }
    assert.equal(await p.locator('#api-2').getAttribute('open'), '');
    assert.equal(await pwned(), undefined);
    assert.deepEqual(problems(opened.log), []);
  });

  it('prints with every section expanded, and collapses them again', async () => {
    const { page: p } = opened;
    await p.click('#filter-reset');
    await p.click('#collapse-all');
    assert.equal(await p.locator('details.api[open]').count(), 0);
    // Runs after the page's own beforeprint listener.
    await p.evaluate(
      `window.addEventListener('beforeprint', function () { window.__openWhilePrinting = document.querySelectorAll('details.api[open]').length; })`,
    );
    await p.pdf({ format: 'A4' });
    assert.equal(await p.evaluate('window.__openWhilePrinting'), report.apis.length);
    assert.equal(await p.locator('details.api[open]').count(), 0);
    assert.equal(await pwned(), undefined);
    assert.deepEqual(problems(opened.log), []);
  });
});

describe('the browser harness sees what it looks for', { skip: skipWithoutChromium() }, () => {
  // Without this, a harness that listened to nothing would pass every test above.
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('catches injected script, CSP violations and requests', async () => {
    const unsafe = `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:"></head>
<body><p>canary</p>${'<img src=x onerror="window.__pwned=3">'}<script>window.__pwned=1</script></body></html>`;
    const caught = await openReport(browser, unsafe);
    try {
      const found = problems(caught.log);
      assert.ok(found.some((p) => /content security policy/i.test(p) && /inline/i.test(p)), found.join('\n'));
      assert.ok(found.some((p) => p.startsWith('request: ') && p.endsWith('/x')), found.join('\n'));
    } finally {
      await caught.close();
    }
    const open = await openReport(browser, `<!doctype html><body><img src="https://example.invalid/beacon.png"><script>window.__pwned=1</script>`);
    try {
      assert.equal(await open.page.evaluate('window.__pwned'), 1);
      assert.deepEqual(open.log.aborted, ['https://example.invalid/beacon.png']);
    } finally {
      await open.close();
    }
  });
});

/**
 * How fast a big account's HTML report opens and becomes usable in Chromium: generates an
 * account of 10,000 APIs (test/fixtures/builders.ts), evaluates every check, renders the report,
 * opens it from a file and measures the time to DOMContentLoaded, until the filter bar is ready,
 * and how long the search and a filter take to update the rows. Prints the numbers; asserts
 * nothing (not a timed test).
 *
 *   node --import tsx bench/report-open.ts                       # 10,000 APIs, 3 runs
 *   node --import tsx bench/report-open.ts --apis 2000 --runs 5
 *   node --import tsx bench/report-open.ts --sections all        # every API a findings section (the page before the cap)
 *
 * Chromium: CHROMIUM_PATH or /usr/bin/chromium (Debian's package).
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { evaluateInventory } from '../src/scan/evaluate.js';
import type { Inventory, RestApi, V2Api } from '../src/inventory/schema.js';
import { MAX_API_SECTIONS, renderHtml } from '../src/report/html.js';
import { failed, inventory, region, resource, restApi, route, stage, v2Api, v2Stage } from '../test/fixtures/builders.js';
import { launchChromium } from '../test/browser/chromium.js';
import { median } from './measure.js';

const { values: args } = parseArgs({
  options: {
    apis: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    sections: { type: 'string', default: String(MAX_API_SECTIONS) },
  },
});
const API_COUNT = Number(args.apis);
const RUNS = Number(args.runs);
const SECTIONS = args.sections === 'all' ? Number.POSITIVE_INFINITY : Number(args.sections);

/** A mixed account: REST APIs good and bad (open methods, no tracing, secrets, 1% not collected), HTTP and WebSocket APIs. */
function generate(count: number): Inventory {
  const regions = ['eu-west-1', 'us-east-1'];
  const byRegion = new Map(regions.map((r) => [r, { rest: [] as RestApi[], v2: [] as V2Api[] }]));
  for (let i = 0; i < count; i++) {
    const regionName = regions[i % regions.length]!;
    const id = `b${i.toString(36).padStart(9, '0')}`;
    const arn = `arn:aws:apigateway:${regionName}::/x/${id}`;
    const bucket = byRegion.get(regionName)!;
    const kind = i % 10;
    if (kind === 8) {
      bucket.v2.push(v2Api({ ApiId: id, arn, Name: `http-api-${i}`, routes: [route('GET /items'), route('POST /items', { AuthorizationType: i % 3 === 0 ? 'NONE' : 'JWT' })] }));
    } else if (kind === 9) {
      bucket.v2.push(v2Api({ ApiId: id, arn, Name: `ws-api-${i}`, ProtocolType: 'WEBSOCKET', stages: [v2Stage({ StageName: 'prod', AutoDeploy: false })] }));
    } else {
      bucket.rest.push(
        restApi({
          id,
          arn,
          name: `rest-api-${i}`,
          description: `Service ${i}`,
          resources: [
            resource('/', { GET: {} }),
            resource('/items', { GET: {}, POST: { authorizationType: kind === 0 ? 'NONE' : 'AWS_IAM' } }),
            resource('/items/{id}', { GET: {}, DELETE: {} }),
          ],
          stages:
            i % 100 === 7
              ? failed('GetStages', 'AccessDeniedException', { region: regionName, resource: id })
              : [
                  stage({
                    tracingEnabled: kind % 2 === 0,
                    variables: kind === 3 ? { backend: 'orders.internal', api_token: 'ghp_R8xQ2mZk7LpV4nT9wY3bC6dF1hJ5sA0eG2uK' } : { backend: 'orders.internal' },
                  }),
                ],
        }),
      );
    }
  }
  return inventory({ regions: regions.map((r) => region({ region: r, restApis: byRegion.get(r)!.rest, v2Apis: byRegion.get(r)!.v2 })) });
}

const ROW_COUNT = `document.querySelectorAll('tr[data-row]:not([hidden])').length`;

async function waitForRows(page: Page, want: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await page.evaluate(ROW_COUNT)) !== want) {
    if (Date.now() > deadline) throw new Error(`rows never reached ${want}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

interface Run {
  domContentLoaded: number;
  navigationDcl: number;
  usable: number;
  elements: number;
  firstSearch: number;
  secondSearch: number;
  severityFilter: number;
  problems: number;
}

async function measure(browser: Browser, url: string, searchFor: string, apiCount: number, critical: number): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  let problems = 0;
  await context.route('**', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems += 1;
  });
  page.on('pageerror', () => (problems += 1));
  const start = performance.now();
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 180_000 });
  const domContentLoaded = performance.now() - start;
  await page.locator('#filters').waitFor({ state: 'visible', timeout: 180_000 });
  const usable = performance.now() - start;
  const navigationDcl = (await page.evaluate(`performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd`)) as number;
  const elements = (await page.evaluate(`document.getElementsByTagName('*').length`)) as number;

  // Typing includes the search's 150 ms pause after the last key.
  let t = performance.now();
  await page.fill('#filter-text', searchFor);
  await waitForRows(page, 1);
  const firstSearch = performance.now() - t;
  await page.fill('#filter-text', '');
  await waitForRows(page, apiCount);
  t = performance.now();
  await page.fill('#filter-text', searchFor);
  await waitForRows(page, 1);
  const secondSearch = performance.now() - t;
  await page.fill('#filter-text', '');
  await waitForRows(page, apiCount);

  t = performance.now();
  await page.selectOption('#filter-severity', 'critical');
  await waitForRows(page, critical);
  const severityFilter = performance.now() - t;
  await context.close();
  return { domContentLoaded, navigationDcl, usable, elements, firstSearch, secondSearch, severityFilter, problems };
}

const ms = (value: number) => `${Math.round(value)} ms`;

async function main(): Promise<void> {
  let t = performance.now();
  const inv = generate(API_COUNT);
  const generated = performance.now() - t;
  t = performance.now();
  const report = evaluateInventory(inv, {}, new Date('2026-11-01T12:30:00Z'));
  const evaluated = performance.now() - t;
  t = performance.now();
  const html = renderHtml(report, { maxApiSections: SECTIONS });
  const rendered = performance.now() - t;

  const dir = mkdtempSync(join(tmpdir(), 'apiposture-report-open-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const last = report.apis.at(-1)!.api.name;
  const critical = report.apis.filter((a) =>
    report.results.some((r) => (r.status === 'FAIL' || r.status === 'ERROR') && r.severity === 'critical' && (r.resource.apiArn === a.api.arn || r.resource.linkedApiArns?.includes(a.api.arn))),
  ).length;
  const sections = Math.min(SECTIONS, report.apis.length);
  console.log(`${report.apis.length} APIs, ${report.results.length} results; ${sections} findings sections`);
  console.log(`generate ${ms(generated)} · evaluate ${ms(evaluated)} · render ${ms(rendered)} · report.html ${(statSync(file).size / 1e6).toFixed(1)} MB`);

  const browser = await launchChromium();
  console.log(`Chromium ${browser.version()}`);
  try {
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      const run = await measure(browser, url, last, report.apis.length, critical);
      runs.push(run);
      console.log(
        `run ${i + 1}: DOMContentLoaded ${ms(run.domContentLoaded)} (navigation timing ${ms(run.navigationDcl)}) · usable ${ms(run.usable)} · ` +
          `search "${last}" ${ms(run.firstSearch)} first, ${ms(run.secondSearch)} again · severity filter ${ms(run.severityFilter)} · ` +
          `${run.elements} elements${run.problems > 0 ? ` · ${run.problems} console errors!` : ''}`,
      );
    }
    const m = (key: keyof Run) => ms(median(runs.map((run) => run[key])));
    console.log(
      `median of ${RUNS}: DOMContentLoaded ${m('domContentLoaded')} · usable ${m('usable')} · search ${m('firstSearch')} (incl. 150 ms debounce) · severity filter ${m('severityFilter')}`,
    );
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

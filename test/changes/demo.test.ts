/** The demo's previous report: up to date, and what `npm run demo` shows since the last run. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { demoPreviousReportJson } from '../../examples/generate-demo-previous.js';
import { demoInventory } from '../../examples/generate-demo.js';
import { changeLists, withChanges } from '../../src/changes/compare.js';
import { parseReport } from '../../src/report/model.js';
import { renderHtml } from '../../src/report/html.js';
import { renderSummaryTable } from '../../src/report/summary.js';
import { evaluateInventory } from '../../src/scan/evaluate.js';

const PATH = 'examples/demo-previous-report.json';
const committed = readFileSync(new URL(`../../${PATH}`, import.meta.url), 'utf8');

describe('the demo previous report', () => {
  it('is what examples/generate-demo-previous.ts produces (run `node --import tsx examples/generate-demo-previous.ts` after changing the demo or a check)', () => {
    assert.ok(committed === demoPreviousReportJson(), `${PATH} is stale: regenerate it`);
  });

  const today = evaluateInventory(demoInventory, {}, new Date('2026-11-01T12:05:00.000Z'));
  const compared = withChanges(today, { report: parseReport(JSON.parse(committed), PATH), source: PATH });
  const lists = changeLists(compared);
  const described = (items: readonly { checkId: string; resource: { name: string } }[]) => items.map((r) => `${r.checkId} ${r.resource.name}`);

  it('one API is new since, one secret regressed, one was fixed', () => {
    assert.deepEqual(described(lists.new), [
      'http-route-authorization metrics-ingest-http',
      'access-log-group metrics-ingest-http/$default',
      'v2-stage-throttling metrics-ingest-http/$default',
    ]);
    assert.deepEqual(described(lists.regressed), ['rest-stage-variables-secrets legacy-partner-api/v1']);
    assert.deepEqual(described(lists.fixed), ['rest-stage-variables-secrets inventory-sync/prod']);
    assert.equal(compared.changes?.counts.gone, 0);
  });

  it('storefront-http, renamed since (it was `storefront`), keeps every match', () => {
    const previous = JSON.parse(committed) as { results: { resource: { name: string } }[] };
    assert.ok(previous.results.some((r) => r.resource.name === 'storefront'), 'the previous report names it storefront');
    const storefront = compared.results.filter((r) => r.resource.name.startsWith('storefront-http'));
    assert.ok(storefront.length > 0);
    assert.deepEqual(storefront.filter((r) => r.change !== undefined && r.change !== 'still-failing'), []);
  });

  it('the summary counts the changes in one line and the HTML opens with "Since the last run"', () => {
    assert.match(renderSummaryTable(compared, { color: false }), /^Since the last run \(collected 2026-10-31T12:00:00\.000Z\): 3 new, 1 regressed, 1 fixed, \d+ still failing, 0 newly muted$/m);
    const page = renderHtml(compared);
    const section = page.indexOf('<section id="changes"');
    assert.ok(section > 0 && section < page.indexOf('<section id="apis"'), 'before the APIs');
    assert.ok(page.indexOf('id="changes-new"') < page.indexOf('id="changes-regressed"'));
    assert.ok(page.indexOf('id="changes-regressed"') < page.indexOf('id="changes-fixed"'));
  });

  it('npm run demo passes it', () => {
    assert.match(readFileSync(new URL('../../scripts/demo.mjs', import.meta.url), 'utf8'), /'--previous-report', 'examples\/demo-previous-report\.json'/);
  });
});

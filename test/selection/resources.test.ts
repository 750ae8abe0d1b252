import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { allChecks } from '../../checks/index.js';
import { renderSummaryTable } from '../../src/report/summary.js';
import { apisOf } from '../../src/engine/types.js';
import { InputError } from '../../src/errors.js';
import { parseInventory } from '../../src/inventory/io.js';
import { INVENTORY_PARTS, withoutParts } from '../../src/inventory/parts.js';
import { InventoryView } from '../../src/inventory/view.js';
import { evaluateInventory } from '../../src/scan/evaluate.js';
import { keepsResultAbout, parseResourceTags, selectApis } from '../../src/selection/resources.js';
import { Selection } from '../../src/selection/selection.js';

const demo = parseInventory(JSON.parse(readFileSync(new URL('../../examples/demo-inventory.json', import.meta.url), 'utf8')) as unknown, 'demo');
const view = new InventoryView(demo);
const arnOf = (name: string) => [...view.restApis().targets, ...view.v2Apis().targets].find((t) => t.ref.name === name)!.ref.arn;
const AT = new Date('2026-12-01T00:00:00Z');
const selectedNames = (arns: ReadonlySet<string>) =>
  [...view.restApis().targets, ...view.v2Apis().targets].filter((t) => arns.has(t.ref.arn)).map((t) => t.ref.name).sort();

describe('resource filters', () => {
  it('parse --resource-tag key=value, several per flag, = allowed in the value', () => {
    assert.deepEqual(parseResourceTags(['team=commerce', 'env=prod,cost=a=b']), [
      { key: 'team', value: 'commerce' },
      { key: 'env', value: 'prod' },
      { key: 'cost', value: 'a=b' },
    ]);
    assert.throws(() => parseResourceTags(['team']), (e: unknown) => e instanceof InputError && e.message === "--resource-tag takes key=value, e.g. env=prod; got 'team'");
  });

  it('select APIs by name, by ARN pattern and by tags (every tag, case-sensitive), REST and v2 alike', () => {
    assert.deepEqual(selectedNames(selectApis({ apis: ['orders-api'] }, view).selected), ['orders-api']);
    assert.deepEqual(selectedNames(selectApis({ apis: ['*-http'] }, view).selected), ['metrics-ingest-http', 'partner-portal-http', 'storefront-http']);
    assert.deepEqual(selectedNames(selectApis({ apis: ['arn:aws:apigateway:us-east-1::/restapis/*'] }, view).selected), [
      'analytics-api',
      'mobile-backend',
      'webhooks-ingest',
    ]);
    assert.deepEqual(selectedNames(selectApis({ tags: [{ key: 'team', value: 'commerce' }] }, view).selected), ['orders-api', 'storefront-http']);
    assert.deepEqual(
      selectedNames(selectApis({ tags: [{ key: 'env', value: 'prod' }, { key: 'team', value: 'crm' }] }, view).selected),
      ['loyalty-api'],
    );
    assert.deepEqual(selectedNames(selectApis({ tags: [{ key: 'team', value: 'Commerce' }] }, view).selected), []);
    // Both kinds of filter: an API must match both.
    assert.deepEqual(selectedNames(selectApis({ apis: ['*-api'], tags: [{ key: 'env', value: 'prod' }] }, view).selected), ['loyalty-api', 'orders-api']);
    assert.equal(selectApis({ apis: ['nothing-like-it'] }, view).found, 15);
  });

  it('keep a result when every API it counts towards is selected, and results about no API', () => {
    const a = 'arn:aws:apigateway:eu-west-1::/restapis/a';
    const b = 'arn:aws:apigateway:eu-west-1::/restapis/b';
    const ref = { arn: 'x', type: 'domain' as const, name: 'x', account: '1', region: 'eu-west-1' };
    assert.ok(keepsResultAbout({ ...ref, apiArn: a }, new Set([a])));
    assert.ok(keepsResultAbout({ ...ref, linkedApiArns: [a, b] }, new Set([a, b])));
    assert.ok(!keepsResultAbout({ ...ref, linkedApiArns: [a, b] }, new Set([a])), 'a shared resource linked to an API left out');
    assert.ok(!keepsResultAbout({ ...ref, apiArn: b }, new Set([a])));
    assert.ok(keepsResultAbout(ref, new Set()), 'account-level results stay');
  });

  it('make the report about the selected APIs only, keeping account-level results, and say so', () => {
    const full = evaluateInventory(demo, {}, AT);
    const report = evaluateInventory(demo, { selection: new Selection({ tags: [{ key: 'team', value: 'commerce' }] }) }, AT);
    const chosen = new Set([arnOf('orders-api'), arnOf('storefront-http')]);

    assert.deepEqual(report.apis.map((api) => api.api.name).sort(), ['orders-api', 'storefront-http']);
    assert.equal(report.summary.apis, 2);
    assert.ok(report.results.every((r) => apisOf(r.resource).every((arn) => chosen.has(arn))));
    const expected = full.results.filter((r) => apisOf(r.resource).every((arn) => chosen.has(arn)));
    assert.deepEqual(report.results, expected);
    assert.deepEqual(report.accountResults, full.accountResults, 'account-level results are kept');
    assert.equal(report.checks.length, allChecks.length);
    assert.deepEqual(report.scan.selection?.apis && { ...report.scan.selection.apis, rule: undefined }, { selected: 2, found: 15, rule: undefined });
    assert.deepEqual(report.scan.selection?.filters, { resourceTags: [{ key: 'team', value: 'commerce' }] });
    assert.deepEqual(report.scan.selection?.checks, { ran: allChecks.length, available: allChecks.length });

    const summary = renderSummaryTable(report, { color: false });
    assert.match(summary, new RegExp(`^Selection: ${allChecks.length} of ${allChecks.length} checks; 2 of 15 APIs \\(--resource-tag team=commerce\\); results outside any API kept\\.$`, 'm'));
  });

  it('drop a result on a shared resource linked to an API left out', () => {
    const full = evaluateInventory(demo, {}, AT);
    const shared = full.results.find((r) => (r.resource.linkedApiArns?.length ?? 0) > 1)!;
    assert.ok(shared, 'the demo has a resource shared by several APIs');
    const [first] = shared.resource.linkedApiArns!;
    const name = [...view.restApis().targets, ...view.v2Apis().targets].find((t) => t.ref.arn === first)!.ref.name;
    const report = evaluateInventory(demo, { selection: new Selection({ apis: [name] }) }, AT);
    assert.ok(!report.results.some((r) => r.resource.arn === shared.resource.arn && r.checkId === shared.checkId));
  });
});

describe('a selection of checks in the report', () => {
  it('lists only the checks that ran, records the selection, and leaves out collection errors no selected check needs', () => {
    const report = evaluateInventory(demo, { selection: new Selection({ checks: ['rest-stage-waf*'] }) }, AT);
    assert.deepEqual(report.checks.map((c) => c.id), ['rest-stage-waf', 'rest-stage-waf-rules']);
    assert.deepEqual([...new Set(report.results.map((r) => r.checkId))].sort(), ['rest-stage-waf', 'rest-stage-waf-rules']);
    assert.deepEqual(report.scan.selection, {
      checks: { ran: 2, available: allChecks.length },
      filters: { checks: ['rest-stage-waf*'] },
    });
    // Both demo errors (GetStages, GetWebACL) are in parts these checks need.
    assert.equal(report.collectionErrors.length, 2);

    const trails = evaluateInventory(demo, { selection: new Selection({ checks: ['account-cloudtrail'] }) }, AT);
    assert.deepEqual(trails.collectionErrors, []);
    assert.equal(trails.scan.selection?.collectionErrorsLeftOut, 2);
    assert.equal(trails.scan.complete, true);
  });

  it('has no selection record when every check runs on every API', () => {
    assert.equal(evaluateInventory(demo, {}, AT).scan.selection, undefined);
  });

  it('says when a snapshot was collected for a selection: the other checks report ERROR, never PASS', () => {
    // Every part but the trails, as a collection for account-cloudtrail alone leaves it.
    const partial = { ...withoutParts(demo, INVENTORY_PARTS.filter((part) => part !== 'trails')), selection: { checks: ['account-cloudtrail'], parts: ['trails'] } };
    const report = evaluateInventory(partial, {}, AT);
    assert.deepEqual(report.scan.selection?.collectedFor, ['account-cloudtrail']);
    assert.equal(report.scan.selection?.notListed, true);
    assert.deepEqual(report.apis, []);
    const others = report.results.filter((r) => r.checkId !== 'account-cloudtrail');
    assert.ok(others.length > 0);
    assert.deepEqual(new Set(others.map((r) => r.status)), new Set(['ERROR']));
    for (const check of allChecks) assert.ok(report.results.some((r) => r.checkId === check.id), `${check.id} has a result`);
    assert.match(renderSummaryTable(report, { color: false }), /^APIs not listed: no selected check reads them\.$/m);
  });
});

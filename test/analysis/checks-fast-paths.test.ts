/**
 * The memos and shortcuts the checks read through, pinned against the slow form they replace
 * (same answer on the edges), without timing anything.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lambdaFunctionLinks } from '../../src/analysis/lambda.js';
import { integrationSummary, restIntegrations } from '../../src/analysis/rest-integrations.js';
import { redactUri } from '../../src/util/redact.js';
import { boundEvidence, EVIDENCE_ITEMS } from '../../src/engine/evidence-bounds.js';
import { InventoryView } from '../../src/inventory/view.js';
import { MAX_LIST_ITEMS } from '../../src/util/shortened-lists.js';
import { failed, inventory, region, resource, restApi, stage } from '../fixtures/builders.js';
import { FN_ARN, invocationUri, ordersApi, withFunctions } from '../checks/lambda/functions.js';
import type { Resource } from '../../src/inventory/schema.js';

describe('InventoryView selections', () => {
  const snapshot = () =>
      inventory({
        regions: [
          region({ restApis: [restApi({ id: 'r1', stages: [stage({ stageName: 'a' }), stage({ stageName: 'b' })] }), restApi({ id: 'r2', stages: failed('GetStages') })] }),
          region({ region: 'us-east-1', restApis: failed('GetRestApis') }),
        ],
      });
  const view = () => new InventoryView(snapshot());

  it('are built once per view, frozen, and the same as a new view builds', () => {
    const shared = snapshot();
    const first = new InventoryView(shared);
    const second = new InventoryView(shared);
    for (const select of ['restApis', 'restStages', 'v2Apis', 'v2Stages'] as const) {
      const selection = first[select]();
      assert.equal(first[select](), selection, select);
      assert.ok(Object.isFrozen(selection) && Object.isFrozen(selection.targets) && Object.isFrozen(selection.gaps), select);
      assert.deepEqual(selection, second[select](), select);
    }
    const stages = first.restStages();
    assert.deepEqual(stages.targets.map((t) => t.ref.name), ['api-r1/a', 'api-r1/b']);
    assert.equal(stages.gaps.length, 2, 'the region that could not list its APIs and the API whose stages could not be read');
    // A stage's API is the very entity restApis() returns.
    assert.equal(stages.targets[0]!.api, first.restApis().targets[0]);
  });

  it('refuse changes instead of corrupting what later checks read', () => {
    const selection = view().restApis();
    assert.throws(() => (selection.targets as unknown[]).push({}), TypeError);
    assert.throws(() => (selection.gaps as unknown[]).pop(), TypeError);
  });
});

describe('integrationSummary', () => {
  const withHttpMethods = (http: number, extra: Record<string, object> = {}): Resource[] => [
    ...Array.from({ length: http }, (_, i) =>
      resource(`/r${String(i).padStart(4, '0')}`, { GET: { methodIntegration: { type: i % 2 ? 'http' : ' HTTP_PROXY ', uri: `https://u:pw@b${i}.example.com/x` } } }),
    ),
    resource('/zz', extra),
  ];

  for (const http of [0, 1, MAX_LIST_ITEMS, MAX_LIST_ITEMS + 1, MAX_LIST_ITEMS + 2, 350]) {
    it(`answers as restIntegrations and a full list of labels would, once bounded (${http} HTTP methods)`, () => {
      const resources = withHttpMethods(http, { PUT: { methodIntegration: undefined }, POST: { methodIntegration: { type: 'AWS_PROXY' } } });
      const integrations = restIntegrations(resources);
      const summary = integrationSummary(resources);
      assert.equal(summary.httpCount, integrations.http.length);
      assert.equal(summary.otherCount, integrations.other.length);
      assert.deepEqual(summary.labels.unknown, integrations.unknown.map((m) => m.label));
      assert.deepEqual(
        summary.labels.http.slice(0, MAX_LIST_ITEMS),
        integrations.http.slice(0, MAX_LIST_ITEMS).map((m) => `${m.label} → ${m.uri ? redactUri(m.uri) : '(no URI)'}`),
      );
      const full = integrations.http.map((m) => `${m.label} → ${m.uri}`);
      for (const status of ['FAIL', 'PASS'] as const) {
        for (const items of [EVIDENCE_ITEMS[status], MAX_LIST_ITEMS]) {
          assert.deepEqual(boundEvidence({ l: summary.labels.http }, items), boundEvidence({ l: full }, items), `${status} ${items}`);
        }
      }
      assert.equal(summary.labels.http.length, http <= MAX_LIST_ITEMS + 1 ? http : MAX_LIST_ITEMS + 1);
      assert.equal(integrationSummary(resources), summary, 'once per API');
    });
  }

  for (const unknown of [MAX_LIST_ITEMS + 1, MAX_LIST_ITEMS + 2]) {
    it(`shortens the methods without integration data as it shortens HTTP ones (${unknown})`, () => {
      const resources = Array.from({ length: unknown }, (_, i) => resource(`/u${String(i).padStart(4, '0')}`, { GET: { methodIntegration: undefined } }));
      const summary = integrationSummary(resources);
      const labels = restIntegrations(resources).unknown.map((m) => m.label);
      assert.equal(restIntegrations(resources).unknown.length, unknown);
      assert.deepEqual(summary.labels.unknown, unknown <= MAX_LIST_ITEMS + 1 ? labels : [...labels.slice(0, MAX_LIST_ITEMS), `… ${unknown - MAX_LIST_ITEMS} more not shown`]);
      assert.deepEqual([summary.httpCount, summary.otherCount], [0, 0]);
    });
  }

  it('sorts types as written in any case and spacing, as restIntegrations did', () => {
    const resources = [resource('/a', { GET: { methodIntegration: { type: ' vpc_link ' as string } }, PUT: { methodIntegration: { type: ' ' } } })];
    assert.deepEqual([integrationSummary(resources).httpCount, integrationSummary(resources).otherCount, integrationSummary(resources).labels.unknown], [0, 1, ['PUT /a']]);
    const typed = restIntegrations([resource('/b', { GET: { methodIntegration: { type: 'http ', connectionType: ' vpc_link', uri: 'https://x' } } })]);
    assert.deepEqual([typed.http[0]!.type, typed.http[0]!.connectionType], ['HTTP', 'VPC_LINK']);
  });
});

describe('Lambda uses of REST stages', () => {
  it('spell their place when read, as the eager strings did', () => {
    const api = ordersApi({ authorizer: FN_ARN });
    const links = lambdaFunctionLinks(withFunctions({ rest: [api] }));
    const uses = links.uses.get(FN_ARN)!;
    assert.deepEqual(
      uses.map((u) => [u.role, u.where]),
      [
        ['integration', 'deployment dep1 (stage prod): GET /orders'],
        ['authorizer', `deployment dep1 (stage prod): authorizer ${api.authorizers.ok ? api.authorizers.value[0]!.name : ''}`],
      ],
    );
    assert.deepEqual(Object.keys(uses[0]!).filter((k) => k === 'apiArn' || k === 'apiName' || k === 'role'), ['apiArn', 'apiName', 'role']);
  });

  it('name the place in the reason a reference cannot be resolved', () => {
    const api = ordersApi({ integration: `${FN_ARN}:\${stageVariables.alias}` });
    const links = lambdaFunctionLinks(withFunctions({ rest: [api] }));
    assert.deepEqual(
      links.unknown.map((u) => u.reason),
      [`deployment dep1 (stage prod): GET /orders: ${FN_ARN}:\${stageVariables.alias} names a stage variable the stage does not set`],
    );
    assert.ok(invocationUri(FN_ARN).includes(FN_ARN));
  });
});

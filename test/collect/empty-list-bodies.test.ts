/**
 * A 200 answer without the list it should carry, served over the wire by the local AWS
 * look-alike (aws-sdk-client-mock cannot show bodies: the SDK turns an empty body and `{}` into
 * the same output, a list member that is simply absent).
 *
 * - An empty body is never an API Gateway answer (it always sends a JSON document): every list
 *   is then an `UnexpectedResponse` collection error.
 * - `{}` (no list member): API Gateway v2 sends `{"items": []}` for an empty list (the CLI and
 *   the SDK show `"Items": []` for an account without v2 APIs: aws/aws-sdk-js#2708, #2458), so a
 *   v2 list without `items` is an error. API Gateway v1 leaves `item` out of an empty collection
 *   (`{}` for a domain without base path mappings, in the console's own traffic too:
 *   aws/aws-sdk-js#1416), so `{}` stays an empty v1 list — except GetResources: every REST API
 *   has its root resource `/`, so a REST API never has an empty resource list.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { collectInventory } from '../../src/collect/index.js';
import type { Collected, Inventory, RegionInventory } from '../../src/inventory/schema.js';
import { startFakeAws } from '../support/fake-aws.js';
import type { FaultPlan } from '../support/faults.js';

/** The ground truth the look-alike serves. */
const demo = JSON.parse(readFileSync(new URL('../../examples/demo-inventory.json', import.meta.url), 'utf8')) as Inventory;
const TEST_CREDENTIALS = { accessKeyId: 'AKIAEMPTYBODYTEST001', secretAccessKey: 'empty-body-test-secret-not-real' };

const REST_API = 'k3x9ord01a';
const V2_API = 'sf7h8ttp01';
const V2_DOMAIN = 'orders.api.example.com';

async function scan(faults: FaultPlan): Promise<RegionInventory> {
  const fake = await startFakeAws({ inventory: demo, faults });
  try {
    const { inventory } = await collectInventory({
      now: () => new Date(demo.collectedAt),
      regions: ['eu-west-1'],
      endpointUrl: fake.url,
      credentials: TEST_CREDENTIALS,
      rateScale: 100,
      maxAttempts: 1,
      retry: { sleep: async () => {}, random: () => 0.5 },
    });
    return inventory.regions[0]!;
  } finally {
    await fake.close();
  }
}

interface Case {
  /** What the test calls it. */
  name: string;
  /** The request the fault answers. */
  service: 'apigateway' | 'apigatewayv2';
  path: string;
  /** The slot that list fills. */
  slot(region: RegionInventory): Collected<unknown[]>;
  /** `{}` is a real empty answer of this operation (AWS leaves the member out). */
  emptyObjectIsEmptyList: boolean;
}

const restApi = (r: RegionInventory) => (r.apigateway.restApis.ok ? r.apigateway.restApis.value.find((a) => a.id === REST_API) : undefined)!;
const v2Api = (r: RegionInventory) => (r.apigatewayv2.apis.ok ? r.apigatewayv2.apis.value.find((a) => a.ApiId === V2_API) : undefined)!;
const v2Domain = (r: RegionInventory) =>
  (r.apigatewayv2.domainNames.ok ? r.apigatewayv2.domainNames.value.find((d) => d.DomainName === V2_DOMAIN) : undefined)!;

/** The lists of the region: faulted together (none depends on another). */
const REGION_LISTS: Case[] = [
  { name: 'GetRestApis', service: 'apigateway', path: '/restapis', slot: (r) => r.apigateway.restApis, emptyObjectIsEmptyList: true },
  { name: 'GetDomainNames (v1)', service: 'apigateway', path: '/domainnames', slot: (r) => r.apigateway.domainNames, emptyObjectIsEmptyList: true },
  { name: 'GetApis', service: 'apigatewayv2', path: '/v2/apis', slot: (r) => r.apigatewayv2.apis, emptyObjectIsEmptyList: false },
  { name: 'GetDomainNames (v2)', service: 'apigatewayv2', path: '/v2/domainnames', slot: (r) => r.apigatewayv2.domainNames, emptyObjectIsEmptyList: false },
];

/** The lists of one API (or domain), which are listed normally. */
const DETAIL_LISTS: Case[] = [
  { name: 'GetResources', service: 'apigateway', path: `/restapis/${REST_API}/resources`, slot: (r) => restApi(r).resources, emptyObjectIsEmptyList: false },
  { name: 'GetStages (v1)', service: 'apigateway', path: `/restapis/${REST_API}/stages`, slot: (r) => restApi(r).stages, emptyObjectIsEmptyList: true },
  { name: 'GetRoutes', service: 'apigatewayv2', path: `/v2/apis/${V2_API}/routes`, slot: (r) => v2Api(r).routes, emptyObjectIsEmptyList: false },
  { name: 'GetStages (v2)', service: 'apigatewayv2', path: `/v2/apis/${V2_API}/stages`, slot: (r) => v2Api(r).stages, emptyObjectIsEmptyList: false },
  { name: 'GetIntegrations', service: 'apigatewayv2', path: `/v2/apis/${V2_API}/integrations`, slot: (r) => v2Api(r).integrations, emptyObjectIsEmptyList: false },
  {
    name: 'GetApiMappings',
    service: 'apigatewayv2',
    path: `/v2/domainnames/${V2_DOMAIN}/apimappings`,
    slot: (r) => v2Domain(r).apiMappings,
    emptyObjectIsEmptyList: false,
  },
];

function faulting(cases: Case[], body: string): FaultPlan {
  return (request) => (cases.some((c) => c.service === request.service && c.path === request.path) ? { kind: 'malformed', body } : undefined);
}

function assertUnexpected(slot: Collected<unknown[]>, name: string): void {
  assert.ok(!slot.ok, `${name}: a missing list is not an empty list`);
  assert.equal(slot.error.code, 'UnexpectedResponse', `${name}: ${slot.error.message}`);
}

describe('a 200 answer without its list', () => {
  for (const [what, cases] of [['region lists', REGION_LISTS], ['API and domain lists', DETAIL_LISTS]] as const) {
    it(`an empty body (${what}): an UnexpectedResponse collection error, never an empty list`, async () => {
      const region = await scan(faulting(cases, ''));
      for (const c of cases) assertUnexpected(c.slot(region), c.name);
    });

    it(`\`{}\` (${what}): an error where AWS always sends the list, an empty list where AWS leaves it out`, async () => {
      const region = await scan(faulting(cases, '{}'));
      for (const c of cases) {
        const slot = c.slot(region);
        if (c.emptyObjectIsEmptyList) assert.deepEqual(slot, { ok: true, value: [] }, c.name);
        else assertUnexpected(slot, c.name);
      }
    });
  }

  for (const [what, cases] of [['region lists', REGION_LISTS], ['API and domain lists', DETAIL_LISTS]] as const) {
    it(`an explicitly empty list is still an empty list, v1 and v2 alike (${what})`, async () => {
      // GetResources is never empty: it is left as it is.
      const lists = cases.filter((c) => c.name !== 'GetResources');
      const region = await scan((request) => {
        const c = lists.find((l) => l.service === request.service && l.path === request.path);
        if (!c) return undefined;
        return { kind: 'malformed', body: c.service === 'apigateway' ? '{"item": []}' : '{"items": []}' };
      });
      for (const c of lists) assert.deepEqual(c.slot(region), { ok: true, value: [] }, c.name);
    });
  }
});

/**
 * Demo data for what stages serve versus the draft (rest-deployment-drift, and every check that
 * judges the deployed configuration): applied to the demo inventory by examples/generate-demo.ts.
 *
 * `redeployRestApis` first makes every REST stage serve its API's final draft: the other demo
 * modules change drafts after `restApi()` built their deployments, and in the demo story those
 * changes were deployed. Modules that want a stage to serve something else run after it.
 *
 * What `addDrift` adds or changes:
 * - eu-west-1: loyalty-api, a public regional API whose methods were switched from NONE to
 *   AWS_IAM in the console in September 2026 and never redeployed: stage prod still serves the
 *   August deployment, open to anyone (a fix made but not deployed, critical).
 * - orders-api: a params-only validator on POST /orders waits in the draft, weaker than the body
 *   validator stage prod serves (a weaker configuration waiting for the next deployment).
 *
 * Idempotent: applying it twice leaves the demo as applying it once.
 */
import { deploymentsOfDraft, restDraftConfig } from '../../src/analysis/deployed.js';
import type { Collected, Inventory, Method, RegionInventory, Resource, RestApi } from '../../src/inventory/schema.js';
import { ACCOUNT, resource, restApi, stage } from '../../test/fixtures/builders.js';

const EU = 'eu-west-1';

export const LOYALTY_API_ID = 'l0y4lty10j';
export const LOYALTY_DEPLOYMENT_ID = 'd7lo0819';

function value<T>(collected: Collected<T>, what: string): T {
  if (!collected.ok) throw new Error(`demo: ${what} is not collected`);
  return collected.value;
}

function regionOf(demo: Inventory, name: string): RegionInventory {
  const region = demo.regions.find((r) => r.region === name);
  if (!region) throw new Error(`demo: no region ${name}`);
  return region;
}

function apiOf(region: RegionInventory, id: string): RestApi {
  const api = value(region.apigateway.restApis, `REST APIs of ${region.region}`).find((a) => a.id === id);
  if (!api) throw new Error(`demo: no REST API ${id} in ${region.region}`);
  return api;
}

/** Every REST stage serves a deployment of its API's current draft. */
export function redeployRestApis(demo: Inventory): void {
  for (const region of demo.regions) {
    if (!region.apigateway.restApis.ok) continue;
    for (const api of region.apigateway.restApis.value) api.deployments = deploymentsOfDraft(api);
  }
}

/** loyalty-api: the draft says AWS_IAM; stage prod serves the deployment from before the fix. */
function loyaltyApi(): RestApi {
  // Its own Lambda handler (examples/demo/lambda.ts records it), named here so re-applying changes nothing.
  const handler = { type: 'AWS_PROXY', uri: `arn:aws:apigateway:${EU}:lambda:path/2015-03-31/functions/arn:aws:lambda:${EU}:${ACCOUNT}:function:loyalty-api-handler/invocations` };
  const fixed = { authorizationType: 'AWS_IAM', methodIntegration: handler } as const;
  const open = { authorizationType: 'NONE', methodIntegration: handler } as const;
  const draft = {
    id: LOYALTY_API_ID,
    name: 'loyalty-api',
    description: 'Loyalty points balance and redemption; IAM auth added in the console on 2026-09-03',
    createdDate: '2025-11-04T09:00:00.000Z',
    endpointConfiguration: { types: ['REGIONAL'] },
    tags: { team: 'crm', env: 'prod' },
    stages: [stage({ stageName: 'prod', deploymentId: LOYALTY_DEPLOYMENT_ID, createdDate: '2025-11-04T09:30:00.000Z', lastUpdatedDate: '2026-08-19T14:05:00.000Z' })],
  };
  // Fixed resource ids (`resource()` numbers them in call order), so applying twice changes nothing.
  const resources = (auth: Partial<Method>): Resource[] =>
    [resource('/', {}), resource('/points', { GET: auth }), resource('/points/redeem', { POST: auth })].map((r, i) => ({ ...r, id: `lyr0${i}` }));
  const api = restApi({ ...draft, resources: resources(fixed) });
  const beforeTheFix = restApi({ ...draft, resources: resources(open) });
  const served = restDraftConfig(beforeTheFix, LOYALTY_DEPLOYMENT_ID, 'prod');
  // A stage export does not carry its deployment's date (only GetDeployment would, one more call per API).
  api.deployments = { [LOYALTY_DEPLOYMENT_ID]: served };
  return api;
}

export function addDrift(demo: Inventory): void {
  const eu = regionOf(demo, EU);
  const apis = value(eu.apigateway.restApis, `REST APIs of ${EU}`);
  const loyalty = loyaltyApi();
  const at = apis.findIndex((a) => a.id === LOYALTY_API_ID);
  if (at >= 0) apis[at] = loyalty;
  else apis.push(loyalty);

  // orders-api: a relaxed validator attached in the draft, not deployed yet.
  const orders = apiOf(eu, 'k3x9ord01a');
  const validators = value(orders.requestValidators, 'request validators of orders-api');
  if (!validators.some((v) => v.id === 'val2')) {
    validators.push({ id: 'val2', name: 'params-only', validateRequestBody: false, validateRequestParameters: true });
  }
  const post = value(orders.resources, 'resources of orders-api').find((r) => r.path === '/orders')?.resourceMethods?.POST;
  if (!post) throw new Error('demo: no method POST /orders in orders-api');
  post.requestValidatorId = 'val2';
}

/**
 * The CLI scans the AWS look-alike where drafts and deployments disagree both ways: a
 * method fixed in the draft (NONE → AWS_IAM) that the stage still serves open, and an API whose
 * draft opens a method the stage still protects. The scan reads what each stage serves over the
 * wire (GetExport, ExportApi), reproduces the snapshot, and judges the live configuration.
 */
import assert from 'node:assert/strict';
import { parseReport } from '../../src/report/model.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseInventory } from '../../src/inventory/io.js';
import { restDraftConfig } from '../../src/analysis/deployed.js';
import type { Inventory, RestApi } from '../../src/inventory/schema.js';
import { REGION, inventory, ok, region, resource, restApi, stage, v2Api, v2Stage, route } from '../fixtures/builders.js';
import { startFakeAws, type FakeAws } from '../support/fake-aws.js';
import { isolatedEnv, runCli } from './run-cli.js';

const FIXED_ARN = `arn:aws:apigateway:${REGION}::/restapis/fixed1`;
const WEAKER_ARN = `arn:aws:apigateway:${REGION}::/restapis/weaker1`;

/** What a deployment of `resources` would serve (the builders' own draft view). */
function servedFrom(resources: ReturnType<typeof resource>[]): RestApi['deployments'][string] {
  const config = restDraftConfig({ resources: ok(resources), authorizers: ok([]), requestValidators: ok([]) }, 'dep-old', 'prod');
  assert.ok(config.ok);
  return ok({ ...config.value, deploymentId: 'dep-old' });
}

function account(): Inventory {
  // Fixed in the console, never deployed: prod still serves GET /orders open.
  const fixed = restApi({
    id: 'fixed1',
    resources: [resource('/orders', { GET: { authorizationType: 'AWS_IAM' } })],
    stages: [stage({ stageName: 'prod', deploymentId: 'dep-old' })],
    deployments: { 'dep-old': servedFrom([resource('/orders', { GET: { authorizationType: 'NONE' } })]) },
  });
  // Weakened in the draft, not yet deployed: prod still requires IAM.
  const weaker = restApi({
    id: 'weaker1',
    resources: [resource('/orders', { GET: { authorizationType: 'NONE' } })],
    stages: [stage({ stageName: 'prod', deploymentId: 'dep-old' })],
    deployments: { 'dep-old': servedFrom([resource('/orders', { GET: { authorizationType: 'AWS_IAM' } })]) },
  });
  const http = v2Api({
    ApiId: 'http1',
    routes: ok([route('GET /items', { AuthorizationType: 'AWS_IAM', AuthorizerId: undefined })]),
    stages: ok([v2Stage({ StageName: 'live', AutoDeploy: false })]),
    stageExports: { live: ok({ stageName: 'live', routes: [{ routeKey: 'GET /items', authorizationType: 'NONE' }] }) },
  });
  return inventory({ regions: [region({ restApis: [fixed, weaker], v2Apis: [http], identityPools: [], webAclLogging: {} })] });
}

describe('scan: drafts and deployments that disagree, through --endpoint-url', () => {
  const served = account();
  const dir = mkdtempSync(join(tmpdir(), 'apiposture-drift-'));
  const inventoryOut = join(dir, 'inventory.json');
  let fake: FakeAws;
  let run: Awaited<ReturnType<typeof runCli>>;

  before(async () => {
    fake = await startFakeAws({ inventory: served, maxPageSize: 2 });
    run = await runCli(
      ['scan', '--regions', REGION, '--endpoint-url', fake.url, '--output-dir', join(dir, 'out'), '--inventory-out', inventoryOut, '--fail-on', 'none'],
      isolatedEnv({ AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'test-secret-not-real' }),
    );
  });
  after(() => fake.close());

  it('reads what each stage serves over the wire and reproduces the snapshot', () => {
    assert.ok(run.code === 0 || run.code === 3, run.stderr);
    const collected = parseInventory(JSON.parse(readFileSync(inventoryOut, 'utf8')), inventoryOut);
    const truth = parseInventory(JSON.parse(JSON.stringify(served)), 'truth');
    assert.deepEqual(collected.regions, truth.regions);
    const operations = fake.requests.map((r) => r.operation);
    assert.equal(operations.filter((o) => o === 'GetExport').length, 2);
    assert.equal(operations.filter((o) => o === 'ExportApi').length, 1);
  });

  it('judges the live configuration: the undeployed fix still fails, the weaker draft does not fail yet', () => {
    const path = join(dir, 'out', 'report.json');
    const report = parseReport(JSON.parse(readFileSync(path, 'utf8')), path);
    const authorization = (arn: string) => report.results.filter((r) => r.checkId === 'rest-method-authorization' && r.resource.apiArn === arn);
    assert.ok(authorization(FIXED_ARN).some((r) => r.status === 'FAIL'), 'prod still serves GET /orders open');
    assert.ok(authorization(WEAKER_ARN).length > 0 && authorization(WEAKER_ARN).every((r) => r.status === 'PASS'), 'prod still requires IAM');
  });
});

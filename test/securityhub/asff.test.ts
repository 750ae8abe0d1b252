import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { allChecks } from '../../checks/index.js';
import { runChecks } from '../../src/engine/runner.js';
import type { Inventory } from '../../src/inventory/schema.js';
import { buildReport } from '../../src/report/model.js';
import {
  ASFF_LIMITS,
  buildFindings,
  findingBytes,
  findingId,
  fitFinding,
  laterTimestamp,
  productArnFor,
  truncateText,
  type PlannedFinding,
} from '../../src/securityhub/asff.js';
import { encodeResourcePath, inventoryFacts, methodSettingsList } from '../../src/securityhub/resources.js';
import { v2Api, v2Stage, withV2Apis } from '../fixtures/builders.js';
import { assertValidAsff } from './asff-valid.js';
import { ACCOUNT, check, EU, report, result, stageArn, US } from './fixtures.js';

const NOW = new Date('2026-11-02T08:00:00.000Z');

function only(planned: PlannedFinding[], checkId: string): PlannedFinding {
  const found = planned.filter((p) => p.checkId === checkId);
  assert.equal(found.length, 1, `one finding for ${checkId}`);
  return found[0]!;
}

describe('finding ids', () => {
  it('are apiposture/<checkId>/<resourceArn>, the same every time', () => {
    const arn = stageArn(EU, 'abc');
    assert.equal(findingId('rest-stage-waf', arn), `apiposture/rest-stage-waf/${arn}`);
    assert.equal(findingId('rest-stage-waf', arn), findingId('rest-stage-waf', arn));
    assert.notEqual(findingId('rest-stage-waf', arn), findingId('rest-stage-xray-tracing', arn));
  });

  it('stay within 512 characters, unique and stable, with a hashed suffix', () => {
    const long = (tail: string) => `arn:aws:iam::${ACCOUNT}:role/${'x'.repeat(600)}/inline/${tail}`;
    const a = findingId('iam-api-wildcards', long('a'));
    const b = findingId('iam-api-wildcards', long('b'));
    assert.ok(a.length <= 512 && b.length <= 512);
    assert.notEqual(a, b, 'a shared 500-character prefix still gives two ids');
    assert.equal(a, findingId('iam-api-wildcards', long('a')));
    assert.match(a, /^apiposture\/iam-api-wildcards\/arn:aws:iam::.*#[0-9a-f]{32}$/);
  });

  it('are the same across two builds of the same report', () => {
    const r = report([result('c1', stageArn(EU, 'a'), 'FAIL'), result('c1', stageArn(US, 'b'), 'PASS')]);
    const first = buildFindings(r, { now: NOW }).map((p) => p.finding.Id);
    const second = buildFindings(r, { now: new Date('2026-12-01T00:00:00Z') }).map((p) => p.finding.Id);
    assert.deepEqual(first, second);
    assert.equal(new Set(first).size, 2);
  });
});

describe('buildFindings', () => {
  const r = report([
    result('fails', stageArn(EU, 'a'), 'FAIL', { severity: 'critical' }),
    result('passes', stageArn(EU, 'a'), 'PASS'),
    result('errors', stageArn(US, 'b'), 'ERROR'),
    result('not-applicable', stageArn(EU, 'a'), 'NOT_APPLICABLE'),
  ]);
  const planned = buildFindings(r, { now: NOW });

  it('sends PASS, FAIL and ERROR results, not NOT_APPLICABLE ones', () => {
    assert.deepEqual(planned.map((p) => p.checkId).sort(), ['errors', 'fails', 'passes']);
  });

  it('maps statuses to Compliance.Status, ERROR with its reason', () => {
    assert.equal(only(planned, 'fails').finding.Compliance?.Status, 'FAILED');
    assert.equal(only(planned, 'passes').finding.Compliance?.Status, 'PASSED');
    const error = only(planned, 'errors').finding.Compliance!;
    assert.equal(error.Status, 'NOT_AVAILABLE');
    assert.equal(error.StatusReasons?.[0]?.ReasonCode, 'COLLECTION_GAP');
    assert.match(error.StatusReasons?.[0]?.Description ?? '', /apigateway:GetStages failed with AccessDeniedException/);
  });

  it('puts severity and types in FindingProviderFields only; a pass is INFORMATIONAL', () => {
    const fail = only(planned, 'fails').finding;
    assert.deepEqual(fail.FindingProviderFields?.Severity, { Label: 'CRITICAL', Original: 'critical' });
    assert.deepEqual(fail.FindingProviderFields?.Types, [
      'Software and Configuration Checks/AWS Security Best Practices',
      'Software and Configuration Checks/Industry and Regulatory Standards/OWASP API Security Top 10 2023',
    ]);
    assert.deepEqual(only(planned, 'passes').finding.FindingProviderFields?.Severity, { Label: 'INFORMATIONAL', Original: 'high' });
    for (const p of planned) {
      assert.equal(p.finding.Severity, undefined);
      assert.equal(p.finding.Types, undefined);
      assert.equal(p.finding.Workflow, undefined);
      assert.equal(p.finding.RecordState, 'ACTIVE');
    }
  });

  it('keeps the mappings in RelatedRequirements and never poses as a Security Hub control (no SecurityControlId)', () => {
    const compliance = only(planned, 'fails').finding.Compliance!;
    // SecurityControlId names Security Hub's own controls: a custom finding carrying one would be
    // counted in that control's views and matched by automation rules written for it.
    assert.equal(compliance.SecurityControlId, undefined);
    assert.ok(!('SecurityControlId' in compliance));
    assert.deepEqual(compliance.RelatedRequirements, [
      'OWASP API Security Top 10 2023/API8',
      'AWS Security Hub/APIGateway.1',
      'AWS Config/api-gw-execution-logging-enabled',
    ]);
  });

  it('imports each finding in its own region, with that region’s product ARN', () => {
    const eu = only(planned, 'fails');
    assert.equal(eu.region, EU);
    assert.equal(eu.finding.ProductArn, `arn:aws:securityhub:${EU}:${ACCOUNT}:product/${ACCOUNT}/default`);
    const us = only(planned, 'errors');
    assert.equal(us.region, US);
    assert.equal(us.finding.Resources?.[0]?.Region, US);
    assert.equal(us.finding.GeneratorId, 'errors');
  });

  it('sends global (IAM) results to the first scanned region, or --security-hub-region', () => {
    const policy = `arn:aws:iam::${ACCOUNT}:policy/too-broad`;
    const iam = report([result('iam-api-wildcards', policy, 'FAIL', { region: 'global', type: 'iam-policy', name: 'too-broad' })], {
      regions: ['eu-central-1', 'eu-west-1'],
    });
    const [home] = buildFindings(iam, { now: NOW });
    assert.equal(home!.region, 'eu-central-1');
    assert.equal(home!.finding.Resources?.[0]?.Region, undefined, 'a global resource has no region');
    assert.equal(home!.finding.Resources?.[0]?.Type, 'AwsIamPolicy');
    const [chosen] = buildFindings(iam, { now: NOW, homeRegion: 'us-west-2' });
    assert.equal(chosen!.region, 'us-west-2');
    assert.equal(chosen!.finding.ProductArn, `arn:aws:securityhub:us-west-2:${ACCOUNT}:product/${ACCOUNT}/default`);
  });

  it('uses a given product ARN, in each finding’s region', () => {
    const arn = 'arn:aws:securityhub:us-east-1::product/acme/apiposture';
    assert.equal(productArnFor('aws', EU, ACCOUNT, arn), 'arn:aws:securityhub:eu-west-1::product/acme/apiposture');
    const [p] = buildFindings(report([result('c', stageArn(EU, 'a'), 'FAIL')]), { now: NOW, productArn: arn });
    assert.equal(p!.finding.ProductArn, 'arn:aws:securityhub:eu-west-1::product/acme/apiposture');
    assert.equal(productArnFor('aws-cn', 'cn-north-1', ACCOUNT), `arn:aws-cn:securityhub:cn-north-1:${ACCOUNT}:product/${ACCOUNT}/default`);
  });

  it('keeps CreatedAt and FirstObservedAt from before; UpdatedAt is later than the stored one', () => {
    const id = findingId('fails', stageArn(EU, 'a'));
    const stored = { createdAt: '2026-01-01T00:00:00.000Z', firstObservedAt: '2025-12-31T23:00:00.000Z', updatedAt: '2026-11-02T08:00:00.000Z' };
    const [again] = buildFindings(report([result('fails', stageArn(EU, 'a'), 'FAIL')]), {
      now: NOW,
      prior: (account, region, findingIdAsked) => (account === ACCOUNT && region === EU && findingIdAsked === id ? stored : undefined),
    });
    assert.equal(again!.finding.CreatedAt, stored.createdAt);
    assert.equal(again!.finding.FirstObservedAt, stored.firstObservedAt);
    assert.equal(again!.finding.LastObservedAt, '2026-11-01T12:00:00.000Z');
    assert.ok(Date.parse(again!.finding.UpdatedAt!) > Date.parse(stored.updatedAt), 'same clock: 1 ms later');
    const [fresh] = buildFindings(report([result('fails', stageArn(EU, 'a'), 'FAIL')]), { now: NOW });
    assert.equal(fresh!.finding.CreatedAt, fresh!.finding.UpdatedAt, 'a new finding is created when it is first imported');
    assert.equal(fresh!.finding.FirstObservedAt, '2026-11-01T12:00:00.000Z');
  });

  it('makes one finding of several results of a check on one resource, the worst one', () => {
    const arn = stageArn(EU, 'a');
    const r2 = report([result('c', arn, 'PASS'), { ...result('c', arn, 'FAIL'), message: 'the bad one' }]);
    const planned2 = buildFindings(r2, { now: NOW });
    assert.equal(planned2.length, 1);
    assert.equal(planned2[0]!.finding.Compliance?.Status, 'FAILED');
    assert.equal(planned2[0]!.finding.ProductFields?.['apiposture/ResultCount'], '2');
  });
});

describe('limits on texts and fields', () => {
  it('truncates on a word boundary with an ellipsis', () => {
    const text = 'word '.repeat(200);
    const cut = truncateText(text, 512);
    assert.ok(cut.length <= 512);
    assert.ok(cut.endsWith('word…'), cut.slice(-10));
    assert.equal(truncateText('short', 512), 'short');
  });

  it('keeps the recommendation ≤ 512, the title ≤ 256, the description ≤ 1024 and ≤ 50 product fields', () => {
    const long = check('long', {
      title: 'T '.repeat(300),
      remediation: { text: 'Do this and that. '.repeat(60), cli: 'aws apigateway update-stage …', docs: 'https://docs.aws.amazon.com/x' },
    });
    const evidence = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`key${i}`, 'v'.repeat(3000)]));
    const r = report([{ ...result('long', stageArn(EU, 'a'), 'FAIL', { evidence }), message: 'M '.repeat(800) }], { checks: [long] });
    const [p] = buildFindings(r, { now: NOW });
    assertValidAsff(p!.finding);
    assert.ok(p!.finding.Remediation!.Recommendation!.Text!.endsWith('…'));
    assert.equal(p!.finding.Remediation!.Recommendation!.Url, 'https://docs.aws.amazon.com/x');
    assert.equal(Object.keys(p!.finding.ProductFields!).length, 50);
    assert.equal(p!.finding.ProductFields!['apiposture/CheckId'], 'long');
    assert.equal(p!.finding.ProductFields!['apiposture/Version'], '0.1.0');
  });

  it('shrinks a finding over 240 KB instead of failing it: evidence fields go first', () => {
    const evidence = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`big${i}`, 'x'.repeat(2000)]));
    const [p] = buildFindings(report([result('c', stageArn(EU, 'a'), 'FAIL', { evidence })]), { now: NOW });
    const full = p!.finding;
    assert.ok(findingBytes(full) > 60_000);
    const fitted = fitFinding(full, 20_000);
    assert.ok(findingBytes(fitted) <= 20_000);
    assert.ok(!Object.keys(fitted.ProductFields ?? {}).some((k) => k.startsWith('apiposture/Evidence/')));
    assert.equal(fitted.ProductFields?.['apiposture/CheckId'], 'c');
    assert.equal(fitted.Description, full.Description, 'the description was short enough to keep');
    const tiny = fitFinding(full, 2_000);
    assert.ok(findingBytes(tiny) <= 2_000);
    assert.equal(tiny.Id, full.Id);
  });

  it('UpdatedAt: now, or 1 ms after the stored value when the clock is behind', () => {
    assert.equal(laterTimestamp(NOW), NOW.toISOString());
    assert.equal(laterTimestamp(NOW, '2026-11-01T00:00:00Z'), NOW.toISOString());
    assert.equal(laterTimestamp(NOW, '2026-11-03T00:00:00.000Z'), '2026-11-03T00:00:00.001Z');
  });
});

describe('resources', () => {
  const types = (planned: PlannedFinding[]) => planned.map((p) => [p.checkId, p.finding.Resources![0]!.Type, p.finding.Resources![0]!.Id]);

  it('maps every resource type, from a report alone', () => {
    const r = report(
      [
        result('a', `arn:aws:apigateway:${EU}::/restapis/r1`, 'FAIL', { type: 'rest-api', name: 'r1-name' }),
        result('b', stageArn(EU, 'r1'), 'FAIL', { type: 'rest-stage' }),
        result('c', `arn:aws:apigateway:${EU}::/apis/h1`, 'FAIL', { type: 'http-api' }),
        result('d', `arn:aws:apigateway:${EU}::/apis/w1`, 'FAIL', { type: 'websocket-api' }),
        result('e', `arn:aws:apigateway:${EU}::/apis/h1/stages/$default`, 'FAIL', { type: 'v2-stage' }),
        result('f', `arn:aws:apigateway:${EU}::/domainnames/api.example.com`, 'FAIL', { type: 'domain', name: 'api.example.com' }),
        result('g', `arn:aws:cognito-idp:${EU}:${ACCOUNT}:userpool/eu-west-1_abc`, 'FAIL', { type: 'user-pool' }),
        result('h', `arn:aws:kms:${EU}:${ACCOUNT}:key/1234`, 'FAIL', { type: 'kms-key' }),
        result('i', `arn:aws:iam::${ACCOUNT}:policy/p`, 'FAIL', { type: 'iam-policy', region: 'global' }),
        result('j', `arn:aws:iam::${ACCOUNT}:role/app/inline/inline-p`, 'FAIL', { type: 'iam-policy', region: 'global' }),
        result('k', `arn:aws:apigateway:${EU}:${ACCOUNT}:account`, 'FAIL', { type: 'account' }),
      ],
      { regions: [EU] },
    );
    const planned = buildFindings(r, { now: NOW });
    assert.deepEqual(types(planned), [
      ['a', 'AwsApiGatewayRestApi', `arn:aws:apigateway:${EU}::/restapis/r1`],
      ['b', 'AwsApiGatewayStage', stageArn(EU, 'r1')],
      ['c', 'AwsApiGatewayV2Api', `arn:aws:apigateway:${EU}::/apis/h1`],
      ['d', 'AwsApiGatewayV2Api', `arn:aws:apigateway:${EU}::/apis/w1`],
      ['e', 'AwsApiGatewayV2Stage', `arn:aws:apigateway:${EU}::/apis/h1/stages/$default`],
      ['f', 'Other', `arn:aws:apigateway:${EU}::/domainnames/api.example.com`],
      ['g', 'Other', `arn:aws:cognito-idp:${EU}:${ACCOUNT}:userpool/eu-west-1_abc`],
      ['h', 'AwsKmsKey', `arn:aws:kms:${EU}:${ACCOUNT}:key/1234`],
      ['i', 'AwsIamPolicy', `arn:aws:iam::${ACCOUNT}:policy/p`],
      ['j', 'AwsIamRole', `arn:aws:iam::${ACCOUNT}:role/app`],
      ['k', 'AwsAccount', `AWS::::Account:${ACCOUNT}`],
    ]);
    const byCheck = new Map(planned.map((p) => [p.checkId, p.finding.Resources![0]!.Details]));
    assert.deepEqual(byCheck.get('a'), { AwsApiGatewayRestApi: { Id: 'r1', Name: 'r1-name' } });
    assert.deepEqual(byCheck.get('b'), { AwsApiGatewayStage: { StageName: 'prod' } });
    assert.deepEqual(byCheck.get('j'), { AwsIamRole: { RoleName: 'app', RolePolicyList: [{ PolicyName: 'inline-p' }] } });
    assert.equal(byCheck.get('f')?.Other?.DomainName, 'api.example.com');
    assert.equal(byCheck.get('g')?.Other?.UserPoolId, 'eu-west-1_abc');
    for (const p of planned) assertValidAsff(p.finding);
  });

  it('encodes method-settings paths the way Security Hub documents them', () => {
    assert.equal(encodeResourcePath('/'), '/');
    assert.equal(encodeResourcePath('/pets'), '/~1pets');
    assert.equal(encodeResourcePath('/pets/{id}'), '/~1pets~1{id}');
    assert.deepEqual(
      methodSettingsList({
        '*/*': { loggingLevel: 'INFO', metricsEnabled: true },
        '~1pets~1{id}/get': { dataTraceEnabled: true },
        'orders/*': { cachingEnabled: true, cacheTtlInSeconds: 30 },
        nonsense: { loggingLevel: 'OFF' },
      }),
      [
        { HttpMethod: '*', ResourcePath: '/*', LoggingLevel: 'INFO', MetricsEnabled: true },
        { HttpMethod: '*', ResourcePath: '/~1orders', CachingEnabled: true, CacheTtlInSeconds: 30 },
        { HttpMethod: 'GET', ResourcePath: '/~1pets~1{id}', DataTraceEnabled: true },
      ],
    );
  });

  it('converts inventory details to Security Hub shapes', () => {
    const api = 'arn:aws:apigateway:eu-west-1::/restapis/r1';
    const httpApi = 'arn:aws:apigateway:eu-west-1::/apis/h1';
    const empty = { ok: true, value: [] };
    const inventory = {
      schemaVersion: 1,
      tool: { name: 'apiposture', version: '0.1.0' },
      collectedAt: '2026-11-01T12:00:00.000Z',
      account: { id: ACCOUNT, partition: 'aws' },
      regions: [
        {
          region: EU,
          apigateway: {
            account: { ok: true, value: {} },
            restApis: {
              ok: true,
              value: [
                {
                  id: 'r1',
                  arn: api,
                  name: 'orders',
                  createdDate: '2025-03-02T09:15:00.000Z',
                  endpointConfiguration: { types: ['REGIONAL'] },
                  tags: { team: 'payments' },
                  resources: empty,
                  authorizers: empty,
                  requestValidators: empty,
                  stages: {
                    ok: true,
                    value: [
                      {
                        stageName: 'prod',
                        tracingEnabled: true,
                        createdDate: '2025-03-02T09:15:00.000Z',
                        variables: { dbPassword: 'hunter2-hunter2-hunter2' },
                        methodSettings: { '*/*': { loggingLevel: 'INFO' }, '~1pets/POST': { loggingLevel: 'OFF' } },
                      },
                    ],
                  },
                },
              ],
            },
            usagePlans: empty,
            apiKeys: empty,
            domainNames: empty,
            clientCertificates: empty,
          },
          apigatewayv2: {
            apis: {
              ok: true,
              value: [
                {
                  ApiId: 'h1',
                  arn: httpApi,
                  Name: 'cart',
                  ProtocolType: 'HTTP',
                  DisableExecuteApiEndpoint: true,
                  CorsConfiguration: { AllowOrigins: ['https://shop.example.com'] },
                  routes: empty,
                  authorizers: empty,
                  integrations: empty,
                  stages: {
                    ok: true,
                    value: [
                      {
                        StageName: '$default',
                        DefaultRouteSettings: { ThrottlingRateLimit: 200 },
                        RouteSettings: { 'POST /cart': { ThrottlingRateLimit: 50 }, 'GET /cart': { DetailedMetricsEnabled: true } },
                        LastUpdatedDate: '2026-10-14T16:40:00.000Z',
                      },
                    ],
                  },
                },
              ],
            },
            domainNames: empty,
          },
          webAcls: {},
          certificates: {},
        },
      ],
      errors: [],
    } as unknown as Inventory;
    const r = report([
      result('a', api, 'FAIL', { type: 'rest-api' }),
      result('b', `${api}/stages/prod`, 'FAIL', { type: 'rest-stage' }),
      result('c', httpApi, 'FAIL', { type: 'http-api' }),
      result('d', `${httpApi}/stages/$default`, 'FAIL', { type: 'v2-stage' }),
    ]);
    const details = new Map(buildFindings(r, { now: NOW, inventory }).map((p) => [p.checkId, p.finding.Resources![0]!]));
    assert.deepEqual(details.get('a')!.Details!.AwsApiGatewayRestApi, {
      Id: 'r1',
      Name: 'orders',
      CreatedDate: '2025-03-02T09:15:00.000Z',
      EndpointConfiguration: { Types: ['REGIONAL'] },
    });
    assert.deepEqual(details.get('a')!.Tags, { team: 'payments' });
    const stage = details.get('b')!.Details!.AwsApiGatewayStage!;
    assert.ok(Array.isArray(stage.MethodSettings), 'MethodSettings is a list');
    assert.deepEqual(stage.MethodSettings, [
      { HttpMethod: '*', ResourcePath: '/*', LoggingLevel: 'INFO' },
      { HttpMethod: 'POST', ResourcePath: '/~1pets', LoggingLevel: 'OFF' },
    ]);
    assert.equal(stage.CreatedDate, '2025-03-02T09:15:00.000Z');
    assert.equal(typeof stage.CreatedDate, 'string');
    assert.equal(stage.TracingEnabled, true);
    assert.doesNotMatch(JSON.stringify(stage), /hunter2-hunter2/, 'stage variable values are masked');
    assert.deepEqual(Object.keys(stage.Variables ?? {}), ['dbPassword']);
    const v2Api = details.get('c')!.Details!;
    assert.equal(v2Api.AwsApiGatewayV2Api?.ProtocolType, 'HTTP');
    assert.deepEqual(v2Api.AwsApiGatewayV2Api?.CorsConfiguration, { AllowOrigins: ['https://shop.example.com'] });
    assert.equal(v2Api.Other?.DisableExecuteApiEndpoint, 'true');
    const v2Stage = details.get('d')!.Details!;
    // One object for the whole stage: its default route settings, never one route's override.
    assert.deepEqual(v2Stage.AwsApiGatewayV2Stage?.RouteSettings, { ThrottlingRateLimit: 200 });
    assert.ok(!Array.isArray(v2Stage.AwsApiGatewayV2Stage?.RouteSettings));
    assert.equal(v2Stage.Other?.RouteSettingsRouteKey, undefined);
    assert.deepEqual(JSON.parse(v2Stage.Other?.RouteSettingsByRouteKey ?? '{}'), {
      'POST /cart': { ThrottlingRateLimit: 50 },
      'GET /cart': { DetailedMetricsEnabled: true },
    });
    assert.deepEqual(v2Stage.AwsApiGatewayV2Stage?.DefaultRouteSettings, { ThrottlingRateLimit: 200 });
  });
});

describe('AwsApiGatewayV2Stage.RouteSettings', () => {
  function stageDetails(stage: Parameters<typeof v2Stage>[0]) {
    const facts = [...inventoryFacts(withV2Apis(v2Api({ stages: [v2Stage(stage)] }))).values()];
    return facts.find((f) => f.type === 'AwsApiGatewayV2Stage')!.details;
  }

  it('is the stage default route settings, with the per-route overrides by key in Other', () => {
    const details = stageDetails({ DefaultRouteSettings: { DetailedMetricsEnabled: false }, RouteSettings: { 'GET /a': { DetailedMetricsEnabled: true } } });
    assert.deepEqual(details.AwsApiGatewayV2Stage?.RouteSettings, { DetailedMetricsEnabled: false });
    assert.deepEqual(JSON.parse(details.Other?.RouteSettingsByRouteKey ?? '{}'), { 'GET /a': { DetailedMetricsEnabled: true } });
  });

  it('is absent when the stage has only per-route overrides: one route never stands for the stage', () => {
    const details = stageDetails({ RouteSettings: { 'GET /a': { ThrottlingRateLimit: 5 } } });
    assert.equal(details.AwsApiGatewayV2Stage?.RouteSettings, undefined);
    assert.equal(details.AwsApiGatewayV2Stage?.DefaultRouteSettings, undefined);
  });
});

describe('the demo account as ASFF', () => {
  const inventory = JSON.parse(readFileSync(new URL('../../examples/demo-inventory.json', import.meta.url), 'utf8')) as Inventory;
  const demo = buildReport({
    inventory,
    results: runChecks(allChecks, inventory),
    checks: allChecks,
    toolVersion: '0.1.0',
    generatedAt: '2026-11-01T12:05:00.000Z',
  });
  const planned = buildFindings(demo, { now: NOW, inventory });

  it('has one finding per check × resource of every PASS, FAIL and ERROR result', () => {
    const expected = new Set(demo.results.filter((r) => r.status !== 'NOT_APPLICABLE').map((r) => `${r.checkId} ${r.resource.arn}`));
    assert.ok(expected.size > 50);
    assert.equal(planned.length, expected.size);
    assert.equal(new Set(planned.map((p) => `${p.region} ${p.finding.Id}`)).size, planned.length, 'ids are unique per region');
  });

  it('every finding has the required attributes within their limits, and is ≤ 240 KB', () => {
    for (const p of planned) {
      assertValidAsff(p.finding);
      assert.equal(p.finding.AwsAccountId, ACCOUNT);
      assert.ok(demo.scan.regions.includes(p.region));
    }
    assert.ok(Math.max(...planned.map((p) => findingBytes(p.finding))) <= ASFF_LIMITS.findingBytes);
  });

  it('carries stage details from the inventory', () => {
    const stage = planned.find((p) => p.finding.Resources![0]!.Type === 'AwsApiGatewayStage');
    assert.ok(stage?.finding.Resources![0]!.Details?.AwsApiGatewayStage?.StageName);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import check from '../../../checks/rest/rest-stage-throttling.js';
import { runChecks } from '../../../src/engine/runner.js';
import type { MethodSetting, RestApi } from '../../../src/inventory/schema.js';
import { failed, inventory, region, resource, restApi, stage, usagePlan, type RegionInput } from '../../fixtures/builders.js';
import { deepFreeze, testCheck } from '../tester.js';

const AWS_DEFAULT = { throttlingRateLimit: 10000, throttlingBurstLimit: 5000, metricsEnabled: false };
const resources = [resource('/pets', { GET: {}, POST: {} })];
/** The same methods, both requiring an API key: the only methods a usage plan throttles. */
const keyed = [resource('/pets', { GET: { apiKeyRequired: true }, POST: { apiKeyRequired: true } })];

function api(methodSettings?: Record<string, Partial<MethodSetting>>, res: RestApi['resources'] | typeof resources = resources): RestApi {
  return restApi({ resources: res, stages: [stage({ methodSettings })] });
}

function inv(a: RestApi, extra: Pick<RegionInput, 'usagePlans' | 'account'> = {}) {
  return inventory({ regions: [region({ restApis: [a], ...extra })] });
}

testCheck(check, [
  {
    name: 'a stage-wide rate whose total over the methods stays within half the account limit passes',
    inventory: inv(api({ '*/*': { throttlingRateLimit: 100, throttlingBurstLimit: 200 } })),
    expect: [
      {
        status: 'PASS',
        messageId: 'stage-throttled',
        resource: 'api-a1b2c3d4e5/prod',
        evidence: {
          source: 'stage default (*/*)',
          rateLimit: 100,
          burstLimit: 200,
          accountRateLimit: 10000,
          methodCount: 2,
          aggregateRateLimit: 200,
          thresholdRateLimit: 5000,
        },
      },
    ],
  },
  {
    name: 'the AWS-reported */* 10000/5000 equals the account default: not throttled',
    inventory: inv(api({ '*/*': AWS_DEFAULT })),
    expect: [
      {
        status: 'FAIL',
        messageId: 'not-throttled',
        evidence: { defaultRateLimit: 10000, unthrottled: ['GET /pets (10000)', 'POST /pets (10000)'], usagePlans: [] },
      },
    ],
  },
  {
    name: 'a default just under the account limit is no throttle either',
    inventory: inv(api({ '*/*': { throttlingRateLimit: 9999 } }, [resource('/pets', { GET: {} })])),
    expect: [{ status: 'FAIL', messageId: 'not-throttled', evidence: { unthrottled: ['GET /pets (9999)'] } }],
  },
  {
    name: 'the default applies per method: 3000 on each of two methods allows 6000 rps together',
    inventory: inv(api({ '*/*': { throttlingRateLimit: 3000 } })),
    expect: [{ status: 'FAIL', messageId: 'aggregate-too-high', evidence: { aggregateRateLimit: 6000, methodCount: 2, thresholdRateLimit: 5000 } }],
  },
  {
    name: 'exactly half the account limit in total passes',
    inventory: inv(api({ '*/*': { throttlingRateLimit: 2500 } })),
    expect: [{ status: 'PASS', messageId: 'stage-throttled', evidence: { aggregateRateLimit: 5000 } }],
  },
  {
    name: 'no method settings and no usage plan fails',
    inventory: inv(api(undefined)),
    expect: [{ status: 'FAIL', evidence: { defaultRateLimit: null, unthrottled: ['GET /pets (unset)', 'POST /pets (unset)'] } }],
  },
  {
    name: 'compares against the account in this region (a raised or lowered quota)',
    inventory: inv(api({ '*/*': { throttlingRateLimit: 2000 } }), { account: { throttleSettings: { rateLimit: 1000, burstLimit: 500 } } }),
    expect: [{ status: 'FAIL', evidence: { accountRateLimit: 1000 } }],
  },
  {
    name: 'every method throttled by its own override (~1 and Terraform keys) passes',
    inventory: inv(api({ '*/*': AWS_DEFAULT, '~1pets/GET': { throttlingRateLimit: 50 }, 'pets/POST': { throttlingRateLimit: 20 } })),
    expect: [{ status: 'PASS', messageId: 'methods-throttled', evidence: { source: 'method overrides', rateLimit: 50, aggregateRateLimit: 70 } }],
  },
  {
    name: 'one method loosened by an override fails and is named',
    inventory: inv(api({ '*/*': { throttlingRateLimit: 100 }, '~1pets/POST': { throttlingRateLimit: 10000 } })),
    expect: [{ status: 'FAIL', evidence: { unthrottled: ['POST /pets (10000)'] } }],
  },
  {
    name: 'an override of -1 turns throttling off for its method',
    inventory: inv(api({ '*/*': { throttlingRateLimit: 100 }, '~1pets/POST': { throttlingRateLimit: -1 } })),
    expect: [{ status: 'FAIL', messageId: 'not-throttled', evidence: { unthrottled: ['POST /pets (unset)'] } }],
  },
  {
    name: 'an override without a rate inherits the throttled default',
    inventory: inv(api({ '*/*': { throttlingRateLimit: 100 }, '~1pets/POST': { loggingLevel: 'INFO' } })),
    expect: [{ status: 'PASS', messageId: 'stage-throttled' }],
  },
  {
    name: '-1 (not set) is not a throttle',
    inventory: inv(api({ '*/*': { throttlingRateLimit: -1 } })),
    expect: [{ status: 'FAIL', evidence: { defaultRateLimit: null } }],
  },
  {
    name: 'a burst of 0 admits no request: the method counts as throttled, and is named',
    inventory: inv(api({ '*/*': { throttlingRateLimit: 100 }, '~1pets/POST': { throttlingRateLimit: 10000, throttlingBurstLimit: 0 } })),
    expect: [{ status: 'PASS', messageId: 'methods-throttled', evidence: { aggregateRateLimit: 100, zeroLimits: ['POST /pets'] } }],
  },
  {
    // Without a per-method key every method takes the default; a key that names no method is none.
    name: 'a default burst of 0 and no rate: every method admits nothing, named, and the rate is no stage-wide one',
    inventory: inv(api({ '*/*': { throttlingBurstLimit: 0 }, junk: { throttlingRateLimit: 10000 } })),
    expect: [
      {
        status: 'PASS',
        messageId: 'methods-throttled',
        evidence: { aggregateRateLimit: 0, rateLimit: 0, zeroLimits: ['GET /pets', 'POST /pets'], overrides: [] },
      },
    ],
  },
  {
    name: 'a usage plan with a throttle passes when every method requires an API key',
    inventory: inv(api({ '*/*': AWS_DEFAULT }, keyed), {
      usagePlans: [usagePlan({ id: 'gold', name: 'gold', throttle: { rateLimit: 500, burstLimit: 1000 } })],
    }),
    expect: [{ status: 'PASS', messageId: 'usage-plan-throttled', evidence: { usagePlan: 'gold', rateLimit: 500, burstLimit: 1000 } }],
  },
  {
    name: 'a usage plan throttles nothing on methods that need no API key',
    inventory: inv(api({ '*/*': AWS_DEFAULT }), {
      usagePlans: [usagePlan({ id: 'gold', name: 'gold', throttle: { rateLimit: 500, burstLimit: 1000 } })],
    }),
    expect: [{ status: 'FAIL', messageId: 'not-throttled', evidence: { usagePlans: ['gold'], unthrottled: ['GET /pets (10000)', 'POST /pets (10000)'] } }],
  },
  {
    name: 'every usage plan on the stage must throttle: a key in the loose plan is not limited',
    inventory: inv(api({ '*/*': AWS_DEFAULT }, keyed), {
      usagePlans: [
        usagePlan({ id: 'loose', name: 'loose', throttle: { rateLimit: 10000 } }),
        usagePlan({ id: 'gold', name: 'gold', throttle: { rateLimit: 500, burstLimit: 1000 } }),
      ],
    }),
    expect: [{ status: 'FAIL', messageId: 'not-throttled', evidence: { usagePlans: ['loose', 'gold'] } }],
  },
  {
    name: 'per-method throttles of a usage plan (apiStages[].throttle) count for their methods',
    inventory: inv(api({ '*/*': AWS_DEFAULT }, keyed), {
      usagePlans: [
        usagePlan({
          id: 'm',
          name: 'per-method',
          apiStages: [{ apiId: 'a1b2c3d4e5', stage: 'prod', throttle: { '/pets/GET': { rateLimit: 5, burstLimit: 10 }, '/pets/POST': { rateLimit: 2 } } }],
        }),
      ],
    }),
    expect: [{ status: 'PASS', messageId: 'usage-plan-throttled', evidence: { usagePlan: 'per-method', rateLimit: 5 } }],
  },
  {
    name: 'a usage plan throttling one keyed method leaves the other unthrottled',
    inventory: inv(api({ '*/*': AWS_DEFAULT }, keyed), {
      usagePlans: [usagePlan({ id: 'm', name: 'per-method', apiStages: [{ apiId: 'a1b2c3d4e5', stage: 'prod', throttle: { '/pets/GET': { rateLimit: 5 } } }] })],
    }),
    expect: [{ status: 'FAIL', messageId: 'not-throttled', evidence: { unthrottled: ['POST /pets (10000)'] } }],
  },
  {
    name: 'keyed methods judged per key, the others by their stage limits',
    inventory: inv(api({ '*/*': AWS_DEFAULT, '~1pets/POST': { throttlingRateLimit: 100 } }, [resource('/pets', { GET: { apiKeyRequired: true }, POST: {} })]), {
      usagePlans: [usagePlan({ id: 'gold', name: 'gold', throttle: { rateLimit: 50 } })],
    }),
    expect: [{ status: 'PASS', messageId: 'usage-plan-throttled', evidence: { usagePlan: 'gold', aggregateRateLimit: 100, keyedMethods: ['GET /pets'] } }],
  },
  {
    name: 'a usage plan on another stage or without a throttle does not count',
    inventory: inv(api({ '*/*': AWS_DEFAULT }, keyed), {
      usagePlans: [
        usagePlan({ id: 'dev', name: 'dev', apiStages: [{ apiId: 'a1b2c3d4e5', stage: 'dev' }], throttle: { rateLimit: 10 } }),
        usagePlan({ id: 'quota', name: 'quota-only', quota: { limit: 1000, period: 'DAY' } }),
      ],
    }),
    expect: [{ status: 'FAIL', evidence: { usagePlans: ['quota-only'] } }],
  },
  {
    name: 'an API with no methods: the default alone decides',
    inventory: inventory({
      regions: [
        region({
          restApis: [
            restApi({ id: 'nomethods1', resources: [], stages: [stage({ methodSettings: { '*/*': { throttlingRateLimit: 10 }, '~1gone/GET': { throttlingRateLimit: 10000 } } })] }),
            restApi({ id: 'nomethods2', resources: [resource('/')], stages: [stage({ methodSettings: { '*/*': AWS_DEFAULT } })] }),
          ],
        }),
      ],
    }),
    expect: [
      { status: 'PASS', messageId: 'stage-throttled', resource: 'api-nomethods1/prod', evidence: { rateLimit: 10, methodCount: 0 } },
      { status: 'FAIL', resource: 'api-nomethods2/prod', evidence: { unthrottled: ['*/* (10000)'] } },
    ],
  },
  {
    name: 'GetAccount denied is ERROR',
    inventory: inv(api({ '*/*': { throttlingRateLimit: 100 } }), { account: failed('GetAccount') }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'account settings without a throttle rate are invalid data, not a guess',
    inventory: inv(api({ '*/*': { throttlingRateLimit: 100 } }), { account: { cloudwatchRoleArn: 'arn:aws:iam::123456789012:role/x' } }),
    expect: [{ status: 'ERROR', messageId: 'invalid-data' }],
  },
  {
    name: 'GetUsagePlans denied: ERROR where a plan could throttle a keyed method, FAIL where no method needs a key',
    inventory: inventory({
      regions: [
        region({
          usagePlans: failed('GetUsagePlans'),
          restApis: [
            restApi({ id: 'loose00001', resources: keyed, stages: [stage({ methodSettings: { '*/*': AWS_DEFAULT } })] }),
            restApi({ id: 'tight00001', resources, stages: [stage({ methodSettings: { '*/*': { throttlingRateLimit: 100 } } })] }),
            restApi({ id: 'nokeys0001', resources, stages: [stage({ methodSettings: { '*/*': AWS_DEFAULT } })] }),
          ],
        }),
      ],
    }),
    expect: [
      { status: 'ERROR', messageId: 'collection-gap', resource: 'api-loose00001/prod' },
      { status: 'PASS', resource: 'api-tight00001/prod' },
      { status: 'FAIL', messageId: 'not-throttled', resource: 'api-nokeys0001/prod' },
    ],
  },
  {
    name: 'GetResources denied: a throttled default cannot be totalled without the methods',
    inventory: inv(api({ '*/*': { throttlingRateLimit: 100 } }, failed('GetResources'))),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'GetResources denied: a loose default with tight overrides cannot be decided',
    inventory: inv(api({ '*/*': AWS_DEFAULT, '~1pets/GET': { throttlingRateLimit: 5 } }, failed('GetResources'))),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'GetResources denied: a loose default and no tight override fails',
    inventory: inv(api({ '*/*': AWS_DEFAULT }, failed('GetResources'))),
    expect: [{ status: 'FAIL', evidence: { unthrottled: ['*/* (10000)'] } }],
  },
  {
    name: 'GetStages denied is ERROR on the API',
    inventory: inv(restApi({ stages: failed('GetStages') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'api-a1b2c3d4e5' }],
  },
]);

describe('check rest-stage-throttling maxAccountSharePercent', () => {
  it('raises the share of the account limit one stage may take', () => {
    const results = runChecks([check], deepFreeze(inv(api({ '*/*': { throttlingRateLimit: 3000 } }))), {
      checkOptions: { 'rest-stage-throttling': { maxAccountSharePercent: 80 } },
    });
    assert.deepEqual(results.map((r) => [r.status, r.evidence.thresholdRateLimit]), [['PASS', 8000]]);
  });

  it('refuses a share that would let a stage take the whole account limit', () => {
    assert.throws(() => runChecks([check], inv(api(undefined)), { checkOptions: { 'rest-stage-throttling': { maxAccountSharePercent: 100 } } }));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import check from '../../../checks/rest/api-keys-hygiene.js';
import { runChecks } from '../../../src/engine/runner.js';
import type { ApiKey } from '../../../src/inventory/schema.js';
import { failed, inventory, region, usagePlan } from '../../fixtures/builders.js';
import { deepFreeze, testCheck } from '../tester.js';

// The fixtures' clock: COLLECTED_AT is 2026-11-01T12:00Z.
const key = (overrides: Partial<ApiKey> = {}): ApiKey => ({
  id: 'k1',
  name: 'store-0042',
  enabled: true,
  createdDate: '2026-09-01T00:00:00.000Z',
  ...overrides,
});
const limited = usagePlan({ throttle: { rateLimit: 50, burstLimit: 100 }, quota: { limit: 100000, period: 'MONTH' } });

testCheck(check, [
  {
    name: 'recent keys and a throttled plan pass',
    inventory: inventory({ regions: [region({ apiKeys: [key()], usagePlans: [limited] })] }),
    expect: [
      {
        status: 'PASS',
        messageId: 'clean',
        resource: '123456789012/eu-west-1',
        evidence: { enabledKeyCount: 1, planCount: 1, planMembership: 'not judged: usage plan keys are not collected' },
      },
    ],
  },
  {
    name: 'an enabled key older than 90 days fails; a disabled one is ignored',
    inventory: inventory({
      regions: [
        region({
          apiKeys: [
            key({ id: 'k2', name: 'old-pos-vendor', createdDate: '2021-09-15T00:00:00.000Z' }),
            key({ id: 'k3', name: 'retired', enabled: false, createdDate: '2020-01-01T00:00:00.000Z' }),
          ],
          usagePlans: [limited],
        }),
      ],
    }),
    expect: [{ status: 'FAIL', messageId: 'issues', evidence: { oldKeys: ['old-pos-vendor (k2) is 1873 days old'], keysWithoutPlan: [], unlimitedPlans: [] } }],
  },
  {
    name: 'a plan with neither throttle nor quota fails; a quota alone or a throttle alone is enough',
    inventory: inventory({
      regions: [
        region({
          usagePlans: [
            usagePlan({ id: 'up1', name: 'partner-trial' }),
            usagePlan({ id: 'up2', quota: { limit: 1000, period: 'DAY' } }),
            usagePlan({ id: 'up3', throttle: { rateLimit: 10 } }),
          ],
        }),
      ],
    }),
    expect: [{ status: 'FAIL', evidence: { unlimitedPlans: ['partner-trial (up1)'], issues: ['usage plan partner-trial (up1) has neither throttle nor quota'] } }],
  },
  {
    name: 'per-stage and per-method throttles in apiStages count as a throttle',
    inventory: inventory({
      regions: [
        region({
          usagePlans: [
            usagePlan({ id: 'up4', name: 'per-method', apiStages: [{ apiId: 'a1b2c3d4e5', stage: 'prod', throttle: { '/pets/GET': { rateLimit: 20, burstLimit: 40 } } }] }),
            usagePlan({ id: 'up5', name: 'burst-only', apiStages: [{ apiId: 'a1b2c3d4e5', stage: 'dev', throttle: { '/pets/POST': { burstLimit: 5 } } }] }),
          ],
        }),
      ],
    }),
    expect: [{ status: 'PASS', messageId: 'clean', evidence: { planCount: 2 } }],
  },
  {
    name: 'apiStages throttle entries without a limit, and -1 (throttling off), are no throttle',
    inventory: inventory({
      regions: [
        region({
          usagePlans: [
            usagePlan({ id: 'up6', name: 'empty-entries', apiStages: [{ apiId: 'a1b2c3d4e5', stage: 'prod', throttle: { '/pets/GET': {} } }] }),
            usagePlan({ id: 'up7', name: 'off', throttle: { rateLimit: -1, burstLimit: -1 } }),
          ],
        }),
      ],
    }),
    expect: [{ status: 'FAIL', evidence: { unlimitedPlans: ['empty-entries (up6)', 'off (up7)'] } }],
  },
  {
    name: 'keys in a region without any usage plan are provably in none',
    inventory: inventory({ regions: [region({ apiKeys: [key(), key({ id: 'k9', name: undefined, stageKeys: ['a1b2c3d4e5/prod'] })] })] }),
    expect: [
      {
        status: 'FAIL',
        evidence: { keysWithoutPlan: ['store-0042 (k1)', 'k9'], planMembership: 'known: the region has no usage plan', legacyStageKeys: ['k9'] },
      },
    ],
  },
  {
    name: 'no keys and no plans: not applicable',
    inventory: inventory({ regions: [region()] }),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'none' }],
  },
  {
    name: 'GetApiKeys denied with nothing else proven is ERROR',
    inventory: inventory({ regions: [region({ apiKeys: failed('GetApiKeys'), usagePlans: [limited] })] }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'GetUsagePlans denied still fails a proven old key',
    inventory: inventory({ regions: [region({ apiKeys: [key({ createdDate: '2025-01-01T00:00:00.000Z' })], usagePlans: failed('GetUsagePlans') })] }),
    expect: [{ status: 'FAIL', evidence: { notCollected: ['GetUsagePlans'], keysWithoutPlan: [] } }],
  },
  {
    name: 'a key without createdDate is not judged on age',
    inventory: inventory({ regions: [region({ apiKeys: [key({ createdDate: undefined })], usagePlans: [limited] })] }),
    expect: [{ status: 'PASS', evidence: { unknownAge: ['store-0042 (k1)'] } }],
  },
]);

describe('check api-keys-hygiene maxKeyAgeDays', () => {
  it('tightens the age limit', () => {
    const inv = inventory({ regions: [region({ apiKeys: [key()], usagePlans: [limited] })] });
    const results = runChecks([check], deepFreeze(inv), { checkOptions: { 'api-keys-hygiene': { maxKeyAgeDays: 30 } } });
    assert.deepEqual(results.map((r) => [r.status, r.evidence.oldKeys]), [['FAIL', ['store-0042 (k1) is 61 days old']]]);
  });
});

import { z } from 'zod';
import { defineCheck } from '../../src/engine/define.js';
import type { ApiKey, CollectionError, UsagePlan } from '../../src/inventory/schema.js';
import type { RegionEntity } from '../../src/inventory/view.js';

const DAY_MS = 86_400_000;

const options = z.object({
  maxKeyAgeDays: z
    .number()
    .int()
    .positive()
    .default(90)
    .describe('an enabled API key created more than this many days before the scan fails'),
});

function keyName(key: ApiKey): string {
  return key.name ? `${key.name} (${key.id})` : key.id;
}

function planName(plan: UsagePlan): string {
  return plan.name ? `${plan.name} (${plan.id})` : plan.id;
}

/** A configured limit: 0 is one (it admits nothing); a negative value (-1) means the limit is off. */
const set = (n: number | undefined | null) => n !== undefined && n !== null && n >= 0;

/**
 * Does the plan limit its keys at all? A plan-wide throttle or quota, or a throttle set for one
 * of its stages or methods (`apiStages[].throttle`, keyed `/pets/GET`): each caps the keys that
 * call what it covers.
 */
function limitsKeys(plan: UsagePlan): boolean {
  const stageThrottles = (plan.apiStages ?? []).flatMap((s) => Object.values(s.throttle ?? {}));
  return [plan.throttle, ...stageThrottles].some((t) => set(t?.rateLimit) || set(t?.burstLimit)) || set(plan.quota?.limit);
}

export default defineCheck<RegionEntity, 'clean' | 'issues' | 'none', typeof options>({
  id: 'api-keys-hygiene',
  title: 'API keys are rotated and in use, and usage plans set a throttle or a quota',
  severity: 'low',
  resourceTypes: ['account'],
  reads: ['usage-plans', 'api-keys'],
  rationale:
    'API keys identify callers for usage plans; they are long-lived shared secrets that travel ' +
    'in a header, end up in mobile apps, partner scripts and logs, and cannot be changed in ' +
    'place: rotating one means creating a new key. An enabled key older than maxKeyAgeDays ' +
    '(90 by default, measured from createdDate) has had that long to leak. A usage plan with ' +
    'neither a throttle nor a quota lets any key in it call its stages without limit, defeating ' +
    'the point of metering by key; a throttle set for one of its stages or methods ' +
    '(apiStages[].throttle) counts, a negative value (-1, throttling off) does not. An enabled key in no usage plan opens nothing, but it is ' +
    'inventory nobody owns. The snapshot does not collect usage plan keys (GetUsagePlanKeys), ' +
    'and a key\'s stageKeys only records the legacy pre-usage-plan association, so plan membership ' +
    'is known only in one case: a region with no usage plan at all, where every enabled key is ' +
    'in none. Elsewhere membership is not judged (the evidence says so). Disabled keys are ' +
    'ignored. One result per region.',
  remediation: {
    text:
      'Rotate old keys (create a new key, add it to the usage plan, move the client, then ' +
      'disable and delete the old one); delete keys nobody uses; give every usage plan a ' +
      'throttle and a quota sized for its clients.',
    cli: "aws apigateway update-usage-plan --usage-plan-id <plan-id> --patch-operations op=replace,path=/throttle/rateLimit,value=50 op=replace,path=/throttle/burstLimit,value=100 op=replace,path=/quota/limit,value=100000 op=replace,path=/quota/period,value=MONTH",
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html',
  },
  mappings: {
    owaspApi2023: ['API2', 'API9'],
  },
  options,
  messages: {
    clean: 'No enabled API key is older than {maxKeyAgeDays} days and every usage plan sets a throttle or a quota ({enabledKeyCount} enabled keys, {planCount} plans).',
    issues: 'API keys and usage plans in {region} need attention: {issues}.',
    none: 'No API keys or usage plans in {region}.',
  },
  select: (view) => view.regions(),
  evaluate: ({ region }, outcome, view, { maxKeyAgeDays }) => {
    const keys = region.apigateway.apiKeys;
    const plans = region.apigateway.usagePlans;
    if (keys.ok && plans.ok && keys.value.length === 0 && plans.value.length === 0) {
      return outcome.notApplicable('none', { region: region.region });
    }
    const gaps: CollectionError[] = [...(keys.ok ? [] : [keys.error]), ...(plans.ok ? [] : [plans.error])];
    const enabled = keys.ok ? keys.value.filter((k) => k.enabled !== false) : [];
    const now = view.collectedAt.getTime();

    const oldKeys: string[] = [];
    const unknownAge: string[] = [];
    for (const key of enabled) {
      const created = key.createdDate ? Date.parse(key.createdDate) : NaN;
      if (Number.isNaN(created)) unknownAge.push(keyName(key));
      else if (now - created > maxKeyAgeDays * DAY_MS) oldKeys.push(`${keyName(key)} is ${Math.floor((now - created) / DAY_MS)} days old`);
    }
    // Membership is provable only where the region has no usage plan at all.
    const noPlans = plans.ok && plans.value.length === 0;
    const keysWithoutPlan = noPlans ? enabled.map(keyName) : [];
    const unlimitedPlans = plans.ok
      ? plans.value
          .filter((p) => !limitsKeys(p))
          .map(planName)
      : [];

    const evidence = {
      region: region.region,
      maxKeyAgeDays,
      enabledKeyCount: keys.ok ? enabled.length : 'not collected',
      planCount: plans.ok ? plans.value.length : 'not collected',
      planMembership: noPlans
        ? 'known: the region has no usage plan'
        : 'not judged: usage plan keys are not collected',
      ...(unknownAge.length ? { unknownAge } : {}),
      ...(keys.ok ? { legacyStageKeys: enabled.filter((k) => (k.stageKeys ?? []).length > 0).map(keyName) } : {}),
    };
    const issues = [
      ...oldKeys.map((k) => `key ${k}`),
      ...keysWithoutPlan.map((k) => `key ${k} is enabled but in no usage plan`),
      ...unlimitedPlans.map((p) => `usage plan ${p} has neither throttle nor quota`),
    ];
    if (issues.length) {
      return outcome.fail('issues', {
        ...evidence,
        issues,
        oldKeys,
        keysWithoutPlan,
        unlimitedPlans,
        ...(gaps.length ? { notCollected: gaps.map((g) => g.operation) } : {}),
      });
    }
    if (gaps.length) return outcome.gap(gaps[0]!, evidence);
    return outcome.pass('clean', evidence);
  },
});

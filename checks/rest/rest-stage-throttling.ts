import { accountShareOptions, shareOfAccountRate } from '../../src/analysis/account-share.js';
import { defineCheck } from '../../src/engine/define.js';
import {
  DEFAULT_KEY,
  describeSettingKey,
  effectiveSetting,
  entrySetting,
  hasMethodOverrides,
  methodOverrides,
  parseSettingKey,
  restMethods,
  type RestMethodRef,
} from '../../src/analysis/method-settings.js';
import { labelsWith } from '../../src/analysis/method-labels.js';
import type { Stage, UsagePlan } from '../../src/inventory/schema.js';
import type { RestStageEntity } from '../../src/inventory/view.js';

type MessageId = 'stage-throttled' | 'methods-throttled' | 'usage-plan-throttled' | 'not-throttled' | 'aggregate-too-high';

const options = accountShareOptions("a stage's rate limits");

interface Limit {
  /** Requests per second; 0 when the bucket admits nothing (rate or burst 0). */
  rate: number;
  burst?: number;
  /** Rate or burst 0: API Gateway answers every request with 429. */
  zero: boolean;
}

/**
 * A throttle as stored. Negative values (-1, what AWS and Terraform use for "throttling off") are
 * no throttle; a rate or burst of 0 is an empty token bucket that admits no request.
 */
function limit(rate: number | undefined, burst: number | undefined): Limit | undefined {
  const zero = rate === 0 || burst === 0;
  if (zero) return { rate: 0, ...(burst !== undefined && burst >= 0 ? { burst } : {}), zero };
  if (rate === undefined || rate < 0) return undefined;
  return { rate, ...(burst !== undefined && burst >= 0 ? { burst } : {}), zero };
}

function methodLimit(stage: Stage, m: { path: string; httpMethod: string }): Limit | undefined {
  return limit(
    effectiveSetting(stage, m.path, m.httpMethod, 'throttlingRateLimit').value,
    effectiveSetting(stage, m.path, m.httpMethod, 'throttlingBurstLimit').value,
  );
}

function entryLimit(stage: Stage, key: string): Limit | undefined {
  return limit(entrySetting(stage, key, 'throttlingRateLimit'), entrySetting(stage, key, 'throttlingBurstLimit'));
}

const planName = (plan: UsagePlan) => plan.name ?? plan.id;

type ThrottleSettings = NonNullable<NonNullable<UsagePlan['apiStages']>[number]['throttle']>[string];

/** One usage plan as it applies to one stage: its per-method throttles indexed by path and method. */
interface StagePlan {
  plan: UsagePlan;
  /** Path → method → throttle. */
  perMethod: ReadonlyMap<string, ReadonlyMap<string, ThrottleSettings>>;
}

/**
 * The plan's per-method throttles for the stage (`apiStages[].throttle`, keyed `/pets/GET`),
 * parsed once per stage rather than once per method; the first key naming a method wins.
 */
function stagePlan(plan: UsagePlan, target: RestStageEntity): StagePlan {
  const apiStage = (plan.apiStages ?? []).find((s) => s.apiId === target.api.api.id && s.stage === target.stage.stageName);
  const perMethod = new Map<string, Map<string, ThrottleSettings>>();
  for (const [key, throttle] of Object.entries(apiStage?.throttle ?? {})) {
    const parsed = parseSettingKey(key);
    if (parsed.kind !== 'method') continue;
    const methods = perMethod.get(parsed.path) ?? new Map<string, ThrottleSettings>();
    perMethod.set(parsed.path, methods);
    if (!methods.has(parsed.httpMethod)) methods.set(parsed.httpMethod, throttle);
  }
  return { plan, perMethod };
}

/**
 * The per-key limit one usage plan sets on one method of the stage: its per-method throttle
 * and its plan-wide throttle both apply, so the lower.
 */
function planLimit({ plan, perMethod }: StagePlan, m: RestMethodRef): Limit | undefined {
  const own = perMethod.get(m.path)?.get(m.httpMethod);
  const limits = [limit(own?.rateLimit, own?.burstLimit), limit(plan.throttle?.rateLimit, plan.throttle?.burstLimit)];
  const defined = limits.filter((l): l is Limit => l !== undefined);
  return defined.sort((a, b) => a.rate - b.rate)[0];
}

/**
 * A key belongs to one usage plan per stage, and every plan's keys may call the method, so the
 * method is limited per key only if every plan on the stage limits it: by the loosest of them.
 */
function keyLimit(plans: readonly StagePlan[], m: RestMethodRef): { limit: Limit; plan: UsagePlan } | undefined {
  if (plans.length === 0) return undefined;
  let loosest: { limit: Limit; plan: UsagePlan } | undefined;
  for (const applied of plans) {
    const l = planLimit(applied, m);
    if (!l) return undefined;
    if (!loosest || l.rate > loosest.limit.rate) loosest = { limit: l, plan: applied.plan };
  }
  return loosest;
}

const keyRequired = new WeakMap<readonly RestMethodRef[], boolean>();

/** Does any of these methods require an API key? Once per list of methods, for all the stages serving it. */
function anyKeyRequired(methods: readonly RestMethodRef[]): boolean {
  let any = keyRequired.get(methods);
  if (any === undefined) keyRequired.set(methods, (any = methods.some((m) => m.method.apiKeyRequired === true)));
  return any;
}

const show = (l: Limit | undefined) => (l === undefined ? 'unset' : String(l.zero ? 0 : l.rate));

export default defineCheck<RestStageEntity, MessageId, typeof options>({
  id: 'rest-stage-throttling',
  title: 'REST API stages throttle requests well below the account-wide limit',
  severity: 'medium',
  resourceTypes: ['rest-stage'],
  reads: ['account-settings', 'rest-resources', 'rest-stages', 'usage-plans'],
  rationale:
    'Without a throttle, one API stage may take the whole account-level request quota (10,000 ' +
    'requests per second and a burst of 5,000 by default, shared by every API in the Region; ' +
    'GetAccount reports the account\'s own): a single abusive client can run up the integration ' +
    'bill, exhaust Lambda concurrency or a database behind it, and starve every other API in the ' +
    'account. Stage and method throttles apply per method (Developer Guide, "Throttle requests to ' +
    'your REST APIs": per-API, per-stage limits are applied at the method level), so a stage ' +
    'allows the sum of its methods\' rate limits; it counts as throttled when every method has a ' +
    'rate limit (stage default or method override) and those limits add up to at most ' +
    'maxAccountSharePercent (50% by default) of the account rate. AWS reports the account limit ' +
    'as the stage default (*/* 10000/5000), which is no throttle at all, and neither is a rate ' +
    'just under it. A rate of -1 means throttling off; a rate or burst of 0 admits no request and ' +
    'counts as throttled (named in the evidence); burst alone does not cap sustained traffic. ' +
    'Usage-plan throttles are per-client limits on API keys ("Usage plans and API keys"): they ' +
    'bind only methods that require an API key, and since each key belongs to one plan per stage, ' +
    'only when every plan on the stage throttles the method (per-method plan throttles included). ' +
    'Such methods are judged per key and left out of the sum.',
  remediation: {
    text:
      'Set a stage-wide rate and burst limit sized for the API so that, across all its methods, ' +
      'the stage stays well below the account limit (and tighter per-method limits where needed), ' +
      'or require API keys and give every usage plan on the stage a throttle.',
    cli: "aws apigateway update-stage --rest-api-id <api-id> --stage-name <stage> --patch-operations 'op=replace,path=/*/*/throttling/rateLimit,value=100' 'op=replace,path=/*/*/throttling/burstLimit,value=200'",
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html',
  },
  mappings: {
    owaspApi2023: ['API4'],
  },
  options,
  messages: {
    'stage-throttled':
      'Stage {stage} throttles each of its {methodCount} methods at {rateLimit} rps (default burst {burstLimit}): {aggregateRateLimit} rps together, within {thresholdRateLimit} rps ({maxAccountSharePercent}% of the account limit of {accountRateLimit} rps).',
    'methods-throttled':
      'Every method of stage {stage} has a rate limit (highest {rateLimit} rps): {aggregateRateLimit} rps together, within {thresholdRateLimit} rps ({maxAccountSharePercent}% of the account limit of {accountRateLimit} rps).',
    'usage-plan-throttled':
      'Usage plans throttle the {keyedCount} API-key methods of stage {stage} per key (loosest {usagePlan}: {rateLimit} rps, burst {burstLimit}); its {otherMethodCount} other methods allow {aggregateRateLimit} rps together, within {thresholdRateLimit} rps.',
    'not-throttled':
      'Stage {stage} has methods without a rate limit within {thresholdRateLimit} rps ({maxAccountSharePercent}% of the account limit of {accountRateLimit} rps): {unthrottled}.',
    'aggregate-too-high':
      'Every method of stage {stage} has a rate limit, but together its {methodCount} methods allow {aggregateRateLimit} rps, more than {thresholdRateLimit} rps ({maxAccountSharePercent}% of the account limit of {accountRateLimit} rps).',
  },
  select: (view) => view.restStages(),
  evaluate: (target, outcome, view, { maxAccountSharePercent }) => {
    const { stage, api } = target;
    const account = view.accountSettings(api.region);
    if (!account.ok) return outcome.gap(account.error, { stage: stage.stageName });
    const accountRateLimit = account.value.throttleSettings?.rateLimit;
    const accountBurstLimit = account.value.throttleSettings?.burstLimit;
    if (accountRateLimit === undefined) {
      return outcome.invalid('the account settings carry no throttle rate to compare with', { stage: stage.stageName });
    }
    const thresholdRateLimit = shareOfAccountRate(accountRateLimit, maxAccountSharePercent);
    const base = { stage: stage.stageName, accountRateLimit, accountBurstLimit, maxAccountSharePercent, thresholdRateLimit };
    const limits = (l: Limit | undefined): l is Limit => l !== undefined && l.rate <= thresholdRateLimit;
    const defaultLimit = entryLimit(stage, DEFAULT_KEY);
    const defaultRateLimit = defaultLimit ? defaultLimit.rate : null;

    const plans = view.usagePlansFor(target);
    const resources = api.api.resources;
    if (!resources.ok) {
      // Without the methods nothing can be totalled. A FAIL is still proven when nothing at all
      // limits: a loose default, no limiting override and no usage plan that could throttle.
      const anyOverrideLimits = methodOverrides(stage).some((o) => limits(entryLimit(stage, o.key)));
      const planMayThrottle = !plans.ok || plans.value.some((p) => p.throttle !== undefined || (p.apiStages ?? []).some((a) => a.throttle !== undefined));
      if (limits(defaultLimit) || anyOverrideLimits || planMayThrottle) return outcome.gap(resources.error, base);
      return outcome.fail('not-throttled', {
        ...base,
        defaultRateLimit,
        usagePlans: plans.ok ? plans.value.map(planName) : [],
        unthrottled: [`${DEFAULT_KEY} (${show(defaultLimit)})`],
      });
    }

    const methods = restMethods(resources.value);
    if (methods.length === 0) {
      // No methods: the stage default is all there is to judge.
      if (limits(defaultLimit)) {
        return outcome.pass('stage-throttled', {
          ...base,
          source: `stage default (${DEFAULT_KEY})`,
          methodCount: 0,
          rateLimit: defaultLimit.rate,
          burstLimit: defaultLimit.burst ?? null,
          aggregateRateLimit: defaultLimit.rate,
        });
      }
      return outcome.fail('not-throttled', { ...base, defaultRateLimit, usagePlans: plans.ok ? plans.value.map(planName) : [], unthrottled: [`${DEFAULT_KEY} (${show(defaultLimit)})`] });
    }

    // Without overrides every method resolves to the stage default: resolve it once.
    const overridden = hasMethodOverrides(stage);
    const owns = overridden ? methods.map((m) => methodLimit(stage, m)) : undefined;
    const ownAt = (i: number) => (owns === undefined ? defaultLimit : owns[i]);
    const needPlans = owns
      ? methods.some((m, i) => !limits(owns[i]) && m.method.apiKeyRequired === true)
      : !limits(defaultLimit) && anyKeyRequired(methods);
    if (needPlans && !plans.ok) return outcome.gap(plans.error, base);
    const stagePlans = plans.ok ? plans.value : [];
    const usagePlans = plans.ok ? stagePlans.map(planName) : 'not collected';

    const perKey = new Map<RestMethodRef, { limit: Limit; plan: UsagePlan }>();
    const plansOfStage = stagePlans.map((plan) => stagePlan(plan, target));
    for (const m of plansOfStage.length > 0 ? methods : []) {
      if (m.method.apiKeyRequired !== true) continue;
      const k = keyLimit(plansOfStage, m);
      if (k && limits(k.limit)) perKey.set(m, k);
    }
    if (!overridden && perKey.size === 0 && !limits(defaultLimit)) {
      // Every method at the loose default, none limited per key: the list is the API's, shared by its stages.
      return outcome.fail('not-throttled', { ...base, defaultRateLimit, usagePlans, unthrottled: labelsWith(methods, ` (${show(defaultLimit)})`) });
    }
    const unthrottled: string[] = [];
    const zeroLimits: string[] = [];
    // ` (10000)`, once per distinct limit: without overrides every method shares the default's.
    let shownLimit: Limit | undefined | null = null;
    let shown = '';
    methods.forEach((m, i) => {
      const own = ownAt(i);
      if (perKey.has(m)) return;
      if (!limits(own)) {
        if (own !== shownLimit) {
          shownLimit = own;
          shown = ` (${show(own)})`;
        }
        unthrottled.push(m.label + shown);
      }
      if (own?.zero) zeroLimits.push(m.label);
    });
    if (unthrottled.length > 0) return outcome.fail('not-throttled', { ...base, defaultRateLimit, usagePlans, unthrottled });

    const byStage = methods.map((m, i) => ({ m, own: ownAt(i) })).filter(({ m }) => !perKey.has(m));
    const aggregateRateLimit = byStage.reduce((sum, { own }) => sum + own!.rate, 0);
    const totals = { ...base, methodCount: methods.length, aggregateRateLimit, ...(zeroLimits.length ? { zeroLimits } : {}) };
    if (aggregateRateLimit > thresholdRateLimit) {
      return outcome.fail('aggregate-too-high', {
        ...totals,
        defaultRateLimit,
        highest: byStage
          .sort((a, b) => b.own!.rate - a.own!.rate)
          .slice(0, 5)
          .map(({ m, own }) => `${m.label} (${own!.rate})`),
      });
    }
    if (perKey.size > 0) {
      const loosest = [...perKey.values()].sort((a, b) => b.limit.rate - a.limit.rate)[0]!;
      return outcome.pass('usage-plan-throttled', {
        ...totals,
        source: 'usage plan',
        usagePlan: planName(loosest.plan),
        rateLimit: loosest.limit.rate,
        burstLimit: loosest.limit.burst ?? null,
        keyedMethods: [...perKey.keys()].map((m) => m.label),
        keyedCount: perKey.size,
        otherMethodCount: byStage.length,
      });
    }
    const fromDefault = byStage.every(({ m }) => effectiveSetting(stage, m.path, m.httpMethod, 'throttlingRateLimit').source === 'stage');
    if (fromDefault && defaultLimit) {
      return outcome.pass('stage-throttled', {
        ...totals,
        source: `stage default (${DEFAULT_KEY})`,
        rateLimit: defaultLimit.rate,
        burstLimit: defaultLimit.burst ?? null,
      });
    }
    return outcome.pass('methods-throttled', {
      ...totals,
      source: 'method overrides',
      rateLimit: Math.max(...byStage.map(({ own }) => own!.rate)),
      overrides: methodOverrides(stage).map((o) => describeSettingKey(o.key)),
    });
  },
});

import { defineCheck } from '../../src/engine/define.js';
import { DEFAULT_KEY, describeSettingKey, effectiveSetting, entrySetting, methodOverrides, restMethods, stageDefault } from '../../src/inventory/method-settings.js';
import type { RestStageEntity } from '../../src/inventory/view.js';

/** A configured rate; negative values (AWS uses -1 for "not set") are treated as unset. */
function rate(value: number | undefined): number | undefined {
  return value !== undefined && value >= 0 ? value : undefined;
}

export default defineCheck<RestStageEntity, 'stage-throttled' | 'methods-throttled' | 'usage-plan-throttled' | 'not-throttled'>({
  id: 'rest-stage-throttling',
  title: 'REST API stages throttle requests below the account-wide limit',
  severity: 'medium',
  resourceType: 'rest-stage',
  rationale:
    'Without a stage or usage-plan throttle, one API stage may take the whole account-level ' +
    'request quota (10,000 requests per second by default, shared by every API in the Region): ' +
    'a single abusive client can run up the integration bill, exhaust Lambda concurrency or a ' +
    'database behind it, and starve every other API in the account. AWS reports the account ' +
    'limit as the stage default (*/* 10000/5000), which is no throttle at all. A stage counts as ' +
    'throttled when every method has an effective rate limit (stage default or method override) ' +
    'below the account rate, or when a usage plan on the stage sets a lower rate; burst alone ' +
    'does not cap sustained traffic. Usage-plan throttles apply per API key, so they only bind ' +
    'methods that require a key.',
  remediation: {
    text:
      'Set a stage-wide rate and burst limit sized for the API (and tighter per-method limits ' +
      'where needed), or attach a usage plan with a throttle and require API keys.',
    cli: "aws apigateway update-stage --rest-api-id <api-id> --stage-name <stage> --patch-operations 'op=replace,path=/*/*/throttling/rateLimit,value=100' 'op=replace,path=/*/*/throttling/burstLimit,value=200'",
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html',
  },
  mappings: {
    owaspApi2023: ['API4'],
  },
  messages: {
    'stage-throttled': 'Stage {stage} throttles every method at or below {rateLimit} rps (default burst {burstLimit}), below the account limit of {accountRateLimit} rps.',
    'methods-throttled': 'Every method of stage {stage} has a rate limit below the account limit of {accountRateLimit} rps (highest {rateLimit} rps).',
    'usage-plan-throttled': 'Usage plan {usagePlan} throttles stage {stage} at {rateLimit} rps (burst {burstLimit}).',
    'not-throttled': 'Stage {stage} is not throttled below the account limit of {accountRateLimit} rps: {unthrottled}.',
  },
  select: (view) => view.restStages(),
  evaluate: (target, outcome, view) => {
    const { stage, api } = target;
    const account = view.accountSettings(api.region);
    if (!account.ok) return outcome.gap(account.error, { stage: stage.stageName });
    const accountRateLimit = account.value.throttleSettings?.rateLimit;
    const accountBurstLimit = account.value.throttleSettings?.burstLimit;
    if (accountRateLimit === undefined) {
      return outcome.invalid('the account settings carry no throttle rate to compare with', { stage: stage.stageName });
    }
    const base = { stage: stage.stageName, accountRateLimit, accountBurstLimit };
    const throttled = (r: number | undefined) => r !== undefined && r < accountRateLimit;

    // 1. The stage default, not loosened by any override.
    const defaultRate = rate(stageDefault(stage)?.throttlingRateLimit);
    const overrides = methodOverrides(stage);
    const overrideRates = overrides.map((o) => ({ o, r: rate(entrySetting(stage, o.key, 'throttlingRateLimit')) }));
    if (throttled(defaultRate) && overrideRates.every(({ r }) => throttled(r))) {
      return outcome.pass('stage-throttled', {
        ...base,
        source: `stage default (${DEFAULT_KEY})`,
        rateLimit: Math.max(defaultRate!, ...overrideRates.map(({ r }) => r!)),
        burstLimit: stageDefault(stage)?.throttlingBurstLimit,
      });
    }

    // 2. Every method throttled, through the default or its own override.
    const resources = api.api.resources;
    let unthrottled: string[];
    if (resources.ok) {
      const methods = restMethods(resources.value);
      if (methods.length === 0) {
        // No methods: the stage default is all there is to judge.
        if (throttled(defaultRate)) {
          return outcome.pass('stage-throttled', {
            ...base,
            source: `stage default (${DEFAULT_KEY})`,
            rateLimit: defaultRate,
            burstLimit: stageDefault(stage)?.throttlingBurstLimit,
          });
        }
        unthrottled = [`${DEFAULT_KEY} (${defaultRate ?? 'unset'})`];
      } else {
        const rates = methods.map((m) => ({ m, r: rate(effectiveSetting(stage, m.path, m.httpMethod, 'throttlingRateLimit').value) }));
        if (rates.every(({ r }) => throttled(r))) {
          return outcome.pass('methods-throttled', {
            ...base,
            source: 'method overrides',
            rateLimit: Math.max(...rates.map(({ r }) => r!)),
          });
        }
        unthrottled = rates.filter(({ r }) => !throttled(r)).map(({ m, r }) => `${m.label} (${r ?? 'unset'})`);
      }
    } else {
      // Methods unknown. If the default is loose but some override is tight, every method might
      // be overridden: that takes the resource list to decide.
      if (!throttled(defaultRate) && overrideRates.some(({ r }) => throttled(r))) {
        const plans = view.usagePlansFor(target);
        if (!plans.ok || !plans.value.some((p) => throttled(rate(p.throttle?.rateLimit)))) {
          return outcome.gap(resources.error, base);
        }
      }
      unthrottled = [
        ...(throttled(defaultRate) ? [] : [`${DEFAULT_KEY} (${defaultRate ?? 'unset'})`]),
        ...overrideRates.filter(({ r }) => !throttled(r)).map(({ o, r }) => `${describeSettingKey(o.key)} (${r ?? 'unset'})`),
      ];
    }

    // 3. A usage plan on this stage with a throttle.
    const plans = view.usagePlansFor(target);
    if (!plans.ok) return outcome.gap(plans.error, base);
    const plan = plans.value
      .map((p) => ({ p, r: rate(p.throttle?.rateLimit) }))
      .filter(({ r }) => throttled(r))
      .sort((a, b) => a.r! - b.r!)[0];
    if (plan) {
      return outcome.pass('usage-plan-throttled', {
        ...base,
        source: 'usage plan',
        usagePlan: plan.p.name ?? plan.p.id,
        rateLimit: plan.r,
        burstLimit: plan.p.throttle?.burstLimit,
      });
    }

    return outcome.fail('not-throttled', {
      ...base,
      defaultRateLimit: defaultRate ?? null,
      usagePlans: plans.value.map((p) => p.name ?? p.id),
      unthrottled,
    });
  },
});

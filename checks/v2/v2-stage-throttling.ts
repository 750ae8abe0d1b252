import { accountShareOptions, shareOfAccountRate } from '../../src/analysis/account-share.js';
import { defineCheck } from '../../src/engine/define.js';
import type { V2RouteSettings } from '../../src/inventory/schema.js';
import { effectiveRouteSetting, routeSettingsEntries, sortRouteKeys } from '../../src/analysis/v2.js';
import type { V2StageEntity } from '../../src/inventory/view.js';

type MessageId = 'stage-throttled' | 'routes-throttled' | 'partly-throttled' | 'not-throttled' | 'aggregate-too-high';

const options = accountShareOptions("a stage's route rate limits");

interface Limit {
  rate: number;
  burst?: number;
}

/**
 * A throttle as stored. AWS leaves the fields out when no throttle is set (the account limit
 * applies); negative values are read as unset. A rate or burst of 0 is a throttle: API Gateway
 * then answers every request with 429, a common accident with infrastructure tools that send 0
 * for "unset"; such entries count as throttled (at 0 rps) and are named in the evidence.
 */
function limit(rate: number | undefined, burst: number | undefined): Limit | undefined {
  const validBurst = burst !== undefined && burst >= 0 ? { burst } : {};
  if (rate === 0 || burst === 0) return { rate: 0, ...validBurst };
  if (rate === undefined || rate < 0) return undefined;
  return { rate, ...validBurst };
}

const settingsLimit = (s: V2RouteSettings | undefined) => limit(s?.ThrottlingRateLimit, s?.ThrottlingBurstLimit);

export default defineCheck<V2StageEntity, MessageId, typeof options>({
  id: 'v2-stage-throttling',
  title: 'HTTP and WebSocket API stages throttle requests well below the account-wide limit',
  severity: 'medium',
  resourceTypes: ['v2-stage'],
  reads: ['account-settings', 'v2-routes', 'v2-stages'],
  rationale:
    'Without a stage or route throttle, one HTTP or WebSocket API stage may take the whole ' +
    'account-level request quota (10,000 requests per second and a burst of 5,000 by default per ' +
    'Region, shared by REST, HTTP and WebSocket APIs; GetAccount reports the account\'s own): a ' +
    'single abusive client can run up the integration bill, exhaust Lambda concurrency or a ' +
    'database behind it, and starve every other API in the account. HTTP APIs have no usage ' +
    'plans, so stage and route throttles are the only limits API Gateway applies. The default ' +
    'route settings apply to each route ("Throttling requests to your HTTP API": route-level ' +
    'throttling), so a stage allows the sum of its routes\' rate limits; it counts as throttled ' +
    'when every route has a rate limit (default or its own) and those limits add up to at most ' +
    'maxAccountSharePercent (50% by default) of the account rate. A rate at or near the account ' +
    'limit is no throttle. A rate or burst of 0 makes API Gateway reject every request: it counts ' +
    'as throttled and is named in the evidence. Burst alone does not cap sustained traffic. AWS ' +
    'omits the fields when nothing is set.',
  remediation: {
    text:
      'Set a default rate and burst limit sized for the API in the stage\'s default route settings ' +
      'so that, across all routes, the stage stays well below the account limit (and tighter ' +
      'per-route limits where needed). Set both: infrastructure tools that send 0 for a missing ' +
      'value make API Gateway reject every request.',
    cli: 'aws apigatewayv2 update-stage --api-id <api-id> --stage-name <stage> --default-route-settings ThrottlingRateLimit=100,ThrottlingBurstLimit=200',
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html',
  },
  mappings: {
    owaspApi2023: ['API4'],
  },
  options,
  messages: {
    'stage-throttled':
      'Stage {stage} throttles every route: default rate {rateLimit} rps, burst {burstLimit}; {aggregateRateLimit} rps across its {routeCount} routes, within {thresholdRateLimit} rps ({maxAccountSharePercent}% of the account limit of {accountRateLimit} rps).',
    'routes-throttled':
      'Every route of stage {stage} has its own rate limit (highest {rateLimit} rps): {aggregateRateLimit} rps together, within {thresholdRateLimit} rps ({maxAccountSharePercent}% of the account limit of {accountRateLimit} rps).',
    'partly-throttled':
      'Stage {stage} leaves routes without a rate limit within {thresholdRateLimit} rps ({maxAccountSharePercent}% of the account limit) ({unthrottledCount}): {unthrottledRates}.',
    'not-throttled': 'Stage {stage} sets no rate limit, by default or on any route: the account-wide limit applies.',
    'aggregate-too-high':
      'Every route of stage {stage} has a rate limit, but together its {routeCount} routes allow {aggregateRateLimit} rps, more than {thresholdRateLimit} rps ({maxAccountSharePercent}% of the account limit of {accountRateLimit} rps).',
  },
  select: (view) => view.v2Stages(),
  evaluate: ({ stage, api }, outcome, view, { maxAccountSharePercent }) => {
    const base = { stage: stage.StageName, protocol: api.api.ProtocolType };
    const entries = routeSettingsEntries(stage);
    const overrideCount = entries.length - 1;
    const defaultLimit = settingsLimit(stage.DefaultRouteSettings);
    const defaultRateLimit = defaultLimit?.rate ?? null;
    // An override's field falls back to the default, so an entry's limit is resolved per field.
    const entryLimit = (routeKey: string | undefined) =>
      routeKey === undefined
        ? defaultLimit
        : limit(effectiveRouteSetting(stage, routeKey, 'ThrottlingRateLimit'), effectiveRouteSetting(stage, routeKey, 'ThrottlingBurstLimit'));
    const own = (routeKey: string | undefined) => (routeKey === undefined ? stage.DefaultRouteSettings : stage.RouteSettings?.[routeKey]);
    const zeroRate = entries.filter((e) => own(e.routeKey)?.ThrottlingRateLimit === 0).map((e) => e.label);
    const zeroBurst = entries.filter((e) => own(e.routeKey)?.ThrottlingBurstLimit === 0).map((e) => e.label);
    const zeros = { zeroRate, ...(zeroBurst.length ? { zeroBurst } : {}) };

    if (entries.every((e) => entryLimit(e.routeKey) === undefined)) {
      return outcome.fail('not-throttled', { ...base, defaultRateLimit: null, overrideCount });
    }

    const account = view.accountSettings(api.region);
    if (!account.ok) return outcome.gap(account.error, base);
    const accountRateLimit = account.value.throttleSettings?.rateLimit;
    if (accountRateLimit === undefined) return outcome.invalid('the account settings carry no throttle rate to compare with', base);
    const thresholdRateLimit = shareOfAccountRate(accountRateLimit, maxAccountSharePercent);
    const limits = (l: Limit | undefined): l is Limit => l !== undefined && l.rate <= thresholdRateLimit;
    const judged = { ...base, accountRateLimit, maxAccountSharePercent, thresholdRateLimit, defaultRateLimit };

    if (!api.api.routes.ok) return outcome.gap(api.api.routes.error, judged);
    const routeKeys = sortRouteKeys(new Set(api.api.routes.value.map((r) => r.RouteKey)));
    if (routeKeys.length === 0) {
      // No routes: the default alone decides; overrides name routes the API does not have.
      if (limits(defaultLimit)) {
        return outcome.pass('stage-throttled', {
          ...judged,
          ...zeros,
          rateLimit: defaultLimit.rate,
          burstLimit: defaultLimit.burst ?? null,
          highestRateLimit: defaultLimit.rate,
          routeCount: 0,
          aggregateRateLimit: defaultLimit.rate,
        });
      }
      return outcome.fail('not-throttled', { ...judged, overrideCount });
    }

    const routes = routeKeys.map((key) => ({ key, limit: entryLimit(key) }));
    const unthrottled = routes.filter((r) => !limits(r.limit));
    if (unthrottled.length > 0) {
      return outcome.fail('partly-throttled', {
        ...judged,
        unthrottledCount: unthrottled.length,
        unthrottled: unthrottled.map((r) => r.key),
        unthrottledRates: unthrottled.map((r) => `${r.key} (${r.limit ? `${r.limit.rate} rps` : 'unset'})`),
        throttled: routes.filter((r) => limits(r.limit)).map((r) => `${r.key} (${r.limit!.rate} rps)`),
      });
    }

    const aggregateRateLimit = routes.reduce((sum, r) => sum + r.limit!.rate, 0);
    const highestRateLimit = Math.max(...routes.map((r) => r.limit!.rate));
    const totals = { ...judged, ...zeros, routeCount: routes.length, aggregateRateLimit };
    if (aggregateRateLimit > thresholdRateLimit) {
      return outcome.fail('aggregate-too-high', { ...totals, highestRateLimit });
    }
    if (limits(defaultLimit)) {
      return outcome.pass('stage-throttled', {
        ...totals,
        rateLimit: defaultLimit.rate,
        burstLimit: defaultLimit.burst ?? null,
        highestRateLimit,
      });
    }
    return outcome.pass('routes-throttled', { ...totals, rateLimit: highestRateLimit });
  },
});

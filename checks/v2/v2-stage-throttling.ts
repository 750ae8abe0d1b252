import { defineCheck } from '../../src/engine/define.js';
import { DEFAULT_ROUTE_SETTINGS, sortRouteKeys } from '../../src/inventory/v2.js';
import type { V2StageEntity } from '../../src/inventory/view.js';

type MessageId = 'stage-throttled' | 'routes-throttled' | 'partly-throttled' | 'not-throttled';

/**
 * A configured rate limit. AWS leaves the field out when no throttle is set (the account limit
 * applies). 0 is a throttle: API Gateway then answers every request with 429, a common accident
 * with infrastructure tools that send 0 for "unset"; such entries are counted as throttled and
 * named in the evidence. Negative values are read as unset.
 */
function rate(value: number | undefined): number | undefined {
  return value !== undefined && value >= 0 ? value : undefined;
}

export default defineCheck<V2StageEntity, MessageId>({
  id: 'v2-stage-throttling',
  title: 'HTTP and WebSocket API stages throttle requests (default route settings or every route)',
  severity: 'medium',
  resourceType: 'v2-stage',
  rationale:
    'Without a stage or route throttle, one HTTP or WebSocket API stage may take the whole ' +
    'account-level request quota (10,000 requests per second by default, shared by every API in ' +
    'the Region): a single abusive client can run up the integration bill, exhaust Lambda ' +
    'concurrency or a database behind it, and starve every other API in the account. HTTP APIs ' +
    'have no usage plans, so stage and route throttles are the only limits API Gateway applies. ' +
    'A stage counts as throttled when its default route settings set a rate limit, or when every ' +
    'route has a rate limit of its own; burst alone does not cap sustained traffic. AWS omits ' +
    'the fields when nothing is set.',
  remediation: {
    text:
      'Set a default rate and burst limit sized for the API in the stage\'s default route settings ' +
      '(and tighter per-route limits where needed). Set both: infrastructure tools that send 0 ' +
      'for a missing value make API Gateway reject every request.',
    cli: 'aws apigatewayv2 update-stage --api-id <api-id> --stage-name <stage> --default-route-settings ThrottlingRateLimit=100,ThrottlingBurstLimit=200',
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html',
  },
  mappings: {
    owaspApi2023: ['API4'],
  },
  messages: {
    'stage-throttled': 'Stage {stage} throttles every route: default rate {rateLimit} rps, burst {burstLimit}.',
    'routes-throttled': 'Every route of stage {stage} has its own rate limit (highest {rateLimit} rps), though the stage default sets none.',
    'partly-throttled': 'Stage {stage} sets no default rate limit and these routes have none of their own ({unthrottledCount}): {unthrottled}.',
    'not-throttled': 'Stage {stage} sets no rate limit, by default or on any route: the account-wide limit applies.',
  },
  select: (view) => view.v2Stages(),
  evaluate: ({ stage, api }, outcome) => {
    const base = { stage: stage.StageName, protocol: api.api.ProtocolType };
    const overrides = stage.RouteSettings ?? {};
    const overrideRates = sortRouteKeys(Object.keys(overrides)).map((key) => ({ key, r: rate(overrides[key]!.ThrottlingRateLimit) }));
    const defaultRate = rate(stage.DefaultRouteSettings?.ThrottlingRateLimit);
    const zeroRate = [
      ...(defaultRate === 0 ? [DEFAULT_ROUTE_SETTINGS] : []),
      ...overrideRates.filter(({ r }) => r === 0).map(({ key }) => key),
    ];

    // 1. The stage default covers every route; an override can only replace it with its own limit.
    if (defaultRate !== undefined) {
      return outcome.pass('stage-throttled', {
        ...base,
        rateLimit: defaultRate,
        burstLimit: stage.DefaultRouteSettings?.ThrottlingBurstLimit ?? null,
        highestRateLimit: Math.max(defaultRate, ...overrideRates.flatMap(({ r }) => (r === undefined ? [] : [r]))),
        zeroRate,
      });
    }
    const throttledKeys = overrideRates.filter(({ r }) => r !== undefined);
    if (throttledKeys.length === 0) {
      return outcome.fail('not-throttled', { ...base, defaultRateLimit: null, overrideCount: overrideRates.length });
    }

    // 2. No default: every route needs its own limit, which takes the route list to decide.
    if (!api.api.routes.ok) return outcome.gap(api.api.routes.error, base);
    const routeKeys = sortRouteKeys(new Set(api.api.routes.value.map((r) => r.RouteKey)));
    if (routeKeys.length === 0) {
      // Overrides name routes the API does not have; nothing covers a route added later.
      return outcome.fail('not-throttled', { ...base, defaultRateLimit: null, overrideCount: overrideRates.length });
    }
    const limited = new Set(throttledKeys.map(({ key }) => key));
    const unthrottled = routeKeys.filter((key) => !limited.has(key));
    if (unthrottled.length === 0) {
      return outcome.pass('routes-throttled', {
        ...base,
        defaultRateLimit: null,
        rateLimit: Math.max(...routeKeys.map((key) => throttledKeys.find((t) => t.key === key)!.r!)),
        zeroRate,
      });
    }
    return outcome.fail('partly-throttled', {
      ...base,
      defaultRateLimit: null,
      unthrottledCount: unthrottled.length,
      unthrottled,
      throttled: throttledKeys.map(({ key, r }) => `${key} (${r} rps)`),
    });
  },
});

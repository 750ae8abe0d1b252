import { defineCheck } from '../../src/engine/define.js';
import { cacheClusterOn, methodCaches } from '../../src/analysis/cache.js';
import { deployedMethods, effectiveSetting, type RestMethodRef } from '../../src/analysis/method-settings.js';
import { describeUnjudged, judgedOnOf, servedParts, unjudgedOutcome, type Unjudged } from '../../src/analysis/stage-serves.js';
import type { Stage } from '../../src/inventory/schema.js';
import type { RestStageEntity } from '../../src/inventory/view.js';

type MessageId = 'authorized' | 'anyone-invalidates' | 'no-cache' | 'cluster-off';

/** `GET /pets (FAIL_WITH_403)`: how a method answers an unauthorised invalidation attempt. */
function withStrategy(stage: Stage, m: RestMethodRef): string {
  const strategy = effectiveSetting(stage, m.path, m.httpMethod, 'unauthorizedCacheControlHeaderStrategy').value;
  return `${m.label} (${strategy ?? 'strategy unset'})`;
}

export default defineCheck<RestStageEntity, MessageId>({
  id: 'rest-stage-cache-invalidation',
  title: 'REST API stage caches accept cache invalidation only from authorized callers',
  severity: 'medium',
  resourceTypes: ['rest-stage'],
  reads: ['rest-stages', 'rest-deployments'],
  rationale:
    'A client invalidates a cached entry by sending Cache-Control: max-age=0: API Gateway then ' +
    'calls the integration and replaces the entry. Only callers allowed execute-api:InvalidateCache ' +
    'may do so while the method setting requireAuthorizationForCacheControl is on; with it off, ' +
    'any client can invalidate, and "if most or all of the clients invalidate the API cache, this ' +
    'could significantly increase the latency of your API" (Developer Guide, "Invalidate an API ' +
    'Gateway cache entry"): every request reaches the backend, so the cache no longer shields it ' +
    'from load. The unauthorizedCacheControlHeaderStrategy decides only how an unauthorised ' +
    'attempt is answered while authorization is required: FAIL_WITH_403 rejects the request, ' +
    'SUCCEED_WITH_RESPONSE_HEADER and SUCCEED_WITHOUT_RESPONSE_HEADER serve it but ignore the ' +
    'Cache-Control header (with or without a warning header), so none of them lets the caller ' +
    'invalidate; the strategy is shown in the evidence, not judged. Settings are resolved per ' +
    'method (override, then the */* default); unset means the API Gateway default, authorization ' +
    'required (GetStage reports true in a default */* entry). Only what is cached counts: the ' +
    'stage\'s cache cluster must be on (without it nothing is cached: NOT_APPLICABLE, as for ' +
    'rest-stage-cache-encrypted), and the methods judged are those the stage\'s deployment (and ' +
    'its canary\'s) serves, each cached unless caching is off or its TTL is 0 (GET methods cache ' +
    'by default). A deployment that could not be read is an ERROR, never a pass.',
  remediation: {
    text:
      'Require authorization for cache invalidation on the stage default and every override that ' +
      'turns it off, answer unauthorised attempts with 403, and grant execute-api:InvalidateCache ' +
      'only to the callers that need it.',
    cli: "aws apigateway update-stage --rest-api-id <api-id> --stage-name <stage> --patch-operations 'op=replace,path=/*/*/caching/requireAuthorizationForCacheControl,value=true' 'op=replace,path=/*/*/caching/unauthorizedCacheControlHeaderStrategy,value=FAIL_WITH_403'",
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html#invalidate-method-caching',
  },
  mappings: {
    owaspApi2023: ['API4'],
  },
  messages: {
    authorized: 'Every cached method of stage {stage} requires authorization to invalidate its cache ({cachedCount} checked).',
    'anyone-invalidates':
      'Any client can invalidate the cache of stage {stage} with Cache-Control: max-age=0 on {openCount} cached method(s): {open}.',
    'no-cache': 'Stage {stage} caches none of the methods it serves.',
    'cluster-off': 'Stage {stage} has no cache cluster, so nothing is cached and nothing can be invalidated.',
  },
  select: (view) => view.restStages(),
  evaluate: ({ stage, api: { api } }, outcome) => {
    if (!cacheClusterOn(stage)) return outcome.notApplicable('cluster-off', { stage: stage.stageName, cacheClusterEnabled: false });
    const parts = servedParts(api, stage);
    const unjudged: Unjudged[] = [];
    const served = new Map<string, RestMethodRef>();
    for (const part of parts) {
      // Both the export and the API summary name every method the deployment serves.
      if (!part.deployment.ok) {
        const { error } = part.deployment;
        unjudged.push({ judgedOn: part.judgedOn, reason: `${error.operation} failed (${error.code}): ${error.message}`, error });
        continue;
      }
      for (const m of deployedMethods(part.deployment.value, api)) served.set(m.label, m);
    }
    const cached = [...served.values()].filter((m) => methodCaches(stage, m.path, m.httpMethod));
    const open = cached.filter((m) => effectiveSetting(stage, m.path, m.httpMethod, 'requireAuthorizationForCacheControl').value === false);
    const evidence = {
      stage: stage.stageName,
      cacheClusterEnabled: true,
      judgedOn: judgedOnOf(parts),
      cachedCount: cached.length,
      unjudged: describeUnjudged(unjudged),
    };
    if (open.length > 0) {
      return outcome.fail('anyone-invalidates', { ...evidence, openCount: open.length, open: open.map((m) => m.label) });
    }
    if (unjudged.length > 0) return unjudgedOutcome(outcome, unjudged, evidence);
    if (cached.length === 0) return outcome.notApplicable('no-cache', evidence);
    return outcome.pass('authorized', { ...evidence, cached: cached.map((m) => withStrategy(stage, m)) });
  },
});
